"""Experiments built or changed in Python.

An :class:`Experiment` is the YAML document of docs/experiment-schema.md held as Python dicts and
lists, with the same keys and the same meaning: build one in code with :meth:`Experiment.population`,
:meth:`Experiment.projection`, :meth:`Experiment.input` and :meth:`Experiment.record`, or read a YAML
file with :func:`load` and change it (``exp.doc["populations"]["exc"]["size"] = 400`` or
``exp.set("populations.exc.size", 400)``). The library checks it when it is built: errors are
:class:`snn.ExperimentError` with the library's message, which names the offending key.
"""
import copy
import json
import os

from . import _snn


def _setting_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _settings(overrides):
    """{"a.b": 1} or ["a.b=1"] -> ["a.b=1"], the form of `snn run --set`."""
    if overrides is None:
        return []
    if isinstance(overrides, dict):
        return [f"{path}={_setting_text(value)}" for path, value in overrides.items()]
    return [str(setting) for setting in overrides]


class Experiment:
    """A network (populations, projections, inputs, modulators) and what to record of it.

    ``doc`` is the experiment's document: the YAML schema as dicts and lists, free to read and change.
    """

    def __init__(self, name="experiment", dt=0.1, duration=1000.0, seed=1, description=None):
        """A new experiment with no populations yet: time step ``dt`` and ``duration`` in ms."""
        self.doc = {"name": name, "simulation": {"dt": dt, "duration": duration, "seed": seed}}
        if description is not None:
            self.doc["description"] = description
        self._path = None
        self._overrides = []
        self._as_read = None

    # -- building ---------------------------------------------------------------------------------

    def constant(self, name, value):
        """A named constant usable in the expressions of any value (``"C_E / 4"``)."""
        self.doc.setdefault("constants", {})[name] = value
        return self

    def population(self, name, model, size, parameters=None, initial=None, **settings):
        """A population of ``size`` neurons of a registered model (``snn.models()`` lists them, with every
        parameter, unit, default and range) or a source (poisson_source, spike_source_array,
        encoded_source). Other keys of the schema (``substeps``, ``integrator``, ``rate``,
        ``spike_times``, ``positions``, ...) go in ``settings``. Values take distributions:
        ``{"uniform": {"low": 0, "high": 20}}``."""
        entry = {"model": model, "size": size}
        if parameters:
            entry["parameters"] = dict(parameters)
        if initial:
            entry["initial"] = dict(initial)
        entry.update(settings)
        self.doc.setdefault("populations", {})[name] = entry
        return self

    def projection(self, source, target, connector, synapse, weight, delay, name=None, plasticity=None, **settings):
        """Synapses from population ``source`` to ``target``: ``connector`` as ``{"rule": "fixed_indegree",
        "k": 100}``, ``synapse`` as ``{"type": "exponential_current", "tau": 5}`` (or ``delta``, or
        ``exponential_conductance`` with its reversal potential), ``weight`` and ``delay`` (ms) as numbers, expressions or distributions, and a
        learning rule in ``plasticity``. Its name (``source->target`` unless given) names it in results."""
        entry = {"source": source, "target": target, "connector": dict(connector), "synapse": dict(synapse),
                 "weight": weight, "delay": delay}
        if name is not None:
            entry["name"] = name
        if plasticity is not None:
            entry["plasticity"] = dict(plasticity)
        entry.update(settings)
        self.doc.setdefault("projections", []).append(entry)
        return self

    def input(self, type, target, **settings):
        """Input to a population: ``poisson`` (``rate``, ``weight``, ``synapse``), ``constant_current``
        (``amplitude``), ``step_current`` (``times``, ``amplitudes``), ``noise_current`` (``mean``, ``sd``)
        or ``direct``; ``start``/``stop`` (ms) and ``name`` for any of them."""
        entry = {"type": type, "target": target}
        entry.update(settings)
        self.doc.setdefault("inputs", []).append(entry)
        return self

    def modulator(self, name, **settings):
        """A global neuromodulator (the third factor of three-factor learning rules)."""
        self.doc.setdefault("modulators", {})[name] = dict(settings)
        return self

    def record(self, spikes="all", state=None, weights=None):
        """What the run keeps: ``spikes`` ("all", "none" or a list of populations), ``state`` as
        ``[{"population": "exc", "variables": ["V"], "neurons": [0, 1], "interval": 1.0}]``, and sampled
        ``weights`` of plastic projections."""
        entry = {"spikes": spikes}
        if state is not None:
            entry["state"] = list(state)
        if weights is not None:
            entry["weights"] = list(weights)
        self.doc["record"] = entry
        return self

    def set(self, path, value):
        """Sets the value at a dotted path, as ``snn run --set`` does: ``"populations.exc.size"``,
        ``"projections.0.weight"`` (list entries by index); missing mappings are created."""
        parts = path.split(".")
        node = self.doc
        for key in parts[:-1]:
            if isinstance(node, list):
                node = node[int(key)]
            else:
                node = node.setdefault(key, {})
        if isinstance(node, list):
            node[int(parts[-1])] = value
        else:
            node[parts[-1]] = value
        return self

    # -- reading it back --------------------------------------------------------------------------

    @property
    def name(self):
        """The experiment's name (stored in its runs' files)."""
        return self.doc.get("name", "experiment")

    @property
    def path(self):
        """The YAML file it was read from, or None."""
        return self._path

    def changed(self):
        """Whether the document differs from the file it was read from (always True if built in code)."""
        return self._path is None or self.doc != self._as_read

    def text(self):
        """The document as the library reads it (JSON, which is YAML)."""
        return json.dumps(self.doc, indent=1)

    def spec(self):
        """The experiment checked by the library (an ``_snn.Spec``). Errors: :class:`snn.ExperimentError`.
        Unchanged since read from a file, the file itself is read, so that errors give its line and column."""
        if not self.changed():
            return _snn.Spec.from_file(self._path, self._overrides)
        source = f"{self._path} (changed in Python)" if self._path else f"<experiment '{self.name.replace('/', '_')}' built in Python>"
        return _snn.Spec.from_text(self.text(), source)

    def validate(self):
        """Checks the experiment; raises :class:`snn.ExperimentError` naming the first problem."""
        self.spec()
        return self

    def copy(self):
        """An independent copy (changing it leaves this one as it is)."""
        return copy.deepcopy(self)

    def __repr__(self):
        populations = ", ".join(f"{n} ({p.get('size')})" for n, p in self.doc.get("populations", {}).items())
        return f"<snn.Experiment '{self.name}': {populations or 'no populations'}>"


def load(path, set=None):
    """Reads an experiment YAML file (with ``set`` as ``snn run --set``: ``{"simulation.duration": 200}``).

    The file is checked as it is read: a problem raises :class:`snn.ExperimentError` with the file, line
    and column (``e.file``, ``e.line``, ``e.column``)."""
    path = os.fspath(path)
    overrides = _settings(set)
    _snn.Spec.from_file(path, overrides)
    experiment = Experiment.__new__(Experiment)
    experiment.doc = _snn.read_document(path, overrides)
    experiment._path = path
    experiment._overrides = overrides
    experiment._as_read = copy.deepcopy(experiment.doc)
    return experiment
