"""The CUDA engine from Python: the CPU engine's spikes, bit for bit, in one run, in pieces and across
changes between runs. Skipped where no GPU is usable (CI); run on the GPU machine."""
import os
import subprocess
import sys

import numpy as np
import pytest

import snn
from test_experiments_as_cli import SHORT_RUNS
from test_runs_in_pieces import small_network

CUDA_USABLE, WHY_NOT = snn.cuda_available()
pytestmark = pytest.mark.skipif(not CUDA_USABLE, reason=f"the CUDA engine's cases need a GPU: {WHY_NOT}")


def recorded(sim):
    """The populations whose spikes the experiment records."""
    names = []
    for population in sim.populations:
        try:
            sim.spikes(population)
            names.append(population)
        except ValueError:
            pass
    return names


def assert_same_spikes(cpu, cuda, spikes_required=True):
    """The recorded populations' spikes equal; returns how many populations were compared."""
    populations = recorded(cpu)
    assert populations or not spikes_required, "nothing recorded: the comparison would show nothing"
    for population in populations:
        cpu_times, cpu_neurons = cpu.spikes(population)
        cuda_times, cuda_neurons = cuda.spikes(population)
        np.testing.assert_array_equal(cuda_neurons, cpu_neurons, err_msg=population)
        np.testing.assert_array_equal(cuda_times, cpu_times, err_msg=population)
    return len(populations)


@pytest.mark.parametrize("name", sorted(SHORT_RUNS))
def test_each_shipped_experiment_runs_on_cuda_as_on_cpu(name, experiments):
    if name == "fashion_mnist_rate.yaml" and not os.path.exists("/usr/share/datasets/fashion-mnist"):
        pytest.skip("Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)")
    exp = snn.load(experiments / name, set=SHORT_RUNS[name])
    cpu = snn.Simulation(exp, backend="cpu").run()
    cuda = snn.Simulation(exp, backend="cuda").run()
    assert cuda.backend == "cuda"
    compared = assert_same_spikes(cpu, cuda, spikes_required=False)  # some record only learned weights
    for projection in exp.doc.get("projections") or []:
        if "plasticity" in projection:
            name = projection.get("name", f"{projection['source']}->{projection['target']}")
            np.testing.assert_array_equal(cuda.weights(name), cpu.weights(name), err_msg=name)
            compared += 1
    assert compared > 0, "neither spikes nor learned weights to compare"


def test_pieces_on_cuda_equal_one_run_on_cpu():
    whole = snn.Simulation(small_network(), backend="cpu").run(300)
    pieces = snn.Simulation(small_network(), backend="cuda")
    pieces.run(100).run(0).run(50).run_steps(1500)
    assert len(whole.spikes("exc")[0]) > 100
    assert_same_spikes(whole, pieces)


@pytest.mark.parametrize("kernel", ["fused", "graph", "overlapped"])
def test_changes_between_runs_on_cuda_equal_the_cpu(kernel):
    def changed_run(backend, **options):
        sim = snn.Simulation(small_network(), backend=backend, **options)
        sim.set_parameter("exc", "tau_m", 14).run(100)
        sim.set_input("poisson->exc", "rate", 1200).run(50)
        sim.set_weights("exc->inh", 40.0).run(50)
        sim.set_input("poisson->exc", "weight", 80).run(100)
        return sim
    cpu = changed_run("cpu")
    cuda = changed_run("cuda", cuda_kernel=kernel)
    assert_same_spikes(cpu, cuda)
    np.testing.assert_array_equal(cuda.weights("exc->inh"), cpu.weights("exc->inh"))


def test_a_learning_setting_changed_on_cuda_equals_the_cpu(experiments):
    exp = snn.load(experiments / "inhibitory_stdp_balance.yaml", set={"simulation.duration": 200})
    plastic = next(p for p in exp.doc["projections"] if "plasticity" in p)
    name = plastic.get("name", f"{plastic['source']}->{plastic['target']}")
    runs = []
    for backend in ("cpu", "cuda"):
        sim = snn.Simulation(exp, backend=backend).run(100)
        sim.set_plasticity(name, "eta", 0.0).run(50)
        runs.append(sim.set_plasticity(name, "eta", 2 * plastic["plasticity"].get("eta", 1.0)).run(50))
    assert_same_spikes(*runs)
    np.testing.assert_array_equal(runs[1].weights(name), runs[0].weights(name))


def test_the_pole_balancing_example_runs_on_cuda(source_dir):
    script = source_dir / "examples" / "closed_loop" / "pole_balancing.py"
    result = subprocess.run([sys.executable, str(script), "--seconds", "2", "--backend", "cuda"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.startswith("pole up for 2.000 s of 2 s"), result.stdout


def test_a_nir_graph_runs_on_cuda_as_on_cpu(source_dir):
    graph = os.path.join(source_dir, "tests", "fixtures", "nir", "cnn_sinabs.nir")
    data = (np.random.default_rng(3).random((30, 4, 2, 34, 34)) < 0.1).astype(np.float32)
    cpu = snn.nir.run(graph, data, backend="cpu", record_spikes=True)
    cuda = snn.nir.run(graph, data, backend="cuda", record_spikes=True)
    assert sum(int(s.sum()) for s in cpu["spikes"].values()) > 0, "nothing fired: the comparison would show little"
    for name, values in cpu["outputs"].items():
        np.testing.assert_array_equal(cuda["outputs"][name], values, err_msg=name)
    for name, spikes in cpu["spikes"].items():
        np.testing.assert_array_equal(cuda["spikes"][name], spikes, err_msg=name)
    assert cuda["counts"] == cpu["counts"]


def test_spikes_injected_on_cuda_equal_the_cpu():
    from test_closed_loop import sensed
    runs = {}
    for backend in ("cpu", "cuda"):
        sim = snn.Simulation(sensed([]), backend=backend)
        for ms in range(40):
            sim.inject_spikes("sensors", [ms % 8, (3 * ms) % 8], [ms + 0.5, ms + 1.0]).run(1)
        runs[backend] = sim
    assert_same_spikes(runs["cpu"], runs["cuda"])
