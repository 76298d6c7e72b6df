"""A Spikformer from Python gives the reference implementation's classes and `snn classify`'s scores."""
import numpy as np
import pytest

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


def test_sampled_text_through_a_vocabulary_is_snn_generate(source_dir, snn_binary, tmp_path):
    import json
    import subprocess

    # The fixture model's 77 tokens as characters: "\n", then " " onwards (as the CLI test writes them),
    # saved as the reference's training saves them: UTF-16 with a byte-order mark.
    table = {"0": "\n", **{str(c): chr(ord(" ") + c - 1) for c in range(1, 77)}}
    vocabulary_path = tmp_path / "vocab.json"
    vocabulary_path.write_bytes(json.dumps(table).encode("utf-16"))
    vocabulary = snn.Vocabulary(vocabulary_path)
    assert len(vocabulary) == 77
    assert vocabulary.decode(vocabulary.encode("a b")) == "a b"
    with pytest.raises(ValueError, match="is not in the model's vocabulary"):
        vocabulary.encode("a~")
    model_path = source_dir / "tests" / "fixtures" / "spikegpt_small.weights.safetensors"
    cli = subprocess.run([snn_binary, "generate", str(model_path), "--vocab", str(vocabulary_path), "--prompt", "a b",
                          "-n", "40", "--seed", "4", "--backend", "cpu"], capture_output=True, text=True, check=True)
    ids = snn.SpikeGPT(model_path, backend="cpu").generate(vocabulary.encode("a b"), 40, seed=4)
    assert cli.stdout.startswith("a b" + vocabulary.decode(ids)), (cli.stdout, vocabulary.decode(ids))
