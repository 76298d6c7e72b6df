"""Step-level control: currents set every millisecond, the last steps' spikes read back."""
import subprocess
import sys

import numpy as np

import snn


def test_spikes_since_are_the_tail_of_all_spikes(experiments):
    sim = snn.Simulation(snn.load(experiments / "coba.yaml", set={"simulation.duration": 100}), backend="cpu").run()
    times, neurons = sim.spikes("excitatory")
    for since in (0.0, 37.25, 50.0, 99.9, 100.0):
        tail_times, tail_neurons = sim.spikes("excitatory", since=since)
        keep = times > since
        np.testing.assert_array_equal(tail_times, times[keep])
        np.testing.assert_array_equal(tail_neurons, neurons[keep])


def test_a_current_set_each_step_drives_the_next_steps():
    net = snn.Experiment("driven", dt=0.1, duration=100)
    net.population("cells", "lif", 10)
    net.input("constant_current", "cells", amplitude=0.0, name="drive")
    sim = snn.Simulation(net, backend="cpu")
    sim.run(20)
    assert len(sim.spikes("cells")[0]) == 0
    sim.set_input("drive", "amplitude", 1000.0).run(20)
    assert len(sim.spikes("cells", since=20.0)[0]) > 0
    sim.set_input("drive", "amplitude", 0.0).run(5).run(20)
    assert len(sim.spikes("cells", since=45.0)[0]) == 0


def test_the_pole_balancing_example_keeps_the_pole_up(source_dir):
    script = source_dir / "examples" / "closed_loop" / "pole_balancing.py"
    result = subprocess.run([sys.executable, str(script), "--seconds", "2"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("pole up for 2.000 s of 2 s"), result.stdout
