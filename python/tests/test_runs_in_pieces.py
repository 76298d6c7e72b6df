"""A run continued in pieces gives the spikes of one run, and a network built in Python runs."""
import numpy as np
import pytest

import snn


def small_network():
    exp = snn.Experiment("pieces", dt=0.1, duration=300, seed=3)
    exp.population("exc", "lif", 400, parameters={"tau_m": 20, "V_th": -50, "V_reset": -60, "E_L": -60, "t_ref": 2},
                   initial={"V": {"uniform": {"low": -60, "high": -50}}})
    exp.population("inh", "lif", 100, parameters={"tau_m": 20, "V_th": -50, "V_reset": -60, "E_L": -60, "t_ref": 2})
    exp.projection("exc", "inh", connector={"rule": "fixed_probability", "p": 0.1},
                   synapse={"type": "exponential_current", "tau": 5}, weight=60, delay=1.0)
    exp.projection("inh", "exc", connector={"rule": "fixed_probability", "p": 0.1},
                   synapse={"type": "exponential_current", "tau": 10}, weight=-80, delay={"uniform": {"low": 0.5, "high": 2}})
    exp.input("poisson", "exc", rate=2000, weight=50, synapse={"type": "exponential_current", "tau": 5})
    exp.record(spikes="all")
    return exp


def test_pieces_equal_one_run():
    whole = snn.Simulation(small_network(), backend="cpu").run(300)
    pieces = snn.Simulation(small_network(), backend="cpu")
    pieces.run(100).run(0).run(50).run_steps(1500)
    assert pieces.time == whole.time == 300
    for population in ("exc", "inh"):
        times, neurons = whole.spikes(population)
        assert len(times) > 100, f"{population} barely fired: the test would show little"
        np.testing.assert_array_equal(pieces.spikes(population)[0], times)
        np.testing.assert_array_equal(pieces.spikes(population)[1], neurons)


def test_thread_counts_give_the_same_spikes():
    one = snn.Simulation(small_network(), backend="cpu", threads=1).run(200)
    two = snn.Simulation(small_network(), backend="cpu", threads=2).run(200)
    np.testing.assert_array_equal(one.spikes("exc")[1], two.spikes("exc")[1])


def test_rates_and_synapses_are_reported():
    sim = snn.Simulation(small_network(), backend="cpu").run(300)
    rates = sim.rates()
    assert set(rates) == {"exc", "inh"}
    times, _ = sim.spikes("exc")
    assert rates["exc"]["spikes"] == len(times)
    sources, targets, weights, delays = sim.synapses("inh->exc")
    assert len(sources) == len(targets) == len(weights) == len(delays) > 0
    assert np.all(weights == -80)
    assert delays.min() >= 0.5 and delays.max() <= 2.0


def test_a_parameter_set_before_the_run_is_a_build_with_it():
    changed = small_network()
    changed.doc["populations"]["exc"]["parameters"]["tau_m"] = 14
    built = snn.Simulation(changed, backend="cpu").run(200)
    set_ = snn.Simulation(small_network(), backend="cpu").set_parameter("exc", "tau_m", 14).run(200)
    unchanged = snn.Simulation(small_network(), backend="cpu").run(200)
    np.testing.assert_array_equal(set_.spikes("exc")[1], built.spikes("exc")[1])
    assert not np.array_equal(unchanged.spikes("exc")[1], built.spikes("exc")[1]), "the change made no difference"


def test_changes_between_runs_take_effect():
    sim = snn.Simulation(small_network(), backend="cpu").run(100)
    before = len(sim.spikes("exc")[0])
    sim.set_input("poisson->exc", "rate", 0).run(100)
    assert len(sim.spikes("exc")[0]) - before < before / 10, "the input was switched off, yet exc kept firing"
    sim.set_input("poisson->exc", "rate", 2000).set_weights("exc->inh", 0.0).run(100)
    weights = sim.weights("exc->inh")
    assert np.all(weights == 0)
    with pytest.raises(ValueError, match="did you mean 'tau_m'"):
        sim.set_parameter("exc", "tau", 10)


def test_a_learning_setting_changes_between_runs(experiments):
    exp = snn.load(experiments / "inhibitory_stdp_balance.yaml", set={"simulation.duration": 200})
    plastic = next(p for p in exp.doc["projections"] if "plasticity" in p)
    name = plastic.get("name", f"{plastic['source']}->{plastic['target']}")
    frozen = snn.Simulation(exp, backend="cpu").run(100)
    before = frozen.weights(name).copy()
    frozen.set_plasticity(name, "eta", 0.0).run(100)
    np.testing.assert_array_equal(frozen.weights(name), before)  # a rate of zero learns nothing
    learning = snn.Simulation(exp, backend="cpu").run(200)
    assert not np.array_equal(learning.weights(name), before)
    with pytest.raises(ValueError, match="did you mean 'eta'"):
        frozen.set_plasticity(name, "etaa", 1.0)
