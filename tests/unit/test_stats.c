// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the stats line and JSON formatting. */
#include "dash_model.h"
#include "json_out.h"
#include "stats.h"
#include "stats_server.h"
#include "unit.h"

static struct scxkit_policy policy = {
	.desc = { .abi = SCXKIT_ABI, .name = "demo" },
	.counters = { { .name = "stale_skips",
			.help = "entries skipped",
			.slot = SCXKIT_FIRST_POLICY_COUNTER + 1 } },
	.nr_counters = 1,
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
	CHECK(json_out__dump(json_out__string("abcdef", 3), out,
			     sizeof(out)) == 5);
	CHECK_STR(out, "\"abc\"");
	/* Too long for the buffer: nothing, not half a document. */
	CHECK(json_out__dump(json_out__string("abcdef", 64), out, 4) == -1);
	CHECK_STR(out, "");
}

TEST(queues_and_cpus_in_json)
{
	static struct stats_snapshot cur = { .time_s = 1.0, .nr_queues = 3,
					     .nr_cpus = 2 };
	static char json[8192];

	cur.depth[0] = 4;
	cur.depth[2] = 1;
	cur.cpus[1] = (struct stats_cpu){ .pid = 42, .qos = 2, .run_ms = 1.5,
					  .comm = "wor\"ker" };
	stats__format_json(&policy, NULL, &cur, json, sizeof(json));
	CHECK(strstr(json, "\"queues\":[4,0,1]") != NULL);
	CHECK(strstr(json, "{\"cpu\":0,\"pid\":0,\"comm\":\"\"") != NULL);
	CHECK(strstr(json, "\"pid\":42,\"comm\":\"wor\\\"ker\",\"qos\":2,"
			   "\"run_ms\":1.5,") != NULL);
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
	CHECK(dash_sample__parse(&s, "{\"policy\":\"x\",\"counters\":"
				 "{\"dispatch\":18446744073709551615}}",
				 err, sizeof(err)) == 0);
	CHECK(s.nr_counters == 1 && s.counters[0].total > 1.8e19);
}

TEST(scx_stats_requests_parse)
{
	char req[32], target[64];

	CHECK(stats_server__parse_request("{\"req\":\"stats\",\"args\":{\"target\":\"top\"}}",
				   req, sizeof(req), target,
				   sizeof(target)) == 0);
	CHECK_STR(req, "stats");
	CHECK_STR(target, "top");
	CHECK(stats_server__parse_request(" { \"req\" : \"stats_meta\" }", req,
				   sizeof(req), target, sizeof(target)) == 0);
	CHECK_STR(req, "stats_meta");
	CHECK_STR(target, "top");
	CHECK(stats_server__parse_request("{\"req\":\"stats\",\"args\":{\"target\":\"x\"}}",
				   req, sizeof(req), target,
				   sizeof(target)) == 0);
	CHECK_STR(target, "x");
	CHECK(stats_server__parse_request("garbage", req, sizeof(req), target,
				   sizeof(target)) != 0);
	CHECK(stats_server__parse_request("{\"req\":42}", req, sizeof(req), target,
				   sizeof(target)) != 0);
	CHECK(stats_server__parse_request("{\"req\":\"unterminated", req,
				   sizeof(req), target, sizeof(target)) != 0);
}

TEST(scx_stats_meta_names_top)
{
	static char meta[8192];

	CHECK(stats__format_meta(&policy, meta, sizeof(meta)) > 0);
	CHECK(strstr(meta, "\"top\":\"true\"") != NULL);
	CHECK(strstr(meta, "\"cpus\":{\"array\":{\"struct\":\"scxkit_cpu\"}") !=
	      NULL);
	/* Each counter's help, framework and policy, from its declaration. */
	CHECK(strstr(meta, "\"enqueue\":{\"datum\":\"u64\",\"desc\":"
			   "\"ops.enqueue calls\"}") != NULL);
	CHECK(strstr(meta, "\"stale_skips\":{\"datum\":\"u64\",\"desc\":"
			   "\"entries skipped\"}") != NULL);
}

UNIT_MAIN
