#ifndef LP_SPEC_YAML_H
#define LP_SPEC_YAML_H

#include <stddef.h>
#include <stdint.h>

#include "diag/diag.h"
#include "util/arena.h"
#include "util/buf.h"

/*
 * A positioned YAML tree built from libyaml events. The spec loader, the lint
 * inputs (CloudFormation/SAM YAML, and JSON, which libyaml reads too) and the
 * schema validator all work on it. Every node keeps the span of its text so a
 * finding anywhere can point at file:line:col.
 *
 * Hostile input is refused with a positioned error instead of being
 * half-loaded: see lp_yaml_limits.
 */

typedef enum { LP_NODE_SCALAR, LP_NODE_SEQ, LP_NODE_MAP } lp_node_kind;

/* Resolved type of a scalar under the YAML 1.2 core schema (quoted => STR). */
typedef enum {
	LP_SCALAR_NULL,
	LP_SCALAR_BOOL,
	LP_SCALAR_INT,
	LP_SCALAR_FLOAT,
	LP_SCALAR_STR,
} lp_scalar_type;

/* How a scalar was written. */
enum { LP_STYLE_PLAIN, LP_STYLE_SINGLE, LP_STYLE_DOUBLE, LP_STYLE_LITERAL, LP_STYLE_FOLDED };

typedef struct lp_node lp_node;
typedef struct lp_pair {
	lp_node *key; /* always a scalar */
	lp_node *value;
} lp_pair;

/*
 * A parsed document has one node per 8 to 20 bytes of its text, and lint
 * parses whole files of 20 MB (the log-group template of 10,000 services), so
 * the node is kept small: offsets and counts are 32 bits (lp_yaml_load refuses a
 * document of 4 GiB or more), the rare anchor and alias share a field, and
 * so do a sequence's items and a map's pairs.
 */
struct lp_node {
	lp_span span;
	const char *tag;  /* explicit tag as written ("!Ref", "tag:yaml.org,2002:str"), or NULL */
	/* the anchor this node defines ('&name'); for an alias use (`alias` set), the anchor it names; else NULL */
	const char *anchor;
	/* scalar */
	const char *str;  /* NUL-terminated copy; `len` is exact (no NULs are accepted) */
	/* seq: items[0..n); map: pairs[0..n) in document order (one storage: a node is one or the other) */
	union {
		lp_node **items;
		lp_pair *pairs;
	};
	/*
	 * Bytes [start, end) of the node's text (a BOM counts), for minimal edits:
	 * a scalar's quotes are inside, a flow collection's brackets too; a block
	 * collection ends where its last value ends (never at trailing comments).
	 */
	uint32_t start, end;
	uint32_t len;
	uint32_t n;
	uint32_t weight;  /* nodes in this subtree, for the alias budget (saturates) */
	lp_node_kind kind;
	lp_scalar_type stype;
	unsigned char flow;   /* collection written in flow style ({...} / [...]) */
	unsigned char style;  /* scalar: LP_STYLE_* as written */
	unsigned char quoted; /* single/double quoted or block literal: never a bool/number */
	unsigned char alias;  /* an alias use ('*name'): a copy of the anchored node, `anchor` its name */
};

typedef struct lp_yaml_limits {
	int version;
	size_t max_bytes;      /* whole document */
	size_t max_depth;      /* nesting of collections */
	size_t max_scalar;     /* bytes in one scalar */
	/*
	 * Nodes written in the text; 0: max_bytes / LP_YAML_BYTES_PER_NODE, so
	 * the budget follows the size limit and a large real document (a
	 * 10,000-service spec) loads while memory stays bounded by it.
	 */
	size_t max_nodes;
	int allow_multi_doc;   /* 0: a second document is an error */
	/* Nodes that expanding aliases adds, bounded on its own (billion laughs). */
	size_t max_alias_nodes;
	/*
	 * 1 for a document that is plain data (the spec): refuse tags and %TAG
	 * directives instead of keeping them unapplied (`!!binary` left encoded,
	 * `!Ref` read as its text). The core-schema tags that change nothing are
	 * still accepted: `!!str` (the value is read as the string written, the
	 * usual way to keep `1.10` a string), `!!map` and `!!seq` on their own
	 * kinds, and `!!int`, `!!float`, `!!bool`, `!!null` on a value that
	 * already is one. CloudFormation templates keep 0: their short-form
	 * intrinsics (`!Ref`, `!Sub`) are their language.
	 */
	int refuse_tags;
	/*
	 * 1: refuse a number whose value cannot be what was written: an integer
	 * outside 64 bits, or a float whose double, printed back, is another
	 * number (`512.00000000000001` is 512, `1e400` is infinity).
	 */
	int exact_numbers;
} lp_yaml_limits;

/* Real specs spend 8 to 20 bytes per node (flow style is the densest); hostile text can spend 2. */
#define LP_YAML_BYTES_PER_NODE 8

/* The largest document lp_yaml_load reads, whatever max_bytes says: node offsets are 32 bits. */
#define LP_YAML_MAX_BYTES ((size_t)UINT32_MAX)

#define LP_YAML_LIMITS_VERSION 3
#define LP_YAML_LIMITS_INIT { LP_YAML_LIMITS_VERSION, 8u << 20, 64, 1u << 20, 0, 0, 200000, 0, 0 }

/*
 * Parses `data` (named `file` in diagnostics; the text is registered with the
 * sink for caret output). On success *out is the root (NULL for an empty
 * document). On malformed or hostile input the findings go to `d`, *out is
 * NULL, and 0 is returned: bad input is a finding, not a failure.
 * Nodes are allocated in `a` and live as long as it.
 */
int lp_yaml_load(lp_node **out, lp_arena *a, const char *file, const char *data, size_t len,
	const lp_yaml_limits *limits, lp_diag *d);
/*
 * lp_yaml_load, with `fast_json` 0 to read JSON through libyaml too: the
 * tests compare the two paths, which must give the same tree and findings.
 */
int lp_yaml__load(lp_node **out, lp_arena *a, const char *file, const char *data, size_t len,
	const lp_yaml_limits *limits, int fast_json, lp_diag *d);
/*
 * Loads `data` both ways: 1 when the JSON fast path and libyaml give other
 * trees, positions or findings (then *why holds both reports), else 0; for
 * the unit test and the fuzz target of the fast path.
 */
int lp_yaml__paths_differ(lp_buf *why, const char *file, const char *data, size_t len, const lp_yaml_limits *limits);

/* Map lookup by exact key; NULL if absent or `map` is not a map. Borrowed. */
lp_node *lp_node_get(const lp_node *map, const char *key);
/* Case-insensitive lookup (ASCII), for API JSON vs CloudFormation spellings. */
lp_node *lp_node_get_ci(const lp_node *map, const char *key);
/* The pair holding `key`, for positioning findings on the key itself. */
const lp_pair *lp_node_pair(const lp_node *map, const char *key);

int lp_node_is_null(const lp_node *n);
/* 0 on success; -1 when `n` is not an integer scalar in range. */
int lp_node_int(int64_t *out, const lp_node *n);
int lp_node_double(double *out, const lp_node *n);
int lp_node_bool(int *out, const lp_node *n);
/* The scalar text when `n` is a string-typed (or any) scalar, else NULL. Borrowed; valid while the tree's arena lives. */
const char *lp_node_str(const lp_node *n);

#endif
