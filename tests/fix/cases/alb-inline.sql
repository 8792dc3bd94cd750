-- a hand-written ALB table: lowercase keywords, columns on one line, CRLF line ends
create external table if not exists logs.alb_public (type string, time string, elb string, client_ip string, client_port int, elb_status_code string)
  partitioned by (day string)
  row format serde 'org.apache.hadoop.hive.serde2.RegexSerDe'
  with serdeproperties ('input.regex' = '([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([-0-9]*) .*')
  location 's3://shop-alb-logs/AWSLogs/123456789012/elasticloadbalancing/eu-west-1/' -- kept
  tblproperties ('projection.enabled' = 'true', 'projection.day.type' = 'date', 'projection.day.format' = 'yyyy/MM/dd',
    'projection.day.range' = '2024/01/01,NOW', 'storage.location.template' = 's3://shop-alb-logs/AWSLogs/123456789012/elasticloadbalancing/eu-west-1/${day}');
