/*
 * render_js.h - a scenario rendered as JavaScript-like source, with a map between its lines and
 * the program's statements.
 *
 * The TUI shows the program this way and highlights the statement the loop is running;
 * `loopsim js` prints it with the prelude, and `loopsim export-js` with what the JavaScript front
 * end reads back as well (RENDER_JS_EXPORT). The source reads like the
 * Node program the scenario stands for: the main script first, then the named functions (JS
 * hoists their declarations); durations the scenario gives (a job's `ms`, a client's arrival)
 * are comments, since real JavaScript has no such arguments.
 */
#ifndef UI_RENDER_JS_H
#define UI_RENDER_JS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "sim.h"


enum render_js_flags {
    RENDER_JS_PRELUDE = 1u << 0,    /* begin with 'use strict', the require()s and helpers */
    RENDER_JS_EXPORT = 1u << 1,     /* the prelude, and what loopsim reads back: durations as
                                       `// loopsim: Nms`, config as `// loopsim: config`, an
                                       ES module's import lines for entry "module" */
};

/* One line of the source. */
struct render_js_line {
    uint32_t offset;            /* where its text starts in `text` */
    uint32_t len;               /* its length in bytes, without the newline */
    uint32_t stmt;              /* the statement it shows, or SIM_NONE */
};

/* A first and last line (0-based, inclusive); SIM_NONE when there is none. */
struct render_js_range {
    uint32_t first;
    uint32_t last;
};

struct render_js {
    struct ui_buf text;                 /* owned: every line, each ended by '\n' */
    struct render_js_line *lines;       /* owned */
    size_t line_count;
    size_t line_cap;
    struct render_js_range *stmts;      /* owned, per statement: the lines it takes */
    struct render_js_range *bodies;     /* owned, per body: the lines of its statements (a
                                           function: its whole declaration) */
};

/*
 * Renders `prog` (borrowed for the call) into `r`, caller memory. Returns 0, or -SIM_ENOMEM with
 * `r` left empty. Free with render_js_finish in both cases.
 */
int render_js(struct render_js *r, const struct sim_program *prog, unsigned flags);

/*
 * Fills `r` (whose ranges are allocated) with the lines of a program's own source, as they are
 * (render_source.c). Returns 0, or -SIM_ENOMEM.
 */
int render_js_lines(struct render_js *r, const char *source, size_t len);

/* Frees what `r` owns; accepts NULL. */
void render_js_finish(struct render_js *r);

/* The text of line i (not NUL-terminated: its length is r->lines[i].len). */
const char *render_js_text(const struct render_js *r, size_t i);

/* Does a statement of op `op` bind `id` (a connect's socket, a listen's server, an io)? */
bool render_js_binds(const struct sim_program *prog, const char *id, enum sim_op op);

#endif
