#!/usr/bin/env python3
"""rollout done vs Taskwarrior, several rollout binaries side by side.

  tools/bench/bench_done_compare.py RUNS ROLLOUT_BINARY...

Like bench_done.sh (docs/performance.md "rollout done vs Taskwarrior"), but
each binary gets its own fresh 10,000-task database and the runs alternate
binary 1, binary 2, ..., `task UUID done`, so that all of them see the same
load. Prints, per program, the wall-clock median and minimum and the median
CPU time (user + sys of the child, getrusage), which a busy machine inflates
far less than the wall clock. Needs the Debian package taskwarrior.
"""
import json, os, resource, shutil, statistics, subprocess, sys, tempfile, time, uuid


def write_plan(path):
    # 10,000 tasks in 100 chains of 100, each chain assigned to one of 20 people.
    lines = ["plan: bench", "start: 2027-01-11", "roles: {lead: {name: Lead}, staff: {name: Staff}}",
             "people:", "  - {id: boss, roles: [lead]}"]
    lines += ["  - {id: p%d, roles: [staff]}" % i for i in range(20)]
    lines.append("tasks:")
    for c in range(100):
        for k in range(100):
            after = ", after: [c%d.t%d]" % (c, k - 1) if k else ""
            lines.append("  - {id: c%d.t%d, duration: 1, assignee: p%d%s}" % (c, k, c % 20, after))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def timed(argv, env):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = (time.perf_counter() - t0) * 1000
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit("failed: %s: %s" % (" ".join(argv), r.stderr.decode()))
    return wall, (r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    runs, binaries = int(sys.argv[1]), [os.path.abspath(b) for b in sys.argv[2:]]
    if shutil.which("task") is None:
        sys.exit("bench_done_compare: install taskwarrior (apt-get install taskwarrior)")
    work = tempfile.mkdtemp(prefix="rollout-bench-")
    try:
        plan = os.path.join(work, "plan.yaml")
        write_plan(plan)
        envs = []
        for i, b in enumerate(binaries):
            env = dict(os.environ, ROLLOUT_DB=os.path.join(work, "r%d.db" % i), ROLLOUT_USER="boss",
                       ROLLOUT_NOW="2027-01-12T10:00")
            subprocess.run([b, "load", plan], env=env, check=True, stdout=subprocess.DEVNULL)
            envs.append(env)
        twdata = os.path.join(work, "tw")
        os.mkdir(twdata)
        rc = os.path.join(work, "taskrc")
        with open(rc, "w") as f:
            f.write("data.location=%s\nconfirmation=off\nverbose=nothing\nnews.version=2.6.2\n"
                    "recurrence=off\n" % twdata)
        tenv = dict(os.environ, TASKRC=rc, TASKDATA=twdata)
        uuids = [str(uuid.uuid4()) for _ in range(max(runs, 1000))]
        entries = [{"uuid": u, "description": "task %d" % i, "status": "pending",
                    "entry": "20270111T090000Z"} for i, u in enumerate(uuids[:1000])]
        subprocess.run(["task", "import"], input=json.dumps(entries).encode(), env=tenv, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        names = ["%d:%s" % (i, b) for i, b in enumerate(binaries)] + ["task UUID done"]
        wall = {n: [] for n in names}
        cpu = {n: [] for n in names}
        for i in range(min(runs, 1000)):
            task_id = "c%d.t%d" % (i % 100, i // 100)
            for n, b, env in zip(names, binaries, envs):
                w, c = timed([b, "done", task_id], env)
                wall[n].append(w)
                cpu[n].append(c)
            w, c = timed(["task", uuids[i], "done"], tenv)
            wall[names[-1]].append(w)
            cpu[names[-1]].append(c)
        print("load average (1 min) at the end: %s" % open("/proc/loadavg").read().split()[0])
        for n in names:
            print("%-50s wall median %6.2f ms (min %5.2f) | cpu median %5.2f ms"
                  % (n, statistics.median(wall[n]), min(wall[n]), statistics.median(cpu[n])))
        tw, tc = statistics.median(wall[names[-1]]), statistics.median(cpu[names[-1]])
        for n in names[:-1]:
            print("%-50s task/rollout: wall %.1fx, cpu %.1fx"
                  % (n, tw / statistics.median(wall[n]), tc / statistics.median(cpu[n])))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
