#!/usr/bin/env python3
"""Measure what `riskguard check --facts-dir` costs for many facts files.

A distributed build leaves one facts file per translation unit, written on
whichever machine compiled it; merging them is copying them into one
directory. What remains is the cost of `check` reading, validating and
merging them. For each N (default 1,000 and 10,000) this generates a git
repository of N translation units (each defines ten functions that call one
another and a function of the previous unit, with RG_TIER1 and RG_OWNERS
annotations, and includes a shared header with inline functions and a class),
its compile database, one more commit that changes one function, and the N
facts files the compiler plugin would write for it. Then it times

  riskguard check --facts-dir DIR -j J

(wall time and peak RSS through /usr/bin/time -v) and prints the figures and
their cost per facts file.

The facts are real: three units (the first, the second and the changed one)
are compiled with clang++-19 and the plugin, and the other N - 3 files are
those of the second one with its names replaced and their "inputs" hashes
recomputed over the generated sources. So
the format and its version are always those of the riskguard under test.
Hashing needs xxh3 (libxxhash.so.0 from Debian's libxxhash0, or the python3
xxhash module).

  tools/bench/merge.py [--build DIR] [-j J] [--sizes 1000,10000] [--work DIR]
"""
import argparse
import ctypes
import ctypes.util
import glob
import json
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
FUNCTIONS = 10


def xxh3_128():
    """contentHash() of riskguard: hex of xxh3-128, high half first."""
    try:
        import xxhash
        return lambda data: xxhash.xxh3_128_hexdigest(data)
    except ImportError:
        pass
    name = ctypes.util.find_library("xxhash") or "libxxhash.so.0"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        sys.exit("merge.py: needs xxh3: install libxxhash0 (apt) or python3-xxhash")

    class Hash128(ctypes.Structure):
        _fields_ = [("low64", ctypes.c_uint64), ("high64", ctypes.c_uint64)]

    lib.XXH3_128bits.restype = Hash128
    lib.XXH3_128bits.argtypes = [ctypes.c_char_p, ctypes.c_size_t]

    def digest(data):
        h = lib.XXH3_128bits(data, len(data))
        return "%016x%016x" % (h.high64, h.low64)
    return digest


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


COMMON = """#pragma once
#include <riskguard/annotations.h>
namespace shop {
#define SCALE 3
struct Price {
  double Amount = 0;
  long Cents = 0;
};
inline long clampCents(long C) { return C < 0 ? 0 : C; }
inline long scaled(long C) { return clampCents(C) * SCALE; }
long origin(long C);
} // namespace shop
"""


def name(i):
    return "m%05d" % i


def source(i, bump=0):
    """Unit i: ten functions in a chain, the first calling unit i - 1."""
    m = name(i)
    prev = f"{name(i - 1)}_f{FUNCTIONS - 1}" if i > 0 else "origin"
    lines = ['#include "common.h"', "namespace shop {"]
    if i > 0:
        lines.append(f"long {prev}(long C);")
    lines.append(f'RG_TIER1("pricing") long {m}_f0(long C) {{ return scaled({prev}(C)) + {1 + bump}; }}')
    lines.append(f'RG_OWNERS("@acme/pricing") long {m}_f1(long C) {{ return {m}_f0(C) * 2; }}')
    for f in range(2, FUNCTIONS):
        lines.append(f"long {m}_f{f}(long C) {{\n  long D = {m}_f{f - 1}(C) + {f};\n"
                     f"  return D > 100 ? {m}_f{f - 2}(D / 2) : clampCents(D);\n}}")
    lines.append("} // namespace shop")
    return "\n".join(lines) + "\n"


def run(cmd, cwd, **kw):
    return subprocess.run(cmd, cwd=cwd, check=True, **kw)


def git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com",
               GIT_AUTHOR_DATE="2026-01-01T00:00:00Z", GIT_COMMITTER_DATE="2026-01-01T00:00:00Z")
    run(["git", *args], repo, env=env, stdout=subprocess.DEVNULL)


def command(repo, i):
    return [CXX, "-std=c++17", "-Iinclude", "-I" + ANNOTATIONS, "-c", f"src/{name(i)}.cc",
            "-o", f"build/{name(i)}.o"]


def generate(repo, n, plugin, digest):
    """The repository, its compile database and the facts of its build."""
    write(os.path.join(repo, "include", "common.h"), COMMON)
    write(os.path.join(repo, ".riskguard.json"),
          '{ "version": 1, "domains": { "pricing": { "owners": ["@acme/pricing"] } } }\n')
    write(os.path.join(repo, ".gitignore"), "/build/\n/facts/\n")
    for i in range(n):
        write(os.path.join(repo, "src", name(i) + ".cc"), source(i))
    git(repo, "init", "-q", "-b", "main", ".")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    # The change: one literal of the middle unit's tier-1 function.
    changed = n // 2
    write(os.path.join(repo, "src", name(changed) + ".cc"), source(changed, bump=1))
    git(repo, "commit", "-q", "-am", "change")
    os.makedirs(os.path.join(repo, "build"), exist_ok=True)
    with open(os.path.join(repo, "build", "compile_commands.json"), "w") as f:
        json.dump([{"directory": repo, "arguments": command(repo, i),
                    "file": os.path.join(repo, "src", name(i) + ".cc")} for i in range(n)], f)

    # Real units: the first, the changed one, and a template for the others.
    facts = os.path.join(repo, "facts")
    real = {0, 1, changed}
    for i in sorted(real):
        run(command(repo, i)[:-2] + ["-fsyntax-only", "-fplugin=" + plugin,
                                     "-fplugin-arg-riskguard-facts-dir=" + facts,
                                     "-fplugin-arg-riskguard-exclude=" + os.path.join(repo, "build")],
            repo)
    [template_path] = glob.glob(os.path.join(facts, f"src_{name(1)}.cc.*.facts.json"))
    with open(template_path) as f:
        template = f.read()
    pattern = re.compile(f"{name(1)}|{name(0)}")
    for i in range(1, n):
        if i in real:
            continue
        mapping = {name(1): name(i), name(0): name(i - 1)}
        text = pattern.sub(lambda m: mapping[m.group(0)], template)
        doc = json.loads(text)
        for entry in doc["inputs"]:
            with open(os.path.join(repo, entry["path"]), "rb") as src:
                entry["hash"] = digest(src.read())
        with open(os.path.join(facts, f"src_{name(i)}.cc.{i:016x}.facts.json"), "w") as out:
            json.dump(doc, out, indent=2, sort_keys=True)
    return facts, json.loads(template)["version"]


def measure(cmd, cwd):
    """Wall seconds and peak RSS (KiB) of one run."""
    timer = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    start = time.monotonic()
    if timer:
        p = subprocess.run([timer, "-v", *cmd], cwd=cwd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        wall = time.monotonic() - start
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    else:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.monotonic() - start
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if p.returncode not in (0, 1):
        sys.exit(f"merge.py: {' '.join(cmd)} failed:\n{p.stderr}")
    return wall, rss, p.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(SRC_ROOT, "build"))
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--work", help="keep the generated repositories here")
    args = ap.parse_args()
    args.build = os.path.abspath(args.build)
    riskguard = os.path.join(args.build, "bin", "riskguard")
    plugin = os.path.join(args.build, "lib", "libriskguard-plugin.so")
    for path in (riskguard, plugin):
        if not os.path.exists(path):
            sys.exit(f"merge.py: no {path}: build riskguard first")
    digest = xxh3_128()
    work = args.work or tempfile.mkdtemp(prefix="riskguard-merge-")
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        repo = os.path.realpath(os.path.join(work, f"n{n}"))
        shutil.rmtree(repo, ignore_errors=True)
        start = time.monotonic()
        facts, version = generate(repo, n, plugin, digest)
        gen = time.monotonic() - start
        size = sum(os.path.getsize(p) for p in glob.glob(os.path.join(facts, "*.facts.json")))
        cmd = [riskguard, "check", "--base", "HEAD~1", "--head", "HEAD", "--fail-on", "never",
               "--cache-dir=", "-j", str(args.j), "--facts-dir", facts]
        wall, rss, err = measure(cmd, repo)
        summary = next((l for l in err.splitlines() if "--facts-dir" in l), "")
        expect = f"{n} of {n} translation units from --facts-dir"
        if expect not in summary:
            sys.exit(f"merge.py: expected '{expect}' in the output of check, got:\n{err}")
        rows.append((n, size, wall, rss))
        print(f"N={n}: generated in {gen:.1f} s (facts format version {version}); {summary[len('riskguard: '):]}",
              file=sys.stderr, flush=True)
    print(f"{'facts files':>11} {'total size':>10} {'check wall':>10} {'peak RSS':>9} "
          f"{'ms/file':>8} {'KiB RSS/file':>12}")
    for n, size, wall, rss in rows:
        print(f"{n:>11} {size / 2**20:>8.1f}MB {wall:>9.2f}s {rss / 1024:>7.0f}MB "
              f"{wall * 1000 / n:>8.3f} {rss / n:>12.1f}")
    if len(rows) > 1:
        (n0, _, w0, r0), (n1, _, w1, r1) = rows[0], rows[-1]
        print(f"N x{n1 / n0:g}: wall x{w1 / w0:.2f}, peak RSS x{r1 / r0:.2f}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
