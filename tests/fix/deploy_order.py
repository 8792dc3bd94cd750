"""Checks that a fixed template deploys in one go: every API Gateway REST stage that logs is created after the
template's AWS::ApiGateway::Account (through DependsOn, Ref, GetAtt or Fn::Sub), and SAM makes no stage named
"Stage" that logs nothing. A SAM template is transformed first with aws-sam-translator (local CodeUri values are
replaced by an S3 URI, which the translator requires); exit 77 when it is not installed.
  usage: deploy_order.py TEMPLATE"""
import re
import sys

try:
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse
except ImportError:
    sys.exit(77)


class NoPolicies:
    def load(self):
        return {}


def refs(v, ids, out):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "Ref" and isinstance(x, str) and x in ids:
                out.add(x)
            elif k == "Fn::GetAtt":
                name = x[0] if isinstance(x, list) else str(x).split(".")[0]
                if name in ids:
                    out.add(name)
            elif k == "Fn::Sub":
                s = x[0] if isinstance(x, list) else x
                out.update(n for n in re.findall(r"\$\{([A-Za-z0-9]+)[.}]", str(s)) if n in ids)
            refs(x, ids, out)
    elif isinstance(v, list):
        for x in v:
            refs(x, ids, out)


def main():
    t = yaml_parse(open(sys.argv[1]).read())
    if "Transform" in t:
        for r in t.get("Resources", {}).values():
            p = r.get("Properties") or {}
            if isinstance(p.get("CodeUri"), str) and not p["CodeUri"].startswith("s3://"):
                p["CodeUri"] = "s3://bucket/key.zip"
        t = transform(t, {}, NoPolicies())
    res = t.get("Resources", {})
    ids = set(res)
    deps = {}
    for k, r in res.items():
        d = r.get("DependsOn") or []
        d = set([d] if isinstance(d, str) else d)
        refs(r.get("Properties") or {}, ids, d)
        deps[k] = d
    accounts = {k for k, r in res.items() if r.get("Type") == "AWS::ApiGateway::Account"}
    bad = []
    for k, r in res.items():
        p = r.get("Properties") or {}
        if r.get("Type") == "AWS::ApiGateway::Deployment" and p.get("StageName"):
            bad.append(f"{k} makes a stage '{p['StageName']}' without logging settings")
        if r.get("Type") != "AWS::ApiGateway::Stage" or not accounts:
            continue
        if not (p.get("AccessLogSetting") or p.get("MethodSettings")):
            continue
        seen, todo = set(), [k]
        while todo:
            n = todo.pop()
            for x in deps.get(n, ()):
                if x not in seen:
                    seen.add(x)
                    todo.append(x)
        if not seen & accounts:
            bad.append(f"stage {k} logs but may be created before {', '.join(sorted(accounts))}")
    for b in bad:
        print(b)
    sys.exit(1 if bad else 0)


main()
