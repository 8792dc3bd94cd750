#!/usr/bin/env python3
"""Writes a large logpipe.yaml: N services with three containers each (hybrid, CloudWatch-only, lake-only).

usage: gen_spec.py N [--flow]
--flow writes each service on one line in flow style, as generated monorepo specs often are;
it keeps a 10,000-service spec under the 8 MiB document limit.
"""
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
flow = "--flow" in sys.argv[1:]
n = int(args[0]) if args else 200
out = [
    "version: 1", "name: bench", "region: ap-northeast-1", 'account: "123456789012"',
    "lake: {bucket: bench-logs-123456789012, database: bench_logs, since: \"2024-01-01\"}",
    "defaults:",
    "  cloudwatch: {retention_days: 365, kms_key: \"arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\"}",
    "services:",
]
ECR = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com"
for i in range(n):
    if flow:
        out.append(
            "  svc%d: {cluster: bench, cpu: 512, memory: 1024, task_role: arn:aws:iam::123456789012:role/t%d, "
            "execution_role: arn:aws:iam::123456789012:role/exec, containers: {"
            "app: {image: %s/app:1.0.%d, user: \"1000\", readonly_root: true, logs: {to: [cloudwatch, lake], time_key: time, "
            "fields: {time: timestamp, level: string, path: string, status: int, latency_ms: double}}}, "
            "side: {image: %s/side:2.0, user: \"1000\", readonly_root: true, logs: {to: [cloudwatch], format: text}}, "
            "audit: {image: %s/audit:3.0, user: \"1000\", readonly_root: true, logs: {to: [lake], "
            "fields: {actor: string, action: string, ok: boolean}, firehose: {partition: daily}}}}}" % (i, i, ECR, i, ECR, ECR))
        continue
    out += [
        "  svc%d:" % i,
        "    cluster: bench", "    cpu: 512", "    memory: 1024",
        "    task_role: arn:aws:iam::123456789012:role/t%d" % i,
        "    execution_role: arn:aws:iam::123456789012:role/exec",
        "    containers:",
        "      app:",
        "        image: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.0.%d" % i,
        "        user: \"1000\"", "        readonly_root: true",
        "        logs:",
        "          to: [cloudwatch, lake]",
        "          time_key: time",
        "          fields: {time: timestamp, level: string, path: string, status: int, latency_ms: double}",
        "      side:",
        "        image: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/side:2.0",
        "        user: \"1000\"", "        readonly_root: true",
        "        logs: {to: [cloudwatch], format: text}",
        "      audit:",
        "        image: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/audit:3.0",
        "        user: \"1000\"", "        readonly_root: true",
        "        logs:",
        "          to: [lake]",
        "          fields: {actor: string, action: string, ok: boolean}",
        "          firehose: {partition: daily}",
    ]
print("\n".join(out))
