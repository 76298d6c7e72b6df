"""Equivalence fixtures for our Spikformer (models/spikformer.*), made with the reference
implementation (github.com/ZK-Zhou/spikformer, cifar10/model.py) on a CUDA GPU with PyTorch, timm and
CuPy. Its SpikingJelly import is served by the copy SpikeGPT vendors (src/spikingjelly), which has the
same MultiStepLIFNode:

    python3 tests/reference/spikformer_reference.py --spikformer PATH/TO/spikformer \
        --spikingjelly PATH/TO/SpikeGPT/src --out tests/fixtures

Writes spikformer_small.weights.safetensors (the state_dict, the reference's names) and
spikformer_small.io.safetensors: the images [B, 3, 16, 16], the logits [B, 10], and for every LIF
layer its spikes (as the reference lays them out: [T, B, C, H, W] in the stem, [T, B, N, C] in the
blocks) and its input (name + ".input").

A small model (width 32, 4 heads, 2 blocks, T = 4, patch 4), eval mode, random weights and batch-norm
statistics drawn so that every LIF layer fires at a moderate rate. TF32 is off for matrix products
and convolutions.
"""
import argparse
import os
import sys

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--spikformer", required=True)
parser.add_argument("--spikingjelly", required=True, help="a directory holding the spikingjelly package")
parser.add_argument("--out", required=True)
parser.add_argument("--seed", type=int, default=2023)
args = parser.parse_args()
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
sys.path.insert(0, os.path.abspath(args.spikingjelly))
sys.path.insert(0, os.path.join(os.path.abspath(args.spikformer), "cifar10"))

from model import Spikformer  # noqa: E402
from random_spikformer import randomize  # noqa: E402
from safetensors.torch import save_file  # noqa: E402
from spikingjelly.clock_driven import functional  # noqa: E402
from spikingjelly.clock_driven.neuron import MultiStepLIFNode  # noqa: E402

torch.manual_seed(args.seed)
B, T, SIZE = 2, 4, 16
model = Spikformer(img_size_h=SIZE, img_size_w=SIZE, patch_size=4, in_channels=3, num_classes=10, embed_dims=32,
                   num_heads=4, mlp_ratios=4, depths=2, T=T).cuda().eval()
randomize(model)

captured = {}


def capture(name):
    def hook(module, inputs, output):
        captured[name] = output.detach().clone()
        captured[name + ".input"] = inputs[0].detach().clone()
    return hook


for name, m in model.named_modules():
    if isinstance(m, MultiStepLIFNode):
        m.register_forward_hook(capture(name))

images = torch.randn(B, 3, SIZE, SIZE, device="cuda")
with torch.no_grad():
    functional.reset_net(model)
    logits = model(images)

out = os.path.abspath(args.out)
state = {k: v.detach().contiguous().cpu() for k, v in model.state_dict().items()}
save_file(state, os.path.join(out, "spikformer_small.weights.safetensors"))
io = {"images": images.cpu(), "logits": logits.cpu()}
io.update({k: v.cpu().contiguous() for k, v in captured.items()})
save_file(io, os.path.join(out, "spikformer_small.io.safetensors"), metadata={"torch": torch.__version__})
for name in captured:
    if not name.endswith(".input"):
        print(f"{name}: spike rate {float(captured[name].mean()):.3f}")
print("logits", logits.cpu().numpy())
