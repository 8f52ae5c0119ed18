/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON reader for the replies the dashboard reads (scx_stats and
 * exit records).  It parses a whole document into a flat array of values;
 * objects and arrays link their children by index.  Strings are decoded
 * into a private copy of the text, so the caller's buffer is untouched.
 */
#ifndef __SCXKIT_JSON_READER_H
#define __SCXKIT_JSON_READER_H

#include <stdbool.h>
#include <stddef.h>

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

struct json_value {
	enum json_type type;
	double number; /* JSON_NUMBER; JSON_BOOL as 0/1 */
	const char *str; /* JSON_STRING, NUL-terminated */
	const char *key; /* member name when inside an object */
	int first_child; /* JSON_ARRAY/JSON_OBJECT; -1 if empty */
	int next_sibling; /* -1 at the end */
};

struct json_doc {
	struct json_value *values;
	int nr, cap;
	char *text; /* decoded strings live here */
};

/* Nesting deeper than this is refused, so hostile input cannot recurse. */
#define JSON_MAX_DEPTH 32

/*
 * json_parse - parse @text into @doc; the root is doc->values[0].
 * Returns 0, or -1 (with @doc emptied) on malformed input or no memory.
 */
int json_parse(struct json_doc *doc, const char *text);

/* json_free - release what json_parse allocated. */
void json_free(struct json_doc *doc);

/* json_root - the document's root value, NULL if there is none. */
const struct json_value *json_root(const struct json_doc *doc);

/* json_get - member @key of object @obj, NULL if absent or not an object. */
const struct json_value *json_get(const struct json_doc *doc,
				  const struct json_value *obj,
				  const char *key);

/* json_child / json_next - iterate over an array's or object's members. */
const struct json_value *json_child(const struct json_doc *doc,
				    const struct json_value *v);
const struct json_value *json_next(const struct json_doc *doc,
				   const struct json_value *v);

/* json_number - @v's number, or @def if @v is not a number or bool. */
double json_number(const struct json_value *v, double def);

/*
 * json_string - copy @v's string into @buf (truncating); false if none.
 * Control characters but newline and tab become '?', so a peer's string
 * cannot carry terminal escape sequences.
 */
bool json_string(const struct json_value *v, char *buf, size_t len);

#endif
