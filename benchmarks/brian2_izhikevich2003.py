"""The Izhikevich (2003) network in Brian2's C++ standalone mode, for comparison with
`snn run experiments/izhikevich2003.yaml` on the same machine: the same scheme (dt = 1 ms, v in two
0.5 ms Euler half-steps, u once with the new v), all-to-all synapses, thalamic noise every ms.

    /usr/bin/python3 benchmarks/brian2_izhikevich2003.py [threads] [duration_s]
"""
import sys, time
import numpy as np
from brian2 import (NeuronGroup, Synapses, SpikeMonitor, defaultclock, device, ms, prefs, run, second,
                    set_device)

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
duration = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
out = "/tmp/brian2_izh_%d" % threads
set_device("cpp_standalone", directory=out, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = threads
defaultclock.dt = 1 * ms
Ne, Ni = 800, 200
eqs = """
a : 1
b : 1
c : 1
d : 1
sd : 1
u : 1
v : 1
Isyn : 1
"""
G = NeuronGroup(Ne + Ni, eqs, threshold="v >= 30", reset="v = c; u += d", method="euler")
# The published scheme, written out: noise plus the synaptic input of the last step, two half-steps
# of v, then u with the new v.
G.run_regularly("""
I = sd * randn() + Isyn
v += 0.5 * (0.04*v**2 + 5*v + 140 - u + I)
v += 0.5 * (0.04*v**2 + 5*v + 140 - u + I)
u += a * (b*v - u)
Isyn = 0
""", when="groups", order=-1)
re, ri = np.random.rand(Ne), np.random.rand(Ni)
G.a = np.r_[0.02 * np.ones(Ne), 0.02 + 0.08 * ri]
G.b = np.r_[0.2 * np.ones(Ne), 0.25 - 0.05 * ri]
G.c = np.r_[-65 + 15 * re**2, -65 * np.ones(Ni)]
G.d = np.r_[8 - 6 * re**2, 2 * np.ones(Ni)]
G.sd = np.r_[5 * np.ones(Ne), 2 * np.ones(Ni)]
G.v = -65
G.u = G.b * -65
S = Synapses(G, G, "w : 1", on_pre="Isyn_post += w")
S.connect()
S.w["i < 800"] = "0.5 * rand()"
S.w["i >= 800"] = "-rand()"
M = SpikeMonitor(G)
run(duration * second)
t0 = time.time()
device.build(directory=out, compile=True, run=True, debug=False)
total = time.time() - t0
print("brian2 izhikevich2003 threads=%d exc_rate=%.3f inh_rate=%.3f run_s=%.3f build_and_run_s=%.1f" % (
    threads, np.sum(M.count[:Ne]) / Ne / duration, np.sum(M.count[Ne:]) / Ni / duration,
    device._last_run_time, total))
