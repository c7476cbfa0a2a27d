/*
 * immediates.c - setImmediate and the check phase: lib/internal/timers.js processImmediate,
 * run by src/env.cc Environment::CheckImmediate.
 *
 * At the start of the check phase the whole queue is taken (the "queue swap"): immediates
 * queued while it runs, even from the nextTicks and microtasks between two immediates, wait for
 * the next iteration. Ref'd immediates start Node's idle handle, which keeps poll from blocking.
 */
#include "sim_internal.h"

#include <string.h>

/* Environment::ToggleImmediateRef: uv_idle_start / uv_idle_stop on the immediate idle handle. */
static void toggle_immediate_ref(struct sim_loop *loop, bool ref)
{
    loop->idle_active = ref;
}

/* Immediate.prototype.ref / unref. */
void sim__immediate_set_ref(struct sim_loop *loop, uint32_t t, bool refed)
{
    struct task *task = T(loop, t);
    if (refed && !task->refed) {
        task->refed = true;
        if (loop->immediate_refs++ == 0) {
            toggle_immediate_ref(loop, true);
        }
    } else if (!refed && task->refed) {
        task->refed = false;
        if (--loop->immediate_refs == 0) {
            toggle_immediate_ref(loop, false);
        }
    }
    struct pending_event *pe = sim__emit(
        loop, SIM_EVENT_SCHEDULE, refed ? SIM_REASON_SCHED_REF : SIM_REASON_SCHED_UNREF, t);
    sim__emit_label_of(loop, pe, t);
}

/*
 * setImmediate(cb): the Immediate constructor refs it, counts it and appends it. Returns it; an
 * `unref: true` is the caller's next step.
 */
uint32_t sim__immediate_start(struct sim_loop *loop, uint32_t stmt, uint32_t env,
                              uint32_t socket)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    uint32_t t = sim__task_new(loop, TASK_IMMEDIATE, stmt, env, socket);
    T(loop, t)->refed = true;
    if (loop->immediate_refs++ == 0) {
        toggle_immediate_ref(loop, true);
    }
    loop->immediate_count++;
    sim__queue_push(loop, &loop->immediates, t, PLACE_IMMEDIATES);
    if (s->id != NULL) {
        sim__id_bind(loop, s->id, env, t);
    }
    struct pending_event *pe =
        sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_IMMEDIATE, t);
    sim__emit_label_of(loop, pe, t);
    return t;
}

/*
 * clearImmediate(timeout): lib/timers.js runs its steps on whatever it is given. The counts
 * immediateInfo[kCount] and [kRefCount] are a Uint32Array: they go one down, wrapping below 0.
 * Measured on node v20: the Timeout never runs, and an immediate queued before it may never run
 * either (CheckImmediate sees kCount 0), nor one queued after it (kCount wraps back to 0).
 */
static void clear_timeout_as_immediate(struct sim_loop *loop, uint32_t t)
{
    bool refed;
    if (!sim__timer_unlink_as_immediate(loop, t, &refed)) {
        return;
    }
    loop->immediate_count--;
    if (refed && --loop->immediate_refs == 0) {
        toggle_immediate_ref(loop, false);
    }
}

/* clearImmediate (lib/timers.js): it will not run, whichever batch it is in. */
void sim__immediate_clear(struct sim_loop *loop, uint32_t t)
{
    struct task *task = T(loop, t);
    if (task->kind == TASK_TIMEOUT) {
        clear_timeout_as_immediate(loop, t);
        return;
    }
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_CLEAR, t);
    sim__emit_label_of(loop, pe, t);
    if (task->place != PLACE_IMMEDIATES && task->place != PLACE_OUTSTANDING) {
        return; /* already ran: _destroyed */
    }
    loop->immediate_count--;
    if (task->refed && --loop->immediate_refs == 0) {
        toggle_immediate_ref(loop, false);
    }
    sim__queue_remove(loop, task->place == PLACE_IMMEDIATES ? &loop->immediates
                                                             : &loop->outstanding, t);
    sim__task_free(loop, t);
}

/*
 * One step of the check phase: one immediate, or the drain between two, or the end. Returns
 * false once the phase is over.
 */
bool sim__check_step(struct sim_loop *loop)
{
    struct batch_state *st = &loop->check;
    if (!st->started) {
        st->started = true;
        /* CheckImmediate: nothing to do while no immediate is queued. */
        if (loop->immediate_count == 0) {
            return false;
        }
        /* processImmediate: continue an unfinished batch, else take the whole queue. */
        if (loop->outstanding.count == 0) {
            sim__queue_splice(loop, &loop->outstanding, &loop->immediates, PLACE_OUTSTANDING);
        }
    }
    if (loop->outstanding.count == 0 || st->done) {
        if (!st->done) {
            st->done = true;
            if (loop->immediate_refs == 0) {
                toggle_immediate_ref(loop, false);
            }
            if (st->ran_one) {
                sim__drain_start(loop, DRAIN_TICKS); /* the MakeCallback scope closes */
                return true;
            }
        }
        return false;
    }
    uint32_t limit = loop->cfg->limits[SIM_PHASE_CHECK];
    if (limit > 0 && st->ran >= limit) {
        struct pending_event *pe = sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_PHASE_LIMIT, NIL);
        pe->ev.arg_a = limit;
        st->done = true; /* the rest stays outstanding: it runs first next time */
        return true;     /* the note is a step of its own */
    }
    if (st->ran_one && !st->drained) {
        st->drained = true;
        sim__drain_start(loop, DRAIN_TICKS); /* runNextTicks() between immediates */
        return true;
    }
    st->drained = false;
    if (loop->outstanding.count == 0) {
        return sim__check_step(loop);
    }
    uint32_t t = sim__queue_pop(loop, &loop->outstanding);
    struct task *task = T(loop, t);
    loop->immediate_count--;
    if (task->refed) {
        loop->immediate_refs--; /* no toggle here: CheckImmediate decides at the end */
    }
    st->ran_one = true;
    st->ran++;
    sim__call(loop, t, SIM_REASON_IMMEDIATE, 0, 0, AFTER_FREE, 0);
    return true;
}
