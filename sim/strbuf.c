/*
 * strbuf.c - the engine's growing text buffer (strbuf.h): doubling, NUL-terminated.
 */
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

void sim__strbuf_put(struct sim_strbuf *t, const char *s, size_t n)
{
    if (t->oom) {
        return;
    }
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 64;
        while (t->len + n + 1 > cap) {
            cap *= 2;
        }
        char *grown = cap > SIM_STRBUF_MAX ? NULL : realloc(t->b, cap);
        if (grown == NULL) {
            t->oom = true;
            return;
        }
        t->b = grown;
        t->cap = cap;
    }
    memcpy(t->b + t->len, s, n);
    t->len += n;
    t->b[t->len] = '\0';
}

void sim__strbuf_puts(struct sim_strbuf *t, const char *s)
{
    sim__strbuf_put(t, s, strlen(s));
}
