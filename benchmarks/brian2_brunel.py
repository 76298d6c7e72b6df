"""Brunel (2000), the network of `experiments/brunel.yaml`, in Brian2's C++ standalone mode, for
comparison with `snn run experiments/brunel.yaml` on the same machine: 10,000 excitatory and 2,500
inhibitory LIF neurons (tau_m 20 ms, threshold 20 mV, reset 10 mV, refractory 2 ms, integrated
exactly), delta synapses of J = 0.1 mV and -g J (g = 6) with 1.5 ms delays, external Poisson input of
eta = 4 times the threshold rate from C_E = 1000 sources per neuron (Brian2's PoissonInput: one
binomial draw per neuron and step). Brian2 connects with probability C_E / N_E = 0.1 (the same mean
in-degree; snn's connector fixes it). Prints rates and the run time Brian2 reports.

    /usr/bin/python3 benchmarks/brian2_brunel.py [threads] [duration_s]
"""
import sys, time
import numpy as np
from brian2 import (NeuronGroup, PoissonInput, Synapses, SpikeMonitor, defaultclock, device, ms, mV, prefs,
                    run, second, set_device, Hz)

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
duration = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
out = "/tmp/brian2_brunel_%d" % threads
set_device("cpp_standalone", directory=out, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = threads
defaultclock.dt = 0.1 * ms
NE, NI, CE = 10000, 2500, 1000
tau, theta, Vr, J, g, eta = 20 * ms, 20 * mV, 10 * mV, 0.1 * mV, 6, 4
nu_thr = theta / (J * CE * tau)
G = NeuronGroup(NE + NI, "dv/dt = -v / tau : volt (unless refractory)", threshold="v > theta",
                reset="v = Vr", refractory=2 * ms, method="exact")
G.v = "rand() * theta"
E = Synapses(G[:NE], G, on_pre="v += J", delay=1.5 * ms)
E.connect(p=CE / NE)
I = Synapses(G[NE:], G, on_pre="v += -g * J", delay=1.5 * ms)
I.connect(p=CE / NE)
P = PoissonInput(G, "v", CE, eta * nu_thr, weight=J)
M = SpikeMonitor(G)
run(duration * second)
t0 = time.time()
device.build(directory=out, compile=True, run=True, debug=False)
total = time.time() - t0
print("brian2 brunel threads=%d exc_rate=%.3f inh_rate=%.3f run_s=%.3f build_and_run_s=%.1f" % (
    threads, np.sum(M.count[:NE]) / NE / duration, np.sum(M.count[NE:]) / NI / duration,
    device._last_run_time, total))
