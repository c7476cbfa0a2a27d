/*
 * tui_view_queues.c - the queues pane (what waits in each queue, in the order it will run) and
 * the worker pool pane (one lane per worker with its job's progress in virtual time, and the
 * FIFO of jobs waiting for a worker).
 *
 *   ── queues ─────────────────          ── workers ──────── 4 threads · 1 busy ─
 *    nextTick   first nextTick             1 ██████░░░░░░ readFile  1/2 ms
 *    timers     timer 50 ms   due 50 ms     2 ············ idle
 *               t2     due 60 ms · unref   waiting: (none)
 */
#include <stdio.h>
#include <string.h>

#include "tui.h"

enum {
    QUEUE_NAME_COLS = 11,       /* "microtasks " */
    LABEL_MIN = 8,              /* a label is cut no shorter, to make room for its detail */
};

/* The queues in the order the loop gets to them after the current callback. */
static const enum sim_queue queue_order[] = {
    SIM_QUEUE_TICKS,   SIM_QUEUE_MICROTASKS, SIM_QUEUE_TIMERS, SIM_QUEUE_PENDING,
    SIM_QUEUE_IMMEDIATES, SIM_QUEUE_CLOSE, SIM_QUEUE_IO,     SIM_QUEUE_DONE,
};

/* What an item's right side says: "due 50 ms · ref", "ready 20 ms", "unref". */
static void item_detail(enum sim_queue q, const struct sim_item *it, char *buf, size_t size)
{
    char ms[UI_FMT_SIZE];
    tui_fmt_ms(ms, it->when_ns);
    switch (q) {
    case SIM_QUEUE_TIMERS:
        snprintf(buf, size, "due %s ms \u00b7 %s", ms, it->refed ? "ref" : "unref");
        break;
    case SIM_QUEUE_IMMEDIATES:
        snprintf(buf, size, "%s", it->refed ? "ref" : "unref");
        break;
    case SIM_QUEUE_IO:
        snprintf(buf, size, "ready %s ms", ms);
        break;
    case SIM_QUEUE_DONE:
        snprintf(buf, size, "done %s ms", ms);
        break;
    default:
        buf[0] = '\0'; /* ticks, microtasks, pending and close callbacks are not handles */
        break;
    }
}

/*
 * One row: the queue's name on its first item, the label, the detail at the right. A label cut
 * to make room loses its middle: labels differ at their end (`setTimeout#1`, `setTimeout#2`).
 */
static void draw_item(struct tui *t, struct tui_rect row, enum sim_queue q, size_t index,
                      const struct sim_item *it, bool picked)
{
    if (picked) {
        tui_grid_putc(&t->grid, row, row.x, row.y, TUI_CH_MARK, TUI_STYLE_SELECT);
    }
    if (index == 0) {
        tui_grid_puts(&t->grid, row, row.x + 1, row.y, TUI_STYLE_TITLE, sim_queue_name(q));
    }
    char detail[64];
    item_detail(q, it, detail, sizeof detail);
    /* The detail at the right edge; a long label is cut for it, down to LABEL_MIN columns. */
    int label_x = row.x + 1 + QUEUE_NAME_COLS;
    int detail_w = tui_text_width(detail, strlen(detail));
    int label_w = tui_text_width(it->label, strlen(it->label));
    int room = row.x + row.w - 1 - label_x - (detail_w > 0 ? detail_w + 1 : 0);
    room = room > LABEL_MIN ? room : LABEL_MIN;
    struct tui_rect label = {label_x, row.y, label_w < room ? label_w : room, 1};
    int x = tui_grid_put_middle(&t->grid, label, label_x, row.y,
                                picked ? TUI_STYLE_SELECT : TUI_STYLE_NORMAL, it->label,
                                strlen(it->label));
    x = x < label.x + label.w ? x : label.x + label.w;
    int right = row.x + row.w - 1 - detail_w;
    tui_grid_puts(&t->grid, row, right > x + 1 ? right : x + 1, row.y,
                  picked ? TUI_STYLE_SELECT : TUI_STYLE_DIM, detail);
}

/* " N more ", right-aligned on row y of pane r: what is below the scrolled part. */
static void draw_more(struct tui *t, struct tui_rect r, size_t n, int y)
{
    char more[48];
    snprintf(more, sizeof more, " %zu more ", n);
    tui_grid_puts(&t->grid, r, r.x + r.w - 1 - (int)strlen(more), y, TUI_STYLE_KEY, more);
}

bool tui_queues_lists(enum sim_queue q)
{
    for (size_t i = 0; i < sizeof queue_order / sizeof queue_order[0]; i++) {
        if (queue_order[i] == q) {
            return true;
        }
    }
    return false;
}

static size_t queue_rows(const struct sim_state *st)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof queue_order / sizeof queue_order[0]; i++) {
        n += st->queue_len[queue_order[i]];
    }
    return n;
}

size_t tui_queues_rows(const struct tui *t)
{
    struct sim_state st;
    sim_loop_state(t->model->loop, &st);
    return queue_rows(&st);
}

bool tui_queues_row(const struct tui *t, size_t row, enum sim_queue *q, struct sim_item *item)
{
    struct sim_state st;
    sim_loop_state(t->model->loop, &st);
    for (size_t i = 0; i < sizeof queue_order / sizeof queue_order[0]; i++) {
        size_t len = st.queue_len[queue_order[i]];
        if (row < len) {
            *q = queue_order[i];
            return sim_loop_queue(t->model->loop, *q, row, item, 1) == 1;
        }
        row -= len;
    }
    return false;
}

/* Predict mode asks: the row picked is marked, and kept in view. */
static void mark_pick(struct tui *t, struct tui_rect body, size_t total)
{
    size_t shown = (size_t)body.h;
    size_t pick = t->predict.pick < total ? t->predict.pick : total - 1;
    if (pick < t->queues_top) {
        t->queues_top = pick;
    } else if (pick >= t->queues_top + shown) {
        t->queues_top = pick - shown + 1;
    }
}

static void draw_queues(struct tui *t, struct tui_rect r)
{
    const struct sim_state *st = &t->st;
    size_t total = queue_rows(st);
    bool asking = t->predict.asking;
    char extra[64];
    snprintf(extra, sizeof extra, "%s%zu waiting", asking ? "pick the next callback \u00b7 " : "",
             total);
    tui_draw_title(t, TUI_PANE_QUEUES, total > 0 ? extra : NULL);
    struct tui_rect body = tui_pane_body(r);
    if (total == 0) {
        tui_grid_puts(&t->grid, body, body.x + 1, body.y, TUI_STYLE_DIM, "every queue is empty");
        return;
    }
    size_t shown = (size_t)body.h;
    if (asking) {
        mark_pick(t, body, total);
    }
    t->queues_top = t->queues_top + shown > total ? (total > shown ? total - shown : 0)
                                                  : t->queues_top;
    size_t skip = t->queues_top;
    int y = body.y;
    for (size_t i = 0; i < sizeof queue_order / sizeof queue_order[0] && y < body.y + body.h;
         i++) {
        enum sim_queue q = queue_order[i];
        size_t len = st->queue_len[q];
        if (skip >= len) {
            skip -= len;
            continue;
        }
        struct sim_item items[64];
        size_t want = (size_t)(body.y + body.h - y);
        want = want < 64 ? want : 64;
        size_t got = sim_loop_queue(t->model->loop, q, skip, items, want);
        for (size_t k = 0; k < got && y < body.y + body.h; k++, y++) {
            struct tui_rect row = {body.x, y, body.w, 1};
            bool picked = asking && (size_t)(y - body.y) + t->queues_top == t->predict.pick;
            if (picked) {
                tui_grid_fill(&t->grid, row, ' ', TUI_STYLE_SELECT);
            }
            draw_item(t, row, q, skip + k, &items[k], picked);
        }
        skip = 0;
    }
    if (t->queues_top + shown < total) {
        draw_more(t, r, total - t->queues_top - shown, r.y + r.h - 1);
    }
}

static bool queues_key(struct tui *t, int key)
{
    if (t->predict.asking) {
        return tui_scroll_key(key, &t->predict.pick, queue_rows(&t->st), 1);
    }
    struct tui_rect body = tui_pane_body(t->layout.pane[TUI_PANE_QUEUES]);
    return tui_scroll_key(key, &t->queues_top, queue_rows(&t->st), (size_t)body.h);
}

const struct tui_view tui_view_queues = {TUI_PANE_QUEUES, draw_queues, queues_key};

/* ---- Workers ----------------------------------------------------------------------------- */

/* " 1 ██████░░░░░░ readFile  1/2 ms" */
static void draw_lane(struct tui *t, struct tui_rect row, size_t index, const struct sim_worker *w,
                      uint64_t now)
{
    int bar = row.w / 3;
    bar = bar < 6 ? 6 : bar > 24 ? 24 : bar;
    int x = tui_grid_printf(&t->grid, row, row.x, row.y, TUI_STYLE_DIM, "%3zu ", index + 1);
    if (!w->busy) {
        for (int i = 0; i < bar; i++) {
            tui_grid_putc(&t->grid, row, x + i, row.y, TUI_CH_DOT, TUI_STYLE_DIM);
        }
        tui_grid_puts(&t->grid, row, x + bar + 1, row.y, TUI_STYLE_DIM, "idle");
        return;
    }
    uint64_t span = w->finish_ns > w->start_ns ? w->finish_ns - w->start_ns : 1;
    uint64_t done = now > w->start_ns ? now - w->start_ns : 0;
    done = done < span ? done : span;
    int filled = (int)((done * (uint64_t)bar + span / 2) / span);
    for (int i = 0; i < bar; i++) {
        bool full = i < filled;
        tui_grid_putc(&t->grid, row, x + i, row.y, full ? TUI_CH_FULL : TUI_CH_LIGHT,
                      full ? TUI_STYLE_BAR : TUI_STYLE_DIM);
    }
    char a[UI_FMT_SIZE];
    char b[UI_FMT_SIZE];
    char progress[2 * UI_FMT_SIZE + 8];
    tui_fmt_ms(a, done);
    tui_fmt_ms(b, span);
    snprintf(progress, sizeof progress, "%s/%s ms", a, b);
    int pw = (int)strlen(progress);
    struct tui_rect label = {x + bar + 1, row.y, row.x + row.w - (x + bar + 1) - pw - 2, 1};
    tui_grid_put_middle(&t->grid, label, label.x, row.y, TUI_STYLE_NORMAL, w->label,
                        strlen(w->label));
    tui_grid_puts(&t->grid, row, row.x + row.w - 1 - pw, row.y, TUI_STYLE_DIM, progress);
}

/* "waiting: a, b, c" - the pool's FIFO, from its head. */
static void draw_fifo(struct tui *t, struct tui_rect row, uint32_t waiting)
{
    int x = tui_grid_puts(&t->grid, row, row.x + 1, row.y, TUI_STYLE_TITLE, "waiting ");
    if (waiting == 0) {
        tui_grid_puts(&t->grid, row, x, row.y, TUI_STYLE_DIM, "no job waits for a worker");
        return;
    }
    struct sim_item items[16];
    size_t got = sim_loop_queue(t->model->loop, SIM_QUEUE_WORK, 0, items, 16);
    for (size_t i = 0; i < got && x < row.x + row.w; i++) {
        x = tui_grid_puts(&t->grid, row, x, row.y, TUI_STYLE_NORMAL, items[i].label);
        if (i + 1 < waiting) {
            x = tui_grid_puts(&t->grid, row, x, row.y, TUI_STYLE_DIM, ", ");
        }
    }
    if (waiting > got) {
        tui_grid_printf(&t->grid, row, x, row.y, TUI_STYLE_DIM, "+%u", waiting - (uint32_t)got);
    }
}

static void draw_workers(struct tui *t, struct tui_rect r)
{
    size_t n = t->worker_count;
    size_t busy = 0;
    for (size_t i = 0; i < n; i++) {
        busy += t->workers[i].busy;
    }
    char extra[64];
    snprintf(extra, sizeof extra, "%zu %s \u00b7 %zu busy", n, n == 1 ? "thread" : "threads",
             busy);
    tui_draw_title(t, TUI_PANE_WORKERS, extra);
    struct tui_rect body = tui_pane_body(r);
    size_t lanes = body.h > 1 ? (size_t)body.h - 1 : 0;
    t->workers_top = t->workers_top + lanes > n ? (n > lanes ? n - lanes : 0) : t->workers_top;
    for (size_t i = 0; i < lanes && t->workers_top + i < n; i++) {
        size_t w = t->workers_top + i;
        struct tui_rect row = {body.x, body.y + (int)i, body.w, 1};
        draw_lane(t, row, w, &t->workers[w], tui_now_ns(t));
    }
    if (body.h > 0) {
        struct tui_rect row = {body.x, body.y + body.h - 1, body.w, 1};
        draw_fifo(t, row, t->st.queue_len[SIM_QUEUE_WORK]);
    }
    if (t->workers_top + lanes < n) {
        draw_more(t, r, n - t->workers_top - lanes, r.y + r.h - 2);
    }
}

static bool workers_key(struct tui *t, int key)
{
    struct tui_rect body = tui_pane_body(t->layout.pane[TUI_PANE_WORKERS]);
    size_t lanes = body.h > 1 ? (size_t)body.h - 1 : 0;
    return tui_scroll_key(key, &t->workers_top, t->worker_cap, lanes);
}

const struct tui_view tui_view_workers = {TUI_PANE_WORKERS, draw_workers, workers_key};
