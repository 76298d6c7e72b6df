"""The Fashion-MNIST convolutional SNN of examples/training/fashion_conv.yaml trained in snnTorch and
in SpikingJelly, for docs/benchmarks.md's comparison with `snn train --backend cuda`: the same layers,
neurons (u = beta m + x, beta 0.9, threshold 1, hard reset to zero, reset detached), arctan surrogate
(alpha 2), spike-count cross-entropy, Adam (lr 1e-3, cosine over the epochs, per epoch), batch 128,
8 steps of direct input. Run where PyTorch and a GPU are, with the frameworks' sources on PYTHONPATH:

    python3 tests/reference/training_speed_reference.py DATA_DIR --framework snntorch|spikingjelly \
        [--backend torch|cupy|triton] [--epochs 3] [--tf32]

Prints one line per epoch: the training's samples per second (the epoch's batches, the GPU synchronised
at its end; the test set apart) and the test accuracy. The images sit on the GPU from the start, so
the frameworks pay no data loading. Float32 products unless --tf32 (PyTorch's default for cuDNN
convolutions).
"""
import argparse
import gzip
import math
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

STEPS, BATCH, BETA = 8, 128, 0.9


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(directory, device):
    def images(name):
        return torch.tensor(read_idx(f"{directory}/{name}-images-idx3-ubyte.gz"), dtype=torch.float32, device=device).unsqueeze(1) / 255

    def labels(name):
        return torch.tensor(read_idx(f"{directory}/{name}-labels-idx1-ubyte.gz").astype(np.int64), device=device)

    return images("train"), labels("train"), images("t10k"), labels("t10k")


def snntorch_net(channels, pool):
    import snntorch as snn
    from snntorch import surrogate

    def leaky():
        return snn.Leaky(beta=BETA, threshold=1.0, spike_grad=surrogate.atan(alpha=2.0), reset_mechanism="zero", reset_delay=False)

    class Net(nn.Module):
        """snnTorch's tutorial form: every layer applied step by step."""

        def __init__(self):
            super().__init__()
            c1, c2 = channels
            self.conv1, self.lif1 = nn.Conv2d(1, c1, 3, padding=1), leaky()
            self.conv2, self.lif2 = nn.Conv2d(c1, c2, 3, padding=1), leaky()
            self.fc1, self.lif3 = nn.Linear(c2 * 49, 128), leaky()
            self.fc2, self.lif4 = nn.Linear(128, 10), leaky()
            self.pool = pool

        def forward(self, x):
            m1, m2, m3, m4 = (lif.init_leaky() for lif in (self.lif1, self.lif2, self.lif3, self.lif4))
            out = []
            for _ in range(STEPS):
                s1, m1 = self.lif1(self.conv1(x), m1)
                s2, m2 = self.lif2(self.conv2(self.pool(s1)), m2)
                s3, m3 = self.lif3(self.fc1(self.pool(s2).flatten(1)), m3)
                s4, m4 = self.lif4(self.fc2(s3), m4)
                out.append(s4)
            return torch.stack(out)

    return Net(), lambda net: None


def spikingjelly_net(channels, pool_kind, backend):
    from spikingjelly.activation_based import functional, layer, neuron, surrogate

    def lif():
        return neuron.LIFNode(tau=1 / (1 - BETA), decay_input=False, v_threshold=1.0, v_reset=0.0, surrogate_function=surrogate.ATan(alpha=2.0),
                              detach_reset=True, step_mode="m", backend=backend)

    def pool():
        return layer.MaxPool2d(2) if pool_kind == "max" else layer.AvgPool2d(2)

    c1, c2 = channels
    net = nn.Sequential(layer.Conv2d(1, c1, 3, padding=1), lif(), pool(), layer.Conv2d(c1, c2, 3, padding=1), lif(), pool(), layer.Flatten(),
                        layer.Linear(c2 * 49, 128), lif(), layer.Linear(128, 10), lif())
    functional.set_step_mode(net, "m")

    class Multi(nn.Module):
        def __init__(self):
            super().__init__()
            self.net = net

        def forward(self, x):
            return self.net(x.unsqueeze(0).repeat(STEPS, 1, 1, 1, 1))

    return Multi(), functional.reset_net


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--framework", choices=["snntorch", "spikingjelly"], required=True)
    parser.add_argument("--backend", default="torch")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--channels", default="16,32")
    parser.add_argument("--pool", choices=["average", "max"], default="average")
    parser.add_argument("--tf32", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    torch.backends.cudnn.allow_tf32 = args.tf32
    torch.backends.cuda.matmul.allow_tf32 = args.tf32
    torch.manual_seed(args.seed)
    device = "cuda"
    channels = tuple(int(c) for c in args.channels.split(","))
    if args.framework == "snntorch":
        net, reset = snntorch_net(channels, nn.MaxPool2d(2) if args.pool == "max" else nn.AvgPool2d(2))
    else:
        net, reset = spikingjelly_net(channels, args.pool, args.backend)
    net = net.to(device)
    train_x, train_y, test_x, test_y = load(args.data, device)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    order = torch.Generator(device=device).manual_seed(args.seed)
    for epoch in range(args.epochs):
        for group in optimizer.param_groups:
            group["lr"] = 1e-3 * 0.5 * (1 + math.cos(math.pi * epoch / args.epochs))
        net.train()
        torch.cuda.synchronize()
        start = time.perf_counter()
        permutation = torch.randperm(len(train_x), device=device, generator=order)
        for first in range(0, len(train_x), BATCH):
            chosen = permutation[first:first + BATCH]
            spikes = net(train_x[chosen])
            loss = F.cross_entropy(spikes.sum(0), train_y[chosen])  # snnTorch's ce_count_loss
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            reset(net)
        torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        net.eval()
        correct = 0
        with torch.no_grad():
            for first in range(0, len(test_x), 1000):
                correct += int((net(test_x[first:first + 1000]).sum(0).argmax(1) == test_y[first:first + 1000]).sum())
                reset(net)
        print(f"{args.framework} ({args.backend}{', tf32' if args.tf32 else ''}) epoch {epoch + 1}/{args.epochs}: "
              f"{len(train_x) / seconds:.0f} samples/s ({seconds:.2f} s), test {100 * correct / len(test_x):.2f}%", flush=True)


if __name__ == "__main__":
    main()
