"""Shipped experiments run from Python give the spikes `snn run` gives, bit for bit."""
import subprocess

import numpy as np
import pytest

import snn

# Each shipped network experiment, shortened so that the suite stays quick on two cores.
SHORT_RUNS = {
    "coba.yaml": {"simulation.duration": 200},
    "brunel.yaml": {"simulation.duration": 50},
    "izhikevich2003.yaml": {"simulation.duration": 300},
    "microcircuit.yaml": {"simulation.duration": 50, "constants.scale": 0.02},
    "stdp_window.yaml": {},
    "adex_firing_patterns.yaml": {"simulation.duration": 300},
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
    assert expected["spikes"], "the CLI's run recorded no population"
    for population, (times, neurons) in expected["spikes"].items():
        got_times, got_neurons = sim.spikes(population)
        np.testing.assert_array_equal(got_neurons, neurons, err_msg=population)
        np.testing.assert_array_equal(got_times, times, err_msg=population)


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
