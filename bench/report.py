#!/usr/bin/env python3
"""Turns one benchmark run's raw records (bench/run.sh: raw.jsonl) into results.json, results.md
and chart.svg (throughput and p99 against concurrency), and checks issue 7's targets.

usage: report.py RESULTS_DIR

Standard library only: the chart is written as SVG by hand.
"""
import json
import math
import sys
from pathlib import Path

# Issue 7's targets, as measured in the same run.
GENERATE_VS_PGBENCH = 0.25
P99_AT_PEAK_MS = 50.0
INT_VS_STATIC = 0.25
READY_S = 2.0
RSS_MIB = 150.0

LABELS = {
    "generate": "POST /api/generate via nginx (HTTPS)",
    "generate_one_task": "POST /api/generate via nginx (HTTPS), one task per service",
    "static": "nginx static 200 (HTTPS, ceiling)",
    "pgbench": "pgbench 1-row INSERT/tx (ceiling)",
    "int": "GET /api/int, one task",
    "float": "GET /api/float, one task",
    "products": "POST /api/products, one combiner task",
}
COLOURS = {
    "generate": "#d62728",
    "generate_one_task": "#8c564b",
    "static": "#7f7f7f",
    "pgbench": "#1f77b4",
    "int": "#2ca02c",
    "float": "#9467bd",
    "products": "#ff7f0e",
}
ORDER = ["generate", "generate_one_task", "static", "pgbench", "int", "float", "products"]
# The Generate runs, and how the targets name each.
GENERATES = {"generate": "generate", "generate_one_task": "generate, one task per service"}


def load(raw):
    with open(raw, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def runs(records):
    out = {}
    for r in records:
        if r["kind"] not in ("wrk", "pgbench"):
            continue
        m = {"concurrency": r["concurrency"], "loadavg": r.get("loadavg")}
        if r["kind"] == "wrk":
            seconds = r["duration_us"] / 1e6
            errors = r["status_429"] + r["status_other"] + r["socket_errors"] + r["timeouts"]
            m.update(
                rps=round(r["requests"] / seconds, 1),
                requests=r["requests"],
                p50_ms=r["p50_us"] / 1000,
                p99_ms=r["p99_us"] / 1000,
                max_ms=r["max_us"] / 1000,
                errors=errors,
                status_429=r["status_429"],
                status_other=r["status_other"],
                socket_errors=r["socket_errors"] + r["timeouts"],
                status_201=r["status_201"],
            )
            if r.get("rows_before") is not None:
                m["rows_stored"] = r["rows_after"] - r["rows_before"]
            if r.get("commits_before") is not None and m.get("rows_stored"):
                # Every commit of the database, a few of them not the stores' (health checks).
                m["commits_per_row"] = round(
                    (r["commits_after"] - r["commits_before"]) / m["rows_stored"], 3
                )
            if r.get("cpu_ms") and r["requests"]:
                m["cpu_ms_per_request"] = {
                    where: round(ms / r["requests"], 3)
                    for where, ms in r["cpu_ms"].items()
                    if where != "wall"
                }
                wall = r["cpu_ms"].get("wall") or seconds * 1000
                m["cpu_cores_busy"] = round(r["cpu_ms"].get("machine", 0) / wall, 2)
        else:
            m.update(rps=round(r["rps"], 1), mean_ms=round(r["mean_us"] / 1000, 3), errors=0)
        out.setdefault(r["target"], []).append(m)
    return out


def by_conc(series):
    return {m["concurrency"]: m for m in series}


def generate_targets(name, gen, pg):
    checks = []
    for c in sorted(gen):
        if c in pg and pg[c]["rps"] > 0:
            ratio = gen[c]["rps"] / pg[c]["rps"]
            checks.append(
                {
                    "target": f"{name} >= 25% of pgbench at c={c}",
                    "value": f"{ratio:.1%} ({gen[c]['rps']:.0f} / {pg[c]['rps']:.0f})",
                    "met": ratio >= GENERATE_VS_PGBENCH,
                }
            )
    if gen:
        peak = max(gen.values(), key=lambda m: m["rps"])
        checks.append(
            {
                "target": f"{name} p99 <= {P99_AT_PEAK_MS:.0f} ms at peak (c={peak['concurrency']})",
                "value": f"{peak['p99_ms']:.1f} ms",
                "met": peak["p99_ms"] <= P99_AT_PEAK_MS,
            }
        )
        bad = [m for m in gen.values() if m["errors"]]
        checks.append(
            {
                "target": f"{name}: zero errors",
                "value": ", ".join(f"c={m['concurrency']}: {m['errors']}" for m in bad) or "0",
                "met": not bad,
            }
        )
        # More rows than 201s is no loss: requests still in flight when wrk stops, or stored
        # after the frontend had given up on them (a 503 the client saw), are stored too.
        lost = [m for m in gen.values() if (m.get("rows_stored") or 0) < m["status_201"]]
        checks.append(
            {
                "target": f"{name}: every 201 stored (rows >= 201s)",
                "value": "; ".join(
                    f"c={m['concurrency']}: {m.get('rows_stored')} rows / {m['status_201']} 201s"
                    for m in gen.values()
                ),
                "met": not lost,
            }
        )
    return checks


def targets(res, startup, rss):
    checks = []
    pg = by_conc(res.get("pgbench", []))
    static = by_conc(res.get("static", []))
    ints = by_conc(res.get("int", []))
    for target, name in GENERATES.items():
        checks += generate_targets(name, by_conc(res.get(target, [])), pg)
    for c in sorted(ints):
        if c in static and static[c]["rps"] > 0:
            ratio = ints[c]["rps"] / static[c]["rps"]
            checks.append(
                {
                    "target": f"/api/int >= 25% of nginx static at c={c}",
                    "value": f"{ratio:.1%} ({ints[c]['rps']:.0f} / {static[c]['rps']:.0f})",
                    "met": ratio >= INT_VS_STATIC,
                }
            )
    for svc, s in startup.items():
        checks.append(
            {
                "target": f"{svc} ready <= {READY_S:.0f} s after container start",
                "value": f"{s['ready_s_max']:.2f} s",
                "met": s["ready_s_max"] <= READY_S,
            }
        )
    for svc, r in rss.items():
        if "load" in r:
            checks.append(
                {
                    "target": f"{svc} RSS under load <= {RSS_MIB:.0f} MiB",
                    "value": f"{r['load']:.0f} MiB (limit {r['limit_mib']:.0f} MiB)",
                    "met": r["load"] <= RSS_MIB,
                }
            )
    return checks


def fmt(v, digits=1):
    return "–" if v is None else f"{v:,.{digits}f}"


def generate_least(meta):
    """The Generate targets' own least warm-up, when the run had one above the general one."""
    least = meta.get("warmup_generate_s")
    if least is None or least <= meta.get("warmup_s", 0):
        return ""
    return f" ({least} s for Generate)"


def markdown(meta, res, startup, rss, checks, warmup, idle):
    steady = ", ".join(
        f"{LABELS.get(t, t)} {w['seconds']} s" + ("" if w["steady"] else " (not steady)")
        for t, w in warmup.items()
    )
    # Round length and tolerance as run.sh recorded them (10 s and 5% by default).
    first = next(iter(warmup.values()), {})
    rule = (
        f"{first.get('calm_rounds', 3)} {first.get('round_s', 10)}-s rounds in a row have not beaten"
        f" the best round by more than {first.get('tolerance_pct', 5)}%"
    )
    lines = [
        f"# Benchmark {meta.get('stamp', '')} (commit {meta.get('commit', '?')})",
        "",
        f"{meta.get('cores')} cores, shared with other jobs: load average "
        f"{meta.get('loadavg_start')} at start, {meta.get('loadavg_end')} at end. "
        f"{meta.get('duration_s')} s per level after a warm-up of at least {meta.get('warmup_s')} s "
        f"per target{generate_least(meta)}, then until {rule}: "
        f"{steady or 'none recorded'}. "
        f"Rate-limit exemption in use: {meta.get('rate_limit_exemption')}.",
        "",
        "| target | concurrency | req/s | p50 ms | p99 ms | max ms | errors | 201s | rows stored |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for t in ORDER:
        for m in res.get(t, []):
            if t == "pgbench":
                lines.append(
                    f"| {LABELS[t]} | {m['concurrency']} | {fmt(m['rps'])} | mean {fmt(m['mean_ms'], 2)} "
                    f"| – | – | 0 | – | – |"
                )
            else:
                lines.append(
                    f"| {LABELS[t]} | {m['concurrency']} | {fmt(m['rps'])} | {fmt(m['p50_ms'], 2)} "
                    f"| {fmt(m['p99_ms'], 2)} | {fmt(m['max_ms'], 1)} | {m['errors']} "
                    f"| {m['status_201'] if t in (*GENERATES, 'products') else '–'} "
                    f"| {m.get('rows_stored', '–')} |"
                )
    lines += ["", "Errors: non-2xx answers (429 counted apart in results.json) and socket errors.", ""]
    lines += cpu_table(meta, res)
    lines += idle_table(idle)
    if startup or rss:
        lines += [
            "| service | ready after start (s) | Quarkus 'started in' (s) | RSS idle (MiB) "
            "| RSS under load, peak (MiB) | RSS during Generate, median (MiB) | limit (MiB) |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for svc in sorted(set(startup) | set(rss)):
            s = startup.get(svc, {})
            r = rss.get(svc, {})
            lines.append(
                f"| {svc} | {fmt(s.get('ready_s_max'), 2)} | {fmt(s.get('quarkus_s_max'), 2)} "
                f"| {fmt(r.get('idle'), 0)} | {fmt(r.get('load'), 0)} | {fmt(r.get('load_median'), 0)} "
                f"| {fmt(r.get('limit_mib'), 0)} |"
            )
        lines += [
            "",
            "Ready and RSS: the largest over the service's tasks; RSS of the java process, sampled every"
            " second while the load ran (warm-ups included); the median over a service's samples"
            " (all its tasks) while Generate ran. The target is checked against the peak.",
            "",
        ]
    lines += ["## Targets (issue 7)", "", "| target | measured | met |", "|---|---|---|"]
    for c in checks:
        lines.append(f"| {c['target']} | {c['value']} | {'yes' if c['met'] else 'NO'} |")
    lines += ["", "![throughput and p99 against concurrency](chart.svg)", ""]
    return "\n".join(lines)


CPU_COLUMNS = [
    "nginx",
    "frontend-service",
    "int-service",
    "float-service",
    "combiner-service",
    "postgres",
    "engine",
]


def cpu_heads():
    """The CPU table columns' headings: each service's name without "-service"."""
    return " | ".join(c.replace("-service", "") for c in CPU_COLUMNS)


def idle_table(idle):
    """The stack's CPU with no load: its own background work, paid whatever the traffic."""
    if not idle:
        return []
    wall = idle["cpu_ms"].get("wall") or 1

    def per_s(where):
        ms = idle["cpu_ms"].get(where)
        return None if ms is None else ms * 1000 / wall

    return [
        f"Idle, no load for {wall / 1000:.0f} s: CPU ms per second (1,000 = one core busy); *engine* is"
        " dockerd, containerd and the shims; *machine* is everything (user, system and interrupts),"
        " which adds the runc processes that every health check's `docker exec` starts.",
        "",
        f"| {cpu_heads()} | machine |",
        "|" + "---:|" * (len(CPU_COLUMNS) + 1),
        "| " + " | ".join(fmt(per_s(c), 0) for c in [*CPU_COLUMNS, "machine"]) + " |",
        "",
    ]


def cpu_table(meta, res):
    """Where each request's CPU time went, and the rate the machine's cores would allow at that
    cost: a ceiling that does not move with how busy the machine was, unlike req/s."""
    rows = [(t, m) for t in ORDER for m in res.get(t, []) if m.get("cpu_ms_per_request")]
    if not rows:
        return []
    cores = meta.get("cores") or 1
    lines = [
        "CPU time per request (ms), from the containers' cgroups; *machine* is the whole machine"
        " (user, system and interrupts), which adds wrk, runc and the kernel's network work; *engine*"
        " is dockerd, containerd and the shims (health checks, logs);"
        f" *at full CPU* is what {cores} cores would allow at that cost (cores / machine ms);"
        " *steal* is time the hypervisor gave to others; *DB commits per row stored* counts every"
        " transaction PostgreSQL committed meanwhile (below 1: stores shared transactions).",
        "",
        f"| target | concurrency | {cpu_heads()}"
        " | machine | cores busy | at full CPU, req/s | steal | DB commits per row stored |",
        "|---|---:|" + "---:|" * (len(CPU_COLUMNS) + 5),
    ]
    for t, m in rows:
        per = m["cpu_ms_per_request"]
        machine = per.get("machine")
        ceiling = cores * 1000 / machine if machine else None
        cells = [fmt(per.get(c), 3) if per.get(c) else "–" for c in CPU_COLUMNS]
        lines.append(
            f"| {LABELS[t]} | {m['concurrency']} | " + " | ".join(cells)
            + f" | {fmt(machine, 3)} | {fmt(m.get('cpu_cores_busy'), 2)} | {fmt(ceiling, 0)}"
            f" | {fmt(per.get('steal'), 3)} | {fmt(m.get('commits_per_row'), 2)} |"
        )
    return lines + [""]


def svg(res):
    width, height, pad_l, pad_r, pad_t, pad_b, gap = 980, 420, 70, 20, 40, 110, 80
    panel_w = (width - pad_l - pad_r - gap) / 2
    panel_h = height - pad_t - pad_b
    concs = sorted({m["concurrency"] for s in res.values() for m in s}) or [1]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]

    def x_of(x0, c):
        if len(concs) == 1:
            return x0 + panel_w / 2
        lo, hi = math.log(concs[0]), math.log(concs[-1])
        return x0 + (math.log(c) - lo) / (hi - lo) * panel_w

    def panel(x0, title, key, log_scale):
        vals = [m[key] for t in ORDER for m in res.get(t, []) if m.get(key)]
        if not vals:
            return
        if log_scale:
            lo = 10 ** math.floor(math.log10(min(vals)))
            hi = 10 ** math.ceil(math.log10(max(vals)))
            ticks = [10**e for e in range(int(math.log10(lo)), int(math.log10(hi)) + 1)]

            def y_of(v):
                return pad_t + panel_h - (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * panel_h
        else:
            hi = max(vals) * 1.1
            step = 10 ** math.floor(math.log10(hi))
            step = step / 2 if hi / step < 4 else step
            ticks = [i * step for i in range(int(hi / step) + 1)]

            def y_of(v):
                return pad_t + panel_h - v / hi * panel_h
        out.append(f'<text x="{x0 + panel_w / 2}" y="{pad_t - 15}" text-anchor="middle" font-size="14">{title}</text>')
        out.append(f'<rect x="{x0}" y="{pad_t}" width="{panel_w}" height="{panel_h}" fill="none" stroke="#333"/>')
        for t in ticks:
            y = y_of(t) if t > 0 or not log_scale else None
            if y is None or y < pad_t - 0.5:
                continue
            out.append(f'<line x1="{x0}" x2="{x0 + panel_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
            out.append(f'<text x="{x0 - 5}" y="{y + 4:.1f}" text-anchor="end">{t:g}</text>')
        for c in concs:
            x = x_of(x0, c)
            out.append(f'<text x="{x:.1f}" y="{pad_t + panel_h + 16}" text-anchor="middle">{c}</text>')
        out.append(f'<text x="{x0 + panel_w / 2}" y="{pad_t + panel_h + 32}" text-anchor="middle">concurrency</text>')
        for t in ORDER:
            pts = [(x_of(x0, m["concurrency"]), y_of(m[key])) for m in res.get(t, []) if m.get(key)]
            if not pts:
                continue
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            out.append(f'<polyline points="{path}" fill="none" stroke="{COLOURS[t]}" stroke-width="2"/>')
            for x, y in pts:
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{COLOURS[t]}"/>')

    panel(pad_l, "throughput (requests/s, log scale)", "rps", True)
    panel(pad_l + panel_w + gap, "p99 latency (ms)", "p99_ms", False)
    lx, ly = pad_l, height - pad_b + 55
    for i, t in enumerate(t for t in ORDER if t in res):
        x = lx + (i % 3) * 300
        y = ly + (i // 3) * 18
        out.append(f'<rect x="{x}" y="{y - 9}" width="14" height="4" fill="{COLOURS[t]}"/>')
        out.append(f'<text x="{x + 20}" y="{y - 4}">{LABELS[t]}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    folder = Path(sys.argv[1])
    records = load(folder / "raw.jsonl")
    meta = next((r for r in records if r["kind"] == "meta"), {})
    res = runs(records)
    startup = {}
    for r in records:
        if r["kind"] == "startup":
            s = startup.setdefault(r["service"], {"ready_s": [], "quarkus_s": []})
            s["ready_s"].append(round(r["ready_s"], 3))
            s["quarkus_s"].append(r["quarkus_started_s"])
    for s in startup.values():
        s["ready_s_max"] = max(s["ready_s"])
        s["quarkus_s_max"] = max(s["quarkus_s"])
    rss = {}
    for r in records:
        if r["kind"] == "rss" and r["rss_mib"] > 0:
            rss.setdefault(r["service"], {})[r["phase"]] = r["rss_mib"]
            rss[r["service"]]["limit_mib"] = r["limit_mib"]
    warmup = {r["target"]: r for r in records if r["kind"] == "warmup"}
    idle = next((r for r in records if r["kind"] == "idle"), None)
    checks = targets(res, startup, rss)
    result = {
        "meta": meta,
        "warmup": warmup,
        "results": res,
        "startup": startup,
        "rss_mib": rss,
        "idle_cpu_ms": idle["cpu_ms"] if idle else None,
        "targets": checks,
    }
    (folder / "results.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (folder / "results.md").write_text(markdown(meta, res, startup, rss, checks, warmup, idle), encoding="utf-8")
    (folder / "chart.svg").write_text(svg(res), encoding="utf-8")


if __name__ == "__main__":
    main()
