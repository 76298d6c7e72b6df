"""Running an experiment: :class:`Simulation` builds the network once and runs it in pieces."""
import os

import numpy as np

from . import _snn
from .experiment import Experiment, load


class Simulation:
    """An experiment's network, built once, on the CPU or the CUDA engine.

    ``run(ms)`` advances it from where the last call stopped (``run(100); run(100)`` gives the spikes of
    ``run(200)``, bit for bit); ``spikes(population)`` returns what was recorded so far as numpy arrays.
    With ``output``, the run is written to that HDF5 file as ``snn run`` writes it (complete once
    :meth:`close` is called, or the simulation is left as a context manager). Ctrl-C during ``run()``
    stops within a fraction of a second and raises KeyboardInterrupt; what was recorded is kept.

    ``backend``: "cpu", "cuda" or "auto" (CUDA where a GPU is usable). ``threads``: CPU threads (None:
    the experiment's ``simulation.threads``, 0 there meaning every core). ``simd``: the CPU engine's
    vector instructions ("auto", "baseline", "avx2", "avx512"; the same spikes at every level).
    ``cuda_kernel``: how the CUDA engine steps ("auto", "fused", "graph", "overlapped").
    ``keep_all_spikes``: keep the spikes of every population, not only those the experiment records.
    """

    def __init__(self, experiment, backend="auto", threads=None, simd="auto", cuda_kernel="auto", output=None,
                 keep_all_spikes=False):
        if isinstance(experiment, (str, os.PathLike)):
            experiment = load(experiment)
        if not isinstance(experiment, Experiment):
            raise TypeError(f"Simulation takes an snn.Experiment or the path of an experiment file, not {type(experiment).__name__}")
        self.experiment = experiment
        self._spec = experiment.spec()
        self._sizes = dict(self._spec.populations)
        self._core = _snn.Simulation(self._spec, backend, -1 if threads is None else int(threads), simd, cuda_kernel,
                                     None if output is None else os.fspath(output), bool(keep_all_spikes))
        self.output = output

    # -- running ----------------------------------------------------------------------------------

    def run(self, duration=None):
        """Advances ``duration`` ms (whole steps) from where the last call stopped; None: to the end of the
        experiment's ``simulation.duration``. Returns self."""
        self._core.run(duration)
        return self

    def run_steps(self, steps):
        """Advances ``steps`` time steps. Returns self."""
        self._core.run_steps(int(steps))
        return self

    # -- changes between runs (the network is not built again) ---------------------------------------

    def set_parameter(self, population, name, value):
        """Sets a neuron parameter of a population (``"tau_m"``, ``"V_th"``...; ``snn.models()`` lists them)
        to one value for every neuron or an array of one per neuron; the constants derived from it follow.
        The run goes on as if the network had been built with it."""
        self._core.set_parameter(population, name, np.atleast_1d(np.asarray(value, dtype=np.float32)))
        return self

    def set_input(self, input, key, value):
        """Sets an input's ``"rate"`` (Poisson, Hz), ``"weight"`` (Poisson) or ``"amplitude"`` (constant
        current, pA): one value or one per target neuron. Inputs are named by their ``name`` in the
        experiment, else ``"<type>-><target>"`` (``"poisson->exc"``)."""
        self._core.set_input(input, key, np.atleast_1d(np.asarray(value, dtype=np.float32)))
        return self

    def inject_spikes(self, population, neurons, times=None):
        """Makes neurons of a spike source (``model: spike_source_array``; ``spike_times: []`` gives
        one with no spikes of its own) fire: ``neurons`` (indices) at ``times`` (ms, one per neuron,
        later than :attr:`time`), or all at the end of the next step (``times=None``: the next
        ``run_steps(1)`` emits them). A spike at t is emitted by the step that ends at t, as the
        source's own ``spike_times`` are, and reaches its targets after their projections' delays.
        Returns self."""
        neurons = np.atleast_1d(np.asarray(neurons, dtype=np.int64))
        if times is None:
            steps = np.full(neurons.shape, self.step, dtype=np.int64)
        else:
            ends = np.floor(np.broadcast_to(np.asarray(times, dtype=np.float64), neurons.shape) / self.dt + 0.5)
            steps = ends.astype(np.int64) - 1  # the step that ends at t, rounded as the builder rounds
        if (neurons < 0).any():
            raise ValueError(f"{population}: neuron indices must be >= 0")
        if (steps < self.step).any():
            late = float((steps[steps < self.step][0] + 1) * self.dt)
            raise ValueError(f"{population}: a spike at {late:g} ms, which is not after the time simulated ({self.time:g} ms)")
        self._core.inject_spikes(population, neurons.tolist(), steps.tolist())
        return self

    def set_weights(self, projection, weights):
        """Sets a projection's weights: one per synapse, in the order of :meth:`synapses`, or one for all."""
        weights = np.asarray(weights, dtype=np.float32)
        if weights.ndim == 0:
            weights = np.full(len(self.weights(projection)), weights, dtype=np.float32)
        self._core.set_weights(self._projection_name(projection), weights)
        return self

    def set_plasticity(self, projection, setting, value):
        """Sets a numeric setting of a plastic projection's learning rule (``"learning_rate"``, ``"eta"``,
        ``"A_plus"``...; ``snn models`` lists each rule's), keeping its traces and eligibilities."""
        self._core.set_plasticity(self._projection_name(projection), setting, float(value))
        return self

    def close(self):
        """Completes the output file (counts, learned weights, its status). Safe to call twice."""
        self._core.close()

    def __enter__(self):
        """The simulation itself; leaving the block closes it (completes the output file)."""
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # -- results ----------------------------------------------------------------------------------

    def spikes(self, population, since=None):
        """Spike times (ms, float64) and neuron indices (uint32) of a recorded population, in time order;
        with ``since`` (ms), only those after it (times > since), found without reading the others."""
        from_step = 0 if since is None else max(0, int(np.floor(since / self.dt + 1e-9)))
        return self._core.spikes(population, from_step)

    def rates(self):
        """Per population: neurons, spikes, mean rate (Hz) and CV of the inter-spike intervals, so far."""
        return {s["population"]: s for s in self._core.summaries()}

    def state(self, population, variable):
        """Sampled state of a recorded variable (``record.state``): (times ms, values [sample, neuron], neurons)."""
        for k, (pop, var, interval) in enumerate(self._core.state_probes()):
            if pop == population and var == variable:
                values, neurons = self._core.state(k)
                times = (np.arange(values.shape[0]) + 1) * interval * self.dt
                return times, values, neurons
        recorded = ", ".join(f"{p}.{v}" for p, v, _ in self._core.state_probes()) or "none"
        raise KeyError(f"no recorded state {population}.{variable} (recorded: {recorded})")

    def readout(self, name):
        """A host readout's samples so far (the experiment's ``readouts``, computed beside the engine as
        ``snn run`` computes them): a dict with ``kind`` ("spikes" or "force"), ``times`` (ms),
        ``values`` [sample, output] and, for a FORCE readout, ``teacher`` (the target's filtered
        trains, else None)."""
        return self._core.readout(name)

    @property
    def readouts(self):
        """The names of the experiment's host readouts."""
        return list(self._core.readouts)

    def synapses(self, projection):
        """A projection's synapses as they stand now: sources, targets, weights and delays (ms)."""
        index = self._projection_index(projection)
        sources, targets, weights, delay_steps = self._core.synapses(index)
        return sources, targets, weights, delay_steps.astype(np.float64) * self.dt

    def weights(self, projection):
        """A projection's weights as they stand now (learned so far), in its synapse table's order."""
        return self._core.synapses(self._projection_index(projection))[2]

    # -- facts ------------------------------------------------------------------------------------

    @property
    def time(self):
        """Biological time simulated so far, ms."""
        return self._core.time

    @property
    def step(self):
        """Steps simulated so far."""
        return self._core.step

    @property
    def dt(self):
        """The time step, ms."""
        return self._spec.dt

    @property
    def backend(self):
        """The engine that runs it: "cpu" or "cuda"."""
        return self._core.backend

    @property
    def device(self):
        """What runs it ("2 CPU threads", the GPU's name)."""
        return self._core.device

    @property
    def populations(self):
        """Population names and sizes."""
        return dict(self._sizes)

    @property
    def wall_seconds(self):
        """Wall time spent in run() so far."""
        return self._core.wall_seconds

    @property
    def build_seconds(self):
        """Wall time building the network on the host."""
        return self._core.build_seconds

    def _projection_name(self, projection):
        return self._spec.projections[self._projection_index(projection)]

    def _projection_index(self, projection):
        names = self._spec.projections
        if isinstance(projection, int):
            return projection
        if projection not in names:
            raise KeyError(f"no projection named '{projection}'; projections: {', '.join(names)}")
        return names.index(projection)

    def __repr__(self):
        return f"<snn.Simulation '{self.experiment.name}' on {self.backend} at {self.time:g} ms>"
