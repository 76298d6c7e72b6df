"""snn.energy gives the numbers `snn energy` gives."""
import json
import subprocess

import pytest

import snn


def cli_report(snn_binary, path, tmp_path, *extra):
    out = tmp_path / "cli_energy"
    subprocess.run([snn_binary, "energy", str(path), "-o", str(out), *extra], check=True, capture_output=True)
    return json.loads((tmp_path / "cli_energy.json").read_text())


def test_an_architecture_file_is_priced_as_by_the_cli(experiments, snn_binary, tmp_path):
    path = experiments / "energy_mlp_fashion_mnist.yaml"
    report = snn.energy(path)
    assert dict(report) == cli_report(snn_binary, path, tmp_path)
    assert "FP32" in report.text or "fp32" in report.text.lower()


def test_a_simulation_is_priced_as_its_file(experiments, snn_binary, tmp_path):
    exp = snn.load(experiments / "coba.yaml", set={"simulation.duration": 100})
    with snn.Simulation(exp, backend="cpu", output=tmp_path / "coba.h5") as sim:
        sim.run()
        live = snn.energy(sim)
    from_file = snn.energy(tmp_path / "coba.h5")
    expected = cli_report(snn_binary, tmp_path / "coba.h5", tmp_path)
    assert dict(from_file) == expected
    # The live report names its architecture after the experiment, the file's after the file; every
    # number is the same.
    assert live["architecture"] != expected["architecture"]
    for key in expected:
        if key != "architecture":
            assert live[key] == expected[key], key
    assert expected["layers"], "a run with no layers priced shows nothing"


def test_an_unknown_method_is_refused(experiments):
    with pytest.raises(ValueError, match="unknown energy method 'fast'"):
        snn.energy(experiments / "energy_mlp_fashion_mnist.yaml", method="fast")
