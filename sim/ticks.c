/*
 * ticks.c - process.nextTick and the microtask queue, and Node's rule for draining them.
 *
 * Node src/api/callback.cc:InternalCallbackScope::Close and lib/internal/process/
 * task_queues.js:processTicksAndRejections: after every callback from the loop, all nextTicks
 * run (new ones included), then a microtask checkpoint runs microtasks until that queue is
 * empty (new ones included), and round again while ticks were queued. When no tick is queued
 * the checkpoint comes first. runNextTicks, between timers and between immediates, is the same.
 */
#include "sim_internal.h"

/* Queues a nextTick callback running `body` (process.nextTick(cb)). */
void sim__tick_queue(struct sim_loop *loop, uint32_t stmt, uint32_t body, uint32_t env,
                     uint32_t socket, enum sim_reason reason)
{
    /* lib/internal/process/task_queues.js nextTick: dropped once process._exiting is set. */
    if (loop->exiting) {
        return;
    }
    uint32_t t = sim__task_new(loop, TASK_TICK, stmt, env, socket);
    task_at(loop, t)->body = body;
    task_at(loop, t)->u.tick_reason = (uint8_t)reason;
    sim__queue_push(loop, &loop->ticks.queue, t, PLACE_TICKS);
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_TICK, t);
    sim__emit_label_of(loop, pe, t);
}

/* Queues a microtask (a promise reaction, or queueMicrotask). */
void sim__microtask_queue(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket)
{
    uint32_t t = sim__task_new(loop, TASK_MICROTASK, stmt, env, socket);
    sim__queue_push(loop, &loop->ticks.microtasks, t, PLACE_MICROTASKS);
    struct pending_event *pe =
        sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_MICROTASK, t);
    sim__emit_label_of(loop, pe, t);
}

/* Queues a microtask without an event of its own: a promise job (the VM says them in one). */
uint32_t sim__microtask_queue_quiet(struct sim_loop *loop, uint32_t stmt)
{
    uint32_t t = sim__task_new(loop, TASK_MICROTASK, stmt, SIM_NONE, SIM_NONE);
    sim__queue_push(loop, &loop->ticks.microtasks, t, PLACE_MICROTASKS);
    return t;
}

/* Starts a drain; `mode` is where it begins (ticks first, unless inside a checkpoint). */
void sim__drain_start(struct sim_loop *loop, enum drain_mode mode)
{
    loop->ticks.drain = mode;
    loop->ticks.in_js = false;
}

/*
 * Where Node >= 11 calls runNextTicks() between two timers or immediates: under the Node 10
 * profile nothing runs there (node v10 lib/timers.js listOnTimeout and processImmediate call
 * the callbacks back to back; the one drain is their MakeCallback's), and a note says so when
 * something waits. `what` names the end it waits for. True when a note was made.
 */
bool sim__drain_between(struct sim_loop *loop, const char *what)
{
    if (loop->cfg->node != SIM_NODE_10) {
        sim__drain_start_js(loop);
        return true;
    }
    if (loop->ticks.queue.count + loop->ticks.microtasks.count == 0) {
        return false;
    }
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_NODE10_WAIT, SIM_NONE);
    sim__emit_text(loop, pe, what);
    return true;
}

/* Starts the drain of a runNextTicks() that JavaScript calls (ticks.in_js). */
void sim__drain_start_js(struct sim_loop *loop)
{
    sim__drain_start(loop, DRAIN_TICKS);
    loop->ticks.in_js = true;
}

static void run_from(struct sim_loop *loop, struct queue *q, enum sim_reason reason)
{
    uint32_t t = sim__queue_pop(loop, q);
    if (task_at(loop, t)->kind == TASK_TICK) {
        reason = (enum sim_reason)task_at(loop, t)->u.tick_reason;
    } else if (loop->ticks.queue.count > 0) {
        /* A checkpoint (the ES module's, or one a microtask keeps going) runs to its end. */
        reason = SIM_REASON_MICROTASK_FIRST;
    }
    sim__call(loop, t, reason, 0, 0, AFTER_FREE, 0);
}

/*
 * processTicksAndRejections' `while (... || processPromiseRejections())`: with the queues
 * empty, the oldest unhandled rejection goes to its listeners or ends the process. True when
 * that was this action.
 */
static bool rejections_step(struct sim_loop *loop)
{
    switch (sim__vm_rejections(loop)) {
    case REJ_NONE:
        return false;
    case REJ_CALLS:
        sim__js_pending_calls(loop, "an unhandled promise rejection");
        return true;
    case REJ_FATAL: {
        char text[512];
        sim__vm_exception_text(loop, text, sizeof(text));
        sim__process_fatal(loop, text, 1);
        return true;
    }
    }
    return false;
}

/*
 * Runs one nextTick or microtask. Returns false when both queues are empty: the drain is over.
 */
bool sim__drain_step(struct sim_loop *loop)
{
    struct ticks_state *ts = &loop->ticks;
    if (ts->drain == DRAIN_MICROTASKS_ONLY) {
        if (ts->microtasks.count == 0) {
            return false;
        }
        run_from(loop, &ts->microtasks, SIM_REASON_MICROTASK);
        return true;
    }
    if (loop->prog->js != NULL && loop->vm.batch_left > 0 && rejections_step(loop)) {
        return true; /* processPromiseRejections goes on through its batch first */
    }
    if (ts->drain == DRAIN_MICROTASKS) {
        if (ts->microtasks.count > 0) {
            run_from(loop, &ts->microtasks, SIM_REASON_MICROTASK);
            return true;
        }
        ts->drain = DRAIN_TICKS;
    }
    if (ts->queue.count > 0) {
        run_from(loop, &ts->queue, SIM_REASON_TICK);
        return true;
    }
    if (ts->microtasks.count > 0) {
        ts->drain = DRAIN_MICROTASKS;
        run_from(loop, &ts->microtasks, SIM_REASON_MICROTASK);
        return true;
    }
    return loop->prog->js != NULL && rejections_step(loop);
}
