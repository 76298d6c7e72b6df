"""The Python package's costs against the engine's own: a network built once and run from Python
against `snn bench` of the same experiment; an input rate changed and the run continued (the run's
cost, not a rebuild's); the closed loop's round trip (examples/closed_loop/pole_balancing.py).

    PYTHONPATH=build/python python3 benchmarks/python_runs.py EXPERIMENT.yaml [--backend cpu|cuda]
        [--set key=value ...] [--duration MS] [--rate HZ] [--snn build/snn]

Prints one line per measurement; the figures go to docs/benchmarks.md with the machine and date.
"""
import argparse
import json
import subprocess
import tempfile
import time

import snn


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("experiment")
    parser.add_argument("--backend", default="cpu")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--set", action="append", default=[], help="key=value, as snn run --set")
    parser.add_argument("--duration", type=float, default=1000.0, help="ms of each timed run")
    parser.add_argument("--snn", default="build/snn")
    parser.add_argument("--rate", type=float, default=5000.0, help="Hz: the first Poisson input's new rate")
    args = parser.parse_args()
    overrides = dict(item.split("=", 1) for item in args.set)

    with tempfile.NamedTemporaryFile(suffix=".jsonl") as results:
        command = [args.snn, "bench", args.experiment, "--backend", args.backend, "--duration", str(args.duration),
                   "--no-progress", "--results", results.name]
        if args.threads is not None:
            command += ["--threads", str(args.threads)]
        for key, value in overrides.items():
            command += ["--set", f"{key}={value}"]
        subprocess.run(command, check=True, capture_output=True)
        bench = json.loads(open(results.name).read().splitlines()[-1])
    bench_wall = bench.get("real_time_factor", 0) * args.duration / 1000.0

    start = time.perf_counter()
    sim = snn.Simulation(snn.load(args.experiment, set=overrides), backend=args.backend, threads=args.threads)
    built = time.perf_counter() - start
    start = time.perf_counter()
    sim.run(args.duration)
    first = time.perf_counter() - start
    inputs = [entry for entry in sim.experiment.doc.get("inputs") or [] if entry.get("type") == "poisson"]
    print(f"{args.experiment} on {sim.device}: built in {built:.2f} s")
    print(f"snn bench: {bench_wall:.3f} s for {args.duration:g} ms; Python run(): {first:.3f} s ({first / bench_wall:.3f}x)")
    if inputs:
        entry = inputs[0]
        name = entry.get("name", f"poisson->{entry['target']}")
        start = time.perf_counter()
        sim.set_input(name, "rate", args.rate)
        changed = time.perf_counter() - start
        start = time.perf_counter()
        sim.run(args.duration)
        again = time.perf_counter() - start
        print(f"set_input({name!r}, 'rate'): {1e3 * changed:.2f} ms; the next run(): {again:.3f} s "
              f"(a rebuild would cost {built:.2f} s)")


if __name__ == "__main__":
    main()
