"""snn: a spiking neural network simulator with bit-identical CPU and CUDA engines.

    import snn
    exp = snn.load("experiments/brunel.yaml", set={"simulation.duration": 200})
    sim = snn.Simulation(exp, backend="cpu")
    sim.run(100)
    times, neurons = sim.spikes("excitatory")

Experiments are the YAML schema (docs/experiment-schema.md) as Python dicts: build them with
:class:`Experiment` or read them with :func:`load`. :func:`read_run` reads a run's HDF5 file;
:func:`energy` prices a run or an architecture as ``snn energy`` does; :mod:`snn.plot` draws a run
into matplotlib axes; :mod:`snn.nir` reads, writes and runs NIR graphs.
"""
from ._snn import ExperimentError
from .experiment import Experiment, load
from .simulation import Simulation
from .energy import energy, EnergyReport
from . import plot
from . import nir
from .layer_models import SpikeGPT, Spikformer, Vocabulary, read_safetensors
from .runs import read_run, cuda_available

__all__ = ["Experiment", "ExperimentError", "Simulation", "load", "read_run", "cuda_available", "energy", "EnergyReport", "plot", "nir", "Spikformer", "SpikeGPT", "Vocabulary", "read_safetensors"]
