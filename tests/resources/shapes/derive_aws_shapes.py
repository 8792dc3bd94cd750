#!/usr/bin/env python3
"""Derives trimmed JSON Schemas of AWS API inputs from botocore's service models.

Used once to write firehose-create-delivery-stream.schema.json and
glue-create-table.schema.json next to this file; the tests read those
committed files, not botocore. Rerun after a botocore upgrade:

    python3 derive_aws_shapes.py   (needs the botocore package installed)

Rules: a structure becomes an object with exactly the model's members
(additionalProperties false) and its required list; strings keep min/max
length, enums and patterns (a pattern Python's re cannot compile, such as
Java's UTF-16 surrogate ranges, is dropped); numbers keep their range; every shape is one
entry under $defs. Top-level members logpipe never writes are left loose
({}), so the schema checks everything logpipe emits without growing to the
whole API.
"""
import gzip
import json
import os
import re

import botocore

MODELS = [
    ("firehose", "2015-08-04", "CreateDeliveryStreamInput",
     ["DeliveryStreamName", "DeliveryStreamType", "DeliveryStreamEncryptionConfigurationInput",
      "ExtendedS3DestinationConfiguration"],
     "firehose-create-delivery-stream.schema.json"),
    ("glue", "2017-03-31", "CreateTableRequest", ["CatalogId", "DatabaseName", "TableInput"],
     "glue-create-table.schema.json"),
]


def compiles(pattern):
    """Java-only patterns (UTF-16 surrogate ranges) cannot be checked here; they are dropped."""
    try:
        re.compile(pattern)
        return True
    except re.error:
        return False


def convert(shapes, name, defs):
    if name in defs:
        return {"$ref": "#/$defs/" + name}
    defs[name] = None  # reserve: shapes may be recursive
    s = shapes[name]
    t = s["type"]
    if t == "structure":
        out = {"type": "object", "additionalProperties": False,
               "properties": {m: convert(shapes, v["shape"], defs) for m, v in s["members"].items()}}
        if s.get("required"):
            out["required"] = s["required"]
    elif t == "list":
        out = {"type": "array", "items": convert(shapes, s["member"]["shape"], defs)}
        if "min" in s:
            out["minItems"] = s["min"]
        if "max" in s:
            out["maxItems"] = s["max"]
    elif t == "map":
        out = {"type": "object", "additionalProperties": convert(shapes, s["value"]["shape"], defs)}
    elif t == "string":
        out = {"enum": s["enum"]} if "enum" in s else {"type": "string"}
        if "min" in s:
            out["minLength"] = s["min"]
        if "max" in s:
            out["maxLength"] = s["max"]
        if "pattern" in s and compiles(s["pattern"]):
            out["pattern"] = s["pattern"]
    elif t in ("integer", "long"):
        out = {"type": "integer"}
        if "min" in s:
            out["minimum"] = s["min"]
        if "max" in s:
            out["maximum"] = s["max"]
    elif t in ("double", "float"):
        out = {"type": "number"}
    elif t == "boolean":
        out = {"type": "boolean"}
    else:  # timestamp, blob
        out = {"type": "string"}
    defs[name] = out
    return {"$ref": "#/$defs/" + name}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = os.path.join(os.path.dirname(botocore.__file__), "data")
    for service, version, root, keep, filename in MODELS:
        rel = "botocore/data/%s/%s/service-2.json" % (service, version)
        path = os.path.join(data, service, version, "service-2.json")
        if os.path.exists(path):
            with open(path) as f:
                shapes = json.load(f)["shapes"]
        else:  # newer botocore ships the models gzipped
            with gzip.open(path + ".gz", "rt") as f:
                shapes = json.load(f)["shapes"]
        defs = {}
        top = shapes[root]
        props = {m: (convert(shapes, v["shape"], defs) if m in keep else {}) for m, v in top["members"].items()}
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$comment": "Derived by derive_aws_shapes.py from the AWS %s API model %s as shipped in "
                        "botocore %s (github.com/boto/botocore). Members other than %s are left loose."
                        % (service, rel, botocore.__version__, ", ".join(keep)),
            "title": root,
            "type": "object",
            "additionalProperties": False,
            "required": top.get("required", []),
            "properties": props,
            "$defs": {k: defs[k] for k in sorted(defs)},
        }
        with open(os.path.join(here, filename), "w") as f:
            json.dump(schema, f, indent=1, sort_keys=False)
            f.write("\n")


if __name__ == "__main__":
    main()
