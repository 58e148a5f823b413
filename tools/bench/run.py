#!/usr/bin/env python3
"""`make bench`: how fast and how lean a Referat run is, against the floor of hashing the bytes.

For each corpus size N (default 1,000 and 4,000 documents, made by gen_corpus.py) it measures,
in one go, on this machine:
  * `sha256sum` over the same files — every byte must be read and hashed, so this is the floor;
  * a full `referat run` from an empty cache;
  * a no-change re-run with the same cache and output folder;
and records wall time, user+sys CPU time (CPU/wall ≈ number of cores when rayon keeps them all
busy) and peak RSS of each (the kernel's accounting of the child, `wait4`). Each repeat
(`--repeats`, default 5) runs the three one after the other, each full run with a cache and
output folder of its own, so that the floor and the run meet the same moment of a shared
machine; the fastest of each is kept, with the highest peak RSS of the repeats, and the paired
ratios of every repeat are reported beside them. It prints a table with the ratios against the
targets of issue #8 and writes it as Markdown to bench-out/results.md (and the raw figures to
bench-out/results.json).

It is a report, not a test: the exit status is 0 even when a target is missed (a broken build,
corpus or run is still an error). Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
import gen_corpus  # noqa: E402  (a sibling script, not an installed package)

GNU_TIME = "/usr/bin/time"

# Targets of issue #8.
FULL_OVER_SHA_MAX = 3.0
RERUN_OVER_FULL_MAX = 0.10
RSS_GROWTH_MAX = 1.25  # peak RSS at the largest N over the smallest: "does not grow"
BUSY_CORES_MIN = 0.8  # CPU/wall of a full run, as a share of the cores

SUMMARY_RE = re.compile(
    r"referat: (?P<documents>\d+) documents \((?P<ok>\d+) ok, (?P<partial>\d+) partial, "
    r"(?P<failed>\d+) failed; (?:[^;)]*; )?(?P<cached>\d+) unchanged and not parsed again\) → "
    r"(?P<meetings>\d+) meetings, (?P<items>\d+) items, (?P<decisions>\d+) decisions, "
    r"(?P<votes>\d+) votes, (?P<attendance>\d+) attendance rows, (?P<amounts>\d+) amounts; "
    r"(?P<problems>\d+) problems"
)


@dataclass
class Measure:
    wall_s: float
    cpu_s: float  # user + sys
    rss_mb: float
    exit_status: int
    summary: dict[str, int] | None = None
    # 1-minute load average just before the run: above the number of cores, other processes
    # competed for the CPU and wall times (and CPU/wall) say more about them than about us.
    load_before: float = 0.0

    @property
    def cores_busy(self) -> float:
        return self.cpu_s / self.wall_s if self.wall_s > 0 else 0.0


def timed(cmd: list[str], log: Path) -> Measure:
    """Run `cmd` and measure it; its stderr goes to `log` (and the summary line is parsed).

    Wall time from a monotonic clock around the child's whole life (start to reaped) and CPU
    time (user + sys) from the kernel's accounting (`wait4`'s rusage, which covers the children
    a process reaped): microseconds, where GNU time prints hundredths (at 0.14 s, ±0.005 s was
    ±4 % of the floor). Peak RSS is GNU time's `%M`: the command runs under GNU time, forked
    from it, because a process forked from this Python process counts Python's ~20 MB in its
    own peak (Linux keeps the peak of the memory a process had before `exec`); GNU time's is
    ~2 MB."""
    # Earlier runs' files are flushed first, untimed: their writing back (~650 MB per full run
    # at 4,000 documents, which the kernel starts ~30 s later) otherwise falls into a later
    # run and competes with it (in one bench the second and third full runs at 4,000 took
    # 2.6–2.8 s of system time, the first 0.8 s). The measured run's own writes and fsyncs
    # are all timed.
    stats = log.with_suffix(".time")
    os.sync()
    load_before = os.getloadavg()[0]
    with open(log, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen([GNU_TIME, "-f", "%e %U %S %M", "-o", str(stats), *cmd],
                                stdout=subprocess.DEVNULL, stderr=err, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    found = SUMMARY_RE.search(text)
    summary = {k: int(v) for k, v in found.groupdict().items()} if found else None
    return Measure(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        rss_mb=int(stats.read_text().split()[-1]) / 1024,  # GNU time's %M, in KB
        exit_status=proc.returncode,
        summary=summary,
        load_before=load_before,
    )


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    meminfo = Path("/proc/meminfo").read_text()
    mem_kb = re.search(r"^MemTotal:\s*(\d+)", meminfo, re.M)
    flags = re.search(r"^flags\s*:\s*(.*)$", cpuinfo, re.M)
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO
    ).stdout
    return {
        "cores (nproc)": str(os.cpu_count()),
        "CPU": (model.group(1) if model else "unknown")
        + (" (SHA-NI)" if flags and "sha_ni" in flags.group(1).split() else ""),
        "memory": f"{int(mem_kb.group(1)) / 1024 / 1024:.1f} GiB" if mem_kb else "unknown",
        "kernel": platform.release(),
        "rustc": rustc.strip(),
        "commit": commit.strip(),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def set_aside(folder: Path, out_dir: Path) -> None:
    """Move the previous run's folder out of the way; it is deleted after the measurements.

    Deleting thousands of files right before a run made that run's file creation ~6× slower
    in system time on this machine (ext4 without a journal skips recently deleted inodes, and
    scanning past them is paid by the next creates: 2.4 s instead of 0.35 s per 1,000
    documents). A scheduled run does not delete its cache first, so neither does the bench."""
    if folder.exists():
        trash = out_dir / "trash"
        trash.mkdir(exist_ok=True)
        folder.rename(trash / f"{folder.name}-{time.time_ns()}")


def bench_size(n: int, referat: Path, out_dir: Path, repeats: int) -> dict:
    corpus = out_dir / f"corpus-{n}"
    gen_corpus.generate(REPO / "data" / "corpus", n, corpus, seed=8)
    files = sorted(str(p) for p in corpus.glob("*.txt"))
    size_mb = sum(os.path.getsize(f) for f in files) / 1e6
    logs = out_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    # Both sides read from the page cache: warm it once, untimed. Then each repeat runs
    # `sha256sum`, a full run and a no-change re-run one after the other, so that the floor and
    # the run are measured under the same conditions: on this shared VM the speed of the same
    # command drifts by 30–60 % over minutes (`sha256sum` over 1,000 files took 0.14 s in one
    # bench and 0.24 s in another), and measuring all floors first and all runs after compared
    # a fast moment with a slow one, either way.
    sha = ["sha256sum", *files]
    subprocess.run(sha, stdout=subprocess.DEVNULL, check=True)
    sha_runs, fulls, reruns = [], [], []
    for k in range(repeats):
        suffix = "" if k == 0 else f".{k}"
        out, cache = out_dir / f"out-{n}{suffix}", out_dir / f"cache-{n}{suffix}"
        set_aside(out, out_dir)
        set_aside(cache, out_dir)
        run = [str(referat), "run", "--manifest", str(corpus / "sources.toml"),
               "--out", str(out), "--cache-dir", str(cache)]
        print(f"bench: N={n}: sha256sum, full run and no-change re-run, {k + 1} of {repeats} …",
              flush=True)
        sha_runs.append(timed(sha, logs / f"sha256sum-{n}{suffix}.log"))
        full = timed(run, logs / f"full-{n}{suffix}.log")
        rerun = timed(run, logs / f"rerun-{n}{suffix}.log")
        for name, m in (("full", full), ("rerun", rerun)):
            # 0 = all sources ok, 1 = some source failed (still a run to measure); else broken.
            if m.exit_status not in (0, 1) or m.summary is None:
                sys.exit(f"bench: the {name} run at N={n} did not finish (exit "
                         f"{m.exit_status}); see {logs / f'{name}-{n}{suffix}.log'}")
        fulls.append(full)
        reruns.append(rerun)

    def fastest_with_highest_rss(runs: list[Measure]) -> Measure:
        best = min(runs, key=lambda m: m.wall_s)
        best.rss_mb = max(m.rss_mb for m in runs)
        return best

    # The floor is the fastest `sha256sum`; each run the fastest of its repeats.
    sha = min(sha_runs, key=lambda m: m.wall_s)
    full, rerun = fastest_with_highest_rss(fulls), fastest_with_highest_rss(reruns)
    all_full = [m.wall_s for m in fulls]
    all_rerun = [m.wall_s for m in reruns]
    return {
        "n": n,
        "files": len(files),
        "size_mb": size_mb,
        "sha256sum": asdict(sha),
        "sha256sum_all_wall_s": [m.wall_s for m in sha_runs],
        "full": asdict(full),
        "full_all_wall_s": all_full,
        "rerun": asdict(rerun),
        "rerun_all_wall_s": all_rerun,
        # Each repeat's full run over the `sha256sum` run just before it, and its re-run over
        # its full run: how much the ratios of the fastest runs depend on which moment won.
        "paired_full_over_sha": [f.wall_s / s.wall_s for f, s in zip(fulls, sha_runs)],
        "paired_rerun_over_full": [r.wall_s / f.wall_s for r, f in zip(reruns, fulls)],
    }


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def sample_counts(referat: Path, out_dir: Path) -> dict[str, int]:
    """What the run makes of the unmodified samples, to compare the variants against."""
    out, cache = out_dir / "out-samples", out_dir / "cache-samples"
    set_aside(out, out_dir)
    set_aside(cache, out_dir)
    run = [str(referat), "run", "--manifest", str(REPO / "data" / "sources.toml"),
           "--out", str(out), "--cache-dir", str(cache)]
    measure = timed(run, out_dir / "logs" / "samples.log")
    if measure.summary is None:
        sys.exit(f"bench: the run over data/sources.toml did not finish (exit "
                 f"{measure.exit_status}); see {out_dir / 'logs' / 'samples.log'}")
    return measure.summary


def report(results: list[dict], info: dict[str, str],
           samples: dict[str, int]) -> tuple[str, list[tuple[str, bool]]]:
    cores = os.cpu_count() or 1
    lines = [
        "| N docs | MB | sha256sum s (CPU s) | full run s (CPU s, cores busy) "
        "| full / sha256sum: wall (CPU) | re-run s (CPU s) | re-run / full: wall (CPU) "
        "| peak RSS MB: sha256sum / full / re-run | load avg before: sha / full / re-run |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    checks: list[tuple[str, bool]] = []
    contended: list[int] = []
    for r in results:
        sha, full, rerun = r["sha256sum"], r["full"], r["rerun"]
        full_ratio = full["wall_s"] / sha["wall_s"]
        rerun_ratio = rerun["wall_s"] / full["wall_s"]
        busy = full["cpu_s"] / full["wall_s"]
        lines.append(
            f"| {r['n']:,} | {r['size_mb']:.0f} | {sha['wall_s']:.3f} ({sha['cpu_s']:.2f}) "
            f"| {full['wall_s']:.3f} ({full['cpu_s']:.2f}, {busy:.2f}) "
            f"| {full_ratio:.2f}× ({full['cpu_s'] / max(sha['cpu_s'], 0.01):.1f}×) "
            f"| {rerun['wall_s']:.3f} ({rerun['cpu_s']:.2f}) "
            f"| {rerun_ratio:.1%} ({rerun['cpu_s'] / max(full['cpu_s'], 0.01):.0%}) "
            f"| {sha['rss_mb']:.0f} / {full['rss_mb']:.0f} / {rerun['rss_mb']:.0f} "
            f"| {sha['load_before']:.1f} / {full['load_before']:.1f} / {rerun['load_before']:.1f} |"
        )
        if max(sha["load_before"], full["load_before"], rerun["load_before"]) > cores:
            contended.append(r["n"])
        checks.append((f"N={r['n']:,}: full run ≤ {FULL_OVER_SHA_MAX:.0f}× sha256sum "
                       f"({full_ratio:.2f}×)", full_ratio <= FULL_OVER_SHA_MAX))
        checks.append((f"N={r['n']:,}: no-change re-run ≤ {RERUN_OVER_FULL_MAX:.0%} of a full "
                       f"run ({rerun_ratio:.1%})", rerun_ratio <= RERUN_OVER_FULL_MAX))
        checks.append((f"N={r['n']:,}: all {cores} cores busy in a full run "
                       f"(CPU/wall {busy:.2f}, want ≥ {BUSY_CORES_MIN * cores:.1f})",
                       busy >= BUSY_CORES_MIN * cores))
    paired = ["Paired ratios, repeat by repeat (each full run over the `sha256sum` run just "
              "before it; each re-run over its full run): median (range)."]
    for r in results:
        fs, rf = sorted(r["paired_full_over_sha"]), sorted(r["paired_rerun_over_full"])
        paired.append(f"- N={r['n']:,}: full / sha256sum {statistics.median(fs):.1f}× "
                      f"({fs[0]:.1f}–{fs[-1]:.1f}×); re-run / full "
                      f"{statistics.median(rf):.0%} ({rf[0]:.0%}–{rf[-1]:.0%})")
    if len(results) > 1:
        small, large = results[0], results[-1]
        for name in ("full", "rerun"):
            growth = large[name]["rss_mb"] / small[name]["rss_mb"]
            checks.append((
                f"peak RSS of the {'full run' if name == 'full' else 're-run'} does not grow "
                f"with N: {small[name]['rss_mb']:.0f} MB at {small['n']:,}, "
                f"{large[name]['rss_mb']:.0f} MB at {large['n']:,} ({growth:.2f}×, want ≤ "
                f"{RSS_GROWTH_MAX:.2f}×)", growth <= RSS_GROWTH_MAX))

    sanity = [
        "| N docs | run | ok | partial | failed | not parsed again | meetings | items "
        "| decisions | votes | attendance | amounts | problems |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    sanity.append(
        f"| {samples['documents']} (the samples) | full | {samples['ok']} | {samples['partial']} "
        f"| {samples['failed']} | {samples['cached']} | {samples['meetings']} | {samples['items']} "
        f"| {samples['decisions']} | {samples['votes']} | {samples['attendance']} "
        f"| {samples['amounts']} | {samples['problems']} |")
    for r in results:
        for name in ("full", "rerun"):
            s = r[name]["summary"]
            sanity.append(
                f"| {r['n']:,} | {name} | {s['ok']} | {s['partial']} | {s['failed']} "
                f"| {s['cached']} | {s['meetings']} | {s['items']} | {s['decisions']} "
                f"| {s['votes']} | {s['attendance']} | {s['amounts']} | {s['problems']} |"
            )
        full_s, rerun_s = r["full"]["summary"], r["rerun"]["summary"]
        checks.append((f"N={r['n']:,}: every document became one meeting "
                       f"({full_s['meetings']} meetings, {r['files']} documents)",
                       full_s["meetings"] == r["files"]))
        checks.append((f"N={r['n']:,}: the re-run parsed nothing again "
                       f"({rerun_s['cached']} of {r['files']} from the cache)",
                       rerun_s["cached"] == r["files"]))
        same = {k: v for k, v in full_s.items() if k != "cached"} == {
            k: v for k, v in rerun_s.items() if k != "cached"}
        checks.append((f"N={r['n']:,}: the re-run yields the same counts as the full run", same))
        # Variant i is made from sample i mod k: with N a multiple of k, every sample is used
        # N/k times, so a generator that keeps the documents readable gives N/k times the
        # rows of the samples themselves.
        k = samples["documents"]
        if r["files"] % k == 0:
            times = r["files"] // k
            keys = ("meetings", "items", "decisions", "votes", "attendance", "amounts", "failed")
            scaled = all(full_s[key] == times * samples[key] for key in keys)
            checks.append((f"N={r['n']:,}: the variants parse like their samples ({times}× the "
                           f"rows of the {k} samples in every table)", scaled))

    md = ["# Benchmark results", "",
          f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `make bench` "
          "(tools/bench/run.py).", "",
          "| machine | |", "|---|---|"]
    md += [f"| {k} | {v} |" for k, v in info.items()]
    md += ["", "## Time and memory", "", *lines, "",
           "Wall times in seconds; CPU = user + sys; cores busy = CPU / wall. Each figure is "
           "the fastest of the repeats (peak RSS the highest), `sha256sum` over page-cached "
           "files; each repeat ran `sha256sum`, the full run and the re-run one after the "
           "other (every wall time is in results.json). The ratios in brackets compare CPU "
           "times, which other processes on the machine disturb far less than wall times.", "",
           *paired, ""]
    if contended:
        md += [f"**Warning:** the load average was above the {cores} cores during the runs at "
               f"N = {', '.join(f'{n:,}' for n in contended)}: other processes competed for the "
               "CPU, so wall times and cores busy understate what this machine can do; trust "
               "the CPU-time ratios more, or run `make bench` again on a quiet machine.", ""]
    md += ["## Targets", ""]
    md += [f"- {verdict(ok)}: {text}" for text, ok in checks]
    md += ["", "## What the runs produced (sanity of the generated corpus)", "", *sanity, ""]
    return "\n".join(md), checks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--out-dir", type=Path, default=REPO / "bench-out")
    parser.add_argument("--referat", type=Path, default=REPO / "target" / "release" / "referat")
    parser.add_argument("--no-build", action="store_true", help="use the binary as it is")
    parser.add_argument("--repeats", type=int, default=5,
                        help="rounds of sha256sum, full run and re-run per size (the fastest "
                             "of each is reported)")
    args = parser.parse_args()

    if not Path(GNU_TIME).exists():
        sys.exit(f"bench: GNU time is needed at {GNU_TIME} (apt-get install time)")
    started = time.monotonic()
    if not args.no_build:
        print("bench: cargo build --release --locked -p referat", flush=True)
        subprocess.run(["cargo", "build", "--release", "--locked", "-p", "referat"],
                       cwd=REPO, check=True)
    if not args.referat.exists():
        sys.exit(f"bench: no binary at {args.referat}")
    info = machine()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    results = [bench_size(n, args.referat, args.out_dir, args.repeats)
               for n in sorted(args.sizes)]
    samples = sample_counts(args.referat, args.out_dir)
    shutil.rmtree(args.out_dir / "trash", ignore_errors=True)
    markdown, checks = report(results, info, samples)
    (args.out_dir / "results.md").write_text(markdown, encoding="utf-8")
    (args.out_dir / "results.json").write_text(
        json.dumps({"machine": info, "samples": samples, "results": results}, indent=2),
        encoding="utf-8")
    print()
    print(markdown)
    met = sum(ok for _, ok in checks)
    print(f"bench: {met} of {len(checks)} targets met; written to "
          f"{args.out_dir / 'results.md'} in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
