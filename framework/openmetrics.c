// SPDX-License-Identifier: GPL-2.0
/* scx_stats replies as Prometheus text; see openmetrics.h. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "openmetrics.h"

#define OM_NAME_LEN	160
#define OM_MAX_DEPTH	4 /* dicts within dicts: labels per sample */
#define OM_MAX_FAMILIES 1024

/* One dict on the way from the top struct down to a metric's rows. */
struct om_step {
	const char *field; /* the dict's field name in its struct */
	char label[OM_NAME_LEN];
};

struct om_ctx {
	FILE *out;
	json_t *meta, *stats;
	struct om_step path[OM_MAX_DEPTH];
	const char *label_value[OM_MAX_DEPTH];
	char (*seen)[OM_NAME_LEN]; /* family names printed */
	int nr_seen, samples;
};

/* @s's user attribute @attr, "" if it has none. */
static const char *user_attr(json_t *s, const char *attr)
{
	const char *v = json_string_value(
		json_object_get(json_object_get(s, "user"), attr));

	return v ? v : "";
}

/*
 * @src appended to @dst as a metric or label name: what Prometheus' names
 * allow ([a-zA-Z_][a-zA-Z0-9_]*; colons are for recording rules), the
 * rest turned into '_'.
 */
static void append_name(char *dst, size_t len, const char *src)
{
	size_t n = strlen(dst);

	for (; *src && n + 1 < len; src++) {
		dst[n] = ident__char(*src, n == 0) ? *src : '_';
		n++;
	}
	dst[n] = '\0';
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/*
 * Prometheus wants base units spelled out (promtool rejects "_ms"): a
 * trailing abbreviated time unit becomes _seconds; returns the factor the
 * values take.
 */
static double base_unit(char *name, size_t len)
{
	static const struct {
		const char *suffix;
		double scale;
	} units[] = {
		{ "_s", 1 }, { "_ms", 1e-3 }, { "_us", 1e-6 }, { "_ns", 1e-9 }
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		size_t n = strlen(name), m = strlen(units[i].suffix);

		if (n > m && ends_with(name, units[i].suffix) &&
		    n - m + strlen("_seconds") < len) {
			strcpy(name + n - m, "_seconds");
			return units[i].scale;
		}
	}
	return 1;
}

/* @s on @out with '\\', '\n' and, in label values (@quote), '"' escaped. */
static void put_escaped(FILE *out, const char *s, bool quote)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", out);
		else if (*s == '\n')
			fputs("\\n", out);
		else if (quote && *s == '"')
			fputs("\\\"", out);
		else
			fputc(*s, out);
	}
}

/* Whole numbers in full (counters read as doubles stay exact to 2^53). */
static void put_value(FILE *out, json_t *v, double scale)
{
	double x = json_number_value(v) * scale;

	if (json_is_integer(v) && scale == 1)
		fprintf(out, "%" JSON_INTEGER_FORMAT "\n",
			json_integer_value(v));
	else if (x > -1e18 && x < 1e18 && x == (double)(long long)x)
		fprintf(out, "%lld\n", (long long)x);
	else
		fprintf(out, "%.15g\n", x);
}

/*
 * The samples of field @leaf in the rows under @obj, through the dicts
 * from path[@at] to path[@depth - 1]; printed if @name, counted always.
 */
static int samples(struct om_ctx *c, const char *name, const char *leaf,
		   double scale, json_t *obj, int at, int depth)
{
	const char *key;
	json_t *row;
	int i, n = 0;

	if (at == depth) {
		json_t *v = json_object_get(obj, leaf);

		if (!json_is_number(v))
			return 0;
		if (!name)
			return 1;
		fputs(name, c->out);
		for (i = 0; i < depth; i++) {
			fprintf(c->out, "%s%s=\"", i ? "," : "{",
				c->path[i].label);
			put_escaped(c->out, c->label_value[i], true);
			fputc('"', c->out);
		}
		fputs(depth ? "} " : " ", c->out);
		put_value(c->out, v, scale);
		return 1;
	}
	json_object_foreach(json_object_get(obj, c->path[at].field), key, row) {
		c->label_value[at] = key;
		n += samples(c, name, leaf, scale, row, at + 1, depth);
	}
	return n;
}

/* One metric family: field @leaf (meta @f) of a struct with @prefix. */
static void family(struct om_ctx *c, const char *prefix, const char *leaf,
		   json_t *f, int depth)
{
	bool counter = !strcmp(user_attr(f, "_om_type"), "counter");
	const char *desc = json_string_value(json_object_get(f, "desc"));
	char name[OM_NAME_LEN] = "";
	bool renamed;
	double scale;
	int i;

	append_name(name, sizeof(name), prefix);
	append_name(name, sizeof(name), leaf);
	i = (int)strlen(name);
	scale = base_unit(name, sizeof(name));
	renamed = (int)strlen(name) != i;
	if (counter && !ends_with(name, "_total") &&
	    strlen(name) + strlen("_total") < sizeof(name))
		strcat(name, "_total");
	/* One family per name: a second would make the text unparsable. */
	for (i = 0; i < c->nr_seen; i++)
		if (!strcmp(c->seen[i], name))
			return;
	if (c->nr_seen >= OM_MAX_FAMILIES ||
	    !samples(c, NULL, leaf, scale, c->stats, 0, depth))
		return;
	strcpy(c->seen[c->nr_seen++], name);
	fprintf(c->out, "# HELP %s ", name);
	put_escaped(c->out, desc && *desc ? desc : leaf, false);
	/* The help may name the unit the values no longer have. */
	if (renamed && scale != 1)
		fputs(" (in seconds)", c->out);
	fprintf(c->out, "\n# TYPE %s %s\n", name,
		counter ? "counter" : "gauge");
	c->samples += samples(c, name, leaf, scale, c->stats, 0, depth);
}

/* The metrics of struct @s, reached through path[0..@depth - 1]. */
static void walk(struct om_ctx *c, json_t *s, int depth)
{
	const char *prefix = user_attr(s, "_om_prefix"), *fname;
	json_t *f;
	int i;

	json_object_foreach(json_object_get(s, "fields"), fname, f) {
		const char *datum =
			json_string_value(json_object_get(f, "datum"));
		json_t *dict = json_object_get(f, "dict"), *sub;
		char label[OM_NAME_LEN] = "";
		bool dup = false;

		if (*user_attr(f, "_om_skip"))
			continue;
		if (datum && (!strcmp(datum, "u64") || !strcmp(datum, "i64") ||
			      !strcmp(datum, "float"))) {
			family(c, prefix, fname, f, depth);
			continue;
		}
		/* Rows: a dict of structs whose struct names their label. */
		sub = json_object_get(
			c->meta,
			json_string_value(json_object_get(
				json_object_get(dict, "datum"), "struct"))
				?: "");
		append_name(label, sizeof(label), user_attr(sub, "_om_label"));
		for (i = 0; i < depth; i++)
			dup |= !strcmp(c->path[i].label, label);
		if (!sub || !*label || dup || depth >= OM_MAX_DEPTH)
			continue;
		c->path[depth].field = fname;
		strcpy(c->path[depth].label, label);
		walk(c, sub, depth + 1);
	}
}

int openmetrics__write(FILE *out, json_t *meta, json_t *stats, char *err,
		       size_t errlen)
{
	struct om_ctx c = { .out = out, .meta = meta, .stats = stats };
	json_t *s, *top = NULL;
	const char *sname;

	json_object_foreach(meta, sname, s)
		if (json_object_get(s, "top"))
			top = s;
	if (!top || !json_is_object(stats)) {
		snprintf(err, errlen, "%s",
			 top ? "the stats are no JSON object"
			     : "stats_meta names no top-level struct");
		return -1;
	}
	c.seen = calloc(OM_MAX_FAMILIES, sizeof(*c.seen));
	if (!c.seen) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	walk(&c, top, 0);
	free(c.seen);
	return c.samples;
}
