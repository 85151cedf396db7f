#!/usr/bin/python3
"""run.py - `make bench`: satpipe against the parse-only baseline.

For each size (BENCH_SIZES, default "100000 1000000 10000000" responses) it
generates a synthetic export once with `satpipe gen` (under build/bench/,
never in git), then runs bench/parse_only and `satpipe run` (every analysis
on: cleaning, descriptives, reliability, drivers with 1,000 bootstrap
resamples, priorities, segments, workbook and JSON) alternately
BENCH_REPEAT times (default 3). It prints the median wall time of each, their
ratio, satpipe's peak RSS (getrusage of the child), responses per second, and
time and memory per response, which should stay flat across sizes. A folder
of 4 files at the middle size shows the parallel ingest.

Benchmarks are not tests: nothing here passes or fails. The figures go to
stdout and to build/bench/results.md.

usage: run.py BUILD_DIR
"""
import os
import statistics
import subprocess
import sys
import time

BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
SATPIPE = os.path.join(BUILD, "satpipe")
PARSE_ONLY = os.path.join(BUILD, "parse_only")
OUT = os.path.join(BUILD, "bench")
SIZES = [int(s) for s in os.environ.get(
    "BENCH_SIZES", "100000 1000000 10000000").split()]
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
ITEMS = 30                  # satpipe gen: 5 dimensions x 6 items


def timed(cmd):
    """Wall seconds and peak RSS (bytes) of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        sys.exit("bench: %s failed (%d)" % (" ".join(cmd), status))
    return wall, usage.ru_maxrss * 1024


def dataset(n, files):
    folder = os.path.join(OUT, "%d_%dfiles" % (n, files))
    if not os.path.exists(os.path.join(folder, "survey.yaml")):
        os.makedirs(folder, exist_ok=True)
        subprocess.run([SATPIPE, "gen", "--responses", str(n), "--seed", "1",
                        "--files", str(files), "-o", folder], check=True,
                       stdout=subprocess.DEVNULL)
    csvs = sorted(os.path.join(folder, f) for f in os.listdir(folder)
                  if f.endswith(".csv"))
    return folder, csvs


def bench(n, files):
    folder, csvs = dataset(n, files)
    size = sum(os.path.getsize(f) for f in csvs)
    out = os.path.join(OUT, "out_%d_%d" % (n, files))
    parse, run, rss = [], [], []
    for _ in range(REPEAT):
        parse.append(timed([PARSE_ONLY] + csvs)[0])
        wall, peak = timed([SATPIPE, "run", "-q", "-o", out + ".xlsx",
                            "--json", out + ".json", folder])
        run.append(wall)
        rss.append(peak)
    p, r, m = statistics.median(parse), statistics.median(run), max(rss)
    cells = n * ITEMS
    return {"n": n, "files": files, "mb": size / 1e6, "parse": p, "run": r,
            "ratio": r / p, "rss_mb": m / 2**20,
            "budget_mb": (2 * cells + 64 * 2**20) / 2**20,
            "per_s": n / r, "us_per": 1e6 * r / n, "b_per": m / n}


def main():
    rows = [bench(n, 1) for n in SIZES]
    middle = SIZES[len(SIZES) // 2]
    rows.append(bench(middle, 4))
    head = ("| responses | files | MB | parse-only s | satpipe s | ratio | "
            "peak RSS MB | budget MB | responses/s | us/response | "
            "bytes/response |")
    lines = [head, "|" + "---|" * 11]
    for x in rows:
        lines.append("| {n:,} | {files} | {mb:.0f} | {parse:.2f} | {run:.2f} | "
                     "{ratio:.2f} | {rss_mb:.0f} | {budget_mb:.0f} | "
                     "{per_s:,.0f} | {us_per:.2f} | {b_per:.0f} |".format(**x))
    one = [x for x in rows if x["files"] == 1]
    base = one[len(one) // 2]
    lines.append("")
    lines.append("Scaling against %s responses (1.00 = linear): " %
                 format(base["n"], ","))
    for x in one:
        lines.append("- %s: time per response %.2f, memory per response "
                     "%.2f" % (format(x["n"], ","), x["us_per"] / base["us_per"],
                               x["b_per"] / base["b_per"]))
    text = "\n".join(lines)
    print(text)
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write("median of %d runs each, %s\n\n%s\n" % (
            REPEAT, time.strftime("%Y-%m-%d"), text))


if __name__ == "__main__":
    main()
