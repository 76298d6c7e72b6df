"""Runs written to HDF5, and what this machine can run."""
import os

from . import _snn


def read_run(path):
    """A run's HDF5 file (from ``snn run`` or a Simulation with ``output``) as a dict: ``spikes``
    {population: (times_ms, neurons)}, ``state``, ``weights``, ``weight_history``, and the run's
    ``experiment``, ``status``, ``dt``, ``duration``, ``seed``, ``backend``."""
    return _snn.read_run(os.fspath(path))


def cuda_available():
    """(True, "") where the CUDA engine can run; else (False, the reason)."""
    return _snn.cuda_available()
