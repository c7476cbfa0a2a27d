/*
 * printer_chrome.c - the Chrome Trace Event Format (JSON) that ui.perfetto.dev and
 * chrome://tracing open (docs/format-chrome.md).
 *
 * The main thread is one track: each phase visit is a complete event ('X') and each callback an
 * 'X' inside it; a wait of poll is an 'X' of its own. Each worker of the pool has a track with
 * its jobs. Queue lengths are counters ('C'), console output thread-scoped instants ('i'), and a
 * flow arrow (the v2 form: bind_id, flow_out, flow_in) goes from the callback that queued a
 * callback (the event's cause) to it. Time is virtual, in microseconds.
 *
 * The output streams: an 'X' needs its duration, so it is written when it ends, and only the
 * open ones are kept (a phase visit, its callback, a wait, one job per worker). Perfetto sorts
 * events by ts, and an 'X' of equal ts by its duration, longest first, then in file order; so a
 * phase visit that ends with its last callback is written before that callback.
 */
#include "printer.h"

#include <stdlib.h>

enum { CHROME_PID = 1, MAIN_TID = 1 };

/* An 'X' that has begun: its JSON up to "dur" and after it, kept until it ends. */
struct open_slice {
    bool open;
    uint64_t start_ns;
    uint64_t seq;               /* the event that began it */
    uint64_t cause;             /* a callback: what queued it (its flow_in), or 0 */
    bool queued;                /* a callback: it made a schedule event (its flow_out) */
    uint64_t limit_ns;          /* a wait: how long it lasts at most */
    struct ui_buf head;         /* {"ph":"X",...,"ts":T */
    struct ui_buf tail;         /* ,"name":...,"args":{...} (no closing brace) */
};

struct chrome_state {
    bool first;                 /* no event written yet: no comma before the next */
    bool counted;               /* the queue counters were written once */
    uint32_t queue_len[SIM_QUEUE_COUNT];
    struct open_slice phase;    /* the phase visit under way */
    struct open_slice callback; /* the callback under way */
    struct open_slice wait;     /* poll sleeping */
    struct open_slice *jobs;    /* one per worker of the pool */
    uint32_t worker_count;
};

static void slice_finish(struct open_slice *s)
{
    ui_buf_finish(&s->head);
    ui_buf_finish(&s->tail);
}

static void chrome_state_free(void *p)
{
    struct chrome_state *st = p;
    slice_finish(&st->phase);
    slice_finish(&st->callback);
    slice_finish(&st->wait);
    for (uint32_t i = 0; i < st->worker_count; i++) {
        slice_finish(&st->jobs[i]);
    }
    free(st->jobs);
    free(st);
}

/* Virtual nanoseconds as microseconds: "12", or "12.5" with the digits that are not 0. */
static void put_us(struct ui_buf *b, uint64_t ns)
{
    ui_buf_u64(b, ns / 1000);
    uint64_t frac = ns % 1000;
    if (frac == 0) {
        return;
    }
    char digits[4] = {(char)('0' + frac / 100), (char)('0' + frac / 10 % 10),
                      (char)('0' + frac % 10), '\0'};
    size_t n = 3;
    while (digits[n - 1] == '0') {
        n--;
    }
    ui_buf_putc(b, '.');
    ui_buf_put(b, digits, n);
}

/* Begins the next event of the array in ctx->line. */
static void begin_event(struct printer_ctx *ctx, struct chrome_state *st)
{
    ui_buf_puts(&ctx->line, st->first ? "\n" : ",\n");
    st->first = false;
}

static void put_thread_meta(struct printer_ctx *ctx, struct chrome_state *st, uint32_t tid,
                            const char *name, uint32_t worker)
{
    struct ui_buf *b = &ctx->line;
    begin_event(ctx, st);
    ui_buf_puts(b, "{\"ph\":\"M\",\"pid\":1,\"tid\":");
    ui_buf_u64(b, tid);
    ui_buf_puts(b, ",\"ts\":0,\"name\":\"thread_name\",\"args\":{\"name\":\"");
    ui_buf_puts(b, name);
    if (worker > 0) {
        ui_buf_u64(b, worker);
    }
    ui_buf_puts(b, "\"}}");
    begin_event(ctx, st);
    ui_buf_puts(b, "{\"ph\":\"M\",\"pid\":1,\"tid\":");
    ui_buf_u64(b, tid);
    ui_buf_puts(b, ",\"ts\":0,\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":");
    ui_buf_u64(b, tid);
    ui_buf_puts(b, "}}");
}

static int chrome_begin(struct printer_ctx *ctx)
{
    struct chrome_state *st = calloc(1, sizeof(*st));
    uint32_t workers = ctx->prog->config.threadpool_size;
    if (st == NULL || (st->jobs = calloc(workers, sizeof(*st->jobs))) == NULL) {
        free(st);
        return -1;
    }
    st->worker_count = workers;
    st->first = true;
    ctx->format_data = st;
    ctx->format_free = chrome_state_free;
    struct ui_buf *b = &ctx->line;
    ui_buf_puts(b, "{\"traceEvents\":[");
    begin_event(ctx, st);
    ui_buf_puts(b, "{\"ph\":\"M\",\"pid\":1,\"tid\":1,\"ts\":0,\"name\":\"process_name\","
                   "\"args\":{\"name\":");
    ctx->scratch.len = 0;
    ui_buf_puts(&ctx->scratch, "loopsim ");
    ui_buf_puts(&ctx->scratch, ctx->source);
    ui_buf_json_bytes(b, ctx->scratch.data, ctx->scratch.len);
    ui_buf_puts(b, "}}");
    put_thread_meta(ctx, st, MAIN_TID, "main thread (event loop)", 0);
    for (uint32_t w = 1; w <= workers; w++) {
        put_thread_meta(ctx, st, MAIN_TID + w, "worker ", w);
    }
    return printer_line_done(ctx);
}

/* Starts the kept text of an 'X' that begins at ev on thread `tid`, named `name`. */
static void slice_begin(struct open_slice *s, const struct sim_event *ev, uint32_t tid,
                        const char *cat, const char *name)
{
    s->open = true;
    s->start_ns = ev->time_ns;
    s->seq = ev->seq;
    s->cause = 0;
    s->queued = false;
    s->limit_ns = UINT64_MAX;
    s->head.len = 0;
    s->tail.len = 0;
    ui_buf_puts(&s->head, "{\"ph\":\"X\",\"pid\":1,\"tid\":");
    ui_buf_u64(&s->head, tid);
    ui_buf_puts(&s->head, ",\"ts\":");
    put_us(&s->head, ev->time_ns);
    ui_buf_puts(&s->tail, ",\"cat\":\"");
    ui_buf_puts(&s->tail, cat);
    ui_buf_puts(&s->tail, "\",\"name\":");
    ui_buf_json_string(&s->tail, name != NULL ? name : "?");
}

/* The args every callback and job carries: label, reason, why, seq. */
static void put_args(struct printer_ctx *ctx, struct ui_buf *b, const struct sim_event *ev)
{
    ui_buf_puts(b, ",\"args\":{\"label\":");
    ui_buf_json_string(b, ev->label != NULL ? ev->label : "");
    ui_buf_puts(b, ",\"reason\":\"");
    printer_put_name(b, &ctx->reason[printer_reason_index(ev)]);
    ui_buf_puts(b, "\",\"why\":");
    printer_put_why_json(ctx, b, ev);
    ui_buf_puts(b, ",\"seq\":");
    ui_buf_u64(b, ev->seq);
    ui_buf_puts(b, ",\"iteration\":");
    ui_buf_u64(b, ev->iteration);
}

/* Writes a slice of `dur_ns` with its kept text, `extra` before its closing brace. */
static void put_slice(struct printer_ctx *ctx, struct chrome_state *st,
                      const struct open_slice *s, uint64_t dur_ns, const char *extra)
{
    struct ui_buf *b = &ctx->line;
    begin_event(ctx, st);
    ui_buf_put(b, s->head.data, s->head.len);
    ui_buf_puts(b, ",\"dur\":");
    put_us(b, dur_ns);
    ui_buf_put(b, s->tail.data, s->tail.len);
    ui_buf_puts(b, extra);
    b->oom |= s->head.oom || s->tail.oom;
}

/*
 * Ends the callback under way at `now`. Its flow_in names its cause; its flow_out (when it
 * queued something) is its own seq. One event carries one bind_id: a callback that needs both
 * gets a child 'X' of the same extent, written after it, that carries the flow_out.
 */
static void end_callback(struct printer_ctx *ctx, struct chrome_state *st, uint64_t now)
{
    struct open_slice *c = &st->callback;
    if (!c->open) {
        return;
    }
    c->open = false;
    uint64_t dur = now - c->start_ns;
    struct ui_buf *b = &ctx->line;
    bool child = c->cause != 0 && c->queued;
    put_slice(ctx, st, c, dur, "}");
    if (c->cause != 0) {
        ui_buf_puts(b, ",\"bind_id\":");
        ui_buf_u64(b, c->cause);
        ui_buf_puts(b, ",\"flow_in\":true");
    } else if (c->queued) {
        ui_buf_puts(b, ",\"bind_id\":");
        ui_buf_u64(b, c->seq);
        ui_buf_puts(b, ",\"flow_out\":true");
    }
    ui_buf_putc(b, '}');
    if (child) {
        begin_event(ctx, st);
        ui_buf_put(b, c->head.data, c->head.len);
        ui_buf_puts(b, ",\"dur\":");
        put_us(b, dur);
        ui_buf_puts(b, ",\"cat\":\"flow\",\"name\":\"queues callbacks\",\"args\":{\"seq\":");
        ui_buf_u64(b, c->seq);
        ui_buf_puts(b, "},\"bind_id\":");
        ui_buf_u64(b, c->seq);
        ui_buf_puts(b, ",\"flow_out\":true}");
    }
}

/* Ends the phase visit and the wait under way at `now`, then the callback (see the top). */
static void end_main(struct printer_ctx *ctx, struct chrome_state *st, uint64_t now)
{
    if (st->phase.open) {
        st->phase.open = false;
        put_slice(ctx, st, &st->phase, now - st->phase.start_ns, "}}");
    }
    if (st->wait.open) {
        st->wait.open = false;
        uint64_t dur = now - st->wait.start_ns;
        put_slice(ctx, st, &st->wait, dur < st->wait.limit_ns ? dur : st->wait.limit_ns, "}}");
    }
    end_callback(ctx, st, now);
}

static void begin_phase(struct printer_ctx *ctx, struct chrome_state *st,
                        const struct sim_event *ev)
{
    end_main(ctx, st, ev->time_ns);
    struct open_slice *p = &st->phase;
    slice_begin(p, ev, MAIN_TID, "phase", printer_phase(ctx, ev)->text);
    ui_buf_puts(&p->tail, ",\"args\":{\"what\":");
    ui_buf_json_string(&p->tail, ev->text != NULL ? ev->text : "");
    ui_buf_puts(&p->tail, ",\"iteration\":");
    ui_buf_u64(&p->tail, ev->iteration);
    ui_buf_puts(&p->tail, ",\"seq\":");
    ui_buf_u64(&p->tail, ev->seq);
}

static void begin_callback(struct printer_ctx *ctx, struct chrome_state *st,
                           const struct sim_event *ev)
{
    end_callback(ctx, st, ev->time_ns);
    struct open_slice *c = &st->callback;
    slice_begin(c, ev, MAIN_TID, "callback", ev->label);
    c->cause = ev->cause;
    put_args(ctx, &c->tail, ev);
    ui_buf_puts(&c->tail, ",\"phase\":\"");
    printer_put_name(&c->tail, printer_phase(ctx, ev));
    ui_buf_putc(&c->tail, '"');
}

static void begin_wait(struct printer_ctx *ctx, struct chrome_state *st,
                       const struct sim_event *ev)
{
    end_main(ctx, st, ev->time_ns);
    struct open_slice *w = &st->wait;
    slice_begin(w, ev, MAIN_TID, "wait", "poll: waiting");
    w->limit_ns = ev->duration_ns;
    ui_buf_puts(&w->tail, ",\"args\":{\"reason\":\"");
    printer_put_name(&w->tail, &ctx->reason[printer_reason_index(ev)]);
    ui_buf_puts(&w->tail, "\",\"why\":");
    printer_put_why_json(ctx, &w->tail, ev);
    ui_buf_puts(&w->tail, ",\"seq\":");
    ui_buf_u64(&w->tail, ev->seq);
}

/* An instant on the main thread: a console line, or how the loop ended. */
static void put_instant(struct printer_ctx *ctx, struct chrome_state *st,
                        const struct sim_event *ev, const char *cat, const char *name)
{
    struct ui_buf *b = &ctx->line;
    begin_event(ctx, st);
    ui_buf_puts(b, "{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":1,\"ts\":");
    put_us(b, ev->time_ns);
    ui_buf_puts(b, ",\"cat\":\"");
    ui_buf_puts(b, cat);
    ui_buf_puts(b, "\",\"name\":");
    ui_buf_json_string(b, name != NULL ? name : "");
    ui_buf_puts(b, ",\"args\":{\"seq\":");
    ui_buf_u64(b, ev->seq);
    if (ev->kind != SIM_EVENT_LOG) {
        ui_buf_puts(b, ",\"why\":");
        printer_put_why_json(ctx, b, ev);
    }
    ui_buf_puts(b, "}}");
}

/* A worker's job: it begins at worker-start and is written at worker-done. */
static void job_event(struct printer_ctx *ctx, struct chrome_state *st,
                      const struct sim_event *ev)
{
    if (ev->worker == 0 || ev->worker > st->worker_count) {
        return;
    }
    struct open_slice *j = &st->jobs[ev->worker - 1];
    if (ev->kind == SIM_EVENT_WORKER_START) {
        slice_begin(j, ev, MAIN_TID + ev->worker, "job", ev->label);
        put_args(ctx, &j->tail, ev);
        ui_buf_puts(&j->tail, ",\"worker\":");
        ui_buf_u64(&j->tail, ev->worker);
    } else if (j->open) {
        j->open = false;
        put_slice(ctx, st, j, ev->time_ns - j->start_ns, "}}");
    }
}

/* A counter per queue whose length the event changed (all of them at the first event). */
static void put_counters(struct printer_ctx *ctx, struct chrome_state *st,
                         const struct sim_event *ev)
{
    struct sim_state state;
    sim_loop_state(ctx->loop, &state);
    struct ui_buf *b = &ctx->line;
    for (int q = 0; q < SIM_QUEUE_COUNT; q++) {
        if (st->counted && state.queue_len[q] == st->queue_len[q]) {
            continue;
        }
        st->queue_len[q] = state.queue_len[q];
        begin_event(ctx, st);
        ui_buf_puts(b, "{\"ph\":\"C\",\"pid\":1,\"tid\":1,\"ts\":");
        put_us(b, ev->time_ns);
        ui_buf_puts(b, ",\"name\":");
        ui_buf_json_string(b, sim_queue_name((enum sim_queue)q));
        ui_buf_puts(b, ",\"args\":{\"length\":");
        ui_buf_u64(b, state.queue_len[q]);
        ui_buf_puts(b, "}}");
    }
    st->counted = true;
}

static int chrome_event(struct printer_ctx *ctx, const struct sim_event *ev)
{
    struct chrome_state *st = ctx->format_data;
    switch (ev->kind) {
    case SIM_EVENT_PHASE:
        begin_phase(ctx, st, ev);
        break;
    case SIM_EVENT_CALLBACK:
        begin_callback(ctx, st, ev);
        break;
    case SIM_EVENT_POLL_WAIT:
        begin_wait(ctx, st, ev);
        break;
    case SIM_EVENT_LOG:
        put_instant(ctx, st, ev, "console", ev->text);
        break;
    case SIM_EVENT_SCHEDULE:
        st->callback.queued = st->callback.queued || st->callback.open;
        break;
    case SIM_EVENT_WORKER_START:
    case SIM_EVENT_WORKER_DONE:
        job_event(ctx, st, ev);
        break;
    case SIM_EVENT_LOOP_EXIT:
    case SIM_EVENT_STOP:
        end_main(ctx, st, ev->time_ns);
        put_instant(ctx, st, ev, "loop", printer_kind(ctx, ev)->text);
        break;
    default:
        break;
    }
    if (ctx->loop != NULL) {
        put_counters(ctx, st, ev);
    }
    return printer_line_done(ctx);
}

static int chrome_end(struct printer_ctx *ctx, const struct sim_loop *loop)
{
    struct chrome_state *st = ctx->format_data;
    end_main(ctx, st, ctx->time_ns);
    for (uint32_t i = 0; i < st->worker_count; i++) {
        struct open_slice *j = &st->jobs[i];
        if (j->open) {
            /* A job the run stopped before it was done: it ends with the trace. */
            j->open = false;
            put_slice(ctx, st, j, ctx->time_ns - j->start_ns, "}}");
        }
    }
    ui_buf_puts(&ctx->line, "\n]}\n");
    return printer_flush(ctx);
}

const struct printer printer_chrome = {
    .name = "chrome",
    .summary = "Chrome Trace Event Format JSON for ui.perfetto.dev and chrome://tracing",
    .begin = chrome_begin,
    .event = chrome_event,
    .end = chrome_end,
};
