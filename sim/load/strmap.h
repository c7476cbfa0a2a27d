/*
 * strmap.h - the loader's two small containers: a map from strings to indices, and a growing
 * list of indices (sim/load/ only).
 */
#ifndef SIM_STRMAP_H
#define SIM_STRMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "program.h" /* SIM_NONE: what a map gives for a key it lacks */

struct strmap_slot {
    const char *key; /* borrowed; NULL: empty */
    uint32_t hash;
    uint32_t value;
};

/* An open-addressing hash map from strings to indices; zeroed, it is empty. */
struct strmap {
    struct strmap_slot *slots;
    uint32_t cap; /* 0 or a power of two */
    uint32_t used;
};

/*
 * Adds key → value unless the key is there: *old is then its value, else SIM_NONE. The key
 * is borrowed for the map's life. Returns false when out of memory.
 */
bool sim__strmap_put(struct strmap *m, const char *key, uint32_t value, uint32_t *old);

/* The value of `key`, or SIM_NONE. */
uint32_t sim__strmap_get(const struct strmap *m, const char *key);

/* Frees what the map holds (not its keys); it is empty again. */
void sim__strmap_finish(struct strmap *m);

/* A list of indices; zeroed, it is empty. */
struct index_list {
    uint32_t *items;
    uint32_t count;
    uint32_t cap;
};

/* Appends v; false when out of memory. */
bool sim__list_push(struct index_list *l, uint32_t v);

/* Frees the items; the list is empty again. */
void sim__list_finish(struct index_list *l);

#endif
