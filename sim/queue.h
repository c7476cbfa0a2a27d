/*
 * queue.h - intrusive doubly linked FIFO lists, linked by index (libuv's src/queue.h, by index).
 *
 * The items of a queue are records of one array (the loop's tasks); each record holds its own
 * `struct queue_link`, so queuing never allocates, and since links are indices rather than
 * pointers, copying the array copies every queue (a snapshot is a plain copy). An item is in at
 * most one queue at a time. `struct queue_links` says where the links are: item i's at
 * `base + i * stride`.
 */
#ifndef SIM_QUEUE_H
#define SIM_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "program.h" /* SIM_NONE: the end of a queue */

struct queue {
    uint32_t head;
    uint32_t tail;
    uint32_t count;
};

struct queue_link {
    uint32_t next;
    uint32_t prev;
};

struct queue_links {
    char *base;              /* the link of item 0 */
    size_t stride;           /* the size of one item */
};

static inline struct queue_link *queue_link(struct queue_links l, uint32_t i)
{
    return (struct queue_link *)(l.base + (size_t)i * l.stride);
}

static inline void queue_init(struct queue *q)
{
    q->head = SIM_NONE;
    q->tail = SIM_NONE;
    q->count = 0;
}

/* Appends item i at the tail. */
static inline void queue_push(struct queue_links l, struct queue *q, uint32_t i)
{
    struct queue_link *link = queue_link(l, i);
    link->next = SIM_NONE;
    link->prev = q->tail;
    if (q->tail != SIM_NONE) {
        queue_link(l, q->tail)->next = i;
    } else {
        q->head = i;
    }
    q->tail = i;
    q->count++;
}

/* Inserts item i at the head. */
static inline void queue_push_front(struct queue_links l, struct queue *q, uint32_t i)
{
    struct queue_link *link = queue_link(l, i);
    link->prev = SIM_NONE;
    link->next = q->head;
    if (q->head != SIM_NONE) {
        queue_link(l, q->head)->prev = i;
    } else {
        q->tail = i;
    }
    q->head = i;
    q->count++;
}

/* Unlinks item i, which is in q. */
static inline void queue_remove(struct queue_links l, struct queue *q, uint32_t i)
{
    struct queue_link *link = queue_link(l, i);
    if (link->prev != SIM_NONE) {
        queue_link(l, link->prev)->next = link->next;
    } else {
        q->head = link->next;
    }
    if (link->next != SIM_NONE) {
        queue_link(l, link->next)->prev = link->prev;
    } else {
        q->tail = link->prev;
    }
    link->next = SIM_NONE;
    link->prev = SIM_NONE;
    q->count--;
}

/* Unlinks and returns the head, or SIM_NONE when q is empty. */
static inline uint32_t queue_pop(struct queue_links l, struct queue *q)
{
    uint32_t i = q->head;
    if (i != SIM_NONE) {
        queue_remove(l, q, i);
    }
    return i;
}

/* Moves every item of src to the tail of dst, in order, in O(1) (libuv's uv__queue_move). */
static inline void queue_splice(struct queue_links l, struct queue *dst, struct queue *src)
{
    if (src->head == SIM_NONE) {
        return;
    }
    if (dst->tail != SIM_NONE) {
        queue_link(l, dst->tail)->next = src->head;
        queue_link(l, src->head)->prev = dst->tail;
    } else {
        dst->head = src->head;
    }
    dst->tail = src->tail;
    dst->count += src->count;
    queue_init(src);
}

#endif
