/*
 * tui_view_loop.c - the loop pane: the places of one turn of the loop in libuv's order with
 * the current one highlighted, what waits for each, whether the loop is alive and why, and how
 * long poll would wait.
 *
 *   ── loop ───────────── iteration 4 · 8 ms ─
 *      main     the main script, before ...
 *      timers   1 timer, next due 50 ms
 *    ▶ poll     1 I/O waiting
 *      ...
 *    alive  yes: readFile, server is listening
 *    poll   38 ms: until the timer due at 50 ms
 *
 * Below TUI_LOOP_ROWS rows the phases fit on one line instead.
 */
#include <stdio.h>
#include <string.h>

#include "tui.h"

enum {
    NAME_COLS = 9,              /* "pending  " */
};

/* What the loop pane needs from the cursor's loop, gathered once per draw. */
struct loop_facts {
    const struct sim_state *st;
    enum sim_phase phase;       /* where the last event happened */
    uint64_t time_ns;           /* the time shown (tui_now_ns) */
    uint64_t event_ns;          /* the time of the last event, at or before it */
    uint64_t iteration;
    struct sim_item next_timer; /* valid when st.queue_len[SIM_QUEUE_TIMERS] > 0 */
    uint32_t busy_workers;
};

static void gather(struct tui *t, struct loop_facts *f)
{
    const struct tui_model *m = t->model;
    f->st = &t->st;
    f->phase = m->pos > 0 ? m->cur.ev.phase : SIM_PHASE_MAIN;
    f->time_ns = tui_now_ns(t);
    f->event_ns = m->pos > 0 ? m->cur.ev.time_ns : 0;
    f->iteration = m->pos > 0 ? m->cur.ev.iteration : 0;
    if (f->st->queue_len[SIM_QUEUE_TIMERS] > 0) {
        sim_loop_queue(m->loop, SIM_QUEUE_TIMERS, 0, &f->next_timer, 1);
    }
    f->busy_workers = 0;
    for (size_t i = 0; i < t->worker_count; i++) {
        f->busy_workers += t->workers[i].busy;
    }
}

static const char *plural(uint32_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/*
 * What waits for phase p, into buf. Returns false when nothing does: buf then holds what the
 * phase is for, to be shown dim.
 */
static bool phase_detail(const struct loop_facts *f, enum sim_phase p, char *buf, size_t size)
{
    const uint32_t *len = f->st->queue_len;
    char due[UI_FMT_SIZE];
    buf[0] = '\0';
    switch (p) {
    case SIM_PHASE_TIMERS:
        if (len[SIM_QUEUE_TIMERS] > 0) {
            tui_fmt_ms(due, f->next_timer.when_ns);
            snprintf(buf, size, "%u %s, next due %s ms", len[SIM_QUEUE_TIMERS],
                     plural(len[SIM_QUEUE_TIMERS], "timer", "timers"), due);
        }
        break;
    case SIM_PHASE_PENDING:
        if (len[SIM_QUEUE_PENDING] > 0) {
            snprintf(buf, size, "%u deferred I/O %s", len[SIM_QUEUE_PENDING],
                     plural(len[SIM_QUEUE_PENDING], "callback", "callbacks"));
        }
        break;
    case SIM_PHASE_POLL: {
        int n = 0;
        if (len[SIM_QUEUE_IO] > 0) {
            n += snprintf(buf + n, size - (size_t)n, "%u I/O waiting", len[SIM_QUEUE_IO]);
        }
        if (len[SIM_QUEUE_DONE] > 0 && (size_t)n < size) {
            n += snprintf(buf + n, size - (size_t)n, "%s%u %s done", n > 0 ? ", " : "",
                          len[SIM_QUEUE_DONE], plural(len[SIM_QUEUE_DONE], "job", "jobs"));
        }
        if (f->busy_workers > 0 && (size_t)n < size) {
            snprintf(buf + n, size - (size_t)n, "%s%u %s running", n > 0 ? ", " : "",
                     f->busy_workers, plural(f->busy_workers, "job", "jobs"));
        }
        break;
    }
    case SIM_PHASE_CHECK:
        if (len[SIM_QUEUE_IMMEDIATES] > 0) {
            snprintf(buf, size, "%u %s", len[SIM_QUEUE_IMMEDIATES],
                     plural(len[SIM_QUEUE_IMMEDIATES], "immediate", "immediates"));
        }
        break;
    case SIM_PHASE_CLOSE:
        if (len[SIM_QUEUE_CLOSE] > 0) {
            snprintf(buf, size, "%u close %s", len[SIM_QUEUE_CLOSE],
                     plural(len[SIM_QUEUE_CLOSE], "callback", "callbacks"));
        }
        break;
    default:
        break;
    }
    if (buf[0] != '\0') {
        return true;
    }
    snprintf(buf, size, "%s", sim_phase_what(p));
    return false;
}

/*
 * "38 ms: until the timer due at 50 ms", "0: an immediate is pending", "forever: ...". At a time
 * g went to, poll has already slept since the event: what is left of the timeout.
 */
static void poll_text(const struct loop_facts *f, char *buf, size_t size)
{
    int64_t ms = f->st->poll_timeout_ms;
    uint64_t slept_ms = (f->time_ns - f->event_ns) / 1000000;
    if (ms > 0) {
        ms = (uint64_t)ms > slept_ms ? ms - (int64_t)slept_ms : 0;
    }
    if (ms > 0 && f->st->queue_len[SIM_QUEUE_TIMERS] > 0) {
        char due[UI_FMT_SIZE];
        tui_fmt_ms(due, f->next_timer.when_ns);
        snprintf(buf, size, "%lld ms: until the timer due at %s ms", (long long)ms, due);
    } else if (ms > 0) {
        snprintf(buf, size, "%lld ms: %s", (long long)ms, f->st->timeout_why);
    } else {
        snprintf(buf, size, "%s", f->st->timeout_why);
    }
}

static void alive_text(struct tui *t, const struct loop_facts *f, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s: ", f->st->alive ? "yes" : "no");
    if (n > 0 && (size_t)n < size) {
        sim_loop_alive_why(t->model->loop, buf + n, size - (size_t)n);
    }
}

/* One row per place of the loop, then alive and poll. */
static void draw_list(struct tui *t, struct tui_rect r, const struct loop_facts *f)
{
    char text[512];
    int y = r.y + 1;
    for (int p = 0; p < SIM_PHASE_COUNT; p++, y++) {
        bool now = (enum sim_phase)p == f->phase;
        struct tui_rect row = {r.x, y, r.w, 1};
        bool waits = phase_detail(f, (enum sim_phase)p, text, sizeof text);
        if (now) {
            tui_grid_fill(&t->grid, row, ' ', TUI_STYLE_PHASE);
            tui_grid_putc(&t->grid, row, r.x + 1, y, TUI_CH_MARK, TUI_STYLE_PHASE);
        }
        enum tui_style name_style = now ? TUI_STYLE_PHASE : TUI_STYLE_NORMAL;
        enum tui_style text_style = now ? TUI_STYLE_PHASE : waits ? TUI_STYLE_NORMAL
                                                                  : TUI_STYLE_DIM;
        tui_grid_puts(&t->grid, row, r.x + 3, y, name_style, sim_phase_name((enum sim_phase)p));
        tui_grid_puts(&t->grid, row, r.x + 3 + NAME_COLS, y, text_style, text);
    }
    struct tui_rect row = {r.x, y, r.w, 1};
    alive_text(t, f, text, sizeof text);
    tui_grid_puts(&t->grid, row, r.x + 1, y, TUI_STYLE_TITLE, "alive");
    tui_grid_puts(&t->grid, row, r.x + 3 + NAME_COLS - 2, y, TUI_STYLE_NORMAL, text);
    row.y = ++y;
    poll_text(f, text, sizeof text);
    tui_grid_puts(&t->grid, row, r.x + 1, y, TUI_STYLE_TITLE, "poll");
    tui_grid_puts(&t->grid, row, r.x + 3 + NAME_COLS - 2, y, TUI_STYLE_NORMAL, text);
}

/* The compact form: the places on one line, then alive and poll on the next. */
static void draw_strip(struct tui *t, struct tui_rect r, const struct loop_facts *f)
{
    static const char *const brief[SIM_PHASE_COUNT] = {
        "main", "tim", "pend", "idle", "poll", "chk", "close", "exit",
    };
    int full = 2; /* the current phase's mark, and a margin */
    for (int p = 0; p < SIM_PHASE_COUNT; p++) {
        full += (int)strlen(sim_phase_name((enum sim_phase)p)) + 1;
    }
    bool short_names = full > r.w;
    int x = r.x;
    for (int p = 0; p < SIM_PHASE_COUNT && r.h > 1; p++) {
        bool now = (enum sim_phase)p == f->phase;
        const char *name = short_names ? brief[p] : sim_phase_name((enum sim_phase)p);
        enum tui_style style = now ? TUI_STYLE_PHASE : TUI_STYLE_DIM;
        x = tui_grid_putc(&t->grid, r, x, r.y + 1, ' ', TUI_STYLE_DIM);
        if (now) {
            x = tui_grid_putc(&t->grid, r, x, r.y + 1, TUI_CH_MARK, style);
        }
        x = tui_grid_puts(&t->grid, r, x, r.y + 1, style, name);
    }
    if (r.h > 2) {
        char poll[256];
        char alive[256];
        poll_text(f, poll, sizeof poll);
        alive_text(t, f, alive, sizeof alive);
        char line[600];
        snprintf(line, sizeof line, "poll %s \u00b7 alive %s", poll, alive);
        tui_grid_puts(&t->grid, r, r.x + 1, r.y + 2, TUI_STYLE_NORMAL, line);
    }
}

static void draw_loop(struct tui *t, struct tui_rect r)
{
    struct loop_facts f;
    gather(t, &f);
    char ms[UI_FMT_SIZE];
    char extra[96];
    tui_fmt_ms(ms, f.time_ns);
    snprintf(extra, sizeof extra, "iteration %llu \u00b7 %s ms", (unsigned long long)f.iteration,
             ms);
    tui_draw_title(t, TUI_PANE_LOOP, extra);
    if (r.h >= TUI_LOOP_ROWS) {
        draw_list(t, r, &f);
    } else {
        draw_strip(t, r, &f);
    }
}

const struct tui_view tui_view_loop = {TUI_PANE_LOOP, draw_loop, NULL};
