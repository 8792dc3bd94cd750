#!/usr/bin/env python3
"""Writes a large logpipe.yaml: N services with three containers each (hybrid, CloudWatch-only, lake-only)."""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
out = [
    "version: 1", "name: bench", "region: ap-northeast-1", 'account: "123456789012"',
    "lake: {bucket: bench-logs-123456789012, database: bench_logs, since: \"2024-01-01\"}",
    "defaults:",
    "  cloudwatch: {retention_days: 365, kms_key: \"arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\"}",
    "services:",
]
for i in range(n):
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
