/*
 * narrator.c - `loopsim explain`: a paragraph per callback on why it ran where and when it did,
 * and a sentence for the other events a reader needs (poll's sleep, a per-phase limit, the end).
 *
 *     `setTimeout#1` ran at 3.54 ms, in the timers phase of iteration 1. It ran there because
 *     its timer list of 1 ms was due when the timers phase began (...). At 1 ms, in the poll
 *     phase of iteration 1, `fs.stat#1` had made it a timer of 1 ms (...). It was waiting
 *     already when `setImmediate#1` ran: after the poll phase, where it was queued, an
 *     iteration goes to check, then close, and only then to timers. It printed "timeout".
 *
 * A paragraph is told once its callback is over (at the next callback, phase, sleep or end),
 * when what it printed and queued is known. Its sentences come from the reasons' explanations
 * (sim/names.h) filled with the events' arguments, from the loop's state at the callback's
 * start, and from what this file remembers of the stream: for each callback still waiting, the
 * schedule event that queued it and the callback it came from (struct origin), the worker-pool
 * job behind it, and the last per-phase limit met in each phase. Nothing is keyed on a
 * scenario: the same rules tell every run.
 */
#include "narrator.h"

#include <stdlib.h>
#include <string.h>

/* What a paragraph quotes of a busy callback; the rest is counted. */
enum {
    MAX_PRINTED = 3,            /* log lines */
    MAX_QUEUED = 6,             /* schedule events */
    TEXT_WIDTH = 80,            /* the text form's lines */
};

/* Where and by which callback a waiting callback was queued, and the pool job behind it. */
struct origin {
    struct origin *next;        /* the next in its bucket */
    uint64_t hash;
    char *key;                  /* owned: the label it will run under */
    bool queued;                /* a schedule event named it (else only a worker did) */
    struct sim_event ev;        /* that schedule event; its strings are the two below */
    char *text;                 /* owned: its %S, or NULL */
    char *by;                   /* owned: the label of the callback it was queued in, or NULL */
    uint32_t steps;             /* worker-pool requests started for it */
    int64_t first_worker;       /* the worker of the first one */
    uint64_t first_start_ns;
    bool done;                  /* `finish` holds the last worker-done event */
    struct sim_event finish;    /* its string is finish_text */
    char *finish_text;          /* owned, or NULL */
};

/* The callback being told: what it did so far. */
struct paragraph {
    bool open;
    struct sim_event ev;        /* its callback event; label in `label`, no text */
    struct ui_buf label;
    struct origin *origin;      /* owned once taken from the table, or NULL */
    struct ui_buf waiting;      /* a sentence on what waited when it started, or empty */
    struct ui_buf printed;      /* the first MAX_PRINTED lines, formatted */
    uint64_t lines;
    uint64_t first_log;         /* the run's console lines before its first */
    struct ui_buf queued;       /* the first MAX_QUEUED schedules, formatted */
    uint64_t queues;
    uint64_t blocked_ns;
    uint64_t blocks;
    struct ui_buf notes;        /* sentences of the notes made while it ran */
};

/* The callback told before: what the next paragraph compares with. */
struct previous {
    bool valid;
    struct sim_event ev;        /* its callback event, strings dropped */
    struct ui_buf label;
    bool queued;                /* its origin was known */
    uint64_t queued_seq;
};

/* The last per-phase limit met in a phase. */
struct limit_met {
    uint64_t seq;               /* 0: none */
    uint64_t iteration;
    int64_t limit;
};

struct narrator {
    struct origin **buckets;    /* owned: the table of origins, by label */
    size_t bucket_count;        /* a power of two */
    size_t origins;
    struct paragraph para;
    struct previous prev;
    struct ui_buf current;      /* the label of the callback running (schedules' `by`) */
    bool in_callback;
    struct limit_met limits[SIM_PHASE_COUNT];
    int64_t section;            /* what the last heading named: see section_of */
    bool idle_told;             /* the idle handle's note was told once */
    uint64_t choices_told;      /* choice points looked at so far */
    unsigned choice_kinds_told; /* a bit per enum sim_choice_kind told: each is told once */
    struct ui_buf out;          /* one paragraph before it is wrapped */
    struct ui_buf tmp;          /* scratch for one sentence */
    bool markdown;
    uint64_t logs;              /* console lines so far, in the whole run */
    narrator_sink_fn sink;      /* where paragraphs go instead of the output, or NULL */
    void *sink_data;
};

/* ---- Remembering origins --------------------------------------------------------------- */

static uint64_t hash_label(const char *s)
{
    uint64_t h = 0xCBF29CE484222325u;
    for (; *s != '\0'; s++) {
        h = (h ^ (unsigned char)*s) * 0x100000001B3u;
    }
    return h;
}

static char *copy_string(const char *s)
{
    if (s == NULL) {
        return NULL;
    }
    size_t len = strlen(s) + 1;
    char *c = malloc(len);
    if (c != NULL) {
        memcpy(c, s, len);
    }
    return c;
}

static void origin_free(struct origin *o)
{
    if (o != NULL) {
        free(o->key);
        free(o->text);
        free(o->by);
        free(o->finish_text);
        free(o);
    }
}

/* The slot that holds, or would hold, the origin of `key`. */
static struct origin **origin_slot(struct narrator *n, const char *key, uint64_t h)
{
    struct origin **p = &n->buckets[h & (n->bucket_count - 1)];
    while (*p != NULL && ((*p)->hash != h || strcmp((*p)->key, key) != 0)) {
        p = &(*p)->next;
    }
    return p;
}

/* Doubles the table when it is full; false (the table as it was) when out of memory. */
static bool origins_grow(struct narrator *n)
{
    size_t count = n->bucket_count * 2;
    struct origin **b = calloc(count, sizeof(*b));
    if (b == NULL) {
        return false;
    }
    for (size_t i = 0; i < n->bucket_count; i++) {
        for (struct origin *o = n->buckets[i], *next; o != NULL; o = next) {
            next = o->next;
            o->next = b[o->hash & (count - 1)];
            b[o->hash & (count - 1)] = o;
        }
    }
    free(n->buckets);
    n->buckets = b;
    n->bucket_count = count;
    return true;
}

/* The origin of `key`, made when there is none and room for one; NULL past the bound. */
static struct origin *origin_get(struct narrator *n, const char *key)
{
    uint64_t h = hash_label(key);
    struct origin **p = origin_slot(n, key, h);
    if (*p != NULL) {
        return *p;
    }
    if (n->origins >= NARRATOR_MAX_ORIGINS) {
        return NULL;
    }
    if (n->origins >= n->bucket_count && origins_grow(n)) {
        p = origin_slot(n, key, h);
    }
    struct origin *o = calloc(1, sizeof(*o));
    if (o == NULL || (o->key = copy_string(key)) == NULL) {
        free(o);
        return NULL;
    }
    o->hash = h;
    *p = o;
    n->origins++;
    return o;
}

/* Takes the origin of `key` out of the table (the caller owns it), or NULL. */
static struct origin *origin_take(struct narrator *n, const char *key)
{
    struct origin **p = origin_slot(n, key, hash_label(key));
    struct origin *o = *p;
    if (o != NULL) {
        *p = o->next;
        o->next = NULL;
        n->origins--;
    }
    return o;
}

/* ---- Sentences ------------------------------------------------------------------------- */

/* Appends virtual nanoseconds as milliseconds, trimmed: 12, 12.5, 0.04. */
static void put_ms(struct ui_buf *b, uint64_t ns)
{
    char digits[SIM_FORMAT_MS_MAX];
    ui_buf_put(b, digits, sim_format_ms(digits, ns, true));
}

/* Appends a label as a code span (the text form too: it reads as one name). */
static void put_label(struct ui_buf *b, const char *label)
{
    bool tick = strchr(label, '`') != NULL;
    ui_buf_puts(b, tick ? "`` " : "`");
    ui_buf_puts_term(b, label);
    ui_buf_puts(b, tick ? " ``" : "`");
}

/* Appends a line the program printed: quoted as JSON, or a code span in Markdown. */
static void put_printed(struct narrator *n, struct ui_buf *b, const char *line)
{
    if (n->markdown) {
        put_label(b, line);
    } else {
        ui_buf_json_string(b, line);
    }
}

/* Appends the explanation of `ev`'s reason, what it quotes of the scenario escaped. */
static void put_explain(struct narrator *n, struct ui_buf *b, const struct sim_event *ev)
{
    struct ui_buf *t = &n->tmp;
    t->len = 0;
    size_t need = sim_event_explain(ev, NULL, 0);
    if (ui_buf_reserve(t, need + 1)) {
        sim_event_explain(ev, t->data, need + 1);
        t->len = need;
    }
    ui_buf_put_term(b, t->data, t->len);
    b->oom |= t->oom;
}

/* "in the poll phase of iteration 1", "before the loop", "after the loop". */
static void put_where(struct ui_buf *b, enum sim_phase phase, uint64_t iteration)
{
    if (phase == SIM_PHASE_MAIN) {
        ui_buf_puts(b, "before the loop");
    } else if (phase == SIM_PHASE_EXIT) {
        ui_buf_puts(b, "after the loop");
    } else {
        ui_buf_puts(b, "in the ");
        ui_buf_puts(b, sim_phase_name(phase));
        ui_buf_puts(b, " phase of iteration ");
        ui_buf_u64(b, iteration);
    }
}

/* Upper-cases the first letter from `at` on (the explanations start in lower case). */
static void capitalize(struct ui_buf *b, size_t at)
{
    if (at < b->len && b->data[at] >= 'a' && b->data[at] <= 'z') {
        b->data[at] = (char)(b->data[at] - 'a' + 'A');
    }
}

/* Loop phases in the order an iteration visits them (libuv >= 1.45: timers last). */
static int phase_rank(enum sim_phase phase)
{
    switch (phase) {
    case SIM_PHASE_PENDING:
        return 1;
    case SIM_PHASE_IDLE:
        return 2;
    case SIM_PHASE_POLL:
        return 3;
    case SIM_PHASE_CHECK:
        return 4;
    case SIM_PHASE_CLOSE:
        return 5;
    case SIM_PHASE_TIMERS:
        return 6;
    case SIM_PHASE_MAIN:
    case SIM_PHASE_EXIT:
    case SIM_PHASE_COUNT:
        break;
    }
    return 0;
}

static const enum sim_phase phase_by_rank[] = {
    SIM_PHASE_MAIN, SIM_PHASE_PENDING, SIM_PHASE_IDLE,  SIM_PHASE_POLL,
    SIM_PHASE_CHECK, SIM_PHASE_CLOSE, SIM_PHASE_TIMERS,
};

/* "check, then close, and only then timers": the phases after `from`, up to `to`. */
static void put_path(struct ui_buf *b, enum sim_phase from, enum sim_phase to)
{
    int last = phase_rank(to);
    bool any = false;
    for (int r = phase_rank(from) + 1; r <= last; r++) {
        if (r == phase_rank(SIM_PHASE_IDLE) && r != last) {
            continue; /* idle and prepare run none of the program's callbacks */
        }
        if (any) {
            ui_buf_puts(b, r == last ? ", and only then to " : ", then ");
        }
        ui_buf_puts(b, sim_phase_name(phase_by_rank[r]));
        any = true;
    }
}

static bool is_drain(enum sim_reason r)
{
    enum sim_queue q = sim_reason_queue(r);
    return q == SIM_QUEUE_TICKS || q == SIM_QUEUE_MICROTASKS;
}

/* The ms a timer's schedule makes it due at (its %B), or -1 for anything else. */
static int64_t due_ms(const struct origin *o)
{
    switch (o->ev.reason) {
    case SIM_REASON_SCHED_TIMER:
    case SIM_REASON_SCHED_TIMER_TRUNC:
    case SIM_REASON_SCHED_CLAMP:
    case SIM_REASON_SCHED_REFRESH:
        return o->ev.arg_b;
    default:
        return -1;
    }
}

/* ---- The paragraph of a callback -------------------------------------------------------- */

/* "At 1 ms, in the poll phase of iteration 1, `fs.stat#1` had made it a timer ...". */
static void put_origin(struct narrator *n, struct ui_buf *b, const struct origin *o)
{
    ui_buf_puts(b, " At ");
    put_ms(b, o->ev.time_ns);
    ui_buf_puts(b, " ms, ");
    put_where(b, o->ev.phase, o->ev.iteration);
    ui_buf_puts(b, ", ");
    if (o->by != NULL) {
        put_label(b, o->by);
    } else {
        ui_buf_puts(b, "the program");
    }
    ui_buf_puts(b, " had made it ");
    struct sim_event ev = o->ev;
    ev.text = o->text;
    put_explain(n, b, &ev);
    ui_buf_puts(b, ".");
}

/* Why it ran after the callback before it, though it was waiting already; nothing if obvious. */
static void put_order(struct ui_buf *b, const struct previous *p, const struct origin *o,
                      const struct sim_event *ev, const struct limit_met *limit)
{
    enum sim_reason r = ev->reason;
    size_t mark = b->len;
    if (!p->valid || o == NULL || !o->queued || o->ev.seq > p->ev.seq ||
        sim_reason_queue(r) == SIM_QUEUE_COUNT) {
        return; /* a listener runs when its event is emitted, whatever waited before it */
    }
    ui_buf_puts(b, " It was waiting already when ");
    put_label(b, p->label.data != NULL ? p->label.data : "?");
    ui_buf_puts(b, " ran");
    int64_t due = due_ms(o);
    bool not_due = due >= 0 && p->ev.time_ns < (uint64_t)due * 1000000u;
    bool later_phase = p->ev.iteration == ev->iteration && phase_rank(p->ev.phase) != 0 &&
                       phase_rank(p->ev.phase) < phase_rank(ev->phase);
    if (is_drain(p->ev.reason) && !is_drain(r)) {
        ui_buf_puts(b, ", but nextTicks and microtasks run as soon as the callback under way "
                       "returns, before the loop goes on.");
    } else if (p->ev.reason == SIM_REASON_TICK && sim_reason_queue(r) == SIM_QUEUE_MICROTASKS) {
        ui_buf_puts(b, ", but the nextTick queue is emptied first, new nextTicks too, before "
                       "any promise job.");
    } else if (p->ev.reason == SIM_REASON_MICROTASK_FIRST && r == SIM_REASON_TICK) {
        ui_buf_puts(b, ", but the microtask checkpoint under way runs every microtask before "
                       "the nextTick queue is looked at again.");
    } else if (later_phase) {
        bool here = o->ev.iteration == ev->iteration && o->ev.phase != p->ev.phase &&
                    phase_rank(o->ev.phase) != 0 &&
                    phase_rank(o->ev.phase) < phase_rank(p->ev.phase);
        enum sim_phase from = here ? o->ev.phase : p->ev.phase;
        ui_buf_puts(b, ": after the ");
        ui_buf_puts(b, sim_phase_name(from));
        ui_buf_puts(b, here ? " phase, where it was queued, an iteration goes to "
                            : " phase an iteration goes on to ");
        put_path(b, from, ev->phase);
        if (not_due) {
            ui_buf_puts(b, "; and it was not due until ");
            ui_buf_i64(b, due);
            ui_buf_puts(b, " ms");
        }
        ui_buf_puts(b, ".");
    } else if (not_due) {
        ui_buf_puts(b, ", but it was not due until ");
        ui_buf_i64(b, due);
        ui_buf_puts(b, " ms.");
    } else if (r == SIM_REASON_CLOSE_CB && p->ev.reason == SIM_REASON_CLOSE_CB && p->queued &&
               p->queued_seq > o->ev.seq) {
        ui_buf_puts(b, ": that one was closed after it, and close callbacks run newest first.");
    } else if (limit->seq > o->ev.seq && limit->iteration < ev->iteration) {
        ui_buf_puts(b, ", but the per-phase limit of ");
        ui_buf_i64(b, limit->limit);
        ui_buf_puts(b, " callbacks ended the ");
        ui_buf_puts(b, sim_phase_name(ev->phase));
        ui_buf_puts(b, " phase of iteration ");
        ui_buf_u64(b, limit->iteration);
        ui_buf_puts(b, " before its turn.");
    } else if (r == SIM_REASON_IMMEDIATE && o->ev.phase == SIM_PHASE_CHECK &&
               o->ev.iteration < ev->iteration) {
        ui_buf_puts(b, ", but it was queued during a check phase, so it waited for the next "
                       "one.");
    } else if (p->ev.phase == ev->phase && p->ev.iteration == ev->iteration &&
               sim_reason_queue(p->ev.reason) == sim_reason_queue(r)) {
        ui_buf_puts(b, ", which was ahead of it in the same queue.");
    } else {
        b->len = mark; /* no rule explains the order better than the paragraphs do */
    }
}

/* "Its job: worker 1 took the job ... at 0 ms, and worker 1 finished it ... at 1 ms." */
static void put_job(struct narrator *n, struct ui_buf *b, const struct origin *o)
{
    if (o == NULL || o->steps == 0) {
        return;
    }
    struct sim_event start = {.reason = SIM_REASON_WORKER_START, .arg_a = o->first_worker};
    ui_buf_puts(b, " On the worker pool, ");
    put_explain(n, b, &start);
    ui_buf_puts(b, " at ");
    put_ms(b, o->first_start_ns);
    ui_buf_puts(b, " ms");
    if (o->queued && o->first_start_ns > o->ev.time_ns) {
        ui_buf_puts(b, ", once a worker was free (it had waited in the pool's queue since ");
        put_ms(b, o->ev.time_ns);
        ui_buf_puts(b, " ms)");
    }
    if (o->steps > 1) {
        ui_buf_puts(b, " (the first of its ");
        ui_buf_u64(b, o->steps);
        ui_buf_puts(b, " requests, each queued when the one before was done)");
    }
    if (o->done) {
        struct sim_event done = o->finish;
        done.text = o->finish_text;
        ui_buf_puts(b, o->steps > 1 ? ", and for the last one " : ", and ");
        put_explain(n, b, &done);
        ui_buf_puts(b, " at ");
        put_ms(b, done.time_ns);
        ui_buf_puts(b, " ms");
    }
    ui_buf_puts(b, ".");
}

/* "It printed ...", "It kept the loop busy ...", "What it scheduled: ...". */
static void put_effects(struct ui_buf *b, const struct paragraph *p)
{
    if (p->lines > 0) {
        ui_buf_puts(b, " It printed ");
        ui_buf_put(b, p->printed.data, p->printed.len);
        if (p->lines > MAX_PRINTED) {
            ui_buf_puts(b, ", and ");
            ui_buf_u64(b, p->lines - MAX_PRINTED);
            ui_buf_puts(b, " more lines");
        }
        ui_buf_puts(b, ".");
    }
    if (p->blocks > 0) {
        ui_buf_puts(b, " It kept the loop busy for ");
        put_ms(b, p->blocked_ns);
        ui_buf_puts(b, " ms, and nothing else could run meanwhile.");
    }
    if (p->queues > 0) {
        ui_buf_puts(b, " What it scheduled: ");
        ui_buf_put(b, p->queued.data, p->queued.len);
        if (p->queues > MAX_QUEUED) {
            ui_buf_puts(b, "; and ");
            ui_buf_u64(b, p->queues - MAX_QUEUED);
            ui_buf_puts(b, " more");
        }
        ui_buf_puts(b, ".");
    }
}

/* ---- Output ---------------------------------------------------------------------------- */

/* What heading an event falls under: -1 the main script, -2 after the loop, else iteration. */
static int64_t section_of(const struct sim_event *ev)
{
    if (ev->phase == SIM_PHASE_MAIN) {
        return -1;
    }
    return ev->phase == SIM_PHASE_EXIT ? -2 : (int64_t)ev->iteration;
}

/* Appends `text` to the line buffer wrapped at TEXT_WIDTH (text) or as one line (Markdown). */
static void put_wrapped(struct narrator *n, struct ui_buf *line, const char *text, size_t len)
{
    if (n->markdown) {
        ui_buf_put(line, text, len);
        ui_buf_putc(line, '\n');
        return;
    }
    ui_buf_put_wrapped(line, text, len, 0, TEXT_WIDTH);
}

/* Writes a heading when `ev` starts a new section. */
static void put_heading(struct narrator *n, struct printer_ctx *ctx, const struct sim_event *ev)
{
    int64_t section = section_of(ev);
    if (section == n->section) {
        return;
    }
    n->section = section;
    struct ui_buf *t = &n->tmp;
    t->len = 0;
    if (section == -1) {
        ui_buf_puts(t, "The main script");
    } else if (section == -2) {
        ui_buf_puts(t, "After the loop");
    } else {
        ui_buf_puts(t, "Iteration ");
        ui_buf_u64(t, ev->iteration);
    }
    struct ui_buf *line = &ctx->line;
    if (n->markdown) {
        ui_buf_puts(line, "## ");
        ui_buf_put(line, t->data, t->len);
        ui_buf_puts(line, "\n\n");
        return;
    }
    ui_buf_put(line, t->data, t->len);
    ui_buf_putc(line, '\n');
    for (size_t i = 0; i < t->len; i++) {
        ui_buf_putc(line, '-');
    }
    ui_buf_puts(line, "\n\n");
}

/* Writes n->out as a paragraph under the heading of `ev` (or hands it to the sink). */
static int write_paragraph(struct narrator *n, struct printer_ctx *ctx, const struct sim_event *ev)
{
    if (n->sink != NULL) {
        const struct paragraph *p = &n->para;
        bool callback = ev->kind == SIM_EVENT_CALLBACK;
        struct narrator_paragraph told = {
            .text = n->out.data != NULL ? n->out.data : "",
            .len = n->out.len,
            .callback = callback,
            .seq = ev->seq,
            .first_log = callback ? p->first_log : n->logs,
            .logs = callback ? p->lines : 0,
        };
        int rc = n->out.oom ? -1 : n->sink(n->sink_data, &told);
        n->out.len = 0;
        n->out.oom = false;
        return rc;
    }
    put_heading(n, ctx, ev);
    put_wrapped(n, &ctx->line, n->out.data, n->out.len);
    ui_buf_putc(&ctx->line, '\n');
    ctx->line.oom |= n->out.oom;
    n->out.len = 0;
    n->out.oom = false;
    return printer_line_done(ctx);
}

/* Tells the callback under way, if any, and remembers it as the one before the next. */
static int close_paragraph(struct narrator *n, struct printer_ctx *ctx)
{
    struct paragraph *p = &n->para;
    if (!p->open) {
        return 0;
    }
    p->open = false;
    struct ui_buf *b = &n->out;
    const struct sim_event *ev = &p->ev;
    const char *label = p->label.len > 0 ? p->label.data : NULL;
    if (label != NULL) {
        put_label(b, label);
    } else {
        ui_buf_puts(b, "A callback");
    }
    ui_buf_puts(b, " ran at ");
    put_ms(b, ev->time_ns);
    ui_buf_puts(b, " ms, ");
    put_where(b, ev->phase, ev->iteration);
    ui_buf_puts(b, ". It ran there because ");
    put_explain(n, b, ev);
    ui_buf_puts(b, ".");
    if (p->origin != NULL && p->origin->queued) {
        put_origin(n, b, p->origin);
    }
    put_order(b, &n->prev, p->origin, ev, &n->limits[ev->phase]);
    put_job(n, b, p->origin);
    ui_buf_put(b, p->waiting.data, p->waiting.len);
    put_effects(b, p);
    ui_buf_put(b, p->notes.data, p->notes.len);
    struct previous *prev = &n->prev;
    prev->valid = true;
    prev->ev = *ev;
    prev->label.len = 0;
    ui_buf_puts(&prev->label, label != NULL ? label : "?");
    ui_buf_putc(&prev->label, '\0');
    prev->queued = p->origin != NULL && p->origin->queued;
    prev->queued_seq = prev->queued ? p->origin->ev.seq : 0;
    origin_free(p->origin);
    p->origin = NULL;
    return write_paragraph(n, ctx, ev);
}

/* Starts the paragraph of callback `ev`. */
static void open_paragraph(struct narrator *n, struct printer_ctx *ctx, const struct sim_event *ev)
{
    struct paragraph *p = &n->para;
    p->open = true;
    p->ev = *ev;
    p->ev.label = NULL;
    p->ev.text = NULL;
    p->label.len = 0;
    p->waiting.len = 0;
    p->printed.len = 0;
    p->queued.len = 0;
    p->notes.len = 0;
    p->lines = p->queues = p->blocks = p->blocked_ns = 0;
    p->first_log = n->logs;
    if (ev->label != NULL) {
        ui_buf_puts(&p->label, ev->label);
        ui_buf_putc(&p->label, '\0');
        p->label.len--; /* the NUL stays past the end, for the label as a C string */
        p->origin = origin_take(n, ev->label);
    }
    n->current.len = 0;
    ui_buf_puts(&n->current, ev->label != NULL ? ev->label : "");
    ui_buf_putc(&n->current, '\0');
    n->in_callback = ev->label != NULL;
    /* What waited when it started: the queue that the drain rule puts after it. */
    struct sim_state st;
    sim_loop_state(ctx->loop, &st);
    uint32_t micro = st.queue_len[SIM_QUEUE_MICROTASKS];
    uint32_t ticks = st.queue_len[SIM_QUEUE_TICKS];
    if (ev->reason == SIM_REASON_TICK && micro > 0) {
        struct sim_item first;
        ui_buf_puts(&p->waiting, " It ran before the ");
        ui_buf_u64(&p->waiting, micro);
        ui_buf_puts(&p->waiting, micro == 1 ? " microtask" : " microtasks");
        if (sim_loop_queue(ctx->loop, SIM_QUEUE_MICROTASKS, 0, &first, 1) == 1) {
            ui_buf_puts(&p->waiting, " (the first: ");
            put_label(&p->waiting, first.label);
            ui_buf_puts(&p->waiting, ")");
        }
        ui_buf_puts(&p->waiting, micro == 1 ? " that was waiting." : " that were waiting.");
    } else if (ev->reason == SIM_REASON_MICROTASK_FIRST && ticks > 0) {
        ui_buf_puts(&p->waiting, " ");
        ui_buf_u64(&p->waiting, ticks);
        ui_buf_puts(&p->waiting, ticks == 1 ? " nextTick was" : " nextTicks were");
        ui_buf_puts(&p->waiting, " waiting, for the end of the checkpoint.");
    }
}

/* ---- Events ---------------------------------------------------------------------------- */

/* A log line of the callback under way. */
static void on_log(struct narrator *n, const struct sim_event *ev)
{
    struct paragraph *p = &n->para;
    n->logs++;
    if (!p->open) {
        return;
    }
    if (++p->lines > MAX_PRINTED) {
        return;
    }
    if (p->lines > 1) {
        ui_buf_puts(&p->printed, ", ");
    }
    put_printed(n, &p->printed, ev->text != NULL ? ev->text : "");
    if (ev->reason == SIM_REASON_FIRST_LOG) {
        ui_buf_puts(&p->printed, " (");
        put_explain(n, &p->printed, ev);
        ui_buf_puts(&p->printed, ": this one took ");
        put_ms(&p->printed, ev->duration_ns);
        ui_buf_puts(&p->printed, " ms)");
    }
}

/* A schedule event: remembered for the callback it queues, and told in the current one's. */
static void on_schedule(struct narrator *n, const struct sim_event *ev)
{
    const char *key = ev->label;
    if (key == NULL && ev->reason == SIM_REASON_SCHED_PROMISE_JOBS) {
        key = ev->text; /* the first job's label */
    }
    if (key != NULL && ev->reason == SIM_REASON_SCHED_CLEAR) {
        origin_free(origin_take(n, key));
    } else if (key != NULL) {
        struct origin *o = origin_get(n, key);
        /* The first schedule says where it goes; of the later ones (ref, unref ...) only a
         * refresh changes when it runs. */
        if (o != NULL && (!o->queued || ev->reason == SIM_REASON_SCHED_REFRESH)) {
            free(o->text);
            free(o->by);
            o->queued = true;
            o->ev = *ev;
            o->ev.label = o->ev.text = NULL;
            o->text = copy_string(ev->text);
            o->by = n->in_callback ? copy_string(n->current.data) : NULL;
        }
    }
    struct paragraph *p = &n->para;
    if (!p->open || ++p->queues > MAX_QUEUED) {
        return;
    }
    if (p->queues > 1) {
        ui_buf_puts(&p->queued, "; ");
    }
    if (ev->label != NULL) {
        put_label(&p->queued, ev->label);
        ui_buf_puts(&p->queued, ", ");
    }
    put_explain(n, &p->queued, ev);
}

/* The pool part of a label: "fs.readFile#1 (open)" is a request of "fs.readFile#1". */
static void job_key(struct narrator *n, const char *label)
{
    struct ui_buf *t = &n->tmp;
    t->len = 0;
    size_t len = strlen(label);
    const char *paren = len > 0 && label[len - 1] == ')' ? strrchr(label, '(') : NULL;
    if (paren != NULL && paren > label + 1 && paren[-1] == ' ') {
        len = (size_t)(paren - 1 - label);
    }
    ui_buf_put(t, label, len);
    ui_buf_putc(t, '\0');
}

/* A worker's start or end of a job: remembered for the job's callback. */
static void on_worker(struct narrator *n, const struct sim_event *ev)
{
    if (ev->label == NULL) {
        return;
    }
    job_key(n, ev->label);
    if (n->tmp.oom) {
        return;
    }
    struct origin *o = origin_get(n, n->tmp.data);
    if (o == NULL) {
        return;
    }
    if (ev->kind == SIM_EVENT_WORKER_START) {
        if (o->steps++ == 0) {
            o->first_worker = ev->arg_a;
            o->first_start_ns = ev->time_ns;
        }
        return;
    }
    free(o->finish_text);
    o->done = true;
    o->finish = *ev;
    o->finish.label = o->finish.text = NULL;
    o->finish_text = copy_string(ev->text);
}

/* A sentence of its own: "At 0.04 ms, in the poll phase of iteration 1, nothing was ready..." */
static int tell_event(struct narrator *n, struct printer_ctx *ctx, const struct sim_event *ev)
{
    int rc = close_paragraph(n, ctx);
    struct ui_buf *b = &n->out;
    ui_buf_puts(b, "At ");
    put_ms(b, ev->time_ns);
    ui_buf_puts(b, " ms, ");
    put_where(b, ev->phase, ev->iteration);
    ui_buf_puts(b, ", ");
    put_explain(n, b, ev);
    if (ev->kind == SIM_EVENT_POLL_WAIT) {
        ui_buf_puts(b, " (for ");
        put_ms(b, ev->duration_ns);
        ui_buf_puts(b, " ms)");
    }
    ui_buf_puts(b, ".");
    int wrote = write_paragraph(n, ctx, ev);
    return rc != 0 ? rc : wrote;
}

/* Notes that belong to the callback under way, told in its paragraph. */
static bool note_of_callback(enum sim_reason r)
{
    return r == SIM_REASON_CORES_MAIN || r == SIM_REASON_UNCAUGHT ||
           r == SIM_REASON_UNCAUGHT_LISTENER || r == SIM_REASON_NODE10_WAIT;
}

static int on_note(struct narrator *n, struct printer_ctx *ctx, const struct sim_event *ev)
{
    if (ev->reason == SIM_REASON_PHASE_LIMIT && (unsigned)ev->phase < SIM_PHASE_COUNT) {
        n->limits[ev->phase] = (struct limit_met){ev->seq, ev->iteration, ev->arg_a};
    }
    if (ev->reason == SIM_REASON_IDLE_HANDLE) {
        if (n->idle_told) {
            return 0; /* once is enough: it comes in every iteration an immediate waits */
        }
        n->idle_told = true;
    }
    struct paragraph *p = &n->para;
    if (p->open && note_of_callback(ev->reason)) {
        ui_buf_puts(&p->notes, " Then ");
        put_explain(n, &p->notes, ev);
        ui_buf_puts(&p->notes, ".");
        return 0;
    }
    return tell_event(n, ctx, ev);
}

/* The choice points met before `ev`: where real Node's order depends on timing. */
static int tell_choices(struct narrator *n, struct printer_ctx *ctx, const struct sim_event *ev)
{
    uint64_t count = sim_loop_choice_count(ctx->loop);
    int rc = 0;
    for (; n->choices_told < count && n->choices_told < SIM_MAX_CHOICES; n->choices_told++) {
        const struct sim_choice *c = sim_loop_choice_at(ctx->loop, (size_t)n->choices_told);
        if (c == NULL || c->event_seq > ev->seq) {
            break;
        }
        if (n->choice_kinds_told & (1u << c->kind)) {
            continue; /* the same kind of choice again: once is enough to read */
        }
        n->choice_kinds_told |= 1u << c->kind;
        rc |= close_paragraph(n, ctx);
        struct ui_buf *b = &n->out;
        char text[1024];
        ui_buf_puts(b, "At ");
        put_ms(b, c->time_ns);
        ui_buf_puts(b, " ms, real Node's order depends on timing (a ");
        ui_buf_puts(b, sim_choice_name(c->kind));
        ui_buf_puts(b, " choice, told the first time only): this run takes it that ");
        sim_choice_sentence(c, c->taken, text, sizeof text);
        ui_buf_puts(b, text);
        ui_buf_puts(b, "; a real run may also find that ");
        sim_choice_sentence(c, c->taken == 0, text, sizeof text);
        ui_buf_puts(b, text);
        ui_buf_puts(b, ". ");
        size_t at = b->len;
        ui_buf_puts(b, sim_choice_pin(c->kind));
        capitalize(b, at);
        ui_buf_puts(b, ".");
        rc |= write_paragraph(n, ctx, ev);
    }
    return rc;
}

static int narrate_event(struct printer_ctx *ctx, const struct sim_event *ev)
{
    struct narrator *n = ctx->command_data;
    int rc = tell_choices(n, ctx, ev);
    switch (ev->kind) {
    case SIM_EVENT_CALLBACK:
        rc |= close_paragraph(n, ctx);
        open_paragraph(n, ctx, ev);
        break;
    case SIM_EVENT_LOG:
        on_log(n, ev);
        break;
    case SIM_EVENT_BLOCK:
        n->para.blocks++;
        n->para.blocked_ns += ev->duration_ns;
        break;
    case SIM_EVENT_SCHEDULE:
        on_schedule(n, ev);
        break;
    case SIM_EVENT_PHASE:
        rc |= close_paragraph(n, ctx);
        n->in_callback = false;
        break;
    case SIM_EVENT_WORKER_START:
    case SIM_EVENT_WORKER_DONE:
        on_worker(n, ev);
        break;
    case SIM_EVENT_NOTE:
        rc |= on_note(n, ctx, ev);
        break;
    case SIM_EVENT_POLL_WAIT:
    case SIM_EVENT_LOOP_EXIT:
    case SIM_EVENT_STOP:
        n->in_callback = false;
        rc |= tell_event(n, ctx, ev);
        break;
    case SIM_EVENT_COUNT:
        break;
    }
    return rc != 0 ? -1 : 0;
}

/* ---- The printers ---------------------------------------------------------------------- */

static int narrate_begin(struct printer_ctx *ctx, bool markdown)
{
    struct narrator *n = ctx->command_data;
    n->markdown = markdown;
    if (n->sink != NULL) {
        return 0;
    }
    struct ui_buf *b = &ctx->line;
    ui_buf_puts(b, markdown ? "# How the event loop runs " : "How the event loop runs ");
    ui_buf_json_string(b, ctx->prog->name);
    ui_buf_puts(b, " (");
    if (markdown) {
        put_label(b, ctx->source);
    } else {
        ui_buf_puts_term(b, ctx->source);
    }
    ui_buf_puts(b, ")\n\n");
    return printer_line_done(ctx);
}

static int begin_text(struct printer_ctx *ctx)
{
    return narrate_begin(ctx, false);
}

static int begin_markdown(struct printer_ctx *ctx)
{
    return narrate_begin(ctx, true);
}

static int narrate_end(struct printer_ctx *ctx, const struct sim_loop *loop)
{
    struct narrator *n = ctx->command_data;
    if (close_paragraph(n, ctx) != 0) {
        return -1;
    }
    struct ui_buf *b = &n->out;
    ui_buf_puts(b, "The run ended at ");
    put_ms(b, ctx->time_ns);
    ui_buf_puts(b, " ms of virtual time, after ");
    ui_buf_u64(b, ctx->callbacks);
    ui_buf_puts(b, ctx->callbacks == 1 ? " callback: " : " callbacks: ");
    ctx->scratch.len = 0;
    printer_outcome_text(ctx, loop, &ctx->scratch);
    ui_buf_put_term(b, ctx->scratch.data, ctx->scratch.len);
    ui_buf_puts(b, ".");
    n->section = -3; /* the end is under no heading of its own */
    if (n->sink != NULL) {
        struct narrator_paragraph told = {
            .text = b->data, .len = b->len, .end = true, .first_log = n->logs};
        int rc = b->oom ? -1 : n->sink(n->sink_data, &told);
        b->len = 0;
        return rc;
    }
    put_wrapped(n, &ctx->line, b->data, b->len);
    ctx->line.oom |= b->oom;
    b->len = 0;
    return printer_flush(ctx);
}

const struct printer printer_explain_text = {
    .name = "text",
    .summary = "paragraphs of plain text, wrapped at 80 columns",
    .begin = begin_text,
    .event = narrate_event,
    .end = narrate_end,
};

const struct printer printer_explain_markdown = {
    .name = "markdown",
    .summary = "Markdown: a heading per iteration, a paragraph per callback",
    .begin = begin_markdown,
    .event = narrate_event,
    .end = narrate_end,
};

const struct printer *narrator_find(const char *name)
{
    if (strcmp(name, printer_explain_text.name) == 0) {
        return &printer_explain_text;
    }
    return strcmp(name, printer_explain_markdown.name) == 0 ? &printer_explain_markdown : NULL;
}

void narrator_set_sink(struct narrator *n, narrator_sink_fn sink, void *data)
{
    n->sink = sink;
    n->sink_data = data;
}

struct narrator *narrator_create(void)
{
    struct narrator *n = calloc(1, sizeof(*n));
    if (n == NULL) {
        return NULL;
    }
    n->bucket_count = 1024;
    n->buckets = calloc(n->bucket_count, sizeof(*n->buckets));
    if (n->buckets == NULL) {
        free(n);
        return NULL;
    }
    n->section = -3;
    ui_buf_init(&n->para.label);
    ui_buf_init(&n->para.waiting);
    ui_buf_init(&n->para.printed);
    ui_buf_init(&n->para.queued);
    ui_buf_init(&n->para.notes);
    ui_buf_init(&n->prev.label);
    ui_buf_init(&n->current);
    ui_buf_init(&n->out);
    ui_buf_init(&n->tmp);
    return n;
}

void narrator_destroy(struct narrator *n)
{
    if (n == NULL) {
        return;
    }
    for (size_t i = 0; i < n->bucket_count; i++) {
        for (struct origin *o = n->buckets[i], *next; o != NULL; o = next) {
            next = o->next;
            origin_free(o);
        }
    }
    free(n->buckets);
    origin_free(n->para.origin);
    ui_buf_finish(&n->para.label);
    ui_buf_finish(&n->para.waiting);
    ui_buf_finish(&n->para.printed);
    ui_buf_finish(&n->para.queued);
    ui_buf_finish(&n->para.notes);
    ui_buf_finish(&n->prev.label);
    ui_buf_finish(&n->current);
    ui_buf_finish(&n->out);
    ui_buf_finish(&n->tmp);
    free(n);
}
