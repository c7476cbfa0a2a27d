/*
 * strmap.c - a string map (open addressing, FNV-1a) and a list of indices (see strmap.h).
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

static uint32_t hash_string(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s != '\0'; s++) {
        h = (h ^ (unsigned char)*s) * 16777619u;
    }
    return h;
}

static struct strmap_slot *find(const struct strmap *m, const char *key, uint32_t h)
{
    for (uint32_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        struct strmap_slot *slot = &m->slots[i];
        if (slot->key == NULL || (slot->hash == h && strcmp(slot->key, key) == 0)) {
            return slot;
        }
    }
}

static bool grow(struct strmap *m)
{
    uint32_t cap = m->cap ? m->cap * 2 : 64;
    struct strmap bigger = {calloc(cap, sizeof(struct strmap_slot)), cap, m->used};
    if (bigger.slots == NULL) {
        return false;
    }
    for (uint32_t i = 0; i < m->cap; i++) {
        if (m->slots[i].key != NULL) {
            *find(&bigger, m->slots[i].key, m->slots[i].hash) = m->slots[i];
        }
    }
    free(m->slots);
    *m = bigger;
    return true;
}

bool sim__strmap_put(struct strmap *m, const char *key, uint32_t value, uint32_t *old)
{
    if ((m->used + 1) * 4 > m->cap * 3 && !grow(m)) {
        return false;
    }
    uint32_t h = hash_string(key);
    struct strmap_slot *slot = find(m, key, h);
    *old = slot->key != NULL ? slot->value : SIM_NONE;
    if (slot->key == NULL) {
        *slot = (struct strmap_slot){key, h, value};
        m->used++;
    }
    return true;
}

uint32_t sim__strmap_get(const struct strmap *m, const char *key)
{
    if (m->cap == 0) {
        return SIM_NONE;
    }
    const struct strmap_slot *slot = find(m, key, hash_string(key));
    return slot->key != NULL ? slot->value : SIM_NONE;
}

void sim__strmap_finish(struct strmap *m)
{
    free(m->slots);
    *m = (struct strmap){NULL, 0, 0};
}

bool sim__list_push(struct index_list *l, uint32_t v)
{
    if (l->count == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 64;
        uint32_t *items = realloc(l->items, cap * sizeof(*items));
        if (items == NULL) {
            return false;
        }
        l->items = items;
        l->cap = cap;
    }
    l->items[l->count++] = v;
    return true;
}

void sim__list_finish(struct index_list *l)
{
    free(l->items);
    *l = (struct index_list){NULL, 0, 0};
}
