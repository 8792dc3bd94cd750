CREATE DATABASE IF NOT EXISTS weblogs;

CREATE EXTERNAL TABLE IF NOT EXISTS weblogs.requests (
  request_id string,
  path string,
  status int,
  latency_ms double
)
PARTITIONED BY (region string, dt string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://example-weblogs/requests/';

/* partitions are added by hand for this table */
ALTER TABLE weblogs.requests ADD IF NOT EXISTS
  PARTITION (region = 'eu-west-1', dt = '2024-05-01') LOCATION 's3://example-weblogs/requests/eu-west-1/2024-05-01/'
  PARTITION (region = 'eu-west-1', dt = '2024-05-02') LOCATION 's3://example-weblogs/requests/eu-west-1/2024-05-02/';

ALTER TABLE weblogs.requests DROP IF EXISTS PARTITION (region = 'eu-west-1', dt = '2023-01-01'), PARTITION (region = 'eu-west-1', dt = '2023-01-02');

ALTER TABLE weblogs.requests SET TBLPROPERTIES ('has_encrypted_data' = 'true');

MSCK REPAIR TABLE weblogs.requests;

-- Slow requests of the last week, for the dashboard.
CREATE OR REPLACE VIEW weblogs.slow_requests AS
SELECT path, count(*) AS hits, approx_percentile(latency_ms, 0.95) AS p95
FROM weblogs.requests
WHERE status < 500 AND latency_ms > 1000.0 AND dt >= date_format(current_date - interval '7' day, '%Y-%m-%d')
GROUP BY path
ORDER BY p95 DESC;
