"""A spiking network balances a pole on a cart, in closed loop at 1 ms.

The cart-pole is the classic one (Barto, Sutton & Anderson 1983: a 0.5 m half-pole of 0.1 kg on a
1 kg cart, gravity 9.8 m/s^2), integrated with forward Euler in numpy every millisecond. Each step the
network gets the pole's state as currents and answers with spikes:

- four sensory populations, each 50 LIF neurons driven by a constant current whose amplitude is set
  every step: "tilt_left"/"tilt_right" grow with the angle leaning that way, "fall_left"/"fall_right"
  with the angular velocity (the tilt also carries the cart's place and speed, so that it stays on
  its track);
- two motor populations, "push_left"/"push_right" (50 LIF neurons each), excited by the sensors of
  their side and inhibiting each other;
- the force on the cart is proportional to the difference of the motor populations' spikes in the
  last 20 ms.

The network is wired by hand, not trained: it shows the loop (set currents, run one step, read the
last step's spikes, move the cart), and the loop's cost. Run:

    PYTHONPATH=build/python python3 examples/closed_loop/pole_balancing.py [--backend cpu|cuda] [--seconds 10]

It prints how long the pole stayed up and the wall time per 1 ms round trip (Python physics, one
network step, reading spikes, setting currents).
"""
import argparse
import time

import numpy as np

import snn

SENSORS = ("tilt_left", "tilt_right", "fall_left", "fall_right")
MOTORS = ("push_left", "push_right")
NEURONS = 50


class CartPole:
    """The cart-pole of Barto, Sutton & Anderson (1983), forward Euler at `dt` seconds."""

    gravity, cart_mass, pole_mass, half_length = 9.8, 1.0, 0.1, 0.5

    def __init__(self, dt, angle=0.05):
        self.dt = dt
        self.x = self.x_dot = self.theta_dot = 0.0
        self.theta = angle  # rad, positive: leaning right

    def step(self, force):
        total = self.cart_mass + self.pole_mass
        sin, cos = np.sin(self.theta), np.cos(self.theta)
        temp = (force + self.pole_mass * self.half_length * self.theta_dot ** 2 * sin) / total
        theta_acc = (self.gravity * sin - cos * temp) / (
            self.half_length * (4.0 / 3.0 - self.pole_mass * cos ** 2 / total))
        x_acc = temp - self.pole_mass * self.half_length * theta_acc * cos / total
        self.x += self.dt * self.x_dot
        self.x_dot += self.dt * x_acc
        self.theta += self.dt * self.theta_dot
        self.theta_dot += self.dt * theta_acc

    def fallen(self):
        return abs(self.theta) > 12 * np.pi / 180 or abs(self.x) > 2.4


def controller(seconds):
    net = snn.Experiment("pole_balancing", dt=0.1, duration=seconds * 1000, seed=1)
    neuron = {"tau_m": 10, "C_m": 250, "E_L": -65, "V_th": -50, "V_reset": -65, "t_ref": 2}
    for name in SENSORS + MOTORS:
        net.population(name, "lif", NEURONS, parameters=neuron, initial={"V": {"uniform": {"low": -65, "high": -50}}})
    for name in SENSORS:
        net.input("constant_current", name, amplitude=0.0, name=f"drive_{name}")
    excite = {"type": "exponential_current", "tau": 2}
    # Leaning right, or falling right: push the cart right, under the pole.
    for sensor, motor in (("tilt_left", "push_left"), ("fall_left", "push_left"),
                          ("tilt_right", "push_right"), ("fall_right", "push_right")):
        net.projection(sensor, motor, connector={"rule": "fixed_indegree", "k": 20}, synapse=excite, weight=150, delay=1.0)
    for a, b in (("push_left", "push_right"), ("push_right", "push_left")):
        net.projection(a, b, connector={"rule": "fixed_indegree", "k": 20}, synapse=excite, weight=-100, delay=1.0)
    net.record(spikes=list(MOTORS))
    return net


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="cpu")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()

    sim = snn.Simulation(controller(args.seconds), backend=args.backend, threads=args.threads)
    pole = CartPole(dt=1e-3)
    window_ms, gain_pA, force_per_spike = 20.0, (2000.0, 400.0), 0.5
    steps_per_ms = int(round(1.0 / sim.dt))
    start = time.perf_counter()
    ms = 0
    while ms < args.seconds * 1000 and not pole.fallen():
        # The pole's state as currents: each sensor responds to one sign of angle or angular velocity.
        # The cart's place and speed enter the tilt as a linear controller's would (pushing the cart
        # away first, so that the pole leans back towards the middle).
        tilt = gain_pA[0] * (pole.theta + 0.055 * pole.x + 0.09 * pole.x_dot)
        fall = gain_pA[1] * pole.theta_dot
        for name, amplitude in (("tilt_left", -tilt), ("tilt_right", tilt), ("fall_left", -fall), ("fall_right", fall)):
            sim.set_input(f"drive_{name}", "amplitude", max(0.0, 300.0 + amplitude))
        sim.run_steps(steps_per_ms)
        ms += 1
        since = max(0.0, sim.time - window_ms)
        left = len(sim.spikes("push_left", since=since)[0])
        right = len(sim.spikes("push_right", since=since)[0])
        pole.step(force_per_spike * (right - left))
    wall = time.perf_counter() - start
    # The same number of steps in one call, without the loop: what the network itself costs.
    start = time.perf_counter()
    sim.run_steps(steps_per_ms * ms)
    network = time.perf_counter() - start
    print(f"pole up for {ms / 1000:.3f} s of {args.seconds:g} s (angle {np.degrees(pole.theta):.2f} deg, cart at {pole.x:.2f} m)")
    per_trip, per_network = 1e6 * wall / max(ms, 1), 1e6 * network / max(ms, 1)
    print(f"{ms} round trips of 1 ms on {sim.device}: {per_trip:.1f} us each, of which the network's steps "
          f"{per_network:.1f} us (run in one call) and the loop {per_trip - per_network:.1f} us "
          f"(physics, 4 currents set, 2 spike reads, 1 run call)")


if __name__ == "__main__":
    main()
