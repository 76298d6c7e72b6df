"""Ctrl-C during run() stops the run, raises KeyboardInterrupt and keeps what was recorded."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np

import snn

CHILD = textwrap.dedent("""
    import signal, sys, time
    import snn
    # Ctrl-C raises KeyboardInterrupt even where this process was started with SIGINT ignored (by a
    # shell running its caller in the background), as in any interactive session.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    exp = snn.load(sys.argv[1], set={"simulation.duration": 1e6})
    sim = snn.Simulation(exp, backend="cpu", threads=1, output=sys.argv[2])
    print("running", flush=True)
    try:
        sim.run()
        print("finished", flush=True)
    except KeyboardInterrupt:
        stopped = time.monotonic()
        sim.close()
        print(f"interrupted {sim.time} {len(sim.spikes('excitatory')[0])} {stopped!r}", flush=True)
""")


def test_ctrl_c_stops_the_run_and_keeps_the_file(experiments, tmp_path):
    output = tmp_path / "stopped.h5"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(experiments / "coba.yaml"), str(output)],
                             stdout=subprocess.PIPE, text=True, env=dict(os.environ))
    assert child.stdout.readline().strip() == "running"
    time.sleep(1.5)  # into the run (the network is built before "running")
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    out, _ = child.communicate(timeout=120)
    words = out.split()
    assert words[0] == "interrupted", out
    time_reached, spikes, stopped = float(words[1]), int(words[2]), float(words[3])
    print(f"Ctrl-C to KeyboardInterrupt: {stopped - sent:.3f} s")
    assert 0 < time_reached < 1e6
    run = snn.read_run(output)
    assert run["status"] == "interrupted"
    assert run["time_reached"] == time_reached
    times, _ = run["spikes"]["excitatory"]
    assert len(times) == spikes > 0
    assert np.all(times <= time_reached)
