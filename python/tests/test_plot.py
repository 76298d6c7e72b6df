"""snn.plot draws a run into a user's own matplotlib axes, from a simulation or a run's file."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import snn  # noqa: E402


@pytest.fixture(scope="module")
def coba_run(experiments, tmp_path_factory):
    path = tmp_path_factory.mktemp("plot") / "coba.h5"
    exp = snn.load(experiments / "coba.yaml", set={"simulation.duration": 200})
    exp.doc["record"]["state"] = [{"population": "excitatory", "variables": ["V"], "neurons": [0, 1, 2], "interval": 1.0}]
    with snn.Simulation(exp, backend="cpu", output=path) as sim:
        sim.run()
    return sim, path


def test_raster_has_a_point_per_spike_and_a_row_per_population(coba_run, tmp_path):
    sim, path = coba_run
    fig, (top, bottom) = plt.subplots(2, 1)
    snn.plot.raster(sim, ax=top)
    snn.plot.raster(path, ax=bottom)
    for ax in (top, bottom):
        points = sum(len(c.get_offsets()) for c in ax.collections)
        assert points == sum(len(sim.spikes(p)[0]) for p in ("excitatory", "inhibitory"))
        assert [t.get_text() for t in ax.get_yticklabels()] == ["inhibitory", "excitatory"]
    fig.savefig(tmp_path / "raster.svg")
    assert "time (ms)" in (tmp_path / "raster.svg").read_text()


def test_rates_are_the_spike_counts_per_bin(coba_run):
    sim, path = coba_run
    ax = snn.plot.rates(path, bin_ms=10)
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"excitatory", "inhibitory"}
    times, _ = sim.spikes("excitatory")
    y = lines["excitatory"].get_ydata()
    assert y[0] == pytest.approx(np.sum(times < 10) / (3200 * 0.01))
    plt.close("all")


def test_histograms_traces_and_weights(coba_run):
    sim, path = coba_run
    fig, axes = plt.subplots(2, 2)
    snn.plot.isi(sim, "excitatory", ax=axes[0, 0])
    snn.plot.cv(path, "excitatory", ax=axes[0, 1])
    snn.plot.traces(path, "excitatory", "V", ax=axes[1, 0])
    snn.plot.weights(sim, "excitatory->inhibitory", ax=axes[1, 1])
    assert sum(p.get_height() for p in axes[0, 0].patches) > 100  # intervals counted
    assert len(axes[1, 0].get_lines()) == 3                       # one trace per probed neuron
    assert len(axes[1, 0].get_lines()[0].get_xdata()) == 200      # sampled every ms for 200 ms
    assert sum(p.get_height() for p in axes[1, 1].patches) == len(sim.weights("excitatory->inhibitory"))
    with pytest.raises(KeyError, match="plastic projections only"):
        snn.plot.weights(path, "excitatory->inhibitory")
    plt.close("all")
