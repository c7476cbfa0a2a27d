/*
 * printer_mermaid.c - the trace as a Mermaid sequence diagram, which GitHub renders where a
 * Markdown file has it in a ```mermaid fence.
 *
 *     sequenceDiagram
 *         participant main
 *         ...
 *         activate main
 *         Note over main: main
 *         main->>timers: timer 200 ms - joins timer list 200 ms, due at 202 ms
 *
 * Participants are the main script, the phases, `ticks` (the nextTick and microtask queues) and
 * `pool` (the worker pool); only those the diagram names are declared, in that order. A phase
 * visit activates its participant until the next visit or the end of its iteration. A callback
 * is a note over the one participant it runs on. Its console output, a block, a poll's sleep or a
 * worker taking a job is a note to the right of where it happens. A schedule event is an arrow
 * from where it happened to the queue it fills (one table, target_of); a worker's completion is
 * an arrow back to poll; a new iteration, the loop's exit and the outcome are notes across the
 * diagram.
 *
 * Mermaid refuses a diagram over 50,000 characters. Each event's lines are built in the
 * state's cell first and counted; the first that would pass DIAGRAM_BUDGET is cut, with every
 * later one, and the diagram ends with a note saying how many events it leaves out. The output
 * is bounded: a million-event run writes under 50,000 characters too, and keeps nothing per
 * event.
 *
 * Because it is bounded, the body is held in ctx->line until the end: only then is it known which
 * participants it names, so the declarations (written first) list those alone, and the notes
 * across the loop, written with a SPAN mark, get their span: the first participant to the last.
 */
#include "printer.h"

#include <stdlib.h>

/* The participants, in the order the diagram lists them. X(enum suffix, id) */
#define PARTICIPANT_MAP(X) \
    X(MAIN, "main")        \
    X(TICKS, "ticks")      \
    X(TIMERS, "timers")    \
    X(PENDING, "pending")  \
    X(IDLE, "idle")        \
    X(POLL, "poll")        \
    X(CHECK, "check")      \
    X(CLOSE, "close")      \
    X(EXIT, "exit")        \
    X(POOL, "pool")

enum participant {
#define X(e, id) P_##e,
    PARTICIPANT_MAP(X)
#undef X
    P_NONE,
};

static const char *const participant_ids[] = {
#define X(e, id) id,
    PARTICIPANT_MAP(X)
#undef X
};

/*
 * Characters the diagram may take before the cut: Mermaid's limit is 50,000 and the lines that
 * close the diagram (a deactivation, the cut note, the outcome) take at most END_RESERVE.
 */
enum { MERMAID_LIMIT = 50000, END_RESERVE = 2000 };
enum { DIAGRAM_BUDGET = MERMAID_LIMIT - END_RESERVE };

/* The bytes of the outcome sentence the last note quotes (escaped, at most 5 times as many). */
enum { OUTCOME_MAX = 300 };

/*
 * The mark that stands for the span of the notes across the loop until the end, when it becomes
 * "FIRST,LAST" of the named participants: at most SPAN_MAX characters, the length counted for it.
 * No text can hold the mark: put_text makes every control character a space.
 */
#define SPAN "\x01"
enum { SPAN_MAX = 2 * sizeof("pending") - 1 };

/* The most the declarations can take: "sequenceDiagram\n", then each "    participant ID\n". */
enum { HEADER_MAX = 16 + P_NONE * (sizeof("    participant pending\n") - 1) };

/* The participant of a phase. */
static enum participant participant_of_phase(enum sim_phase phase)
{
    switch (phase) {
    case SIM_PHASE_MAIN:
        return P_MAIN;
    case SIM_PHASE_TIMERS:
        return P_TIMERS;
    case SIM_PHASE_PENDING:
        return P_PENDING;
    case SIM_PHASE_IDLE:
        return P_IDLE;
    case SIM_PHASE_POLL:
        return P_POLL;
    case SIM_PHASE_CHECK:
        return P_CHECK;
    case SIM_PHASE_CLOSE:
        return P_CLOSE;
    case SIM_PHASE_EXIT:
    case SIM_PHASE_COUNT:
        break;
    }
    return P_EXIT;
}

/* The queue a schedule event of this reason fills, or P_NONE: it fills none (a clear, a ref). */
static enum participant target_of(enum sim_reason reason)
{
    switch (reason) {
    case SIM_REASON_SCHED_TIMER:
    case SIM_REASON_SCHED_TIMER_TRUNC:
    case SIM_REASON_SCHED_CLAMP:
    case SIM_REASON_SCHED_REFRESH:
        return P_TIMERS;
    case SIM_REASON_SCHED_IMMEDIATE:
        return P_CHECK;
    case SIM_REASON_SCHED_TICK:
    case SIM_REASON_SCHED_MICROTASK:
    case SIM_REASON_SCHED_PROMISE_JOBS:
        return P_TICKS;
    case SIM_REASON_SCHED_JOB:
    case SIM_REASON_SCHED_JOBS:
        return P_POOL;
    case SIM_REASON_SCHED_IO:
    case SIM_REASON_SCHED_LISTEN:
    case SIM_REASON_SCHED_CONNECT:
        return P_POLL;
    case SIM_REASON_SCHED_CLOSE:
    case SIM_REASON_SCHED_SERVER_CLOSE:
    case SIM_REASON_SCHED_CONNECT_FAILED:
        return P_CLOSE;
    default:
        return P_NONE;
    }
}

/*
 * Appends text for a message or a note. Mermaid ends a statement at ';' or a newline, reads '#'
 * as the start of an entity and lets some HTML through, so those characters become entity codes
 * (#59; for ';'), newlines and other control characters a space; a blank text becomes "-".
 */
static void put_text(struct ui_buf *b, const char *s)
{
    size_t before = b->len;
    for (; s != NULL && *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ';' || c == '#' || c == '<' || c == '>' || c == '&' || c == '"' || c == '%' ||
            c == '{' || c == '}' || c == '\\' || c == '`') {
            ui_buf_putc(b, '#');
            ui_buf_u64(b, c);
            ui_buf_putc(b, ';');
        } else {
            ui_buf_putc(b, c < 0x20 || c == 0x7f ? ' ' : (char)c);
        }
    }
    if (b->len == before) {
        ui_buf_putc(b, '-');
    }
}

/* Appends "    Note over IDS: " (or "right of"); `ids` is a participant or a span of them. */
static void put_note_at(struct ui_buf *b, const char *where, const char *ids)
{
    ui_buf_puts(b, "    Note ");
    ui_buf_puts(b, where);
    ui_buf_puts(b, ids);
    ui_buf_puts(b, ": ");
}

/* What the diagram has said so far, for one run (ctx->format_data). */
struct mermaid_state {
    struct ui_buf cell;         /* the current event's lines, as built */
    size_t chars;               /* the characters written so far */
    uint64_t cut_seq;           /* the first event left out, or 0 */
    int active;                 /* the activated participant, or -1 */
    uint64_t shown_iteration;   /* the iteration of the last boundary note */
    int callback_on;            /* where the running callback sits, or -1 */
    unsigned participants;      /* a bit per participant the diagram names */
};

static struct mermaid_state *state(const struct printer_ctx *ctx)
{
    return ctx->format_data;
}

static void state_free(void *data)
{
    struct mermaid_state *st = data;
    if (st != NULL) {
        ui_buf_finish(&st->cell);
        free(st);
    }
}

/* Records that the diagram names participant `p`. */
static void name_participant(struct printer_ctx *ctx, enum participant p)
{
    state(ctx)->participants |= 1u << p;
}

/* Appends "    Note over P: " (or "right of"). */
static void put_note(struct printer_ctx *ctx, struct ui_buf *b, const char *where,
                     enum participant p)
{
    name_participant(ctx, p);
    put_note_at(b, where, participant_ids[p]);
}

/* Appends "    activate P" or "    deactivate P". */
static void put_activation(struct printer_ctx *ctx, struct ui_buf *b, const char *verb,
                           enum participant p)
{
    name_participant(ctx, p);
    ui_buf_puts(b, "    ");
    ui_buf_puts(b, verb);
    ui_buf_puts(b, participant_ids[p]);
    ui_buf_putc(b, '\n');
}

static int mermaid_begin(struct printer_ctx *ctx)
{
    struct mermaid_state *st = calloc(1, sizeof(*st));
    if (st == NULL) {
        return -1;
    }
    ui_buf_init(&st->cell);
    st->active = -1;
    st->callback_on = -1;
    ctx->format_data = st;
    ctx->format_free = state_free;
    state(ctx)->chars = HEADER_MAX; /* the declarations, written at the end, take at most that */
    return 0;
}

/* The participant the running callback sits on: ticks for a tick or microtask. */
static enum participant callback_participant(const struct sim_event *ev)
{
    switch (ev->reason) {
    case SIM_REASON_TICK:
    case SIM_REASON_MICROTASK:
    case SIM_REASON_MICROTASK_FIRST:
    case SIM_REASON_SOCKET_WRITE_CB:
    case SIM_REASON_SERVER_CLOSE_CB:
    case SIM_REASON_CLOSE_EMIT_AGAIN:
        return P_TICKS;
    default:
        return participant_of_phase(ev->phase);
    }
}

/* Where what `ev` does happens: the running callback's participant, else its phase's. */
static enum participant source_of(const struct printer_ctx *ctx, const struct sim_event *ev)
{
    if (state(ctx)->callback_on >= 0) {
        return (enum participant)state(ctx)->callback_on;
    }
    return participant_of_phase(ev->phase);
}

/* A schedule event: an arrow to the queue it fills, else a note where it happened. */
static void put_schedule(struct printer_ctx *ctx, struct ui_buf *b, const struct sim_event *ev)
{
    enum participant from = source_of(ctx, ev);
    enum participant to = target_of(ev->reason);
    if (to == P_NONE) {
        put_note(ctx, b, "right of ", from);
    } else {
        name_participant(ctx, from);
        name_participant(ctx, to);
        ui_buf_puts(b, "    ");
        ui_buf_puts(b, participant_ids[from]);
        ui_buf_puts(b, "->>");
        ui_buf_puts(b, participant_ids[to]);
        ui_buf_puts(b, ": ");
    }
    if (ev->label != NULL && ev->label[0] != '\0') {
        put_text(b, ev->label);
        ui_buf_puts(b, " - ");
    }
    ctx->scratch.len = 0;
    ui_buf_reason(&ctx->scratch, ev);
    ui_buf_putc(&ctx->scratch, '\0');
    put_text(b, ctx->scratch.data);
    b->oom |= ctx->scratch.oom;
    ui_buf_putc(b, '\n');
}

/* A note with the reason sentence of `ev`, after `prefix` (already escaped). */
static void put_why_note(struct printer_ctx *ctx, struct ui_buf *b, const char *where,
                         const char *ids, const char *prefix, const struct sim_event *ev)
{
    put_note_at(b, where, ids);
    ui_buf_puts(b, prefix);
    ctx->scratch.len = 0;
    ui_buf_reason(&ctx->scratch, ev);
    ui_buf_putc(&ctx->scratch, '\0');
    put_text(b, ctx->scratch.data);
    b->oom |= ctx->scratch.oom;
    ui_buf_putc(b, '\n');
}

/* A phase visit: the phase's participant is active until the next visit. */
static void put_phase(struct printer_ctx *ctx, struct ui_buf *b, const struct sim_event *ev)
{
    enum participant p = participant_of_phase(ev->phase);
    if (state(ctx)->active >= 0) {
        put_activation(ctx, b, "deactivate ", (enum participant)state(ctx)->active);
    }
    put_activation(ctx, b, "activate ", p);
    state(ctx)->active = (int)p;
}

/* The lines of one event, as the diagram shows it. */
static void put_event(struct printer_ctx *ctx, struct ui_buf *b, const struct sim_event *ev)
{
    switch (ev->kind) {
    case SIM_EVENT_PHASE:
        put_phase(ctx, b, ev);
        break;
    case SIM_EVENT_CALLBACK:
        put_note(ctx, b, "over ", (enum participant)state(ctx)->callback_on);
        put_text(b, ev->label);
        ui_buf_putc(b, '\n');
        break;
    case SIM_EVENT_LOG:
        put_note(ctx, b, "right of ", source_of(ctx, ev));
        ui_buf_puts(b, "console: ");
        put_text(b, ev->text);
        ui_buf_putc(b, '\n');
        break;
    case SIM_EVENT_SCHEDULE:
        put_schedule(ctx, b, ev);
        break;
    case SIM_EVENT_WORKER_START:
        put_note(ctx, b, "right of ", P_POOL);
        ui_buf_puts(b, "worker ");
        ui_buf_u64(b, ev->worker);
        ui_buf_puts(b, " starts ");
        put_text(b, ev->label);
        ui_buf_putc(b, '\n');
        break;
    case SIM_EVENT_WORKER_DONE:
        name_participant(ctx, P_POOL);
        name_participant(ctx, P_POLL);
        ui_buf_puts(b, "    pool-->>poll: done ");
        put_text(b, ev->label);
        ui_buf_puts(b, " (worker ");
        ui_buf_u64(b, ev->worker);
        ui_buf_puts(b, ")\n");
        break;
    case SIM_EVENT_POLL_WAIT:
        name_participant(ctx, P_POLL);
        put_why_note(ctx, b, "right of ", participant_ids[P_POLL], "waits - ", ev);
        break;
    case SIM_EVENT_BLOCK:
        put_note(ctx, b, "right of ", source_of(ctx, ev));
        ui_buf_puts(b, "blocks ");
        ui_buf_ms(b, ev->duration_ns);
        ui_buf_puts(b, " ms - ");
        put_text(b, ev->text);
        ui_buf_putc(b, '\n');
        break;
    case SIM_EVENT_NOTE:
        name_participant(ctx, source_of(ctx, ev));
        put_why_note(ctx, b, "right of ", participant_ids[source_of(ctx, ev)], "", ev);
        break;
    case SIM_EVENT_LOOP_EXIT:
    case SIM_EVENT_STOP:
    case SIM_EVENT_COUNT:
        put_why_note(ctx, b, "over ", SPAN, "", ev);
        break;
    }
}

/* How many SPAN marks `b` holds. */
static size_t count_spans(const struct ui_buf *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->len; i++) {
        n += b->data[i] == SPAN[0];
    }
    return n;
}

/* A note across the phases where a new iteration starts. */
static void put_iteration(struct printer_ctx *ctx, struct ui_buf *b, const struct sim_event *ev)
{
    if (ev->iteration == state(ctx)->shown_iteration) {
        return;
    }
    state(ctx)->shown_iteration = ev->iteration;
    if (state(ctx)->active >= 0) {
        /* The last phase visit ended with its iteration. */
        put_activation(ctx, b, "deactivate ", (enum participant)state(ctx)->active);
        state(ctx)->active = -1;
    }
    ui_buf_puts(b, "    Note over " SPAN ": iteration ");
    ui_buf_u64(b, ev->iteration);
    ui_buf_putc(b, '\n');
}

static int mermaid_event(struct printer_ctx *ctx, const struct sim_event *ev)
{
    if (state(ctx)->cut_seq != 0) {
        return 0;
    }
    if (ev->kind == SIM_EVENT_PHASE) {
        state(ctx)->callback_on = -1;
    } else if (ev->kind == SIM_EVENT_CALLBACK) {
        state(ctx)->callback_on = (int)callback_participant(ev);
    }
    struct ui_buf *b = &state(ctx)->cell;
    b->len = 0;
    int active = state(ctx)->active;
    uint64_t shown_iteration = state(ctx)->shown_iteration;
    unsigned participants = state(ctx)->participants;
    put_iteration(ctx, b, ev);
    put_event(ctx, b, ev);
    size_t chars = b->len + count_spans(b) * (SPAN_MAX - 1);
    if (state(ctx)->chars + chars > DIAGRAM_BUDGET) {
        state(ctx)->cut_seq = ev->seq;
        state(ctx)->active = active; /* what the diagram shows is as before this event */
        state(ctx)->shown_iteration = shown_iteration;
        state(ctx)->participants = participants;
        return 0;
    }
    state(ctx)->chars += chars;
    ui_buf_put(&ctx->line, b->data, b->len); /* held until the end: at most DIAGRAM_BUDGET */
    ctx->line.oom |= b->oom;
    return 0;
}

/* Appends "FIRST,LAST" of the named participants in their order, or the one if only one is. */
static void put_span(const struct printer_ctx *ctx, struct ui_buf *b)
{
    int first = -1;
    int last = -1;
    for (int p = 0; p < P_NONE; p++) {
        if ((state(ctx)->participants & (1u << p)) != 0) {
            first = first < 0 ? p : first;
            last = p;
        }
    }
    ui_buf_puts(b, participant_ids[first]);
    if (last != first) {
        ui_buf_putc(b, ',');
        ui_buf_puts(b, participant_ids[last]);
    }
}

/* Writes the declarations of the named participants, then the body with its spans filled in. */
static int write_diagram(struct printer_ctx *ctx)
{
    struct ui_buf *out = &state(ctx)->cell;
    out->len = 0;
    state(ctx)->participants |= 1u << P_MAIN; /* a span needs one, and the script always runs */
    ui_buf_puts(out, "sequenceDiagram\n");
    for (int p = 0; p < P_NONE; p++) {
        if ((state(ctx)->participants & (1u << p)) != 0) {
            ui_buf_puts(out, "    participant ");
            ui_buf_puts(out, participant_ids[p]);
            ui_buf_putc(out, '\n');
        }
    }
    const char *s = ctx->line.data;
    const char *end = s + ctx->line.len;
    while (s < end) {
        const char *mark = memchr(s, SPAN[0], (size_t)(end - s));
        const char *stop = mark != NULL ? mark : end;
        ui_buf_put(out, s, (size_t)(stop - s));
        if (mark != NULL) {
            put_span(ctx, out);
        }
        s = stop + (mark != NULL);
    }
    out->oom |= ctx->line.oom;
    ctx->line.len = 0;
    return ui_buf_write(out, ctx->fp);
}

static int mermaid_end(struct printer_ctx *ctx, const struct sim_loop *loop)
{
    struct ui_buf *b = &ctx->line;
    if (state(ctx)->active >= 0) {
        put_activation(ctx, b, "deactivate ", (enum participant)state(ctx)->active);
    }
    if (state(ctx)->cut_seq != 0) {
        ui_buf_puts(b, "    Note over " SPAN ": ");
        ui_buf_u64(b, ctx->events - (state(ctx)->cut_seq - 1));
        ui_buf_puts(b, " more events not shown (loopsim trace --format markdown shows all)\n");
    }
    state(ctx)->cell.len = 0;
    printer_outcome_text(ctx, loop, &state(ctx)->cell);
    if (state(ctx)->cell.len > OUTCOME_MAX) {
        /* A `stop` text from the scenario can be long: cut it on a character boundary. */
        state(ctx)->cell.len = OUTCOME_MAX;
        const unsigned char *s = (const unsigned char *)state(ctx)->cell.data;
        while (state(ctx)->cell.len > 0 && (s[state(ctx)->cell.len] & 0xc0) == 0x80) {
            state(ctx)->cell.len--;
        }
    }
    ui_buf_putc(&state(ctx)->cell, '\0');
    ui_buf_puts(b, "    Note over " SPAN ": the run ");
    put_text(b, state(ctx)->cell.data);
    b->oom |= state(ctx)->cell.oom;
    ui_buf_putc(b, '\n');
    return write_diagram(ctx);
}

const struct printer printer_mermaid = {
    .name = "mermaid",
    .summary = "a Mermaid sequence diagram (GitHub renders it), cut to fit Mermaid's 50,000 "
               "characters",
    .begin = mermaid_begin,
    .event = mermaid_event,
    .end = mermaid_end,
};
