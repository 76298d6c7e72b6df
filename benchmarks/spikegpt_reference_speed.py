"""Generation speed of the reference SpikeGPT (github.com/ridgerchu/SpikeGPT, src/model_run.py: its
RNN, the form its run.py generates text with) on the GPU, to compare with `snn generate --backend
cuda` on the same weights in the same run (docs/benchmarks.md):

    python3 benchmarks/spikegpt_reference_speed.py --spikegpt PATH/TO/SpikeGPT --out DIR --layers 12 --width 512

Writes DIR/spikegpt_L<layers>_d<width>_v<vocabulary>.safetensors (random weights drawn as in
tests/reference/spikegpt_reference.py, the reference's names), then generates greedily from a fixed prompt and prints
the milliseconds per token (after a warm-up) and the generated token ids.

The reference's RNN is its fast path but not its model: past 6 blocks it halves the stream and the
output weights (RWKV_RESCALE_LAYER), which changes what its LIF layers see, and it binarises the
embedding only for the 77-token vocabulary. So outputs are checked against the sequence model it
trains (src/model.py), with --verify IDS: the greedy continuation another program produced from the
same weights and prompt is fed to GPT.forward, and every generated token must be the argmax of the
logits before it.
"""
import argparse
import math
import os
import sys
import time
import types

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--spikegpt", required=True)
parser.add_argument("--out", required=True)
parser.add_argument("--layers", type=int, default=12)
parser.add_argument("--width", type=int, default=512)
parser.add_argument("--vocabulary", type=int, default=77)
parser.add_argument("--tokens", type=int, default=300)
parser.add_argument("--seed", type=int, default=7)
parser.add_argument("--verify", help="a file of generated token ids (whitespace-separated) to check")
args = parser.parse_args()
out_dir = os.path.abspath(args.out)

torch.backends.cuda.matmul.allow_tf32 = False
sys.path.insert(0, os.path.abspath(args.spikegpt))
os.chdir(args.spikegpt)
os.environ.setdefault("RWKV_JIT_ON", "0")
os.environ.setdefault("TORCH_CUDA_ARCH_LIST", "9.0")
os.environ["RWKV_RUN_DEVICE"] = "cuda"

from safetensors.torch import save_file  # noqa: E402
from src.model import GPT, GPTConfig  # noqa: E402
from src.model_run import RWKV_RNN  # noqa: E402
from src.spikingjelly.clock_driven import functional  # noqa: E402

L, d, V = args.layers, args.width, args.vocabulary
prompt = [(7 * k + 3) % V for k in range(16)]
name = f"spikegpt_L{L}_d{d}_v{V}"

if args.verify:
    from safetensors.torch import load_file
    model = GPT(GPTConfig(V, 1024, n_layer=L, n_embd=d, model_type="RWKV")).cuda().eval()
    model.load_state_dict(load_file(os.path.join(out_dir, name + ".safetensors")))
    produced = [int(t) for t in open(args.verify).read().split()]
    captured = {}
    model.head.register_forward_hook(lambda m, i, o: captured.__setitem__("logits", o))
    with torch.no_grad():
        functional.reset_net(model)
        model(torch.tensor([prompt + produced[:-1]], device="cuda"))
    predicted = captured["logits"][0, len(prompt) - 1:].argmax(-1).tolist()
    same = sum(a == b for a, b in zip(predicted, produced))
    first = next((k for k, (a, b) in enumerate(zip(predicted, produced)) if a != b), None)
    print(f"verify {name}: {same}/{len(produced)} generated tokens are the reference sequence model's argmax; "
          f"first difference at {first}")
    sys.exit(0)

torch.manual_seed(args.seed)
model = GPT(GPTConfig(V, 1024, n_layer=L, n_embd=d, model_type="RWKV"))
with torch.no_grad():
    for parameter_name, p in model.named_parameters():
        if parameter_name == "emb.weight":
            p.normal_(0.0, 1.0)
        elif parameter_name.endswith(("att.output.weight", "ffn.value.weight")):
            p.normal_(0.0, 3.0 / math.sqrt(p.shape[1]))
        elif parameter_name.endswith(".weight") and p.dim() == 2:
            p.normal_(0.0, 1.0 / math.sqrt(p.shape[1]))
state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
save_file(state, os.path.join(out_dir, name + ".safetensors"))
checkpoint = os.path.join(out_dir, name + "_tmp")
torch.save(state, checkpoint + ".pth")
del model
rnn = RWKV_RNN(types.SimpleNamespace(FLOAT_MODE="fp32", RUN_DEVICE="cuda", MODEL_NAME=checkpoint, n_layer=L,
                                     n_embd=d, ctx_len=1024, vocab_size=V, head_qk=0, pre_ffn=0, grad_cp=0,
                                     my_pos_emb=0))
os.remove(checkpoint + ".pth")



def generate(count):
    s, mem1, mem2 = None, None, None
    context = []
    for t in prompt:
        context.append(t)
        logits, s, mem1, mem2 = rnn.forward(context, s, mem1, mem2)
    torch.cuda.synchronize()
    produced = []
    start = time.perf_counter()
    for k in range(count):
        nxt = int(torch.argmax(logits))  # waits for the token, as sampling must
        produced.append(nxt)
        if k + 1 < count:
            context.append(nxt)
            logits, s, mem1, mem2 = rnn.forward(context, s, mem1, mem2)
    torch.cuda.synchronize()
    return produced, time.perf_counter() - start


generate(20)  # warm-up
ids, seconds = generate(args.tokens)
per_token = seconds / (args.tokens - 1)
print(f"reference {name}: {per_token * 1e3:.3f} ms/token, {1 / per_token:.1f} tokens/s")
print("prompt:", ",".join(map(str, prompt)))
print("ids:", " ".join(map(str, ids)))
