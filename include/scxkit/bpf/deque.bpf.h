/* SPDX-License-Identifier: GPL-2.0 */
/*
 * deque.bpf.h - arrays of double-ended queues made of BPF queue maps.
 *
 * BPF has FIFO queues (BPF_MAP_TYPE_QUEUE) and LIFO stacks
 * (BPF_MAP_TYPE_STACK) but no deque, and DSQs cannot be peeked at by value.
 * A deque here is a stack in front of a queue:
 *
 *	push_front -> [ stack ] [ queue ] <- push_back
 *	                 ^ pop_front / peek_front take from the stack first
 *
 * Exact order: every entry pushed to the front comes out before every
 * entry pushed to the back; front entries come out last-pushed-first (LIFO
 * among themselves), back entries first-pushed-first (FIFO).
 *
 * SCXKIT_DEQUE_ARRAY(name, nr, capacity) declares @nr such deques, each
 * holding up to @capacity entries per end, as two array-of-maps; the
 * launcher creates the inner maps before loading (see loader.c).  Entries
 * are u64 values; scxkit's task queues (bpf/task_queue.bpf.h) store a pid and a
 * sequence number in them to recognise entries that went stale.
 */
#ifndef __SCXKIT_DEQUE_BPF_H
#define __SCXKIT_DEQUE_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <scxkit/bpf/kernel_defs.bpf.h>

/* One end of @_nr deques: an array of @_nr stacks or queues. */
#define __SCXKIT_DEQUE_END(_var, _inner_type, _nr, _capacity)     \
	struct {                                                  \
		__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);         \
		__uint(max_entries, (_nr));                       \
		__type(key, u32);                                 \
		__array(                                          \
			values, struct {                          \
				__uint(type, _inner_type);        \
				__uint(max_entries, (_capacity)); \
				__type(value, u64);               \
			});                                       \
	} _var SEC(".maps")

#define SCXKIT_DEQUE_ARRAY(_name, _nr, _capacity)                              \
	__SCXKIT_DEQUE_END(_name##_front, BPF_MAP_TYPE_STACK, _nr, _capacity); \
	__SCXKIT_DEQUE_END(_name##_back, BPF_MAP_TYPE_QUEUE, _nr, _capacity);  \
	/* Entries per deque, kept beside the maps (they cannot be asked). */  \
	struct {                                                               \
		__uint(type, BPF_MAP_TYPE_ARRAY);                              \
		__uint(max_entries, (_nr));                                    \
		__type(key, u32);                                              \
		__type(value, s64);                                            \
	} _name##_len SEC(".maps")

/* The three maps behind one deque array, passed around as one handle. */
#define SCXKIT_DEQUE(_name) (&_name##_front), (&_name##_back), (&_name##_len)

static __always_inline void *__scxkit_dq_inner(void *outer, u32 idx)
{
	return bpf_map_lookup_elem(outer, &idx);
}

static __always_inline void __scxkit_dq_add_len(void *lens, u32 idx, s64 d)
{
	s64 *len = bpf_map_lookup_elem(lens, &idx);

	if (len)
		__sync_fetch_and_add(len, d);
}

static __always_inline int __scxkit_dq_push(void *end, void *lens, u32 idx,
					    u64 val)
{
	void *m = __scxkit_dq_inner(end, idx);
	int ret;

	if (!m)
		return -ENOENT;
	/*
	 * Counted before it is in, uncounted after it is out (pop): the
	 * length never reads 0 while an entry is there, so a reader may
	 * take 0 for "empty" (scxkit_tq_dispatch does).
	 */
	__scxkit_dq_add_len(lens, idx, 1);
	ret = (int)bpf_map_push_elem(m, &val, 0);
	if (ret)
		__scxkit_dq_add_len(lens, idx, -1);
	return ret;
}

/**
 * scxkit_deque_push_back - append @val to deque @idx
 * Returns 0, -ENOENT for a bad @idx, or -E2BIG when that end is full.
 */
static __always_inline int scxkit_deque_push_back(void *front, void *back,
						  void *lens, u32 idx, u64 val)
{
	return __scxkit_dq_push(back, lens, idx, val);
}

/** scxkit_deque_push_front - prepend @val to deque @idx; as push_back. */
static __always_inline int scxkit_deque_push_front(void *front, void *back,
						   void *lens, u32 idx, u64 val)
{
	return __scxkit_dq_push(front, lens, idx, val);
}

/*
 * The front entry of deque @idx into @val: the stack's, else the queue's;
 * @pop (a constant at each call) removes it.  0, or -ENOENT when the
 * deque is empty or @idx is bad.
 */
static __always_inline int __scxkit_dq_front(void *front, void *back,
					     void *lens, u32 idx, u64 *val,
					     bool pop)
{
	void *s = __scxkit_dq_inner(front, idx);
	void *q = __scxkit_dq_inner(back, idx);

	if (!s || !q)
		return -ENOENT;
	if (pop) {
		if (bpf_map_pop_elem(s, val) && bpf_map_pop_elem(q, val))
			return -ENOENT;
		__scxkit_dq_add_len(lens, idx, -1);
		return 0;
	}
	if (bpf_map_peek_elem(s, val) && bpf_map_peek_elem(q, val))
		return -ENOENT;
	return 0;
}

/**
 * scxkit_deque_pop_front - remove the front entry of deque @idx into @val
 * Returns 0, or -ENOENT when the deque is empty or @idx is bad.
 */
static __always_inline int scxkit_deque_pop_front(void *front, void *back,
						  void *lens, u32 idx, u64 *val)
{
	return __scxkit_dq_front(front, back, lens, idx, val, true);
}

/** scxkit_deque_peek_front - copy the front entry without removing it. */
static __always_inline int
scxkit_deque_peek_front(void *front, void *back, void *lens, u32 idx, u64 *val)
{
	return __scxkit_dq_front(front, back, lens, idx, val, false);
}

/**
 * scxkit_deque_len - entries in deque @idx (stale ones included), 0 for a
 * bad @idx.  While others push and pop it may count one entry too many,
 * never one too few: 0 means empty.
 */
static __always_inline s64 scxkit_deque_len(void *front, void *back, void *lens,
					    u32 idx)
{
	s64 *len = bpf_map_lookup_elem(lens, &idx);

	return len && *len > 0 ? *len : 0;
}

#endif /* __SCXKIT_DEQUE_BPF_H */
