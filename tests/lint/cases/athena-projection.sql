-- A hand-written Firehose table with the partition projection mistakes logpipe
-- catches: a partition column without projection type, an hourly date
-- projection without interval/unit, a template missing a column, and a
-- reserved word left unquoted.
CREATE EXTERNAL TABLE IF NOT EXISTS web_logs.web_app (
  user string,
  `level` string,
  `status` int
)
PARTITIONED BY (`datehour` string, `service` string)
STORED AS PARQUET
LOCATION 's3://shop-logs/web/app/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.datehour.type' = 'date',
  'projection.datehour.range' = '2024/01/01/00,NOW',
  'projection.datehour.format' = 'yyyy/MM/dd/HH',
  'storage.location.template' = 's3://shop-logs/web/app/${datehour}/'
);

-- logpipe:ignore LP-ATHENA-EXTERNAL scratch table for a one-off query
CREATE TABLE scratch (x int);
