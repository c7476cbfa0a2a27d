/*
 * program.c - what the engine derives once from a loaded program: each statement's name.
 */
#include "program.h"

#include <stdlib.h>
#include <string.h>

static size_t put_name(char *dst, const struct sim_stmt *s)
{
    const char *op = sim_op_name(s->op);
    size_t n = strlen(op);
    memcpy(dst, op, n);
    dst[n++] = '#';
    char digits[12];
    int d = 0;
    uint32_t v = s->ordinal;
    do {
        digits[d++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (d > 0) {
        dst[n++] = digits[--d];
    }
    dst[n++] = '\0';
    return n;
}

int sim__program_name_stmts(struct sim_program *prog)
{
    size_t count = prog->stmt_count;
    const char **names = malloc(sizeof(char *) * (count ? count : 1));
    /* The longest op name is under 24 bytes, "#" and ten digits make it under 40. */
    char *storage = malloc(40 * (count ? count : 1));
    if (names == NULL || storage == NULL) {
        free(names);
        free(storage);
        return -SIM_ENOMEM;
    }
    struct sim_stmt *stmts = (struct sim_stmt *)prog->stmts;
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
