// SPDX-License-Identifier: GPL-2.0
/*
 * Recursive-descent JSON parser behind json_reader.h.  Input comes from
 * other processes, so every read is bounds-checked, depth is limited and
 * numbers go through strtod only after their syntax was checked.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "json_reader.h"

struct parser {
	struct json_doc *doc;
	char *p; /* cursor in doc->text, where strings are decoded in place */
	int depth;
};

static void skip_space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' ||
	       *ps->p == '\r')
		ps->p++;
}

static int new_value(struct parser *ps, enum json_type type)
{
	struct json_doc *d = ps->doc;

	if (d->nr == d->cap) {
		int cap = d->cap ? d->cap * 2 : 64;
		struct json_value *v;

		v = realloc(d->values, (size_t)cap * sizeof(*v));
		if (!v)
			return -1;
		d->values = v;
		d->cap = cap;
	}
	d->values[d->nr] = (struct json_value){
		.type = type, .first_child = -1, .next_sibling = -1};
	return d->nr++;
}

static int hex4(const char *s, unsigned int *out)
{
	unsigned int v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned int)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/*
 * Decodes the string at the cursor (just after its opening quote) in place
 * and returns its start.  Decoding never grows text: an escape of n bytes
 * becomes at most n bytes of UTF-8.
 */
static char *parse_string(struct parser *ps)
{
	char *start = ps->p, *out = ps->p;

	for (;;) {
		unsigned char c = (unsigned char)*ps->p;

		if (c == '\0' || c < 0x20)
			return NULL;
		ps->p++;
		if (c == '"')
			break;
		if (c != '\\') {
			*out++ = (char)c;
			continue;
		}
		c = (unsigned char)*ps->p++;
		switch (c) {
		case '"':
		case '\\':
		case '/':
			*out++ = (char)c;
			break;
		case 'b':
			*out++ = '\b';
			break;
		case 'f':
			*out++ = '\f';
			break;
		case 'n':
			*out++ = '\n';
			break;
		case 'r':
			*out++ = '\r';
			break;
		case 't':
			*out++ = '\t';
			break;
		case 'u': {
			unsigned int cp;

			if (hex4(ps->p, &cp))
				return NULL;
			ps->p += 4;
			/* Surrogates and NUL become '?': we only display. */
			if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff)) {
				*out++ = '?';
			} else if (cp < 0x80) {
				*out++ = (char)cp;
			} else if (cp < 0x800) {
				*out++ = (char)(0xc0 | (cp >> 6));
				*out++ = (char)(0x80 | (cp & 0x3f));
			} else {
				*out++ = (char)(0xe0 | (cp >> 12));
				*out++ = (char)(0x80 | ((cp >> 6) & 0x3f));
				*out++ = (char)(0x80 | (cp & 0x3f));
			}
			break;
		}
		default:
			return NULL;
		}
	}
	*out = '\0';
	return start;
}

static int parse_number(struct parser *ps, double *v)
{
	char *s = ps->p, *end;

	if (*s == '-')
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	if (*s == '0' && isdigit((unsigned char)s[1]))
		return -1;
	while (isdigit((unsigned char)*s))
		s++;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return -1;
		while (isdigit((unsigned char)*s))
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!isdigit((unsigned char)*s))
			return -1;
		while (isdigit((unsigned char)*s))
			s++;
	}
	*v = strtod(ps->p, &end);
	if (end != s)
		return -1;
	ps->p = s;
	return 0;
}

static int parse_value(struct parser *ps);

/* Parses the members of an array or object whose opening was consumed. */
static int parse_container(struct parser *ps, int idx, bool object)
{
	char close = object ? '}' : ']';
	int prev = -1;

	if (++ps->depth > JSON_MAX_DEPTH)
		return -1;
	skip_space(ps);
	if (*ps->p == close) {
		ps->p++;
		ps->depth--;
		return 0;
	}
	for (;;) {
		const char *key = NULL;
		int child;

		skip_space(ps);
		if (object) {
			if (*ps->p != '"')
				return -1;
			ps->p++;
			key = parse_string(ps);
			if (!key)
				return -1;
			skip_space(ps);
			if (*ps->p != ':')
				return -1;
			ps->p++;
		}
		child = parse_value(ps);
		if (child < 0)
			return -1;
		ps->doc->values[child].key = key;
		if (prev < 0)
			ps->doc->values[idx].first_child = child;
		else
			ps->doc->values[prev].next_sibling = child;
		prev = child;
		skip_space(ps);
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p != close)
			return -1;
		ps->p++;
		ps->depth--;
		return 0;
	}
}

static int parse_value(struct parser *ps)
{
	int idx;

	skip_space(ps);
	switch (*ps->p) {
	case '{':
	case '[': {
		bool object = *ps->p == '{';

		ps->p++;
		idx = new_value(ps, object ? JSON_OBJECT : JSON_ARRAY);
		if (idx < 0 || parse_container(ps, idx, object))
			return -1;
		return idx;
	}
	case '"':
		ps->p++;
		idx = new_value(ps, JSON_STRING);
		if (idx < 0)
			return -1;
		ps->doc->values[idx].str = parse_string(ps);
		return ps->doc->values[idx].str ? idx : -1;
	case 't':
	case 'f':
	case 'n': {
		static const struct {
			const char *word;
			enum json_type type;
			double number;
		} words[] = {{"true", JSON_BOOL, 1},
			     {"false", JSON_BOOL, 0},
			     {"null", JSON_NULL, 0}};
		size_t i;

		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			size_t n = strlen(words[i].word);

			if (strncmp(ps->p, words[i].word, n))
				continue;
			ps->p += n;
			idx = new_value(ps, words[i].type);
			if (idx >= 0)
				ps->doc->values[idx].number = words[i].number;
			return idx;
		}
		return -1;
	}
	default: {
		double v;

		if (parse_number(ps, &v))
			return -1;
		idx = new_value(ps, JSON_NUMBER);
		if (idx >= 0)
			ps->doc->values[idx].number = v;
		return idx;
	}
	}
}

int json_parse(struct json_doc *doc, const char *text)
{
	struct parser ps = {.doc = doc};

	memset(doc, 0, sizeof(*doc));
	doc->text = strdup(text ? text : "");
	if (!doc->text)
		return -1;
	ps.p = doc->text;
	if (parse_value(&ps) < 0)
		goto fail;
	skip_space(&ps);
	if (*ps.p)
		goto fail; /* trailing garbage */
	return 0;
fail:
	json_free(doc);
	return -1;
}

void json_free(struct json_doc *doc)
{
	free(doc->values);
	free(doc->text);
	memset(doc, 0, sizeof(*doc));
}

const struct json_value *json_root(const struct json_doc *doc)
{
	return doc->nr ? &doc->values[0] : NULL;
}

const struct json_value *json_child(const struct json_doc *doc,
				    const struct json_value *v)
{
	if (!v || (v->type != JSON_ARRAY && v->type != JSON_OBJECT) ||
	    v->first_child < 0)
		return NULL;
	return &doc->values[v->first_child];
}

const struct json_value *json_next(const struct json_doc *doc,
				   const struct json_value *v)
{
	if (!v || v->next_sibling < 0)
		return NULL;
	return &doc->values[v->next_sibling];
}

const struct json_value *json_get(const struct json_doc *doc,
				  const struct json_value *obj, const char *key)
{
	const struct json_value *v;

	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (v = json_child(doc, obj); v; v = json_next(doc, v))
		if (v->key && !strcmp(v->key, key))
			return v;
	return NULL;
}

double json_number(const struct json_value *v, double def)
{
	if (!v || (v->type != JSON_NUMBER && v->type != JSON_BOOL))
		return def;
	return v->number;
}

bool json_string(const struct json_value *v, char *buf, size_t len)
{
	size_t n, i;

	if (!len)
		return false;
	buf[0] = '\0';
	if (!v || v->type != JSON_STRING)
		return false;
	n = strlen(v->str);
	if (n >= len)
		n = len - 1;
	memcpy(buf, v->str, n);
	buf[n] = '\0';
	/* Strings end up on terminals: no escape sequences from a peer. */
	for (i = 0; i < n; i++)
		if (((unsigned char)buf[i] < 0x20 && buf[i] != '\n' &&
		     buf[i] != '\t') ||
		    buf[i] == 0x7f)
			buf[i] = '?';
	return true;
}
