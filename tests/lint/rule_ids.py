#!/usr/bin/env python3
"""Every rule id the sources can emit must be known to `logpipe rules`, so that
`logpipe explain` answers for anything a user sees. Usage: rule_ids.py LOGPIPE SOURCE_ROOT"""
import glob
import json
import os
import re
import subprocess
import sys

logpipe, root = sys.argv[1], sys.argv[2]
out = subprocess.run([logpipe, "rules", "--format", "json"], check=True, capture_output=True, text=True).stdout
doc = json.loads(out)
rules = doc["rules"] if isinstance(doc, dict) else doc
known = {r["id"] for r in rules}
# Ids that are not findings a user can look up (placeholders in printers and tests).
internal = {"LP-UNKNOWN", "LP-SPEC"}
used = {}
for path in glob.glob(os.path.join(root, "src", "**", "*.c"), recursive=True):
    with open(path, encoding="utf-8") as f:
        # A quoted id, or one inside a message as "... [LP-X]" (printed by hand, as samples does).
        for m in re.finditer(r'["\[](LP-[A-Z0-9][A-Z0-9-]*)["\]]', f.read()):
            used.setdefault(m.group(1), set()).add(os.path.relpath(path, root))
passed = failed = 0
for rid in sorted(used):
    if rid in internal:
        continue
    if rid in known:
        passed += 1
    else:
        failed += 1
        print("FAIL - %s is emitted by %s but unknown to 'logpipe rules'" % (rid, ", ".join(sorted(used[rid]))))
for rid in sorted(known):
    r = subprocess.run([logpipe, "explain", rid], capture_output=True, text=True)
    if r.returncode == 0 and rid in r.stdout:
        passed += 1
    else:
        failed += 1
        print("FAIL - logpipe explain %s (exit %d)" % (rid, r.returncode))
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
