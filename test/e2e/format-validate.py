#!/usr/bin/env python3
"""Validates a riskguard report against its published schema.

    format-validate.py --bin NPM_BIN --schemas DIR FORMAT FILE

FORMAT is sarif, gitlab, rdjson or github-review. Every format is checked
with ajv (npm ajv-cli + ajv-formats) against the schema in DIR; SARIF is also
checked with Microsoft's SARIF multitool (npm @microsoft/sarif-multitool),
which exits 0 even for an invalid file, so its own SARIF log is read and any
error-level result fails. A missing validator is a failure, never a skip:
tools/bootstrap test installs them under BUILD/npm.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

SCHEMAS = {
    "sarif": ("sarif-schema-2.1.0.draft-07.json", []),
    "gitlab": ("gitlab-code-quality-report.schema.json", []),
    "rdjson": (os.path.join("reviewdog-rdjson", "DiagnosticResult.draft-07.json"), []),
    "github-review": ("github-pulls-create-review.request-body.schema.json", ["--strict=false"]),
}


def fail(message):
    print("format-validate: " + message, file=sys.stderr)
    sys.exit(1)


def tool(bin_dir, name):
    path = os.path.join(bin_dir, name)
    if not os.access(path, os.X_OK):
        fail("validator '%s' not found in %s; install it with tools/bootstrap test "
             "(npm install --prefix BUILD/npm ajv-cli ajv-formats @microsoft/sarif-multitool)"
             % (name, bin_dir))
    return path


def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc.returncode, proc.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--schemas", required=True)
    parser.add_argument("format", choices=sorted(SCHEMAS))
    parser.add_argument("file")
    args = parser.parse_args()

    schema, extra = SCHEMAS[args.format]
    schema = os.path.join(args.schemas, schema)
    if not os.path.isfile(schema):
        fail("schema %s not found" % schema)
    with tempfile.TemporaryDirectory() as tmp:
        # ajv wants data files ending in .json.
        data = os.path.join(tmp, "report.json")
        shutil.copyfile(args.file, data)
        code, out = run([tool(args.bin, "ajv"), "validate", "--spec=draft7", "-c", "ajv-formats",
                         *extra, "-s", schema, "-d", data])
        if code != 0 or "report.json valid" not in out:
            fail("ajv: %s is not valid against %s:\n%s" % (args.file, schema, out))
        if args.format == "sarif":
            log = os.path.join(tmp, "validation.sarif")
            code, out = run([tool(args.bin, "sarif-multitool"), "validate", data, "-o", log,
                             "--log", "ForceOverwrite"])
            if code != 0 or not os.path.isfile(log):
                fail("sarif-multitool failed on %s:\n%s" % (args.file, out))
            with open(log) as f:
                results = [r for run_ in json.load(f).get("runs", []) for r in run_.get("results", [])]
            errors = [r for r in results if r.get("level", "warning") == "error"]
            if errors:
                fail("sarif-multitool: %d error(s) in %s:\n%s" % (
                    len(errors), args.file, json.dumps(errors, indent=2)))
    print("%s: valid %s" % (os.path.basename(args.file), args.format))


if __name__ == "__main__":
    main()
