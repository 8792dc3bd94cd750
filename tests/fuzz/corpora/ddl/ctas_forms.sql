-- Rewrite the raw CSV into Parquet, partitioned by year (partition column last).
CREATE TABLE readings_parquet
WITH (format = 'PARQUET',
      write_compression = 'SNAPPY',
      partitioned_by = ARRAY['year'],
      external_location = 's3://example-lake/curated/readings_parquet/')
AS
SELECT station,
       observed_on,
       reading,
       quality_flag,
       substr("observed_on", 1, 4) AS year
FROM readings_csv
WHERE cast(substr("observed_on", 1, 4) AS bigint) BETWEEN 2019 AND 2024;

-- An empty copy with the same schema.
CREATE TABLE readings_template AS SELECT * FROM readings_parquet WITH NO DATA;

CREATE TABLE readings_bucketed WITH (
  bucketed_by = ARRAY['station'],
  bucket_count = 16, format = 'ORC',
  external_location = 's3://example-lake/curated/readings_bucketed/'
) AS
SELECT * FROM readings_parquet;

-- Iceberg through CTAS: no EXTERNAL, transforms in partitioning.
CREATE TABLE readings_iceberg
WITH (
    table_type = 'ICEBERG',
    format = 'PARQUET',
    location = 's3://example-lake/iceberg/readings/',
    is_external = false,
    partitioning = ARRAY['month(observed_at)', 'bucket(station, 8)']
)
AS SELECT station, observed_at, reading FROM readings_parquet;

INSERT INTO readings_iceberg SELECT station, observed_at, reading FROM readings_parquet WHERE year = '2024';
