#!/usr/bin/env python3
"""Validates generated Firehose and Glue inputs against AWS's API shapes.

The shapes are tests/resources/shapes/firehose-create-delivery-stream.schema.json
and glue-create-table.schema.json, derived from botocore's published models
(see their $comment and derive_aws_shapes.py). On top of the shapes, each
golden case must hold the facts the API accepts but the pipeline needs
(aws-facts §2.3, §2.4, §3.3): conversion implies SizeInMBs >= 64 and an
uncompressed outer format against a Glue table of the same build; the error
prefix names the error output type; every partition key is projected and
appears in storage.location.template.

usage: validate_lake_shapes.py SRCROOT
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


def load(path):
    with open(path) as f:
        return json.load(f)


def firehose_problems(fh, tables):
    out = []
    s3 = fh["ExtendedS3DestinationConfiguration"]
    conv = s3.get("DataFormatConversionConfiguration")
    if "!{timestamp:" not in s3["Prefix"]:
        out.append("Prefix without a timestamp expression")
    if "!{firehose:error-output-type}" not in s3.get("ErrorOutputPrefix", ""):
        out.append("ErrorOutputPrefix without !{firehose:error-output-type}")
    if conv and conv.get("Enabled", True):
        if s3["BufferingHints"]["SizeInMBs"] < 64:
            out.append("conversion with SizeInMBs < 64")
        if s3.get("CompressionFormat", "UNCOMPRESSED") != "UNCOMPRESSED":
            out.append("conversion with a compressed outer format")
        sc = conv["SchemaConfiguration"]
        if (sc["DatabaseName"], sc["TableName"]) not in tables:
            out.append("conversion schema %s.%s is not generated" % (sc["DatabaseName"], sc["TableName"]))
    keytype = fh["DeliveryStreamEncryptionConfigurationInput"]["KeyType"]
    if (keytype == "CUSTOMER_MANAGED_CMK") != ("KeyARN" in fh["DeliveryStreamEncryptionConfigurationInput"]):
        out.append("KeyARN must be given exactly with CUSTOMER_MANAGED_CMK")
    return out


def glue_problems(g):
    out = []
    ti = g["TableInput"]
    params = ti["Parameters"]
    tmpl = params.get("storage.location.template", "")
    for k in ti.get("PartitionKeys", []):
        col = k["Name"]
        if "projection.%s.type" % col not in params:
            out.append("partition %s has no projection type" % col)
        if "${%s}" % col not in tmpl:
            out.append("template misses ${%s}" % col)
    if not tmpl.startswith(ti["StorageDescriptor"]["Location"]):
        out.append("template is not under Location")
    return out


def main():
    root = sys.argv[1]
    shapes = os.path.join(root, "tests", "resources", "shapes")
    fh_schema = load(os.path.join(shapes, "firehose-create-delivery-stream.schema.json"))
    glue_schema = load(os.path.join(shapes, "glue-create-table.schema.json"))
    failed = checked = 0
    for case in sorted(glob.glob(os.path.join(root, "tests", "golden", "*", "expected"))):
        glue = {p: load(p) for p in sorted(glob.glob(os.path.join(case, "glue", "*.json")))}
        tables = {(g["DatabaseName"], g["TableInput"]["Name"]) for g in glue.values()}
        work = [(p, g, glue_schema, glue_problems(g)) for p, g in glue.items()]
        for p in sorted(glob.glob(os.path.join(case, "firehose", "*.json"))):
            fh = load(p)
            work.append((p, fh, fh_schema, firehose_problems(fh, tables)))
        for path, doc, schema, problems in work:
            checked += 1
            errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)]
            rel = os.path.relpath(path, root)
            for msg in errors + problems:
                print("FAIL - %s: %s" % (rel, msg))
                failed += 1
            if not errors and not problems:
                print("ok - %s" % rel)
    # The shapes must be able to fail: a broken copy of a generated stream is refused.
    sample = glob.glob(os.path.join(root, "tests", "golden", "*", "expected", "firehose", "*.json"))
    if sample:
        bad = load(sorted(sample)[0])
        bad["ExtendedS3DestinationConfiguration"]["BufferingHints"]["SizeInMBs"] = 129
        bad["ExtendedS3DestinationConfiguration"]["Prefixx"] = "typo/"
        bad["DeliveryStreamType"] = "Direct"
        n = len(list(jsonschema.Draft202012Validator(fh_schema).iter_errors(bad)))
        if n != 3:
            print("FAIL - the Firehose shape found %d of 3 planted errors" % n)
            failed += 1
    print("%d files checked, %d problems" % (checked, failed))
    if checked == 0:
        print("no generated Firehose or Glue files found")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
