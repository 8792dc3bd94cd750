-- a hand-written ALB table: lowercase keywords, columns on one line, CRLF line ends
create external table if not exists logs.alb_public (
  `type` string,
  `time` string,
  `elb` string,
  `client_ip` string,
  `client_port` int,
  `target_ip` string,
  `target_port` int,
  `request_processing_time` double,
  `target_processing_time` double,
  `response_processing_time` double,
  `elb_status_code` int,
  `target_status_code` string,
  `received_bytes` bigint,
  `sent_bytes` bigint,
  `request_verb` string,
  `request_url` string,
  `request_proto` string,
  `user_agent` string,
  `ssl_cipher` string,
  `ssl_protocol` string,
  `target_group_arn` string,
  `trace_id` string,
  `domain_name` string,
  `chosen_cert_arn` string,
  `matched_rule_priority` string,
  `request_creation_time` string,
  `actions_executed` string,
  `redirect_url` string,
  `lambda_error_reason` string,
  `target_port_list` string,
  `target_status_code_list` string,
  `classification` string,
  `classification_reason` string,
  `conn_trace_id` string,
  `transformed_host` string,
  `transformed_uri` string,
  `request_transform_status` string,
  `appended_fields` string
)
  partitioned by (day string)
  row format serde 'org.apache.hadoop.hive.serde2.RegexSerDe'
  with serdeproperties ('input.regex' = '([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-.0-9]*) ([-.0-9]*) ([-.0-9]*) (|[-0-9]*) (-|[-0-9]*) ([-0-9]*) ([-0-9]*) "([^ ]*) (.*) (- |[^ ]*)" "([^"]*)" ([A-Z0-9_-]+) ([A-Za-z0-9.-]*) ([^ ]*) "([^"]*)" "([^"]*)" "([^"]*)" ([-.0-9]*) ([^ ]*) "([^"]*)" "([^"]*)" "([^"]*)" "([^"]*)" "([^"]*)" "([^"]*)" "([^"]*)"(?: ([^ "]*))?(?: "([^"]*)")?(?: "([^"]*)")?(?: "([^"]*)")?(?: (.*))?')
  location 's3://shop-alb-logs/AWSLogs/123456789012/elasticloadbalancing/eu-west-1/' -- kept
  tblproperties ('projection.enabled' = 'true', 'projection.day.type' = 'date', 'projection.day.format' = 'yyyy/MM/dd',
    'projection.day.range' = '2024/01/01,NOW', 'storage.location.template' = 's3://shop-alb-logs/AWSLogs/123456789012/elasticloadbalancing/eu-west-1/${day}');
