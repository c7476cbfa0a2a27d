/*
 * events.c - the event stream: events are made into a buffer during an action and handed out
 * one by one by sim_loop_step. Strings an event owns live in a scratch arena that is reset once
 * every buffered event has been handed out.
 */
#include "sim_internal.h"

#include <stdlib.h>
#include <string.h>

/* A label is cut to this many bytes, its NUL included. */
#define LABEL_MAX 256

/* Room for `len` bytes and a NUL at the end of the scratch arena, or NULL when out of memory. */
static char *scratch_room(struct sim_loop *loop, uint32_t len)
{
    struct events_state *es = &loop->events;
    if (!sim__grow(loop, (void **)&es->scratch, &es->scratch_cap, 1, es->scratch_len + len + 1)) {
        return NULL;
    }
    return es->scratch + es->scratch_len;
}

/* Keeps the `len` bytes just written into the room; returns their offset. */
static uint32_t scratch_keep(struct sim_loop *loop, uint32_t len)
{
    struct events_state *es = &loop->events;
    uint32_t off = es->scratch_len;
    es->scratch[off + len] = '\0';
    es->scratch_len += len + 1;
    return off;
}

/* Copies `len` bytes into the scratch arena; returns the offset, or SIM_NONE when out of memory. */
static uint32_t scratch_put(struct sim_loop *loop, const char *s, uint32_t len)
{
    char *room = scratch_room(loop, len);
    if (room == NULL) {
        return SIM_NONE;
    }
    memcpy(room, s, len);
    return scratch_keep(loop, len);
}

/*
 * Makes an event stamped with the loop's time, iteration and phase. The caller fills in the
 * rest. `t` names the task concerned (for its statement), or SIM_NONE. Every field is set here, one
 * by one: this runs for every event, and clearing the whole record first cost more than all
 * the rest of it.
 */
struct pending_event *sim__emit(struct sim_loop *loop, enum sim_event_kind kind,
                                enum sim_reason reason, uint32_t t)
{
    struct events_state *es = &loop->events;
    if (es->head == es->len) {
        es->head = 0;
        es->len = 0;
        es->scratch_len = 0;
    }
    struct pending_event *pe = &es->spare; /* absorbs writes once memory has run out */
    if (sim__grow(loop, (void **)&es->buf, &es->cap, sizeof(struct pending_event), es->len + 1)) {
        pe = &es->buf[es->len++];
    }
    struct sim_event *ev = &pe->ev;
    pe->label_off = SIM_NONE;
    pe->text_off = SIM_NONE;
    ev->seq = ++es->seq;
    ev->kind = kind;
    ev->time_ns = loop->clock_ns;
    ev->iteration = loop->iteration;
    ev->phase = loop->phase;
    ev->reason = reason;
    ev->arg_a = 0;
    ev->arg_b = 0;
    ev->label = NULL;
    ev->text = NULL;
    ev->duration_ns = 0;
    ev->stmt = t != SIM_NONE ? task_at(loop, t)->stmt : SIM_NONE;
    ev->worker = 0;
    ev->callbacks = loop->callbacks;
    ev->cause = 0;
    return pe;
}

/* Sets the event's text to a copy of `text`. */
void sim__emit_text(struct sim_loop *loop, struct pending_event *pe, const char *text)
{
    pe->text_off = scratch_put(loop, text, (uint32_t)strlen(text));
}

/* Sets the event's text to `len` bytes (a JavaScript string: it may hold NUL bytes). */
void sim__emit_text_len(struct sim_loop *loop, struct pending_event *pe, const char *text,
                        uint32_t len)
{
    pe->text_off = scratch_put(loop, text, len);
}

/* Sets the event's label: `label` with {VAR} placeholders filled from `env`. */
void sim__emit_label(struct sim_loop *loop, struct pending_event *pe, const char *label,
                     uint32_t env)
{
    if (label == NULL || !sim__has_placeholder(label)) {
        pe->ev.label = label;
        return;
    }
    char *out;
    uint32_t len = sim__interpolate(loop, label, env, &out);
    pe->label_off = scratch_put(loop, out, len);
}

/* ---- Writing into a caller's buffer, snprintf-style ------------------------------------ */

/* `len` counts what was asked for, also past `size`; finish() terminates. */
struct out {
    char *buf;
    size_t size;
    size_t len;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (o->len + 1 < o->size) {
        size_t room = o->size - 1 - o->len;
        memcpy(o->buf + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

/* Writes v in decimal, at once. */
static void put_int(struct out *o, int64_t v)
{
    char digits[SIM_FORMAT_U64_MAX + 1];
    size_t n = 0;
    if (v < 0) {
        digits[n++] = '-';
    }
    n += sim_format_u64(digits + n, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
    put(o, digits, n);
}

static void put_str(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

/* A string literal, whose length the compiler knows. */
#define PUT_LITERAL(o, s) put((o), (s), sizeof(s) - 1)

static void finish(struct out *o)
{
    if (o->size > 0) {
        o->buf[o->len < o->size ? o->len : o->size - 1] = '\0';
    }
}

/* Does task t's name differ from its statement's (placeholders, a run, a request's step)? */
static bool name_varies(const struct sim_loop *loop, const struct task *task)
{
    if (task->stmt == SIM_NONE) {
        return false;
    }
    if (loop->prog->stmts[task->stmt].label_varies || sim__task_env(task) != SIM_NONE ||
        sim__task_run(task) > 1) {
        return true;
    }
    return task->kind == TASK_REQUEST && task->u.req.steps > 1;
}

/* Sets the event's label to the name of task `t`: its label, or "op#ordinal". */
void sim__emit_label_of(struct sim_loop *loop, struct pending_event *pe, uint32_t t)
{
    const struct task *task = task_at(loop, t);
    bool chain = task->kind == TASK_REQUEST && task->u.req.steps > 1; /* its step is named too */
    if (loop->prog->js != NULL && !chain) {
        uint32_t len;
        bool lasting;
        const char *label = sim__vm_task_label(loop, t, &len, &lasting);
        if (label != NULL && lasting) {
            pe->ev.label = label; /* the program's: no copy (a NUL inside ends it either way) */
            return;
        }
        if (label != NULL) {
            pe->label_off = scratch_put(loop, label, len);
            return;
        }
    }
    if (task->stmt == SIM_NONE && task->kind == TASK_REQUEST) {
        pe->ev.label = "read module source";
        return;
    }
    if (!name_varies(loop, task)) {
        pe->ev.label = sim__stmt_name(loop, task->stmt); /* the program outlives events */
        return;
    }
    char *room = scratch_room(loop, LABEL_MAX);
    if (room != NULL) {
        pe->label_off = scratch_keep(loop, (uint32_t)sim__task_name(loop, t, room, LABEL_MAX));
    }
}

/* The name of a statement: its label as written, or "op#ordinal"; "main" for SIM_NONE. */
const char *sim__stmt_name(const struct sim_loop *loop, uint32_t stmt)
{
    return stmt == SIM_NONE ? "main" : loop->prog->names[stmt];
}

/* " i=2 j=1": the counters of the repeats around a run, outermost first. */
static void put_counters(struct out *o, const struct sim_loop *loop, uint32_t env)
{
    if (env == SIM_NONE) {
        return;
    }
    put_counters(o, loop, loop->envs.frames[env].parent);
    PUT_LITERAL(o, " ");
    put_str(o, sim__env_var(loop, env));
    PUT_LITERAL(o, "=");
    put_int(o, (int64_t)loop->envs.frames[env].value);
}

/*
 * " (open)": which job of a chain a request is on, while it is in the pool; the op table names
 * the jobs of its chain (sim_op_step_name: lib/fs.js readFile's open, fstat, reads, close...).
 */
static void put_step(struct out *o, const struct sim_loop *loop, const struct task *task)
{
    const struct request_part *rq = &task->u.req;
    if (task->kind != TASK_REQUEST || rq->steps < 2 || rq->step == 0 ||
        (task->place != PLACE_WORK_QUEUE && task->place != PLACE_SLOW_QUEUE &&
         task->place != PLACE_RUNNING && task->place != PLACE_COMPLETED)) {
        return;
    }
    char name[32];
    sim_op_step_name(loop->prog->stmts[task->stmt].op, rq->step, rq->steps, name, sizeof(name));
    put_str(o, " (");
    put_str(o, name);
    put_str(o, ")");
}

/*
 * The name of a run of statement `stmt` (run `run`, closing over `env`): its label or op#ordinal,
 * then what tells its runs apart: the counters of the repeats around it (" i=2") or, outside
 * any repeat, which run it is (" run 2"). A label with a {VAR} placeholder is the author's own.
 */
static void put_run_name(struct out *o, const struct sim_loop *loop, uint32_t stmt, uint32_t env,
                         uint32_t run)
{
    const char *name = sim__stmt_name(loop, stmt);
    if (stmt != SIM_NONE && loop->prog->stmts[stmt].label_varies) {
        o->len = sim__interpolate_to(loop, name, env, o->buf, o->size);
        return;
    }
    put_str(o, name);
    if (env != SIM_NONE) {
        put_counters(o, loop, env);
    } else if (run > 1) {
        PUT_LITERAL(o, " run ");
        put_int(o, run);
    }
}

/*
 * Writes the name of task t, as events call it, into buf (cut to fit): the name of the run of
 * the statement that made it, then a request's step. Returns the length written.
 */
size_t sim__task_name(const struct sim_loop *loop, uint32_t t, char *buf, size_t size)
{
    const struct task *task = &loop->tasks[t];
    struct out o = {buf, size, 0};
    uint32_t js_len;
    const char *js = loop->prog->js != NULL ? sim__vm_task_label(loop, t, &js_len, NULL) : NULL;
    if (js != NULL) {
        put(&o, js, js_len); /* a JavaScript callback: its function's name, or where */
    } else if (task->stmt == SIM_NONE && task->kind == TASK_REQUEST) {
        put_str(&o, "read module source"); /* the ES module entry (sim__module_source_start) */
    } else {
        put_run_name(&o, loop, task->stmt, sim__task_env(task), sim__task_run(task));
    }
    put_step(&o, loop, task);
    finish(&o);
    return o.len < size ? o.len : size - 1;
}

/* Sets the event's label to the name of the run of `stmt` under way (closing over `env`). */
void sim__emit_label_run(struct sim_loop *loop, struct pending_event *pe, uint32_t stmt,
                         uint32_t env)
{
    char *room = scratch_room(loop, LABEL_MAX);
    if (room == NULL) {
        return;
    }
    struct out o = {room, LABEL_MAX, 0};
    put_run_name(&o, loop, stmt, env, loop->stmt_runs[stmt]);
    finish(&o);
    pe->label_off = scratch_keep(loop, (uint32_t)(o.len < LABEL_MAX ? o.len : LABEL_MAX - 1));
}

/* Hands out the oldest buffered event; false when there is none. */
bool sim__event_take(struct sim_loop *loop, struct sim_event *ev)
{
    if (loop->events.head == loop->events.len) {
        return false;
    }
    struct events_state *es = &loop->events;
    const struct pending_event *pe = &es->buf[es->head++];
    *ev = pe->ev;
    if (pe->label_off != SIM_NONE) {
        ev->label = es->scratch + pe->label_off;
    }
    if (pe->text_off != SIM_NONE) {
        ev->text = es->scratch + pe->text_off;
    }
    return true;
}

/* ---- Reasons as sentences --------------------------------------------------------------- */

/* Nanoseconds as milliseconds with up to three decimals: 12, 12.5, 0.001. */
static void put_ms(struct out *o, int64_t ns)
{
    char digits[SIM_FORMAT_MS_MAX + 1];
    size_t n = 0;
    if (ns < 0) {
        digits[n++] = '-';
    }
    n += sim_format_ms(digits + n, ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns, true);
    put(o, digits, n);
}

/* Writes template `p` with the %A, %B (_MS) and %S of `ev` into buf, like snprintf. */
static size_t fill_template(const struct sim_event *ev, const char *p, char *buf, size_t size)
{
    struct out o = {buf, size, 0};
    for (;;) {
        const char *pct = strchr(p, '%');
        if (pct == NULL) {
            put(&o, p, strlen(p));
            break;
        }
        put(&o, p, (size_t)(pct - p));
        p = pct;
        if (p[1] == 'A' || p[1] == 'B') {
            int64_t v = p[1] == 'A' ? ev->arg_a : ev->arg_b;
            if (strncmp(p + 2, "_MS", 3) == 0) {
                put_ms(&o, v);
                p += 5;
            } else {
                put_int(&o, v);
                p += 2;
            }
        } else if (p[1] == 'S') {
            const char *s = ev->text != NULL ? ev->text : "";
            put(&o, s, strlen(s));
            p += 2;
        } else {
            put(&o, p, 1);
            p++;
        }
    }
    finish(&o);
    return o.len;
}

size_t sim_event_reason(const struct sim_event *ev, char *buf, size_t size)
{
    return fill_template(ev, sim_reason_text(ev->reason), buf, size);
}

size_t sim_event_explain(const struct sim_event *ev, char *buf, size_t size)
{
    return fill_template(ev, sim_reason_explain(ev->reason), buf, size);
}
