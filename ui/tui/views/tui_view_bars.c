/*
 * tui_view_bars.c - the top bar, the status bar, the "too small" message, and the helpers every
 * view shares: pane titles, short milliseconds, scrolling keys.
 */
#include <stdio.h>
#include <string.h>

#include "tui.h"

/* ---- Shared helpers ---------------------------------------------------------------------- */

size_t tui_fmt_ms(char *out, uint64_t ns)
{
    size_t len = sim_format_ms(out, ns, true);
    out[len] = '\0';
    return len;
}

struct tui_rect tui_pane_body(struct tui_rect r)
{
    return (struct tui_rect){r.x, r.y + 1, r.w, r.h > 1 ? r.h - 1 : 0};
}

bool tui_scroll_key(int key, size_t *top, size_t total, size_t shown)
{
    size_t last = total > shown ? total - shown : 0;
    size_t page = shown > 1 ? shown - 1 : 1;
    switch (key) {
    case TUI_KEY_UP:
        *top = *top > 0 ? *top - 1 : 0;
        return true;
    case TUI_KEY_DOWN:
        *top = *top < last ? *top + 1 : last;
        return true;
    case TUI_KEY_PAGE_UP:
        *top = *top > page ? *top - page : 0;
        return true;
    case TUI_KEY_PAGE_DOWN:
        *top = *top + page < last ? *top + page : last;
        return true;
    case TUI_KEY_HOME:
        *top = 0;
        return true;
    case TUI_KEY_END:
        *top = last;
        return true;
    }
    return false;
}

/* The compact layout's title: every pane tab can show, this one marked. */
static int draw_tabs(struct tui *t, struct tui_rect r, enum tui_pane p)
{
    const enum tui_pane *tabs;
    int n = tui_layout_tabs(&tabs);
    int x = r.x + 1;
    for (int i = 0; i < n; i++) {
        enum tui_style style = tabs[i] == p ? TUI_STYLE_FOCUS : TUI_STYLE_DIM;
        x = tui_grid_putc(&t->grid, r, x, r.y, ' ', TUI_STYLE_DIM);
        x = tui_grid_puts(&t->grid, r, x, r.y, style, tui_pane_name(tabs[i]));
        x = tui_grid_putc(&t->grid, r, x, r.y, ' ', TUI_STYLE_DIM);
    }
    return x;
}

void tui_draw_title(struct tui *t, enum tui_pane p, const char *extra)
{
    struct tui_rect r = t->layout.pane[p];
    struct tui_rect row = {r.x, r.y, r.w, 1};
    tui_grid_fill(&t->grid, row, TUI_CH_HLINE, TUI_STYLE_DIM);
    int x;
    if (t->layout.mode == TUI_LAYOUT_COMPACT && p != TUI_PANE_LOOP) {
        x = draw_tabs(t, row, p);
    } else {
        bool focused = t->focus == p && tui_view_of(p)->key != NULL;
        x = tui_grid_putc(&t->grid, row, r.x + 1, r.y, ' ', TUI_STYLE_TITLE);
        x = tui_grid_puts(&t->grid, row, x, r.y, focused ? TUI_STYLE_FOCUS : TUI_STYLE_TITLE,
                          tui_pane_name(p));
        x = tui_grid_putc(&t->grid, row, x, r.y, ' ', TUI_STYLE_TITLE);
    }
    if (extra != NULL && extra[0] != '\0') {
        int width = tui_text_width(extra, strlen(extra)) + 2;
        int ex = r.x + r.w - 1 - width;
        ex = ex > x + 1 ? ex : x + 1;
        ex = tui_grid_putc(&t->grid, row, ex, r.y, ' ', TUI_STYLE_NORMAL);
        ex = tui_grid_puts(&t->grid, row, ex, r.y, TUI_STYLE_NORMAL, extra);
        tui_grid_putc(&t->grid, row, ex, r.y, ' ', TUI_STYLE_NORMAL);
    }
}

/* ---- Top bar ----------------------------------------------------------------------------- */

/* "event 12 of 50 · 8.5 ms · ▶ 5/s" */
static void top_status(const struct tui *t, char *buf, size_t size)
{
    const struct tui_model *m = t->model;
    char ms[UI_FMT_SIZE];
    tui_fmt_ms(ms, tui_now_ns(t));
    int len = snprintf(buf, size, "event %llu", (unsigned long long)m->pos);
    if (m->ended && len >= 0 && (size_t)len < size) {
        len += snprintf(buf + len, size - (size_t)len, " of %llu", (unsigned long long)m->known);
    }
    const char *mode = t->busy == TUI_BUSY_RUN      ? " \u00b7 running"
                       : t->busy == TUI_BUSY_SEARCH ? " \u00b7 searching"
                       : tui_model_at_end(m)        ? " \u00b7 end"
                                                    : "";
    if (len >= 0 && (size_t)len < size) {
        len += snprintf(buf + len, size - (size_t)len, " \u00b7 %s ms%s", ms, mode);
    }
    if (t->busy == TUI_BUSY_PLAY && len >= 0 && (size_t)len < size) {
        snprintf(buf + len, size - (size_t)len, " \u00b7 \u25b6 %d/s", tui_play_speed(t));
    }
}

static void draw_top(struct tui *t, struct tui_rect r)
{
    tui_grid_fill(&t->grid, r, ' ', TUI_STYLE_HEADER);
    char status[160];
    top_status(t, status, sizeof status);
    int width = tui_text_width(status, strlen(status));
    struct tui_rect left = {r.x, r.y, r.w - width - 2, 1};
    int x = tui_grid_puts(&t->grid, left, r.x + 1, r.y, TUI_STYLE_HEADER, "loopsim \u00b7 ");
    tui_grid_puts(&t->grid, left, x, r.y, TUI_STYLE_HEADER, t->prog->name);
    tui_grid_puts(&t->grid, r, r.x + r.w - 1 - width, r.y, TUI_STYLE_HEADER, status);
}

const struct tui_view tui_view_top = {TUI_PANE_TOP, draw_top, NULL};

/* ---- Status bar -------------------------------------------------------------------------- */

/* The short list of keys, as many as fit; the help and quit keys always do. */
static void draw_hints(struct tui *t, struct tui_rect r)
{
    static const char *const hints[][2] = {
        {"space", "step"}, {"b", "back"},   {"[ ]", "phase"},  {"{ }", "iteration"},
        {"g", "go to"},    {"r", "end"},    {"p", "play"},     {"/", "search"},
        {"tab", "pane"},   {"?", "help"},   {"q", "quit"},
    };
    enum { HINTS = sizeof hints / sizeof hints[0], ALWAYS = 2 };
    int need[HINTS];
    int always = 0;
    for (int i = 0; i < HINTS; i++) {
        need[i] = (int)(strlen(hints[i][0]) + 1 + strlen(hints[i][1]) + 2);
        always += i >= HINTS - ALWAYS ? need[i] : 0;
    }
    int x = r.x + 1;
    for (int i = 0; i < HINTS; i++) {
        bool fits = x + need[i] + (i < HINTS - ALWAYS ? always : 0) <= r.x + r.w;
        if (!fits && i < HINTS - ALWAYS) {
            continue;
        }
        x = tui_grid_puts(&t->grid, r, x, r.y, TUI_STYLE_KEY, hints[i][0]);
        x = tui_grid_puts(&t->grid, r, x + 1, r.y, TUI_STYLE_DIM, hints[i][1]) + 2;
    }
}

/* Predict mode's tally so far, "predict 3/4", at the right of the status bar; r loses it. */
static void draw_predict_tally(struct tui *t, struct tui_rect *r)
{
    if (!t->predict.on) {
        return;
    }
    char tally[48];
    snprintf(tally, sizeof tally, " predict %zu/%zu ", t->predict.tally[TUI_VERDICT_RIGHT],
             t->predict.count);
    int w = (int)strlen(tally);
    if (r->w < w + 20) {
        return;
    }
    tui_grid_puts(&t->grid, *r, r->x + r->w - w, r->y, TUI_STYLE_HEADER, tally);
    r->w -= w + 1;
}

static void draw_status(struct tui *t, struct tui_rect r)
{
    tui_grid_fill(&t->grid, r, ' ', TUI_STYLE_NORMAL);
    draw_predict_tally(t, &r);
    char verdict[1280];
    const struct tui_guess *g = t->model->pos > 0 ? tui_predict_guess(&t->predict, t->model->pos)
                                                  : NULL;
    if (t->prompt != TUI_PROMPT_NONE) {
        const char *label = t->prompt == TUI_PROMPT_GOTO
                                ? "go to (event number, 12.5ms, end): "
                                : "search (label, text, kind, phase): ";
        int x = tui_grid_puts(&t->grid, r, r.x + 1, r.y, TUI_STYLE_KEY, label);
        x = tui_grid_puts(&t->grid, r, x, r.y, TUI_STYLE_NORMAL, t->input);
        tui_grid_putc(&t->grid, r, x, r.y, TUI_CH_FULL, TUI_STYLE_NORMAL);
    } else if (t->message[0] != '\0') {
        tui_grid_puts(&t->grid, r, r.x + 1, r.y, t->message_warn ? TUI_STYLE_WARN : TUI_STYLE_NEW,
                      t->message);
    } else if (tui_predict_question(t) != NULL) {
        tui_grid_puts(&t->grid, r, r.x + 1, r.y, TUI_STYLE_KEY, tui_predict_question(t));
    } else if (tui_predict_verdict(t, verdict, sizeof verdict)) {
        bool right = g->verdict == TUI_VERDICT_RIGHT;
        tui_grid_puts(&t->grid, r, r.x + 1, r.y, right ? TUI_STYLE_NEW : TUI_STYLE_WARN, verdict);
    } else {
        draw_hints(t, r);
    }
}

const struct tui_view tui_view_status = {TUI_PANE_STATUS, draw_status, NULL};

/* ---- Whole screens ----------------------------------------------------------------------- */

void tui_draw_too_small(struct tui_grid *g)
{
    struct tui_rect r = {0, 0, g->cols, g->rows};
    char lines[3][80];
    snprintf(lines[0], sizeof lines[0], "loopsim needs %dx%d", TUI_MIN_COLS, TUI_MIN_ROWS);
    snprintf(lines[1], sizeof lines[1], "this is %dx%d", r.w, r.h);
    snprintf(lines[2], sizeof lines[2], "enlarge it, or q");
    int top = r.h > 3 ? (r.h - 3) / 2 : 0;
    for (int i = 0; i < 3 && top + i < r.h; i++) {
        int w = (int)strlen(lines[i]);
        int x = r.w > w ? (r.w - w) / 2 : 0;
        tui_grid_puts(g, r, x, top + i, i == 0 ? TUI_STYLE_WARN : TUI_STYLE_NORMAL, lines[i]);
    }
}
