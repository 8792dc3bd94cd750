#ifndef LP_LINT_LINT_H
#define LP_LINT_LINT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "diag/diag.h"
#include "lint/kind.h"
#include "lint/rules.h"
#include "read/text.h"
#include "spec/yaml.h"
#include "util/arena.h"

/*
 * The lint engine: reads files (or generated artifacts), detects what each
 * one is from its content, runs the data rules (YAML files under rules/) and the checks
 * written in C over them, applies suppressions, and leaves every finding in
 * one lp_diag sink. Suppressed findings stay in the sink with `suppressed`
 * set so SARIF can record them.
 */

struct lp_model;
struct lp_artifact_set;

/*
 * Detects the kind of a file from its content (and, as a tie-breaker only,
 * its name). `tree` may be NULL when the text is not YAML/JSON.
 */
lp_lint_kind lp_lint_detect(const char *path, const char *text, size_t len, const lp_node *tree);

/*
 * What the cross-file phase reads of a document, taken from its tree or
 * parse while the worker that read it still held it (strings copied): no
 * tree outlives the per-file phase, so a lint of thousands of generated
 * files does not hold all of them at once.
 */
struct lp_xart_table;
struct lp_xart_stream;
struct lp_xart_group;
struct lp_xart_output;

/* A template resource whose Metadata suppresses rules (guard.SuppressedRules, cfn_nag.rules_to_suppress). */
typedef struct lp_lint_cfn_suppressor {
	const char *resource;      /* logical id */
	lp_span span;              /* from its key to the end of its value */
	const char **guard;        /* guard.SuppressedRules, in order; an entry is NULL when not a string */
	size_t nguard;
	const char **nag_ids;      /* cfn_nag.rules_to_suppress[].id, same */
	const char **nag_reasons;  /* its reason, or NULL */
	size_t nnag;
} lp_lint_cfn_suppressor;

typedef struct lp_lint_facts {
	struct lp_xart_table *tables;   /* DDL, Glue JSON, AWS::Glue::Table resources */
	size_t ntables;
	struct lp_xart_stream *streams; /* Firehose JSON, AWS::KinesisFirehose::DeliveryStream resources */
	size_t nstreams;
	struct lp_xart_group *groups;   /* log-group lists, AWS::Logs::LogGroup resources */
	size_t ngroups;
	int have_groups;                /* a log-group list, or a template with log groups */
	const char **config_files;      /* task definitions: each firelensConfiguration config-file-value, in order */
	size_t nconfig_files;
	struct lp_xart_output *outputs; /* Fluent Bit confs: the [OUTPUT] sections, with their includes' */
	size_t noutputs;
	int flb_content_role;           /* Fluent Bit confs: what the content says of the role (lp_lint_doc.firelens) */
	lp_lint_cfn_suppressor *suppressors; /* templates, in the order of Resources */
	size_t nsuppressors;
} lp_lint_facts;

/* One input file. Everything is borrowed from the run and valid while its checks run. */
typedef struct lp_lint_doc {
	lp_lint_kind kind;
	const char *path;      /* as shown in findings; interned in the sink */
	const char *text;      /* NUL-terminated */
	size_t len;
	lp_node *tree;         /* YAML/JSON kinds: the positioned tree (NULL if it did not parse); for
	                          templates, with Fn::ForEach loops expanded. During the per-file phase
	                          only: NULL after it */
	const lp_node *body;   /* what the kind's rules read: for a task definition the definition
	                          itself (inside a DescribeTaskDefinition wrapper); else tree */
	void *parsed;          /* ATHENA_DDL: lp_ddl_file *; FLUENTBIT_CONF: lp_flb_conf *; during the
	                          per-file phase only, else NULL */
	const lp_lint_facts *facts; /* set in the per-file phase for every kind (never NULL after it) */
	const char *project;   /* the nearest directory above the file that holds .git or logpipe.yaml, "" when
	                          none: cross-file checks join only documents of one project (docs/lint.md) */
	int firelens;          /* FLUENTBIT_CONF: 1 a FireLens custom configuration, -1 Fluent Bit that runs on
	                          its own (EC2 daemon, sidecar with -c), 0 cannot tell (docs/lint.md) */
	int expanded;          /* CFN: Fn::ForEach loops were expanded, so the tree is no longer the text's */
	const lp_text_ignore *ignores; /* `# logpipe:ignore RULE reason` comments found in the text */
	size_t nignores;
} lp_lint_doc;

typedef struct lp_lint_opts {
	int version;
	const char *const *rules; /* only these rule ids (NULL = all) */
	size_t nrules;
	lp_lint_kind force_kind;  /* LP_LINT_UNKNOWN = detect */
	const struct lp_model *model; /* --spec: params, ignores, real-time budget; may be NULL */
	int no_gitignore;         /* 1: do not consult .gitignore when walking directories */
	/*
	 * 1: the run sees only some of the project's files (a hook passes the
	 * staged ones), so only a lint.ignore entry whose target names a file of
	 * the run can be reported unused. (An entry about a file is never
	 * reported by a run that did not read that file, partial or not.)
	 */
	int partial;
	size_t *nfiles;           /* when set, receives the number of files linted */
	/* lp_lint_artifacts: the output directory, shown before artifact paths (NULL: none) */
	const char *artifact_dir;
	/* lp_lint_artifacts: the set linted, whose origins say which spec node each part was generated for */
	const struct lp_artifact_set *origins;
	/* lp_lint_artifacts: files on disk linted in the same run (the files the spec refers to); missing ones are skipped */
	const char *const *extra;
	size_t nextra;
	int flb_role;             /* Fluent Bit confs: 0 decide from content and references, 1 all are FireLens
	                             custom configurations (--kind firelens), -1 none is (--kind fluent-bit) */
	int fix;                  /* 1: attach to every finding the fix that `logpipe fix` would make (lp_diag_fix) */
	/* files read from here instead of the disk (the texts `logpipe fix` has edited but not written) */
	const struct lp_lint_input *overlay;
	size_t noverlay;
	/*
	 * Threads that read, parse and run the data rules on the files, each
	 * file on one of them (0 or 1: the calling thread only; never more than
	 * the files). The findings are the same, in the same order, whatever
	 * the number.
	 */
	unsigned jobs;
} lp_lint_opts;

#define LP_LINT_OPTS_VERSION 1
#define LP_LINT_OPTS_INIT { LP_LINT_OPTS_VERSION, NULL, 0, LP_LINT_UNKNOWN, NULL, 0, 0, NULL, NULL, NULL, NULL, 0, 0, 0, NULL, 0, 0 }
/*
 * Sets o->force_kind (and o->flb_role) from a --kind value: a kind name, or
 * "firelens" for Fluent Bit confs that are FireLens custom configurations.
 * -1 when the name is none of them.
 */
int lp_lint_opts_kind(lp_lint_opts *o, const char *name);

/*
 * Sets docs[i].firelens of every Fluent Bit conf from the run's task
 * definitions and Dockerfiles (`in`) and the conf's content; `forced` is
 * lp_lint_opts.flb_role. A conf a task definition names takes that task
 * definition's project. Scratch goes to `a` (semi-private: flb_role.c).
 */
struct lp_lint_input;
void lp_lint__flb_roles(lp_lint_doc *docs, size_t ndocs, const struct lp_lint_input *in, size_t nin, int forced,
	lp_arena *a);

/* What a check sees: every document of the run (cross-file checks) and the parameters. */
typedef struct lp_lint_ctx {
	const lp_lint_doc *docs;
	size_t ndocs;
	const lp_lint_opts *opts;
	lp_arena *arena;          /* scratch that lives for the whole run */
	const lp_ruleset *rules;  /* the data rules, for the parameters a fix takes from them */
} lp_lint_ctx;

/*
 * A check written in C. It reports into `d` with a rule id, a span inside one
 * of ctx->docs, and where it knows one a logical `target`. It must not fail:
 * findings only.
 */
typedef void (*lp_lint_check_fn)(const lp_lint_ctx *ctx, lp_diag *d);
/*
 * For a check of one document whose verdict depends on what only the run
 * decides (a Fluent Bit conf's role): the check reports every finding it
 * might, and this says, in the check's turn, which of them stand.
 */
typedef int (*lp_lint_doc_keep_fn)(const lp_lint_doc *doc, const lp_diag_entry *e);

/*
 * A check with `per_doc` set reads one document at a time: the engine runs
 * it in the per-file phase, while the document's tree and parse are there,
 * with a ctx of that one document (and the worker's scratch arena), and
 * reports its findings in the check's turn, document by document: as if it
 * had run once over the run's documents. Any other check runs once, after
 * the per-file phase, over documents that hold only their facts.
 */
typedef struct lp_lint_check {
	const char *name;     /* for --help/debugging only */
	lp_lint_check_fn fn;
	int per_doc;
	lp_lint_doc_keep_fn keep; /* per_doc: NULL when every finding stands */
} lp_lint_check;

/* Semi-private (flb_role.c): 1 FireLens, -1 standalone, 0 cannot tell, from a conf's sections alone. */
struct lp_flb_conf;
int lp_lint__flb_content_role(const struct lp_flb_conf *c);

/*
 * Semi-private (facts.c): fills `out` from `doc` (its tree or parse), every
 * array and string copied into `keep`; `scratch` for what it throws away.
 */
void lp_lint__facts_take(lp_lint_facts *out, lp_arena *keep, lp_arena *scratch, const lp_lint_doc *doc);
/* Semi-private (facts.c): a copy in `a` of `n` ignore comments and their strings (NULL when n is 0). */
const lp_text_ignore *lp_lint__ignores_copy(lp_arena *a, const lp_text_ignore *v, size_t n);

/* The registered C checks (lint_checks.c); terminated by an entry whose name is NULL. */
extern const lp_lint_check lp_lint_checks[];

/*
 * Lints files and directories. Directories are walked in sorted order;
 * .gitignore'd files (inside a git repository), binary files and
 * logpipe.lock.json are skipped. Returns 0 when the run completed (findings
 * are in `d`), LP_ENOTFOUND/-1 with lp_error_set when a path cannot be read.
 */
int lp_lint_run(const lp_lint_opts *o, const char **paths, size_t npaths, lp_diag *d);

/*
 * Lints in-memory generated files (named o->artifact_dir/<artifact path>).
 * Findings on them are reported at the spec node the renderers recorded as
 * their origin (lp_lint_relocate). `d` borrows the artifacts' texts for the
 * lines it quotes: keep `set` alive until `d` has been printed.
 */
int lp_lint_artifacts(const struct lp_artifact_set *set, const struct lp_model *m, const lp_lint_opts *o,
	lp_diag *d);

/*
 * Lints documents given as (path, text) pairs; what lp_lint_run and
 * lp_lint_artifacts end in, and what tests call directly.
 */
typedef struct lp_lint_input {
	const char *path;
	const char *text;
	size_t len;
} lp_lint_input;
int lp_lint_inputs(const lp_lint_opts *o, const lp_lint_input *in, size_t n, lp_diag *d);

/*
 * Moves every finding in `d` on an artifact of `set` (named prefix/<path>;
 * `prefix` NULL for bare artifact paths) to the spec position recorded as its
 * origin (lp_artifact_origin_find): the generated position becomes the
 * related location and the help names the spec key to change.
 */
void lp_lint_relocate(lp_diag *d, const struct lp_artifact_set *set, const char *prefix);

/*
 * Checks the spec's lint section against the rule catalog: every rule named
 * by lint.ignore and lint.params exists (a rule id, a Config rule name or a
 * Config identifier), every parameter is one the rule takes, and a value is
 * of the parameter's type. Findings (LP-SPEC-LINT, with did-you-mean) go to
 * `d`; returns < 0 only when the rules cannot be loaded.
 */
int lp_lint_check_settings(const struct lp_model *m, lp_diag *d);

/* Semi-private (lint_fix.c): the effective rule parameter under the spec's lint.params (`payload` is the model or NULL). */
const char *lp_lint__param(void *payload, const lp_rule *r, const char *key);

/*
 * Semi-private (lint_fix.c): attaches a data rule's declared fix to a finding
 * it just made. `doc` is the document, `resource` the CloudFormation
 * resource map (NULL for API shapes) and `props` the node the rule was given
 * before Globals were merged in (NULL when the resource has no Properties).
 */
typedef struct lp_lint_fixctx {
	const lp_lint_doc *doc;
	const lp_node *resource, *props, *merged;
	const struct lp_model *model;
	const lp_ruleset *rules;
} lp_lint_fixctx;
void lp_lint__rule_fix(void *fixctx, const lp_rule *r, const lp_node *root, const lp_node *item, lp_diag_entry *e,
	lp_diag *d);

/*
 * Semi-private (lint_fix.c): the value a data rule's fix `fx` writes: its
 * literal, or its parameter under the spec's lint.params (`m` may be NULL),
 * rounded up to the next `round_up` value. Caller frees; NULL when the
 * parameter has no value.
 */
cJSON *lp_lint__fix_value(const lp_rule *r, const lp_node *fx, const struct lp_model *m);

/*
 * Semi-private (lint_fix_apigw.c): API Gateway logging fixes that span
 * resources. lp_lint__fix_sam attaches one to a finding of the SAM scan
 * (LP-SAM-IMPLICIT-API, LP-SAM-API-ACCESS-LOG) of `doc`; lp_lint__fix_c to a
 * data rule's finding whose fix names C code (`fix: {c: NAME}`:
 * apigw-access-logs, apigw-execution-logging).
 */
struct lp_sam_info;
void lp_lint__fix_sam(const lp_lint_doc *doc, const struct lp_sam_info *info, const struct lp_model *m,
	const lp_ruleset *rules, lp_diag_entry *e, lp_diag *d);
void lp_lint__fix_c(const char *name, const lp_lint_fixctx *fc, const lp_rule *r, lp_diag_entry *e, lp_diag *d);

/* Semi-private: appends the JSON path ("a.b[2].c") of the deepest node of `root` at line:col. */
void lp_lint__path_at(struct lp_buf *path, const lp_node *root, unsigned line, unsigned col);

/*
 * Writes the findings in `d` as SARIF 2.1.0 with every rule of the catalog
 * in tool.driver.rules. Suppressions from lint.ignore are "external", those
 * written in the file (comments, CloudFormation Metadata) "inSource". Every
 * rule has a helpUri (its AWS page, else its section of docs/rules.md), a
 * PascalCase name and help in Markdown. `o` as for lp_diag_print_sarif.
 */
struct lp_buf;
struct lp_report_opts;
int lp_lint_print_sarif(struct lp_buf *out, lp_diag *d, struct lp_report_opts *o);

/* Prefix of the justification of a finding suppressed by the spec's lint.ignore. */
#define LP_LINT_SPEC_IGNORE_PREFIX "lint.ignore: "

#endif
