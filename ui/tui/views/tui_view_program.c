/*
 * tui_view_program.c - the program pane: the scenario as JavaScript (render_js.c), with the
 * callback now running marked in the gutter and the statement it is at highlighted (in a
 * JavaScript program, its line, and on it the statement's own columns).
 *
 *   ── program ──────────── in readFile ─
 *     console.log('main: ...');
 *     fs.readFile(__filename, (err, data) => {
 *   ▌   console.log('poll: ...');
 *   ▶   setImmediate(() => {
 *   ▌     console.log('check: ...');
 *
 * The pane keeps that statement a third of the way down until the arrow keys scroll it; left
 * and right scroll its long lines sideways, so a line cut at the pane's edge can be read whole.
 */

enum {
    SIDE_STEP = 8,              /* columns left and right scroll by */
};
#include <stdio.h>

#include "tui.h"

/* Where the program is: the line to highlight, and the lines of the running callback. */
struct program_spot {
    uint32_t line;              /* SIM_NONE: nothing to highlight */
    struct render_js_range body;
    const char *callback;       /* the running callback's name, or NULL */
};

static struct program_spot locate(struct tui *t)
{
    const struct sim_program *prog = t->prog;
    const struct tui_model *m = t->model;
    struct program_spot spot = {SIM_NONE, {SIM_NONE, SIM_NONE}, NULL};
    const struct sim_state *st = &t->st;
    uint32_t stmt = m->pos > 0 ? m->cur.ev.stmt : SIM_NONE;
    if (st->in_callback) {
        bool main = st->callback_stmt == SIM_NONE;
        uint32_t body = main ? prog->main_body : prog->stmts[st->callback_stmt].body;
        if (body != SIM_NONE) {
            spot.body = t->js.bodies[body];
        }
        spot.callback = main ? "the main script" : prog->names[st->callback_stmt];
        stmt = st->last_stmt != SIM_NONE ? st->last_stmt : st->callback_stmt;
    }
    if (st->js_line > 0 && st->js_line <= t->js.line_count) {
        /* A JavaScript program: its own line, where the running statement is. */
        spot.line = st->js_line - 1;
        spot.body = (struct render_js_range){SIM_NONE, SIM_NONE};
        spot.callback = m->pos > 0 && m->cur.ev.label != NULL ? m->cur.ev.label : spot.callback;
        return spot;
    }
    if (stmt != SIM_NONE && stmt < prog->stmt_count) {
        spot.line = t->js.stmts[stmt].first;
    }
    return spot;
}

static bool in_range(struct render_js_range r, uint32_t line)
{
    return r.first != SIM_NONE && line >= r.first && line <= r.last;
}

/* The widest line's columns, and how far right the lines can scroll in a body w wide. */
static uint32_t max_left(const struct tui *t, int w)
{
    int widest = 0;
    for (size_t i = 0; i < t->js.line_count; i++) {
        int lw = tui_text_width(render_js_text(&t->js, i), t->js.lines[i].len);
        widest = lw > widest ? lw : widest;
    }
    int room = w - 2; /* the gutter */
    return widest > room ? (uint32_t)(widest - room) : 0;
}

/* "in readFile", and "→ 16" once scrolled right. */
static void draw_program_title(struct tui *t, const struct program_spot *spot)
{
    char extra[128];
    int n = snprintf(extra, sizeof extra, "%s%s", spot->callback != NULL ? "in " : "",
                     spot->callback != NULL ? spot->callback : "");
    if (t->program_left > 0 && n >= 0 && (size_t)n < sizeof extra) {
        snprintf(extra + n, sizeof extra - (size_t)n, "%s\u2192 %u", n > 0 ? " \u00b7 " : "",
                 (unsigned)t->program_left);
    }
    tui_draw_title(t, TUI_PANE_PROGRAM, extra[0] != '\0' ? extra : NULL);
}

/*
 * A JavaScript program: the running statement's own columns on its line (several statements
 * may share a line, and a callback may be an expression inside it), in the EXPR style.
 */
static void mark_statement(struct tui *t, struct tui_rect row, uint32_t line)
{
    const struct sim_state *st = &t->st;
    if (st->js_line != line + 1 || st->js_col == 0) {
        return;
    }
    int from = (int)st->js_col - 1 - (int)t->program_left;
    int to = st->js_end_line == st->js_line ? (int)st->js_end_col - 1 - (int)t->program_left
                                            : row.w;
    from = from > 0 ? from : 0;
    to = to < row.w - 2 ? to : row.w - 2;
    if (to > from) {
        tui_grid_restyle(&t->grid, (struct tui_rect){row.x + 2 + from, row.y, to - from, 1},
                         TUI_STYLE_EXPR);
    }
}

static void draw_program(struct tui *t, struct tui_rect r)
{
    struct program_spot spot = locate(t);
    struct tui_rect body = tui_pane_body(r);
    uint32_t most = max_left(t, body.w);
    t->program_left = t->program_left < most ? t->program_left : most;
    draw_program_title(t, &spot);
    uint32_t lines = (uint32_t)t->js.line_count;
    uint32_t shown = (uint32_t)body.h;
    uint32_t last_top = lines > shown ? lines - shown : 0;
    if (t->program_follow) {
        /*
         * The statement a third of the way down, so that what follows it shows; the top when
         * no statement runs. A function of the position alone, so that b brings back the very
         * screen n left.
         */
        uint32_t line = spot.line != SIM_NONE ? spot.line : 0;
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
        const char *text = render_js_text(&t->js, line);
        size_t len = t->js.lines[line].len;
        size_t skip = tui_text_skip(text, len, (int)t->program_left);
        tui_grid_put(&t->grid, row, row.x + 2, row.y, now ? TUI_STYLE_LINE : TUI_STYLE_NORMAL,
                     text + skip, len - skip);
        if (now) {
            mark_statement(t, row, line);
        }
    }
}

/* Left and right: the lines sideways, by SIDE_STEP columns. */
static bool program_side_key(struct tui *t, int key)
{
    if (key == TUI_KEY_LEFT) {
        t->program_left = t->program_left > SIDE_STEP ? t->program_left - SIDE_STEP : 0;
        return true;
    }
    if (key == TUI_KEY_RIGHT) {
        struct tui_rect body = tui_pane_body(t->layout.pane[TUI_PANE_PROGRAM]);
        uint32_t most = max_left(t, body.w);
        t->program_left = t->program_left + SIDE_STEP < most ? t->program_left + SIDE_STEP : most;
        return true;
    }
    return false;
}

static bool program_key(struct tui *t, int key)
{
    if (program_side_key(t, key)) {
        return true;
    }
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
