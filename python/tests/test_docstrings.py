"""Every public name of the package says what it does (help(snn.Simulation) is worth reading)."""
import inspect

import snn


def public_members():
    for module in (snn, snn.plot, snn.nir):
        for name in getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]:
            member = getattr(module, name)
            if inspect.ismodule(member) or not callable(member):
                continue
            if getattr(member, "__module__", "").split(".")[0] != "snn":
                continue  # imported from elsewhere (numpy, matplotlib)
            yield f"{module.__name__}.{name}", member
            if inspect.isclass(member):
                for attribute, value in vars(member).items():
                    if attribute.startswith("_"):
                        continue
                    function = value.fget if isinstance(value, property) else value
                    if callable(function):
                        yield f"{module.__name__}.{name}.{attribute}", function


def test_every_public_function_and_class_has_a_docstring():
    members = list(public_members())
    assert len(members) > 40, "the package's public names were not found"
    missing = [name for name, member in members if not (inspect.getdoc(member) or "").strip()]
    assert not missing, f"no docstring: {missing}"


def test_help_of_the_simulation_names_its_methods():
    text = inspect.getdoc(snn.Simulation) + "".join(inspect.getdoc(getattr(snn.Simulation, m)) or "" for m in ("run", "run_steps", "spikes", "inject_spikes", "set_input", "readout"))
    for word in ("backend", "ms", "spikes", "neurons"):
        assert word in text
