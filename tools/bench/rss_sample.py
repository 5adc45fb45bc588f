#!/usr/bin/env python3
"""Runs a command and samples its resident set size (VmRSS) every few ms.

    tools/bench/rss_sample.py [--every MS] -- COMMAND...

Prints the samples as "t_ms rss_MB" lines (every 100 ms, and the peak), then
the peak and when it happened. With `rollout --timings`, the phase lines the
command writes to stderr ("phase parse 1734.8") are printed too, with the time
each phase ended (their cumulative sum after the first sample), so the peak can
be placed in a phase. The command's stdout goes to /dev/null. "MB" is 1,000 KB
of /proc's VmRSS (KiB), the unit docs/performance.md gives /usr/bin/time's %M in.
"""
import argparse
import subprocess
import sys
import time


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--every", type=float, default=5.0, help="sample period, ms")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no command")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples = []
    while proc.poll() is None:
        kb = rss_kb(proc.pid)
        if kb is not None:
            samples.append(((time.perf_counter() - start) * 1000, kb))
        time.sleep(args.every / 1000)
    err = proc.stderr.read()
    if not samples:
        print("no samples", file=sys.stderr)
        return 1
    peak_t, peak_kb = max(samples, key=lambda s: s[1])
    last_printed = -1e9
    for t, kb in samples:
        if t - last_printed >= 100 or t == peak_t:
            print(f"{t:8.0f} ms {kb / 1000:8.1f} MB{'  <- peak' if t == peak_t else ''}")
            last_printed = t
    begin = end = samples[0][0]
    for line in err.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "phase":
            end += float(parts[2])
            top = max((kb for t, kb in samples if begin <= t < end), default=0)
            print(f"phase {parts[1]:<10} {float(parts[2]):8.1f} ms, ends near {end:8.0f} ms, "
                  f"max {top / 1000:.1f} MB")
            begin = end
    print(f"peak {peak_kb / 1000:.1f} MB ({peak_kb} KB) at {peak_t:.0f} ms; exit {proc.returncode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
