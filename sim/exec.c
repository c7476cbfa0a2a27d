/*
 * exec.c - running JavaScript: a callback's body, one statement per step.
 *
 * A callback runs to its end before anything else happens, as JavaScript does: what it
 * schedules waits for its queue. The interpreter keeps its place in `loop->exec` (a stack of
 * bodies: the callback's and those of the repeats inside it), so that a front end can stop
 * between any two statements and a body that schedules a million timers streams its events.
 * When the body returns, the caller's `after` action runs: re-arm a timer, free a task, drain.
 */
#include "sim_internal.h"
#include "vm/vm_internal.h"

#include <string.h>

/*
 * A statement whose handle op Node ignores, with the reason why: the name is bound to no
 * handle (yet, or any more), or to one of a kind the op does nothing to.
 */
static void note_ignored(struct sim_loop *loop, enum sim_reason reason, uint32_t stmt, uint32_t env)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_NOTE, reason, SIM_NONE);
    pe->ev.stmt = stmt;
    sim__emit_label(loop, pe, s->id, env);
    pe->text_off = pe->label_off;
    if (pe->label_off == SIM_NONE) {
        sim__emit_text(loop, pe, s->id);
    }
}

/* An event for statement `stmt`, whose text is the statement's, {VAR}s filled from `env`. */
static struct pending_event *emit_stmt_text(struct sim_loop *loop, enum sim_event_kind kind,
                                            uint32_t stmt, uint32_t env)
{
    const char *text = loop->prog->stmts[stmt].text;
    struct pending_event *pe = sim__emit(loop, kind, SIM_REASON_NONE, SIM_NONE);
    pe->ev.stmt = stmt;
    if (sim__has_placeholder(text)) {
        char *out;
        sim__interpolate(loop, text, env, &out);
        sim__emit_text(loop, pe, out);
    } else {
        pe->ev.text = text; /* the program outlives every event */
    }
    return pe;
}

/*
 * console.log: the line, then what writing it costs (docs/cost-model.md). The first one in a
 * process also creates process.stdout (lib/internal/bootstrap/switches/is_main_thread.js
 * getStdout), which costs milliseconds. The clock moves last: nothing here reads it after.
 */
static void exec_log(struct sim_loop *loop, uint32_t stmt, uint32_t env)
{
    bool first = !loop->logged;
    uint64_t cost = first ? loop->cfg->first_log_ns : loop->cfg->log_ns;
    struct pending_event *pe = emit_stmt_text(loop, SIM_EVENT_LOG, stmt, env);
    pe->ev.duration_ns = cost;
    if (first && cost > 0) {
        pe->ev.reason = SIM_REASON_FIRST_LOG;
    }
    loop->logged = true;
    if (cost > 0) {
        sim__clock_compute(loop, loop->clock_ns, cost);
    }
}

/* A JavaScript console.log: the same line and cost as the log statement's (exec_log). */
void sim__log_line(struct sim_loop *loop, const char *text, uint32_t len)
{
    bool first = !loop->logged;
    uint64_t cost = first ? loop->cfg->first_log_ns : loop->cfg->log_ns;
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_LOG, SIM_REASON_NONE, SIM_NONE);
    pe->ev.stmt = SIM_NONE;
    sim__emit_text_len(loop, pe, text, len);
    pe->ev.duration_ns = cost;
    if (first && cost > 0) {
        pe->ev.reason = SIM_REASON_FIRST_LOG;
    }
    loop->logged = true;
    if (cost > 0) {
        sim__clock_compute(loop, loop->clock_ns, cost);
    }
}

/* A block waits on the clock, as its JavaScript does: a crowd on the cores does not stretch it. */
static void exec_block(struct sim_loop *loop, uint32_t stmt, uint32_t env)
{
    uint64_t ms_ns = loop->prog->stmts[stmt].ms_ns;
    emit_stmt_text(loop, SIM_EVENT_BLOCK, stmt, env)->ev.duration_ns = ms_ns;
    sim__clock_advance(loop, loop->clock_ns + ms_ns);
}

/*
 * clearTimeout, clearInterval, clearImmediate, ref, unref, refresh, close, server.close; `socket`
 * is the one the calling code sees (for the closures of listeners they add).
 */
static void exec_handle_op(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    uint32_t t = sim__id_find(loop, s->id, env);
    enum task_kind kind = t != SIM_NONE ? (enum task_kind)task_at(loop, t)->kind : TASK_FREE;
    switch (s->op) {
    case SIM_OP_CLEAR_TIMEOUT:
    case SIM_OP_CLEAR_INTERVAL:
        /* lib/timers.js: clearTimeout and clearInterval are the same function. */
        if (kind == TASK_TIMEOUT) {
            sim__timer_clear(loop, t);
            return;
        }
        if (kind == TASK_IMMEDIATE) {
            /* It looks for timer._onTimeout, which an Immediate has not (node v20: it runs). */
            note_ignored(loop, SIM_REASON_CLEAR_NOT_TIMEOUT, stmt, env);
            return;
        }
        break;
    case SIM_OP_CLEAR_IMMEDIATE:
        /* Given a Timeout too: Node runs the same steps on it (immediates.c). */
        if (kind == TASK_IMMEDIATE || kind == TASK_TIMEOUT) {
            sim__immediate_clear(loop, t);
            return;
        }
        break;
    case SIM_OP_REFRESH:
        if (kind == TASK_TIMEOUT) {
            sim__timer_refresh(loop, t);
            return;
        }
        break;
    case SIM_OP_REF:
    case SIM_OP_UNREF:
        if (kind == TASK_TIMEOUT) {
            sim__timer_set_ref(loop, t, s->op == SIM_OP_REF);
            return;
        }
        if (kind == TASK_IMMEDIATE) {
            sim__immediate_set_ref(loop, t, s->op == SIM_OP_REF);
            return;
        }
        if (kind != TASK_FREE) {
            sim__handle_set_ref(loop, t, s->op == SIM_OP_REF);
            return;
        }
        break;
    case SIM_OP_SERVER_CLOSE:
        if (kind == TASK_SERVER) {
            sim__server_close(loop, t, stmt, env, socket);
            return;
        }
        break;
    case SIM_OP_CLOSE:
        if (kind != TASK_FREE) {
            sim__handle_close(loop, t, stmt, env, socket);
            return;
        }
        break;
    default:
        break;
    }
    note_ignored(loop, SIM_REASON_NO_HANDLE, stmt, env);
}

static void exec_listener(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    uint32_t t = sim__task_new(loop, TASK_LISTENER, stmt, env, socket);
    task_at(loop, t)->u.listener_event = strcmp(s->text, "exit") == 0 ? 1 : 0;
    sim__queue_push(loop, &loop->emit.listeners, t, PLACE_LISTENERS);
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_LISTENER, t);
    sim__emit_label_of(loop, pe, t);
    pe->ev.text = s->text;
}

/* A JavaScript process.on('exit' | 'beforeExit'): the listener task of statement `stmt`. */
void sim__listener_add(struct sim_loop *loop, uint32_t stmt)
{
    exec_listener(loop, stmt, SIM_NONE, SIM_NONE);
}

/* process.off(event, fn) for 'exit' and 'beforeExit': the newest listener calling fn goes. */
void sim__listener_remove_js(struct sim_loop *loop, struct vm_value fn)
{
    struct queue *q = &loop->emit.listeners;
    uint32_t found = SIM_NONE;
    for (uint32_t t = q->head; t != SIM_NONE; t = task_at(loop, t)->link.next) {
        uint32_t rec = sim__vm_task_call(loop, t);
        if (rec != VM_NONE && sim__vm_strict_equal(loop, sim__vm_record_fn(loop, rec), fn)) {
            found = t;
        }
    }
    if (found != SIM_NONE) {
        sim__queue_remove(loop, q, found);
        sim__task_free(loop, found);
    }
}

static void push_frame(struct sim_loop *loop, uint32_t body, uint32_t env, uint32_t repeat,
                       uint64_t counter)
{
    struct exec_frame *f = &loop->exec.frames[loop->exec.depth++];
    *f = (struct exec_frame){body, 0, 0, env, repeat, counter};
}

/* A repeat: its body runs with a fresh frame binding the counter, from 1 to `times`. */
static void exec_repeat(struct sim_loop *loop, uint32_t stmt, uint32_t env)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    if (s->times == 0 || s->body == SIM_NONE) {
        return;
    }
    push_frame(loop, s->body, sim__env_push(loop, env, stmt, 1), stmt, 1);
}

/*
 * The steps after a timer's or an immediate's schedule event, each an event of its own so that
 * each shows the state it describes: `unref: true`, then, for a setInterval with `times: 0`,
 * the clearInterval that follows it (const t = setInterval(cb, d); clearInterval(t)). Step
 * `sub` (from 1) of statement `stmt`, whose task is exec.made; returns true when none is left.
 */
static bool exec_followup(struct sim_loop *loop, uint32_t stmt, uint32_t sub)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    bool clear = s->op == SIM_OP_SET_INTERVAL && s->has_times && s->times == 0;
    uint32_t steps = (uint32_t)s->unref + (uint32_t)clear;
    if (sub == 0 || sub > steps) {
        return sub >= steps;
    }
    if (sub == 1 && s->unref) {
        if (s->op == SIM_OP_SET_IMMEDIATE) {
            sim__immediate_set_ref(loop, loop->exec.made, false);
        } else {
            sim__timer_set_ref(loop, loop->exec.made, false);
        }
    } else {
        sim__timer_clear(loop, loop->exec.made);
    }
    return sub >= steps;
}

/* The control family: a console.log, a block or a repeat, all run now. */
static void exec_control(struct sim_loop *loop, uint32_t stmt, uint32_t env)
{
    switch (loop->prog->stmts[stmt].op) {
    case SIM_OP_LOG:
        exec_log(loop, stmt, env);
        break;
    case SIM_OP_BLOCK:
        exec_block(loop, stmt, env);
        break;
    default:
        exec_repeat(loop, stmt, env);
        break;
    }
}

/* The socket family: a listen or a connect makes a handle; the others act on `socket`. */
static void exec_socket_op(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket)
{
    switch (loop->prog->stmts[stmt].op) {
    case SIM_OP_LISTEN:
        sim__listen(loop, stmt, env, socket);
        break;
    case SIM_OP_CONNECT:
        sim__connect(loop, stmt, env);
        break;
    case SIM_OP_SOCKET_WRITE:
        sim__socket_write(loop, stmt, env, socket);
        break;
    default:
        sim__socket_destroy(loop, socket, stmt, env, socket);
        break;
    }
}

/* The process family: process.exit, or a listener of 'beforeExit' or 'exit'. */
static void exec_process_op(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    if (s->op == SIM_OP_EXIT) {
        sim__process_exit(loop, s->code);
    } else {
        exec_listener(loop, stmt, env, socket);
    }
}

/*
 * One step of a statement (a repeat only opens its body); a flat switch over the families of
 * the op table (ops.h). Step `sub` is 0, or the next step of a statement that makes two events.
 * Returns true once the statement is done.
 */
static bool exec_stmt(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket,
                      uint32_t sub)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    if (sub > 0) {
        return exec_followup(loop, stmt, sub);
    }
    loop->stmt_runs[stmt]++; /* what it makes is named by its run (sim__task_name) */
    switch (sim_op_table[s->op].family) {
    case SIM_FAMILY_CONTROL:
        exec_control(loop, stmt, env);
        break;
    case SIM_FAMILY_TIMER:
        loop->exec.made = sim__timer_start(loop, stmt, env, socket, s->op == SIM_OP_SET_INTERVAL);
        return exec_followup(loop, stmt, 0);
    case SIM_FAMILY_IMMEDIATE:
        loop->exec.made = sim__immediate_start(loop, stmt, env, socket);
        return exec_followup(loop, stmt, 0);
    case SIM_FAMILY_TICK:
        sim__tick_queue(loop, stmt, s->body, env, socket, SIM_REASON_TICK);
        break;
    case SIM_FAMILY_MICROTASK:
        sim__microtask_queue(loop, stmt, env, socket);
        break;
    case SIM_FAMILY_POOL:
    case SIM_FAMILY_CHAIN:
    case SIM_FAMILY_SLOW_IO:
        sim__request_start(loop, stmt, env, socket);
        break;
    case SIM_FAMILY_IO:
        sim__io_start(loop, stmt, env, socket);
        break;
    case SIM_FAMILY_SOCKET:
        exec_socket_op(loop, stmt, env, socket);
        break;
    case SIM_FAMILY_HANDLE:
        exec_handle_op(loop, stmt, env, socket);
        break;
    case SIM_FAMILY_PROCESS:
        exec_process_op(loop, stmt, env, socket);
        break;
    case SIM_FAMILY_COUNT:
        break;
    }
    return true;
}

/* Counts callback t (SIM_NONE: main) and announces it with `reason` and its arguments. */
static inline void announce(struct sim_loop *loop, enum sim_reason reason, int64_t a, int64_t b,
                     uint32_t t)
{
    loop->callbacks++;
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_CALLBACK, reason, t);
    pe->ev.arg_a = a;
    pe->ev.arg_b = b;
    loop->exec.event_seq = pe->ev.seq; /* what the tasks it makes name as their cause */
    if (t != SIM_NONE) {
        pe->ev.cause = task_at(loop, t)->cause;
        sim__emit_label_of(loop, pe, t);
    } else {
        pe->ev.label = "main";
    }
}

/* What happens when the callback returns: `after`, on task `owner`. */
static void set_after(struct sim_loop *loop, uint32_t owner, enum after_call after,
                      int64_t after_arg)
{
    struct exec_state *x = &loop->exec;
    x->owner = owner;
    x->after = after;
    x->after_arg = after_arg;
}

/* Starts running `body` for task t (SIM_NONE: main), with the counters and socket it closes on. */
static void start(struct sim_loop *loop, uint32_t t, uint32_t body, uint32_t env, uint32_t socket)
{
    struct exec_state *x = &loop->exec;
    x->task = t;
    x->socket = socket;
    x->depth = 0;
    sim__env_ref(loop, env);
    push_frame(loop, body, env, SIM_NONE, 0);
}

/* Starts a JavaScript program's main script: the interpreter runs it from the next step. */
static void start_js_main(struct sim_loop *loop)
{
    struct exec_state *x = &loop->exec;
    start(loop, SIM_NONE, SIM_NONE, SIM_NONE, SIM_NONE);
    x->js = true;
    if (!sim__vm_enter_main(loop) && !loop->error) {
        sim__js_uncaught(loop);
    }
}

static void start_task(struct sim_loop *loop, uint32_t t)
{
    const struct task *task = task_at(loop, t);
    if (loop->prog->js != NULL && sim__vm_task_call(loop, t) != VM_NONE) {
        start(loop, t, SIM_NONE, SIM_NONE, task->socket);
        loop->exec.js = true;
        if (!sim__vm_task_start(loop, t) && !loop->error) {
            sim__js_uncaught(loop);
        }
        return;
    }
    start(loop, t, task->body, sim__task_env(task), task->socket);
}

/*
 * Callback `first` of task `owner` (both SIM_NONE with `main`: the main script) is taken from its
 * queue. The first one of a phase visit is announced by a phase event, in an action of its own:
 * the callback itself starts in the next one (sim__call_begin). False when the run must stop
 * first; then it stays taken, and inspection still lists it.
 */
static bool take_callback(struct sim_loop *loop, uint32_t first, uint32_t owner, bool main,
                          enum sim_reason reason, int64_t a, int64_t b, enum after_call after,
                          int64_t after_arg)
{
    bool stop = sim__should_stop(loop);
    loop->call = (struct pending_call){
        .active = !stop, .held = stop, .main = main, .task = first, .owner = owner,
        .queue = sim_reason_queue(reason), .reason = reason, .a = a, .b = b, .after = after,
        .after_arg = after_arg};
    if (stop) {
        return false;
    }
    if (!sim__phase_announce(loop)) {
        sim__call_begin(loop);
    }
    return true;
}

/*
 * The first thing a phase visit does (a callback, or a close with none) is announced by a phase
 * event that says which phase and what it is for. Returns true when it made that event.
 */
bool sim__phase_announce(struct sim_loop *loop)
{
    if (loop->phase_announced) {
        return false;
    }
    loop->phase_announced = true;
    struct pending_event *ph = sim__emit(loop, SIM_EVENT_PHASE, SIM_REASON_PHASE_ENTER, SIM_NONE);
    ph->ev.text = loop->stage == STAGE_POLL_PENDING
                      ? "I/O callbacks fed during poll: libuv runs the pending queue again right "
                        "after poll, up to 8 times"
                      : sim_phase_what(loop->phase);
    return true;
}

/* The taken callback starts: it is counted and announced, and its body runs from the next step. */
void sim__call_begin(struct sim_loop *loop)
{
    struct pending_call c = loop->call;
    loop->call.active = false;
    loop->exec.threw = false;
    announce(loop, c.reason, c.a, c.b, c.task);
    set_after(loop, c.owner, c.after, c.after_arg);
    if (c.main && loop->prog->js != NULL) {
        start_js_main(loop);
    } else if (c.main) {
        start(loop, SIM_NONE, loop->prog->main_body, SIM_NONE, SIM_NONE);
    } else {
        start_task(loop, c.task);
    }
}

/*
 * Takes task t's callback, announced with `reason` and its arguments; `after` runs when it
 * returns. When the callback is an emit (sim__calls_take), it makes its calls one after
 * another, each announced as a callback of its own; an emit with no body of its own begins
 * with its first call. False when the run has ended instead (until_ms, max_callbacks).
 */
bool sim__call(struct sim_loop *loop, uint32_t t, enum sim_reason reason, int64_t a, int64_t b,
               enum after_call after, int64_t after_arg)
{
    struct exec_state *x = &loop->exec;
    uint32_t first = t;
    queue_init(&x->calls);
    if (sim__calls_take(loop, t, &x->calls, &reason, &x->call_reason) &&
        task_at(loop, t)->body == SIM_NONE && x->calls.count > 0) {
        first = sim__queue_pop(loop, &x->calls);
    }
    return take_callback(loop, first, t, false, reason, a, b, after, after_arg);
}

/* Takes the main script (or the ES module's body). */
bool sim__call_main(struct sim_loop *loop, enum sim_reason reason, enum after_call after)
{
    queue_init(&loop->exec.calls);
    return take_callback(loop, SIM_NONE, SIM_NONE, true, reason, 0, 0, after, 0);
}

/*
 * The running emit's next call. Node makes them all in one call into JavaScript: no tick or
 * microtask runs between two, and the callback's cost (callback_ms) is paid once, after the last.
 */
static void next_call(struct sim_loop *loop)
{
    struct exec_state *x = &loop->exec;
    uint32_t c = sim__queue_pop(loop, &x->calls);
    if (!sim__should_stop(loop)) {
        announce(loop, x->call_reason, 0, 0, c);
        start_task(loop, c);
    }
}

/* Drops the running callback without its `after` (process.exit). */
void sim__exec_abort(struct sim_loop *loop)
{
    struct exec_state *x = &loop->exec;
    while (x->depth > 0) {
        sim__env_unref(loop, x->frames[--x->depth].env);
    }
    x->event_seq = 0;
}

/*
 * The callback returned: the running emit's next call, or what its caller asked for, then what
 * the callback cost (callback_ms: calling into JavaScript and out again, docs/cost-model.md).
 * The clock moves last.
 */
static void finish(struct sim_loop *loop)
{
    struct exec_state *x = &loop->exec;
    x->event_seq = 0; /* what `after` queues, the engine queues (an interval keeps its cause) */
    if (x->task != x->owner) {
        sim__task_free(loop, x->task); /* a call of an emit is made once */
    }
    if (x->calls.count > 0) {
        next_call(loop);
        return;
    }
    uint32_t t = x->owner;
    switch (x->after) {
    case AFTER_NOTHING:
        break;
    case AFTER_FREE:
        if (x->threw && task_at(loop, t)->kind == TASK_TICK && loop->ticks.in_js) {
            /* A nextTick threw to an 'uncaughtException' listener inside a runNextTicks()
               of JavaScript: the throw left it, so the ticks and microtasks still queued wait
               for the next drain (measured on node v20; at the close of a callback scope the
               drain goes on instead; after the main script and 'beforeExit' Node's own
               callbacks, stdout's writes among them, decide: loopsim goes on). */
            loop->ticks.drain = DRAIN_OFF;
        }
        sim__task_free(loop, t);
        break;
    case AFTER_FREE_DRAIN:
        sim__task_free(loop, t);
        sim__drain_start(loop, DRAIN_TICKS);
        break;
    case AFTER_DRAIN:
        sim__drain_start(loop, DRAIN_TICKS);
        break;
    case AFTER_DRAIN_MICROTASKS:
        sim__drain_start(loop, DRAIN_MICROTASKS);
        break;
    case AFTER_TIMER:
        sim__after_timer(loop, t, x->after_arg);
        break;
    case AFTER_LISTENER:
        if (loop->prog->stmts[task_at(loop, t)->stmt].once) {
            sim__task_free(loop, t);
        }
        break;
    }
    if (loop->cfg->callback_ns > 0) {
        sim__clock_compute(loop, loop->clock_ns, loop->cfg->callback_ns);
    }
}

/*
 * An exception left the running JavaScript callback: Node's process._fatalException with no
 * 'uncaughtException' listener prints it on stderr and exits with code 1, running the 'exit'
 * listeners first.
 */
void sim__js_uncaught(struct sim_loop *loop)
{
    struct exec_state *x = &loop->exec;
    char text[512];
    sim__vm_exception_text(loop, text, sizeof(text));
    loop->vm.throwing = false;
    sim__vm_abort(loop);
    if (loop->vm.in_uncaught) {
        /* An 'uncaughtException' listener threw: exit code 7, no 'exit' listeners. */
        loop->vm.in_uncaught = false;
        loop->vm.pending_calls = 0;
        x->js = false;
        sim__process_fatal(loop, text, 7);
        return;
    }
    bool from_module = loop->vm.module_threw;
    loop->vm.module_threw = false;
    if (sim__vm_uncaught_listeners(loop, from_module)) {
        /* Node's process._fatalException with listeners: they are called, the program goes
           on (the callback that threw ends here; what follows it still happens). */
        struct pending_event *pe =
            sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_UNCAUGHT_LISTENER, SIM_NONE);
        sim__emit_text(loop, pe, text);
        x->js = true;
        x->threw = true;
        x->depth = x->depth > 0 ? x->depth : 1;
        sim__vm_next_pending_call(loop);
        return;
    }
    x->js = false;
    sim__process_fatal(loop, text, 1);
}

/*
 * Listener calls the engine makes between callbacks (an unhandled rejection's): announced by
 * a note, then run as one JavaScript callback after another; the drain goes on after them.
 */
void sim__js_pending_calls(struct sim_loop *loop, const char *what)
{
    struct exec_state *x = &loop->exec;
    struct pending_event *pe =
        sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_UNCAUGHT_LISTENER, SIM_NONE);
    sim__emit_text(loop, pe, what);
    start(loop, SIM_NONE, SIM_NONE, SIM_NONE, SIM_NONE);
    set_after(loop, SIM_NONE, AFTER_DRAIN, 0);
    x->js = true;
    sim__vm_next_pending_call(loop);
}

/* One step of the running JavaScript callback; when it returns, the callback is finished. */
static void js_step(struct sim_loop *loop)
{
    struct exec_state *x = &loop->exec;
    switch (sim__vm_step(loop)) {
    case VM_STEP_MORE:
    case VM_STEP_ERROR:
        return;
    case VM_STEP_RETURNED:
        if (loop->vm.pending_calls != 0 && sim__vm_next_pending_call(loop)) {
            return; /* the next listener of the event being emitted */
        }
        x->js = false;
        x->depth = 0;
        finish(loop);
        return;
    case VM_STEP_THREW:
        sim__js_uncaught(loop);
        return;
    case VM_STEP_EXIT:
        x->js = false;
        sim__vm_abort(loop);
        sim__process_exit(loop, loop->vm.exit_code);
        return;
    case VM_STEP_RUNAWAY:
        x->js = false;
        sim__vm_abort(loop);
        if (loop->vm.callback_busy_ns >= VM_MAX_BUSY_NS) {
            sim__stop_runaway(loop, SIM_REASON_STOP_BUSY_CALLBACK, loop->vm.callback_busy_ns);
        } else {
            sim__stop_runaway(loop, SIM_REASON_STOP_RUNAWAY_CALLBACK, VM_BUDGET_OF(loop));
        }
        return;
    }
}

/* Runs the next statement of the running callback, or ends a body that has no more. */
void sim__exec_step(struct sim_loop *loop)
{
    struct exec_state *x = &loop->exec;
    if (x->js) {
        js_step(loop);
        return;
    }
    struct exec_frame *f = &x->frames[x->depth - 1];
    const struct sim_body *b = f->body != SIM_NONE ? &loop->prog->bodies[f->body] : NULL;
    if (f->sub > 0) {
        /* The statement before `index` has another step. */
        f->sub = exec_stmt(loop, b->first + f->index - 1, f->env, x->socket, f->sub) ? 0
                                                                                     : f->sub + 1;
        return;
    }
    if (b != NULL && f->index < b->count) {
        uint32_t stmt = b->first + f->index++;
        if (!exec_stmt(loop, stmt, f->env, x->socket, 0) && x->depth > 0) {
            f->sub = 1;
        }
        return;
    }
    if (f->repeat != SIM_NONE && f->counter < loop->prog->stmts[f->repeat].times) {
        /* The next iteration of the repeat, with its own counter frame. */
        uint32_t parent = x->frames[x->depth - 2].env;
        sim__env_unref(loop, f->env);
        f->env = sim__env_push(loop, parent, f->repeat, ++f->counter);
        f->index = 0;
        return;
    }
    sim__env_unref(loop, f->env);
    if (--x->depth == 0) {
        finish(loop);
    }
}
