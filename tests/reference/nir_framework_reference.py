"""A NIR graph run by a framework's own NIR import (snnTorch's `import_from_nir` or Norse's
`from_nir`, both through NIRTorch), step by step on given input: the reference for our NIR runs
(docs/nir.md), on the GPU machine where PyTorch is installed. The packages are pure Python: put the
source trees of nir, nirtorch, snntorch and norse on PYTHONPATH.

    python3 tests/reference/nir_framework_reference.py GRAPH.nir INPUT.npy OUTPUT.npy \
        --framework snntorch|norse [--dt 1e-4] [--device cuda|cpu] [--repeat N]

INPUT is [steps, batch, *input shape] (float32). OUTPUT gets the graph's output at every step,
[steps, batch, *output shape]. With --repeat the run is timed N times after one warm-up (the first
run's outputs are written) and the mean wall time per run is printed, for docs/benchmarks.md.
TF32 is off, and the framework's warnings about parameters it ignores are shown.
"""
import argparse
import time

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument("graph")
parser.add_argument("input")
parser.add_argument("output")
parser.add_argument("--framework", choices=["snntorch", "norse"], required=True)
parser.add_argument("--dt", type=float, default=1e-4)
parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
parser.add_argument("--repeat", type=int, default=0)
args = parser.parse_args()
torch.backends.cuda.matmul.allow_tf32 = False
torch.set_default_device(args.device)  # state the frameworks create on the fly lands on the run's device
torch.backends.cudnn.allow_tf32 = False

import nir  # noqa: E402

graph = nir.read(args.graph)
if args.framework == "norse":
    # Norse's Flatten counts dimensions with the batch, NIR's without: shift them by one.
    for node in graph.nodes.values():
        if isinstance(node, nir.Flatten) and node.start_dim >= 0:
            node.start_dim += 1
            if node.end_dim >= 0:
                node.end_dim += 1


def load():
    if args.framework == "snntorch":
        from snntorch.import_nir import import_from_nir
        return import_from_nir(graph)
    import norse.torch
    return norse.torch.from_nir(graph, dt=args.dt)


def to_device(module):
    """The module on args.device, with the tensors Norse keeps as plain attributes and in parameter
    tuples (not registered with the module, so .to() leaves them) moved too."""
    module = module.to(args.device)
    for m in module.modules():
        for name, value in list(vars(m).items()):
            if torch.is_tensor(value):
                setattr(m, name, value.to(args.device))
            elif isinstance(value, tuple) and hasattr(value, "_fields"):
                setattr(m, name, type(value)(*[v.to(args.device) if torch.is_tensor(v) else v for v in value]))
    return module


def run(data):
    module = to_device(load())
    state = None
    outputs = []
    with torch.no_grad():
        for step in data:
            result = module(step, state)
            output, state = result if isinstance(result, tuple) else (result, state)
            outputs.append(output)
        if args.device == "cuda":
            torch.cuda.synchronize()
    return torch.stack(outputs)


data = torch.from_numpy(np.load(args.input).astype(np.float32)).to(args.device)
outputs = run(data)
np.save(args.output, outputs.cpu().numpy())
print(f"{args.framework} on {args.device}: {tuple(data.shape)} -> {tuple(outputs.shape)}, {int((outputs != 0).sum())} non-zero outputs")
if args.repeat > 0:
    start = time.perf_counter()
    for _ in range(args.repeat):
        run(data)
    print(f"{args.framework} on {args.device}: {(time.perf_counter() - start) / args.repeat:.4f} s per run of {data.shape[0]} steps, batch {data.shape[1]}")
