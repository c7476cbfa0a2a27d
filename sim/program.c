/*
 * program.c - what the engine derives once from a loaded program: each statement's name.
 */
#include "program.h"

#include <stdlib.h>
#include <string.h>

/* The digits of v, most significant first, into dst; returns how many. */
static size_t put_digits(char *dst, uint32_t v)
{
    char digits[12];
    size_t d = 0;
    do {
        digits[d++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    for (size_t i = 0; i < d; i++) {
        dst[i] = digits[d - 1 - i];
    }
    return d;
}

/* Writes "op#ordinal" and its NUL at dst (NULL: only counts); returns the bytes it takes. */
static size_t put_name(char *dst, const struct sim_stmt *s)
{
    char digits[12];
    const char *op = sim_op_name(s->op);
    size_t n = strlen(op);
    size_t d = put_digits(digits, s->ordinal);
    if (dst != NULL) {
        memcpy(dst, op, n);
        dst[n] = '#';
        memcpy(dst + n + 1, digits, d);
        dst[n + 1 + d] = '\0';
    }
    return n + d + 2;
}

int sim__program_name_stmts(struct sim_program *prog)
{
    size_t count = prog->stmt_count;
    size_t bytes = 1;
    struct sim_stmt *stmts = (struct sim_stmt *)prog->stmts;
    for (size_t i = 0; i < count; i++) {
        bytes += stmts[i].label != NULL ? 0 : put_name(NULL, &stmts[i]);
    }
    const char **names = malloc(sizeof(char *) * (count ? count : 1));
    char *storage = malloc(bytes); /* exactly what the default names take */
    if (names == NULL || storage == NULL) {
        free(names);
        free(storage);
        return -SIM_ENOMEM;
    }
    char *p = storage;
    for (size_t i = 0; i < count; i++) {
        if (stmts[i].label != NULL) {
            names[i] = stmts[i].label;
            stmts[i].label_varies = strchr(stmts[i].label, '{') != NULL;
        } else {
            names[i] = p;
            p += put_name(p, &stmts[i]);
        }
    }
    prog->names = names;
    prog->names_storage = storage;
    return 0;
}
