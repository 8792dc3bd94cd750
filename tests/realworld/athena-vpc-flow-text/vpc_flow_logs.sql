CREATE EXTERNAL TABLE IF NOT EXISTS `vpc_flow_logs` (
  version int,
  account_id string,
  interface_id string,
  srcaddr string,
  dstaddr string,
  srcport int,
  dstport int,
  protocol bigint,
  packets bigint,
  bytes bigint,
  start bigint,
  `end` bigint,
  action string,
  log_status string,
  vpc_id string,
  subnet_id string,
  tcp_flags int,
  flow_direction string,
  traffic_path int
)
PARTITIONED BY (`date` date)
ROW FORMAT DELIMITED
FIELDS TERMINATED BY ' '
LOCATION 's3://example-flow-logs/AWSLogs/111122223333/vpcflowlogs/us-east-2/'
TBLPROPERTIES ("skip.header.line.count"="1");

ALTER TABLE vpc_flow_logs ADD PARTITION (`date` = '2024-06-01')
LOCATION 's3://example-flow-logs/AWSLogs/111122223333/vpcflowlogs/us-east-2/2024/06/01';
