"""Equivalence fixtures for our SpikeGPT model (models/spike_gpt.*), made with the reference
implementation itself (github.com/ridgerchu/SpikeGPT: src/model.py, the sequence model it trains, and
src/model_run.py, its one-token-at-a-time RNN) on a CUDA GPU with PyTorch, CuPy (SpikingJelly's LIF
kernels) and a compiler for its WKV extension. From a checkout of SpikeGPT:

    python3 tests/reference/spikegpt_reference.py --spikegpt PATH/TO/SpikeGPT --out tests/fixtures

Writes spikegpt_small.weights.safetensors (the model's state_dict under the reference's names) and
spikegpt_small.io.safetensors: tokens [B, T], the sequence model's logits [B, T, V], the spikes of each
block's two LIF layers and their inputs [L, B, T, d], and the RNN's logits [B, T, V].

Random weights, drawn so that the LIF layers fire at moderate rates (the reference's own
initialisation leaves them almost silent); the vocabulary has 77 tokens, the size of SpikeGPT's
character model, for which the RNN also binarises the embedding as the sequence model does.
TF32 is off so that the matrix products are float32 products.
"""
import argparse
import math
import os
import sys

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--spikegpt", required=True, help="a checkout of github.com/ridgerchu/SpikeGPT")
parser.add_argument("--out", required=True)
parser.add_argument("--layers", type=int, default=3)
parser.add_argument("--width", type=int, default=32)
parser.add_argument("--tokens", type=int, default=32)
parser.add_argument("--batch", type=int, default=2)
parser.add_argument("--seed", type=int, default=2023)
args = parser.parse_args()
out_dir = os.path.abspath(args.out)

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
sys.path.insert(0, os.path.abspath(args.spikegpt))
os.chdir(args.spikegpt)  # the WKV extension is built from cuda/ relative to here
os.environ.setdefault("RWKV_JIT_ON", "0")
os.environ.setdefault("TORCH_CUDA_ARCH_LIST", "9.0")

from safetensors.torch import save_file  # noqa: E402
from src.model import GPT, GPTConfig  # noqa: E402
from src.spikingjelly.clock_driven import functional, neuron  # noqa: E402

VOCAB = 77
L, d, T, B = args.layers, args.width, args.tokens, args.batch
torch.manual_seed(args.seed)
model = GPT(GPTConfig(VOCAB, T, n_layer=L, n_embd=d, model_type="RWKV")).cuda().eval()


def draw(p, std):
    p.normal_(0.0, std)


with torch.no_grad():
    for name, p in model.named_parameters():
        if name == "emb.weight":
            draw(p, 1.0)  # half the embedding's entries are spikes
        elif name.endswith(("att.output.weight", "ffn.value.weight")):
            draw(p, 3.0 / math.sqrt(p.shape[1]))  # drives the LIF layers past threshold now and then
        elif name.endswith(".weight") and p.dim() == 2:
            draw(p, 1.0 / math.sqrt(p.shape[1]))
        elif ".ln" in name or name.startswith("ln_out"):
            p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.1 * torch.randn_like(p))
        # time_decay, time_first and time_mix keep the reference's layer-dependent initialisation

lif_backend = "cupy"
captured = {}


def capture(key):
    def hook(module, inputs, output):
        # The LIF layers see [T, B, d] (the reference permutes the tokens to the front).
        captured[key + "_input"] = inputs[0].permute(1, 0, 2).detach().clone()
        captured[key] = output.permute(1, 0, 2).detach().clone()
    return hook


for i, block in enumerate(model.blocks):
    block.lif1.register_forward_hook(capture(f"att{i}"))
    block.lif2.register_forward_hook(capture(f"ffn{i}"))
model.head.register_forward_hook(lambda m, i, o: captured.__setitem__("logits", o.detach().clone()))

tokens = torch.randint(0, VOCAB, (B, T), device="cuda")
with torch.no_grad():
    functional.reset_net(model)
    try:
        model(tokens)
    except Exception as error:  # no CuPy kernels here: SpikingJelly's torch path, the same arithmetic for tau = 2
        print(f"cupy LIF kernels failed ({error}); using the torch backend", file=sys.stderr)
        lif_backend = "torch"
        for m in model.modules():
            if isinstance(m, neuron.MultiStepLIFNode):
                m.backend = "torch"
        functional.reset_net(model)
        model(tokens)

state = {k: v.detach().contiguous().cpu() for k, v in model.state_dict().items()}
save_file(state, os.path.join(out_dir, "spikegpt_small.weights.safetensors"))

# The reference's RNN, token by token, from the same weights.
os.environ["RWKV_RUN_DEVICE"] = "cuda"
from src.model_run import RWKV_RNN  # noqa: E402
import types  # noqa: E402

checkpoint = os.path.join(out_dir, "spikegpt_small_tmp")
torch.save(state, checkpoint + ".pth")
rnn_args = types.SimpleNamespace(FLOAT_MODE="fp32", RUN_DEVICE="cuda", MODEL_NAME=checkpoint, n_layer=L, n_embd=d,
                                 ctx_len=T, vocab_size=VOCAB, head_qk=0, pre_ffn=0, grad_cp=0, my_pos_emb=0)
rnn = RWKV_RNN(rnn_args)
os.remove(checkpoint + ".pth")
rnn_logits = torch.zeros(B, T, VOCAB)
for b in range(B):
    s, mem1, mem2 = None, None, None
    for t in range(T):
        logits, s, mem1, mem2 = rnn.forward(tokens[b, : t + 1].tolist(), s, mem1, mem2)
        rnn_logits[b, t] = logits.cpu()

io = {"tokens": tokens.cpu().to(torch.int64), "logits": captured["logits"].cpu(), "rnn_logits": rnn_logits}
for kind in ("att", "ffn"):
    io[f"{kind}_spikes"] = torch.stack([captured[f"{kind}{i}"] for i in range(L)]).cpu().contiguous()
    io[f"{kind}_inputs"] = torch.stack([captured[f"{kind}{i}_input"] for i in range(L)]).cpu().contiguous()
save_file({k: v.contiguous() for k, v in io.items()}, os.path.join(out_dir, "spikegpt_small.io.safetensors"),
          metadata={"lif_backend": lif_backend, "torch": torch.__version__, "seed": str(args.seed)})
for kind in ("att", "ffn"):
    print(kind, "spike rate per layer:", [round(float(io[f"{kind}_spikes"][i].mean()), 3) for i in range(L)])
print("sequence vs RNN logits, max |difference|:", float((io["logits"] - rnn_logits).abs().max()))
