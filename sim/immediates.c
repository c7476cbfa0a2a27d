/*
 * immediates.c - setImmediate and the check phase: lib/internal/timers.js processImmediate,
 * run by src/env.cc Environment::CheckImmediate.
 *
 * At the start of the check phase the whole queue is taken (the "queue swap"): immediates
 * queued while it runs, even from the nextTicks and microtasks between two immediates, wait for
 * the next iteration. Ref'd immediates start Node's idle handle, which keeps poll from blocking.
 */
#include "sim_internal.h"

/* Environment::ToggleImmediateRef: uv_idle_start / uv_idle_stop on the immediate idle handle. */
static void toggle_immediate_ref(struct sim_loop *loop, bool ref)
{
    loop->immediates.idle_active = ref;
}

/* Immediate.prototype.ref / unref. */
void sim__immediate_set_ref(struct sim_loop *loop, uint32_t t, bool refed)
{
    struct task *task = task_at(loop, t);
    if (refed && !task->refed) {
        task->refed = true;
        if (loop->immediates.refs++ == 0) {
            toggle_immediate_ref(loop, true);
        }
    } else if (!refed && task->refed) {
        task->refed = false;
        if (--loop->immediates.refs == 0) {
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
    task_at(loop, t)->refed = true;
    if (loop->immediates.refs++ == 0) {
        toggle_immediate_ref(loop, true);
    }
    loop->immediates.count++;
    sim__queue_push(loop, &loop->immediates.queue, t, PLACE_IMMEDIATES);
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
    loop->immediates.count--;
    if (refed && --loop->immediates.refs == 0) {
        toggle_immediate_ref(loop, false);
    }
}

/* clearImmediate (lib/timers.js): it will not run, whichever batch it is in. */
void sim__immediate_clear(struct sim_loop *loop, uint32_t t)
{
    struct task *task = task_at(loop, t);
    if (task->kind == TASK_TIMEOUT) {
        clear_timeout_as_immediate(loop, t);
        return;
    }
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_CLEAR, t);
    sim__emit_label_of(loop, pe, t);
    if (task->place != PLACE_IMMEDIATES && task->place != PLACE_OUTSTANDING) {
        return; /* already ran: _destroyed */
    }
    loop->immediates.count--;
    if (task->refed && --loop->immediates.refs == 0) {
        toggle_immediate_ref(loop, false);
    }
    struct immediates_state *is = &loop->immediates;
    sim__queue_remove(loop, task->place == PLACE_IMMEDIATES ? &is->queue : &is->outstanding, t);
    sim__task_free(loop, t);
}

/* Runs the next immediate of the batch taken: the loop's callback, after which runNextTicks(). */
static void run_immediate(struct sim_loop *loop)
{
    struct immediates_state *is = &loop->immediates;
    uint32_t t = sim__queue_pop(loop, &is->outstanding);
    is->count--;
    if (task_at(loop, t)->refed) {
        is->refs--; /* no toggle here: CheckImmediate decides at the end */
    }
    is->check.ran++;
    is->check.pc = BATCH_BETWEEN;
    sim__call(loop, t, SIM_REASON_IMMEDIATE, 0, 0, AFTER_FREE, 0);
}

/*
 * One step of the check phase: one immediate, or the drain between two, or the end. Returns
 * false once the phase is over. A resumable pass: the switch resumes where the last step left.
 */
bool sim__check_step(struct sim_loop *loop)
{
    struct immediates_state *is = &loop->immediates;
    struct batch_pass *cp = &is->check;
    uint32_t limit = loop->cfg->limits[SIM_PHASE_CHECK];
    for (;;) {
        switch (cp->pc) {
        case BATCH_TAKE:
            /* CheckImmediate: nothing to do while no immediate is queued. */
            if (is->count == 0) {
                cp->pc = BATCH_DONE;
                return false;
            }
            /* processImmediate: continue an unfinished batch, else take the whole queue. */
            if (is->outstanding.count == 0) {
                sim__queue_splice(loop, &is->outstanding, &is->queue, PLACE_OUTSTANDING);
            }
            cp->pc = BATCH_RUN;
            break;
        case BATCH_RUN:
            if (is->outstanding.count == 0) {
                cp->pc = BATCH_END; /* a clearImmediate in the drain took the last one */
                break;
            }
            run_immediate(loop);
            return true;
        case BATCH_BETWEEN:
            if (is->outstanding.count == 0 && loop->exec.threw && is->queue.count > 0) {
                /* The last one threw to an 'uncaughtException' listener: kHasOutstanding is
                   still set, so CheckImmediate calls processImmediate again, which takes the
                   immediates queued since, with no runNextTicks() before them. */
                sim__queue_splice(loop, &is->outstanding, &is->queue, PLACE_OUTSTANDING);
            }
            if (is->outstanding.count == 0) {
                cp->pc = BATCH_END;
                break;
            }
            if (limit > 0 && cp->ran >= limit) {
                struct pending_event *pe =
                    sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_PHASE_LIMIT, SIM_NONE);
                pe->ev.arg_a = limit;
                /* The rest stays outstanding: it runs first next time. processImmediate
                   returns as at the end of a batch, so the ticks of the last one run now. */
                cp->pc = BATCH_END;
                return true; /* the note is a step of its own */
            }
            cp->pc = BATCH_RUN;
            if (loop->exec.threw) {
                /* The immediate threw to an 'uncaughtException' listener: processImmediate was
                   left by the throw, so no runNextTicks() comes before the next one. */
                loop->exec.threw = false;
                break;
            }
            if (sim__drain_between(loop, "check phase")) {
                return true; /* runNextTicks() between immediates, or Node 10's note */
            }
            break;
        case BATCH_END:
            cp->pc = BATCH_DONE;
            if (is->refs == 0) {
                toggle_immediate_ref(loop, false);
            }
            if (cp->ran > 0) {
                sim__drain_start(loop, DRAIN_TICKS); /* the MakeCallback scope closes */
                return true;
            }
            return false;
        case BATCH_DONE:
            return false;
        }
    }
}
