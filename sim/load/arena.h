/*
 * arena.h - the memory a program's strings and small arrays live in (sim/load/ only).
 *
 * Chunks of 256 KiB (or one as large as an allocation that needs more), handed out in order and
 * freed together when the program is destroyed: strings cost their bytes and nothing more.
 */
#ifndef SIM_ARENA_H
#define SIM_ARENA_H

#include <stddef.h>

/* One chunk; the arena is the list of them, newest first. */
struct chunk {
    struct chunk *next;
    size_t used;
    size_t size;
    max_align_t data[];
};

/* `n` bytes aligned to `align` (a power of two) from *arena, or NULL when out of memory. */
void *sim__arena_alloc(struct chunk **arena, size_t n, size_t align);

/* Frees every chunk; accepts NULL. */
void sim__arena_free(struct chunk *arena);

#endif
