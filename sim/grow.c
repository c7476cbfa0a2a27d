/*
 * grow.c - making room in an array that grows by doubling (grow.h).
 */
#include "grow.h"

#include <stdlib.h>

bool sim__grow_array(void **items, uint32_t *cap, uint32_t need, size_t size)
{
    if (need <= *cap) {
        return true;
    }
    if (need == UINT32_MAX) {
        return false;
    }
    uint32_t n = *cap ? *cap : 16;
    while (n < need) {
        n = n > UINT32_MAX / 2 ? UINT32_MAX - 1 : n * 2;
    }
    void *grown = realloc(*items, (size_t)n * size);
    if (grown == NULL) {
        return false;
    }
    *items = grown;
    *cap = n;
    return true;
}
