"""Errors cross into Python as exceptions with the library's message and, for files, the place."""
import pytest

import snn


def test_a_file_error_names_file_line_and_column(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\nsimulation: {dt: 0.1, duration: 10}\npopulations:\n  a: {model: liff, size: 3}\n")
    with pytest.raises(snn.ExperimentError) as caught:
        snn.load(path)
    error = caught.value
    assert error.file == str(path)
    assert error.line == 4
    assert error.column > 0
    assert "unknown model 'liff'" in str(error) and "did you mean 'lif'" in str(error)


def test_an_error_in_a_built_experiment_names_the_key():
    exp = snn.Experiment("bad")
    exp.population("a", "lif", -3)
    with pytest.raises(snn.ExperimentError) as caught:
        exp.validate()
    assert "population 'a'.size" in str(caught.value)


def test_a_changed_file_is_checked_again(source_dir):
    exp = snn.load(source_dir / "experiments" / "coba.yaml")
    exp.doc["projections"][0]["target"] = "nowhere"
    with pytest.raises(snn.ExperimentError) as caught:
        snn.Simulation(exp, backend="cpu")
    assert "nowhere" in str(caught.value)


def test_an_unknown_backend_is_refused(source_dir):
    with pytest.raises(ValueError, match="unknown backend 'gpu'"):
        snn.Simulation(source_dir / "experiments" / "coba.yaml", backend="gpu")


def test_an_unknown_population_is_refused(source_dir):
    sim = snn.Simulation(snn.load(source_dir / "experiments" / "coba.yaml", set={"simulation.duration": 1}), backend="cpu")
    with pytest.raises(IndexError, match="no population named 'exc'"):
        sim.spikes("exc")
