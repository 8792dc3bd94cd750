logs/!{timestamp:yyyy/MM/dd/HH}/
CREATE EXTERNAL TABLE `d`.`t` (m map<string,array<struct<a:int,`b`:decimal(10,2)>>>) PARTITIONED BY (datehour string) LOCATION 's3://b/logs/' TBLPROPERTIES ('projection.enabled'='true','projection.datehour.type'='date','projection.datehour.format'='yyyy/MM/dd/HH','storage.location.template'='s3://b/logs/${datehour}/');
