/*
 * arena.c - a bump allocator for what a program points at (see arena.h).
 */
#include "arena.h"

#include <stdlib.h>

#define ARENA_CHUNK (256u * 1024u)

void *sim__arena_alloc(struct chunk **arena, size_t n, size_t align)
{
    struct chunk *c = *arena;
    size_t at = c != NULL ? (c->used + align - 1) & ~(align - 1) : 0;
    if (c == NULL || at > c->size || c->size - at < n) {
        size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        c = malloc(sizeof(*c) + size);
        if (c == NULL) {
            return NULL;
        }
        *c = (struct chunk){*arena, 0, size};
        *arena = c;
        at = 0;
    }
    c->used = at + n;
    return (char *)c->data + at;
}

void sim__arena_free(struct chunk *arena)
{
    while (arena != NULL) {
        struct chunk *next = arena->next;
        free(arena);
        arena = next;
    }
}
