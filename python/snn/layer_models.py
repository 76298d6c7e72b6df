"""Spiking layer models from Python: a Spikformer classifies numpy images (``snn classify``), a
SpikeGPT generates tokens (``snn generate``); tensors from safetensors files."""
import os

import numpy as np

from . import _snn


def read_safetensors(path):
    """Every tensor of a safetensors file, by name, as float32 numpy arrays of their shapes."""
    return _snn.read_safetensors(os.fspath(path))


class Spikformer:
    """A Spikformer (Zhou et al. 2023) with the weights of the reference's ``cifar10/model.py`` names,
    batch norms folded into the layers before them, from a safetensors file.

    ``image_size``: (height, width) of the images it will classify; ``patch_size``, ``heads`` and
    ``time_steps`` as the model was trained (the reference's CIFAR-10 model: 4, 12, 4)."""

    def __init__(self, path, image_size=(32, 32), patch_size=4, heads=12, time_steps=4):
        self._core = _snn.Spikformer(os.fspath(path), int(image_size[0]), int(image_size[1]), int(patch_size),
                                     int(heads), int(time_steps))

    def classify(self, images, backend="auto", batch=64):
        """Class scores [n, classes] (float32) for images [n, channels, height, width]; the predicted
        classes are ``scores.argmax(1)``. ``backend``: "cpu", "cuda" or "auto". Afterwards
        :attr:`rates` holds each LIF layer's firing rate over these images."""
        return self._core.classify(np.asarray(images, dtype=np.float32), backend, int(batch))

    @property
    def rates(self):
        """Per LIF layer (the reference's module names, "patch_embed.proj_lif", "block.0.attn.q_lif",
        ...): the fraction of its outputs that spiked in the last :meth:`classify`."""
        return dict(self._core.rates)

    @property
    def classes(self):
        """How many classes it tells apart."""
        return self._core.classes

    def __repr__(self):
        return f"<snn.Spikformer: {self._core.blocks} blocks, width {self._core.width}, {self.classes} classes>"


class Vocabulary:
    """A character vocabulary of SpikeGPT's character-level models: the JSON object from token id to
    character its training writes (UTF-16 with a byte-order mark, or UTF-8)."""

    def __init__(self, path):
        self._core = _snn.CharVocabulary(os.fspath(path))

    def encode(self, text):
        """Token ids of ``text``, one per character; ValueError naming a character it lacks."""
        return self._core.encode(text)

    def decode(self, ids):
        """The text of token ids."""
        return self._core.decode([int(i) for i in ids])

    def __len__(self):
        return len(self._core)


class SpikeGPT:
    """A SpikeGPT language model (Zhu et al. 2023; weights under the names of its ``src/model.py``) on
    one backend ("cpu", "cuda", "auto"). Tokens fed continue the text fed before, as in ``snn generate``."""

    def __init__(self, path, backend="auto"):
        self._core = _snn.SpikeGpt(os.fspath(path), backend)

    def feed(self, tokens):
        """The logits (float32, one per token of the vocabulary) after the last of ``tokens``."""
        return self._core.feed([int(t) for t in tokens])

    def generate(self, prompt, count, greedy=False, temperature=1.0, top_p=0.85, seed=0):
        """``count`` token ids after the ``prompt`` ids: the most likely each time (``greedy``), or drawn
        by nucleus sampling at ``temperature`` as SpikeGPT's own script does, from ``seed``."""
        return self._core.generate([int(t) for t in prompt], int(count), bool(greedy), float(temperature),
                                   float(top_p), int(seed))

    @property
    def vocabulary(self):
        """How many tokens its vocabulary has."""
        return self._core.vocabulary
