/*
 * tui_view_program.c - the program pane: the scenario as JavaScript (render_js.c), with the
 * callback now running marked in the gutter and the statement it is at highlighted.
 *
 *   ── program ──────────── in readFile ─
 *     console.log('main: ...');
 *     fs.readFile(__filename, (err, data) => {
 *   ▌   console.log('poll: ...');
 *   ▶   setImmediate(() => {
 *   ▌     console.log('check: ...');
 *
 * The pane keeps that statement a third of the way down until the arrow keys scroll it.
 */
#include <stdio.h>

#include "tui.h"

/* Where the program is: the line to highlight, and the lines of the running callback. */
struct program_spot {
    uint32_t line;              /* RENDER_JS_NONE: nothing to highlight */
    struct render_js_range body;
    const char *callback;       /* the running callback's name, or NULL */
};

static struct program_spot locate(struct tui *t)
{
    const struct sim_program *prog = t->prog;
    const struct tui_model *m = t->model;
    struct program_spot spot = {RENDER_JS_NONE, {RENDER_JS_NONE, RENDER_JS_NONE}, NULL};
    const struct sim_state *st = &t->st;
    uint32_t stmt = m->pos > 0 ? m->cur.ev.stmt : UINT32_MAX;
    if (st->in_callback) {
        bool main = st->callback_stmt == UINT32_MAX;
        uint32_t body = main ? prog->main_body : prog->stmts[st->callback_stmt].body;
        if (body != SIM_NO_BODY) {
            spot.body = t->js.bodies[body];
        }
        spot.callback = main ? "the main script" : prog->names[st->callback_stmt];
        stmt = st->last_stmt != UINT32_MAX ? st->last_stmt : st->callback_stmt;
    }
    if (stmt != UINT32_MAX && stmt < prog->stmt_count) {
        spot.line = t->js.stmts[stmt].first;
    }
    return spot;
}

static bool in_range(struct render_js_range r, uint32_t line)
{
    return r.first != RENDER_JS_NONE && line >= r.first && line <= r.last;
}

static void draw_program(struct tui *t, struct tui_rect r)
{
    struct program_spot spot = locate(t);
    char extra[96];
    snprintf(extra, sizeof extra, "in %s", spot.callback != NULL ? spot.callback : "");
    tui_draw_title(t, TUI_PANE_PROGRAM, spot.callback != NULL ? extra : NULL);
    struct tui_rect body = tui_pane_body(r);
    uint32_t lines = (uint32_t)t->js.line_count;
    uint32_t shown = (uint32_t)body.h;
    uint32_t last_top = lines > shown ? lines - shown : 0;
    if (t->program_follow) {
        /*
         * The statement a third of the way down, so that what follows it shows; the top when
         * no statement runs. A function of the position alone, so that b brings back the very
         * screen n left.
         */
        uint32_t line = spot.line != RENDER_JS_NONE ? spot.line : 0;
        t->program_top = line > shown / 3 ? line - shown / 3 : 0;
    }
    t->program_top = t->program_top < last_top ? t->program_top : last_top;
    for (uint32_t i = 0; i < shown && t->program_top + i < lines; i++) {
        uint32_t line = t->program_top + i;
        struct tui_rect row = {body.x, body.y + (int)i, body.w, 1};
        bool now = line == spot.line;
        if (now) {
            tui_grid_fill(&t->grid, row, ' ', TUI_STYLE_LINE);
            tui_grid_putc(&t->grid, row, row.x, row.y, TUI_CH_MARK, TUI_STYLE_LINE);
        } else if (in_range(spot.body, line)) {
            tui_grid_putc(&t->grid, row, row.x, row.y, TUI_CH_BAR, TUI_STYLE_BODY);
        }
        tui_grid_put(&t->grid, row, row.x + 2, row.y, now ? TUI_STYLE_LINE : TUI_STYLE_NORMAL,
                     render_js_text(&t->js, line), t->js.lines[line].len);
    }
}

static bool program_key(struct tui *t, int key)
{
    size_t top = t->program_top;
    struct tui_rect body = tui_pane_body(t->layout.pane[TUI_PANE_PROGRAM]);
    if (!tui_scroll_key(key, &top, t->js.line_count, (size_t)body.h)) {
        return false;
    }
    t->program_top = (uint32_t)top;
    t->program_follow = false;
    return true;
}

const struct tui_view tui_view_program = {TUI_PANE_PROGRAM, draw_program, program_key};
