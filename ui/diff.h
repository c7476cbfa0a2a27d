/*
 * diff.h - a line diff of two lists of strings, printed in unified style (`diff -u`): what
 * `loopsim check` shows when a scenario prints something else than its `expect`.
 */
#ifndef UI_DIFF_H
#define UI_DIFF_H

#include <stddef.h>
#include <stdio.h>

/* One line of an edit script: kept in both, only in the first list, or only in the second. */
struct ui_diff_op {
    char kind;                  /* ' ', '-' or '+' */
    size_t a;                   /* the line's index in the first list (' ' and '-') */
    size_t b;                   /* its index in the second list (' ' and '+') */
};

/* An edit script that turns list a into list b. */
struct ui_diff {
    struct ui_diff_op *ops;     /* owned, in order */
    size_t count;
    size_t changes;             /* the '-' and '+' lines */
};

/*
 * Diffs a (na lines) against b (nb lines) into `d` (caller memory; free with ui_diff_finish):
 * a shortest script where the differing middle is small enough, else a correct but longer one
 * that removes and adds that whole middle. The lists are borrowed for the call. Returns 0, or
 * -1 out of memory.
 */
int ui_diff_make(struct ui_diff *d, const char *const *a, size_t na, const char *const *b,
                 size_t nb);

/* Frees what `d` owns; accepts NULL. */
void ui_diff_finish(struct ui_diff *d);

/*
 * Prints the hunks of `d` (a and b as given to ui_diff_make) to fp after the header lines
 * "--- a_name" and "+++ b_name", each change with `context` unchanged lines around it
 * (SIZE_MAX: everything, one hunk). Control characters in lines are shown as JSON escapes.
 */
void ui_diff_print(FILE *fp, const struct ui_diff *d, const char *const *a, const char *const *b,
                   const char *a_name, const char *b_name, size_t context);

#endif
