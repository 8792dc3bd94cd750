#include "escape.h"

#include <string.h>

static int refuse(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return LP_ESCAPE_REFUSED;
}

static int put(lp_buf *out, const char *s, size_t len)
{
	return lp_buf_put(out, s, len) < 0 ? -1 : 0;
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629), 0 if ill-formed. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	size_t n, i;
	unsigned cp;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

static int utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;
	while (i < len) {
		n = utf8_seq((const unsigned char *)s + i, len - i);
		if (!n)
			return 0;
		i += n;
	}
	return 1;
}

int lp_escape_none(lp_buf *out, const char *s, size_t len, const char **why)
{
	(void)why;
	return put(out, s, len);
}

int lp_escape_html(lp_buf *out, const char *s, size_t len, const char **why)
{
	size_t i, run = 0;
	(void)why;
	for (i = 0; i < len; i++) {
		const char *ent;
		switch (s[i]) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		default: continue;
		}
		if (put(out, s + run, i - run) < 0 || put(out, ent, strlen(ent)) < 0)
			return -1;
		run = i + 1;
	}
	return put(out, s + run, len - run);
}

/*
 * Athena runs DDL through Hive, whose lexer reads a '...' literal as any
 * character but ' and \, or \ followed by any character, and whose
 * unescapeSQLString then maps \' \" \\ \n \r \t \b \0 \Z to characters and
 * drops the backslash before anything else. So a backslash must be doubled
 * (a regex's \d would otherwise reach the SerDe as d) and a quote must be \'
 * (doubling it, as standard SQL does, makes two adjacent literals that Hive
 * concatenates, silently losing the quote). Line breaks and tabs have escapes;
 * other control characters and NUL are refused rather than written invisibly.
 */
int lp_escape_sql_string(lp_buf *out, const char *s, size_t len, const char **why)
{
	size_t i, run = 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0)
			return refuse(why, "a NUL character cannot be written in an SQL string literal");
		if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f)
			return refuse(why, "control characters cannot be written in an SQL string literal");
	}
	if (!utf8_valid(s, len))
		return refuse(why, "the text is not valid UTF-8");
	for (i = 0; i < len; i++) {
		const char *esc;
		switch (s[i]) {
		case '\\': esc = "\\\\"; break;
		case '\'': esc = "\\'"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default: continue;
		}
		if (put(out, s + run, i - run) < 0 || put(out, esc, 2) < 0)
			return -1;
		run = i + 1;
	}
	return put(out, s + run, len - run);
}

/* Athena's limit on database, table and column names (aws-facts §3.2). */
#define SQL_IDENT_MAX 255

/*
 * Athena allows only letters, digits and underscores in database, table and
 * column names (aws-facts §3.2). Anything else would be either a different
 * name than the spec says or, for a back-quote, the end of the quoted
 * identifier and the start of injected DDL, so it is refused; the back-quote
 * is never doubled because the result would still not be a valid Athena name.
 */
int lp_escape_sql_ident(lp_buf *out, const char *s, size_t len, const char **why)
{
	size_t i;
	if (len == 0)
		return refuse(why, "an Athena identifier cannot be empty");
	if (len > SQL_IDENT_MAX)
		return refuse(why, "Athena identifiers are at most 255 characters");
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (c == '`')
			return refuse(why, "a back-quote cannot appear in an Athena identifier");
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
			return refuse(why, "Athena identifiers allow only letters, digits and underscores");
	}
	return put(out, s, len);
}

/*
 * A Fluent Bit classic-config value is the rest of its line, trimmed, with
 * ${NAME} replaced from the environment when the file is loaded. Hence:
 * - a line break (or NUL, which ends the line for the C parser) would end the
 *   value and let the rest become a new key or an [OUTPUT] section;
 * - leading or trailing blanks would be trimmed away, so the value Fluent Bit
 *   sees would differ from the spec;
 * - "${" would be expanded, so a value could pull environment variables
 *   (credentials included) into a log group name or a destination, and there
 *   is no escape for it;
 * None of these can be escaped, so they are refused. An '@' is an ordinary
 * character inside a value ("time_key @timestamp" is fine): Fluent Bit reads
 * @INCLUDE and @SET only at the start of a line, which the template renderer
 * checks where a tag starts one (mustache.c), since only it knows.
 */
int lp_escape_flb_value(lp_buf *out, const char *s, size_t len, const char **why)
{
	size_t i;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' || c == '\r')
			return refuse(why, "a line break would end the Fluent Bit value and start a new entry");
		if (c == 0)
			return refuse(why, "a NUL character would end the Fluent Bit value");
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return refuse(why, "control characters cannot be written in a Fluent Bit value");
		if (c == '$' && i + 1 < len && s[i + 1] == '{')
			return refuse(why, "Fluent Bit expands '${' from the environment and has no escape for it");
	}
	if (len && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t'))
		return refuse(why, "Fluent Bit trims leading and trailing blanks from values");
	if (!utf8_valid(s, len))
		return refuse(why, "the text is not valid UTF-8");
	return put(out, s, len);
}

/*
 * A Dockerfile instruction is one line whose arguments are split on blanks;
 * a backslash escapes the next character and continues the line at its end,
 * and '$' substitutes ARG and ENV variables in FROM and COPY. So a word with a
 * blank would become two arguments, a line break would start an instruction
 * of its own (RUN ...), and a backslash or '$' would be read as something
 * else. A leading '-' would make the word a flag (COPY --from=..., FROM
 * --platform=...), and an empty word would drop the argument. Image
 * references and the paths logpipe writes need none of these, so they are
 * refused rather than escaped (Docker's escapes differ between instructions).
 */
int lp_escape_docker_word(lp_buf *out, const char *s, size_t len, const char **why)
{
	size_t i;
	if (len == 0)
		return refuse(why, "a Dockerfile argument cannot be empty");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' || c == '\r')
			return refuse(why, "a line break would end the Dockerfile instruction and start a new one");
		if (c == ' ' || c == '\t')
			return refuse(why, "a blank would split the Dockerfile argument in two");
		if (c < 0x20 || c == 0x7f)
			return refuse(why, "control characters cannot be written in a Dockerfile argument");
		if (c == '\\')
			return refuse(why, "a backslash is the Dockerfile escape and line continuation character");
		if (c == '$')
			return refuse(why, "Docker substitutes '$' with a build variable");
	}
	if (s[0] == '-')
		return refuse(why, "a leading '-' would be read as a Dockerfile flag");
	if (!utf8_valid(s, len))
		return refuse(why, "the text is not valid UTF-8");
	return put(out, s, len);
}

int lp_escape(lp_buf *out, lp_escaper e, const char *s, size_t len, const char **why)
{
	switch (e) {
	case LP_ESCAPE_NONE: return lp_escape_none(out, s, len, why);
	case LP_ESCAPE_HTML: return lp_escape_html(out, s, len, why);
	case LP_ESCAPE_SQL_STRING: return lp_escape_sql_string(out, s, len, why);
	case LP_ESCAPE_SQL_IDENT: return lp_escape_sql_ident(out, s, len, why);
	case LP_ESCAPE_FLB_VALUE: return lp_escape_flb_value(out, s, len, why);
	case LP_ESCAPE_ATHENA_DDL: return lp_escape_sql_ident(out, s, len, why);
	case LP_ESCAPE_DOCKER_WORD: return lp_escape_docker_word(out, s, len, why);
	}
	return lp_escape_none(out, s, len, why);
}

const char *lp_escaper_name(lp_escaper e)
{
	switch (e) {
	case LP_ESCAPE_NONE: return "none";
	case LP_ESCAPE_HTML: return "html";
	case LP_ESCAPE_SQL_STRING: return "sql-string";
	case LP_ESCAPE_SQL_IDENT: return "sql-ident";
	case LP_ESCAPE_FLB_VALUE: return "flb-value";
	case LP_ESCAPE_ATHENA_DDL: return "athena-ddl";
	case LP_ESCAPE_DOCKER_WORD: return "docker-word";
	}
	return "none";
}

const char *lp_escaper_context(lp_escaper e)
{
	switch (e) {
	case LP_ESCAPE_NONE: return "text";
	case LP_ESCAPE_HTML: return "HTML";
	case LP_ESCAPE_SQL_STRING: return "an SQL string literal";
	case LP_ESCAPE_SQL_IDENT: return "an Athena identifier";
	case LP_ESCAPE_FLB_VALUE: return "a Fluent Bit value";
	case LP_ESCAPE_ATHENA_DDL: return "a bare word in Athena DDL";
	case LP_ESCAPE_DOCKER_WORD: return "a Dockerfile argument";
	}
	return "text";
}
