// SPDX-License-Identifier: GPL-2.0
/* QoS rules files into the rules BPF matches; see qos_rules.h. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "qos_rules.h"

#define CGROUP2_MAGIC  0x63677270
#define LINE_MAX_BYTES 1024
#define NICE_MIN       (-20)
#define NICE_MAX       19

struct parse_ctx {
	int line;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3))) static int fail(struct parse_ctx *c,
						      const char *fmt, ...)
{
	char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "line %d: %s", c->line, why);
	return -1;
}

/* A whole decimal number in [min, max]. */
static int parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* uid=/gid=: a number or a name from the user/group database. */
static int parse_id(struct parse_ctx *c, const char *what, const char *s,
		    bool group, __u32 *out)
{
	long v;

	if (!parse_int(s, 0, 0xfffffffe, &v)) {
		*out = (__u32)v;
		return 0;
	}
	if (!*s)
		return fail(c, "%s= needs a number or a name", what);
	if (group) {
		struct group *g = getgrnam(s);

		if (g) {
			*out = g->gr_gid;
			return 0;
		}
	} else {
		struct passwd *pw = getpwnam(s);

		if (pw) {
			*out = pw->pw_uid;
			return 0;
		}
	}
	return fail(c, "%s=%.40s: no such %s", what, s,
		    group ? "group" : "user");
}

/*
 * cgroup=PATH: a directory of a cgroup2 file system; its id is its inode
 * number and its level the number of directories below the mount point.
 */
static int parse_cgroup(struct parse_ctx *c, const char *path,
			struct scxkit_qos_rule *r)
{
	char buf[PATH_MAX], *slash;
	struct statfs fs;
	struct stat st, up;
	unsigned int level = 0;

	if (path[0] != '/')
		return fail(c, "cgroup=%.60s: give an absolute path", path);
	if (!realpath(path, buf))
		return fail(c, "cgroup=%.60s: %s", path, strerror(errno));
	if (stat(buf, &st) || !S_ISDIR(st.st_mode))
		return fail(c, "cgroup=%.60s: not a directory", path);
	if (statfs(buf, &fs) || fs.f_type != CGROUP2_MAGIC)
		return fail(c, "cgroup=%.60s: not on a cgroup2 file system",
			    path);
	/* Up to the mount point: the first parent on another device. */
	while ((slash = strrchr(buf, '/')) && slash != buf) {
		*slash = '\0';
		if (stat(buf, &up) || up.st_dev != st.st_dev)
			break;
		level++;
	}
	if (slash == buf && !stat("/", &up) && up.st_dev == st.st_dev)
		level++; /* cgroup2 mounted at "/" itself: unlikely */
	r->cgroup_id = (__u64)st.st_ino;
	r->cgroup_level = level;
	return 0;
}

static int parse_comm(struct parse_ctx *c, const char *s,
		      struct scxkit_qos_rule *r)
{
	size_t n = strlen(s);
	bool prefix = n && s[n - 1] == '*';

	if (prefix)
		n--;
	if (!n)
		return fail(c, "comm= needs a name (or a prefix and '*')");
	if (n > sizeof(r->comm) - 1)
		return fail(
			c,
			"comm=%.40s: the kernel keeps %zu characters of a name; use a prefix: comm=%.15s*",
			s, sizeof(r->comm) - 1, s);
	if (memchr(s, '*', n))
		return fail(c, "comm=%.40s: '*' only at the end", s);
	memcpy(r->comm, s, n);
	r->comm_len = (__u32)(prefix ? n : n + 1); /* exact: the NUL too */
	r->match |= SCXKIT_QR_COMM | (prefix ? SCXKIT_QR_COMM_PREFIX : 0);
	return 0;
}

/* nice=N, nice>=N, nice<=N, nice>N, nice<N: narrows [nice_min, nice_max]. */
static int parse_nice(struct parse_ctx *c, const char *op,
		      struct scxkit_qos_rule *r)
{
	const char *num = op + 1;
	long v;

	if ((op[0] == '>' || op[0] == '<') && op[1] == '=')
		num = op + 2;
	else if (op[0] != '=' && op[0] != '>' && op[0] != '<')
		return fail(
			c,
			"nice%.20s: use nice=N, nice>=N, nice<=N, nice>N or nice<N",
			op);
	if (parse_int(num, NICE_MIN, NICE_MAX, &v))
		return fail(c, "nice: '%.20s' is not a nice value (-20 to 19)",
			    num);
	if (!(r->match & SCXKIT_QR_NICE)) {
		r->nice_min = NICE_MIN;
		r->nice_max = NICE_MAX;
	}
	if (op[0] == '=') {
		r->nice_min = r->nice_min > v ? r->nice_min : (__s32)v;
		r->nice_max = r->nice_max < v ? r->nice_max : (__s32)v;
	} else if (op[0] == '>') {
		v += num == op + 2 ? 0 : 1;
		r->nice_min = r->nice_min > v ? r->nice_min : (__s32)v;
	} else {
		v -= num == op + 2 ? 0 : 1;
		r->nice_max = r->nice_max < v ? r->nice_max : (__s32)v;
	}
	if (r->nice_min > r->nice_max)
		return fail(c, "nice: no nice value is in that range");
	r->match |= SCXKIT_QR_NICE;
	return 0;
}

static int parse_matcher(struct parse_ctx *c, const char *tok,
			 struct scxkit_qos_rule *r)
{
	static const struct {
		const char *name;
		__u32 bit;
	} once[] = { { "comm", SCXKIT_QR_COMM },
		     { "uid", SCXKIT_QR_UID },
		     { "gid", SCXKIT_QR_GID },
		     { "cgroup", SCXKIT_QR_CGROUP },
		     { "all", SCXKIT_QR_ALL } };
	const char *eq = strchr(tok, '=');
	size_t i, n;

	if (!strncmp(tok, "nice", 4) && tok[4])
		return parse_nice(c, tok + 4, r);
	if (!strcmp(tok, "all")) {
		r->match |= SCXKIT_QR_ALL;
		return 0;
	}
	n = eq ? (size_t)(eq - tok) : strlen(tok);
	for (i = 0; i < sizeof(once) / sizeof(once[0]); i++) {
		if (strlen(once[i].name) != n || strncmp(tok, once[i].name, n))
			continue;
		if (once[i].bit == SCXKIT_QR_ALL)
			return fail(c, "'all' takes no value");
		if (!eq)
			return fail(c, "%.40s: write %s=VALUE", tok,
				    once[i].name);
		if (r->match & once[i].bit)
			return fail(c, "%s given twice in one rule",
				    once[i].name);
		switch (once[i].bit) {
		case SCXKIT_QR_COMM:
			return parse_comm(c, eq + 1, r);
		case SCXKIT_QR_UID:
			r->match |= SCXKIT_QR_UID;
			return parse_id(c, "uid", eq + 1, false, &r->uid);
		case SCXKIT_QR_GID:
			r->match |= SCXKIT_QR_GID;
			return parse_id(c, "gid", eq + 1, true, &r->gid);
		default:
			r->match |= SCXKIT_QR_CGROUP;
			return parse_cgroup(c, eq + 1, r);
		}
	}
	return fail(
		c,
		"unknown matcher '%.40s' (comm=, uid=, gid=, nice=, nice>=, nice<=, cgroup=, all)",
		tok);
}

/* One line, without its newline; blank and comment lines add nothing. */
static int parse_line(struct parse_ctx *c, char *line, struct qos_rules *out)
{
	char *save = NULL, *tok, *hash = strchr(line, '#');
	struct scxkit_qos_rule r = { 0 };
	char text[QOS_RULES_TEXT_MAX] = "";
	size_t used = 0;
	long level;
	int n = 0;

	if (hash)
		*hash = '\0';
	for (tok = strtok_r(line, " \t\r", &save); tok;
	     tok = strtok_r(NULL, " \t\r", &save), n++) {
		if (n == 0 && strcmp(tok, "level"))
			return fail(c,
				    "a rule starts with 'level N', not '%.40s'",
				    tok);
		if (n == 1) {
			if (parse_int(tok, 0, SCXKIT_QOS_MAX_LEVELS - 1,
				      &level))
				return fail(c, "level '%.20s' is not 0 to %d",
					    tok, SCXKIT_QOS_MAX_LEVELS - 1);
			r.level = (__u32)level;
		}
		if (n >= 2 && parse_matcher(c, tok, &r))
			return -1;
		if (used < sizeof(text))
			snprintf(text + used, sizeof(text) - used, "%s%s",
				 n ? " " : "", tok);
		used += strlen(tok) + (n ? 1 : 0);
	}
	if (n == 0)
		return 0;
	if (n == 1)
		return fail(c, "'level' needs a number");
	if (n == 2)
		return fail(
			c,
			"a rule needs a matcher (comm=, uid=, gid=, nice=, cgroup=, or all)");
	if (used >= sizeof(text))
		return fail(c, "the rule is longer than %zu characters",
			    sizeof(text) - 1);
	if (out->nr >= SCXKIT_QOS_MAX_RULES)
		return fail(c, "more than %d rules", SCXKIT_QOS_MAX_RULES);
	out->rule[out->nr] = r;
	memcpy(out->text[out->nr], text, sizeof(text));
	out->nr++;
	return 0;
}

int qos_rules__parse(const char *text, struct qos_rules *out, char *err,
		     size_t errlen)
{
	struct parse_ctx c = { .err = err, .errlen = errlen };
	char line[LINE_MAX_BYTES + 1];
	const char *p = text, *nl;
	size_t len;

	memset(out, 0, sizeof(*out));
	while (*p) {
		c.line++;
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		if (len > LINE_MAX_BYTES) {
			fail(&c, "longer than %d bytes", LINE_MAX_BYTES);
			goto bad;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		if (parse_line(&c, line, out))
			goto bad;
		p += len + (nl ? 1 : 0);
	}
	return 0;
bad:
	memset(out, 0, sizeof(*out));
	return -1;
}

int qos_rules__parse_fd(int fd, struct qos_rules *out, char *err, size_t errlen)
{
	char *buf = malloc(QOS_RULES_FILE_MAX + 1);
	size_t len = 0;
	ssize_t n;
	int ret;

	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	while ((n = read(fd, buf + len, QOS_RULES_FILE_MAX + 1 - len)) > 0)
		len += (size_t)n;
	if (n < 0) {
		snprintf(err, errlen, "cannot read it: %s", strerror(errno));
		free(buf);
		return -1;
	}
	if (len > QOS_RULES_FILE_MAX || memchr(buf, '\0', len)) {
		snprintf(err, errlen, "%s",
			 len > QOS_RULES_FILE_MAX ? "larger than 256 KiB"
						  : "not a text file");
		free(buf);
		return -1;
	}
	buf[len] = '\0';
	ret = qos_rules__parse(buf, out, err, errlen);
	free(buf);
	return ret;
}

int qos_rules__parse_file(const char *path, struct qos_rules *out, char *err,
			  size_t errlen)
{
	char why[200];
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	ret = qos_rules__parse_fd(fd, out, why, sizeof(why));
	close(fd);
	if (ret)
		snprintf(err, errlen, "%s: %s", path, why);
	return ret;
}
