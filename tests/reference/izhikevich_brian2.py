"""Reference spike times of single Izhikevich (2003) neurons, made with Brian2 (Debian's
python3-brian) as a simulator independent of ours. Run with Debian's python3:

    /usr/bin/python3 tests/reference/izhikevich_brian2.py > tests/fixtures/izhikevich_brian2.txt

Five firing patterns of Izhikevich 2003 Fig. 2 with I = 10 from t = 0: regular spiking (RS),
intrinsically bursting (IB), chattering (CH), fast spiking (FS) and low-threshold spiking (LTS).
Forward Euler at dt = 0.001 ms (close to the exact solution of the equations) for 300 ms; v(0) = -65 mV, u(0) = b v(0).
"""
from brian2 import NeuronGroup, SpikeMonitor, defaultclock, ms, run, prefs

prefs.codegen.target = "numpy"
defaultclock.dt = 0.001 * ms
patterns = {"RS": (0.02, 0.2, -65, 8), "IB": (0.02, 0.2, -55, 4), "CH": (0.02, 0.2, -50, 2),
            "FS": (0.1, 0.2, -65, 2), "LTS": (0.02, 0.25, -65, 2)}
eqs = """
dv/dt = (0.04*v**2 + 5*v + 140 - u + I) / ms : 1
du/dt = a*(b*v - u) / ms : 1
a : 1
b : 1
c : 1
d : 1
I : 1
"""
group = NeuronGroup(len(patterns), eqs, threshold="v >= 30", reset="v = c; u = u + d", method="euler")
names = list(patterns)
for k, name in enumerate(names):
    a, b, c, d = patterns[name]
    group.a[k], group.b[k], group.c[k], group.d[k] = a, b, c, d
    group.I[k] = 10
    group.v[k] = -65
    group.u[k] = b * -65
monitor = SpikeMonitor(group)
run(300 * ms)
print("# pattern spike_time_ms  (Brian2 %s, Euler, dt 0.001 ms, I = 10, 300 ms)" % __import__("brian2").__version__)
for k, name in enumerate(names):
    for t in monitor.spike_trains()[k]:
        print(name, "%.2f" % (t / ms))
