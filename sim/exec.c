/*
 * exec.c - running JavaScript: a callback's body, statement by statement.
 *
 * A body runs to its end without interruption, as JavaScript does: what it schedules waits for
 * its queue. Its statements only log, burn virtual time, or hand work to the other modules.
 */
#include "sim_internal.h"

#include <string.h>

static enum exec_result exec_body(struct sim_loop *loop, uint32_t body, uint32_t env,
                                  uint32_t socket, uint32_t depth);

/* A statement naming a handle that does not exist (yet, or any more): Node does nothing. */
static void note_no_handle(struct sim_loop *loop, uint32_t stmt, uint32_t env)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_NO_HANDLE, NIL);
    pe->ev.stmt = stmt;
    sim__emit_label(loop, pe, s->id, env);
    pe->text_off = pe->label_off;
    if (pe->label_off == NIL) {
        sim__emit_text(loop, pe, s->id);
    }
}

static void exec_log(struct sim_loop *loop, uint32_t stmt, uint32_t env)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_LOG, SIM_REASON_NONE, NIL);
    pe->ev.stmt = stmt;
    if (sim__has_placeholder(s->text)) {
        char *out;
        sim__interpolate(loop, s->text, env, &out);
        sim__emit_text(loop, pe, out);
    } else {
        pe->ev.text = s->text;
    }
}

static void exec_block(struct sim_loop *loop, uint32_t stmt)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_BLOCK, SIM_REASON_NONE, NIL);
    pe->ev.stmt = stmt;
    pe->ev.text = s->text;
    pe->ev.duration_ns = s->ms_ns;
    sim__clock_advance(loop, loop->hr + s->ms_ns);
}

static enum exec_result exec_repeat(struct sim_loop *loop, uint32_t stmt, uint32_t env,
                                    uint32_t socket, uint32_t depth)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    const char *var = s->text != NULL ? s->text : "i";
    for (uint64_t i = 1; i <= s->times; i++) {
        uint32_t frame = sim__env_push(loop, env, var, i);
        enum exec_result r = exec_body(loop, s->body, frame, socket, depth + 1);
        sim__env_unref(loop, frame);
        if (r != EXEC_OK || loop->error) {
            return r;
        }
    }
    return EXEC_OK;
}

/* clearTimeout, clearInterval, clearImmediate, ref, unref, refresh, close, server.close. */
static void exec_handle_op(struct sim_loop *loop, uint32_t stmt, uint32_t env)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    uint32_t t = sim__id_find(loop, s->id, env);
    enum task_kind kind = t != NIL ? (enum task_kind)T(loop, t)->kind : TASK_FREE;
    switch (s->op) {
    case SIM_OP_CLEAR_TIMEOUT:
    case SIM_OP_CLEAR_INTERVAL:
        /* lib/timers.js: clearTimeout and clearInterval are the same function. */
        if (kind == TASK_TIMEOUT) {
            sim__timer_clear(loop, t);
            return;
        }
        break;
    case SIM_OP_CLEAR_IMMEDIATE:
        if (kind == TASK_IMMEDIATE) {
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
            sim__server_close(loop, t, stmt, s->body, env);
            return;
        }
        break;
    case SIM_OP_CLOSE:
        if (kind != TASK_FREE) {
            sim__handle_close(loop, t, stmt, env);
            return;
        }
        break;
    default:
        break;
    }
    note_no_handle(loop, stmt, env);
}

static void exec_listener(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    uint32_t t = sim__task_new(loop, TASK_LISTENER, stmt, env, socket);
    T(loop, t)->u.listener_event = strcmp(s->text, "exit") == 0 ? 1 : 0;
    sim__queue_push(loop, &loop->listeners, t, PLACE_LISTENERS);
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_LISTENER, t);
    sim__emit_label_of(loop, pe, t);
    pe->ev.text = s->text;
}

/* One statement; a flat switch over the ops of the format. */
static enum exec_result exec_stmt(struct sim_loop *loop, uint32_t stmt, uint32_t env,
                                  uint32_t socket, uint32_t depth)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    switch (s->op) {
    case SIM_OP_LOG:
        exec_log(loop, stmt, env);
        break;
    case SIM_OP_BLOCK:
        exec_block(loop, stmt);
        break;
    case SIM_OP_REPEAT:
        return exec_repeat(loop, stmt, env, socket, depth);
    case SIM_OP_SET_TIMEOUT:
    case SIM_OP_SET_INTERVAL:
        sim__timer_start(loop, stmt, env, socket, s->op == SIM_OP_SET_INTERVAL);
        break;
    case SIM_OP_SET_IMMEDIATE:
        sim__immediate_start(loop, stmt, env, socket);
        break;
    case SIM_OP_NEXT_TICK:
        sim__tick_queue(loop, stmt, s->body, env, socket, SIM_REASON_TICK);
        break;
    case SIM_OP_PROMISE:
    case SIM_OP_QUEUE_MICROTASK:
        sim__microtask_queue(loop, stmt, env, socket);
        break;
    case SIM_OP_WORK:
    case SIM_OP_CRYPTO_PBKDF2:
    case SIM_OP_CRYPTO_SCRYPT:
    case SIM_OP_CRYPTO_RANDOM_BYTES:
    case SIM_OP_CRYPTO_RANDOM_FILL:
    case SIM_OP_ZLIB_GZIP:
    case SIM_OP_ZLIB_GUNZIP:
    case SIM_OP_ZLIB_DEFLATE:
    case SIM_OP_ZLIB_INFLATE:
    case SIM_OP_FS_STAT:
    case SIM_OP_FS_OPEN:
    case SIM_OP_FS_READ:
    case SIM_OP_FS_WRITE:
    case SIM_OP_FS_CLOSE:
    case SIM_OP_FS_ACCESS:
    case SIM_OP_FS_UNLINK:
    case SIM_OP_FS_MKDIR:
    case SIM_OP_FS_READ_FILE:
    case SIM_OP_FS_WRITE_FILE:
    case SIM_OP_DNS_LOOKUP:
        sim__request_start(loop, stmt, env, socket);
        break;
    case SIM_OP_DNS_RESOLVE:
    case SIM_OP_IO:
    case SIM_OP_CONNECT:
        sim__io_start(loop, stmt, env, socket);
        break;
    case SIM_OP_LISTEN:
        sim__listen(loop, stmt, env, socket);
        break;
    case SIM_OP_SOCKET_WRITE:
        /* lib/net.js: a small write completes at once; Writable calls cb by nextTick. */
        sim__tick_queue(loop, stmt, s->body, env, socket, SIM_REASON_SOCKET_WRITE_CB);
        break;
    case SIM_OP_SOCKET_DESTROY:
        sim__socket_destroy(loop, socket, stmt, s->body, env);
        break;
    case SIM_OP_CLEAR_TIMEOUT:
    case SIM_OP_CLEAR_INTERVAL:
    case SIM_OP_CLEAR_IMMEDIATE:
    case SIM_OP_REF:
    case SIM_OP_UNREF:
    case SIM_OP_REFRESH:
    case SIM_OP_SERVER_CLOSE:
    case SIM_OP_CLOSE:
        exec_handle_op(loop, stmt, env);
        break;
    case SIM_OP_EXIT:
        sim__process_exit(loop, s->code);
        return EXEC_HALT;
    case SIM_OP_ON:
        exec_listener(loop, stmt, env, socket);
        break;
    case SIM_OP_COUNT:
        break;
    }
    return EXEC_OK;
}

static enum exec_result exec_body(struct sim_loop *loop, uint32_t body, uint32_t env,
                                  uint32_t socket, uint32_t depth)
{
    if (body == SIM_NO_BODY) {
        return EXEC_OK;
    }
    const struct sim_body *b = &loop->prog->bodies[body];
    for (uint32_t i = 0; i < b->count; i++) {
        enum exec_result r = exec_stmt(loop, b->first + i, env, socket, depth);
        if (r != EXEC_OK || loop->error) {
            return EXEC_HALT;
        }
    }
    return EXEC_OK;
}

/* Counts the callback and announces it; false when the run must stop first. */
static bool begin_callback(struct sim_loop *loop, struct pending_event **pe,
                           enum sim_reason reason, int64_t a, int64_t b, uint32_t t)
{
    if (sim__should_stop(loop)) {
        return false;
    }
    if (!loop->phase_announced) {
        /* The first callback of a phase visit: say which phase, and what it is for. */
        loop->phase_announced = true;
        struct pending_event *ph = sim__emit(loop, SIM_EVENT_PHASE, SIM_REASON_PHASE_ENTER, NIL);
        ph->ev.text = sim_phase_what(loop->phase);
    }
    loop->callbacks++;
    *pe = sim__emit(loop, SIM_EVENT_CALLBACK, reason, t);
    (*pe)->ev.arg_a = a;
    (*pe)->ev.arg_b = b;
    return true;
}

static enum exec_result finish_callback(struct sim_loop *loop, enum exec_result r)
{
    if (r == EXEC_OK && loop->cfg->callback_ns > 0) {
        sim__clock_advance(loop, loop->hr + loop->cfg->callback_ns);
    }
    return r;
}

/* Runs task t's body as a callback, announced with `reason` and its arguments. */
enum exec_result sim__run_callback(struct sim_loop *loop, uint32_t t, enum sim_reason reason,
                                   int64_t a, int64_t b)
{
    struct pending_event *pe;
    if (!begin_callback(loop, &pe, reason, a, b, t)) {
        return EXEC_HALT;
    }
    sim__emit_label_of(loop, pe, t);
    struct task *task = T(loop, t);
    return finish_callback(loop, exec_body(loop, task->body, task->env, task->socket, 0));
}

/* Runs a body that has no task of its own (the main script), announced as `label`. */
enum exec_result sim__run_body(struct sim_loop *loop, uint32_t body, uint32_t stmt,
                               uint32_t env, uint32_t socket, enum sim_reason reason, int64_t a,
                               int64_t b, const char *label)
{
    struct pending_event *pe;
    if (!begin_callback(loop, &pe, reason, a, b, NIL)) {
        return EXEC_HALT;
    }
    pe->ev.stmt = stmt;
    pe->ev.label = label;
    return finish_callback(loop, exec_body(loop, body, env, socket, 0));
}
