#!/usr/bin/env python3
"""Writes N ALB access-log lines in the documented format (AWS ELB user guide field order),
every tenth one with a trailing conn_trace_id as ALB has written since May 2024."""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
base = ('https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 '
        '192.168.131.39:%d 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 '
        '"GET https://www.example.com:443/item/%d HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 '
        'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 '
        '"Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com" '
        '"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" '
        '1 2018-07-02T22:22:48.364000Z "authenticate,forward" "-" "-" "10.0.0.1:80" "200" "-" "-"')
w = sys.stdout.write
for i in range(n):
    line = base % (1024 + i % 60000, i)
    if i % 10 == 0:
        line += ' TID_dc57cebed65b444ebc8177bb698fe166'
    w(line + "\n")
