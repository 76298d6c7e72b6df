"""The energy estimator (docs/energy.md) from Python: the reports ``snn energy`` writes."""
import json
import os

from . import _snn


class EnergyReport(dict):
    """One estimate: the JSON ``snn energy`` writes, as a dict (``layers``, ``snn_total``, ``baselines``
    with their break-even rates...), with ``label`` and ``text`` (the table ``snn energy`` prints)."""

    def __init__(self, label, report_json, text):
        super().__init__(json.loads(report_json))
        self.label = label
        self.text = text

    def __str__(self):
        return self.text


def energy(source, profile=None, method=None):
    """The energy of an SNN against ANN baselines of the same architecture (FP32 to binary), as
    ``snn energy`` estimates it, from:

    - a :class:`snn.Simulation` (its run so far: measured rates and synaptic events),
    - a run's HDF5 file (``snn run`` or ``output=``), a layer model's run, or an architecture YAML file,
    - or a list of those, side by side.

    ``profile``: a hardware profile YAML file or a list of them (default: the built-in 45 nm profile);
    ``method``: "full" or "synaptic_ops" (default: the architecture's own). Returns one
    :class:`EnergyReport`, or a list when several sources or profiles are given."""
    from .simulation import Simulation

    profiles = [] if profile is None else [os.fspath(p) for p in ([profile] if isinstance(profile, (str, os.PathLike)) else profile)]
    method = method or ""
    sources = source if isinstance(source, (list, tuple)) else [source]
    reports = []
    for item in sources:
        if isinstance(item, Simulation):
            described = _snn.energy_of_simulation(item._core, profiles, method)
        else:
            described = _snn.energy_of_files([os.fspath(item)], profiles, method)
        reports += [EnergyReport(*entry) for entry in described]
    return reports[0] if len(reports) == 1 else reports
