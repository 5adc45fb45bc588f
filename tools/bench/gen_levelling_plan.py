#!/usr/bin/env python3
"""Writes the same random levelling plan as rollout YAML and as a TaskJuggler
3 project: N tasks, P people in 4 roles, FS links to earlier tasks, each task
needing one person of a role.  usage: gen_levelling_plan.py N P SEED OUT_PREFIX"""
import random
import sys

n, people, seed, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(seed)
roles = ["r1", "r2", "r3", "r4"]
persons = [(f"p{i}", roles[i % 4]) for i in range(people)]
tasks = []
for i in range(n):
    dur = rng.randint(1, 5)
    preds = sorted({rng.randint(max(0, i - 50), i - 1) for _ in range(rng.randint(0, 2))}) if i else []
    tasks.append((dur, preds, roles[rng.randrange(4)]))

with open(out + ".yaml", "w") as y:
    y.write("plan: bench-levelling\nstart: 2027-01-04\nroles:\n")
    for r in roles:
        y.write(f"  {r}: {{name: {r}}}\n")
    y.write("people:\n")
    for pid, r in persons:
        y.write(f"  - {{id: {pid}, roles: [{r}]}}\n")
    y.write("tasks:\n")
    for i, (dur, preds, r) in enumerate(tasks):
        after = f", after: [{', '.join('t%d' % p for p in preds)}]" if preds else ""
        y.write(f"  - {{id: t{i}, duration: {dur}{after}, needs: {{{r}: 1}}}}\n")

with open(out + ".tjp", "w") as t:
    t.write('project bench "bench" 2027-01-04 +60m {\n}\n')
    for pid, r in persons:
        t.write(f'resource {pid} "{pid}" {{ }}\n')
    for i, (dur, preds, r) in enumerate(tasks):
        alts = [pid for pid, pr in persons if pr == r]
        t.write(f'task t{i} "t{i}" {{\n  effort {dur}d\n')
        t.write(f"  allocate {alts[0]} {{ alternative {', '.join(alts[1:])} select minloaded }}\n" if len(alts) > 1 else f"  allocate {alts[0]}\n")
        if preds:
            t.write("  depends " + ", ".join(f"t{p}" for p in preds) + "\n")
        elif True:
            t.write("  start 2027-01-04\n")
        t.write("}\n")
    t.write('taskreport "out" { formats csv columns id, start, end }\n')
