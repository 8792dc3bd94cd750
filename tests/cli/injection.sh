#!/usr/bin/env bash
# Injection cases, end to end: specs whose names and values try to break out
# of the SQL, Fluent Bit conf, JSON and YAML that logpipe writes. Each case
# starts from examples/hybrid with one value changed (written with PyYAML so
# any byte can be expressed) and must either
#   - be refused: exit 2, a 'logpipe.yaml:LINE:COL: error:' finding, and
#     nothing written; or
#   - build, and reading the output back (json, a Fluent Bit classic reader,
#     yaml with CloudFormation tags, 'logpipe lint' for the DDL) finds the
#     value verbatim where it belongs and nowhere else.
# Usage: injection.sh LOGPIPE SOURCE_ROOT
set -u

LP=$1
ROOT=$2
PY=${LP_PYTHON:-python3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cat >"$TMP/inj.py" <<'PYEOF'
import json, os, re, shutil, subprocess, sys
import yaml

LP, ROOT, TMP = (os.path.abspath(a) for a in sys.argv[1:4])
EX = os.path.join(ROOT, "examples", "hybrid")
passed = failed = 0


def ok(name):
    global passed
    passed += 1
    print(f"ok - {name}")


def ko(name, why, log=""):
    global failed
    failed += 1
    print(f"FAIL - {name}: {why}")
    for line in log.splitlines()[:15]:
        print(f"  | {line}")


def app(s):
    return s["services"]["api"]["containers"]["app"]


def batch(s):
    return s["services"]["batch"]["containers"]["export"]


def build(name, mutate, extra_files=()):
    """Copies the example, applies `mutate` to the spec, runs logpipe build."""
    d = os.path.join(TMP, re.sub(r"[^a-z0-9]+", "-", name.lower()))
    shutil.copytree(EX, d)
    for path in extra_files:
        shutil.copy(os.path.join(d, "infra/orders/template.yaml"), os.path.join(d, path))
    with open(os.path.join(d, "logpipe.yaml")) as f:
        spec = yaml.safe_load(f)
    mutate(spec)
    with open(os.path.join(d, "logpipe.yaml"), "w") as f:
        yaml.safe_dump(spec, f, sort_keys=False, allow_unicode=True)
    p = subprocess.run([LP, "build", "logpipe.yaml", "-o", "out"], cwd=d, capture_output=True)
    return d, p.returncode, p.stderr.decode("utf-8", "replace")


def refused(name, mutate, rule):
    d, rc, err = build(name, mutate)
    first = next((l for l in err.splitlines() if ": error:" in l), "")
    if rc != 2:
        ko(name, f"exit {rc}, wanted 2 (refused)", err)
    elif not re.match(r"^logpipe\.yaml:\d+:\d+: error: .*\[" + re.escape(rule) + r"\]$", first):
        ko(name, f"first error is not a positioned [{rule}] finding", err)
    elif os.path.exists(os.path.join(d, "out")):
        ko(name, "a refused build wrote files", err)
    elif "\x1b" in err or any(ord(c) < 0x20 and c not in "\n\t" for c in err):
        ko(name, "the finding carries raw control characters", repr(err))
    else:
        ok(name)


def built(name, mutate, check, extra_files=()):
    d, rc, err = build(name, mutate, extra_files)
    if rc not in (0, 1):
        ko(name, f"exit {rc}, wanted a build", err)
        return
    try:
        check(os.path.join(d, "out"))
    except AssertionError as e:
        ko(name, f"read back: {e}", err)
        return
    ok(name)


# ---- readers ---------------------------------------------------------------

def flb_read(path):
    """Fluent Bit classic format: [SECTION] headers, indented 'key value' lines, @directives."""
    sections, directives = [], []
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            assert "\r" not in line and "\x00" not in line, f"raw CR or NUL in {path}"
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("@"):
                directives.append(line)
            elif line.startswith("["):
                assert line.endswith("]"), f"broken section header {line!r}"
                sections.append((line[1:-1], []))
            else:
                assert line.startswith("    "), f"unindented entry {line!r}"
                key, _, value = line.strip().partition(" ")
                assert sections, f"entry outside a section {line!r}"
                sections[-1][1].append((key, value.strip()))
    return sections, directives


def flb_values(path, key):
    sections, _ = flb_read(path)
    return [v for _, entries in sections for k, v in entries if k.lower() == key.lower()]


class CfnLoader(yaml.SafeLoader):
    pass


CfnLoader.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_scalar(node)
                                if isinstance(node, yaml.ScalarNode) else None)


# ---- refused: the schema or a renderer stops them with a position -----------

def field(name, typ="string"):
    return lambda s: app(s)["logs"]["fields"].__setitem__(name, typ)


def only(key=None, regex=None):
    def f(s):
        o = app(s)["logs"]["cloudwatch"]["only"]
        if key is not None:
            o["key"] = key
        if regex is not None:
            o["regex"] = regex
    return f


def time_format(v):
    def f(s):
        logs = batch(s)["logs"]
        logs["time_key"] = "ingested_at"  # not a field, so Fluent Bit adds it with this format
        logs["time_format"] = v
    return f


def env(v):
    return lambda s: app(s).__setitem__("environment", {"INJECTED": v})


refused("SQL: field name with a back-quote", field("a`b"), "LP-SPEC-SCHEMA")
refused("SQL: field name with a quote", field("a'b"), "LP-SPEC-SCHEMA")
refused("SQL: field name closing the column list", field("x string) LOCATION 's3://evil/' --"), "LP-SPEC-SCHEMA")
refused("SQL: type closing the column list",
        field("v", "struct<a:string>) LOCATION 's3://evil/' TBLPROPERTIES ('a'='<b>"), "LP-LAKE-TYPE")
refused("SQL: back-quoted struct field", field("v", "struct<`a`:string>"), "LP-LAKE-TYPE")
refused("SQL: service name with a back-quote",
        lambda s: s["services"].__setitem__("a`b", s["services"].pop("worker")), "LP-SPEC-SCHEMA")
refused("FLB: regex with a newline and [OUTPUT]", only(regex="^x$\n[OUTPUT]\n    Name http"), "LP-ECS-CW-ONLY")
refused("FLB: regex with ${HOME}", only(regex="^${HOME}$"), "LP-FB-VALUE")
refused("FLB: regex with an escape sequence", only(regex="^(WARN)\x1b(2J)?$"), "LP-FB-VALUE")
refused("FLB: key with a newline and @INCLUDE", only(key="level\n@INCLUDE /etc/passwd"), "LP-ECS-CW-ONLY")
refused("FLB: time_format with a newline and [OUTPUT]", time_format("%Y\n[OUTPUT]\n    Name http"), "LP-FB-VALUE")
refused("FLB: time_format with ${HOME}", time_format("${HOME}"), "LP-FB-VALUE")
refused("FLB: time_format with a terminal escape", time_format("%Y\x1b]0;pwned\x07"), "LP-FB-VALUE")
refused("FLB: time_format with surrounding blanks", time_format(" %Y "), "LP-FB-VALUE")
refused("YAML: NUL through \\0", env("a\x00b"), "LP-YAML")


# ---- values that pass the schema: escaped, verified by reading back ----------

REGEX = "^it's\\d+\\\\(WARN|ERROR)$"


def check_regex(out):
    rules = flb_values(os.path.join(out, "ecs/shop-api.fluent-bit.conf"), "Rule")
    assert rules == [f"$level {REGEX} cw.$TAG true"], f"Rule values {rules!r}"


built("FLB: regex with ' and \\ is written verbatim", only(regex=REGEX), check_regex)

TF = "%Y-%m-%d'T'%H\\x @INCLUDE x [OUTPUT]"


def check_time_format(out):
    path = os.path.join(out, "ecs/shop-batch.fluent-bit.conf")
    sections, directives = flb_read(path)
    assert flb_values(path, "time_key_format") == [TF], "time_key_format not verbatim"
    assert not directives, f"directives {directives!r}"
    assert [n for n, _ in sections].count("OUTPUT") == 1, "an extra [OUTPUT] section"


built("FLB: time_format with quotes, @INCLUDE and [OUTPUT] stays one value", time_format(TF), check_time_format)

ENV = 'say "hi"\\n\n\t\x01\x1f\x7f </script> ${HOME} \u00e9\u2028 \\\\'


def check_env(out):
    with open(os.path.join(out, "ecs/shop-api.task-definition.json"), encoding="utf-8") as f:
        text = f.read()
    assert not any(ord(c) < 0x20 and c != "\n" for c in text), "raw control characters in JSON"
    doc = json.loads(text)
    app_def = next(c for c in doc["containerDefinitions"] if c["name"] == "app")
    assert {"name": "INJECTED", "value": ENV} in app_def["environment"], "value not verbatim"


built("JSON: quotes, backslashes and control characters are escaped", env(ENV), check_env)

TEMPLATE = "infra/orders/it's \"odd\"\nEvil: x.yaml"


def check_sam(out):
    with open(os.path.join(out, "sam/orders.yaml"), encoding="utf-8") as f:
        doc = yaml.load(f, Loader=CfnLoader)
    assert set(doc) <= {"Globals", "Resources", "Outputs", "Transform"}, f"top-level keys {sorted(doc)}"


built("YAML: a template path with a newline stays in the SAM comment",
      lambda s: s["sources"]["api_gateway"]["orders"].__setitem__("template", TEMPLATE), check_sam,
      extra_files=[TEMPLATE])


def check_ddl(out):
    p = subprocess.run([LP, "lint", "--kind", "ddl", os.path.join(out, "athena")], capture_output=True, text=True)
    assert "LP-DDL-SYNTAX" not in p.stdout + p.stderr, "generated DDL does not parse back"
    assert p.returncode in (0, 1), f"lint exit {p.returncode}"


built("SQL: generated DDL parses back", lambda s: None, check_ddl)


def hive_string(literal):
    """Decodes a Hive '...' literal the way Athena reads it (\\' and \\\\ are what we write)."""
    out, i = [], 0
    while i < len(literal):
        if literal[i] == "\\" and i + 1 < len(literal):
            out.append({"n": "\n", "t": "\t", "r": "\r"}.get(literal[i + 1], literal[i + 1]))
            i += 2
        else:
            assert literal[i] != "'", "an unescaped quote ends the literal early"
            out.append(literal[i])
            i += 1
    return "".join(out)


def check_prefix(out):
    check_ddl(out)
    with open(os.path.join(out, "athena/shop_logs.api_app.sql"), encoding="utf-8") as f:
        m = re.search(r"^LOCATION '((?:[^'\\]|\\.)*)'$", f.read(), re.M)
    assert m, "no LOCATION literal"
    want = "s3://shop-logs-123456789012/logs'/x/api/app/"
    assert hive_string(m.group(1)) == want, f"LOCATION decodes to {hive_string(m.group(1))!r}"
    with open(os.path.join(out, "glue/shop_logs.api_app.json"), encoding="utf-8") as f:
        glue = json.load(f)
    assert glue["TableInput"]["StorageDescriptor"]["Location"] == want, "Glue Location differs"


built("SQL: a quote in the S3 prefix is escaped in LOCATION", lambda s: s["lake"].__setitem__("prefix", "logs'/x"),
      check_prefix)



# ---- the output directory of a hostile repository ---------------------------
# generated/ and its lock are committed: a planted symlink or lock entry must
# not make a build write or delete outside it.

def hostile_output():
    name = "FS: lock entries and symlinks cannot reach outside the output"
    d = os.path.join(TMP, "hostile-output")
    victim = os.path.join(TMP, "victim")
    shutil.copytree(EX, d)
    os.makedirs(victim)
    for f in ("keep", "authorized_keys"):
        with open(os.path.join(victim, f), "w") as fh:
            fh.write("precious\n")
    run = lambda: subprocess.run([LP, "build", "logpipe.yaml", "-o", "out"], cwd=d, capture_output=True, text=True)
    p = run()
    if p.returncode != 0:
        return ko(name, f"first build exit {p.returncode}", p.stderr)
    out = os.path.join(d, "out")
    lock_path = os.path.join(out, "logpipe.lock.json")
    with open(lock_path) as fh:
        lock = json.load(fh)
    # stale entries: one through a planted symlink, one a file logpipe never wrote
    lock["files"]["link/keep"] = "0" * 64
    lock["files"]["ecs/authorized_keys"] = "0" * 64
    with open(lock_path, "w") as fh:
        json.dump(lock, fh)
    os.symlink(victim, os.path.join(out, "link"))
    shutil.copy(os.path.join(victim, "authorized_keys"), os.path.join(out, "ecs/authorized_keys"))
    p = run()
    if p.returncode != 0:
        return ko(name, f"rebuild exit {p.returncode}", p.stderr)
    if not os.path.exists(os.path.join(victim, "keep")):
        return ko(name, "a lock entry removed a file through a symlink")
    if not os.path.exists(os.path.join(out, "ecs/authorized_keys")):
        return ko(name, "a lock entry removed a file logpipe did not write")
    # a symlinked directory that generated files would be written through
    shutil.rmtree(os.path.join(out, "athena"))
    os.symlink(victim, os.path.join(out, "athena"))
    p = run()
    if p.returncode != 2 or "through a symbolic link" not in p.stderr:
        return ko(name, f"write through a symlink: exit {p.returncode}", p.stderr)
    if sorted(os.listdir(victim)) != ["authorized_keys", "keep"]:
        return ko(name, f"files appeared in the link's target: {sorted(os.listdir(victim))}")
    ok(name)


hostile_output()

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PYEOF

"$PY" "$TMP/inj.py" "$LP" "$ROOT" "$TMP"
