// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the stats line, the JSON lines and scx_stats replies (the
 * schema rules sched-ext's tools rely on), and their OpenMetrics text.
 */
#include <stdlib.h>

#include "dash_model.h"
#include "json_out.h"
#include "openmetrics.h"
#include "stats.h"
#include "stats_server.h"
#include "unit.h"

static struct scxkit_policy policy = {
	.desc = { .abi = SCXKIT_ABI, .name = "demo" },
	.counters = { { .name = "stale_skips",
			.help = "entries skipped",
			.slot = SCXKIT_FIRST_POLICY_COUNTER + 1 },
		      /* Names a reply cannot carry: left out of it. */
		      { .name = "restarts",
			.help = "a fixed field's name",
			.slot = SCXKIT_FIRST_POLICY_COUNTER + 2 },
		      { .name = "enqueue",
			.help = "a framework counter's name",
			.slot = SCXKIT_FIRST_POLICY_COUNTER + 3 },
		      { .name = "bad name",
			.help = "no metric name",
			.slot = SCXKIT_FIRST_POLICY_COUNTER + 4 },
		      { .name = "react_us",
			.help = "sum of microseconds",
			.slot = SCXKIT_FIRST_POLICY_COUNTER + 5 } },
	.nr_counters = 5,
	.opts = { { .name = "slice_us", .help = "slice" } },
	.nr_opts = 1,
};

TEST(rates_are_per_second_between_snapshots)
{
	struct stats_snapshot prev = { .time_s = 1.0 }, cur = { .time_s = 3.0 };
	char line[512];

	prev.c[SCXKIT_C_ENQUEUE] = 100;
	cur.c[SCXKIT_C_ENQUEUE] = 500;
	cur.c[SCXKIT_C_TASK_INIT] = 7;
	stats__format_line(&policy, &prev, &cur, line, sizeof(line));
	CHECK(strstr(line, "demo") == line);
	CHECK(strstr(line, "enqueue 200/s") != NULL);
	CHECK(strstr(line, "tasks +7 -0") != NULL);
}

TEST(policy_counters_appear_by_name)
{
	struct stats_snapshot cur = { .time_s = 1.0 };
	char line[512], json[2048];

	cur.c[SCXKIT_FIRST_POLICY_COUNTER + 1] = 42;
	stats__format_line(&policy, NULL, &cur, line, sizeof(line));
	CHECK(strstr(line, "stale_skips 42") != NULL);
	stats__format_json(&policy, NULL, &cur, json, sizeof(json));
	CHECK(strstr(json, "\"stale_skips\":42") != NULL);
	CHECK(stats__counter_name(&policy, SCXKIT_FIRST_POLICY_COUNTER) ==
	      NULL);
}

TEST(json_is_one_balanced_object)
{
	struct stats_snapshot cur = { .time_s = 2.0 };
	char json[4096];
	int depth = 0, min_depth = 0;
	size_t i;

	cur.c[SCXKIT_C_DISPATCH] = 10;
	stats__format_json(&policy, NULL, &cur, json, sizeof(json));
	CHECK(json[0] == '{');
	for (i = 0; json[i]; i++) {
		depth += json[i] == '{';
		depth -= json[i] == '}';
		if (i + 1 < strlen(json) && depth < 1)
			min_depth = -1;
	}
	CHECK(depth == 0 && min_depth == 0);
	CHECK(strstr(json, "\"dispatch\":10") != NULL);
	CHECK(strstr(json, "\"rates\":{") != NULL);
}

TEST(counter_going_backwards_gives_zero_rate)
{
	struct stats_snapshot prev = { .time_s = 1.0 }, cur = { .time_s = 2.0 };
	char line[512];

	prev.c[SCXKIT_C_ENQUEUE] = 1000;
	cur.c[SCXKIT_C_ENQUEUE] = 10;
	stats__format_line(&policy, &prev, &cur, line, sizeof(line));
	CHECK(strstr(line, "enqueue 0/s") != NULL);
}

TEST(stats_text_keeps_lines_within_100_columns)
{
	static struct scxkit_policy many = {
		.desc = { .abi = SCXKIT_ABI, .name = "a_policy_named_long" },
	};
	struct stats_snapshot cur = { .time_s = 12345.6, .nr_queues = 2 };
	char text[4096], *line, *save = NULL, want[64];
	int k, lines = 0, found = 0;

	/* Like shinjuku's: a dozen counters with long names and values. */
	for (k = 0; k < 12; k++) {
		snprintf(many.counters[k].name, SCXKIT_NAME_LEN,
			 "pdelay_lt_counter_%d", k);
		many.counters[k].slot = SCXKIT_FIRST_POLICY_COUNTER + k;
		cur.c[SCXKIT_FIRST_POLICY_COUNTER + k] = 12345678901234ULL + k;
	}
	many.nr_counters = 12;
	for (k = 0; k < SCXKIT_FIRST_POLICY_COUNTER; k++)
		cur.c[k] = 987654321ULL;
	stats__format_line(&many, NULL, &cur, text, sizeof(text));
	CHECK(strstr(text, "a_policy_named_long") == text);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		CHECK(strlen(line) <= STATS_LINE_COLS);
		CHECK(lines == 0 || !strncmp(line, "  ", 2));
		for (k = 0; k < 12; k++) {
			snprintf(want, sizeof(want),
				 "pdelay_lt_counter_%d %llu", k,
				 12345678901234ULL + k);
			found += strstr(line, want) != NULL;
		}
		lines++;
	}
	CHECK(lines > 1);
	CHECK(found == 12);
}

TEST(truncation_is_safe)
{
	struct stats_snapshot cur = { .time_s = 1.0 };
	char tiny[16];

	CHECK(stats__format_line(&policy, NULL, &cur, tiny, sizeof(tiny)) <
	      (int)sizeof(tiny));
	CHECK(strlen(tiny) < sizeof(tiny));
	CHECK(stats__format_json(&policy, NULL, &cur, tiny, sizeof(tiny)) <
	      (int)sizeof(tiny));
}

TEST(json_strings_are_escaped_and_always_valid_utf8)
{
	char out[64];

	/* The kernel's messages and task names are bytes, not UTF-8. */
	CHECK(json_out__dump(json_out__string("a\"b\\c\n\xff\xc3\xa9\xc3", 64),
			     out, sizeof(out)) > 0);
	CHECK_STR(out, "\"a\\\"b\\\\c\\n?\xc3\xa9?\"");
	/* At most @max bytes: an array that fills up without a NUL. */
	CHECK(json_out__dump(json_out__string("abcdef", 3), out, sizeof(out)) ==
	      5);
	CHECK_STR(out, "\"abc\"");
	/* Too long for the buffer: nothing, not half a document. */
	CHECK(json_out__dump(json_out__string("abcdef", 64), out, 4) == -1);
	CHECK_STR(out, "");
}

TEST(queues_and_cpus_in_json)
{
	static struct stats_snapshot cur = { .time_s = 1.0,
					     .nr_queues = 3,
					     .nr_cpus = 2 };
	static char json[8192];

	cur.depth[0] = 4;
	cur.depth[2] = 1;
	cur.cpus[1] = (struct stats_cpu){ .pid = 42,
					  .qos = 2,
					  .qos_by = "rule 3",
					  .run_ms = 1.5,
					  .comm = "wor\"ker" };
	stats__format_json(&policy, NULL, &cur, json, sizeof(json));
	CHECK(strstr(json, "\"queues\":{\"0\":{\"depth\":4},\"1\":{\"depth\""
			   ":0},\"2\":{\"depth\":1}}") != NULL);
	CHECK(strstr(json, "\"cpus\":{\"0\":{\"pid\":0,\"comm\":\"\"") != NULL);
	CHECK(strstr(json, "\"1\":{\"pid\":42,\"comm\":\"wor\\\"ker\","
			   "\"qos\":2,\"qos_by\":\"rule 3\",\"run_ms\":1.5,") !=
	      NULL);
}

/* u64 counters beyond jansson's integers stay positive, and top reads them. */
TEST(counters_beyond_2_63_stay_positive)
{
	static struct stats_snapshot cur = { .time_s = 1.0 };
	static struct dash_sample s;
	static char json[8192];
	char err[128];

	cur.c[SCXKIT_C_DISPATCH] = ~0ULL;
	stats__format_json(&policy, NULL, &cur, json, sizeof(json));
	CHECK(strstr(json, "\"dispatch\":-") == NULL);
	CHECK(strstr(json, "\"dispatch\":1.84467440737096e19") != NULL);
	CHECK(dash_sample__parse(&s,
				 "{\"policy\":\"x\","
				 "\"dispatch\":18446744073709551615}",
				 err, sizeof(err)) == 0);
	CHECK(s.nr_counters == 1 && s.counters[0].total > 1.8e19);
}

TEST(scx_stats_requests_parse)
{
	char req[32], target[64];

	CHECK(stats_server__parse_request(
		      "{\"req\":\"stats\",\"args\":{\"target\":\"top\"}}", req,
		      sizeof(req), target, sizeof(target)) == 0);
	CHECK_STR(req, "stats");
	CHECK_STR(target, "top");
	CHECK(stats_server__parse_request(" { \"req\" : \"stats_meta\" }", req,
					  sizeof(req), target,
					  sizeof(target)) == 0);
	CHECK_STR(req, "stats_meta");
	CHECK_STR(target, "top");
	CHECK(stats_server__parse_request(
		      "{\"req\":\"stats\",\"args\":{\"target\":\"x\"}}", req,
		      sizeof(req), target, sizeof(target)) == 0);
	CHECK_STR(target, "x");
	CHECK(stats_server__parse_request("garbage", req, sizeof(req), target,
					  sizeof(target)) != 0);
	CHECK(stats_server__parse_request("{\"req\":42}", req, sizeof(req),
					  target, sizeof(target)) != 0);
	CHECK(stats_server__parse_request("{\"req\":\"unterminated", req,
					  sizeof(req), target,
					  sizeof(target)) != 0);
}

static char why[256];

/* Records why a schema rule is broken; returns false for the caller. */
static bool broken(const char *what, const char *name)
{
	snprintf(why, sizeof(why), "%.100s: %.150s", name, what);
	return false;
}

static bool has_user(json_t *f, const char *attr)
{
	return json_is_string(
		json_object_get(json_object_get(f, "user"), attr));
}

static bool is_one_of(const char *s, const char *const *set)
{
	for (; s && *set; set++)
		if (!strcmp(s, *set))
			return true;
	return false;
}

static const char *const numbers[] = { "i64", "u64", "float", NULL };
static const char *const datums[] = { "i64", "u64", "float", "string", NULL };
static const char *const keys[] = { "i64", "u64", "string", NULL };

/* The struct a dict field's rows are, NULL if @f is no dict of structs. */
static json_t *row_struct(json_t *meta, json_t *f)
{
	const char *name = json_string_value(json_object_get(
		json_object_get(json_object_get(f, "dict"), "datum"),
		"struct"));

	return name ? json_object_get(meta, name) : NULL;
}

/*
 * One struct of stats_meta after scx_stats' rules, as its bridge to
 * OpenMetrics reads them: numbers and strings as datum fields, rows only
 * as dicts of structs carrying an _om_label (a struct is never a field by
 * itself, and a dict never holds bare numbers), strings and arrays marked
 * _om_skip; metric names (_om_prefix + field) unique in @names.
 */
static bool meta_struct_ok(json_t *meta, const char *sname, json_t *s,
			   json_t *names)
{
	const char *fname, *prefix;
	json_t *f, *user, *v;
	char metric[256];

	if (!json_is_object(s) ||
	    strcmp(json_string_value(json_object_get(s, "name")) ?: "", sname))
		return broken("no struct named after its key", sname);
	if (json_object_get(s, "top") &&
	    strcmp(json_string_value(json_object_get(s, "top")) ?: "", "true"))
		return broken("top is not \"true\"", sname);
	user = json_object_get(s, "user");
	json_object_foreach(user, fname, v)
		if (fname[0] != '_' || !json_is_string(v))
			return broken("user attributes are \"_name\": string",
				      sname);
	prefix = json_string_value(json_object_get(user, "_om_prefix"));
	if (!prefix)
		return broken("no _om_prefix", sname);
	if (!json_is_object(json_object_get(s, "fields")))
		return broken("no fields", sname);
	json_object_foreach(json_object_get(s, "fields"), fname, f) {
		const char *datum =
			json_string_value(json_object_get(f, "datum"));
		json_t *dict = json_object_get(f, "dict"), *row;
		int kinds = !!json_object_get(f, "datum") + !!dict +
			    !!json_object_get(f, "array");

		if (kinds != 1)
			return broken("not one of datum, array, dict", fname);
		if (!json_is_string(json_object_get(f, "desc")))
			return broken("no desc", fname);
		if (json_object_get(f, "array") && !has_user(f, "_om_skip"))
			return broken("an array without _om_skip", fname);
		if (json_object_get(f, "datum") && !is_one_of(datum, datums))
			return broken("a struct outside a dict", fname);
		if (datum && !strcmp(datum, "string") &&
		    !has_user(f, "_om_skip"))
			return broken("a string without _om_skip", fname);
		if (dict) {
			row = row_struct(meta, f);
			if (!is_one_of(json_string_value(
					       json_object_get(dict, "key")),
				       keys))
				return broken("a dict key that is no i64, u64 "
					      "or string",
					      fname);
			if (!row)
				return broken("a dict of anything but a known "
					      "struct",
					      fname);
			if (!has_user(row, "_om_label"))
				return broken("rows without _om_label", fname);
		}
		if (is_one_of(datum, numbers) && !has_user(f, "_om_skip")) {
			snprintf(metric, sizeof(metric), "%s%s", prefix, fname);
			if (json_object_get(names, metric))
				return broken("a metric name taken twice",
					      metric);
			json_object_set_new(names, metric, json_true());
		}
	}
	return true;
}

/* @v as a reply's value of field @f (of @meta) called @name. */
static bool value_ok(json_t *meta, const char *name, json_t *f, json_t *v);

/* @obj as a reply's struct @s: every member declared, of its type. */
static bool struct_value_ok(json_t *meta, json_t *s, json_t *obj,
			    const char *name)
{
	const char *key;
	json_t *v;

	if (!json_is_object(obj))
		return broken("no object", name);
	json_object_foreach(obj, key, v) {
		json_t *f = json_object_get(json_object_get(s, "fields"), key);

		if (!f)
			return broken("a member stats_meta does not declare",
				      key);
		if (!value_ok(meta, key, f, v))
			return false;
	}
	return true;
}

static bool value_ok(json_t *meta, const char *name, json_t *f, json_t *v)
{
	const char *datum = json_string_value(json_object_get(f, "datum"));
	const char *key_kind = json_string_value(
		json_object_get(json_object_get(f, "dict"), "key"));
	const char *key;
	json_t *row;

	if (datum && !strcmp(datum, "string"))
		return json_is_string(v) || broken("no string", name);
	if (datum && !strcmp(datum, "u64"))
		return (json_is_number(v) && json_number_value(v) >= 0) ||
		       broken("no u64", name);
	if (datum)
		return json_is_number(v) || broken("no number", name);
	if (!json_is_object(v))
		return broken("a dict that is no object", name);
	json_object_foreach(v, key, row) {
		if (strcmp(key_kind, "string") &&
		    (!*key || strspn(key, "0123456789") != strlen(key)))
			return broken("a row key that is no integer", key);
		if (!struct_value_ok(meta, row_struct(meta, f), row, key))
			return false;
	}
	return true;
}

/* NULL, or why @meta or @reply break scx_stats' schema rules. */
static const char *schema_problem(json_t *meta, json_t *reply)
{
	json_t *names = json_object(), *s, *top = NULL;
	const char *sname;
	bool ok = json_is_object(meta) || broken("no object", "stats_meta");
	int tops = 0;

	json_object_foreach(meta, sname, s) {
		ok = ok && meta_struct_ok(meta, sname, s, names);
		if (json_object_get(s, "top")) {
			top = s;
			tops++;
		}
	}
	json_decref(names);
	if (ok && tops != 1)
		ok = broken("not exactly one top struct", "stats_meta");
	if (ok)
		ok = struct_value_ok(meta, top, reply, "reply");
	return ok ? NULL : why;
}

/* Struct @sname's _om_label in @meta, "" if none. */
static const char *user_label(json_t *meta, const char *sname)
{
	return json_string_value(json_object_get(
		       json_object_get(json_object_get(meta, sname), "user"),
		       "_om_label"))
		       ?: "";
}

/* A reply of `scxkit run` for @cur, as its launcher fills it in. */
static json_t *full_reply(const struct stats_snapshot *cur)
{
	static const __u64 opt_value[] = { 50 };
	struct stats_launcher l = { .pid = 9,
				    .kernel_state = "enabled",
				    .opt_value = opt_value,
				    .restarts = 1,
				    .qos_requests = 5,
				    .qos_regions = 1 };

	return stats__json_body(&policy, cur, &l);
}

static struct stats_snapshot sample = { .time_s = 2.5,
					.nr_queues = 2,
					.nr_cpus = 2 };

static void fill_sample(void)
{
	sample.c[SCXKIT_C_ENQUEUE] = 12;
	sample.c[SCXKIT_C_WC_WAIT_NS] = 1500000000;
	sample.c[SCXKIT_FIRST_POLICY_COUNTER + 1] = 7;
	sample.c[SCXKIT_FIRST_POLICY_COUNTER + 5] = 2000000;
	sample.depth[0] = 3;
	sample.cpus[1] = (struct stats_cpu){ .pid = 42,
					     .qos = 2,
					     .run_ms = 1.5,
					     .runs = 4,
					     .comm = "wor\"ker" };
}

TEST(scx_stats_meta_and_reply_follow_the_schema_rules)
{
	json_t *meta = stats__json_meta(&policy), *reply, *bad;

	fill_sample();
	reply = full_reply(&sample);
	CHECK_STR(schema_problem(meta, reply) ?: "ok", "ok");
	/* Counters are named fields, with their help; rows are labelled. */
	CHECK_STR(json_string_value(json_object_get(
			  json_object_get(
				  json_object_get(
					  json_object_get(meta, "scxkit_stats"),
					  "fields"),
				  "enqueue"),
			  "desc"))
			  ?: "",
		  "ops.enqueue calls");
	CHECK(json_integer_value(json_object_get(reply, "stale_skips")) == 7);
	CHECK(json_integer_value(json_object_get(
		      json_object_get(json_object_get(reply, "queues"), "0"),
		      "depth")) == 3);
	CHECK_STR(user_label(meta, "scxkit_cpu"), "cpu");
	CHECK_STR(user_label(meta, "scxkit_queue"), "queue");
	/* The policy's counters that would clash or are no names: left out. */
	CHECK(json_integer_value(json_object_get(reply, "restarts")) == 1);
	CHECK(json_integer_value(json_object_get(reply, "enqueue")) == 12);
	CHECK(!json_object_get(reply, "bad name"));
	/* The JSON line's body follows the same rules, rates aside. */
	json_decref(reply);
	reply = stats__json_body(&policy, &sample, NULL);
	CHECK_STR(schema_problem(meta, reply) ?: "ok", "ok");

	/* The checker itself: what sched-ext's bridge cannot read. */
	bad = json_deep_copy(reply);
	json_object_set_new(bad, "counters", json_pack("{s:i}", "enqueue", 1));
	CHECK(schema_problem(meta, bad) != NULL);
	json_decref(bad);
	bad = json_deep_copy(meta);
	json_object_set_new(
		json_object_get(json_object_get(bad, "scxkit_stats"), "fields"),
		"run",
		json_pack("{s:{s:s},s:s}", "datum", "struct", "scxkit_cpu",
			  "desc", ""));
	CHECK(schema_problem(bad, reply) != NULL);
	json_decref(bad);
	bad = json_deep_copy(meta);
	json_object_del(json_object_get(json_object_get(bad, "scxkit_cpu"),
					"user"),
			"_om_label");
	CHECK(strstr(schema_problem(bad, reply) ?: "", "_om_label") != NULL);
	json_decref(bad);
	json_decref(reply);
	json_decref(meta);
}

TEST(scx_stats_meta_names_top)
{
	static char meta[16384];

	CHECK(stats__format_meta(&policy, meta, sizeof(meta)) > 0);
	CHECK(strstr(meta, "\"scxkit_stats\":{\"name\":\"scxkit_stats\","
			   "\"top\":\"true\"") != NULL);
	CHECK(strstr(meta, "\"cpus\":{\"dict\":{\"key\":\"u64\",\"datum\":"
			   "{\"struct\":\"scxkit_cpu\"}}") != NULL);
	/* Each counter's help, framework and policy, from its declaration. */
	CHECK(strstr(meta, "\"enqueue\":{\"datum\":\"u64\",\"desc\":"
			   "\"ops.enqueue calls\",\"user\":{\"_om_type\":"
			   "\"counter\"}}") != NULL);
	CHECK(strstr(meta, "\"stale_skips\":{\"datum\":\"u64\",\"desc\":"
			   "\"entries skipped\"") != NULL);
}

/* @meta and @stats through openmetrics__write, as one string to free. */
static char *openmetrics(json_t *meta, json_t *stats, int *n)
{
	char *text = NULL, err[128];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	*n = openmetrics__write(f, meta, stats, err, sizeof(err));
	fclose(f);
	return text;
}

TEST(openmetrics_counters_gauges_and_labels)
{
	json_t *meta = stats__json_meta(&policy), *reply;
	char *text;
	int n;

	fill_sample();
	reply = full_reply(&sample);
	text = openmetrics(meta, reply, &n);
	CHECK(n > 0);
	CHECK(strstr(text, "# HELP scxkit_enqueue_total ops.enqueue calls\n"
			   "# TYPE scxkit_enqueue_total counter\n"
			   "scxkit_enqueue_total 12\n") != NULL);
	CHECK(strstr(text, "scxkit_stale_skips_total 7\n") != NULL);
	/* Base units: seconds, converted. */
	CHECK(strstr(text, "# TYPE scxkit_time_seconds gauge\n"
			   "scxkit_time_seconds 2.5\n") != NULL);
	CHECK(strstr(text, "scxkit_wc_wait_seconds_total 1.5\n") != NULL);
	CHECK(strstr(text, "scxkit_react_seconds_total 2\n") != NULL);
	CHECK(strstr(text, "# TYPE scxkit_queue_depth gauge\n"
			   "scxkit_queue_depth{queue=\"0\"} 3\n"
			   "scxkit_queue_depth{queue=\"1\"} 0\n") != NULL);
	CHECK(strstr(text, "scxkit_cpu_pid{cpu=\"1\"} 42\n") != NULL);
	CHECK(strstr(text, "scxkit_cpu_run_seconds{cpu=\"1\"} 0.0015\n") !=
	      NULL);
	CHECK(strstr(text, "# TYPE scxkit_cpu_runs_total counter\n") != NULL);
	CHECK(strstr(text, "scxkit_option_value{option=\"slice_us\"} 50\n") !=
	      NULL);
	CHECK(strstr(text, "scxkit_qos_regions 1\n") != NULL);
	/* Strings and pids of the launcher are no metrics. */
	CHECK(strstr(text, "_comm") == NULL &&
	      strstr(text, "_policy") == NULL &&
	      strstr(text, "launcher_pid") == NULL);
	if (getenv("SHOW_OPENMETRICS"))
		fputs(text, stderr);
	free(text);

	/* Another server's: no prefix, a label value to escape. */
	json_decref(reply);
	json_decref(meta);
	meta = json_pack("{s:{s:s,s:s,s:{s:{s:s,s:s},s:{s:{s:s,s:{s:s}},"
			 "s:s}}},s:{s:s,s:{s:s},s:{s:{s:s}}}}",
			 "c", "name", "c", "top", "true", "fields", "at",
			 "datum", "u64", "desc", "a\\b\nc", "doms", "dict",
			 "key", "string", "datum", "struct", "d", "desc", "",
			 "d", "name", "d", "user", "_om_label", "dom", "fields",
			 "load", "datum", "float");
	reply = json_pack("{s:i,s:{s:{s:f}}}", "at", 5, "doms", "x\"y", "load",
			  0.25);
	text = openmetrics(meta, reply, &n);
	CHECK(n == 2);
	CHECK_STR(text, "# HELP at a\\\\b\\nc\n# TYPE at gauge\nat 5\n"
			"# HELP load load\n# TYPE load gauge\n"
			"load{dom=\"x\\\"y\"} 0.25\n");
	free(text);
	json_decref(reply);
	json_decref(meta);
	meta = json_object();
	text = openmetrics(meta, meta, &n);
	CHECK(n == -1);
	free(text);
	json_decref(meta);
}

UNIT_MAIN
