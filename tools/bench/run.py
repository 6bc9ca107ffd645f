#!/usr/bin/env python3
"""Benchmark riskguard against clang itself on a synthetic code base.

For each N (default 20, 40, 80) it generates a git repository of N translation
units (standard library includes, project headers, cross-module calls,
RG_TIER1 annotations, GoogleTest tests for about a quarter of the modules), a
compile database and one extra commit that changes one function, then runs,
side by side:

  syntax-only   clang++-19 -fsyntax-only over all TUs, -j J (xargs -P J): the baseline
  1 TU          clang++-19 -fsyntax-only of the changed TU alone
  index cold    riskguard index -j J into an empty cache
  index -j1     the same with one job: its peak RSS is the cost of one job
  check warm    riskguard check -j J of the one-function change, cache warm
  check cold-change
                the same with every TU cached but the changed one, at head
                and at base: its base parse loads the preamble its head
                parse built
  ... no preamble
                the same with RISKGUARD_NO_PREAMBLE=1: both parses read the
                headers
  tidy-diff     clang-tidy-diff-19.py -j J with riskguard-tier1-change on the diff

and prints wall time (and its ratio to the baseline) and peak RSS of each.
Peak RSS is that of the largest single process (/usr/bin/time -v, else
getrusage of the children): one clang for the baseline, the whole riskguard
process (all its J parsing threads) for riskguard.

  tools/bench/run.py [--build DIR] [-j J] [--sizes 20,40,80] [--work DIR]
"""
import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

SRC_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ANNOTATIONS = os.path.join(SRC_ROOT, "annotations", "include")
CXX = "clang++-19"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def header(i):
    tier = 'RG_TIER1("pricing") ' if i % 3 == 0 else ""
    return f"""#pragma once
#include <riskguard/annotations.h>
#include <string>
#include <vector>

namespace shop::m{i} {{
struct Item{i} {{
  std::string Name;
  long Cents = 0;
}};
{tier}long total(const std::vector<Item{i}> &Items);
long discount(long Cents);
std::string label(const Item{i} &I);
}} // namespace shop::m{i}
"""


def source(i, modules, changed=False):
    deps = sorted({(i + 1) % modules, (i + 7) % modules} - {i})
    incs = "".join(f'#include "m{d}.h"\n' for d in deps)
    calls = " + ".join(f"m{d}::discount(Cents)" for d in deps) or "0"
    rate = 7 if changed else 5
    return f"""#include "m{i}.h"
{incs}#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace shop::m{i} {{
long discount(long Cents) {{ return Cents / 100 * {rate}; }}

long total(const std::vector<Item{i}> &Items) {{
  std::map<std::string, long> ByName;
  for (const Item{i} &I : Items)
    ByName[I.Name] += I.Cents;
  long Sum = 0;
  for (const auto &[Name, Cents] : ByName)
    Sum += Cents - discount(Cents);
  std::vector<long> Sorted;
  for (const auto &Entry : ByName)
    Sorted.push_back(Entry.second);
  std::sort(Sorted.begin(), Sorted.end());
  return Sum + (Sorted.empty() ? 0 : Sorted.front() % 2);
}}

std::string label(const Item{i} &I) {{
  long Cents = I.Cents;
  return I.Name + ":" + std::to_string(Cents + {calls});
}}
}} // namespace shop::m{i}
"""


def test(i):
    return f"""#include "m{i}.h"
#include <gtest/gtest.h>

TEST(M{i}Test, Total) {{
  std::vector<shop::m{i}::Item{i}> Items{{{{"a", 100}}, {{"b", 200}}}};
  EXPECT_GT(shop::m{i}::total(Items), 0);
}}
TEST(M{i}Test, Label) {{ EXPECT_FALSE(shop::m{i}::label({{"a", 1}}).empty()); }}
"""


def git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com",
               GIT_AUTHOR_DATE="2026-01-01T00:00:00Z", GIT_COMMITTER_DATE="2026-01-01T00:00:00Z")
    subprocess.run(["git", "-C", repo, *args], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def generate(repo, n):
    """N TUs: about 80% modules, 20% GoogleTest files (a test for every
    fourth module or so); returns the changed TU's path."""
    modules = max(2, round(n * 0.8))
    tests = n - modules
    for i in range(modules):
        write(f"{repo}/include/m{i}.h", header(i))
        write(f"{repo}/src/m{i}.cc", source(i, modules))
    tested = list(range(0, modules, max(1, modules // max(1, tests))))[:tests]
    for i in tested:
        write(f"{repo}/test/m{i}_test.cc", test(i))
    write(f"{repo}/.riskguard.json", '{ "version": 1, "domains": { "pricing": {} },\n'
          '  "tests": { "paths": ["test/**"] } }\n')
    write(f"{repo}/.gitignore", "/build/\n")
    files = [f"src/m{i}.cc" for i in range(modules)] + [f"test/m{i}_test.cc" for i in tested]
    cdb = [{"directory": repo, "file": f"{repo}/{f}",
            "arguments": [CXX, "-std=c++17", "-Iinclude", "-I" + ANNOTATIONS, "-c",
                          f"{repo}/{f}", "-o", f"build/{os.path.basename(f)}.o"]} for f in files]
    import json
    write(f"{repo}/build/compile_commands.json", json.dumps(cdb, indent=1))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    changed = modules // 2
    write(f"{repo}/src/m{changed}.cc", source(changed, modules, changed=True))
    git(repo, "commit", "-q", "-a", "-m", "change one function")
    return files, f"src/m{changed}.cc"


def measure(cmd, cwd, stdin=None, env=None, want_stderr=False):
    """Wall seconds and peak RSS (MiB) of the largest process \\p cmd runs,
    and its stderr when \\p want_stderr."""
    timev = shutil.which("time") and os.path.exists("/usr/bin/time")
    full = (["/usr/bin/time", "-v"] if timev else []) + cmd
    start = time.monotonic()
    p = subprocess.run(full, cwd=cwd, input=stdin, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True,
                       env=dict(os.environ, **(env or {})))
    wall = time.monotonic() - start
    if timev:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
        rss = int(m.group(1)) / 1024 if m else float("nan")
    else:
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if p.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    return (wall, rss, p.stderr) if want_stderr else (wall, rss)


def run(n, args, work):
    repo = os.path.join(work, f"n{n}")
    shutil.rmtree(repo, ignore_errors=True)
    files, changed = generate(repo, n)
    cache = os.path.join(work, f"cache{n}")
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(cache + "-j1", ignore_errors=True)
    rg = os.path.join(args.build, "bin", "riskguard")
    tidy = os.path.join(args.build, "lib", "libriskguard-tidy.so")
    j = str(args.jobs)
    flags = ["-std=c++17", "-Iinclude", "-I" + ANNOTATIONS, "-fsyntax-only"]
    rows = []
    # Warm the page cache so that the first measurement is not penalised.
    measure(["sh", "-c", f"printf '%s\\n' {' '.join(files)} | xargs -P {j} -n 1 {CXX} {' '.join(flags)}"], repo)
    rows.append(("syntax-only", *measure(
        ["sh", "-c", f"printf '%s\\n' {' '.join(files)} | xargs -P {j} -n 1 {CXX} {' '.join(flags)}"], repo)))
    rows.append(("1 TU", *measure([CXX, *flags, changed], repo)))
    rows.append(("index cold", *measure([rg, "index", "--cache-dir", cache, "-j", j, "-q"], repo)))
    rows.append(("index cold -j1", *measure(
        [rg, "index", "--cache-dir", cache + "-j1", "-j", "1", "-q"], repo)))
    rows.append(("check warm", *measure(
        [rg, "check", "--cache-dir", cache, "-j", j, "--base", "HEAD~1", "--head", "HEAD",
         "--fail-on", "never", "-q", "--format", "json=" + os.path.join(work, f"check{n}.json")], repo)))
    # A cache of every TU but the changed one at base and at head: index a
    # third version of the changed file, then put the head back.
    with open(os.path.join(repo, changed)) as f:
        head_text = f.read()
    write(os.path.join(repo, changed), head_text.replace("* 7;", "* 9;"))
    cold = cache + "-cold"
    shutil.rmtree(cold, ignore_errors=True)
    measure([rg, "index", "--cache-dir", cold, "-j", j, "-q"], repo)
    write(os.path.join(repo, changed), head_text)
    reports = []
    for name, env in (("check cold-change", {}),
                      ("check cold-change, no preamble", {"RISKGUARD_NO_PREAMBLE": "1"})):
        fresh = cache + "-fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(cold, fresh)
        reports.append(os.path.join(work, f"check{n}-{len(reports)}.json"))
        rows.append((name, *measure(
            [rg, "check", "--cache-dir", fresh, "-j", j, "--base", "HEAD~1", "--head", "HEAD",
             "--fail-on", "never", "-q", "--format", "json=" + reports[-1]], repo, env=env)))
    # The preamble saves time only: the reports must be the same.
    with open(reports[0]) as a, open(reports[1]) as b:
        if a.read() != b.read():
            sys.exit(f"bench: {reports[0]} and {reports[1]} differ")
    diff = subprocess.run(["git", "-C", repo, "diff", "-U0", "HEAD~1", "HEAD"],
                          capture_output=True, text=True, check=True).stdout
    rows.append(("tidy-diff", *measure(
        ["clang-tidy-diff-19.py", "-p1", "-path", os.path.join(repo, "build"), "-j", j,
         "-clang-tidy-binary", "clang-tidy-19", "-load", tidy,
         "-checks=-*,riskguard-tier1-change", "-quiet"], repo, stdin=diff)))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(SRC_ROOT, "build"),
                    help="riskguard build directory (bin/riskguard, lib/libriskguard-tidy.so)")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--sizes", default="20,40,80")
    ap.add_argument("--work", help="where to generate (default: a temporary directory)")
    args = ap.parse_args()
    args.build = os.path.abspath(args.build)
    work = os.path.abspath(args.work) if args.work else tempfile.mkdtemp(prefix="rg-bench-")
    os.makedirs(work, exist_ok=True)
    print(f"| N | tool | wall s | x baseline | x 1 TU | peak RSS MiB | x clang peak |")
    print(f"|---|---|---|---|---|---|---|")
    for n in [int(s) for s in args.sizes.split(",")]:
        rows = run(n, args, work)
        base_wall, base_rss = rows[0][1], rows[0][2]
        one_wall = rows[1][1]
        for name, wall, rss in rows:
            print(f"| {n} | {name} | {wall:.2f} | {wall / base_wall:.2f} | {wall / one_wall:.2f} "
                  f"| {rss:.0f} | {rss / base_rss:.2f} |", flush=True)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
