/*
 * annotate.h - a program's `// loopsim: config ...` and `// loopsim: expect` comments applied
 * to the program (annotate.c; sim/js/ only).
 */
#ifndef SIM_JS_ANNOTATE_H
#define SIM_JS_ANNOTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"

/* The lines of an expect block, owned by the program (sim__js_expect_finish frees them). */
struct js_expect {
    const char **lines;
    size_t count;
};

/* An exercise's texts, owned by the program (sim__js_exercise_finish frees them). */
struct js_exercise {
    char *title;
    char *prompt;
    char **hints;
    size_t hint_count;
};

/*
 * Applies the annotations of `ast` (whose text is source[0..len)) to `prog`: its config, and
 * its expected output into `expect`, an exercise's level, prompt and hints into `exercise`.
 * False with `diag` filled (located at the comment) when one is malformed or out of memory.
 */
bool sim__js_annotate(struct sim_program *prog, const struct js_ast *ast, const char *source,
                      size_t len, struct js_expect *expect, struct js_exercise *exercise,
                      struct sim_diag *diag);

void sim__js_expect_finish(struct js_expect *expect);
void sim__js_exercise_finish(struct js_exercise *exercise);

#endif
