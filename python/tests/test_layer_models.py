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
