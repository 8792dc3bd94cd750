#!/usr/bin/env python3
"""Validates generated task definitions against the ECS API shape and FireLens rules.

The shape is tests/resources/shapes/ecs-register-task-definition.schema.json,
trimmed from AWS's published ECS API model (see its $comment). On top of the
shape, each file must follow the FireLens facts logpipe relies on: one
log_router with firelensConfiguration, essential, a hard memory limit and its
own awslogs configuration; app containers on awsfirelens; nothing on 24224;
never the reserved configuration path.

usage: validate_taskdefs.py SRCROOT [FILE...]   (default: every expected task definition)
Exit 77 (skipped) when python jsonschema is missing.
"""
import glob
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print("skip: python3 jsonschema is not installed (./dev deps)")
    sys.exit(77)


def firelens_problems(td):
    out = []
    defs = td["containerDefinitions"]
    routers = [c for c in defs if "firelensConfiguration" in c]
    if len(routers) != 1 or routers[0]["name"] != "log_router":
        return ["expected exactly one log_router with firelensConfiguration"]
    r = routers[0]
    if r.get("essential") is not True:
        out.append("log_router is not essential")
    if not isinstance(r.get("memory"), int) or r["memory"] <= r.get("memoryReservation", 0):
        out.append("log_router needs a hard memory above its reservation")
    lc = r.get("logConfiguration", {})
    opts = lc.get("options", {})
    if lc.get("logDriver") != "awslogs" or not {"awslogs-group", "awslogs-region"} <= set(opts) \
            or opts.get("awslogs-create-group") != "true":
        out.append("log_router needs its own awslogs configuration")
    fo = r["firelensConfiguration"].get("options", {})
    if fo.get("config-file-value") == "/fluent-bit/etc/fluent-bit.conf":
        out.append("reserved configuration path")
    if "FARGATE" in td.get("requiresCompatibilities", []) and fo.get("config-file-type") != "file":
        out.append("Fargate needs config-file-type file")
    tag = r["image"].rsplit("/", 1)[-1].partition(":")[2]
    if tag in ("", "latest", "stable"):
        out.append("router image not pinned")
    for c in defs:
        if c is r:
            continue
        if c.get("logConfiguration", {}).get("logDriver") != "awsfirelens":
            out.append("%s does not log through awsfirelens" % c["name"])
        if any(p.get("containerPort") == 24224 for p in c.get("portMappings", [])):
            out.append("%s exposes 24224" % c["name"])
        if td.get("networkMode") == "bridge" and \
                {"containerName": "log_router", "condition": "START"} not in c.get("dependsOn", []) and \
                {"containerName": "log_router", "condition": "HEALTHY"} not in c.get("dependsOn", []):
            out.append("%s does not wait for log_router in bridge mode" % c["name"])
    return out


def main():
    root = sys.argv[1]
    files = sys.argv[2:] or sorted(glob.glob(os.path.join(root, "tests/golden/*/expected/ecs/*.task-definition.json")))
    with open(os.path.join(root, "tests/resources/shapes/ecs-register-task-definition.schema.json")) as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    failed = 0
    if not files:
        print("FAIL - no task definitions found")
        return 1
    for path in files:
        with open(path) as f:
            td = json.load(f)
        problems = [e.message for e in validator.iter_errors(td)] + firelens_problems(td)
        rel = os.path.relpath(path, root)
        if problems:
            failed += 1
            print("FAIL - %s" % rel)
            for p in problems:
                print("  | " + p)
        else:
            print("ok - %s" % rel)
    print("%d passed, %d failed" % (len(files) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
