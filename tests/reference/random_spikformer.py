"""Random weights for a reference Spikformer, drawn so that its LIF layers fire: weights N(0, 1/fan_in),
biases N(0, 0.1), batch-norm scales U(1.5, 3), shifts N(bn_bias, 0.4) and running statistics around
(0, 1). Shared by tests/reference/spikformer_reference.py and benchmarks/spikformer_reference_speed.py."""
import math

import torch


def randomize(model, bn_bias=0.8):
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() >= 2:
                p.normal_(0.0, 1.0 / math.sqrt(p[0].numel()))
            elif "_bn" in name and name.endswith("weight"):
                p.uniform_(1.5, 3.0)
            elif "_bn" in name and name.endswith("bias"):
                p.normal_(bn_bias, 0.4)
            elif name.endswith("bias"):
                p.normal_(0.0, 0.1)
        for name, b in model.named_buffers():
            if name.endswith("running_mean"):
                b.normal_(0.0, 0.1)
            elif name.endswith("running_var"):
                b.uniform_(0.5, 1.5)
