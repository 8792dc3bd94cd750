#!/usr/bin/env python3
"""Checks every golden terraform/logpipe.tf.json against Terraform's JSON syntax
and against the API artifacts of the same case.

Structure (developer.hashicorp.com/terraform/language/syntax/json): a root
object of "//" and "resource" -> type -> name -> body; only the resource types
logpipe generates; the arguments each needs; attribute names in the AWS
provider's snake_case; resource names that are Terraform identifiers;
depends_on naming resources of the file; every string free of "${" / "%{"
template sequences (Terraform would interpolate them) once "$${" / "%%{"
escapes are taken out.

Cross-check: where the case's expected/ also holds the API artifacts, the
Terraform values equal theirs: log group names, retention and KMS; Firehose
prefix, error prefix, bucket, role, buffering and error log group; Glue
location, parameters, columns and SerDe; the Athena LOCATION of every table;
container_definitions and the IAM policy documents.

usage: validate_terraform.py SRCROOT            structure + cross-check
       validate_terraform.py --validate SRCROOT  `terraform validate` and an
                                                 offline `terraform plan` on each
                                                 file (exit 77 when terraform or
                                                 the AWS provider is missing;
                                                 LP_TF_PLUGIN_DIR: a local
                                                 provider mirror for init)
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

TYPES = {
    "aws_cloudwatch_log_group": ["name"],
    "aws_iam_policy": ["name", "policy"],
    "aws_iam_role": ["name", "assume_role_policy"],
    "aws_iam_role_policy_attachment": ["count", "role", "policy_arn"],
    "aws_ecs_task_definition": ["family", "container_definitions", "network_mode", "requires_compatibilities"],
    "aws_glue_catalog_table": ["name", "database_name", "table_type", "parameters", "partition_keys",
                               "storage_descriptor"],
    "aws_kinesis_firehose_delivery_stream": ["name", "destination", "server_side_encryption",
                                             "extended_s3_configuration"],
}
S3_REQUIRED = ["role_arn", "bucket_arn", "prefix", "error_output_prefix", "buffering_size",
               "buffering_interval", "compression_format", "cloudwatch_logging_options"]
SD_REQUIRED = ["location", "input_format", "output_format", "ser_de_info", "columns"]
# Attributes whose object value is a map (keys are data) rather than a block.
MAP_ATTRS = {"parameters"}
# snake_case, as terraform-aws-modules name resources
IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
# The only interpolations the file may hold: references to its own resources and variable.
REF = re.compile(r"^\$\{([a-z0-9_]+)\.([a-z0-9_]+)\.(arn|name|revision)\}$")
COUNT = "${var.attach_policies ? 1 : 0}"
OUTPUTS = {"log_group_arns", "task_definition_arns", "task_definition_revisions", "policy_arns",
           "firehose_stream_arns", "glue_table_arns", "firehose_role_arn", "firehose_role_name"}
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def literal(s, where, problems):
    """The string Terraform reads from template text `s` (escapes undone)."""
    out, i = [], 0
    while i < len(s):
        if s.startswith("$${", i) or s.startswith("%%{", i):
            out.append(s[i] + "{")
            i += 3
        elif s.startswith("${", i) or s.startswith("%{", i):
            problems.append("%s: template sequence %r would be interpolated" % (where, s[i:i + 12]))
            out.append(s[i])
            i += 1
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def walk(v, where, problems, in_map=False, refs=None):
    """Checks attribute names and template safety; returns the value with strings read literally.
    With `refs`, a string that is one reference to a resource is allowed and collected."""
    if isinstance(v, str):
        if refs is not None and (REF.match(v) or v == COUNT):
            refs.append((where, v))
            return v
        return literal(v, where, problems)
    if isinstance(v, list):
        return [walk(x, "%s[%d]" % (where, i), problems, refs=refs) for i, x in enumerate(v)]
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if not in_map and not SNAKE.match(k):
                problems.append("%s: attribute %r is not snake_case" % (where, k))
            key = literal(k, where, problems) if in_map else k
            out[key] = walk(x, "%s.%s" % (where, k), problems, in_map=(not in_map and k in MAP_ATTRS), refs=refs)
        return out
    return v


def load(path):
    with open(path) as f:
        return json.load(f)


def check_structure(doc, problems):
    """Returns {type: {name: body with literal strings}}."""
    if not isinstance(doc, dict) or set(doc) - {"//", "resource", "variable", "output"} or "resource" not in doc:
        problems.append("root must hold only '//', 'resource', 'variable' and 'output'")
        return {}
    if doc.get("variable") != {"attach_policies": {"type": "bool", "default": True,
                                                   "description": doc.get("variable", {}).get(
                                                       "attach_policies", {}).get("description")}}:
        problems.append("variable must be exactly attach_policies (bool, default true)")
    refs = []
    res = {}
    for rtype, by_name in doc["resource"].items():
        if rtype not in TYPES:
            problems.append("unexpected resource type %s" % rtype)
            continue
        res[rtype] = {}
        for name, body in by_name.items():
            where = "%s.%s" % (rtype, name)
            if not IDENT.match(name):
                problems.append("%s: name is not a Terraform identifier" % where)
            deps = body.pop("depends_on", [])
            body = walk(body, where, problems, refs=refs if rtype == "aws_iam_role_policy_attachment" else None)
            body["depends_on"] = deps
            for arg in TYPES[rtype]:
                if arg not in body:
                    problems.append("%s: no %s" % (where, arg))
            res[rtype][name] = body
    for rtype, by_name in res.items():
        for name, body in by_name.items():
            for ref in body["depends_on"]:
                t, _, n = ref.partition(".")
                if n not in res.get(t, {}):
                    problems.append("%s.%s: depends_on names missing %s" % (rtype, name, ref))
    outputs = doc.get("output", {})
    for name, o in outputs.items():
        if name not in OUTPUTS:
            problems.append("output %s is not one docs/terraform.md lists" % name)
        if not o.get("description"):
            problems.append("output %s has no description" % name)
        walk(o.get("value"), "output." + name, problems, in_map=True, refs=refs)
    for where, ref in refs:
        m = REF.match(ref)
        if m and m.group(2) not in res.get(m.group(1), {}):
            problems.append("%s: %s names no resource of the file" % (where, ref))
    for rtype in ("aws_cloudwatch_log_group", "aws_ecs_task_definition", "aws_iam_policy",
                  "aws_kinesis_firehose_delivery_stream", "aws_glue_catalog_table"):
        if res.get(rtype) and not any(r.startswith("${%s." % rtype) for _, r in refs):
            problems.append("no output gives the ARNs of the %s resources" % rtype)
    # Every policy is attached, to the role it is written for.
    attached = {b["policy_arn"]: b for b in res.get("aws_iam_role_policy_attachment", {}).values()}
    for name in res.get("aws_iam_policy", {}):
        a = attached.get("${aws_iam_policy.%s.arn}" % name)
        if a is None:
            problems.append("policy %s is not attached to a role" % name)
        elif a["count"] != COUNT:
            problems.append("attachment of %s does not follow var.attach_policies" % name)
    for name, td in res.get("aws_ecs_task_definition", {}).items():
        for kind, arn_key in (("task", "task_role_arn"), ("execution", "execution_role_arn")):
            a = attached.get("${aws_iam_policy.%s_%s_policy.arn}" % (name, kind))
            if a and td.get(arn_key) and a["role"] != td[arn_key].rsplit("/", 1)[1]:
                problems.append("%s policy of %s is attached to %s, not its role %s" % (kind, name, a["role"],
                                                                                     td[arn_key]))
    if res.get("aws_kinesis_firehose_delivery_stream"):
        if "firehose_role_arn" not in outputs:
            problems.append("no firehose_role_arn output")
        roles = list(res.get("aws_iam_role", {}))
        fa = [a for a in attached.values() if "firehose_delivery_policy" in a["policy_arn"]]
        if roles and (not fa or fa[0]["role"] != "${aws_iam_role.%s.name}" % roles[0]):
            problems.append("the Firehose policy is not attached to the role the file creates")
    for name, fh in res.get("aws_kinesis_firehose_delivery_stream", {}).items():
        if fh.get("destination") != "extended_s3":
            problems.append("%s: destination is not extended_s3" % name)
        if fh.get("server_side_encryption", {}).get("enabled") is not True:
            problems.append("%s: server_side_encryption not enabled" % name)
        s3 = fh.get("extended_s3_configuration", {})
        for arg in S3_REQUIRED:
            if arg not in s3:
                problems.append("%s: extended_s3_configuration without %s" % (name, arg))
        conv = s3.get("data_format_conversion_configuration")
        if conv:
            des = conv["input_format_configuration"]["deserializer"]
            ser = conv["output_format_configuration"]["serializer"]
            if list(des) != ["open_x_json_ser_de"] or len(ser) != 1 or list(ser)[0] not in ("parquet_ser_de",
                                                                                            "orc_ser_de"):
                problems.append("%s: unexpected conversion serdes %s / %s" % (name, list(des), list(ser)))
            for arg in ("database_name", "table_name", "role_arn", "region"):
                if arg not in conv["schema_configuration"]:
                    problems.append("%s: schema_configuration without %s" % (name, arg))
    for name, t in res.get("aws_glue_catalog_table", {}).items():
        sd = t.get("storage_descriptor", {})
        for arg in SD_REQUIRED:
            if arg not in sd:
                problems.append("%s: storage_descriptor without %s" % (name, arg))
        if "serialization_library" not in sd.get("ser_de_info", {}):
            problems.append("%s: ser_de_info without serialization_library" % name)
    for name, td in res.get("aws_ecs_task_definition", {}).items():
        if not isinstance(json.loads(td["container_definitions"]), list):
            problems.append("%s: container_definitions is not a JSON list" % name)
    for name, p in res.get("aws_iam_policy", {}).items():
        pol = json.loads(p["policy"])
        if pol.get("Version") != "2012-10-17" or not pol.get("Statement"):
            problems.append("%s: policy is not an IAM policy document" % name)
    return res


def by_attr(res, rtype, attr):
    return {body[attr]: body for body in res.get(rtype, {}).values()}


def columns(cols):
    return [(c["Name"], c["Type"]) for c in cols]


def tf_columns(cols):
    return [(c["name"], c["type"]) for c in cols]


def cross_check(case, res, problems):
    exp = os.path.join(case, "expected")
    groups = by_attr(res, "aws_cloudwatch_log_group", "name")
    path = os.path.join(exp, "cloudwatch", "log-groups.json")
    if os.path.exists(path):
        # a CloudFormation template; API Gateway's access-log groups are left to sam/<source>.yaml
        api = [r["Properties"] for r in load(path)["Resources"].values() if r["Type"] == "AWS::Logs::LogGroup"]
        tf_only = sorted(set(groups) - set(g["LogGroupName"] for g in api))
        if any(not n.startswith("/aws/apigateway/") for n in tf_only) or len(api) + len(tf_only) != len(groups):
            problems.append("log groups differ: %s vs %s" % (sorted(g["LogGroupName"] for g in api), sorted(groups)))
        for g in api:
            tf = groups.get(g["LogGroupName"], {})
            if tf.get("retention_in_days") != g.get("RetentionInDays") or tf.get("kms_key_id") != g.get("KmsKeyId"):
                problems.append("log group %s: retention/KMS differ" % g["LogGroupName"])

    streams = by_attr(res, "aws_kinesis_firehose_delivery_stream", "name")
    for path in sorted(glob.glob(os.path.join(exp, "firehose", "*.json"))):
        api = load(path)
        tf = streams.get(api["DeliveryStreamName"])
        if tf is None:
            problems.append("stream %s missing" % api["DeliveryStreamName"])
            continue
        s3, ts3 = api["ExtendedS3DestinationConfiguration"], tf["extended_s3_configuration"]
        pairs = [
            (s3["Prefix"], ts3["prefix"]),
            (s3["ErrorOutputPrefix"], ts3["error_output_prefix"]),
            (s3["BucketARN"], ts3["bucket_arn"]),
            (s3["RoleARN"], ts3["role_arn"]),
            (s3["BufferingHints"]["SizeInMBs"], ts3["buffering_size"]),
            (s3["BufferingHints"]["IntervalInSeconds"], ts3["buffering_interval"]),
            (s3["CompressionFormat"], ts3["compression_format"]),
            (s3["CloudWatchLoggingOptions"]["LogGroupName"], ts3["cloudwatch_logging_options"]["log_group_name"]),
            (api["DeliveryStreamEncryptionConfigurationInput"]["KeyType"], tf["server_side_encryption"]["key_type"]),
        ]
        conv = s3.get("DataFormatConversionConfiguration")
        if conv:
            sc = conv["SchemaConfiguration"]
            tsc = ts3["data_format_conversion_configuration"]["schema_configuration"]
            pairs += [(sc["DatabaseName"], tsc["database_name"]), (sc["TableName"], tsc["table_name"])]
        for a, b in pairs:
            if a != b:
                problems.append("stream %s: %r (API) != %r (Terraform)" % (api["DeliveryStreamName"], a, b))

    tables = {(t["database_name"], t["name"]): t for t in res.get("aws_glue_catalog_table", {}).values()}
    for path in sorted(glob.glob(os.path.join(exp, "glue", "*.json"))):
        api = load(path)
        ti = api["TableInput"]
        tf = tables.get((api["DatabaseName"], ti["Name"]))
        if tf is None:
            problems.append("table %s.%s missing" % (api["DatabaseName"], ti["Name"]))
            continue
        sd, tsd = ti["StorageDescriptor"], tf["storage_descriptor"]
        pairs = [
            (sd["Location"], tsd["location"]),
            (ti["Parameters"], tf["parameters"]),
            (columns(sd["Columns"]), tf_columns(tsd["columns"])),
            (columns(ti["PartitionKeys"]), tf_columns(tf["partition_keys"])),
            (sd["SerdeInfo"]["SerializationLibrary"], tsd["ser_de_info"]["serialization_library"]),
            (sd["SerdeInfo"].get("Parameters", {}), tsd["ser_de_info"].get("parameters", {})),
            (sd["InputFormat"], tsd["input_format"]),
            (sd["OutputFormat"], tsd["output_format"]),
        ]
        for a, b in pairs:
            if a != b:
                problems.append("table %s: %r (API) != %r (Terraform)" % (ti["Name"], a, b))
    for path in sorted(glob.glob(os.path.join(exp, "athena", "*.sql"))):
        db, table = os.path.basename(path)[:-len(".sql")].split(".", 1)
        with open(path) as f:
            m = re.search(r"LOCATION\s+'([^']*)'", f.read())
        tf = tables.get((db, table))
        if tf is None:
            problems.append("table %s.%s (athena) missing" % (db, table))
        elif not m or m.group(1) != tf["storage_descriptor"]["location"]:
            problems.append("table %s.%s: Athena LOCATION differs" % (db, table))

    taskdefs = by_attr(res, "aws_ecs_task_definition", "family")
    for path in sorted(glob.glob(os.path.join(exp, "ecs", "*.task-definition.json"))):
        api = load(path)
        tf = taskdefs.get(api["family"])
        if tf is None:
            problems.append("task definition %s missing" % api["family"])
            continue
        if json.loads(tf["container_definitions"]) != api["containerDefinitions"]:
            problems.append("task definition %s: container_definitions differ" % api["family"])
        for k, t in (("taskRoleArn", "task_role_arn"), ("executionRoleArn", "execution_role_arn"),
                     ("networkMode", "network_mode"), ("requiresCompatibilities", "requires_compatibilities"),
                     ("cpu", "cpu"), ("memory", "memory")):
            if api.get(k) != tf.get(t):
                problems.append("task definition %s: %s differs" % (api["family"], t))
    policies = by_attr(res, "aws_iam_policy", "name")
    roles = by_attr(res, "aws_iam_role", "name")
    for path in sorted(glob.glob(os.path.join(exp, "iam", "*.json"))):
        base = os.path.basename(path)
        if base.endswith("-firehose-delivery.trust-policy.json"):
            tf = roles.get(base[:-len(".trust-policy.json")])
            if tf is None or json.loads(tf["assume_role_policy"]) != load(path):
                problems.append("role %s differs or is missing" % base)
            continue
        if base.endswith("-firehose-delivery.policy.json"):
            key = base[:-len(".policy.json")] + "-policy"
        else:
            family, kind = base[:-len("-policy.json")].rsplit(".", 1)
            key = "%s-%s-policy" % (family, kind)
        tf = policies.get(key)
        if tf is None or json.loads(tf["policy"]) != load(path):
            problems.append("policy %s differs or is missing" % base)


def cases(root):
    return sorted(os.path.dirname(os.path.dirname(os.path.dirname(p)))
                  for p in glob.glob(os.path.join(root, "tests", "golden", "*", "expected", "terraform",
                                                  "logpipe.tf.json")))


# Offline placeholders so `terraform plan` needs no account: a plan that only
# creates resources reads nothing from AWS.
PLAN_PROVIDER = {"provider": {"aws": {
    "region": "ap-northeast-1", "access_key": "placeholder", "secret_key": "placeholder",
    "skip_credentials_validation": True, "skip_requesting_account_id": True,
    "skip_metadata_api_check": True, "skip_region_validation": True}}}


def plugin_dir():
    """LP_TF_PLUGIN_DIR, else a provider mirror near the root of the machine (<dir>/registry.terraform.io)."""
    if os.environ.get("LP_TF_PLUGIN_DIR"):
        return os.environ["LP_TF_PLUGIN_DIR"]
    for pattern in ("/*/registry.terraform.io", "/*/*/registry.terraform.io"):
        for hit in sorted(glob.glob(pattern)):
            if glob.glob(os.path.join(hit, "hashicorp", "aws", "*")):
                return os.path.dirname(hit)
    return None


# A root module that uses the file as a module, the way terraform-aws-modules are used.
MODULE_CALLER = {
    "module": {"logpipe": {"source": "./logpipe", "attach_policies": True}},
    "output": {"role": {"value": "${module.logpipe.firehose_role_arn}"},
               "groups": {"value": "${module.logpipe.log_group_arns}"}},
}


def docs_check(root):
    """docs/terraform.md lists exactly the resource types and outputs the renderer writes."""
    text = open(os.path.join(root, "docs", "terraform.md")).read()
    types = set(re.findall(r"^\| `(aws_[a-z_]+)` \|", text, re.M))
    outputs = set(re.findall(r"^\| `([a-z_]+)` \| output", text, re.M))
    problems = []
    if types != set(TYPES):
        problems.append("docs/terraform.md lists %s, the file has %s" % (sorted(types), sorted(TYPES)))
    if outputs != OUTPUTS:
        problems.append("docs/terraform.md lists outputs %s, the file has %s" % (sorted(outputs), sorted(OUTPUTS)))
    return problems


def validate(root):
    """terraform validate and plan on each file; LP_TF_PLUGIN_DIR names a local provider mirror."""
    tf = shutil.which("terraform")
    if not tf:
        print("skip: terraform is not installed")
        return 77
    init = [tf, "init", "-backend=false", "-input=false", "-no-color"]
    if plugin_dir():
        init.append("-plugin-dir=" + plugin_dir())
    rc = 0
    for case in cases(root):
        name = os.path.basename(case)
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(os.path.join(case, "expected", "terraform", "logpipe.tf.json"), tmp)
            r = subprocess.run(init, cwd=tmp, capture_output=True, text=True, timeout=300)
            if r.returncode != 0:
                print("skip: terraform init failed (set LP_TF_PLUGIN_DIR to a provider mirror to run offline)")
                print(r.stderr)
                return 77
            r = subprocess.run([tf, "validate", "-no-color"], cwd=tmp, capture_output=True, text=True, timeout=300)
            if r.returncode == 0:
                with open(os.path.join(tmp, "offline_provider.tf.json"), "w") as f:
                    json.dump(PLAN_PROVIDER, f)
                r = subprocess.run([tf, "plan", "-no-color", "-input=false", "-refresh=false", "-lock=false"],
                                   cwd=tmp, capture_output=True, text=True, timeout=600)
            n = sum(len(v) for v in load(os.path.join(case, "expected", "terraform", "logpipe.tf.json"))[
                "resource"].values())
            m = re.search(r"Plan: (\d+) to add", r.stdout)
            if r.returncode != 0 or not m or int(m.group(1)) != n:
                print("FAIL - %s" % name)
                print(r.stdout[-3000:] + r.stderr[-3000:])
                rc = 1
            else:
                print("ok - %s: valid, plan adds all %d resources" % (name, n))
        if name == "terraform-hybrid":
            rc |= validate_module(tf, init, case)
    return rc


def validate_module(tf, init, case):
    """The file as a module: init, validate and plan a caller that reads its outputs."""
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, "logpipe"))
        shutil.copy(os.path.join(case, "expected", "terraform", "logpipe.tf.json"), os.path.join(tmp, "logpipe"))
        with open(os.path.join(tmp, "main.tf.json"), "w") as f:
            json.dump(MODULE_CALLER, f)
        with open(os.path.join(tmp, "offline_provider.tf.json"), "w") as f:
            json.dump(PLAN_PROVIDER, f)
        out = ""
        for cmd in (init, [tf, "validate", "-no-color"],
                    [tf, "plan", "-no-color", "-input=false", "-refresh=false", "-lock=false"]):
            r = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=600)
            out += r.stdout + r.stderr
            if r.returncode != 0:
                print("FAIL - module use: %s" % " ".join(cmd[1:2]))
                print(out[-3000:])
                return 1
        if "role" not in out or "Plan:" not in out:
            print("FAIL - module use: the plan shows no outputs")
            print(out[-3000:])
            return 1
        print("ok - terraform-hybrid as a module: module.logpipe.firehose_role_arn and log_group_arns resolve")
    return 0


def main(argv):
    if argv[1:2] == ["--validate"]:
        return validate(argv[2])
    root = argv[1]
    found = cases(root)
    if not found:
        print("FAIL - no golden case has expected/terraform/logpipe.tf.json")
        return 1
    failed = 0
    for p in docs_check(root):
        failed += 1
        print("FAIL - " + p)
    for case in found:
        problems = []
        doc = load(os.path.join(case, "expected", "terraform", "logpipe.tf.json"))
        res = check_structure(doc, problems)
        cross_check(case, res, problems)
        name = os.path.basename(case)
        if problems:
            failed += 1
            print("FAIL - %s" % name)
            for p in problems:
                print("  " + p)
        else:
            print("ok - %s (%d resources)" % (name, sum(len(v) for v in res.values())))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
