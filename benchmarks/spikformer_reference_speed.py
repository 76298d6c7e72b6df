"""Images per second of the reference Spikformer (github.com/ZK-Zhou/spikformer, cifar10/model.py) on
the GPU, to compare with `snn classify --backend cuda` on the same weights and images in the same run
(docs/benchmarks.md):

    python3 benchmarks/spikformer_reference_speed.py --spikformer PATH/TO/spikformer \
        --spikingjelly PATH/TO/SpikeGPT/src --out DIR --blocks 8 --width 384

Writes DIR/spikformer_<blocks>_<width>.weights.safetensors (random weights and batch-norm statistics
drawn as in tests/reference/spikformer_reference.py, the reference's names) and
DIR/spikformer_<blocks>_<width>.data.safetensors (random images and the reference's logits for them),
then times the reference's forward pass in eval mode (float32: TF32 off; SpikingJelly's CuPy LIF
kernels) after one untimed pass.
"""
import argparse
import math
import os
import sys
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--spikformer", required=True)
parser.add_argument("--spikingjelly", required=True)
parser.add_argument("--out", required=True)
parser.add_argument("--blocks", type=int, default=8)
parser.add_argument("--width", type=int, default=384)
parser.add_argument("--heads", type=int, default=12)
parser.add_argument("--size", type=int, default=32)
parser.add_argument("--patch", type=int, default=4)
parser.add_argument("--time-steps", type=int, default=4)
parser.add_argument("--images", type=int, default=256)
parser.add_argument("--batch", type=int, default=64)
parser.add_argument("--repeat", type=int, default=3)
parser.add_argument("--seed", type=int, default=11)
parser.add_argument("--bn-bias", type=float, default=0.8,
                    help="mean of the batch norms' biases: lower gives sparser spikes (0.8: rates of 0.3-0.9)")
args = parser.parse_args()
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
sys.path.insert(0, os.path.abspath(args.spikingjelly))
sys.path.insert(0, os.path.join(os.path.abspath(args.spikformer), "cifar10"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "reference"))

from model import Spikformer  # noqa: E402
from random_spikformer import randomize  # noqa: E402
from safetensors.torch import save_file  # noqa: E402
from spikingjelly.clock_driven import functional  # noqa: E402

torch.manual_seed(args.seed)
model = Spikformer(img_size_h=args.size, img_size_w=args.size, patch_size=args.patch, in_channels=3, num_classes=10,
                   embed_dims=args.width, num_heads=args.heads, mlp_ratios=4, depths=args.blocks,
                   T=args.time_steps).cuda().eval()
randomize(model, args.bn_bias)

images = torch.randn(args.images, 3, args.size, args.size, device="cuda")


def classify_all():
    out = []
    for first in range(0, args.images, args.batch):
        functional.reset_net(model)
        out.append(model(images[first:first + args.batch]))
    return torch.cat(out)


with torch.no_grad():
    logits = classify_all()
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(args.repeat):
        logits = classify_all()
    torch.cuda.synchronize()
    seconds = time.perf_counter() - start

name = f"spikformer_{args.blocks}_{args.width}" + ("" if args.bn_bias == 0.8 else f"_bias{args.bn_bias:g}")
out = os.path.abspath(args.out)
save_file({k: v.detach().contiguous().cpu() for k, v in model.state_dict().items()},
          os.path.join(out, name + ".weights.safetensors"))
save_file({"images": images.cpu().contiguous(), "logits": logits.cpu().contiguous()},
          os.path.join(out, name + ".data.safetensors"))
print(f"reference {name}: {args.images * args.repeat / seconds:.1f} images/s "
      f"({seconds * 1e3 / (args.repeat * math.ceil(args.images / args.batch)):.2f} ms a batch of {args.batch})")
