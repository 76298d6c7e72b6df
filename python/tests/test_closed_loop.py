"""Step-level control: currents set and spikes injected every millisecond, the last steps' spikes read back."""
import subprocess
import sys

import numpy as np
import pytest

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


def sensed(spike_times):
    net = snn.Experiment("sensed", dt=0.1, duration=40, seed=3)
    net.population("sensors", "spike_source_array", 8, spike_times=spike_times)
    net.population("cells", "lif", 20)
    net.projection("sensors", "cells", {"rule": "all_to_all"}, {"type": "exponential_current", "tau": 2},
                   weight={"uniform": {"low": 200, "high": 1500}}, delay={"uniform": {"low": 0.5, "high": 3}})
    net.record(spikes="all")
    return net


def test_spikes_injected_step_by_step_are_spikes_given_from_the_start():
    # Sensor k fires every (k + 2) ms, injected one millisecond ahead (times given) or for the very
    # next step (no times), against the same spikes in the experiment's spike_times.
    trains = [list(np.arange(k + 2.0, 40.0, k + 2.0)) for k in range(8)]
    expected = snn.Simulation(sensed(trains), backend="cpu").run()
    ahead = snn.Simulation(sensed([]), backend="cpu")
    next_step = snn.Simulation(sensed([]), backend="cpu")
    for ms in range(40):
        due = [(k, t) for k, train in enumerate(trains) for t in train if ms < t <= ms + 1]
        if due:
            ahead.inject_spikes("sensors", [k for k, _ in due], [t for _, t in due])
        ahead.run(1)
        for _ in range(10):
            firing = [k for k, train in enumerate(trains) if any(abs(t - (next_step.time + 0.1)) < 1e-9 for t in train)]
            if firing:
                next_step.inject_spikes("sensors", firing)
            next_step.run_steps(1)
    for sim in (ahead, next_step):
        for population in ("sensors", "cells"):
            want_times, want_neurons = expected.spikes(population)
            times, neurons = sim.spikes(population)
            assert len(want_times) > 20, population
            np.testing.assert_array_equal(neurons, want_neurons, err_msg=population)
            np.testing.assert_array_equal(times, want_times, err_msg=population)


def test_spikes_cannot_be_injected_into_the_past_or_into_neurons():
    sim = snn.Simulation(sensed([]), backend="cpu").run(5)
    with pytest.raises(ValueError, match="not after the time simulated"):
        sim.inject_spikes("sensors", [1], [5.0])
    with pytest.raises(ValueError, match="not a spike_source_array"):
        sim.inject_spikes("cells", [1])
    with pytest.raises(ValueError, match="has 8 neurons"):
        sim.inject_spikes("sensors", [8])


def test_the_pole_balancing_example_keeps_the_pole_up(source_dir):
    script = source_dir / "examples" / "closed_loop" / "pole_balancing.py"
    result = subprocess.run([sys.executable, str(script), "--seconds", "2"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("pole up for 2.000 s of 2 s"), result.stdout
