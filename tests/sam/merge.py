#!/usr/bin/env python3
"""Deep-merge a generated sam/<name>.yaml fragment into a SAM template.

usage: merge.py FRAGMENT TEMPLATE|- OUT

Maps merge key by key (the fragment wins on scalars and lists), which is
what docs/sam.md tells users to do by hand. With '-' the fragment goes into
a minimal SAM template with one function whose event uses the fragment's
new API. CloudFormation short-form tags (!Ref, !Sub, ...) are kept.
"""
import sys

import yaml


class Tagged:
    def __init__(self, tag, value):
        self.tag, self.value = tag, value


class Loader(yaml.SafeLoader):
    pass


class Dumper(yaml.SafeDumper):
    pass


def construct_tagged(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged("!" + suffix, value)


def represent_tagged(dumper, t):
    if isinstance(t.value, list):
        return dumper.represent_sequence(t.tag, t.value)
    if isinstance(t.value, dict):
        return dumper.represent_mapping(t.tag, t.value)
    return dumper.represent_scalar(t.tag, t.value)


Loader.add_multi_constructor("!", construct_tagged)
Dumper.add_representer(Tagged, represent_tagged)


def merge(dst, src):
    for k, v in src.items():
        if isinstance(v, dict) and isinstance(dst.get(k), dict):
            merge(dst[k], v)
        else:
            dst[k] = v
    return dst


def skeleton(fragment):
    apis = [k for k, v in fragment.get("Resources", {}).items() if v.get("Type") == "AWS::Serverless::Api"]
    event = {"Type": "Api", "Properties": {"Path": "/", "Method": "get"}}
    if apis:
        event["Properties"]["RestApiId"] = Tagged("!Ref", apis[0])
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {
            "Fn": {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                    "CodeUri": "src/",
                    "Handler": "app.handler",
                    "Runtime": "python3.12",
                    "Events": {"Root": event},
                },
            }
        },
    }


def main():
    frag_path, tmpl_path, out_path = sys.argv[1:4]
    with open(frag_path) as f:
        fragment = yaml.load(f, Loader=Loader)
    if tmpl_path == "-":
        template = skeleton(fragment)
    else:
        with open(tmpl_path) as f:
            template = yaml.load(f, Loader=Loader)
    merge(template, fragment)
    with open(out_path, "w") as f:
        yaml.dump(template, f, Dumper=Dumper, sort_keys=False, default_flow_style=False)


if __name__ == "__main__":
    main()
