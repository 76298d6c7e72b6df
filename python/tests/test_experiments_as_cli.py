"""Shipped experiments run from Python give the spikes `snn run` gives, bit for bit."""
import subprocess

import numpy as np
import pytest

import snn

# Each shipped network experiment (the layer models' files aside), shortened so that the suite stays
# quick on two cores.
SHORT_RUNS = {
    "adex_firing_patterns.yaml": {"simulation.duration": 300},
    "brunel.yaml": {"simulation.duration": 50},
    "brunel_ai.yaml": {"simulation.duration": 50},
    "brunel_si_slow.yaml": {"simulation.duration": 50},
    "brunel_sr.yaml": {"simulation.duration": 50},
    "coba.yaml": {"simulation.duration": 200},
    "distal_reward.yaml": {"simulation.duration": 2000},
    "fashion_mnist_rate.yaml": {"simulation.duration": 100},
    "inhibitory_stdp_balance.yaml": {"simulation.duration": 300},
    "izhikevich2003.yaml": {"simulation.duration": 300},
    "microcircuit.yaml": {"simulation.duration": 50, "constants.scale": 0.02},
    "reservoir_what_when.yaml": {"simulation.duration": 3000},
    "spatial_brunel.yaml": {"simulation.duration": 50},
    "stdp_window.yaml": {},
    "triplet_stdp_frequency.yaml": {"simulation.duration": 300},
    "two_compartment_bac.yaml": {"simulation.duration": 300},
}

def cli_spikes(snn_binary, path, overrides, tmp_path):
    out = tmp_path / "cli.h5"
    command = [snn_binary, "run", str(path), "-o", str(out), "--backend", "cpu", "--no-progress"]
    for key, value in overrides.items():
        command += ["--set", f"{key}={value}"]
    subprocess.run(command, check=True, capture_output=True)
    return snn.read_run(out)


@pytest.mark.parametrize("name", sorted(SHORT_RUNS))
def test_python_run_equals_snn_run(name, experiments, snn_binary, tmp_path):
    overrides = SHORT_RUNS[name]
    expected = cli_spikes(snn_binary, experiments / name, overrides, tmp_path)
    sim = snn.Simulation(snn.load(experiments / name, set=overrides), backend="cpu")
    sim.run()
    assert expected["spikes"] or expected["weights"], "the CLI's run recorded neither spikes nor learned weights"
    for population, (times, neurons) in expected["spikes"].items():
        got_times, got_neurons = sim.spikes(population)
        np.testing.assert_array_equal(got_neurons, neurons, err_msg=population)
        np.testing.assert_array_equal(got_times, times, err_msg=population)
    for projection, (_, _, weights) in expected["weights"].items():
        np.testing.assert_array_equal(sim.weights(projection), weights, err_msg=projection)
    assert sorted(sim.readouts) == sorted(expected["readouts"])
    for readout, samples in expected["readouts"].items():
        assert_same_readout(sim.readout(readout), samples, readout)


def assert_same_readout(got, expected, name):
    assert len(expected["times"]) > 0, f"{name}: no samples to compare"
    assert got["kind"] == expected["kind"]
    np.testing.assert_array_equal(got["times"], expected["times"], err_msg=name)
    np.testing.assert_array_equal(got["values"], expected["values"], err_msg=name)
    if expected["teacher"] is None:
        assert got["teacher"] is None
    else:
        np.testing.assert_array_equal(got["teacher"], expected["teacher"], err_msg=name)


def test_host_readouts_in_pieces_and_in_the_file_equal_snn_run(experiments, snn_binary, tmp_path):
    overrides = SHORT_RUNS["reservoir_what_when.yaml"]
    expected = cli_spikes(snn_binary, experiments / "reservoir_what_when.yaml", overrides, tmp_path)
    assert "force" in [r["kind"] for r in expected["readouts"].values()], "the experiment's FORCE readout is missing"
    with snn.Simulation(snn.load(experiments / "reservoir_what_when.yaml", set=overrides), backend="cpu",
                        output=tmp_path / "py.h5") as sim:
        sim.run(1234.5)
        sim.run()
        for name, samples in expected["readouts"].items():
            assert_same_readout(sim.readout(name), samples, name)
    written = snn.read_run(tmp_path / "py.h5")
    for name, samples in expected["readouts"].items():
        assert_same_readout(written["readouts"][name], samples, name)

def test_the_python_output_file_is_the_cli_file(experiments, snn_binary, tmp_path):
    overrides = SHORT_RUNS["coba.yaml"]
    expected = cli_spikes(snn_binary, experiments / "coba.yaml", overrides, tmp_path)
    with snn.Simulation(snn.load(experiments / "coba.yaml", set=overrides), backend="cpu", output=tmp_path / "py.h5") as sim:
        sim.run()
    written = snn.read_run(tmp_path / "py.h5")
    assert written["status"] == "complete"
    assert written["experiment"] == expected["experiment"]
    for population, (times, neurons) in expected["spikes"].items():
        np.testing.assert_array_equal(written["spikes"][population][0], times)
        np.testing.assert_array_equal(written["spikes"][population][1], neurons)
