/*
 * ui.c - error messages on stderr, and the closest-name suggestion for typos.
 */
#include "ui.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ui_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("loopsim: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* Levenshtein distance, or a value above `cap` as soon as it must exceed it. */
static size_t edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a);
    size_t lb = strlen(b);
    if (lb > 63 || (la > lb ? la - lb : lb - la) > cap) {
        return cap + 1;
    }
    size_t row[64];
    for (size_t j = 0; j <= lb; j++) {
        row[j] = j;
    }
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            best = up + 1 < best ? up + 1 : best;
            best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *ui_closest(const char *word, const char *const *names, size_t count)
{
    /* A likely typo: at most 2 edits, or a third of the word for longer words. */
    size_t len = strlen(word);
    size_t cap = len / 3 > 2 ? len / 3 : 2;
    const char *best = NULL;
    size_t best_distance = cap + 1;
    for (size_t i = 0; i < count; i++) {
        size_t d = edit_distance(word, names[i], cap);
        if (d < best_distance && d < strlen(names[i])) {
            best = names[i];
            best_distance = d;
        }
    }
    return best;
}

void ui_error_suggest(const char *message, const char *word, const char *const *names,
                      size_t count)
{
    const char *near = ui_closest(word, names, count);
    if (near != NULL) {
        ui_error("%s; did you mean '%s'?", message, near);
    } else {
        ui_error("%s", message);
    }
}
