-- The shape of the VPC guide's current projection table (PARTITIONED BY accid, region, day;
-- LazySimpleSerDe on spaces), with example values: a hand-written table lint must accept.
CREATE EXTERNAL TABLE IF NOT EXISTS vpc_flow_logs (
  version int, account_id string, interface_id string, srcaddr string, dstaddr string, srcport int, dstport int,
  protocol bigint, packets bigint, bytes bigint, start bigint, `end` bigint, action string, log_status string)
PARTITIONED BY (accid string, region string, day string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '
LOCATION 's3://amzn-s3-demo-bucket/prefix/AWSLogs/'
TBLPROPERTIES (
  "skip.header.line.count"="1",
  "projection.enabled" = "true",
  "projection.accid.type" = "enum",
  "projection.accid.values" = "111122223333",
  "projection.region.type" = "enum",
  "projection.region.values" = "us-east-1",
  "projection.day.type" = "date",
  "projection.day.range" = "2021/01/01,NOW",
  "projection.day.format" = "yyyy/MM/dd",
  "storage.location.template" = "s3://amzn-s3-demo-bucket/prefix/AWSLogs/${accid}/vpcflowlogs/${region}/${day}"
);
