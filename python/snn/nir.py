"""NIR graphs (the Neuromorphic Intermediate Representation): read, write and run them.

    import snn
    graph = snn.nir.load("cnn.nir")            # the nir package's dictionary form
    result = snn.nir.run(graph, data)           # data: [steps, batch, *input shape]
    spikes = result["outputs"]["output"]        # [steps, batch, *output shape]
    snn.nir.save(graph, "copy.nir")

A graph is a dictionary as ``nir.NIRGraph.to_dict()`` gives it: ``{"type": "NIRGraph", "nodes":
{name: {"type": "LIF", "tau": array, ...}}, "edges": [(source, target), ...]}``; a ``nir.NIRGraph``
object is taken too. How the graph runs and the two discretisations: docs/nir.md.
"""
from . import _snn

NirError = _snn.NirError


def _as_dict(graph):
    if isinstance(graph, dict):
        return graph
    if hasattr(graph, "to_dict"):  # a nir.NIRGraph
        return graph.to_dict()
    return load(graph)  # a path


def load(path):
    """The NIR file at ``path`` as a dictionary (numpy arrays for parameters, ``"version"`` added).
    Raises :class:`NirError` naming the file, node and reason for anything malformed."""
    return _snn.nir_read(str(path))


def save(graph, path):
    """Writes ``graph`` (a dictionary or a ``nir.NIRGraph``) as ``nir.write`` does."""
    _snn.nir_write(_as_dict(graph), str(path))


def run(graph, data, dt=1e-4, discretisation="exact", backend="auto", threads=None, record_spikes=False):
    """Runs ``graph`` (a dictionary, a ``nir.NIRGraph`` or a path) on ``data``, [steps, *input shape]
    or [steps, batch, *input shape] (a dict {Input node: array} for a graph of several Input nodes),
    with steps of ``dt`` seconds.

    ``discretisation``: "exact" (each step's input held, the equations solved exactly; the default) or
    "snntorch" (forward Euler as snnTorch's NIR import steps it, in its arithmetic). ``backend``:
    "cpu", "cuda" or "auto" (CUDA where a GPU is usable); both give the same bits. Returns a dict:
    ``outputs`` {Output node: [steps, batch, *shape]}, ``spikes`` {spiking node: [steps, batch,
    *shape]} when ``record_spikes``, ``counts`` per node (what it received and fired),
    ``wall_time`` and ``energy_architecture`` (YAML for :func:`snn.energy`). Ctrl-C stops it
    (KeyboardInterrupt)."""
    name = str(graph) if not isinstance(graph, dict) and not hasattr(graph, "to_dict") else "graph"
    graph = _as_dict(graph)
    if not isinstance(data, dict):
        inputs = [key for key, node in graph["nodes"].items() if node["type"] == "Input"]
        if len(inputs) != 1:
            raise NirError(f"{name}: {len(inputs)} Input nodes ({', '.join(inputs)}): give data as {{node: array}}")
        data = {inputs[0]: data}
    return _snn.nir_run(graph, data, float(dt), discretisation, backend, 0 if threads is None else int(threads),
                        bool(record_spikes), name)
