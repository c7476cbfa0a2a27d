/*
 * printer_html.c - one self-contained page that steps through the run in a browser with the
 * TUI stepper's panes and keys (docs/format-html.md).
 *
 * The page is html/page.html, html/page.css and html/page.js (compiled in by html/embed.py)
 * around the run's data, which this file streams as it comes:
 *
 *     <script type="application/json" id="loopsim-meta">{"name":...,"program":[...]}</script>
 *     <script type="application/json" id="loopsim-steps">[
 *     {"s":{...the loop before the first event...}},
 *     {"e":{...event 1, jsonl's keys...},"s":{...what changed in the loop...}},
 *     ...]</script>
 *     <script type="application/json" id="loopsim-end">{"events":...,"message":...}</script>
 *
 * Each step's "s" holds only the parts of the loop's state (sim_loop_state, sim_loop_queue,
 * sim_loop_workers) that differ from the step before, so a quiet queue costs nothing per event.
 * A queue is written up to HTML_QUEUE_CAP items; its length says how many more wait. The page
 * holds ctx->html_max_events events at most (0: all): past them the run goes on to its end
 * unwritten, so that the page can say how long the run was and how it ended.
 *
 * Every string goes out as a JSON literal with <, > and & escaped as \u003c, \u003e and \u0026:
 * text from the scenario can never close the <script> element it sits in.
 */
#include "printer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "render_js.h"

extern const char printer_html_css[];
extern const size_t printer_html_css_len;
extern const char printer_html_js[];
extern const size_t printer_html_js_len;
extern const char printer_html_html[];
extern const size_t printer_html_html_len;

enum {
    HTML_QUEUE_CAP = 50,        /* the items of one queue a step holds; the rest are counted */
    HTML_TEXT_MAX = 1024,       /* what keeps the loop alive, cut to this */
};

/* The queues in the order the TUI's queues pane lists them (ui/tui/views/tui_view_queues.c):
   the order the loop gets to them after the current callback. */
static const enum sim_queue queue_order[] = {
    SIM_QUEUE_TICKS,      SIM_QUEUE_MICROTASKS, SIM_QUEUE_TIMERS, SIM_QUEUE_PENDING,
    SIM_QUEUE_IMMEDIATES, SIM_QUEUE_CLOSE,      SIM_QUEUE_IO,     SIM_QUEUE_DONE,
    SIM_QUEUE_WORK,
};

/* Where the program pane is, as the TUI's program pane finds it (tui_view_program.c). */
struct html_spot {
    uint32_t line;              /* 0-based; SIM_NONE: nothing to highlight */
    struct render_js_range body;
    const char *callback;       /* borrowed: the running callback's name, or NULL */
    uint32_t col_from;          /* a JavaScript program: the statement's columns on its line, */
    uint32_t col_to;            /* 0-based, to past its end (SIM_NONE: the line's end); */
                                /* SIM_NONE both: no columns */
};

/* A queue's first items as the last step wrote them. */
struct html_queue {
    struct sim_item items[HTML_QUEUE_CAP];
    size_t count;
};

/* The page's state for one run (ctx->format_data). */
struct html_run {
    struct render_js js;                /* owned: the program as the program pane shows it */
    struct sim_state st;                /* the state the last step wrote */
    struct html_queue queues[SIM_QUEUE_COUNT];
    struct sim_item fresh[HTML_QUEUE_CAP];
    struct sim_worker *workers;         /* owned: as the last step wrote them */
    struct sim_worker *fresh_workers;   /* owned: the workers now */
    size_t worker_cap;
    size_t worker_count;
    struct html_spot spot;              /* its callback borrowed from spot_name */
    struct ui_buf spot_name;            /* owned: the callback the last step wrote, NUL-ended */
    char alive[HTML_TEXT_MAX];          /* what kept the loop alive at the last step */
    char fresh_alive[HTML_TEXT_MAX];
    struct ui_buf tmp;                  /* owned: a JSON literal before its HTML escaping */
    uint64_t steps;                     /* events written */
    bool first;                         /* no step written yet: every part goes out */
};

static void html_run_destroy(void *data)
{
    struct html_run *run = data;
    if (run == NULL) {
        return;
    }
    render_js_finish(&run->js);
    ui_buf_finish(&run->tmp);
    ui_buf_finish(&run->spot_name);
    free(run->workers);
    free(run->fresh_workers);
    free(run);
}

/* ---- Writing safely ---------------------------------------------------------------------- */

/* Appends JSON text, escaping the three characters that HTML would read inside <script>. */
static void put_safe(struct ui_buf *b, const struct ui_buf *json)
{
    const char *s = json->data;
    size_t from = 0;
    for (size_t i = 0; i < json->len; i++) {
        const char *esc = s[i] == '<' ? "\\u003c" : s[i] == '>' ? "\\u003e"
                          : s[i] == '&' ? "\\u0026" : NULL;
        if (esc != NULL) {
            ui_buf_put(b, s + from, i - from);
            ui_buf_puts(b, esc);
            from = i + 1;
        }
    }
    ui_buf_put(b, s + from, json->len - from);
    b->oom |= json->oom;
}

/* Appends `len` bytes as a JSON string literal safe inside <script>. */
static void put_string_n(struct html_run *run, struct ui_buf *b, const char *s, size_t len)
{
    run->tmp.len = 0;
    ui_buf_json_bytes(&run->tmp, s, len);
    put_safe(b, &run->tmp);
}

/* The same for a NUL-terminated string, or null for NULL. */
static void put_string(struct html_run *run, struct ui_buf *b, const char *s)
{
    if (s == NULL) {
        ui_buf_puts(b, "null");
        return;
    }
    put_string_n(run, b, s, strlen(s));
}

/* A statement or body index as JSON: SIM_NONE is -1. */
static void put_index(struct ui_buf *b, uint32_t i)
{
    ui_buf_i64(b, i == SIM_NONE ? -1 : (int64_t)i);
}

/* ---- The page's head and the run's description ------------------------------------------ */

/* The last component of a path: the page names the file, not where it was on the author's disk. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

static void put_names(struct html_run *run, struct ui_buf *b)
{
    ui_buf_puts(b, ",\"phases\":[");
    for (int p = 0; p < SIM_PHASE_COUNT; p++) {
        ui_buf_puts(b, p > 0 ? ",{\"name\":" : "{\"name\":");
        put_string(run, b, sim_phase_name((enum sim_phase)p));
        ui_buf_puts(b, ",\"what\":");
        put_string(run, b, sim_phase_what((enum sim_phase)p));
        ui_buf_putc(b, '}');
    }
    ui_buf_puts(b, "],\"queues\":[");
    for (size_t i = 0; i < sizeof queue_order / sizeof queue_order[0]; i++) {
        ui_buf_puts(b, i > 0 ? ",{\"name\":" : "{\"name\":");
        put_string(run, b, sim_queue_name(queue_order[i]));
        ui_buf_puts(b, ",\"index\":");
        ui_buf_u64(b, (uint64_t)queue_order[i]);
        ui_buf_putc(b, '}');
    }
    ui_buf_putc(b, ']');
}

static void put_program(struct html_run *run, struct ui_buf *b)
{
    ui_buf_puts(b, ",\"program\":[");
    for (size_t i = 0; i < run->js.line_count; i++) {
        if (i > 0) {
            ui_buf_putc(b, ',');
        }
        put_string_n(run, b, render_js_text(&run->js, i), run->js.lines[i].len);
    }
    ui_buf_putc(b, ']');
}

/* The run's description: what every step shares. */
static void put_meta(struct printer_ctx *ctx, struct html_run *run, struct ui_buf *b)
{
    const struct sim_program *prog = ctx->prog;
    ui_buf_puts(b, "<script type=\"application/json\" id=\"loopsim-meta\">{\"name\":");
    put_string(run, b, prog->name);
    ui_buf_puts(b, ",\"file\":");
    put_string(run, b, base_name(ctx->source));
    ui_buf_puts(b, ",\"description\":");
    put_string(run, b, prog->description);
    ui_buf_puts(b, ",\"version\":\"" SIM_VERSION "\",\"threadpool\":");
    ui_buf_u64(b, prog->config.threadpool_size);
    ui_buf_puts(b, ",\"max_events\":");
    ui_buf_u64(b, ctx->html_max_events);
    ui_buf_puts(b, ",\"queue_cap\":");
    ui_buf_u64(b, HTML_QUEUE_CAP);
    put_names(run, b);
    put_program(run, b);
    ui_buf_puts(b, "}</script>\n");
}

static int html_begin(struct printer_ctx *ctx)
{
    if (ctx->loop == NULL) {
        errno = EINVAL; /* the page shows the loop's state: it needs the loop being traced */
        return -1;
    }
    struct html_run *run = calloc(1, sizeof(*run));
    size_t workers = ctx->prog->config.threadpool_size;
    if (run != NULL) {
        ctx->format_data = run;
        ctx->format_free = html_run_destroy;
        ui_buf_init(&run->tmp);
        ui_buf_init(&run->spot_name);
        run->first = true;
        run->worker_cap = workers;
        run->workers = calloc(workers + 1, sizeof(*run->workers));
        run->fresh_workers = calloc(workers + 1, sizeof(*run->fresh_workers));
    }
    if (run == NULL || run->workers == NULL || run->fresh_workers == NULL ||
        render_js(&run->js, ctx->prog, 0) < 0) {
        errno = ENOMEM;
        return -1;
    }
    struct ui_buf *b = &ctx->line;
    ui_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"color-scheme\" content=\"light dark\">\n"
                   "<meta name=\"generator\" content=\"loopsim " SIM_VERSION "\">\n<title>");
    ui_buf_put_xml(b, ctx->prog->name, strlen(ctx->prog->name));
    ui_buf_puts(b, " \u00b7 loopsim</title>\n<style>\n");
    ui_buf_put(b, printer_html_css, printer_html_css_len);
    ui_buf_puts(b, "</style>\n</head>\n<body>\n");
    ui_buf_put(b, printer_html_html, printer_html_html_len);
    put_meta(ctx, run, b);
    ui_buf_puts(b, "<script type=\"application/json\" id=\"loopsim-steps\">[\n");
    return printer_line_done(ctx);
}

/* ---- One step: the event, then what changed in the loop --------------------------------- */

/* The program pane's spot in the loop now (tui_view_program.c's locate, the same rules). */
static struct html_spot locate(const struct printer_ctx *ctx, const struct html_run *run,
                               const struct sim_event *ev, const struct sim_state *st)
{
    const struct sim_program *prog = ctx->prog;
    struct html_spot spot = {SIM_NONE, {SIM_NONE, SIM_NONE}, NULL, SIM_NONE, SIM_NONE};
    uint32_t stmt = ev != NULL ? ev->stmt : SIM_NONE;
    if (st->in_callback) {
        bool main = st->callback_stmt == SIM_NONE;
        uint32_t body = main ? prog->main_body : prog->stmts[st->callback_stmt].body;
        if (body != SIM_NONE) {
            spot.body = run->js.bodies[body];
        }
        spot.callback = main ? "the main script" : prog->names[st->callback_stmt];
        stmt = st->last_stmt != SIM_NONE ? st->last_stmt : st->callback_stmt;
    }
    if (st->js_line > 0 && st->js_line <= run->js.line_count) {
        /* A JavaScript program: its own line, and on it the statement's own columns. */
        spot.line = st->js_line - 1;
        spot.body = (struct render_js_range){SIM_NONE, SIM_NONE};
        spot.callback = ev != NULL && ev->label != NULL ? ev->label : spot.callback;
        if (st->js_col > 0) {
            spot.col_from = st->js_col - 1;
            spot.col_to = st->js_end_line == st->js_line ? st->js_end_col - 1 : SIM_NONE;
        }
        return spot;
    }
    if (stmt != SIM_NONE && stmt < prog->stmt_count) {
        spot.line = run->js.stmts[stmt].first;
    }
    return spot;
}

static bool same_spot(const struct html_spot *a, const struct html_spot *b)
{
    bool same_name = a->callback == b->callback ||
                     (a->callback != NULL && b->callback != NULL &&
                      strcmp(a->callback, b->callback) == 0);
    return same_name && a->line == b->line && a->body.first == b->body.first &&
           a->body.last == b->body.last && a->col_from == b->col_from && a->col_to == b->col_to;
}

static bool same_item(const struct sim_item *a, const struct sim_item *b)
{
    return a->when_ns == b->when_ns && a->stmt == b->stmt && a->refed == b->refed &&
           strcmp(a->label, b->label) == 0;
}

static bool same_worker(const struct sim_worker *a, const struct sim_worker *b)
{
    return a->busy == b->busy &&
           (!a->busy || (a->start_ns == b->start_ns && a->finish_ns == b->finish_ns &&
                         strcmp(a->label, b->label) == 0));
}

/* The event as the jsonl trace has it (docs/trace-format.md), less time_ms, safe in <script>. */
static void put_event(struct printer_ctx *ctx, struct html_run *run, struct ui_buf *b,
                      const struct sim_event *ev)
{
    ui_buf_puts(b, "{\"e\":");
    run->tmp.len = 0;
    printer_put_event_json(ctx, &run->tmp, ev, false);
    put_safe(b, &run->tmp);
    ui_buf_puts(b, ",");
}

/* "alive":[true,"readFile"] and "poll":[38,"until the timer ..."], when they changed. */
static void put_liveness(struct printer_ctx *ctx, struct html_run *run, struct ui_buf *b,
                         const struct sim_state *st)
{
    sim_loop_alive_why(ctx->loop, run->fresh_alive, sizeof run->fresh_alive);
    if (run->first || st->alive != run->st.alive || strcmp(run->fresh_alive, run->alive) != 0) {
        ui_buf_puts(b, st->alive ? ",\"alive\":[true," : ",\"alive\":[false,");
        put_string(run, b, run->fresh_alive);
        ui_buf_putc(b, ']');
        memcpy(run->alive, run->fresh_alive, sizeof run->alive);
    }
    if (run->first || st->poll_timeout_ms != run->st.poll_timeout_ms ||
        st->timeout_why != run->st.timeout_why) {
        ui_buf_puts(b, ",\"poll\":[");
        ui_buf_i64(b, st->poll_timeout_ms);
        ui_buf_putc(b, ',');
        put_string(run, b, st->timeout_why);
        ui_buf_putc(b, ']');
    }
}

/* "len":[...] by enum sim_queue, when a length changed. */
static void put_lengths(struct html_run *run, struct ui_buf *b, const struct sim_state *st)
{
    if (!run->first && memcmp(st->queue_len, run->st.queue_len, sizeof st->queue_len) == 0) {
        return;
    }
    ui_buf_puts(b, ",\"len\":[");
    for (int q = 0; q < SIM_QUEUE_COUNT; q++) {
        if (q > 0) {
            ui_buf_putc(b, ',');
        }
        ui_buf_u64(b, st->queue_len[q]);
    }
    ui_buf_putc(b, ']');
}

/* One item: [label, when_ns, refed, stmt]. */
static void put_item(struct html_run *run, struct ui_buf *b, const struct sim_item *it)
{
    ui_buf_putc(b, '[');
    put_string(run, b, it->label);
    ui_buf_putc(b, ',');
    ui_buf_u64(b, it->when_ns);
    ui_buf_puts(b, it->refed ? ",1," : ",0,");
    put_index(b, it->stmt);
    ui_buf_putc(b, ']');
}

/*
 * How the items of a queue moved since the last step: the most common change is that its head
 * ran (and, the queue being cut, one more item came into view) or that items were added at its
 * tail. Returns how many items left the head, so that kept[drop..] begins the fresh list; -1
 * when the queue changed otherwise (it is written whole). Only a few drops are tried: a pass
 * that takes more from a queue is written whole.
 */
static int queue_drop(const struct html_queue *kept, const struct sim_item *fresh, size_t n)
{
    enum { DROPS_TRIED = 4 };
    for (size_t d = 0; d <= DROPS_TRIED && d <= kept->count; d++) {
        size_t overlap = kept->count - d;
        bool same = overlap <= n;
        for (size_t i = 0; same && i < overlap; i++) {
            same = same_item(&kept->items[d + i], &fresh[i]);
        }
        if (same) {
            return (int)d;
        }
    }
    return -1;
}

static void put_items(struct html_run *run, struct ui_buf *b, size_t from, size_t n)
{
    ui_buf_putc(b, '[');
    for (size_t i = from; i < n; i++) {
        if (i > from) {
            ui_buf_putc(b, ',');
        }
        put_item(run, b, &run->fresh[i]);
    }
    ui_buf_putc(b, ']');
}

/*
 * "q":{"timers":[...],"immediates":{"drop":1,"add":[...]}}: the queues whose first items
 * changed, each whole (up to the cap) or as what left its head and what came at its tail.
 */
static void put_queues(struct printer_ctx *ctx, struct html_run *run, struct ui_buf *b)
{
    bool opened = false;
    for (int q = 0; q < SIM_QUEUE_COUNT; q++) {
        struct html_queue *kept = &run->queues[q];
        memset(run->fresh, 0, sizeof run->fresh);
        size_t n = sim_loop_queue(ctx->loop, (enum sim_queue)q, 0, run->fresh, HTML_QUEUE_CAP);
        int drop = run->first ? -1 : queue_drop(kept, run->fresh, n);
        if (drop == 0 && n == kept->count) {
            continue;
        }
        ui_buf_puts(b, opened ? ",\"" : ",\"q\":{\"");
        opened = true;
        ui_buf_puts(b, sim_queue_name((enum sim_queue)q));
        if (drop < 0) {
            ui_buf_puts(b, "\":");
            put_items(run, b, 0, n);
        } else {
            ui_buf_puts(b, "\":{\"drop\":");
            ui_buf_u64(b, (uint64_t)drop);
            ui_buf_puts(b, ",\"add\":");
            put_items(run, b, kept->count - (size_t)drop, n);
            ui_buf_putc(b, '}');
        }
        memcpy(kept->items, run->fresh, n * sizeof(*run->fresh));
        kept->count = n;
    }
    if (opened) {
        ui_buf_putc(b, '}');
    }
}

/* "workers":[null, ["readFile", start_ns, finish_ns], ...] when one changed; null is idle. */
static void put_workers(struct printer_ctx *ctx, struct html_run *run, struct ui_buf *b)
{
    memset(run->fresh_workers, 0, run->worker_cap * sizeof(*run->fresh_workers));
    size_t n = sim_loop_workers(ctx->loop, run->fresh_workers, run->worker_cap);
    bool same = !run->first && n == run->worker_count;
    for (size_t i = 0; same && i < n; i++) {
        same = same_worker(&run->fresh_workers[i], &run->workers[i]);
    }
    if (same) {
        return;
    }
    ui_buf_puts(b, ",\"workers\":[");
    for (size_t i = 0; i < n; i++) {
        const struct sim_worker *w = &run->fresh_workers[i];
        ui_buf_puts(b, i > 0 ? "," : "");
        if (!w->busy) {
            ui_buf_puts(b, "null");
            continue;
        }
        ui_buf_putc(b, '[');
        put_string(run, b, w->label);
        ui_buf_putc(b, ',');
        ui_buf_u64(b, w->start_ns);
        ui_buf_putc(b, ',');
        ui_buf_u64(b, w->finish_ns);
        ui_buf_putc(b, ']');
    }
    ui_buf_putc(b, ']');
    memcpy(run->workers, run->fresh_workers, n * sizeof(*run->workers));
    run->worker_count = n;
}

/* "at":[line, body_first, body_last, callback, col_from, col_to] (-1: none), when it moved. */
static void put_spot(struct printer_ctx *ctx, struct html_run *run, struct ui_buf *b,
                     const struct sim_event *ev, const struct sim_state *st)
{
    struct html_spot spot = locate(ctx, run, ev, st);
    if (!run->first && same_spot(&spot, &run->spot)) {
        return;
    }
    ui_buf_puts(b, ",\"at\":[");
    put_index(b, spot.line);
    ui_buf_putc(b, ',');
    put_index(b, spot.body.first);
    ui_buf_putc(b, ',');
    put_index(b, spot.body.last);
    ui_buf_putc(b, ',');
    put_string(run, b, spot.callback);
    ui_buf_putc(b, ',');
    put_index(b, spot.col_from);
    ui_buf_putc(b, ',');
    put_index(b, spot.col_to);
    ui_buf_putc(b, ']');
    /* The event's label lives only until the next step: keep a copy to compare with. */
    run->spot_name.len = 0;
    if (spot.callback != NULL) {
        ui_buf_puts(&run->spot_name, spot.callback);
        ui_buf_putc(&run->spot_name, '\0');
        spot.callback = run->spot_name.oom ? NULL : run->spot_name.data;
    }
    run->spot = spot;
}

/* "s":{...}: the loop after `ev` (NULL: before the first event), the parts that changed. */
static void put_state(struct printer_ctx *ctx, struct html_run *run, struct ui_buf *b,
                      const struct sim_event *ev)
{
    struct sim_state st;
    sim_loop_state(ctx->loop, &st);
    ui_buf_puts(b, "\"s\":{\"cb\":");
    ui_buf_puts(b, st.in_callback ? "true" : "false");
    put_liveness(ctx, run, b, &st);
    put_lengths(run, b, &st);
    put_queues(ctx, run, b);
    put_workers(ctx, run, b);
    put_spot(ctx, run, b, ev, &st);
    ui_buf_puts(b, "}}");
    run->st = st;
    run->first = false;
}

/* Writes the step before the first event, once: the loop as the run starts. */
static int put_start(struct printer_ctx *ctx, struct html_run *run)
{
    struct ui_buf *b = &ctx->line;
    ui_buf_putc(b, '{');
    put_state(ctx, run, b, NULL);
    return printer_line_done(ctx);
}

static int html_event(struct printer_ctx *ctx, const struct sim_event *ev)
{
    struct html_run *run = ctx->format_data;
    if (ctx->html_max_events != 0 && run->steps >= ctx->html_max_events) {
        return 0; /* past the cap: the run goes on, to say how long it was */
    }
    struct ui_buf *b = &ctx->line;
    run->steps++;
    ui_buf_puts(b, ",\n");
    put_event(ctx, run, b, ev);
    put_state(ctx, run, b, ev);
    return printer_line_done(ctx);
}

static int html_end(struct printer_ctx *ctx, const struct sim_loop *loop)
{
    struct html_run *run = ctx->format_data;
    struct ui_buf *b = &ctx->line;
    enum sim_outcome outcome = sim_loop_outcome(loop);
    ui_buf_puts(b, "\n]</script>\n<script type=\"application/json\" id=\"loopsim-end\">"
                   "{\"events\":");
    ui_buf_u64(b, ctx->events);
    ui_buf_puts(b, ",\"shown\":");
    ui_buf_u64(b, run->steps);
    ui_buf_puts(b, ",\"callbacks\":");
    ui_buf_u64(b, ctx->callbacks);
    ui_buf_puts(b, ",\"time_ns\":");
    ui_buf_u64(b, ctx->time_ns);
    ui_buf_puts(b, ",\"outcome\":\"");
    ui_buf_puts(b, printer_outcome_key(outcome));
    ui_buf_puts(b, "\",\"exit_code\":");
    ui_buf_i64(b, sim_loop_exit_code(loop));
    ui_buf_puts(b, ",\"message\":");
    ctx->scratch.len = 0;
    printer_outcome_text(ctx, loop, &ctx->scratch);
    put_string_n(run, b, ctx->scratch.data != NULL ? ctx->scratch.data : "", ctx->scratch.len);
    ui_buf_puts(b, "}</script>\n<script>\n");
    ui_buf_put(b, printer_html_js, printer_html_js_len);
    ui_buf_puts(b, "</script>\n</body>\n</html>\n");
    return printer_flush(ctx);
}

/* The start step goes out with begin: the state before any event is the loop's at begin. */
static int html_begin_all(struct printer_ctx *ctx)
{
    int rc = html_begin(ctx);
    return rc != 0 ? rc : put_start(ctx, ctx->format_data);
}

const struct printer printer_html = {
    .name = "html",
    .summary = "one self-contained page that steps through the run in a browser, with the "
               "TUI's panes and keys",
    .begin = html_begin_all,
    .event = html_event,
    .end = html_end,
};
