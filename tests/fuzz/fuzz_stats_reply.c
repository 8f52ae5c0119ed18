// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the dashboard reading what a stats socket or an exit
 * record says (another process's bytes): parse, take into the model twice
 * (for rates), and render at a size the input picks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dash_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dash_sample s;
	static struct dash_model m;
	struct dash_canvas c;
	struct dash_view v;
	struct dash_exit e;
	char *text, err[128];
	int rows, cols;

	if (size < 2)
		return 0;
	rows = data[0] % 64;
	cols = data[1] % 200;
	text = malloc(size - 1);
	if (!text)
		return 0;
	memcpy(text, data + 2, size - 2);
	text[size - 2] = '\0';
	dash_model__init(&m);
	dash_view__init(&v, 1000, "fuzz");
	if (!dash_sample__parse(&s, text, err, sizeof(err))) {
		dash_model__add(&m, &s);
		dash_model__add(&m, &s);
	}
	if (!dash_exit__parse(&e, text))
		dash_model__ended(&m, &e);
	dash_view__key(&v, (enum dash_key)(data[0] % (DASH_KEY_OTHER + 1)),
		       m.cur.nr_cpus);
	if (!dash_canvas__init(&c, rows, cols)) {
		dash_render(&m, &v, &c);
		dash_canvas__free(&c);
	}
	free(text);
	return 0;
}
