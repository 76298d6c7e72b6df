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


def test_an_exported_network_runs_from_python_with_named_inputs(snn_binary, tmp_path):
    (tmp_path / "net.yaml").write_text(
        "name: two_inputs\nsimulation: {dt: 0.1, duration: 50}\n"
        "populations:\n  src: {model: spike_source_array, size: 3, spike_times: [[1], [2], [3]]}\n"
        "  cells: {model: lif, size: 2, parameters: {t_ref: 0, V_th: -64}}\n"
        "projections: [{source: src, target: cells, connector: {rule: all_to_all}, synapse: {type: delta}, weight: 5, delay: 1}]\n"
        "inputs: [{type: poisson, target: cells, rate: 100, weight: 1, synapse: {type: delta}}]\n")
    import subprocess
    subprocess.run([snn_binary, "export", str(tmp_path / "net.yaml"), "-o", str(tmp_path / "net.nir")], check=True, capture_output=True)
    graph = snn.nir.load(tmp_path / "net.nir")
    assert {"src", "poisson_to_cells", "cells", "output.cells"} <= set(graph["nodes"])
    source = np.zeros((100, 3), np.float32)
    source[5, 0] = 1  # one spike: 5 mV after the 1 ms delay, over the 1 mV to threshold
    result = snn.nir.run(graph, {"src": source, "poisson_to_cells": np.zeros((100, 2), np.float32)}, dt=1e-4)
    spikes = result["outputs"]["output.cells"][:, 0, :]
    assert list(np.nonzero(spikes[:, 0])[0]) == [15] and list(np.nonzero(spikes[:, 1])[0]) == [15]
    with pytest.raises(snn.nir.NirError, match="give data as"):
        snn.nir.run(graph, source)
