"""The gradients of our training layers' equations (docs/training.md) computed by PyTorch autograd in
float64, for tests/training_autograd_test.cpp to compare with our backward passes. Run where PyTorch
is (the GPU machine):

    python3 tests/reference/training_autograd_reference.py tests/fixtures/training/autograd.safetensors

Two networks, each on 4 samples of an 8x8 image held for 6 steps (direct input):
  conv: Conv2d(1, 4, 3, padding 1), LIF (beta 0.9, threshold 1, hard reset, fast sigmoid 25, reset
        detached), AvgPool2d(2), Linear(64, 10), LIF (same): the spike-count cross-entropy;
  recurrent: Linear(64, 16), recurrent LIF (all to all with bias, soft reset, arctan 2, reset
        detached, beta 0.8), Linear(16, 5), LI (beta 0.7): the cross-entropy of the mean potential.
The file (F32; parameters and input rounded to float32 first, so they are exact there) holds the
input, the labels, every parameter ("<net>.p<k>", in the order our layers list
them) and its gradient ("<net>.g<k>"), and each loss ("<net>.loss").
"""
import json
import math
import struct
import sys

import torch

torch.manual_seed(3)
torch.set_default_dtype(torch.float64)
T, B = 6, 4


class Spike(torch.autograd.Function):
    """H(x) forward; the surrogate's derivative backward."""

    @staticmethod
    def forward(ctx, x, kind, scale):
        ctx.save_for_backward(x)
        ctx.kind, ctx.scale = kind, scale
        return (x > 0).to(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        if ctx.kind == "fast_sigmoid":
            d = 1.0 / (ctx.scale * x.abs() + 1.0) ** 2
        else:
            d = (ctx.scale / 2) / (1 + (math.pi / 2 * ctx.scale * x) ** 2)
        return grad * d, None, None


def lif(inputs, beta, threshold, hard, kind, scale, recurrent=None):
    """snnTorch's Leaky (reset_delay off) with the reset detached; `recurrent`: a Linear of the
    step before's spikes (RLeaky, all to all)."""
    m = torch.zeros_like(inputs[0])
    s = torch.zeros_like(inputs[0])
    out = []
    for x in inputs:
        u = beta * m + x + (recurrent(s) if recurrent is not None else 0)
        s = Spike.apply(u - threshold, kind, scale)
        r = s.detach()
        m = u * (1 - r) if hard else u - threshold * r
        out.append(s)
    return torch.stack(out)


def cross_entropy(logits, labels):
    return torch.nn.functional.cross_entropy(logits, labels)


def as_float32(*modules_or_tensors):
    """Values exactly representable in float32 (the fixture stores F32; our test reads them exactly)."""
    with torch.no_grad():
        for m in modules_or_tensors:
            for p in (m.parameters() if isinstance(m, torch.nn.Module) else [m]):
                p.copy_(p.float().double())


def save_safetensors(path, tensors):
    """The safetensors layout (a JSON header of dtypes, shapes and byte ranges, then the data), F32."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        data = tensors[name].detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


image = torch.rand(B, 1, 8, 8) * 1.5
as_float32(image)
labels = torch.randint(0, 10, (B,))
tensors = {"input": image, "labels_conv": labels.to(torch.float64)}

conv = torch.nn.Conv2d(1, 4, 3, padding=1)
linear = torch.nn.Linear(64, 10)
with torch.no_grad():
    conv.weight.mul_(3.0)  # strong enough that spikes flow through both layers
    linear.weight.mul_(4.0)
as_float32(conv, linear)
x = conv(image).unsqueeze(0).expand(T, -1, -1, -1, -1)  # the same image at every step
s1 = lif(x, 0.9, 1.0, True, "fast_sigmoid", 25.0)
pooled = torch.nn.functional.avg_pool2d(s1.reshape(T * B, 4, 8, 8), 2).reshape(T, B, 64)
s2 = lif(linear(pooled), 0.9, 1.0, True, "fast_sigmoid", 25.0)
loss = cross_entropy(s2.sum(0), labels)
loss.backward()
for k, p in enumerate([conv.weight, conv.bias, linear.weight, linear.bias]):
    tensors[f"conv.p{k}"], tensors[f"conv.g{k}"] = p.detach().clone(), p.grad.clone()
tensors["conv.loss"] = loss.detach().reshape(1)
tensors["conv.spikes"] = torch.tensor([float(s1.sum()), float(s2.sum())])

labels5 = torch.randint(0, 5, (B,))
tensors["labels_recurrent"] = labels5.to(torch.float64)
first, recurrent, second = torch.nn.Linear(64, 16), torch.nn.Linear(16, 16), torch.nn.Linear(16, 5)
with torch.no_grad():
    first.weight.mul_(6.0)
as_float32(first, recurrent, second)
flat = image.reshape(B, 64).unsqueeze(0).expand(T, -1, -1)
s = lif(first(flat), 0.8, 1.0, False, "arctan", 2.0, recurrent)
drive = second(s)
u = torch.zeros(B, 5)
potentials = []
for t in range(T):
    u = 0.7 * u + drive[t]
    potentials.append(u)
loss = cross_entropy(torch.stack(potentials).mean(0), labels5)
loss.backward()
for k, p in enumerate([first.weight, first.bias, recurrent.weight, recurrent.bias, second.weight, second.bias]):
    tensors[f"recurrent.p{k}"], tensors[f"recurrent.g{k}"] = p.detach().clone(), p.grad.clone()
tensors["recurrent.loss"] = loss.detach().reshape(1)
tensors["recurrent.spikes"] = torch.tensor([float(s.sum())])
save_safetensors(sys.argv[1], tensors)
print("spikes", tensors["conv.spikes"].tolist(), tensors["recurrent.spikes"].tolist(), "losses",
      float(tensors["conv.loss"]), float(tensors["recurrent.loss"]))
