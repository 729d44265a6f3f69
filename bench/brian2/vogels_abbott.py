"""Brian2 side of `npm run bench -- snn`: the COBA and CUBA networks of Brette et al. (2007),
Benchmarks 1 and 2 (Vogels & Abbott 2005), with exactly the parameters, initial state and
conventions of bench/networks/vogelsAbbott.ts: 4000 LIF neurons (3200 exc, 800 inh), p = 0.02,
delay 0 (Brian2's default), t_ref 5 ms, dt 0.1 ms, no external input.

  HOME=$(mktemp -d) /usr/bin/python3 bench/brian2/vogels_abbott.py --model coba --device cpp_standalone

Builds the network (and, standalone, compiles it), prints a JSON line {"ready": true, …}, then
for every line `run` on stdin runs `warmup_s` untimed (as the spikeloop side does; runtime
devices warm up once) and `bio_s` timed, and prints one JSON line: cpu_s and wall_s of the timed run only (compilation, code generation, connectivity and
initialisation excluded), spikes and synaptic events of the timed run, synapse count.
 - cpp_standalone: cpu_s is Brian2's own `device._last_run_time` (std::clock() around the
   network's step loop, single-threaded build, so CPU seconds of the simulation itself); wall_s
   is measured by clock_gettime(CLOCK_MONOTONIC) code inserted around the same run.
 - cython / numpy (runtime): time.process_time() and time.perf_counter() around the timed
   net.run(); code objects are compiled during the warm-up run.
With --network (what `npm run bench -- snn` passes) the synapses and initial state are spikeloop's
own, so both simulators run the very same network. Synaptic events are counted as spikeloop counts them: every spike of a neuron is one event per
outgoing synapse (Σ spikes_i · out_degree_i).
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', choices=['coba', 'cuba'], required=True)
    ap.add_argument('--device', choices=['cpp_standalone', 'cython', 'numpy'], default='cpp_standalone')
    ap.add_argument('--bio-s', type=float, default=1.0)
    ap.add_argument('--warmup-s', type=float, default=0.1)
    ap.add_argument('--dt-ms', type=float, default=0.1)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--network', help='JSON with the synapses (exc_pre, exc_post, inh_pre, inh_post: pre indices '
                    'within their population, post indices 0–3999) and initial state (v_mV, and gExc_nS, gInh_nS '
                    'for COBA) of the spikeloop network, so both simulate the very same network; without it, '
                    "Brian2's own p = 0.02 draw and initial-state distributions")
    ap.add_argument('--coba-method', default='exponential_euler',
                    help="Brian2 integration method for COBA (default exponential_euler, what spikeloop's coba-lif does; 'euler' is cheaper)")
    a = ap.parse_args()

    import brian2 as b2
    from brian2 import ms, mV, nS, pF, NeuronGroup, Synapses, SpikeMonitor, Network, defaultclock

    build_dir = None
    if a.device == 'cpp_standalone':
        build_dir = tempfile.mkdtemp(prefix='spikeloop-brian2-')
        b2.set_device('cpp_standalone', directory=build_dir, build_on_run=False)
        b2.prefs.devices.cpp_standalone.openmp_threads = 0  # one thread, as spikeloop
    else:
        b2.prefs.codegen.target = a.device
    b2.seed(a.seed)
    defaultclock.dt = a.dt_ms * ms

    if a.model == 'coba':
        # Brette et al. 2007 Benchmark 1, as bench/networks/vogelsAbbott.ts cobaSpec.
        ns = dict(g_l=10 * nS, E_l=-60 * mV, E_e=0 * mV, E_i=-80 * mV, C_m=200 * pF, tau_e=5 * ms, tau_i=10 * ms,
                  V_th=-50 * mV, V_r=-60 * mV)
        eqs = '''
        dv/dt = (g_l * (E_l - v) + g_e * (E_e - v) + g_i * (E_i - v)) / C_m : volt (unless refractory)
        dg_e/dt = -g_e / tau_e : siemens
        dg_i/dt = -g_i / tau_i : siemens
        '''
        # Nonlinear (g·v): Brian2 picks exponential Euler; spikeloop's coba-lif is exponential Euler
        # with mid-step conductances (cobaLif.ts), so the rates agree statistically, not spike for spike.
        P = NeuronGroup(4000, eqs, threshold='v > V_th', reset='v = V_r', refractory=5 * ms,
                        method=a.coba_method, namespace=ns)
        P.v = 'E_l + (randn() * 5 - 5) * mV'
        P.g_e = '(randn() * 1.5 + 4) * 10 * nS'
        P.g_i = '(randn() * 12 + 20) * 10 * nS'
        w_e, w_i, var_e, var_i = 6 * nS, 67 * nS, 'g_e', 'g_i'
    else:
        # Benchmark 2, as cubaSpec: jumps of 1.62 mV and 9 mV on voltage-valued currents.
        ns = dict(tau_m=20 * ms, tau_e=5 * ms, tau_i=10 * ms, V_th=-50 * mV, V_r=-60 * mV, E_l=-49 * mV)
        eqs = '''
        dv/dt = (g_e - g_i - (v - E_l)) / tau_m : volt (unless refractory)
        dg_e/dt = -g_e / tau_e : volt
        dg_i/dt = -g_i / tau_i : volt
        '''
        P = NeuronGroup(4000, eqs, threshold='v > V_th', reset='v = V_r', refractory=5 * ms, method='exact',
                        namespace=ns)
        P.v = 'V_r + rand() * (V_th - V_r)'
        w_e, w_i, var_e, var_i = 1.62 * mV, 9 * mV, 'g_e', 'g_i'
    Pe, Pi = P[:3200], P[3200:]
    Ce = Synapses(Pe, P, on_pre=f'{var_e} += {float(w_e)!r}*{"siemens" if a.model == "coba" else "volt"}')
    Ci = Synapses(Pi, P, on_pre=f'{var_i} += {float(w_i)!r}*{"siemens" if a.model == "coba" else "volt"}')
    if a.network:
        with open(a.network) as f:
            given = json.load(f)
        Ce.connect(i=np.asarray(given['exc_pre']), j=np.asarray(given['exc_post']))
        Ci.connect(i=np.asarray(given['inh_pre']), j=np.asarray(given['inh_post']))
        P.v = np.asarray(given['v_mV']) * mV
        if a.model == 'coba':
            P.g_e = np.asarray(given['gExc_nS']) * nS
            P.g_i = np.asarray(given['gInh_nS']) * nS
    else:
        Ce.connect(p=0.02)
        Ci.connect(p=0.02)
    mon = SpikeMonitor(P, record=False)
    net = Network(P, Ce, Ci)
    net.run(a.warmup_s * 1000 * ms)
    net.add(mon)
    info = dict(model=a.model, device=a.device, method=a.coba_method if a.model == 'coba' else 'exact', neurons=4000, dt_ms=a.dt_ms, bio_s=a.bio_s, brian2=b2.__version__)
    dev = b2.get_device() if a.device == 'cpp_standalone' else None
    if dev is not None:
        dev.insert_code('main', 'struct timespec _slw0, _slw1; clock_gettime(CLOCK_MONOTONIC, &_slw0);')
        net.run(a.bio_s * 1000 * ms)
        dev.insert_code('main', 'clock_gettime(CLOCK_MONOTONIC, &_slw1); { FILE* _f = fopen("results/spikeloop_wall_s.txt", "w"); '
                                'fprintf(_f, "%.9f", (_slw1.tv_sec - _slw0.tv_sec) + 1e-9 * (_slw1.tv_nsec - _slw0.tv_nsec)); fclose(_f); }')
        t0 = time.perf_counter()
        dev.build(directory=build_dir, compile=True, run=False, with_output=False)
        info['compile_s'] = time.perf_counter() - t0

    def out_degree():
        return np.bincount(np.concatenate([np.asarray(Ce.i[:]), 3200 + np.asarray(Ci.i[:])]), minlength=4000)

    counts0 = np.zeros(4000, dtype=np.int64)
    if dev is None:
        # Runtime devices generate and compile the monitor's code at its first run: one untimed step.
        net.run(a.dt_ms * ms)
        counts0 = np.asarray(mon.count[:], dtype=np.int64)
    # One timed run per 'run' line on stdin, so the caller can interleave rounds with its own.
    emit(dict(ready=True, **info))
    for line in sys.stdin:
        if line.strip() != 'run':
            continue
        out = dict(info)
        if dev is not None:
            # The same compiled binary each round: same seed, same network, same spikes.
            dev.run(directory=build_dir, with_output=False, run_args=[])
            out['cpu_s'] = float(dev._last_run_time)
            with open(os.path.join(build_dir, 'results', 'spikeloop_wall_s.txt')) as f:
                out['wall_s'] = float(f.read())
        else:
            c0, w0 = time.process_time(), time.perf_counter()
            net.run(a.bio_s * 1000 * ms)
            out['cpu_s'], out['wall_s'] = time.process_time() - c0, time.perf_counter() - w0
        counts = np.asarray(mon.count[:], dtype=np.int64)
        if dev is None:
            counts, counts0 = counts - counts0, counts
        out['synapses'] = int(len(Ce) + len(Ci))
        out['spikes'] = int(counts.sum())
        out['syn_events'] = int((counts * out_degree()).sum())
        emit(out)
    if build_dir is not None:
        shutil.rmtree(build_dir, ignore_errors=True)


def emit(obj):
    sys.stdout.write(json.dumps(obj) + '\n')
    sys.stdout.flush()


if __name__ == '__main__':
    main()
