#!/usr/bin/env python3
"""Replay a relucert-mpi work-item trace (RELUCERT_MPI_TRACE) with P workers: a discrete-event
simulation of the master/worker protocol of src/solver/remote.cpp (issue 12).

Usage: bench/mpi_sim.py TRACE [TRACE ...] [--workers 2,16,64,256,1024] [--overhead model|recorded]
                        [--order recorded|fifo] [--overshoot-us 60] [--poll-cpu-us 0]
                        [--master-cores 1] [--stats] [--json]

The trace has one line per work item (item <proxy> <fragment(s), comma-separated> <depth> <sent> <received> <applied>
<busy> <bytes out> <bytes in> <nodes> <fragments of the open nodes returned>...). An item whose
fragment some item X returned is X's child; it becomes *ready* once X's result has been applied by
the master; root items (fragments nobody returned) are ready at time 0. The item tree, each item's
worker busy time, its message sizes and its master time are taken as recorded.

Model (one simulated run):
  * P workers, each holding one item at a time, as the real worker ranks.
  * Ready items are taken in an order given by --order: `recorded` (default): the item the real
    run sent first (its `sent` time), which keeps the real pool's best-bound-with-plunging order
    as far as the trace shows it; `fifo`: the order in which items became ready.
  * A worker's time for an item (--overhead):
      `recorded`: the recorded round trip (received - sent) as it happened on the machine of the
        trace: busy time, the worker's serialization, MPI, the polling naps and the waits for a
        core on an oversubscribed machine;
      `model` (default): the WORK message's one-way time (table below, by its bytes), the worker's
        detection of it by polling (naps of 20 us doubling to 200 us, each longer by
        --overshoot-us, the sleep overshoot; the worker starts waiting when its previous result
        was received), the busy time, the worker's serialization of the result (beta * bytes in,
        beta fitted to the trace: received - sent - busy = alpha + beta * bytes in), the result's
        envelope (16 B one-way), and its detection by the proxy's polling (same naps; restarted
        every 50 ms as receive(0.05) does).
  * The master is --master-cores servers (default 1) working through one FIFO queue of jobs. A
    result's job costs the transfer of its bytes (one-way time of the table: MPI_Recv of a
    rendezvous message runs under rank 0's single MPI mutex), the recorded apply time
    (applied - received: parsing, stitching the text into the fragment store under its lock,
    pushing the open nodes), and the dispatch of the proxy's next item (take + WORK message: the
    median gap between an item's apply and its proxy's next send in the trace). An item that
    becomes ready while workers are idle costs a dispatch job. With --poll-cpu-us C > 0, the
    proxies' polling takes P * C / (200 us + overshoot) of rank 0's --rank0-cores cores (rank 0
    polls each worker's channel in a thread of its own); the master's service times grow by
    1 / (1 - that share) (saturated if >= 1).
  * Message costs (Open MPI 4.1, vader shared memory, measured here, /work/notes/mpi-faults.md
    section 5): one-way 0.18 us at 16 B, 0.33 us at 1 KB, 10.6 us at 64 KB, 101 us at 1 MB,
    3.8 ms at 16 MB; linear in between.

Output per P: the makespan; the efficiency sum(busy) / (P * makespan); the master's
utilisation; and where the workers' time went: busy, communication (round trip - busy), waiting
for the master (queued or served: the result's apply and the next dispatch), starved (no ready
item), which says why efficiency is lost: a master that is saturated, or not enough ready work
(the item tree's critical path: items wait for their parents).

Assumptions (bench/RESULTS.md, MPI): the items and their busy times are those of the recorded run
(with P workers the real pool would be split differently and the slice would end at other nodes);
the slice is the recorded one (0.1 s); the tree of a time-limited run is only its explored part;
busy and apply times carry the CPU contention of the machine the trace was recorded on.
"""
import argparse
import bisect
import heapq
import json
import math
import statistics
import sys

# One-way message time (seconds) by size (bytes): /work/notes/mpi-faults.md section 5.
LAT_TABLE = [(16, 0.18e-6), (1024, 0.33e-6), (65536, 10.6e-6), (1 << 20, 101e-6),
             (16 << 20, 3.8e-3)]
NAPS_US = [20, 40, 80, 160]  # then 200 us each (mpi_channel.cpp: nap())
NAP_MAX_US = 200


def one_way(nbytes):
    xs = [b for b, _ in LAT_TABLE]
    if nbytes <= xs[0]:
        return LAT_TABLE[0][1]
    if nbytes >= xs[-1]:
        (b0, t0), (b1, t1) = LAT_TABLE[-2], LAT_TABLE[-1]
        return t1 + (nbytes - b1) * (t1 - t0) / (b1 - b0)
    k = bisect.bisect_left(xs, nbytes)
    (b0, t0), (b1, t1) = LAT_TABLE[k - 1], LAT_TABLE[k]
    return t0 + (nbytes - b0) * (t1 - t0) / (b1 - b0)


class Item:
    __slots__ = ("proxy", "frag", "frags", "depth", "sent", "recv", "applied", "busy", "bout", "bin",
                 "nodes", "kids", "children", "parent")


def read_trace(path):
    items = []
    op = open
    if path.endswith(".gz"):
        import gzip
        op = gzip.open
    with op(path, "rt") as f:
        for line in f:
            if not line.startswith("item "):
                continue
            t = line.split()
            it = Item()
            # (traces since 1769878 list every node of a batch, comma-separated)
            it.frags = [int(x) for x in t[2].split(",")]
            it.proxy, it.frag, it.depth = int(t[1]), it.frags[0], int(t[3])
            it.sent, it.recv, it.applied, it.busy = map(float, t[4:8])
            it.bout, it.bin, it.nodes = int(t[8]), int(t[9]), int(t[10])
            it.kids = [int(x) for x in t[11:]]
            it.children, it.parent = [], None
            items.append(it)
    by_frag = {f: k for k, it in enumerate(items) for f in it.frags}
    if len(by_frag) != sum(len(it.frags) for it in items):
        sys.exit(f"{path}: a fragment sent twice (a worker died?): not supported")
    # A batch's nodes may come from several items: it is ready after the last of them.
    for k, it in enumerate(items):
        for f in it.kids:
            c = by_frag.get(f)  # None: still open when the run stopped
            if c is not None and (items[c].parent is None or
                                  items[items[c].parent].applied < it.applied):
                items[c].parent = k
    for c, it in enumerate(items):
        if it.parent is not None:
            items[it.parent].children.append(c)
    return items


def fit_overhead(items):
    """received - sent - busy = alpha + beta * bytes_in (least squares)."""
    xs = [it.bin for it in items]
    ys = [it.recv - it.sent - it.busy for it in items]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    beta = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx > 0 else 0.0
    beta = max(beta, 0.0)
    return my - beta * mx, beta


def dispatch_cost(items):
    """Median gap between an item's apply and the next send of the same proxy (take + WORK)."""
    by = {}
    for it in items:
        by.setdefault(it.proxy, []).append(it)
    gaps = []
    for lst in by.values():
        lst.sort(key=lambda i: i.sent)
        for a, b in zip(lst, lst[1:]):
            gaps.append(max(0.0, b.sent - a.applied))
    return statistics.median(gaps) if gaps else 0.0


def detect(t_wait, t_avail, overshoot, restart=None):
    """When a poller that started waiting at t_wait (nap schedule of MpiChannel::receive) first
    probes at or after t_avail. restart: the receive timeout after which the schedule restarts."""
    if t_avail <= t_wait:
        return t_wait
    if restart is not None and t_avail - t_wait > restart:
        t_wait += restart * math.floor((t_avail - t_wait) / restart)
    t = t_wait
    for us in NAPS_US:
        if t >= t_avail:
            return t
        t += (us + overshoot) * 1e-6
    if t >= t_avail:
        return t
    step = (NAP_MAX_US + overshoot) * 1e-6
    return t + step * math.ceil((t_avail - t) / step - 1e-12)


def trace_summary(items):
    busy = [it.busy for it in items]
    rt = [it.recv - it.sent for it in items]
    ov = [r - b for r, b in zip(rt, busy)]
    ap = [it.applied - it.recv for it in items]
    t0 = min(it.sent for it in items)
    t1 = max(it.applied for it in items)
    alpha, beta = fit_overhead(items)
    roots = sum(1 for it in items if it.parent is None)
    # critical path through the item tree with the recorded per-item times (round trip + apply)
    cp = [0.0] * len(items)
    order = sorted(range(len(items)), key=lambda k: items[k].sent)
    for k in order:
        it = items[k]
        base = cp[it.parent] if it.parent is not None else 0.0
        cp[k] = base + (it.recv - it.sent) + (it.applied - it.recv)
    depth = [0] * len(items)
    for k in order:
        it = items[k]
        depth[k] = depth[it.parent] + 1 if it.parent is not None else 1

    def q(xs, p):
        s = sorted(xs)
        return s[min(len(s) - 1, int(p * len(s)))]

    return {
        "items": len(items), "roots": roots, "proxies": len({it.proxy for it in items}),
        "span_s": t1 - t0, "first_sent_s": t0, "last_applied_s": t1,
        "sum_busy_s": sum(busy), "sum_roundtrip_s": sum(rt), "sum_apply_s": sum(ap),
        "nodes": sum(it.nodes for it in items),
        "busy_med_ms": 1e3 * statistics.median(busy), "busy_p10_ms": 1e3 * q(busy, .1),
        "busy_p90_ms": 1e3 * q(busy, .9), "busy_mean_ms": 1e3 * statistics.mean(busy),
        "items_busy_lt_1ms": sum(1 for b in busy if b < 1e-3),
        "items_full_slice": sum(1 for b in busy if b >= 0.099),
        "busy_share_full_slice": sum(b for b in busy if b >= 0.099) / sum(busy),
        "nodes_med": statistics.median(it.nodes for it in items),
        "overhead_med_ms": 1e3 * statistics.median(ov), "overhead_mean_ms": 1e3 * statistics.mean(ov),
        "overhead_share": sum(ov) / sum(rt),
        "apply_med_us": 1e6 * statistics.median(ap), "apply_mean_us": 1e6 * statistics.mean(ap),
        "apply_max_ms": 1e3 * max(ap),
        "dispatch_med_us": 1e6 * dispatch_cost(items),
        "bytes_in_med": statistics.median(it.bin for it in items),
        "bytes_in_max": max(it.bin for it in items), "bytes_in_sum": sum(it.bin for it in items),
        "bytes_out_med": statistics.median(it.bout for it in items),
        "depth_med": statistics.median(it.depth for it in items),
        "fit_alpha_us": 1e6 * alpha, "fit_beta_ns_per_byte": 1e9 * beta,
        "critical_path_s": max(cp), "item_chain_max": max(depth),
    }


def simulate(items, P, overhead="model", order="recorded", overshoot_us=60.0, master_cores=1,
             poll_cpu_us=0.0, rank0_cores=0):
    n = len(items)
    alpha, beta = fit_overhead(items)
    c_disp = dispatch_cost(items)
    over = overshoot_us
    poll_share = 0.0
    if poll_cpu_us > 0 and rank0_cores > 0:
        poll_share = P * poll_cpu_us / (NAP_MAX_US + overshoot_us) / rank0_cores
    master_stretch = 1.0 / (1.0 - poll_share) if poll_share < 1 else float("inf")
    if math.isinf(master_stretch):
        return {"P": P, "saturated_by_polling": True, "poll_share": poll_share,
                "makespan_s": float("inf"), "efficiency": 0.0}

    key = (lambda k: items[k].sent) if order == "recorded" else None
    ready = []  # heap of (key, seq, item)
    seq = 0

    def make_ready(k, t):
        nonlocal seq
        heapq.heappush(ready, (key(k) if key else t, seq, k))
        seq += 1

    for k, it in enumerate(items):
        if it.parent is None:
            make_ready(k, 0.0)

    # events: (time, seq, kind, data)
    ev = []
    eseq = 0

    def push(t, kind, data):
        nonlocal eseq
        heapq.heappush(ev, (t, eseq, kind, data))
        eseq += 1

    # master: FIFO of jobs; master_cores servers
    mq = []  # deque-like list with head index
    mhead = 0
    mfree = master_cores
    mbusy = 0.0
    idle = []  # idle workers (FIFO)
    wait_start = [0.0] * P  # when each worker began waiting for its next WORK
    acc = {"comm": 0.0, "master": 0.0, "starved": 0.0}
    t_idle_since = [0.0] * P
    done_items = 0
    total_busy = sum(it.busy for it in items)
    now = 0.0

    def start_item(w, k, t_send):
        it = items[k]
        if overhead == "recorded":
            t_recv = t_send + (it.recv - it.sent)
        else:
            t_arr = t_send + one_way(it.bout)
            t_start = detect(wait_start[w], t_arr, over, restart=1.0)
            t_post = t_start + it.busy + beta * it.bin
            t_recv = detect(t_send, t_post + one_way(16), over, restart=0.05)
        acc["comm"] += (t_recv - t_send) - it.busy
        push(t_recv, "recv", (w, k, t_recv))

    def master_submit(job, t):
        mq.append((job, t))
        master_try(t)

    def master_try(t):
        nonlocal mhead, mfree
        while mfree > 0 and mhead < len(mq):
            job, _ = mq[mhead]
            mhead += 1
            mfree -= 1
            kind = job[0]
            if kind == "apply":
                _, w, k = job
                it = items[k]
                s = (one_way(it.bin) + max(0.0, it.applied - it.recv)) * master_stretch
            else:  # dispatch to an idle worker
                s = c_disp * master_stretch
            push(t + s, "mdone", (job, s))

    # initial dispatch: every worker idle at time 0
    for w in range(P):
        idle.append(w)
    def feed_idle(t):
        while idle and ready:
            w = idle.pop(0)
            _, _, k = heapq.heappop(ready)
            acc["starved"] += t - t_idle_since[w]
            master_submit(("dispatch", w, k, t), t)

    feed_idle(0.0)
    recv_time = {}
    while ev:
        t, _, kind, data = heapq.heappop(ev)
        now = t
        if kind == "recv":
            w, k, t_recv = data
            wait_start[w] = t_recv
            recv_time[w] = t_recv
            master_submit(("apply", w, k), t)
        elif kind == "mdone":
            job, s = data
            mbusy += s
            if job[0] == "apply":
                _, w, k = job
                done_items += 1
                for c in items[k].children:
                    make_ready(c, t)
                if ready:  # the proxy takes its next node at once (same thread, same server)
                    _, _, k2 = heapq.heappop(ready)
                    s2 = c_disp * master_stretch
                    push(t + s2, "mdone", (("dispatch", w, k2, recv_time[w]), s2))
                else:
                    acc["master"] += t - recv_time[w]
                    idle.append(w)
                    t_idle_since[w] = t
                    mfree += 1
                feed_idle(t)
            else:
                mfree += 1
                _, w, k, t_asked = job
                acc["master"] += t - t_asked
                start_item(w, k, t)
            master_try(t)
    makespan = now
    if done_items != n:
        sys.exit(f"simulation: {done_items} of {n} items done (a cycle in the trace?)")
    for w in idle:
        acc["starved"] += makespan - t_idle_since[w]
    eff = total_busy / (P * makespan) if makespan > 0 else 0.0
    tot = P * makespan
    return {
        "P": P, "overhead": overhead, "order": order, "makespan_s": makespan, "efficiency": eff,
        "master_util": mbusy / (master_cores * makespan) if makespan > 0 else 0.0,
        "share_busy": total_busy / tot, "share_comm": acc["comm"] / tot,
        "share_master": acc["master"] / tot, "share_starved": acc["starved"] / tot,
        "poll_share": poll_share, "alpha_us": 1e6 * alpha, "beta_ns_per_byte": 1e9 * beta,
        "dispatch_us": 1e6 * c_disp, "sum_busy_s": total_busy,
        # workers it takes to keep the master always busy: (busy + communication) per item
        # against the master's service per item (apply + dispatch)
        "p_saturate": (total_busy + acc["comm"]) / mbusy if mbusy > 0 else float("inf"),
        "master_us_per_item": 1e6 * mbusy / n,
        "worker_ms_per_item": 1e3 * (total_busy + acc["comm"]) / n,
    }


def why(r):
    """The main loss: master (queued/served) or starved (not enough ready work) or comm."""
    if r.get("saturated_by_polling"):
        return "master saturated (polling)"
    losses = {"master saturated": r["share_master"], "not enough ready work": r["share_starved"],
              "communication": r["share_comm"]}
    return max(losses, key=losses.get)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("traces", nargs="+")
    ap.add_argument("--workers", default="2,16,64,256,1024")
    ap.add_argument("--overhead", choices=["model", "recorded"], default="model")
    ap.add_argument("--order", choices=["recorded", "fifo"], default="recorded")
    ap.add_argument("--overshoot-us", type=float, default=60.0)
    ap.add_argument("--poll-cpu-us", type=float, default=0.0,
                    help="CPU time of one idle probe of a proxy (nap wake-up + MPI_Iprobe)")
    ap.add_argument("--rank0-cores", type=int, default=0,
                    help="rank 0's cores, shared by the proxies' polling and the master (0: "
                         "polling not modelled)")
    ap.add_argument("--master-cores", type=int, default=1,
                    help="results applied at the same time (1: one at a time, as under the "
                         "fragment store's lock)")
    ap.add_argument("--stats", action="store_true", help="print the trace's statistics too")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    Ps = [int(x) for x in a.workers.split(",")]
    out = []
    for path in a.traces:
        items = read_trace(path)
        s = trace_summary(items)
        if a.stats and not a.json:
            print(f"## {path}")
            for k, v in s.items():
                print(f"  {k}: {v:.6g}" if isinstance(v, float) else f"  {k}: {v}")
        if not a.json:
            print(f"| trace | P | makespan s | efficiency | master util. | busy | comm | master wait |"
                  f" starved | main loss |")
            print("|---|---|---|---|---|---|---|---|---|---|")
        for P in Ps:
            r = simulate(items, P, a.overhead, a.order, a.overshoot_us, a.master_cores,
                         a.poll_cpu_us, a.rank0_cores)
            r["trace"] = path
            out.append(r)
            if a.json:
                continue
            if math.isinf(r["makespan_s"]):
                print(f"| {path} | {P} | inf | 0 | polling takes {r['poll_share']:.2f} of the master |"
                      f" | | | | master saturated |")
                continue
            print(f"| {path} | {P} | {r['makespan_s']:.3f} | {100 * r['efficiency']:.1f} % |"
                  f" {100 * r['master_util']:.1f} % | {100 * r['share_busy']:.1f} % |"
                  f" {100 * r['share_comm']:.1f} % | {100 * r['share_master']:.1f} % |"
                  f" {100 * r['share_starved']:.1f} % | {why(r)} |")
        if not a.json:
            print(f"\nmeasured (trace): span {s['span_s']:.3f} s with {s['proxies']} workers, "
                  f"critical path {s['critical_path_s']:.3f} s")
            scan = [simulate(items, 2 ** e, a.overhead, a.order, a.overshoot_us, a.master_cores,
                             a.poll_cpu_us, a.rank0_cores) for e in range(1, 11)]
            ok = [r["P"] for r in scan if r["efficiency"] >= 0.8]
            bad = [r for r in scan if r["efficiency"] < 0.8]
            r0 = scan[0]
            print(f"efficiency >= 80 % up to P = {max(ok) if ok else 'none'} (powers of 2); "
                  + (f"first below: P = {bad[0]['P']} ({100 * bad[0]['efficiency']:.1f} %, "
                     f"main loss: {why(bad[0])})" if bad else "never below")
                  + f"; master {r0['master_us_per_item']:.1f} us per item against "
                  f"{r0['worker_ms_per_item']:.3f} ms of a worker per item: saturated from about "
                  f"P = {r0['p_saturate']:.0f}\n")
    if a.json:
        json.dump(out, sys.stdout, indent=1)
        print()


if __name__ == "__main__":
    main()
