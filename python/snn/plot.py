"""Figures of a run with matplotlib, into the caller's own axes: what ``snn plot`` draws (raster,
population rates, ISI and CV histograms, state traces, weights), for a :class:`snn.Simulation`, a
run's HDF5 file or the dict of :func:`snn.read_run`.

    fig, (a, b) = plt.subplots(2, 1, sharex=True)
    snn.plot.raster(sim, ax=a)
    snn.plot.rates(sim, ax=b, bin_ms=5)

Each function returns the axes it drew into (a new figure's when ``ax`` is None).
"""
import os

import numpy as np


class _Run:
    """What the figures read, from a Simulation, a run's file or a read_run dict."""

    def __init__(self, source):
        from .runs import read_run
        from .simulation import Simulation

        self.simulation = source if isinstance(source, Simulation) else None
        if self.simulation is not None:
            self.sizes = self.simulation.populations
            self.duration = self.simulation.time
            self.run = None
        else:
            self.run = read_run(source) if isinstance(source, (str, os.PathLike)) else source
            self.sizes = dict(self.run["sizes"])
            self.duration = self.run["time_reached"] or self.run["duration"]

    def populations(self):
        """The populations whose spikes were recorded, in the experiment's order."""
        if self.run is not None:
            return list(self.run["spikes"])
        recorded = []
        for name in self.sizes:
            try:
                self.simulation.spikes(name)
                recorded.append(name)
            except ValueError:
                pass
        return recorded

    def spikes(self, population):
        if self.run is not None:
            if population not in self.run["spikes"]:
                raise KeyError(f"no spikes of '{population}' in the run; recorded: {', '.join(self.run['spikes'])}")
            return self.run["spikes"][population]
        return self.simulation.spikes(population)

    def state(self, population, variable):
        if self.run is None:
            times, values, neurons = self.simulation.state(population, variable)
            return times, values, neurons
        for probe in self.run["state"].values():
            if probe["population"] == population and probe["variable"] == variable:
                return probe["times"], probe["values"], probe["neurons"]
        raise KeyError(f"no recorded state {population}.{variable} in the run")

    def weights(self, projection):
        if self.run is None:
            return self.simulation.weights(projection)
        if projection not in self.run["weights"]:
            raise KeyError(f"the run's file holds the learned weights of plastic projections only; "
                           f"it has: {', '.join(self.run['weights']) or 'none'}")
        return self.run["weights"][projection][2]


def _axes(ax):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.figure().add_subplot()


def _intervals(times, neurons):
    """Inter-spike intervals (ms) of every neuron, and each neuron's CV of them (two intervals or more)."""
    order = np.lexsort((times, neurons))
    t, n = times[order], neurons[order]
    same = n[1:] == n[:-1]
    isi = np.diff(t)[same]
    owner = n[1:][same]
    cvs = []
    for neuron in np.unique(owner):
        own = isi[owner == neuron]
        if len(own) >= 2 and own.mean() > 0:
            cvs.append(own.std() / own.mean())
    return isi, np.asarray(cvs)


def raster(source, populations=None, ax=None, max_spikes=200_000, start=None, stop=None):
    """Spike raster: one row per neuron, populations stacked (the first at the top) with their names.
    At most ``max_spikes`` points are drawn (every k-th spike beyond that, and the title says so)."""
    run, ax = _Run(source), _axes(ax)
    names = populations or run.populations()
    offset, ticks = 0, []
    total = sum(len(run.spikes(name)[0]) for name in names)
    every = max(1, int(np.ceil(total / max_spikes)))
    for name in reversed(names):
        times, neurons = run.spikes(name)
        keep = np.ones(len(times), bool)
        if start is not None:
            keep &= times >= start
        if stop is not None:
            keep &= times <= stop
        t, n = times[keep][::every], neurons[keep][::every]
        ax.scatter(t, n + offset, s=1, marker=".", linewidths=0, label=name)
        ticks.append((offset + run.sizes.get(name, 0) / 2, name))
        offset += run.sizes.get(name, int(neurons.max(initial=0)) + 1)
    ax.set_yticks([y for y, _ in ticks], [name for _, name in ticks])
    ax.set_xlabel("time (ms)")
    ax.set_xlim(start or 0, stop or run.duration)
    ax.set_ylim(0, max(offset, 1))
    if every > 1:
        ax.set_title(f"every {every}th spike shown")
    return ax


def rates(source, populations=None, ax=None, bin_ms=5.0):
    """Population rates (spikes/s per neuron) in bins of ``bin_ms``, one line per population."""
    run, ax = _Run(source), _axes(ax)
    edges = np.arange(0.0, run.duration + bin_ms, bin_ms)
    for name in populations or run.populations():
        times, _ = run.spikes(name)
        counts, _ = np.histogram(times, bins=edges)
        ax.plot(edges[:-1] + bin_ms / 2, counts / (run.sizes[name] * bin_ms * 1e-3), label=name)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("rate (spikes/s)")
    ax.legend(loc="upper right", fontsize="small")
    return ax


def isi(source, population, ax=None, bins=50):
    """Histogram of the inter-spike intervals (ms) of a population's neurons."""
    run, ax = _Run(source), _axes(ax)
    intervals, _ = _intervals(*run.spikes(population))
    ax.hist(intervals, bins=bins)
    ax.set_xlabel("inter-spike interval (ms)")
    ax.set_ylabel("intervals")
    ax.set_title(population)
    return ax


def cv(source, population, ax=None, bins=30):
    """Histogram of the neurons' coefficients of variation of their inter-spike intervals (1: Poisson)."""
    run, ax = _Run(source), _axes(ax)
    _, cvs = _intervals(*run.spikes(population))
    ax.hist(cvs, bins=bins)
    ax.axvline(1.0, color="gray", linestyle="--", linewidth=1)
    ax.set_xlabel("CV of inter-spike intervals")
    ax.set_ylabel("neurons")
    ax.set_title(population)
    return ax


def traces(source, population, variable, ax=None, neurons=None):
    """Sampled state (``record.state``) of a population's probed neurons against time."""
    run, ax = _Run(source), _axes(ax)
    times, values, probed = run.state(population, variable)
    for column, neuron in enumerate(probed):
        if neurons is None or neuron in neurons:
            ax.plot(times, values[:, column], label=f"{population}[{neuron}]", linewidth=1)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel(variable)
    ax.legend(loc="upper right", fontsize="small")
    return ax


def weights(source, projection, ax=None, bins=50):
    """Histogram of a projection's weights (as they stand: learned so far)."""
    run, ax = _Run(source), _axes(ax)
    ax.hist(np.asarray(run.weights(projection)), bins=bins)
    ax.set_xlabel("weight")
    ax.set_ylabel("synapses")
    ax.set_title(projection)
    return ax
