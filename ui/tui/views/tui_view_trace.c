/*
 * tui_view_trace.c - the trace pane (every event up to the cursor, one per row, and why the
 * selected one happened) and the console pane (what the program printed so far).
 *
 *   ── trace ──────────────────── event 27 ─
 *     25   8.000 worker-done readFile
 *     26   8.000 phase       -
 *   ▶ 27   8.000 callback    readFile
 *   why: worker-pool job finished at 8 ms; uv__work_done delivers the whole batch in poll
 *
 * The selection follows the cursor; the arrow keys move it back through the past without moving
 * the cursor, and enter takes the cursor there.
 */
#include <stdio.h>
#include <string.h>

#include "tui.h"

enum {
    PHASE_COLS = 8,             /* "pending " */
};

/* Columns of the trace rows, by the pane's width. */
struct trace_columns {
    int seq;                    /* digits of the largest event number */
    bool time;
    bool phase;
    int kind;
};

static struct trace_columns columns_for(int width, uint64_t last)
{
    struct trace_columns c = {1, width >= 36, width >= 64, width >= 50 ? 13 : 10};
    for (; last >= 10; last /= 10) {
        c.seq++;
    }
    return c;
}

static void draw_event(struct tui *t, struct tui_rect row, const struct tui_event *e,
                       const struct trace_columns *c, bool selected)
{
    const struct sim_event *ev = &e->ev;
    enum tui_style style = selected ? TUI_STYLE_SELECT : TUI_STYLE_NORMAL;
    if (selected) {
        tui_grid_fill(&t->grid, row, ' ', TUI_STYLE_SELECT);
    }
    if (ev->seq == t->model->pos) {
        tui_grid_putc(&t->grid, row, row.x, row.y, TUI_CH_MARK, style);
    }
    size_t at;
    if (tui_model_choice_at(t->model, ev->seq, &at) != NULL) {
        tui_grid_putc(&t->grid, row, row.x + 1, row.y, '~', selected ? style : TUI_STYLE_KEY);
    }
    int x = tui_grid_printf(&t->grid, row, row.x + 2, row.y, style, "%*llu", c->seq,
                            (unsigned long long)ev->seq);
    if (c->time) {
        char ms[UI_FMT_SIZE];
        ui_fmt_ms(ms, ev->time_ns);
        x = tui_grid_printf(&t->grid, row, x, row.y, selected ? style : TUI_STYLE_DIM, " %8s",
                            ms);
    }
    if (c->phase) {
        tui_grid_puts(&t->grid, row, x + 1, row.y, style, sim_phase_name(ev->phase));
        x += 1 + PHASE_COLS;
    }
    int after = tui_grid_puts(&t->grid, row, x + 1, row.y, style, sim_event_name(ev->kind));
    x = after + 1 > x + 1 + c->kind ? after + 1 : x + 1 + c->kind;
    if (ev->label != NULL) {
        x = tui_grid_puts(&t->grid, row, x, row.y, style, ev->label) + 1;
    }
    if (ev->text != NULL && ev->kind == SIM_EVENT_LOG) {
        tui_grid_printf(&t->grid, row, x, row.y, style, "\"%s\"", ev->text);
    } else if (ev->text != NULL && ev->kind != SIM_EVENT_PHASE) {
        tui_grid_puts(&t->grid, row, x, row.y, selected ? style : TUI_STYLE_DIM, ev->text);
    }
}

/* The reason's sentence; for the events whose reason has none, one that says what they are. */
void tui_why_text(const struct sim_event *ev, char *buf, size_t size)
{
    if (sim_event_reason(ev, buf, size) > 0) {
        return;
    }
    switch (ev->kind) {
    case SIM_EVENT_PHASE:
        snprintf(buf, size, "the loop enters the %s phase: %s", sim_phase_name(ev->phase),
                 sim_phase_what(ev->phase));
        break;
    case SIM_EVENT_LOG:
        snprintf(buf, size, "console.log runs at once, inside the callback that is running");
        break;
    case SIM_EVENT_BLOCK:
        snprintf(buf, size, "synchronous work: nothing else runs until it is over");
        break;
    default:
        snprintf(buf, size, "%s", ev->text != NULL ? ev->text : sim_event_name(ev->kind));
        break;
    }
}

/* The rows s takes wrapped to `cols` columns, as tui_grid_wrap cuts it. */
static int wrapped_rows(const char *s, int cols)
{
    size_t left = strlen(s);
    int rows = 0;
    while (left > 0 && cols > 0) {
        size_t n = tui_text_wrap(s, left, cols);
        s += n;
        left -= n;
        if (left > 0 && (*s == ' ' || *s == '\n')) {
            s++;
            left--;
        }
        rows++;
    }
    return rows;
}

/*
 * The why of a selected event that sits on a choice point: the race first, with what its
 * other alternative does and the key that runs it, then the event's own reason.
 */
static void race_why_text(const struct tui_model *m, const struct sim_event *ev, char *buf,
                          size_t size)
{
    size_t at;
    const struct sim_choice *c = tui_model_choice_at(m, ev->seq, &at);
    if (c == NULL) {
        tui_why_text(ev, buf, size);
        return;
    }
    static const char head[] = "a race (x: the other branch): if ";
    size_t n = snprintf(buf, size, "%s", head) > 0 ? sizeof head - 1 : 0;
    n += n < size ? sim_choice_sentence(c, c->taken == 0 ? 1 : 0, buf + n, size - n) : 0;
    n += n < size ? (size_t)snprintf(buf + n, size - n, ". This event: ") : 0;
    if (n < size) {
        tui_why_text(ev, buf + n, size - n);
    }
}

/* "why ..." wrapped over the rows of r; i shows it whole when it does not fit. */
static void draw_why(struct tui *t, struct tui_rect r, const struct tui_event *e)
{
    char why[1024];
    if (e == NULL) {
        snprintf(why, sizeof why, "nothing has run yet. The main script runs first: press space "
                                  "to see its first event.");
    } else {
        race_why_text(t->model, &e->ev, why, sizeof why);
    }
    tui_grid_puts(&t->grid, r, r.x + 1, r.y, TUI_STYLE_TITLE, "why");
    struct tui_rect text = {r.x + 5, r.y, r.w - 6, r.h};
    tui_grid_wrap(&t->grid, text, TUI_STYLE_NORMAL, why);
    if (e != NULL && wrapped_rows(why, text.w) > text.h && text.w > 12) {
        /* Cut: the end of its last row says where to read it whole. */
        static const char more[] = "\u2026 i: all";
        int x = text.x + text.w - tui_text_width(more, strlen(more));
        struct tui_rect last = {x - 1, text.y + text.h - 1, text.x + text.w - x + 1, 1};
        tui_grid_fill(&t->grid, last, ' ', TUI_STYLE_NORMAL);
        tui_grid_puts(&t->grid, last, x, last.y, TUI_STYLE_KEY, more);
    }
}

/* Scrolls the list so the selection shows, filling the pane when there are enough events. */
static void keep_in_sight(struct tui *t, size_t rows)
{
    uint64_t total = t->model->pos;
    uint64_t sel = t->trace_sel > 0 ? t->trace_sel : 1;
    uint64_t *top = &t->trace_top;
    *top = *top > 0 ? *top : 1;
    *top = sel < *top ? sel : *top;
    *top = sel >= *top + rows ? sel - rows + 1 : *top;
    if (*top + rows > total + 1) {
        *top = total + 1 > rows ? total + 1 - rows : 1;
    }
}

static void draw_trace(struct tui *t, struct tui_rect r)
{
    const struct tui_model *m = t->model;
    if (t->trace_follow || t->trace_sel > m->pos) {
        t->trace_sel = m->pos;
    }
    char extra[64];
    snprintf(extra, sizeof extra, "event %llu", (unsigned long long)t->trace_sel);
    tui_draw_title(t, TUI_PANE_TRACE, t->trace_sel > 0 ? extra : NULL);
    struct tui_rect body = tui_pane_body(r);
    int why_rows = body.h >= 10 ? 3 : body.h >= 4 ? 2 : 1;
    size_t rows = body.h > why_rows ? (size_t)(body.h - why_rows) : 1;
    keep_in_sight(t, rows);
    /* The past only: events after the cursor may be known, but have not happened yet. */
    uint64_t past = m->pos >= t->trace_top ? m->pos - t->trace_top + 1 : 0;
    size_t got = 0;
    const struct tui_event *events =
        tui_model_window(t->model, t->trace_top, past < rows ? (size_t)past : rows, &got);
    struct trace_columns c = columns_for(body.w, m->pos);
    const struct tui_event *selected = NULL;
    for (size_t i = 0; events != NULL && i < got; i++) {
        struct tui_rect row = {body.x, body.y + (int)i, body.w, 1};
        bool sel = events[i].ev.seq == t->trace_sel;
        draw_event(t, row, &events[i], &c, sel);
        selected = sel ? &events[i] : selected;
    }
    struct tui_rect why = {body.x, body.y + (int)rows, body.w, why_rows};
    draw_why(t, why, selected);
}

static bool trace_key(struct tui *t, int key)
{
    if (key == TUI_KEY_ENTER) {
        tui_go(t, t->trace_sel);
        return true;
    }
    struct tui_rect body = tui_pane_body(t->layout.pane[TUI_PANE_TRACE]);
    size_t page = body.h > 4 ? (size_t)body.h - 3 : 1;
    uint64_t last = t->model->pos;
    uint64_t sel = t->trace_sel;
    switch (key) {
    case TUI_KEY_UP:
        sel = sel > 1 ? sel - 1 : sel;
        break;
    case TUI_KEY_DOWN:
        sel = sel < last ? sel + 1 : sel;
        break;
    case TUI_KEY_PAGE_UP:
        sel = sel > page ? sel - page : (last > 0 ? 1 : 0);
        break;
    case TUI_KEY_PAGE_DOWN:
        sel = sel + page < last ? sel + page : last;
        break;
    case TUI_KEY_HOME:
        sel = last > 0 ? 1 : 0;
        break;
    case TUI_KEY_END:
        sel = last;
        break;
    default:
        return false;
    }
    t->trace_sel = sel;
    t->trace_follow = sel == last;
    return true;
}

const struct tui_view tui_view_trace = {TUI_PANE_TRACE, draw_trace, trace_key};

/* ---- Console ----------------------------------------------------------------------------- */

static void draw_console(struct tui *t, struct tui_rect r)
{
    const struct tui_model *m = t->model;
    size_t n = tui_model_log_count(m, m->pos);
    char extra[48];
    snprintf(extra, sizeof extra, "%zu %s", n, n == 1 ? "line" : "lines");
    tui_draw_title(t, TUI_PANE_CONSOLE, n > 0 ? extra : NULL);
    struct tui_rect body = tui_pane_body(r);
    if (n == 0) {
        tui_grid_puts(&t->grid, body, body.x + 1, body.y, TUI_STYLE_DIM, "nothing printed yet");
        return;
    }
    size_t rows = (size_t)body.h;
    size_t max_back = n > rows ? n - rows : 0;
    t->console_back = t->console_back < max_back ? t->console_back : max_back;
    size_t first = n > rows + t->console_back ? n - rows - t->console_back : 0;
    for (size_t i = 0; i < rows && first + i < n; i++) {
        size_t len;
        uint64_t pos;
        const char *text = tui_model_log(m, first + i, &len, &pos);
        enum tui_style style = pos == m->pos ? TUI_STYLE_NEW : TUI_STYLE_NORMAL;
        tui_grid_put(&t->grid, body, body.x + 1, body.y + (int)i, style, text, len);
    }
}

static bool console_key(struct tui *t, int key)
{
    size_t n = tui_model_log_count(t->model, t->model->pos);
    size_t rows = (size_t)tui_pane_body(t->layout.pane[TUI_PANE_CONSOLE]).h;
    size_t last_top = n > rows ? n - rows : 0;
    size_t top = last_top - (t->console_back < last_top ? t->console_back : last_top);
    if (!tui_scroll_key(key, &top, n, rows)) {
        return false;
    }
    t->console_back = last_top - top;
    return true;
}

const struct tui_view tui_view_console = {TUI_PANE_CONSOLE, draw_console, console_key};
