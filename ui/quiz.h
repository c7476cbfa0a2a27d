/*
 * quiz.h - the classroom's question about one program: in what order does it print its console
 * lines? What the question needs (the program as the students read it, the lines, every order
 * Node may print them in, and why each line comes where it does, from the engine's own reasons)
 * is built once (quiz_build); answers are graded against it (quiz_grade) and reported as text
 * or JSON (quiz_report). `loopsim quiz` (quiz.c), its curses list (tui/tui_quiz.c) and the
 * exercise sheet (quiz_sheet.c) share it.
 */
#ifndef UI_QUIZ_H
#define UI_QUIZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "sim.h"

/* One console line of an order Node may print. */
struct quiz_line {
    char *text;                 /* owned */
    size_t why;                 /* the paragraph that explains it (quiz.whys), or SIZE_MAX */
};

/* A line of the program as the students read it, numbered as in its file. */
struct quiz_source_line {
    uint32_t number;            /* its line in the file (the narration's labels name it) */
    size_t at;                  /* where it starts in quiz.program */
    size_t len;                 /* its bytes, without the newline */
};

/* One order Node may print the lines in. */
struct quiz_order {
    struct quiz_line *lines;    /* owned */
    size_t count;
    char **when;                /* owned: what makes Node print this order (a race's choice
                                   points), empty for a program whose order is fixed */
    size_t when_count;
    char *ending;               /* owned: how that run ended, as the narration says it */
};

struct quiz {
    const char *name;           /* borrowed: the scenario as the user named it */
    const char *title;          /* borrowed: the header comment's first line, or the program's
                                   name (a built-in's title, from its table) */
    const char *teaches;        /* borrowed: the description (what it teaches), or NULL */
    const char *prompt;         /* borrowed: the exercise's, or the question every quiz asks */
    int level;                  /* 1 .. SIM_EXERCISE_LEVELS (ui_level_name), or 0: none */
    const char *const *hints;   /* borrowed */
    size_t hint_count;
    struct ui_buf program;      /* owned: the program as the students read it, '\n' after each
                                   line, without the exercise's header comment */
    struct quiz_source_line *program_line; /* owned: each line of it */
    size_t program_lines;
    struct quiz_order *orders;  /* owned: the first is the one the engine's default run prints */
    size_t order_count;
    bool complete;              /* every order was found (the races' budget did not run out) */
    char **whys;                /* owned: the narration's paragraphs of the default run's
                                   callbacks, labels as `code` */
    size_t why_count;
    size_t *shuffled;           /* owned: the lines of orders[0] as the question lists them,
                                   in no order Node prints (when there is one) */
};

/*
 * Builds the question about `prog` (called `name`; both borrowed for the life of `q`). Runs the
 * program and explores its races. Returns 0, or UI_EXIT_USAGE after saying why on stderr.
 */
int quiz_build(struct quiz *q, const char *name, const struct sim_program *prog);

/* Frees what `q` owns; accepts NULL. */
void quiz_finish(struct quiz *q);

/* What became of one line of the order an answer was compared with. */
enum quiz_mark {
    QUIZ_IN_ORDER,              /* in the longest run of lines the answer has in Node's order */
    QUIZ_MOVED,                 /* in the answer, elsewhere */
    QUIZ_MISSING,               /* not in the answer */
};

/* An answer graded. */
struct quiz_grade {
    bool right;                 /* the answer is one of the orders */
    size_t order;               /* the order it was compared with: the closest one */
    size_t in_order;            /* lines in order (the longest common subsequence) */
    size_t total;               /* lines of that order */
    enum quiz_mark *marks;      /* owned: per line of the order */
    size_t *answered_at;        /* owned: per line of the order, its place in the answer, or
                                   SIZE_MAX */
    size_t *extra;              /* owned: the answer's lines matched with no line of the order */
    size_t extra_count;
    bool *never_printed;        /* owned: per extra line, the program never prints it at all */
};

/* Grades `answer` (`count` lines, borrowed). Returns 0, or -1 out of memory. */
int quiz_grade(const struct quiz *q, const char *const *answer, size_t count,
               struct quiz_grade *g);

/* Frees what `g` owns; accepts NULL. */
void quiz_grade_finish(struct quiz_grade *g);

/*
 * Appends the report of a graded answer called `who`: with `explain`, every line out of place
 * with the paragraph saying why it runs where it does; then the score line
 * "WHO: right|wrong, K/N lines in order".
 */
void quiz_report_text(const struct quiz *q, const struct quiz_grade *g,
                      const char *const *answer, const char *who, bool explain,
                      struct ui_buf *out);

/* Appends the same as one JSON object on one line (docs/teaching.md, "Grading"). */
void quiz_report_json(const struct quiz *q, const struct quiz_grade *g,
                      const char *const *answer, const char *who, struct ui_buf *out);

/*
 * The key of line i of the question's list of `count`: "a" to "z", or "1" to "N" past 26
 * lines (into buf, NUL-terminated).
 */
void quiz_key_name(size_t i, size_t count, char *buf, size_t size);

/*
 * Reads an order typed as keys ("c a b", "c,a,b", "cab"; "3 1 2") into order[0..count): each
 * the index of a line of the list. Returns 0, or -1 with what is wrong as a sentence in why.
 */
int quiz_parse_keys(const char *text, size_t count, size_t *order, char *why, size_t size);

/* Appends `text` wrapped at `width` columns, each line after `indent` spaces. */
void quiz_put_wrapped(struct ui_buf *out, const char *text, size_t indent, size_t width);

#endif
