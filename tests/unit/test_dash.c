// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the dashboard without a terminal: the model (parsing of
 * well-formed and hostile replies, rates, history, how an end is shown), the layout at
 * many terminal sizes, the rendering on a canvas, and the keys.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dash_collect.h"
#include "dash_layout.h"
#include "dash_render.h"
#include "exit_record.h"
#include "json_out.h"
#include "stats.h"
#include "stats_server.h"
#include "unit.h"

/* A stats reply as `scxkit run` serves it, with @t seconds and @k kicks. */
static void reply(char *buf, size_t len, int pid, double t, int kicks,
		  int depth0)
{
	snprintf(
		buf, len,
		"{\"errno\":0,\"args\":{\"resp\":{\"policy\":\"shinjuku\","
		"\"time_s\":%.3f,\"enqueue\":%d,"
		"\"dispatch\":%d,\"preempt_kick\":%d,\"wakeup_preempts\":3,"
		"\"launcher_pid\":%d,\"mode\":\"all\","
		"\"kernel_state\":\"enabled\",\"restarts\":0,"
		"\"qos_requests\":4,"
		"\"queues\":{\"0\":{\"depth\":%d},\"1\":{\"depth\":0},"
		"\"2\":{\"depth\":2},\"3\":{\"depth\":0}},\"cpus\":{"
		"\"0\":{\"pid\":0,\"comm\":\"\",\"qos\":0,\"run_ms\":0,"
		"\"runs\":10,\"kicks\":0},"
		"\"1\":{\"pid\":77,\"comm\":\"rocks\\\"db\",\"qos\":3,"
		"\"qos_by\":\"rule 12\",\"run_ms\":12.5,\"runs\":%d,\"kicks\":%d}},"
		"\"options\":{\"slice_us\":{\"value\":50}}}}"
		"}",
		t, 100 * (int)t, 90 * (int)t, kicks, pid, depth0, 20 * (int)t,
		kicks);
}

static struct dash_model *model_with_samples(int n)
{
	struct dash_model *m = malloc(sizeof(*m));
	static struct dash_sample s;
	char buf[4096], err[128];
	int i;

	dash_model__init(m);
	for (i = 0; i < n; i++) {
		reply(buf, sizeof(buf), 42, 1.0 + i, 10 * i, 5 + i);
		if (dash_sample__parse(&s, buf, err, sizeof(err)) == 0)
			dash_model__add(m, &s);
	}
	return m;
}

TEST(sample_parse_refuses_malformed_replies)
{
	static const char *const bad[] = {
		"",
		"{",
		"{\"a\":}",
		"[1,]",
		"01",
		"1.",
		"-",
		"\"abc",
		"\"\\x\"",
		"tru",
		"{} x",
		"{\"a\" 1}",
		"[\"\x01\"]",
		"\"\\u12G4\"",
		"{1:2}",
		/* well-formed, but no object with a policy */
		"[]",
		"{\"policy\":7}",
		"{\"errno\":0,\"args\":{\"resp\":[]}}",
		/* a key twice: which one would win is not to be guessed */
		"{\"policy\":\"a\",\"policy\":\"b\"}",
	};
	static struct dash_sample s;
	static char deep[100000];
	char err[128];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(dash_sample__parse(&s, bad[i], err, sizeof(err)) == -1);
	CHECK(dash_sample__parse(&s, NULL, err, sizeof(err)) == -1);
	/* Nesting far beyond the parser's limit is refused, not recursed. */
	memset(deep, '[', sizeof(deep) - 1);
	CHECK(dash_sample__parse(&s, deep, err, sizeof(err)) == -1);
}

TEST(sample_parse_makes_peer_strings_safe_for_a_terminal)
{
	static struct dash_sample s;
	char err[128];

	CHECK(dash_sample__parse(&s,
				 "{\"policy\":\"a\\u001b[2Jb\\u007fc\\td\","
				 "\"cpus\":{\"0\":{\"comm\":\"\\u00e9\\n\"}}}",
				 err, sizeof(err)) == 0);
	CHECK_STR(s.policy, "a?[2Jb?c\td");
	CHECK_STR(s.cpus[0].comm, "\xc3\xa9\n");
}

TEST(sample_parse_reads_a_full_reply)
{
	static struct dash_sample s;
	char buf[4096], err[128];

	reply(buf, sizeof(buf), 42, 3.0, 7, 9);
	CHECK(dash_sample__parse(&s, buf, err, sizeof(err)) == 0);
	CHECK_STR(s.policy, "shinjuku");
	CHECK(s.launcher_pid == 42 && s.nr_queues == 4 && s.depth[0] == 9);
	CHECK(s.nr_cpus == 2 && s.cpus[1].pid == 77 && s.cpus[1].qos == 3);
	CHECK_STR(s.cpus[1].comm, "rocks\"db");
	CHECK(s.nr_opts == 1 && s.opts[0].value == 50);
	CHECK_STR(s.mode, "all");
	/* The counters: every top-level number but the fixed fields. */
	CHECK(s.nr_counters == 4);
	CHECK_STR(s.counters[3].name, "wakeup_preempts");

	/* A server error and a reply without a policy are errors. */
	CHECK(dash_sample__parse(&s,
				 "{\"errno\":22,\"args\":{\"resp\":\"no\"}}",
				 err, sizeof(err)) == -1);
	CHECK(strstr(err, "no") != NULL);
	CHECK(dash_sample__parse(&s, "{\"time_s\":1}", err, sizeof(err)) == -1);
	CHECK(dash_sample__parse(&s, "garbage", err, sizeof(err)) == -1);
}

TEST(model_rates_come_from_consecutive_samples)
{
	struct dash_model *m = model_with_samples(3);
	const struct dash_counter *c = dash_model__counter(m, "enqueue");

	CHECK(m->state == DASH_RUNNING && m->hist_len == 3);
	CHECK(c && c->total == 300 && c->rate == 100);
	/* kicks 10 per second on CPU 1, runs 20 per second. */
	CHECK(m->cur.cpus[1].preempt_rate == 10);
	CHECK(m->cur.cpus[1].start_rate == 20);
	CHECK(m->hist[0][0] == 5 && m->hist[0][2] == 7);
	CHECK(dash_model__total_queued(m) == 7 + 2);
	free(m);
}

TEST(model_history_is_bounded_and_restarts_for_a_new_launcher)
{
	struct dash_model *m = model_with_samples(DASH_HISTORY + 10);
	static struct dash_sample s;
	char buf[4096], err[128];

	CHECK(m->hist_len == DASH_HISTORY);
	CHECK(m->hist[0][DASH_HISTORY - 1] == 5 + DASH_HISTORY + 9);
	reply(buf, sizeof(buf), 43, 1.0, 0, 1);
	CHECK(dash_sample__parse(&s, buf, err, sizeof(err)) == 0);
	dash_model__add(m, &s);
	CHECK(m->hist_len == 1 && m->cur.launcher_pid == 43);
	CHECK(dash_model__counter(m, "enqueue")->rate == 0);
	free(m);
}

TEST(exit_record_round_trips_into_the_model)
{
	struct scxkit_exit_info ei = { .kind = 1025, .exit_code = -1 };
	struct dash_model *m = model_with_samples(2);
	char json[4096];
	struct dash_exit e;

	snprintf(ei.reason, sizeof(ei.reason), "scx_bpf_error (\"x\")");
	snprintf(ei.msg, sizeof(ei.msg), "line one\nline two");
	exit_record__format(json, sizeof(json), "exit", "shinjuku", 42, 12.5,
			    false, 0, &ei, "SCX_EXIT_ERROR_BPF");
	CHECK(dash_exit__parse(&e, json) == 0);
	CHECK(e.kind == 1025 && e.launcher_pid == 42 && !e.requested);
	CHECK_STR(e.reason, "scx_bpf_error (\"x\")");
	CHECK_STR(e.msg, "line one\nline two");

	/* A record from another launcher does not explain this one. */
	e.launcher_pid = 41;
	dash_model__lost(m, &e, "connection refused");
	CHECK(m->state == DASH_GONE);
	CHECK_STR(m->note, "connection refused");
	e.launcher_pid = 42;
	dash_model__lost(m, &e, "connection refused");
	CHECK(m->state == DASH_EJECTED);
	/* Once ended, it stays so. */
	dash_model__lost(m, NULL, "again");
	CHECK(m->state == DASH_EJECTED);
	free(m);
}

/* Every byte of the kernel's strings escaped still fits the record. */
TEST(exit_record_of_control_characters_fits)
{
	static struct scxkit_exit_info ei = { .kind = 1025 };
	static char json[SCXKIT_EXIT_RECORD_MAX];
	struct dash_exit e;

	memset(ei.reason, 0x01, sizeof(ei.reason));
	memset(ei.msg, 0x1b,
	       sizeof(ei.msg)); /* no NUL: the kernel may fill it */
	CHECK(exit_record__format(json, sizeof(json), "restart", "shinjuku", 42,
				  1, false, 1000000, &ei,
				  "SCX_EXIT_ERROR_BPF") > 0);
	CHECK(dash_exit__parse(&e, json) == 0);
	CHECK(e.kind == 1025 && strlen(e.msg) > 0 && !strchr(e.msg, 0x1b));
}

/* Layout invariants that must hold at every size. */
static void check_layout(int rows, int cols, int queues, int cpus,
			 int exit_lines)
{
	struct dash_layout_in in = { rows, cols, queues, cpus, 14, exit_lines };
	const struct dash_band *b[7];
	struct dash_layout l;
	int i, j, width = 0;

	dash_layout__compute(&in, &l);
	if (rows < DASH_MIN_ROWS || cols < DASH_MIN_COLS) {
		CHECK(l.too_small);
		return;
	}
	CHECK(!l.too_small);
	b[0] = &l.title, b[1] = &l.options, b[2] = &l.exit;
	b[3] = &l.queues, b[4] = &l.rates, b[5] = &l.cpus, b[6] = &l.footer;
	for (i = 0; i < 7; i++) {
		CHECK(b[i]->height >= 0 && b[i]->top >= 0);
		CHECK(b[i]->top + b[i]->height <= rows);
		for (j = 0; j < i; j++)
			if (b[i]->height && b[j]->height)
				CHECK(b[i]->top >= b[j]->top + b[j]->height ||
				      b[j]->top >= b[i]->top + b[i]->height);
	}
	CHECK(l.title.top == 0 && l.title.height == 1);
	CHECK(l.footer.top == rows - 1);
	CHECK(l.exit.height == (exit_lines < rows - 2 ? exit_lines : rows - 2));
	for (i = 0; i < DASH_NR_COLUMNS; i++)
		width += l.column[i] ? l.column_width[i] : 0;
	CHECK(width <= cols);
	CHECK(l.column[DASH_COL_CPU] && l.column[DASH_COL_COMM]);
	CHECK(l.cpu_rows <= cpus);
	CHECK(l.queue_rows <= queues);
	CHECK(14 + l.bar_width + 1 + l.spark_width <= cols);
}

TEST(layout_fits_every_terminal_size)
{
	static const int sizes[][2] = { { 24, 80 }, { 40, 120 },   { 60, 200 },
					{ 20, 60 }, { 12, 40 },	   { 5, 30 },
					{ 4, 30 },  { 5, 29 },	   { 1, 1 },
					{ 0, 0 },   { 300, 1000 }, { 24, 79 } };
	static const int shapes[][3] = { { 1, 2, 0 },	 { 4, 2, 0 },
					 { 4, 2, 5 },	 { 16, 512, 0 },
					 { 16, 512, 6 }, { 0, 0, 1 } };
	size_t i, k;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++)
			check_layout(sizes[i][0], sizes[i][1], shapes[k][0],
				     shapes[k][1], shapes[k][2]);
}

TEST(layout_at_80x24_shows_everything_for_a_small_machine)
{
	struct dash_layout_in in = { 24, 80, 4, 2, 14, 0 };
	struct dash_layout l;
	int i;

	dash_layout__compute(&in, &l);
	for (i = 0; i < DASH_NR_COLUMNS; i++)
		CHECK(l.column[i]);
	CHECK(l.queue_rows == 4 && !l.queue_summary);
	CHECK(l.cpu_rows == 2 && l.options.height == 1);
	/* Options that want 3 lines get them from the rows to spare. */
	in.options_lines = 3;
	dash_layout__compute(&in, &l);
	CHECK(l.options.height == 3 && l.cpu_rows == 2);
	in.options_lines = 0;
	CHECK(l.rates.height == 1 + (14 + 2) / 3);

	/* 40 columns: the start rate and PID go, the command shrinks. */
	in.cols = 40;
	dash_layout__compute(&in, &l);
	CHECK(!l.column[DASH_COL_STARTS] && !l.column[DASH_COL_PID]);
	CHECK(l.column[DASH_COL_PREEMPT]);

	/* 16 queues and 512 CPUs at 80x24: a summary row and a scroller. */
	in = (struct dash_layout_in){ 24, 80, 16, 512, 14, 0 };
	dash_layout__compute(&in, &l);
	CHECK(l.cpu_rows >= 1 && l.cpu_rows < 512);
	CHECK(l.queues.height >= 2);
}

/* Renders @m at @rows x @cols; returns the canvas text, one \n per row. */
static char *render_text(struct dash_model *m, struct dash_view *v, int rows,
			 int cols)
{
	struct dash_canvas c;
	char *text, *line;
	int r;

	if (dash_canvas__init(&c, rows, cols))
		return NULL;
	dash_render(m, v, &c);
	text = calloc((size_t)rows * ((size_t)cols + 1) + 1, 1);
	line = malloc((size_t)cols + 1);
	for (r = 0; r < rows; r++) {
		dash_canvas__line(&c, r, line, (size_t)cols + 1);
		strcat(text, line);
		strcat(text, "\n");
	}
	free(line);
	dash_canvas__free(&c);
	return text;
}

TEST(render_shows_policy_queues_and_cpus)
{
	struct dash_model *m = model_with_samples(4);
	struct dash_view v;
	char *t;

	dash_view__init(&v, 1000, "test");
	t = render_text(m, &v, 24, 80);
	CHECK(strstr(t, " scxkit: shinjuku | enabled | up 4s | 2 cpus") == t);
	CHECK(strstr(t, "options: slice_us=50") != NULL);
	CHECK(strstr(t, "\nq0          8 ") != NULL);
	CHECK(strstr(t, "rocks\"db") != NULL);
	/* Its level and what set it; an idle CPU has neither. */
	CHECK(strstr(t, "  QOS   SET BY") != NULL);
	CHECK(strstr(t, "    3  rule 12") != NULL);
	CHECK(strstr(t, "(idle)") != NULL);
	CHECK(strstr(t, "wakeup_preempts") != NULL);
	CHECK(strstr(t, " q quit") != NULL);
	free(t);

	/* Too small: one line that says so, nothing else. */
	t = render_text(m, &v, 4, 20);
	CHECK(strstr(t, "too small") != NULL);
	free(t);
	free(m);
}

TEST(render_wraps_the_options_into_spare_rows)
{
	static const int sizes[][2] = { { 24, 80 }, { 35, 120 } };
	struct dash_model *m = model_with_samples(3);
	struct dash_view v;
	char want[64], *t;
	size_t i;
	int k;

	/* Twelve options: about 300 columns on one line. */
	m->cur.nr_opts = 12;
	for (k = 0; k < m->cur.nr_opts; k++) {
		snprintf(m->cur.opts[k].name, sizeof(m->cur.opts[k].name),
			 "an_option_number_%d", k);
		m->cur.opts[k].value = 1000000 + k;
	}
	dash_view__init(&v, 1000, "test");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		t = render_text(m, &v, sizes[i][0], sizes[i][1]);
		for (k = 0; k < m->cur.nr_opts; k++) {
			snprintf(want, sizeof(want), " an_option_number_%d=%d",
				 k, 1000000 + k);
			CHECK(strstr(t, want) != NULL);
		}
		CHECK(strstr(t, "\n         an_option_number_") != NULL);
		CHECK(strstr(t, " q quit") != NULL);
		free(t);
	}
	free(m);
}

TEST(snapshot_has_no_key_line)
{
	struct dash_model *m = model_with_samples(3);
	struct dash_layout_in in;
	struct dash_view v;
	char *t;

	dash_view__init(&v, 1000, "test");
	v.snapshot = true;
	dash_render__layout_in(m, &v, 1000, 120, &in);
	t = render_text(m, &v, dash_layout__natural_rows(&in), 120);
	CHECK(strstr(t, "options: slice_us=50") != NULL);
	CHECK(strstr(t, "q quit") == NULL);
	/* It ends with the CPU table, not with an empty row. */
	CHECK(strstr(t, "(idle)") != NULL);
	CHECK(t[strlen(t) - 2] != ' ');
	free(t);
	free(m);
}

TEST(render_keeps_the_exit_reason_on_a_crowded_screen)
{
	struct dash_model *m = model_with_samples(2);
	struct dash_exit e = { .launcher_pid = 42, .kind = 1025 };
	struct dash_view v;
	char *t;

	m->cur.nr_cpus = 512; /* more than fit */
	m->cur.nr_queues = 16;
	snprintf(e.policy, sizeof(e.policy), "shinjuku");
	snprintf(e.kind_name, sizeof(e.kind_name), "SCX_EXIT_ERROR_BPF");
	snprintf(e.reason, sizeof(e.reason), "scx_bpf_error");
	snprintf(e.msg, sizeof(e.msg), "injected fault after 200 enqueues");
	dash_model__ended(m, &e);
	dash_view__init(&v, 1000, "test");
	t = render_text(m, &v, 24, 80);
	CHECK(strstr(t, "| ejected") != NULL);
	CHECK(strstr(t, "EJECTED shinjuku") != NULL);
	CHECK(strstr(t, "SCX_EXIT_ERROR_BPF (1025)") != NULL);
	CHECK(strstr(t, "reason:  scx_bpf_error") != NULL);
	CHECK(strstr(t, "injected fault after 200 enqueues") != NULL);
	free(t);
	free(m);
}

TEST(keys_sort_scroll_pause_and_quit)
{
	struct dash_model *m = model_with_samples(2);
	struct dash_view v;
	int order[SCXKIT_MAX_CPUS];

	dash_view__init(&v, 1000, "test");
	v.page = 1;
	dash_view__order(&v, &m->cur, order);
	CHECK(order[0] == 0 && order[1] == 1);
	dash_view__key(&v, DASH_KEY_SORT, 2); /* running: busy CPU first */
	CHECK(v.sort == DASH_SORT_RUNNING);
	dash_view__order(&v, &m->cur, order);
	CHECK(order[0] == 1);
	dash_view__key(&v, DASH_KEY_REVERSE, 2);
	dash_view__order(&v, &m->cur, order);
	CHECK(order[0] == 0);

	dash_view__key(&v, DASH_KEY_END, 2);
	CHECK(v.scroll == 1);
	dash_view__key(&v, DASH_KEY_DOWN, 2);
	CHECK(v.scroll == 1);
	dash_view__key(&v, DASH_KEY_PAGE_UP, 2);
	CHECK(v.scroll == 0);

	dash_view__key(&v, DASH_KEY_PAUSE, 2);
	CHECK(v.paused);
	dash_view__key(&v, DASH_KEY_HELP, 2);
	CHECK(v.help);
	dash_view__key(&v, DASH_KEY_SORT, 2); /* closes help only */
	CHECK(!v.help && v.sort == DASH_SORT_RUNNING);
	dash_view__key(&v, DASH_KEY_HELP, 2);
	dash_view__key(&v, DASH_KEY_OTHER, 2); /* so does any key */
	CHECK(!v.help);
	for (int i = 0; i < 20; i++)
		dash_view__key(&v, DASH_KEY_FASTER, 2);
	CHECK(v.interval_ms == DASH_MIN_INTERVAL_MS);
	for (int i = 0; i < 20; i++)
		dash_view__key(&v, DASH_KEY_SLOWER, 2);
	CHECK(v.interval_ms == DASH_MAX_INTERVAL_MS);
	dash_view__key(&v, DASH_KEY_QUIT, 2);
	CHECK(v.quit);
	free(m);
}

TEST(sparkline_and_durations)
{
	long long d[] = { 0, 1, 5, 10, -3 };
	char buf[16];

	dash_sparkline(d, 5, 10, buf, sizeof(buf));
	CHECK_STR(buf, " .+@ ");
	dash_sparkline(d, 5, 10, buf, 3);
	CHECK_STR(buf, " .");
	dash_format_duration(0.25, buf, sizeof(buf));
	CHECK_STR(buf, "250us");
	dash_format_duration(12.34, buf, sizeof(buf));
	CHECK_STR(buf, "12.3ms");
	dash_format_duration(83000, buf, sizeof(buf));
	CHECK_STR(buf, "1m23s");
}

/*
 * A hostile server: numbers out of every range, escapes in strings.  A
 * number beyond a double refuses the reply, with a reason; the rest is
 * clamped and cleaned.
 */
TEST(hostile_replies_are_clamped_and_cleaned)
{
	static struct dash_sample s;
	struct dash_model *m = malloc(sizeof(*m));
	struct dash_view v;
	char err[128], *t;

	CHECK(dash_sample__parse(&s, "{\"policy\":\"x\",\"time_s\":1e400}", err,
				 sizeof(err)) == -1);
	CHECK(strstr(err, "not JSON") && strstr(err, "overflow"));
	CHECK(dash_sample__parse(
		      &s,
		      "{\"policy\":\"x\\u001b[2J\",\"time_s\":-1e300,"
		      "\"enqueue\":-1e300,"
		      "\"queues\":{\"0\":{\"depth\":1e30},"
		      "\"1\":{\"depth\":-5},\"2\":{\"depth\":5e18},"
		      "\"3\":{\"depth\":5e18},\"99\":{\"depth\":1},"
		      "\"-1\":{\"depth\":1},\"x\":7},"
		      "\"cpus\":{\"1e10\":{\"pid\":5},"
		      "\"99999999999\":{\"pid\":5},"
		      "\"999999\":{\"pid\":-3,\"qos\":1e30,"
		      "\"comm\":\"a\\u001b]0;t\\u0007\",\"run_ms\":"
		      "-1,"
		      "\"kicks\":-1e300},\"-2147483648\":{}},"
		      "\"launcher_pid\":1e99,"
		      "\"options\":{\"a\":{\"value\":\"x\"},\"b\":7}}",
		      err, sizeof(err)) == 0);
	CHECK_STR(s.policy, "x?[2J");
	CHECK(s.time_s == 0 && s.counters[0].total == 0);
	CHECK(s.nr_queues == 4);
	CHECK(s.depth[0] == 1000000000000LL && s.depth[1] == 0);
	CHECK(s.nr_cpus == 1);
	CHECK(s.cpus[0].cpu == 999999 && s.cpus[0].pid == 0);
	CHECK(s.cpus[0].qos == 1000000 && s.cpus[0].kicks == 0);
	CHECK(s.cpus[0].run_ms == 0);
	CHECK(strchr(s.cpus[0].comm, 0x1b) == NULL);
	CHECK(s.launcher_pid == 1000000000 && s.nr_opts == 0);

	dash_model__init(m);
	dash_model__add(m, &s);
	dash_model__add(m, &s);
	dash_view__init(&v, 1000, "test");
	dash_view__key(&v, DASH_KEY_SORT, 2);
	t = render_text(m, &v, 24, 80);
	CHECK(t && strstr(t, "scxkit: x?[2J") != NULL);
	free(t);
	free(m);
}

/* Rates follow the CPU number, not the position in the reply. */
TEST(cpu_rates_follow_the_cpu_id)
{
	static struct dash_sample a, b;
	struct dash_model *m = malloc(sizeof(*m));
	char err[128];

	CHECK(dash_sample__parse(&a,
				 "{\"policy\":\"p\",\"time_s\":1,\"cpus\":{"
				 "\"0\":{\"kicks\":100},"
				 "\"1\":{\"kicks\":0}}}",
				 err, sizeof(err)) == 0);
	CHECK(dash_sample__parse(&b,
				 "{\"policy\":\"p\",\"time_s\":2,\"cpus\":{"
				 "\"1\":{\"kicks\":1},"
				 "\"0\":{\"kicks\":200}}}",
				 err, sizeof(err)) == 0);
	dash_model__init(m);
	dash_model__add(m, &a);
	dash_model__add(m, &b);
	CHECK(m->cur.cpus[0].cpu == 1 && m->cur.cpus[0].preempt_rate == 1);
	CHECK(m->cur.cpus[1].cpu == 0 && m->cur.cpus[1].preempt_rate == 100);
	free(m);
}

/* What one interval of `scxkit run` knows: policy, snapshot, launcher. */
static struct scxkit_policy feed_policy = {
	.desc = { .abi = SCXKIT_ABI, .name = "demo" },
	.counters = { { .name = "stale_skips",
			.help = "entries skipped",
			.slot = SCXKIT_FIRST_POLICY_COUNTER + 1 },
		      { .name = "restarts", /* a fixed field's: left out */
			.help = "clashes",
			.slot = SCXKIT_FIRST_POLICY_COUNTER + 2 } },
	.nr_counters = 2,
	.opts = { { .name = "slice_us", .help = "slice" } },
	.nr_opts = 1,
};
static struct stats_snapshot feed_snap;
static const __u64 feed_opts[] = { 250 };
static const struct stats_launcher feed_launcher = {
	.pid = 4321,
	.partial = true,
	.kernel_state = "enabled",
	.opt_value = feed_opts,
	.restarts = 2,
	.qos_requests = 9,
};

/* The launcher's stats handler (cmd_run.c's format_reply) for the feed. */
static int feed_answer(void *ctx, const char *req, const char *target,
		       char *buf, size_t len)
{
	(void)ctx;
	(void)req;
	(void)target;
	return json_out__dump(stats__json_body(&feed_policy, &feed_snap,
					       &feed_launcher),
			      buf, len) < 0
		       ? -E2BIG
		       : 0;
}

struct feed_client {
	const char *path;
	char reply[STATS_SERVER_REPLY_MAX];
	char err[256];
	int ret;
	volatile int done;
};

/* `scxkit top`'s request, from another thread: the server runs here. */
static void *feed_ask(void *arg)
{
	struct feed_client *c = arg;

	c->ret = dash_collect__stats(c->path, c->reply, sizeof(c->reply),
				     c->err, sizeof(c->err));
	c->done = 1;
	return NULL;
}

/*
 * `scxkit top` reads a sample over the stats socket, `scxkit run --tui`
 * builds it from the interval's snapshot: the same snapshot gives the
 * same dashboard sample either way, counters, queues, CPUs, options and
 * launcher fields alike.
 */
TEST(tui_and_socket_give_the_same_sample)
{
	static struct dash_sample by_socket, by_tui;
	static struct feed_client c;
	char dir[] = "/tmp/scxkit-test-XXXXXX", path[64], err[128];
	struct stats_server srv;
	struct line_server *ls[1];
	pthread_t t;
	int i;

	feed_snap = (struct stats_snapshot){ .time_s = 3.25,
					     .nr_queues = 2,
					     .nr_cpus = 3 };
	feed_snap.c[SCXKIT_C_ENQUEUE] = 1234;
	feed_snap.c[SCXKIT_FIRST_POLICY_COUNTER + 1] = 77;
	feed_snap.c[SCXKIT_FIRST_POLICY_COUNTER + 2] = 5;
	feed_snap.depth[1] = 6;
	feed_snap.cpus[2] = (struct stats_cpu){ .pid = 99,
						.qos = 2,
						.run_ms = 1.25,
						.runs = 8,
						.kicks = 3,
						.comm = "wor\"ker" };

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/stats.sock", dir);
	CHECK(stats_server__open(&srv, path, feed_answer, NULL) == 0);
	ls[0] = &srv.line;
	c.path = path;
	CHECK(pthread_create(&t, NULL, feed_ask, &c) == 0);
	for (i = 0; i < 400 && !c.done; i++)
		line_server__poll_all(ls, 1, 10);
	pthread_join(t, NULL);
	stats_server__close(&srv);
	rmdir(dir);
	CHECK(c.ret == 0);
	CHECK(dash_sample__parse(&by_socket, c.reply, err, sizeof(err)) == 0);

	CHECK(dash_sample__from_stats(&by_tui, &feed_policy, &feed_snap,
				      &feed_launcher, err, sizeof(err)) == 0);
	CHECK(memcmp(&by_socket, &by_tui, sizeof(by_tui)) == 0);

	/* And it is the snapshot, not two empty samples alike. */
	CHECK_STR(by_tui.policy, "demo");
	CHECK(by_tui.launcher_pid == 4321);
	CHECK_STR(by_tui.mode, "partial");
	CHECK(by_tui.nr_opts == 1 && by_tui.opts[0].value == 250);
	CHECK(by_tui.nr_queues == 2 && by_tui.depth[1] == 6);
	CHECK(by_tui.nr_cpus == 3 && by_tui.cpus[2].pid == 99 &&
	      by_tui.cpus[2].run_ms == 1.25);
	CHECK_STR(by_tui.cpus[2].comm, "wor\"ker");
	for (i = 0; i < by_tui.nr_counters; i++) {
		if (!strcmp(by_tui.counters[i].name, "enqueue"))
			CHECK(by_tui.counters[i].total == 1234);
		if (!strcmp(by_tui.counters[i].name, "stale_skips"))
			CHECK(by_tui.counters[i].total == 77);
		CHECK(strcmp(by_tui.counters[i].name, "restarts"));
	}
	CHECK(by_tui.nr_counters > 2);
}

UNIT_MAIN

/* What each counter counts, as `top` reads it from the server's stats_meta. */
TEST(legend_reads_counter_help_from_stats_meta)
{
	static struct dash_legend l;
	const char *enq = stats__counter_field(&feed_policy, SCXKIT_C_ENQUEUE);
	json_t *meta = stats__json_meta(&feed_policy), *whole;
	char *text;

	CHECK(dash_legend__from_json(&l, meta) > 2);
	CHECK_STR(dash_legend__help(&l, "stale_skips"), "entries skipped");
	CHECK_STR(dash_legend__help(&l, enq),
		  stats__counter_help(&feed_policy, SCXKIT_C_ENQUEUE));
	CHECK(dash_legend__help(&l, "no_such_counter") == NULL);

	/* The whole reply, as it comes off the socket. */
	whole = json_pack("{s:i,s:{s:O}}", "errno", 0, "args", "resp", meta);
	text = json_dumps(whole, 0);
	memset(&l, 0, sizeof(l));
	CHECK(dash_legend__parse(&l, text) > 2);
	CHECK_STR(dash_legend__help(&l, "stale_skips"), "entries skipped");
	free(text);
	json_decref(whole);
	json_decref(meta);

	/* Not a stats_meta: nothing, and no crash. */
	CHECK(dash_legend__parse(&l, "{\"policy\":\"x\"}") == -1);
	CHECK(dash_legend__parse(&l, "not json") == -1);
	CHECK(dash_legend__parse(&l, NULL) == -1);
	CHECK(l.n == 0);
}

TEST(help_page_explains_counters_and_scrolls)
{
	struct dash_model *m = model_with_samples(3);
	struct dash_view v;
	char *t;
	int i;

	CHECK(dash_legend__parse(&m->legend, "{\"top\":{\"name\":\"top\","
					     "\"top\":\"true\",\"fields\":"
					     "{\"wakeup_preempts\":{\"datum\":"
					     "\"u64\",\"desc\":"
					     "\"wakeups that preempted the "
					     "running task\"}}}}") == 1);
	dash_view__init(&v, 1000, "test");
	dash_view__key(&v, DASH_KEY_HELP, m->cur.nr_cpus);
	t = render_text(m, &v, 24, 80);
	CHECK(strstr(t, "any key closes it") != NULL);
	CHECK(strstr(t, "wakeup_preempts        wakeups that preempted the "
			"running task") != NULL);
	/* A counter the server did not explain says so. */
	CHECK(strstr(t, "enqueue                (the server did not say)") !=
	      NULL);
	free(t);

	/* On a short screen the scroll keys bring up the rest. */
	t = render_text(m, &v, 8, 80);
	CHECK(strstr(t, "PREEMPT/s  preemption kicks") == NULL);
	free(t);
	for (i = 0; i < 5; i++)
		dash_view__key(&v, DASH_KEY_PAGE_DOWN, m->cur.nr_cpus);
	CHECK(v.help);
	t = render_text(m, &v, 8, 80);
	if (getenv("DASH_TEST_SHOW"))
		fprintf(stderr, "%s", t);
	CHECK(strstr(t, "PREEMPT/s  preemption kicks") != NULL);
	CHECK(strstr(t, " q quit") != NULL);
	free(t);
	dash_view__key(&v, DASH_KEY_UP, m->cur.nr_cpus);
	CHECK(v.help && v.help_scroll > 0);
	dash_view__key(&v, DASH_KEY_OTHER, m->cur.nr_cpus);
	CHECK(!v.help);
	/* The next help page starts at its top. */
	dash_view__key(&v, DASH_KEY_HELP, m->cur.nr_cpus);
	CHECK(v.help_scroll == 0);
	free(m);
}

/*
 * A typical policy on a small machine: a policy name of the longest kind,
 * its options, its counters, 4 queues and @nr_cpus CPUs running tasks
 * named task_<cpu>.
 */
static struct dash_model *typical_model(int nr_cpus)
{
	static const char *const opts[] = { "slice_us",	      "timer_us",
					    "preempt_min_us", "nr_queues",
					    "qos_levels",     "idle_spin_us" };
	struct dash_model *m = malloc(sizeof(*m));
	static struct dash_sample s;
	int i, k;

	dash_model__init(m);
	for (k = 0; k < 2; k++) {
		memset(&s, 0, sizeof(s));
		snprintf(s.policy, sizeof(s.policy), "%s",
			 "a_policy_name_of_31_characters_");
		s.time_s = 10 + k;
		s.launcher_pid = 4242;
		snprintf(s.mode, sizeof(s.mode), "all");
		snprintf(s.kernel_state, sizeof(s.kernel_state), "enabled");
		s.nr_opts = (int)(sizeof(opts) / sizeof(opts[0]));
		for (i = 0; i < s.nr_opts; i++) {
			snprintf(s.opts[i].name, sizeof(s.opts[i].name), "%s",
				 opts[i]);
			s.opts[i].value = 100 + i;
		}
		s.nr_counters = 18;
		for (i = 0; i < s.nr_counters; i++) {
			snprintf(s.counters[i].name, sizeof(s.counters[i].name),
				 "pdelay_lt_%dus", 1 << i);
			s.counters[i].total = 1000.0 * (k + 1) * i;
		}
		s.nr_queues = 4;
		for (i = 0; i < s.nr_queues; i++)
			s.depth[i] = i;
		s.nr_cpus = nr_cpus;
		for (i = 0; i < nr_cpus; i++) {
			s.cpus[i].cpu = i;
			s.cpus[i].pid = 1000 + i;
			snprintf(s.cpus[i].comm, sizeof(s.cpus[i].comm),
				 "task_%d", i);
			s.cpus[i].run_ms = 1.5;
		}
		dash_model__add(m, &s);
	}
	return m;
}

/* Does @t show the whole title, all options and every CPU's row? */
static void check_nothing_cut(const char *t, const struct dash_model *m,
			      const char *where)
{
	char want[64];
	int i;

	if (getenv("DASH_TEST_SHOW"))
		fprintf(stderr, "--- %s\n%s", where, t);
	CHECK(strstr(t, " scxkit: a_policy_name_of_31_characters_ | "
			"enabled") == t);
	for (i = 0; i < m->cur.nr_opts; i++) {
		snprintf(want, sizeof(want), " %s=%d", m->cur.opts[i].name,
			 100 + i);
		CHECK(strstr(t, want) != NULL);
	}
	CHECK(strstr(t, "\n  CPU") != NULL);
	CHECK(strstr(t, "COMMAND") != NULL);
	for (i = 0; i < m->cur.nr_cpus; i++) {
		snprintf(want, sizeof(want), " task_%d ", i);
		CHECK(strstr(t, want) != NULL);
	}
}

/*
 * The layout at the two sizes people use, on screen and as the
 * `top --snapshot` text of the same width: the policy name, the options
 * and the CPU table are never cut.
 */
TEST(layout_snapshot_at_80x24_and_120x35_cuts_nothing_that_matters)
{
	static const int sizes[][3] = { { 24, 80, 4 }, { 35, 120, 16 } };
	struct dash_layout_in in;
	struct dash_view v;
	char where[64], *t;
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct dash_model *m = typical_model(sizes[i][2]);

		dash_view__init(&v, 1000, "test");
		t = render_text(m, &v, sizes[i][0], sizes[i][1]);
		snprintf(where, sizeof(where), "%dx%d, %d cpus", sizes[i][1],
			 sizes[i][0], sizes[i][2]);
		check_nothing_cut(t, m, where);
		CHECK(strstr(t, " q quit") != NULL);
		free(t);

		v.snapshot = true;
		dash_render__layout_in(m, &v, 1000, sizes[i][1], &in);
		t = render_text(m, &v, dash_layout__natural_rows(&in),
				sizes[i][1]);
		snprintf(where, sizeof(where), "snapshot %d wide", sizes[i][1]);
		check_nothing_cut(t, m, where);
		CHECK(strstr(t, "q quit") == NULL);
		free(t);
		free(m);
	}
}

/*
 * The whole screen at 80x24 and 120x35, to the character, against the
 * text in tests/unit/dash_snapshots/: a change of the layout shows here
 * as the first row that differs.  After a change meant to be, write the
 * files again with DASH_SNAPSHOT_UPDATE=1 build/unit/test_dash (from the
 * top of the tree) and read their diff.
 */
static void check_golden(const char *text, const char *name)
{
	const char *slash = strrchr(__FILE__, '/');
	char path[512], want[8192], got_row[256], want_row[256];
	const char *g = text, *w = want;
	size_t len;
	int row = 1;
	FILE *f;

	snprintf(path, sizeof(path), "%.*s/dash_snapshots/%s.txt",
		 slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".",
		 name);
	if (getenv("DASH_SNAPSHOT_UPDATE")) {
		f = fopen(path, "w");
		CHECK(f && fputs(text, f) >= 0 && fclose(f) == 0);
		return;
	}
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "  %s: %s (run from the top of the tree)\n",
			path, strerror(errno));
		CHECK(!"the snapshot file is there");
		return;
	}
	len = fread(want, 1, sizeof(want) - 1, f);
	fclose(f);
	want[len] = '\0';
	if (!strcmp(text, want))
		return;
	/* The first row that differs, of each. */
	while (*g && *g == *w) {
		row += *g == '\n';
		g++;
		w++;
	}
	while (g > text && g[-1] != '\n') {
		g--;
		w--;
	}
	snprintf(got_row, sizeof(got_row), "%.*s", (int)strcspn(g, "\n"), g);
	snprintf(want_row, sizeof(want_row), "%.*s", (int)strcspn(w, "\n"), w);
	fprintf(stderr, "  %s, row %d:\n    got:  \"%s\"\n    want: \"%s\"\n",
		path, row, got_row, want_row);
	CHECK(!"the screen is the snapshot");
}

TEST(layout_at_80x24_and_120x35_is_the_snapshot)
{
	static const struct {
		int rows, cols, nr_cpus;
		const char *name;
	} screens[] = { { 24, 80, 4, "80x24" }, { 35, 120, 16, "120x35" } };
	struct dash_view v;
	size_t i;
	char *t;

	for (i = 0; i < sizeof(screens) / sizeof(screens[0]); i++) {
		struct dash_model *m = typical_model(screens[i].nr_cpus);

		dash_view__init(&v, 1000, "test");
		t = render_text(m, &v, screens[i].rows, screens[i].cols);
		CHECK(t != NULL);
		if (t)
			check_golden(t, screens[i].name);
		free(t);
		free(m);
	}
}
