#!/usr/bin/env python3
"""Differential test of the C schema validator against python-jsonschema.

Each tests/schema/cases/*.yaml is loaded with PyYAML under a YAML 1.2 core
schema resolver (the typing logpipe's loader uses; PyYAML alone is YAML 1.1,
where yes/no are booleans, 012 is octal and 2024-01-01 a date), validated with
jsonschema's Draft202012Validator against schemas/logpipe.schema.json, and
run through validate_main (the C validator). Every verdict must agree with the
other and with the case's '# expect: accept|reject' line.

usage: differential.py VALIDATE_MAIN SOURCE_ROOT
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

# ./dev exports LP_PYTHON, a python3 known to have jsonschema and yaml; meson
# found whichever python3 came first on PATH.
_lp_python = shutil.which(os.environ.get("LP_PYTHON", "") or "") if os.environ.get("LP_PYTHON") else None
if _lp_python and os.path.realpath(_lp_python) != os.path.realpath(sys.executable) \
        and not os.environ.get("LP_DIFFERENTIAL_REEXEC"):
    os.environ["LP_DIFFERENTIAL_REEXEC"] = "1"
    os.execv(_lp_python, [_lp_python] + sys.argv)

import jsonschema  # noqa: E402
import yaml  # noqa: E402


class Core12Loader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema's implicit types only."""


Core12Loader.yaml_implicit_resolvers = {}
Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789"))
Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))


def construct_core_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)  # 012 is twelve in YAML 1.2


Core12Loader.add_constructor("tag:yaml.org,2002:int", construct_core_int)


def expected_verdict(text):
    m = re.search(r"^# expect: (accept|reject)\s*$", text, re.M)
    return m.group(1).upper() if m else None


def main():
    exe, root = sys.argv[1], sys.argv[2]
    with open(os.path.join(root, "schemas", "logpipe.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    cases = sorted(glob.glob(os.path.join(root, "tests", "schema", "cases", "*.yaml")))
    passed = failed = 0
    for path in cases:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        want = expected_verdict(text)
        doc = yaml.load(text, Loader=Core12Loader)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        py = "REJECT" if errors else "ACCEPT"
        run = subprocess.run([exe, path], capture_output=True, text=True)
        lines = run.stdout.splitlines()
        c = lines[0] if run.returncode == 0 and lines else "ERROR"
        ok = c == py and (want is None or want == py)
        if ok:
            passed += 1
            print(f"ok   {name}: {py}")
        else:
            failed += 1
            print(f"FAIL {name}: expected {want}, python {py}, C {c}")
            for e in errors:
                print(f"     python: {'.'.join(map(str, e.absolute_path))}: {e.message}")
            for line in lines[1:] + run.stderr.splitlines():
                print(f"     C: {line}")
        if want is None:
            failed += 1
            print(f"FAIL {name}: no '# expect: accept|reject' line")
    if len(cases) < 40:
        failed += 1
        print(f"FAIL corpus has {len(cases)} cases, fewer than 40")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
