/*
 * loop.c - the phase sequence, the clock and liveness: libuv's uv_run (src/unix/core.c, v1.46)
 * driven as Node's SpinEventLoop drives it (src/api/embed_helpers.cc), one step at a time.
 *
 * The loop is a small state machine over `enum stage`; each call of advance() does one action:
 * one callback (with the events it makes), one drain step, or one move to the next phase.
 */
#include "sim_internal.h"

#include "grow.h"

#include <stdlib.h>
#include <string.h>

/* ---- Queues ----------------------------------------------------------------------------- */

void sim__queue_splice(struct sim_loop *loop, struct queue *dst, struct queue *src,
                       enum task_place place)
{
    for (uint32_t t = src->head; t != SIM_NONE; t = task_at(loop, t)->link.next) {
        task_at(loop, t)->place = (uint8_t)place;
    }
    queue_splice(sim__links(loop), dst, src);
}

/* ---- Tasks ------------------------------------------------------------------------------ */

/*
 * Makes room for `need` elements of `elem` bytes in *arr (capacity *cap), doubling. False, with
 * loop->error set, when memory runs out; the array is then unchanged.
 */
bool sim__grow(struct sim_loop *loop, void **arr, uint32_t *cap, size_t elem, uint32_t need)
{
    if (need <= *cap) {
        return true;
    }
    if (!sim__grow_array(arr, cap, need, elem)) {
        /* indices are 32-bit, and SIM_NONE is taken */
        loop->error = need == UINT32_MAX ? SIM_ELIMIT : SIM_ENOMEM;
        return false;
    }
    loop->bounds.grew = true;
    return true;
}

/*
 * A new task. When memory runs out, or the run holds SIM_MAX_TASKS at once, loop->error is set
 * and the spare task is returned: the current action finishes harmlessly on it and
 * sim_loop_step reports the error before anything else runs.
 */
uint32_t sim__task_new(struct sim_loop *loop, enum task_kind kind, uint32_t stmt, uint32_t env,
                       uint32_t socket)
{
    uint32_t t = loop->task_free;
    if (t != SIM_NONE) {
        loop->task_free = task_at(loop, t)->link.next;
    } else if (loop->task_count >= SIM_MAX_TASKS && loop->task_count > 0) {
        loop->error = SIM_ELIMIT;
        t = SPARE_TASK;
    } else if (!sim__grow(loop, (void **)&loop->tasks, &loop->task_cap, sizeof(struct task),
                          loop->task_count + 1)) {
        t = SPARE_TASK;
    } else {
        t = loop->task_count++;
        loop->tasks[t].gen = 0;
    }
    /* Every field but `gen` (which outlives the slot's tasks) and the union, which is zeroed:
       each kind sets what it uses. */
    struct task *task = task_at(loop, t);
    uint32_t run = stmt != SIM_NONE ? loop->stmt_runs[stmt] : 0;
    task->seq = ++loop->seq;
    task->cause = loop->exec.event_seq;
    task->link = (struct queue_link){SIM_NONE, SIM_NONE};
    task->stmt = stmt;
    task->body = stmt != SIM_NONE ? loop->prog->stmts[stmt].body : SIM_NONE;
    task->scope = env != SIM_NONE ? env : SCOPE_RUN | (run < SCOPE_RUN ? run : SCOPE_RUN - 1);
    task->socket = socket;
    task->kind = (uint8_t)kind;
    task->place = PLACE_NONE;
    task->refed = false;
    task->active = false;
    memset(&task->u, 0, sizeof(task->u));
    sim__env_ref(loop, env);
    if (loop->prog->js != NULL) {
        sim__vm_task_made(loop, t); /* the JavaScript call it makes, if it makes one */
    }
    return t;
}

void sim__task_free(struct sim_loop *loop, uint32_t t)
{
    struct task *task = task_at(loop, t);
    if (t == SPARE_TASK) {
        return;
    }
    sim__set_active(loop, t, false);
    sim__env_unref(loop, sim__task_env(task));
    task->kind = TASK_FREE;
    task->gen++;
    task->link.next = loop->task_free;
    loop->task_free = t;
}

/* ---- Liveness --------------------------------------------------------------------------- */

static bool counts_as_request(const struct task *task)
{
    return task->kind == TASK_REQUEST;
}

/*
 * Marks a handle or request as started or stopped. Only ref'd and active things keep the
 * loop alive (libuv uv__handle_start/stop, uv__req_register/unregister).
 */
void sim__set_active(struct sim_loop *loop, uint32_t t, bool active)
{
    struct task *task = task_at(loop, t);
    if (task->active == active) {
        return;
    }
    task->active = active;
    if (task->refed) {
        uint32_t *counter = counts_as_request(task) ? &loop->alive.reqs : &loop->alive.handles;
        *counter += active ? 1 : (uint32_t)-1;
    }
}

/* uv_ref/uv_unref on a handle (or, as a documented extension, a request). */
void sim__set_refed(struct sim_loop *loop, uint32_t t, bool refed)
{
    struct task *task = task_at(loop, t);
    if (task->refed == refed) {
        return;
    }
    bool active = task->active;
    sim__set_active(loop, t, false);
    task->refed = refed;
    sim__set_active(loop, t, active);
}

/* libuv src/unix/core.c:uv__loop_alive (v1.44.2+): handles, requests, pending, closing. */
bool sim__alive(const struct sim_loop *loop)
{
    return loop->alive.handles > 0 || loop->alive.reqs > 0 ||
           (loop->timers.uv_active && loop->timers.uv_refed) || loop->immediates.idle_active ||
           loop->io.pending.count + loop->io.pending_run.count > 0 ||
           loop->io.closing.count + loop->io.closing_run.count > 0;
}

/* ---- Clock ------------------------------------------------------------------------------ */

/*
 * Sets virtual time moving forward to `to` while the main thread waits on the clock, holding a
 * core (cores.c; its computing is sim__clock_compute, poll's sleep sim__clock_sleep). Worker
 * threads run in parallel with the loop, also while it is blocked: every job that finishes on
 * the way finishes at its own instant, each in an action of its own (sim__clock_step), so the
 * state after its worker-done event is the state at that instant. The caller's next statement
 * or stage runs once the clock has arrived.
 */
void sim__clock_advance(struct sim_loop *loop, uint64_t to)
{
    if (loop->cfg->cpus == 0) {
        sim__clock_sleep(loop, to); /* a core for every thread: no one's share to keep */
        return;
    }
    if (!loop->clock_moving) {
        loop->clock_to = loop->clock_ns;
        loop->clock_moving = true;
        sim__cores_main_start(loop);
    }
    uint64_t work = loop->cores.main_work; /* computing asked for before it, in this action */
    if (to > loop->clock_to && to - loop->clock_to > work) {
        loop->clock_to = to - work;
    }
}

/*
 * One action of a moving clock: the next job that finishes on the way finishes (an event, and
 * true), or the clock arrives: silently (false), or with a note when the crowd on the cores
 * stretched the main thread's work (true).
 */
bool sim__clock_step(struct sim_loop *loop)
{
    if (!loop->clock_moving) {
        return false;
    }
    bool event;
    do {
        uint64_t to = sim__cores_target(loop);
        if (loop->pool.running.len > 0 && sim__pool_next_finish(loop) <= to) {
            sim__pool_finish_one(loop);
            return true;
        }
        if (to > loop->clock_ns) {
            loop->clock_ns = to;
        }
    } while (sim__cores_reach(loop, &event));
    loop->clock_moving = false;
    return event;
}

/* Is work of the last action still to be done (a worker to wake, the clock to move)? */
bool sim__deferred(const struct sim_loop *loop)
{
    return loop->clock_moving || loop->pool.wake != SIM_NONE || loop->call.active ||
           loop->io.close_due != SIM_NONE || loop->io.failed_socket != SIM_NONE ||
           loop->vm.net_due != 0;
}

/* libuv src/unix/internal.h:uv__update_time: loop->time = hrtime in whole milliseconds. */
void sim__update_time(struct sim_loop *loop)
{
    loop->now_ms = (int64_t)(loop->clock_ns / NS_PER_MS);
}

/* Ends the run with a stop event; used for until_ms, max_callbacks and "forever". */
static struct pending_event *stop(struct sim_loop *loop, enum sim_outcome outcome,
                                  enum sim_reason reason, int64_t a, const char *text)
{
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_STOP, reason, SIM_NONE);
    pe->ev.arg_a = a;
    if (text != NULL) {
        sim__emit_text(loop, pe, text);
    }
    loop->outcome = outcome;
    loop->stage = STAGE_DONE;
    return pe;
}

/*
 * Ends a runaway run at one of the bounds derived from max_callbacks (docs/scenario-format.md,
 * "Runaway bounds"): `held` is how much it reached. Whatever was under way (a callback, a drain,
 * the clock, a worker about to look for work) is dropped, as at max_callbacks; a callback taken
 * and not started stays where it waited, for inspection.
 */
void sim__stop_runaway(struct sim_loop *loop, enum sim_reason reason, uint64_t held)
{
    sim__exec_abort(loop);
    loop->ticks.drain = DRAIN_OFF;
    loop->clock_moving = false;
    sim__cores_main_stop(loop);
    loop->pool.wake = SIM_NONE;
    loop->io.close_due = SIM_NONE;
    loop->io.failed_socket = SIM_NONE;
    loop->call.held = loop->call.held || loop->call.active;
    loop->call.active = false;
    struct pending_event *pe = stop(loop, SIM_OUTCOME_MAX_CALLBACKS, reason, (int64_t)held, NULL);
    pe->ev.arg_b = (int64_t)loop->bounds.work;
}

/*
 * Checked before every action: a run that has made 16 events per callback it may make, or holds
 * 1 KiB of memory per callback it may make, stops there, in an action of its own. (The third
 * bound, on worker-pool jobs, is checked where a worker takes one: pool.c.) Returns true when
 * the run stopped.
 */
static bool bound_reached(struct sim_loop *loop)
{
    if (loop->events.seq >= loop->bounds.max_events) {
        sim__stop_runaway(loop, SIM_REASON_STOP_MAX_EVENTS, loop->events.seq);
        return true;
    }
    if (loop->bounds.grew) {
        loop->bounds.grew = false;
        size_t bytes = sim_loop_footprint(loop);
        if (bytes > loop->bounds.max_bytes) {
            sim__stop_runaway(loop, SIM_REASON_STOP_MAX_MEMORY, bytes);
            return true;
        }
    }
    return false;
}

/* Checked before every callback: until_ms and max_callbacks end a runaway scenario. */
bool sim__should_stop(struct sim_loop *loop)
{
    const struct sim_config *cfg = loop->cfg;
    if (loop->stage == STAGE_DONE) {
        return true;
    }
    if (cfg->has_until && loop->clock_ns > cfg->until_ns) {
        stop(loop, SIM_OUTCOME_UNTIL, SIM_REASON_STOP_UNTIL, (int64_t)cfg->until_ns, NULL);
        return true;
    }
    if (loop->callbacks >= cfg->max_callbacks) {
        stop(loop, SIM_OUTCOME_MAX_CALLBACKS, SIM_REASON_STOP_MAX_CALLBACKS,
             (int64_t)cfg->max_callbacks, NULL);
        return true;
    }
    return false;
}

/* ---- The stages ------------------------------------------------------------------------- */

/* Moves to the next stage, unless the run has just ended. */
static void enter_phase(struct sim_loop *loop, enum stage stage, enum sim_phase phase)
{
    if (loop->stage == STAGE_DONE) {
        return;
    }
    loop->stage = stage;
    if (loop->phase != phase || stage == STAGE_PENDING || stage == STAGE_POLL_PENDING) {
        loop->phase_announced = false;
    }
    loop->phase = phase;
}

static void check_enter(struct sim_loop *loop)
{
    loop->immediates.check = (struct batch_pass){BATCH_TAKE, 0};
    enter_phase(loop, STAGE_CHECK, SIM_PHASE_CHECK);
}

/* After poll: the pending queue again if poll fed it (libuv >= 1.44.2), then check. */
static void poll_done(struct sim_loop *loop)
{
    if (!loop->io.fed_in_poll) {
        check_enter(loop);
        return;
    }
    loop->io.pend = (struct batch_pass){BATCH_TAKE, 0};
    loop->io.reruns = 0;
    enter_phase(loop, STAGE_POLL_PENDING, SIM_PHASE_PENDING);
}

/* node: StartExecution runs the CommonJS main script inside a callback scope. */
static void run_main(struct sim_loop *loop)
{
    if (loop->cfg->entry == SIM_ENTRY_MODULE) {
        /* ESM: the module source is read on the pool first (internal/modules/esm/load.js). */
        sim__module_source_start(loop);
    } else if (!sim__call_main(loop, SIM_REASON_MAIN_SCRIPT, AFTER_DRAIN)) {
        return;
    }
    enter_phase(loop, STAGE_LOOP_START, SIM_PHASE_MAIN);
}

/* loop_start_ms: Node's own start-up work before the loop's first clock reading. */
static void loop_start(struct sim_loop *loop)
{
    sim__clock_advance(loop, loop->clock_ns + loop->cfg->loop_start_ns);
    enter_phase(loop, STAGE_RUN_ENTER, SIM_PHASE_MAIN);
    sim__clock_advance(loop, loop->clock_ns + loop->cfg->loop_start_ns);
}

/*
 * Is the clock choice open before a timers phase: a timer due in the very next millisecond of
 * the clock as it is now, not offered before? Then `kind` is chosen; true when its other
 * alternative was taken and the clock now moves to that millisecond. Each millisecond is offered
 * once, at the first timers phase that could see it turn: a loop that spins through many passes
 * within it would otherwise double the runs with each pass, for the same question.
 */
static bool clock_later(struct sim_loop *loop, enum sim_choice_kind kind)
{
    const struct timers_state *ts = &loop->timers;
    int64_t now = (int64_t)(loop->clock_ns / NS_PER_MS);
    if (!loop->races.on || loop->stage == STAGE_DONE || !ts->uv_active ||
        ts->uv_due != now + 1 || loop->races.clock_offered == ts->uv_due) {
        return false;
    }
    loop->races.clock_offered = ts->uv_due;
    int64_t due_ns = ts->uv_due * (int64_t)NS_PER_MS;
    if (sim__choose(loop, kind, due_ns, 0) == 0) {
        return false;
    }
    sim__clock_advance(loop, (uint64_t)due_ns);
    return true;
}

/*
 * A choice point (docs/races.md, "start-up"): the loop's first clock reading decides whether a
 * timer due one millisecond later runs before the first iteration. In Node the gap between the
 * timer's clock reading and the loop's is a fraction of a millisecond that the millisecond clock
 * may or may not cross (libuv src/unix/core.c uv_run: uv__update_time, then uv__run_timers). The
 * other alternative moves the clock to that millisecond. True when it did: the clock is moving.
 */
static bool start_later(struct sim_loop *loop)
{
    struct races_state *rs = &loop->races;
    if (rs->start_taken) {
        rs->start_taken = false; /* this is the reading after the move */
        return false;
    }
    rs->start_taken = clock_later(loop, SIM_CHOICE_START);
    return rs->start_taken;
}

/*
 * uv_run entry (v1.46): pre-loop timers only when the loop is alive. libuv <= 1.44 (the Node
 * 10 profile) has none: its timers begin every iteration instead.
 */
static void run_enter(struct sim_loop *loop)
{
    sim__update_time(loop);
    if (!sim__alive(loop)) {
        enter_phase(loop, STAGE_LOOP_DEAD, SIM_PHASE_EXIT);
        return;
    }
    if (start_later(loop)) {
        return; /* the clock moves on; uv_run is entered again once it has arrived */
    }
    if (loop->cfg->node == SIM_NODE_10) {
        enter_phase(loop, STAGE_ITER_BEGIN, loop->phase);
        return;
    }
    enter_phase(loop, STAGE_PRE_TIMERS, SIM_PHASE_TIMERS);
    sim__timers_pass_begin(loop);
}

/*
 * The timers at the end of an iteration (libuv >= 1.45) or at its start (<= 1.44). A choice
 * point (docs/races.md, "clock"): whether the millisecond clock has turned since the last
 * reading decides whether a timer due in the next millisecond runs in this pass. When the other
 * alternative is taken, the clock moves there first and the pass begins in the stage's action.
 */
static void timers_enter(struct sim_loop *loop, enum stage stage)
{
    enter_phase(loop, stage, SIM_PHASE_TIMERS);
    loop->races.timers_later = clock_later(loop, SIM_CHOICE_CLOCK);
    if (!loop->races.timers_later) {
        sim__update_time(loop);
        sim__timers_pass_begin(loop);
    }
}

/* One step of a timers pass; false once it is over. */
static bool timers_step(struct sim_loop *loop)
{
    if (loop->races.timers_later) {
        loop->races.timers_later = false; /* the clock has arrived: uv__update_time now */
        sim__update_time(loop);
        sim__timers_pass_begin(loop);
    }
    return sim__timers_pass_step(loop);
}

static void run_timers_stage(struct sim_loop *loop, enum stage next)
{
    if (!timers_step(loop)) {
        enter_phase(loop, next, loop->phase);
    }
}

/* After close: libuv >= 1.45 runs the timers; <= 1.44 goes straight to the liveness check. */
static void close_done(struct sim_loop *loop)
{
    if (loop->cfg->node == SIM_NODE_10) {
        enter_phase(loop, STAGE_ITER_END, loop->phase); /* the timers wait for the next one */
    } else {
        timers_enter(loop, STAGE_TIMERS);
    }
}

static void iter_begin(struct sim_loop *loop)
{
    /*
     * Every iteration of a live loop runs a callback or sleeps, and either makes an event. A
     * run of iterations that make none would spin forever: a bug, reported instead of hanging.
     */
    loop->idle_iterations =
        loop->events.seq == loop->iter_event_seq ? loop->idle_iterations + 1 : 0;
    loop->iter_event_seq = loop->events.seq;
    if (loop->idle_iterations > 1000) {
        loop->error = SIM_ESTATE;
        return;
    }
    loop->iteration++;
    loop->io.pend = (struct batch_pass){BATCH_TAKE, 0};
    if (loop->cfg->node == SIM_NODE_10) {
        timers_enter(loop, STAGE_ITER_TIMERS); /* libuv v1.34 uv_run: update, timers, pending */
        return;
    }
    enter_phase(loop, STAGE_PENDING, SIM_PHASE_PENDING);
}

/*
 * Idle and prepare: only Node's internal handles live here and no JavaScript runs. The one that
 * matters is the immediate idle handle (src/env.cc ToggleImmediateRef): active, it makes
 * uv__backend_timeout return 0. The trace says so when it is.
 */
static void idle_prepare(struct sim_loop *loop)
{
    if (loop->immediates.idle_active) {
        sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_IDLE_HANDLE, SIM_NONE);
    }
    loop->stage = STAGE_POLL_ENTER;
}

static void poll_enter(struct sim_loop *loop)
{
    struct poll_state *ps = &loop->io.poll;
    ps->pc = POLL_START;
    ps->waits = 0;
    ps->batch_size = 0;
    ps->ran = 0;
    queue_init(&ps->batch);
    queue_init(&ps->done_batch);
    if (loop->io.joining > 0) {
        sim__fds_register(loop);
    }
    enter_phase(loop, STAGE_POLL, SIM_PHASE_POLL);
}

static void iter_end(struct sim_loop *loop)
{
    if (sim__alive(loop)) {
        enter_phase(loop, STAGE_ITER_BEGIN, loop->phase);
    } else {
        enter_phase(loop, STAGE_LOOP_DEAD, SIM_PHASE_EXIT);
    }
}

/* uv_run has returned: nothing ref'd keeps the loop alive. */
static void loop_dead(struct sim_loop *loop)
{
    sim__emit(loop, SIM_EVENT_LOOP_EXIT, SIM_REASON_LOOP_DEAD, SIM_NONE);
    loop->stage = STAGE_BEFORE_EXIT;
}

/*
 * process.emit(event): starts the next listener of `event` (0 beforeExit, 1 exit), in the order
 * they were added; listeners added during the emit wait for the next one. Returns false when
 * every listener has run.
 */
static bool emit_next(struct sim_loop *loop, uint8_t event, enum sim_reason reason)
{
    struct emit_state *em = &loop->emit;
    if (!em->started) {
        em->started = true;
        em->next = em->listeners.head;
        em->seq = loop->seq;
        /* node EmitProcessBeforeExit and EmitProcessExitInternal: process.emit(event,
         * process.exitCode or 0), one value for all listeners (natural_exit set exit_code). */
        em->code = event == 0 ? sim__vm_exit_code(loop, loop->exit_code) : loop->exit_code;
    }
    for (uint32_t t = em->next; t != SIM_NONE; t = task_at(loop, t)->link.next) {
        struct task *task = task_at(loop, t);
        if (task->u.listener_event != event || task->seq > em->seq) {
            continue;
        }
        em->next = task->link.next;
        if (loop->prog->stmts[task->stmt].once) {
            sim__queue_remove(loop, &em->listeners, t); /* once() unwraps before calling */
        }
        sim__call(loop, t, reason, loop->exit_code, 0, AFTER_LISTENER, 0);
        return true;
    }
    em->started = false;
    return false;
}

/* node: SpinEventLoop emits 'beforeExit' when uv_run returns, then asks again if alive. */
static void before_exit(struct sim_loop *loop)
{
    if (emit_next(loop, 0, SIM_REASON_BEFORE_EXIT)) {
        return;
    }
    sim__drain_start(loop, DRAIN_TICKS);
    loop->stage = STAGE_AFTER_BEFORE_EXIT;
}

static void after_before_exit(struct sim_loop *loop)
{
    if (sim__alive(loop)) {
        /* beforeExit revived the loop: uv_run is entered again, pre-loop timers included. */
        enter_phase(loop, STAGE_RUN_ENTER, SIM_PHASE_TIMERS);
    } else {
        loop->stage = STAGE_EXIT;
    }
}

/*
 * Natural exit: process._exiting is set, 'exit' listeners run; ticks they queue are dropped,
 * but the callback scope still runs their microtasks (measured on node v20).
 */
static void natural_exit(struct sim_loop *loop)
{
    if (!loop->exiting) {
        loop->exit_code = sim__vm_exit_code(loop, loop->exit_code); /* process.exitCode */
        sim__vm_set_exit_code(loop, loop->exit_code);
    }
    loop->exiting = true;
    if (emit_next(loop, 1, SIM_REASON_EXIT_LISTENER)) {
        return;
    }
    sim__drain_start(loop, DRAIN_MICROTASKS_ONLY);
    loop->stage = STAGE_EXITED;
}

/*
 * process.exit(code), or (with `fatal`, the exception's text) an uncaught exception's exit:
 * 'exit' listeners run, and nothing else, not even microtasks. Exit code 7 (a throw in an
 * 'uncaughtException' listener) runs no listener either.
 */
static void exit_with(struct sim_loop *loop, int code, const char *fatal)
{
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_NOTE, fatal != NULL
                                                                  ? SIM_REASON_UNCAUGHT
                                                                  : SIM_REASON_PROCESS_EXIT,
                                         SIM_NONE);
    pe->ev.arg_a = code;
    if (fatal != NULL) {
        sim__emit_text(loop, pe, fatal);
    }
    loop->exit_code = code;
    sim__vm_set_exit_code(loop, code); /* process.exitCode, which 'exit' listeners may change */
    sim__exec_abort(loop);
    loop->ticks.drain = DRAIN_OFF;
    if (code == 7 && fatal != NULL) {
        loop->outcome = SIM_OUTCOME_EXITED;
        loop->stage = STAGE_DONE;
        return;
    }
    if (loop->exiting) {
        loop->outcome = SIM_OUTCOME_EXITED; /* process.exit() inside an 'exit' listener */
        loop->stage = STAGE_DONE;
        return;
    }
    loop->exiting = true;
    loop->emit.started = false;
    loop->stage = STAGE_EXIT_NOW;
}

void sim__process_exit(struct sim_loop *loop, int code)
{
    exit_with(loop, code, NULL);
}

void sim__process_fatal(struct sim_loop *loop, const char *text, int code)
{
    exit_with(loop, code, text);
}

static void exit_now(struct sim_loop *loop)
{
    if (loop->phase != SIM_PHASE_EXIT) {
        /* After the note, in an action of its own: the 'exit' listeners' phase. */
        loop->phase = SIM_PHASE_EXIT;
        loop->phase_announced = false;
    }
    if (!emit_next(loop, 1, SIM_REASON_EXIT_LISTENER)) {
        loop->exit_code = sim__vm_exit_code(loop, loop->exit_code);
        loop->outcome = SIM_OUTCOME_EXITED;
        loop->stage = STAGE_DONE;
    }
}

/*
 * One action. Between callbacks Node drains nextTicks and microtasks; otherwise the stages run
 * in the order of uv_run:
 *
 *     timers (before the first iteration)
 *     while alive: pending, idle/prepare, poll, check, close, timers
 *
 * or, under the Node 10 profile (libuv <= 1.44, docs/node-profiles.md):
 *
 *     while alive: timers, pending, idle/prepare, poll, check, close
 */
static void advance(struct sim_loop *loop)
{
    /* What the last action set going comes first: a worker looks for work, the clock moves.
       (Each is tested here before its call: this runs for every action.) */
    bool owed = loop->io.close_due != SIM_NONE || loop->pool.wake != SIM_NONE ||
                loop->clock_moving || loop->vm.net_due != 0;
    if (owed && (sim__close_due_step(loop) || sim__vm_net_due_step(loop) ||
                 sim__pool_wake_step(loop) || sim__clock_step(loop))) {
        return;
    }
    if (loop->call.active) {
        sim__call_begin(loop);
        return;
    }
    if (loop->io.failed_socket != SIM_NONE && sim__connect_failed_step(loop)) {
        return;
    }
    if (loop->exec.depth > 0) {
        sim__exec_step(loop);
        return;
    }
    if (loop->ticks.drain != DRAIN_OFF) {
        if (sim__drain_step(loop)) {
            return;
        }
        loop->ticks.drain = DRAIN_OFF;
        if (loop->stage == STAGE_DONE) {
            return;
        }
    }
    switch (loop->stage) {
    case STAGE_MAIN:
        run_main(loop);
        break;
    case STAGE_LOOP_START:
        loop_start(loop);
        break;
    case STAGE_RUN_ENTER:
        run_enter(loop);
        break;
    case STAGE_PRE_TIMERS:
        run_timers_stage(loop, STAGE_ITER_BEGIN);
        break;
    case STAGE_ITER_BEGIN:
        iter_begin(loop);
        break;
    case STAGE_ITER_TIMERS:
        if (!timers_step(loop)) {
            enter_phase(loop, STAGE_PENDING, SIM_PHASE_PENDING);
        }
        break;
    case STAGE_PENDING:
        if (!sim__pending_step(loop)) {
            enter_phase(loop, STAGE_IDLE_PREPARE, SIM_PHASE_IDLE);
        }
        break;
    case STAGE_IDLE_PREPARE:
        idle_prepare(loop);
        break;
    case STAGE_POLL_ENTER:
        poll_enter(loop);
        break;
    case STAGE_POLL:
        if (!sim__poll_step(loop)) {
            poll_done(loop);
        }
        break;
    case STAGE_POLL_PENDING:
        if (!sim__pending_step(loop)) {
            check_enter(loop);
        }
        break;
    case STAGE_CHECK:
        if (!sim__check_step(loop)) {
            loop->io.close = (struct batch_pass){BATCH_TAKE, 0};
            enter_phase(loop, STAGE_CLOSE, SIM_PHASE_CLOSE);
        }
        break;
    case STAGE_CLOSE:
        if (!sim__close_step(loop)) {
            close_done(loop);
        }
        break;
    case STAGE_TIMERS:
        run_timers_stage(loop, STAGE_ITER_END);
        break;
    case STAGE_ITER_END:
        iter_end(loop);
        break;
    case STAGE_LOOP_DEAD:
        loop_dead(loop);
        break;
    case STAGE_BEFORE_EXIT:
        before_exit(loop);
        break;
    case STAGE_AFTER_BEFORE_EXIT:
        after_before_exit(loop);
        break;
    case STAGE_EXIT:
        natural_exit(loop);
        break;
    case STAGE_EXIT_NOW:
        exit_now(loop);
        break;
    case STAGE_EXITED:
        loop->exit_code = sim__vm_final_exit_code(loop, loop->exit_code);
        loop->outcome = SIM_OUTCOME_EXITED;
        loop->stage = STAGE_DONE;
        break;
    case STAGE_DONE:
        break;
    }
}

/* ---- Public API ------------------------------------------------------------------------- */

struct sim_loop *sim_loop_create(const struct sim_program *prog)
{
    struct sim_loop *loop = calloc(1, sizeof(*loop));
    if (loop == NULL) {
        return NULL;
    }
    loop->prog = prog;
    loop->cfg = &prog->config;
    loop->stage = STAGE_MAIN;
    loop->phase = SIM_PHASE_MAIN;
    loop->outcome = SIM_OUTCOME_RUNNING;
    loop->task_free = SIM_NONE;
    loop->envs.free = SIM_NONE;
    queue_init(&loop->immediates.queue);
    queue_init(&loop->immediates.outstanding);
    queue_init(&loop->ticks.queue);
    queue_init(&loop->ticks.microtasks);
    queue_init(&loop->emit.listeners);
    queue_init(&loop->exec.calls);
    uint64_t work = prog->config.max_callbacks > SIM_WORK_FLOOR ? prog->config.max_callbacks
                                                                : SIM_WORK_FLOOR;
    loop->bounds.work = work; /* max_callbacks is at most 2^53: no product overflows */
    loop->bounds.max_events = work * SIM_EVENTS_PER_CALLBACK;
    loop->bounds.max_bytes = work * SIM_BYTES_PER_CALLBACK;
    uint32_t stmts = prog->stmt_count > 0 ? (uint32_t)prog->stmt_count : 1;
    if (sim__grow(loop, (void **)&loop->stmt_runs, &loop->stmt_run_cap, sizeof(uint32_t),
                  stmts)) {
        memset(loop->stmt_runs, 0, sizeof(uint32_t) * loop->stmt_run_cap);
    }
    sim__task_new(loop, TASK_MARKER, SIM_NONE, SIM_NONE, SIM_NONE); /* SPARE_TASK */
    sim__timers_init(loop);
    sim__pool_init(loop);
    sim__io_init(loop);
    if (loop->error) {
        sim_loop_destroy(loop);
        return NULL;
    }
    return loop;
}

void sim_loop_destroy(struct sim_loop *loop)
{
    if (loop == NULL) {
        return;
    }
#define X(array, cap, used, exact) free(loop->array);
    SIM_LOOP_ARRAYS(X)
#undef X
    free(loop);
}

size_t sim_loop_footprint(const struct sim_loop *loop)
{
    size_t bytes = sizeof(*loop);
#define X(array, cap, used, exact) bytes += (size_t)loop->cap * sizeof(*loop->array);
    SIM_LOOP_ARRAYS(X)
#undef X
    return bytes;
}

struct sim_loop *sim_loop_clone(const struct sim_loop *loop)
{
    struct sim_loop *c = calloc(1, sizeof(*c));
    if (c == NULL) {
        return NULL;
    }
    if (sim_loop_restore(c, loop) != 0) {
        sim_loop_destroy(c);
        return NULL;
    }
    return c;
}

/*
 * One array of a restore: *arr and *cap are the source's; `own` (of `own_cap` elements) is the
 * destination's memory, reused when it holds `used` elements (exactly `cap` for an exact array).
 * Copies the first `used` elements. On failure the destination keeps its own memory.
 */
static int restore_array(void **arr, uint32_t *cap, void *own, uint32_t own_cap, uint32_t used,
                         size_t elem, bool exact)
{
    const void *from = *arr;
    uint32_t want = *cap;
    bool fits = exact ? own_cap == want : own_cap >= used;
    *arr = own;
    *cap = own_cap;
    if (!fits && want > 0) {
        void *p = realloc(own, (size_t)want * elem);
        if (p == NULL) {
            return -SIM_ENOMEM;
        }
        *arr = p;
        *cap = want;
    } else if (!fits) {
        *cap = 0; /* an exact array that is empty in the source */
    }
    if (used > 0) {
        memcpy(*arr, from, (size_t)used * elem);
    }
    return 0;
}

int sim_loop_restore(struct sim_loop *dst, const struct sim_loop *src)
{
    struct sim_loop own = *dst; /* dst's memory and capacities, kept across the copy */
    *dst = *src;
    int rc = 0;
#define X(array, cap, used, exact)                                                              \
    rc |= restore_array((void **)&dst->array, &dst->cap, own.array, own.cap, src->used,          \
                        sizeof(*src->array), exact);
    SIM_LOOP_ARRAYS(X)
#undef X
    if (rc != 0) {
        dst->error = SIM_ENOMEM;
        return -SIM_ENOMEM;
    }
    return 0;
}

int sim_loop_step(struct sim_loop *loop, struct sim_event *ev)
{
    for (;;) {
        if (loop->error) {
            return -loop->error;
        }
        if (sim__event_take(loop, ev)) {
            return SIM_STEP_EVENT;
        }
        if (loop->stage == STAGE_DONE && loop->ticks.drain == DRAIN_OFF &&
            loop->exec.depth == 0 && !sim__deferred(loop)) {
            return SIM_STEP_DONE;
        }
        if (loop->prog->js != NULL) {
            sim__vm_gc_maybe(loop); /* between two actions: the state is all in the arrays */
        }
        if (loop->stage == STAGE_DONE || !bound_reached(loop)) {
            advance(loop);
        }
        /* One action, at most one event: the state after it is what the events so far say. */
        uint32_t made = loop->events.len - loop->events.head;
        if (made > loop->burst_max) {
            loop->burst_max = made;
        }
    }
}

int sim_loop_run(struct sim_loop *loop, sim_sink_fn sink, void *ctx)
{
    struct sim_event ev;
    int r;
    while ((r = sim_loop_step(loop, &ev)) == SIM_STEP_EVENT) {
        int s = sink(ctx, &ev);
        if (s != 0) {
            return s;
        }
    }
    return r;
}

enum sim_outcome sim_loop_outcome(const struct sim_loop *loop)
{
    return loop->outcome;
}

int sim_loop_exit_code(const struct sim_loop *loop)
{
    return loop->exit_code;
}
