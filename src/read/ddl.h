#ifndef LP_READ_DDL_H
#define LP_READ_DDL_H

#include <stddef.h>

#include "diag/diag.h"
#include "read/text.h"
#include "util/arena.h"

/*
 * A reader for the statement forms AWS documents for Athena DDL:
 *
 *   CREATE [EXTERNAL] TABLE [IF NOT EXISTS] [db.]name (col type [COMMENT '...'], ...)
 *     [COMMENT '...'] [PARTITIONED BY (...)]
 *     [ROW FORMAT SERDE '...' | ROW FORMAT DELIMITED FIELDS TERMINATED BY '...' ...]
 *     [WITH SERDEPROPERTIES (...)] [STORED AS (name | INPUTFORMAT '...' OUTPUTFORMAT '...')]
 *     [LOCATION '...'] [TBLPROPERTIES (...)] ;         (Hive tables, and Iceberg without EXTERNAL)
 *   CREATE TABLE [IF NOT EXISTS] name [WITH (key = value, ...)] AS query [WITH [NO] DATA] ;
 *   CREATE [OR REPLACE] VIEW name AS query ;
 *   ALTER TABLE name ADD [IF NOT EXISTS] PARTITION (k = 'v', ...) [LOCATION '...'] ... ;
 *   ALTER TABLE name DROP [IF EXISTS] PARTITION (k = 'v', ...) [, PARTITION (...)] ;
 *   ALTER TABLE name SET TBLPROPERTIES ('k' = 'v', ...) ;
 *   MSCK REPAIR TABLE name ;
 *
 * Other statements (CREATE DATABASE, DROP TABLE, SELECT, INSERT ...) are
 * recorded as LP_DDL_STMT_OTHER and not judged. Queries are skipped token by
 * token, so any SQL punctuation inside them is fine.
 *
 * Several statements per file are separated by ';'. Every name and value
 * keeps the span it was written at, so a check can point at the exact
 * property. Syntax errors are findings (LP-DDL-SYNTAX) and the parser skips
 * to the next ';' to keep going; a malformed file never fails the call.
 *
 * String literals ('...' and "...") are decoded the way Athena reads them:
 * \' \" \\ \n \t \r \b \0 and \Z are escapes; any other backslash pair is kept
 * as written, so a regex such as [^\s] reaches the SerDe unchanged (the AWS
 * ALB DDL relies on that).
 */

typedef enum {
	LP_DDL_TYPE_PRIMITIVE,
	LP_DDL_TYPE_ARRAY,
	LP_DDL_TYPE_MAP,
	LP_DDL_TYPE_STRUCT,
} lp_ddl_type_kind;

typedef struct lp_ddl_type lp_ddl_type;
typedef struct lp_ddl_column lp_ddl_column;

struct lp_ddl_type {
	lp_ddl_type_kind kind;
	const char *name;     /* lowercased: "string", "decimal", "array", "struct", ... */
	long params[2];       /* decimal(p,s), varchar(n), char(n) */
	size_t nparams;
	lp_ddl_type *elem;    /* array<elem> */
	lp_ddl_type *key;     /* map<key,value> */
	lp_ddl_type *value;
	lp_ddl_column *fields; /* struct<name:type,...> */
	size_t nfields;
	lp_span span;
};

struct lp_ddl_column {
	const char *name;     /* as written, unquoted */
	int quoted;           /* back-quoted in the source */
	lp_ddl_type *type;
	const char *comment;  /* NULL when absent */
	lp_span span;         /* the name */
};

typedef struct lp_ddl_prop {
	const char *key;
	const char *value;
	lp_span key_span;
	lp_span value_span;
	size_t value_offset; /* byte offset of the value's opening quote in the text */
	size_t value_end;    /* one past its closing quote */
} lp_ddl_prop;

typedef struct lp_ddl_table {
	int ctas;                /* CREATE TABLE ... AS query: columns come from the query */
	lp_ddl_prop *with_props; /* CTAS WITH (key = value): keys are bare words, values as written */
	size_t nwith_props;
	const char *db;          /* NULL when not qualified */
	const char *name;
	int name_quoted;
	int external;
	int if_not_exists;
	lp_span span;            /* the CREATE keyword */
	lp_span name_span;
	lp_ddl_column *columns;
	size_t ncolumns;
	size_t columns_start, columns_end; /* bytes of the column list, its '(' to one past its ')'; 0, 0 when none */
	lp_ddl_column *partitions;
	size_t npartitions;
	const char *comment;
	const char *serde;       /* ROW FORMAT SERDE class, or NULL */
	lp_span serde_span;
	int delimited;           /* ROW FORMAT DELIMITED */
	const char *field_delim; /* FIELDS TERMINATED BY */
	lp_ddl_prop *serde_props;
	size_t nserde_props;
	const char *stored_as;   /* STORED AS <name> (lowercased), or NULL */
	const char *input_format;
	const char *output_format;
	const char *location;
	lp_span location_span;
	lp_ddl_prop *tbl_props;
	size_t ntbl_props;
	lp_span end_span;        /* the closing ';' or end of input */
} lp_ddl_table;

typedef enum {
	LP_DDL_STMT_CREATE_TABLE, /* with a column list (Hive or Iceberg) */
	LP_DDL_STMT_CTAS,
	LP_DDL_STMT_CREATE_VIEW,
	LP_DDL_STMT_ADD_PARTITION,
	LP_DDL_STMT_DROP_PARTITION,
	LP_DDL_STMT_SET_TBLPROPERTIES,
	LP_DDL_STMT_MSCK_REPAIR,
	LP_DDL_STMT_OTHER,
} lp_ddl_stmt_kind;

/* PARTITION (k = 'v', ...) [LOCATION '...'] of ALTER TABLE ADD/DROP. */
typedef struct lp_ddl_partition_spec {
	lp_ddl_prop *keys;      /* key as written (unquoted), value decoded */
	size_t nkeys;
	const char *location;   /* NULL when absent */
	lp_span span;           /* the PARTITION keyword */
	lp_span location_span;
} lp_ddl_partition_spec;

typedef struct lp_ddl_stmt {
	lp_ddl_stmt_kind kind;
	int complete;           /* 0 when a syntax error cut the statement short */
	lp_span span;           /* the first keyword */
	const char *db;         /* of the named table or view; NULL when not qualified or absent */
	const char *name;       /* NULL for LP_DDL_STMT_OTHER */
	lp_span name_span;
	size_t table;           /* index into tables for CREATE_TABLE and CTAS, else (size_t)-1 */
	lp_ddl_prop *props;     /* SET TBLPROPERTIES */
	size_t nprops;
	lp_ddl_partition_spec *parts; /* ADD/DROP PARTITION */
	size_t nparts;
} lp_ddl_stmt;

typedef struct lp_ddl_file {
	lp_arena arena;       /* owns everything below */
	const char *path;     /* interned in the sink */
	lp_ddl_table *tables; /* CREATE TABLE and CTAS, in file order */
	size_t ntables;
	lp_ddl_stmt *stmts;   /* every statement, in file order */
	size_t nstmts;
	lp_text_ignore *ignores; /* `-- logpipe:ignore RULE reason` comments */
	size_t nignores;
} lp_ddl_file;

/*
 * Parses `text` (named `path` in spans; the text is registered with `d` for
 * caret output). Caller owns *out; free with lp_ddl_free. Findings about the
 * text go to `d`; the return is 0 unless an operational failure happened.
 */
int lp_ddl_parse(lp_ddl_file **out, const char *path, const char *text, size_t len, lp_diag *d);
void lp_ddl_free(lp_ddl_file *f);

/* Case-insensitive property lookup; NULL when absent. Borrowed. */
const lp_ddl_prop *lp_ddl_tbl_prop(const lp_ddl_table *t, const char *key);
const lp_ddl_prop *lp_ddl_serde_prop(const lp_ddl_table *t, const char *key);
/*
 * The SERDEPROPERTIES entry 'mapping.<column>' (any case): the JSON key
 * OpenX's JsonSerDe reads `column` from instead of its name, or NULL.
 * Borrowed; valid while `t` lives.
 */
const lp_ddl_prop *lp_ddl_json_mapping(const lp_ddl_table *t, const char *column);

/* 1 when the table reads columnar files (Parquet, ORC, by its SerDe, STORED AS or input format, any case). */
int lp_ddl_columnar(const lp_ddl_table *t);
/* Column or partition column by case-insensitive name; NULL when absent. */
const lp_ddl_column *lp_ddl_find_column(const lp_ddl_table *t, const char *name);

/* Appends the type as Hive writes it ("map<string,array<int>>") to `out`. */
struct lp_buf;
void lp_ddl_type_format(struct lp_buf *out, const lp_ddl_type *t);

/*
 * Appends `s` as a '...' literal that this reader decodes back to `s`
 * (backslash, quote, line breaks and tabs escaped): for a fix that writes a
 * value into hand-written DDL.
 */
void lp_ddl_quote(struct lp_buf *out, const char *s);

/* 1 when `word` (any case) is on Athena's DDL reserved-word list (back-quote it in DDL). */
int lp_ddl_is_reserved(const char *word);
/*
 * 1 when `word` is on Athena's SELECT/DML reserved-word list: CTAS and view
 * queries must double-quote it.
 */
int lp_ddl_is_dml_reserved(const char *word);

/* The statement kind as users write it ("CREATE VIEW", "MSCK REPAIR TABLE", ...). Static. */
const char *lp_ddl_stmt_kind_name(lp_ddl_stmt_kind k);

#endif
