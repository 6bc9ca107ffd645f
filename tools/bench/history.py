#!/usr/bin/env python3
"""Replay the last commits of a real repository as pull requests in CI.

For each of the last N first-parent commits C that change C or C++ files
(newest first; default: this repository, a Clang-heavy code base), with P
its parent:

  1. the main-branch job: a fresh configure of P into a new build directory
     and `riskguard index` into the cache (what the CI template saves);
  2. the pull request: a fresh configure of C into another new build
     directory (what every CI run does), then side by side
       check        riskguard check --base P --head C with the cache restored
       tidy-diff    clang-tidy-diff-19.py -j J with the riskguard module on
                    `git diff -U0 P C`
       syntax-only  clang++-19 -fsyntax-only of each changed translation unit,
                    one after the other

and prints wall time, peak RSS, how many units the check parsed and took
from the cache, and the ratios check / tidy-diff and check / syntax-only.
The target is a check within 1.5x of tidy-diff.

  tools/bench/history.py [--repo DIR] [--commits N] [--build DIR] [-j J]
                         [--work DIR] [--cmake-arg ARG]...
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import measure  # noqa: E402

SRC_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CXX_EXTENSIONS = (".c", ".cc", ".cpp", ".cxx", ".c++", ".h", ".hh", ".hpp", ".hxx", ".inc", ".ipp")
SOURCE_EXTENSIONS = (".c", ".cc", ".cpp", ".cxx", ".c++")


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True,
                          check=True).stdout


def commits(repo, n):
    """The last \\p n first-parent commits with a parent that change C/C++ files."""
    found = []
    for c in git(repo, "rev-list", "--first-parent", "HEAD").split():
        parents = git(repo, "rev-list", "--parents", "-n", "1", c).split()[1:]
        if not parents:
            break
        files = git(repo, "diff", "--name-only", parents[0], c).split("\n")
        if any(f.endswith(CXX_EXTENSIONS) for f in files):
            found.append((parents[0], c, [f for f in files if f]))
        if len(found) == n:
            break
    return found


def configure(src, build, args):
    shutil.rmtree(build, ignore_errors=True)
    cmd = ["cmake", "-S", src, "-B", build, "-G", "Ninja",
           "-DCMAKE_C_COMPILER=clang-19", "-DCMAKE_CXX_COMPILER=clang++-19",
           "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON", *args.cmake_arg]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        sys.exit(f"history: configuring {src} failed:\n{p.stdout[-2000:]}{p.stderr[-2000:]}")


def syntax_only(build, clone, changed):
    """Commands of the changed translation units, as -fsyntax-only."""
    with open(os.path.join(build, "compile_commands.json")) as f:
        db = json.load(f)
    wanted = {os.path.join(clone, c) for c in changed if c.endswith(SOURCE_EXTENSIONS)}
    cmds = []
    for entry in db:
        path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
        if path not in wanted:
            continue
        args = entry.get("arguments") or entry["command"].split()
        out, skip = [], False
        for a in args:
            if skip:
                skip = False
            elif a == "-o":
                skip = True
            elif a != "-c":
                out.append(a)
        cmds.append((entry["directory"], [out[0].replace("clang++", "clang++-19")
                                          if out[0].endswith("clang++") else out[0],
                                          "-fsyntax-only", *out[1:]]))
    return cmds


def replay(base, head, files, args, work, clone, cache):
    """One commit as a main-branch index of its parent and a pull-request check;
    each configure goes to a build directory of its own, as in CI."""
    rg = os.path.join(args.build, "bin", "riskguard")
    tidy = os.path.join(args.build, "lib", "libriskguard-tidy.so")
    j = str(args.jobs)
    git(clone, "checkout", "-q", "--detach", base)
    base_build = os.path.join(work, "build-" + base[:12])
    configure(clone, base_build, args)
    index = measure([rg, "index", "--repo", clone, "-p", base_build, "--cache-dir", cache,
                     "-j", j, "-q"], clone)
    git(clone, "checkout", "-q", "--detach", head)
    head_build = os.path.join(work, "build-pr-" + head[:12])
    configure(clone, head_build, args)
    report = os.path.join(work, "check.json")
    check = measure([rg, "check", "--repo", clone, "-p", head_build, "--cache-dir", cache,
                     "--base", base, "--head", head, "-j", j, "--fail-on", "never",
                     "--format", "json=" + report], clone)
    with open(report) as f:
        stats = json.load(f)["stats"]
    diff = git(clone, "diff", "-U0", base, head)
    tidy_diff = measure(["clang-tidy-diff-19.py", "-p1", "-path", head_build, "-j", j,
                         "-clang-tidy-binary", "clang-tidy-19", "-load", tidy,
                         "-checks=-*,riskguard-*", "-quiet"], clone, stdin=diff)
    wall, rss, units = 0.0, 0.0, 0
    for directory, cmd in syntax_only(head_build, clone, files):
        w, r = measure(cmd, directory)
        wall, rss, units = wall + w, max(rss, r), units + 1
    return {"index": index, "check": check, "tidy": tidy_diff,
            "syntax": (wall, rss) if units else None, "units": units,
            "parsed": stats["tus_parsed"], "cached": stats["tus_cached"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", default=SRC_ROOT)
    ap.add_argument("--commits", type=int, default=5)
    ap.add_argument("--build", default=os.path.join(SRC_ROOT, "build"),
                    help="riskguard's build directory (bin/riskguard, lib/libriskguard-tidy.so)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--work", help="scratch directory (default: a new temporary one)")
    ap.add_argument("--cmake-arg", action="append", default=[],
                    help="one more argument for configuring the replayed project")
    args = ap.parse_args()
    args.build = os.path.abspath(args.build)
    if not os.path.isfile(os.path.join(args.build, "bin", "riskguard")):
        sys.exit(f"history: no bin/riskguard in {args.build}: pass --build DIR")
    work = os.path.abspath(args.work or tempfile.mkdtemp(prefix="riskguard-history-"))
    os.makedirs(work, exist_ok=True)
    clone = os.path.join(work, "clone")
    shutil.rmtree(clone, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", "--no-local", args.repo, clone], check=True)
    cache = os.path.join(work, "cache")
    shutil.rmtree(cache, ignore_errors=True)
    print(f"history: {args.repo}, last {args.commits} commits changing C/C++, -j {args.jobs}")
    print("| commit | files | index base s | check s | parsed/cached | tidy-diff s | "
          "syntax-only s (units) | check / tidy-diff | check / syntax-only | "
          "check peak MiB | tidy peak MiB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    ratios = []
    for base, head, files in commits(clone, args.commits):
        r = replay(base, head, files, args, work, clone, cache)
        syntax = f"{r['syntax'][0]:.2f} ({r['units']})" if r["syntax"] else "n/a (0)"
        vs_syntax = f"{r['check'][0] / r['syntax'][0]:.2f}" if r["syntax"] else "n/a"
        ratio = r["check"][0] / r["tidy"][0]
        ratios.append(ratio)
        print(f"| {head[:10]} | {len(files)} | {r['index'][0]:.2f} | {r['check'][0]:.2f} | "
              f"{r['parsed']}/{r['cached']} | {r['tidy'][0]:.2f} | {syntax} | {ratio:.2f} | "
              f"{vs_syntax} | {r['check'][1]:.0f} | {r['tidy'][1]:.0f} |", flush=True)
    if ratios:
        ratios.sort()
        print(f"history: check / tidy-diff median {ratios[len(ratios) // 2]:.2f}, "
              f"max {ratios[-1]:.2f} (target 1.5)")


if __name__ == "__main__":
    main()
