"""snn.nir: NIR files read into the nir package's dictionaries, written back, and run."""
import numpy as np
import pytest

import snn


@pytest.fixture(scope="module")
def fixtures(source_dir):
    return source_dir / "tests" / "fixtures" / "nir"


@pytest.fixture(scope="module")
def paper_input(fixtures):
    return np.loadtxt(fixtures / "lif_exact.csv", delimiter=",")[:, 0].astype(np.float32).reshape(-1, 1)


def spike_steps(output):
    return list(np.nonzero(output.reshape(len(output), -1).any(axis=1))[0])


def test_the_papers_lif_graph_reads_and_runs(fixtures, paper_input):
    graph = snn.nir.load(fixtures / "lif_norse.nir")
    assert graph["version"] == "0.1.1"
    assert graph["nodes"]["1"]["type"] == "LIF"
    assert graph["nodes"]["1"]["tau"].dtype == np.float32
    assert ("0", "1") in graph["edges"]
    for scheme in ("exact", "snntorch"):
        result = snn.nir.run(graph, paper_input, dt=1e-4, discretisation=scheme, record_spikes=True)
        assert spike_steps(result["outputs"]["output"]) == [460, 510, 710, 760], scheme
        np.testing.assert_array_equal(result["spikes"]["1"][:, 0, 0], result["outputs"]["output"][:, 0, 0])
        assert result["counts"]["1"]["spikes"] == 4


def test_a_changed_parameter_runs_without_a_file(fixtures, paper_input):
    graph = snn.nir.load(fixtures / "lif_norse.nir")
    graph["nodes"]["1"]["v_threshold"] = np.array([0.05], dtype=np.float32)
    lower = snn.nir.run(graph, paper_input)["outputs"]["output"]
    assert len(spike_steps(lower)) > 4, "a halved threshold should fire more often"


def test_written_graphs_read_back_equal(fixtures, tmp_path):
    graph = snn.nir.load(fixtures / "cnn_sinabs.nir")
    snn.nir.save(graph, tmp_path / "copy.nir")
    copy = snn.nir.load(tmp_path / "copy.nir")
    assert set(copy["nodes"]) == set(graph["nodes"])
    assert sorted(copy["edges"]) == sorted(graph["edges"])
    for name, node in graph["nodes"].items():
        for key, value in node.items():
            np.testing.assert_array_equal(copy["nodes"][name][key], value, err_msg=f"{name}.{key}")


def test_batches_and_threads_give_the_same_outputs(fixtures):
    rng = np.random.default_rng(3)
    data = (rng.random((15, 3, 2, 34, 34)) < 0.05).astype(np.float32)
    together = snn.nir.run(fixtures / "cnn_sinabs.nir", data, threads=2)["outputs"]["output"]
    alone = snn.nir.run(fixtures / "cnn_sinabs.nir", data[:, 1], threads=1)["outputs"]["output"]
    np.testing.assert_array_equal(together[:, 1:2], alone)
    assert together.shape == (15, 3, 10)


def test_malformed_graphs_raise_with_the_node(fixtures, paper_input):
    graph = snn.nir.load(fixtures / "lif_norse.nir")
    del graph["nodes"]["1"]["tau"]
    with pytest.raises(snn.nir.NirError, match=r"node '1' \(LIF\): parameter 'tau' is missing"):
        snn.nir.run(graph, paper_input)
    with pytest.raises(snn.nir.NirError, match="names no node 'lif'"):
        snn.nir.run(fixtures / "braille_noDelay_bias_zero_subgraph.nir", np.zeros((2, 12), np.float32))
    with pytest.raises(snn.nir.NirError, match=r"wants \[steps, \*shape\]"):
        snn.nir.run(fixtures / "lif_norse.nir", np.zeros(5, np.float32))
