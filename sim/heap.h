/*
 * heap.h - an indexed binary min-heap of item numbers, in the style of libuv's src/heap-inl.h.
 *
 * libuv links heap nodes by pointer; here the heap is an array of uint32_t items (task or list
 * numbers), so that a snapshot of the loop is a plain copy. The order comes from the caller: a
 * `less` over two items, and optionally a `moved` callback told every item's new position, so
 * that an item can be removed from the middle (clearTimeout, a closed fd) in O(log n). Ties must
 * be broken by the caller's `less` (a sequence number), never by position: every order is total.
 *
 * The array's storage belongs to the caller, who makes room before heap_push.
 */
#ifndef SIM_HEAP_H
#define SIM_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct heap {
    uint32_t *items;         /* items[0] is the least; owned by whoever holds the heap */
    uint32_t len;
};

/* How a heap orders its items; `ctx` is the caller's (the loop). */
struct heap_order {
    bool (*less)(const void *ctx, uint32_t a, uint32_t b);
    void (*moved)(void *ctx, uint32_t item, uint32_t pos); /* NULL: positions not tracked */
};

static inline void heap_place(const struct heap *h, const struct heap_order *o, void *ctx,
                              uint32_t pos, uint32_t item)
{
    h->items[pos] = item;
    if (o->moved != NULL) {
        o->moved(ctx, item, pos);
    }
}

/* Moves the item at `pos` towards the root while it is less than its parent. */
static inline void heap_sift_up(struct heap *h, const struct heap_order *o, void *ctx,
                                uint32_t pos)
{
    uint32_t item = h->items[pos];
    while (pos > 0) {
        uint32_t parent = (pos - 1) / 2;
        if (!o->less(ctx, item, h->items[parent])) {
            break;
        }
        heap_place(h, o, ctx, pos, h->items[parent]);
        pos = parent;
    }
    heap_place(h, o, ctx, pos, item);
}

/* Moves the item at `pos` towards the leaves while a child is less than it. */
static inline void heap_sift_down(struct heap *h, const struct heap_order *o, void *ctx,
                                  uint32_t pos)
{
    uint32_t item = h->items[pos];
    for (;;) {
        uint32_t child = pos * 2 + 1;
        if (child >= h->len) {
            break;
        }
        if (child + 1 < h->len && o->less(ctx, h->items[child + 1], h->items[child])) {
            child++;
        }
        if (!o->less(ctx, h->items[child], item)) {
            break;
        }
        heap_place(h, o, ctx, pos, h->items[child]);
        pos = child;
    }
    heap_place(h, o, ctx, pos, item);
}

/* Adds `item`; the caller has made room for h->len + 1 items. */
static inline void heap_push(struct heap *h, const struct heap_order *o, void *ctx,
                             uint32_t item)
{
    h->items[h->len++] = item;
    heap_sift_up(h, o, ctx, h->len - 1);
}

/*
 * The item at `pos` has a new key (or is new there): it moves up if it is less than its parent,
 * else down. The order being total, at most one of the two moves it.
 */
static inline void heap_fix(struct heap *h, const struct heap_order *o, void *ctx, uint32_t pos)
{
    if (pos > 0 && o->less(ctx, h->items[pos], h->items[(pos - 1) / 2])) {
        heap_sift_up(h, o, ctx, pos);
    } else {
        heap_sift_down(h, o, ctx, pos);
    }
}

/* Removes the item at `pos` (libuv heap_remove): the last item takes its place. */
static inline void heap_remove_at(struct heap *h, const struct heap_order *o, void *ctx,
                                  uint32_t pos)
{
    uint32_t last = h->items[--h->len];
    if (pos == h->len) {
        return;
    }
    heap_place(h, o, ctx, pos, last);
    heap_fix(h, o, ctx, pos);
}

/* Removes and returns the least item; the heap must not be empty. */
static inline uint32_t heap_pop(struct heap *h, const struct heap_order *o, void *ctx)
{
    uint32_t top = h->items[0];
    heap_remove_at(h, o, ctx, 0);
    return top;
}

#endif
