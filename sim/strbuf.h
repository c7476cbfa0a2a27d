/*
 * strbuf.h - a growing byte buffer for the text the engine makes itself (console lines, JSON,
 * a scenario written from annotations): always NUL-terminated, and an out-of-memory flag
 * instead of a result to check after every write (sim/ only).
 */
#ifndef SIM_STRBUF_H
#define SIM_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

/* No text grows past this (a JavaScript string's bound too): past it, `oom` is set. */
#define SIM_STRBUF_MAX ((size_t)1 << 28)

/* Zero-initialised is empty; free `b` when done. */
struct sim_strbuf {
    char *b;
    size_t len;
    size_t cap;
    bool oom;
};

/* Appends n bytes (nothing once `oom` is set). */
void sim__strbuf_put(struct sim_strbuf *t, const char *s, size_t n);

/* Appends a NUL-terminated string. */
void sim__strbuf_puts(struct sim_strbuf *t, const char *s);

#endif
