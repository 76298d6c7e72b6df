"""COBA (Vogels & Abbott 2005; Brette et al. 2007 benchmark 1) in Brian2's C++ standalone mode, for
comparison with `snn run experiments/coba.yaml` on the same machine. Prints rates, mean CV of ISI,
and the simulation time Brian2 reports (code generation and compilation excluded). The integrator is
exponential Euler (snn's default for conductance-based LIF neurons) or, with `euler`, forward Euler
(Brian2's own COBA example; snn's `integrator: forward_euler`).

    /usr/bin/python3 benchmarks/brian2_coba.py [threads] [duration_s] [exponential_euler|euler]
"""
import sys, time
import numpy as np
from brian2 import (NeuronGroup, Synapses, SpikeMonitor, defaultclock, device, ms, mV, prefs, run,
                    second, set_device)

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
duration = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
method = sys.argv[3] if len(sys.argv) > 3 else "exponential_euler"
out = "/tmp/brian2_coba_%s_%d" % (method, threads)
set_device("cpp_standalone", directory=out, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = threads
defaultclock.dt = 0.1 * ms
taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
Vt, Vr, El, Ee, Ei, I = -50 * mV, -60 * mV, -60 * mV, 0 * mV, -80 * mV, 20 * mV
eqs = """
dv/dt = (ge*(Ee - v) + gi*(Ei - v) - (v - El) + I) / taum : volt (unless refractory)
dge/dt = -ge / taue : 1
dgi/dt = -gi / taui : 1
"""
P = NeuronGroup(4000, eqs, threshold="v > Vt", reset="v = Vr", refractory=5 * ms, method=method)
P.v = "(randn() * 5 - 55) * mV"
Ce = Synapses(P[:3200], P, on_pre="ge += 0.6")
Ci = Synapses(P[3200:], P, on_pre="gi += 6.7")
Ce.connect(p=0.02)
Ci.connect(p=0.02)
M = SpikeMonitor(P)
run(duration * second, profile=False)
t0 = time.time()
device.build(directory=out, compile=True, run=True, debug=False)
total = time.time() - t0
trains = M.spike_trains()
cvs = []
for k in range(4000):
    isi = np.diff(np.asarray(trains[k] / ms))
    if len(isi) >= 2:
        cvs.append(isi.std() / isi.mean())
print("brian2 coba method=%s threads=%d exc_rate=%.3f inh_rate=%.3f cv=%.3f run_s=%.3f build_and_run_s=%.1f" % (
    method, threads, np.sum(M.count[:3200]) / 3200 / duration, np.sum(M.count[3200:]) / 800 / duration,
    np.mean(cvs), device._last_run_time, total))
