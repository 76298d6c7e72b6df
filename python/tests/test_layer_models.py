"""A Spikformer from Python gives the reference implementation's classes and `snn classify`'s scores."""
import numpy as np

import snn


def test_the_fixture_is_classified_as_by_the_reference(source_dir):
    fixtures = source_dir / "tests" / "fixtures"
    data = snn.read_safetensors(fixtures / "spikformer_small.io.safetensors")
    images, reference = data["images"], data["logits"]
    model = snn.Spikformer(fixtures / "spikformer_small.weights.safetensors", image_size=images.shape[2:], heads=4)
    scores = model.classify(images, backend="cpu", batch=1)
    assert scores.shape == reference.shape
    np.testing.assert_array_equal(scores.argmax(1), reference.argmax(1))
    np.testing.assert_allclose(scores, reference, atol=1e-4)
    rates = model.rates
    assert "patch_embed.proj_lif" in rates and all(0.0 <= r <= 1.0 for r in rates.values())
    assert any(r > 0 for r in rates.values()), "no layer fired: the comparison shows little"


def test_greedy_generation_is_snn_generate(source_dir, snn_binary):
    import subprocess

    model_path = source_dir / "tests" / "fixtures" / "spikegpt_small.weights.safetensors"
    cli = subprocess.run([snn_binary, "generate", str(model_path), "--prompt-ids", "5,6,7", "-n", "12", "--greedy",
                          "--ids", "--no-echo", "--backend", "cpu"], capture_output=True, text=True, check=True)
    expected = [int(t) for t in cli.stdout.split()]
    model = snn.SpikeGPT(model_path, backend="cpu")
    assert model.generate([5, 6, 7], 12, greedy=True) == expected
    # Token by token, the logits' argmax is the same sequence.
    again = snn.SpikeGPT(model_path, backend="cpu")
    logits, tokens = again.feed([5, 6, 7]), []
    for _ in range(12):
        tokens.append(int(np.argmax(logits)))
        logits = again.feed([tokens[-1]])
    assert tokens == expected
