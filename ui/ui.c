/*
 * ui.c - error messages on stderr, with the engine's closest-name suggestion for typos.
 */
#include "ui.h"

#include <stdarg.h>
#include <stdio.h>

#include "suggest.h"

void ui_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("loopsim: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void ui_error_suggest(const char *message, const char *word, const char *const *names,
                      size_t count)
{
    const char *near = sim_suggest_closest(word, names, count);
    if (near != NULL) {
        ui_error("%s; did you mean '%s'?", message, near);
    } else {
        ui_error("%s", message);
    }
}
