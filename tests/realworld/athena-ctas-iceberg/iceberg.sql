CREATE TABLE IF NOT EXISTS iceberg_events (
  event_id bigint,
  event_time timestamp,
  category string,
  payload string COMMENT 'raw JSON',
  amount decimal(12,2)
)
PARTITIONED BY (day(event_time), bucket(16, event_id), category)
LOCATION 's3://example-lake/iceberg/events/'
TBLPROPERTIES ('table_type' = 'ICEBERG', 'format' = 'parquet', 'write_compression' = 'zstd');
