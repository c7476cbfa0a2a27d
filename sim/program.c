/*
 * program.c - what the engine derives once from a loaded program: each statement's name.
 */
#include "program.h"
#include "sim.h"

#include <stdlib.h>
#include <string.h>

/* Writes "op#ordinal" and its NUL at dst (NULL: only counts); returns the bytes it takes. */
static size_t put_name(char *dst, const struct sim_stmt *s)
{
    char digits[SIM_FORMAT_U64_MAX];
    const char *op = sim_op_name(s->op);
    size_t n = strlen(op);
    size_t d = sim_format_u64(digits, s->ordinal);
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
