/*
 * grow.h - making room in an array that grows by doubling, for the parts of sim/ that have no
 * loop to report to (the compiler, the races' exploration); sim__grow (loop.c) is this with
 * the loop's error set (sim/ only).
 */
#ifndef SIM_GROW_H
#define SIM_GROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Makes room for `need` elements of `size` bytes in *items (capacity *cap): at least 16, then
 * doubling. False when memory runs out or `need` is UINT32_MAX (indices are 32-bit); the array
 * is then unchanged.
 */
bool sim__grow_array(void **items, uint32_t *cap, uint32_t need, size_t size);

#endif
