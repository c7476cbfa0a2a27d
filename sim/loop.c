/*
 * loop.c - the phase sequence, the clock and liveness: libuv's uv_run (src/unix/core.c, v1.46)
 * driven as Node's SpinEventLoop drives it (src/api/embed_helpers.cc), one step at a time.
 *
 * The loop is a small state machine over `enum stage`; each call of advance() does one action:
 * one callback (with the events it makes), one drain step, or one move to the next phase.
 */
#include "sim_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- Queues ----------------------------------------------------------------------------- */

void sim__queue_init(struct queue *q)
{
    q->head = NIL;
    q->tail = NIL;
    q->count = 0;
}

void sim__queue_push(struct sim_loop *loop, struct queue *q, uint32_t t, enum task_place place)
{
    struct task *task = T(loop, t);
    task->next = NIL;
    task->prev = q->tail;
    task->place = (uint8_t)place;
    if (q->tail != NIL) {
        T(loop, q->tail)->next = t;
    } else {
        q->head = t;
    }
    q->tail = t;
    q->count++;
}

void sim__queue_push_front(struct sim_loop *loop, struct queue *q, uint32_t t,
                           enum task_place place)
{
    struct task *task = T(loop, t);
    task->prev = NIL;
    task->next = q->head;
    task->place = (uint8_t)place;
    if (q->head != NIL) {
        T(loop, q->head)->prev = t;
    } else {
        q->tail = t;
    }
    q->head = t;
    q->count++;
}

void sim__queue_remove(struct sim_loop *loop, struct queue *q, uint32_t t)
{
    struct task *task = T(loop, t);
    if (task->prev != NIL) {
        T(loop, task->prev)->next = task->next;
    } else {
        q->head = task->next;
    }
    if (task->next != NIL) {
        T(loop, task->next)->prev = task->prev;
    } else {
        q->tail = task->prev;
    }
    task->next = NIL;
    task->prev = NIL;
    task->place = PLACE_NONE;
    q->count--;
}

uint32_t sim__queue_pop(struct sim_loop *loop, struct queue *q)
{
    uint32_t t = q->head;
    if (t != NIL) {
        sim__queue_remove(loop, q, t);
    }
    return t;
}

/* Moves all of src to the tail of dst (libuv's uv__queue_move): O(1) but for the places. */
void sim__queue_splice(struct sim_loop *loop, struct queue *dst, struct queue *src,
                       enum task_place place)
{
    for (uint32_t t = src->head; t != NIL; t = T(loop, t)->next) {
        T(loop, t)->place = (uint8_t)place;
    }
    if (src->head == NIL) {
        return;
    }
    if (dst->tail != NIL) {
        T(loop, dst->tail)->next = src->head;
        T(loop, src->head)->prev = dst->tail;
    } else {
        dst->head = src->head;
    }
    dst->tail = src->tail;
    dst->count += src->count;
    sim__queue_init(src);
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
    if (need == UINT32_MAX) {
        loop->error = SIM_ELIMIT; /* indices are 32-bit, and NIL is taken */
        return false;
    }
    uint32_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        ncap = ncap > UINT32_MAX / 2 ? UINT32_MAX - 1 : ncap * 2;
    }
    void *p = realloc(*arr, (size_t)ncap * elem);
    if (p == NULL) {
        loop->error = SIM_ENOMEM;
        return false;
    }
    *arr = p;
    *cap = ncap;
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
    if (t != NIL) {
        loop->task_free = T(loop, t)->next;
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
    struct task *task = T(loop, t);
    uint32_t gen = task->gen;
    memset(task, 0, sizeof(*task));
    task->gen = gen;
    task->kind = (uint8_t)kind;
    task->next = NIL;
    task->prev = NIL;
    task->stmt = stmt;
    task->body = stmt != NIL ? loop->prog->stmts[stmt].body : SIM_NO_BODY;
    task->env = env;
    task->socket = socket;
    task->run = stmt != NIL ? loop->stmt_runs[stmt] : 0;
    task->seq = ++loop->seq;
    sim__env_ref(loop, env);
    return t;
}

void sim__task_free(struct sim_loop *loop, uint32_t t)
{
    struct task *task = T(loop, t);
    if (t == SPARE_TASK) {
        return;
    }
    sim__set_active(loop, t, false);
    sim__env_unref(loop, task->env);
    task->kind = TASK_FREE;
    task->gen++;
    task->next = loop->task_free;
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
    struct task *task = T(loop, t);
    if (task->active == active) {
        return;
    }
    task->active = active;
    if (task->refed) {
        uint32_t *counter = counts_as_request(task) ? &loop->active_reqs : &loop->active_handles;
        *counter += active ? 1 : (uint32_t)-1;
    }
}

/* uv_ref/uv_unref on a handle (or, as a documented extension, a request). */
void sim__set_refed(struct sim_loop *loop, uint32_t t, bool refed)
{
    struct task *task = T(loop, t);
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
    return loop->active_handles > 0 || loop->active_reqs > 0 ||
           (loop->uv_timer_active && loop->uv_timer_refed) || loop->idle_active ||
           loop->pending.count + loop->pending_run.count > 0 ||
           loop->closing.count + loop->closing_run.count > 0;
}

/* ---- Clock ------------------------------------------------------------------------------ */

/*
 * Sets virtual time moving forward to `to`. Worker threads run in parallel with the loop, also
 * while it is blocked: every job that finishes on the way finishes at its own instant, each in
 * an action of its own (sim__clock_step), so the state after its worker-done event is the state
 * at that instant. The caller's next statement or stage runs once the clock has arrived.
 */
void sim__clock_advance(struct sim_loop *loop, uint64_t to)
{
    if (!loop->clock_moving || to > loop->clock_to) {
        loop->clock_to = to;
    }
    loop->clock_moving = true;
}

/*
 * One action of a moving clock: the next job that finishes by clock_to finishes (an event, and
 * true), or the clock arrives (silently, false).
 */
bool sim__clock_step(struct sim_loop *loop)
{
    if (!loop->clock_moving) {
        return false;
    }
    if (loop->running_len > 0 && sim__pool_next_finish(loop) <= loop->clock_to) {
        sim__pool_finish_one(loop);
        return true;
    }
    if (loop->clock_to > loop->hr) {
        loop->hr = loop->clock_to;
    }
    loop->clock_moving = false;
    return false;
}

/* Is work of the last action still to be done (a worker to wake, the clock to move)? */
bool sim__deferred(const struct sim_loop *loop)
{
    return loop->clock_moving || loop->pool_wake != NIL || loop->call.active ||
           loop->close_due != NIL || loop->failed_socket != NIL;
}

/* libuv src/unix/internal.h:uv__update_time: loop->time = hrtime in whole milliseconds. */
void sim__update_time(struct sim_loop *loop)
{
    loop->now_ms = (int64_t)(loop->hr / NS_PER_MS);
}

/* Ends the run with a stop event; used for until_ms, max_callbacks and "forever". */
static void stop(struct sim_loop *loop, enum sim_outcome outcome, enum sim_reason reason,
                 int64_t a, const char *text)
{
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_STOP, reason, NIL);
    pe->ev.arg_a = a;
    if (text != NULL) {
        sim__emit_text(loop, pe, text);
    }
    loop->outcome = outcome;
    loop->stage = STAGE_DONE;
}

/* Checked before every callback: until_ms and max_callbacks end a runaway scenario. */
bool sim__should_stop(struct sim_loop *loop)
{
    const struct sim_config *cfg = loop->cfg;
    if (loop->stage == STAGE_DONE) {
        return true;
    }
    if (cfg->has_until && loop->hr > cfg->until_ns) {
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
    if (loop->phase != phase || stage == STAGE_PENDING) {
        loop->phase_announced = false;
    }
    loop->phase = phase;
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
    sim__clock_advance(loop, loop->hr + loop->cfg->loop_start_ns);
    enter_phase(loop, STAGE_RUN_ENTER, SIM_PHASE_MAIN);
    sim__clock_advance(loop, loop->hr + loop->cfg->loop_start_ns);
}

/* uv_run entry (v1.46): pre-loop timers only when the loop is alive. */
static void run_enter(struct sim_loop *loop)
{
    sim__update_time(loop);
    if (!sim__alive(loop)) {
        enter_phase(loop, STAGE_LOOP_DEAD, SIM_PHASE_EXIT);
        return;
    }
    enter_phase(loop, STAGE_PRE_TIMERS, SIM_PHASE_TIMERS);
    sim__timers_pass_begin(loop);
}

static void run_timers_stage(struct sim_loop *loop, enum stage next)
{
    if (!sim__timers_pass_step(loop)) {
        enter_phase(loop, next, loop->phase);
    }
}

static void iter_begin(struct sim_loop *loop)
{
    /*
     * Every iteration of a live loop runs a callback or sleeps, and either makes an event. A
     * run of iterations that make none would spin forever: a bug, reported instead of hanging.
     */
    loop->idle_iterations = loop->event_seq == loop->iter_event_seq ? loop->idle_iterations + 1 : 0;
    loop->iter_event_seq = loop->event_seq;
    if (loop->idle_iterations > 1000) {
        loop->error = SIM_ESTATE;
        return;
    }
    loop->iteration++;
    memset(&loop->pend, 0, sizeof(loop->pend));
    enter_phase(loop, STAGE_PENDING, SIM_PHASE_PENDING);
}

/*
 * Idle and prepare: only Node's internal handles live here and no JavaScript runs. The one that
 * matters is the immediate idle handle (src/env.cc ToggleImmediateRef): active, it makes
 * uv__backend_timeout return 0. The trace says so when it is.
 */
static void idle_prepare(struct sim_loop *loop)
{
    if (loop->idle_active) {
        sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_IDLE_HANDLE, NIL);
    }
    loop->stage = STAGE_POLL_ENTER;
}

static void poll_enter(struct sim_loop *loop)
{
    memset(&loop->poll, 0, sizeof(loop->poll));
    sim__queue_init(&loop->poll.batch);
    sim__queue_init(&loop->poll.done_batch);
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
    sim__emit(loop, SIM_EVENT_LOOP_EXIT, SIM_REASON_LOOP_DEAD, NIL);
    loop->stage = STAGE_BEFORE_EXIT;
}

/*
 * process.emit(event): starts the next listener of `event` (0 beforeExit, 1 exit), in the order
 * they were added; listeners added during the emit wait for the next one. Returns false when
 * every listener has run.
 */
static bool emit_next(struct sim_loop *loop, uint8_t event, enum sim_reason reason)
{
    if (!loop->emit_started) {
        loop->emit_started = true;
        loop->emit_next = loop->listeners.head;
        loop->emit_seq = loop->seq;
    }
    for (uint32_t t = loop->emit_next; t != NIL; t = T(loop, t)->next) {
        struct task *task = T(loop, t);
        if (task->u.listener_event != event || task->seq > loop->emit_seq) {
            continue;
        }
        loop->emit_next = task->next;
        if (loop->prog->stmts[task->stmt].once) {
            sim__queue_remove(loop, &loop->listeners, t); /* once() unwraps before calling */
        }
        sim__call(loop, t, reason, loop->exit_code, 0, AFTER_LISTENER, 0);
        return true;
    }
    loop->emit_started = false;
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
    loop->exiting = true;
    if (emit_next(loop, 1, SIM_REASON_EXIT_LISTENER)) {
        return;
    }
    sim__drain_start(loop, DRAIN_MICROTASKS_ONLY);
    loop->stage = STAGE_EXITED;
}

/* process.exit(code): 'exit' listeners run, and nothing else, not even microtasks. */
void sim__process_exit(struct sim_loop *loop, int code)
{
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_PROCESS_EXIT, NIL);
    pe->ev.arg_a = code;
    loop->exit_code = code;
    sim__exec_abort(loop);
    loop->drain = DRAIN_OFF;
    if (loop->exiting) {
        loop->outcome = SIM_OUTCOME_EXITED; /* process.exit() inside an 'exit' listener */
        loop->stage = STAGE_DONE;
        return;
    }
    loop->exiting = true;
    loop->emit_started = false;
    loop->stage = STAGE_EXIT_NOW;
}

static void exit_now(struct sim_loop *loop)
{
    if (loop->phase != SIM_PHASE_EXIT) {
        /* After the note, in an action of its own: the 'exit' listeners' phase. */
        loop->phase = SIM_PHASE_EXIT;
        loop->phase_announced = false;
    }
    if (!emit_next(loop, 1, SIM_REASON_EXIT_LISTENER)) {
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
 */
static void advance(struct sim_loop *loop)
{
    /* What the last action set going comes first: a worker looks for work, the clock moves. */
    if (sim__close_due_step(loop) || sim__pool_wake_step(loop) || sim__clock_step(loop)) {
        return;
    }
    if (loop->call.active) {
        sim__call_begin(loop);
        return;
    }
    if (sim__connect_failed_step(loop)) {
        return;
    }
    if (loop->exec.depth > 0) {
        sim__exec_step(loop);
        return;
    }
    if (loop->drain != DRAIN_OFF) {
        if (sim__drain_step(loop)) {
            return;
        }
        loop->drain = DRAIN_OFF;
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
            memset(&loop->check, 0, sizeof(loop->check));
            enter_phase(loop, STAGE_CHECK, SIM_PHASE_CHECK);
        }
        break;
    case STAGE_CHECK:
        if (!sim__check_step(loop)) {
            memset(&loop->close, 0, sizeof(loop->close));
            enter_phase(loop, STAGE_CLOSE, SIM_PHASE_CLOSE);
        }
        break;
    case STAGE_CLOSE:
        if (!sim__close_step(loop)) {
            enter_phase(loop, STAGE_TIMERS, SIM_PHASE_TIMERS);
            sim__update_time(loop);
            sim__timers_pass_begin(loop);
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
    loop->task_free = NIL;
    loop->env_free = NIL;
    loop->list_free = NIL;
    loop->stage = STAGE_MAIN;
    loop->phase = SIM_PHASE_MAIN;
    loop->pool_wake = NIL;
    loop->close_due = NIL;
    loop->failed_socket = NIL;
    loop->stmt_run_cap = prog->stmt_count > 0 ? (uint32_t)prog->stmt_count : 1;
    loop->stmt_runs = calloc(loop->stmt_run_cap, sizeof(uint32_t));
    if (loop->stmt_runs == NULL) {
        free(loop);
        return NULL;
    }
    loop->outcome = SIM_OUTCOME_RUNNING;
    sim__queue_init(&loop->immediates);
    sim__queue_init(&loop->outstanding);
    sim__queue_init(&loop->ticks);
    sim__queue_init(&loop->microtasks);
    sim__queue_init(&loop->pending);
    sim__queue_init(&loop->pending_run);
    sim__queue_init(&loop->closing);
    sim__queue_init(&loop->closing_run);
    sim__queue_init(&loop->listeners);
    sim__queue_init(&loop->poll.batch);
    sim__queue_init(&loop->poll.done_batch);
    sim__task_new(loop, TASK_MARKER, NIL, NIL, NIL); /* SPARE_TASK */
    sim__timers_init(loop);
    sim__pool_init(loop);
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
    free(loop->tasks);
    free(loop->lists);
    free(loop->list_heap);
    free(loop->list_map);
    free(loop->workers);
    free(loop->running);
    free(loop->io_heap);
    free(loop->envs);
    free(loop->ids);
    free(loop->strings);
    free(loop->interp);
    free(loop->events);
    free(loop->scratch);
    free(loop->stmt_runs);
    free(loop);
}

/*
 * The arrays a loop owns, as (pointer, capacity, element size): clone, restore and footprint
 * walk this one list. `exact` arrays are hash tables whose capacity is part of their content.
 */
struct owned_array {
    void **ptr;
    uint32_t *cap;
    size_t elem;
    bool exact;
};

enum { OWNED_ARRAYS = 14 };

static void owned_arrays(struct sim_loop *loop, struct owned_array out[OWNED_ARRAYS])
{
    /* lists and list_heap share list_cap; workers and running share worker_count. */
    struct owned_array a[OWNED_ARRAYS] = {
        {(void **)&loop->tasks, &loop->task_cap, sizeof(struct task), false},
        {(void **)&loop->lists, &loop->list_cap, sizeof(struct timer_list), false},
        {(void **)&loop->list_heap, &loop->list_cap, sizeof(uint32_t), false},
        {(void **)&loop->list_map, &loop->list_map_cap, sizeof(uint32_t), true},
        {(void **)&loop->workers, &loop->worker_count, sizeof(uint32_t), true},
        {(void **)&loop->running, &loop->worker_count, sizeof(uint32_t), true},
        {(void **)&loop->io_heap, &loop->io_heap_cap, sizeof(uint32_t), false},
        {(void **)&loop->envs, &loop->env_cap, sizeof(struct env_frame), false},
        {(void **)&loop->ids, &loop->id_cap, sizeof(struct id_slot), true},
        {(void **)&loop->strings, &loop->strings_cap, 1, false},
        {(void **)&loop->interp, &loop->interp_cap, 1, false},
        {(void **)&loop->events, &loop->event_cap, sizeof(struct pending_event), false},
        {(void **)&loop->scratch, &loop->scratch_cap, 1, false},
        {(void **)&loop->stmt_runs, &loop->stmt_run_cap, sizeof(uint32_t), true},
    };
    memcpy(out, a, sizeof(a));
}

size_t sim_loop_footprint(const struct sim_loop *loop)
{
    struct owned_array a[OWNED_ARRAYS];
    owned_arrays((struct sim_loop *)loop, a);
    size_t bytes = sizeof(*loop);
    for (int i = 0; i < OWNED_ARRAYS; i++) {
        bytes += (size_t)*a[i].cap * a[i].elem;
    }
    return bytes;
}

struct sim_loop *sim_loop_clone(const struct sim_loop *loop)
{
    struct sim_loop *c = calloc(1, sizeof(*c));
    if (c == NULL) {
        return NULL;
    }
    c->prog = loop->prog;
    c->cfg = loop->cfg;
    if (sim_loop_restore(c, loop) != 0) {
        sim_loop_destroy(c);
        return NULL;
    }
    return c;
}

int sim_loop_restore(struct sim_loop *dst, const struct sim_loop *src)
{
    struct owned_array d[OWNED_ARRAYS];
    struct owned_array s[OWNED_ARRAYS];
    owned_arrays(dst, d);
    owned_arrays((struct sim_loop *)src, s);
    /* Keep dst's buffers and capacities across the struct copy. */
    void *ptrs[OWNED_ARRAYS];
    uint32_t caps[OWNED_ARRAYS];
    for (int i = 0; i < OWNED_ARRAYS; i++) {
        ptrs[i] = *d[i].ptr;
        caps[i] = *d[i].cap;
    }
    *dst = *src;
    int rc = 0;
    for (int i = 0; i < OWNED_ARRAYS; i++) {
        uint32_t want = *s[i].cap;
        size_t bytes = (size_t)want * s[i].elem;
        bool fits = d[i].exact ? caps[i] == want : caps[i] >= want;
        if (!fits && bytes > 0) {
            void *p = realloc(ptrs[i], bytes);
            if (p == NULL) {
                rc = -SIM_ENOMEM;
                want = caps[i];
                bytes = 0;
            } else {
                ptrs[i] = p;
                caps[i] = want;
            }
        }
        if (bytes > 0) {
            memcpy(ptrs[i], *s[i].ptr, bytes);
        }
        *d[i].ptr = ptrs[i];
        *d[i].cap = d[i].exact ? want : caps[i];
    }
    if (rc != 0) {
        dst->error = SIM_ENOMEM;
    }
    return rc;
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
        if (loop->stage == STAGE_DONE && loop->drain == DRAIN_OFF && loop->exec.depth == 0 &&
            !sim__deferred(loop)) {
            return SIM_STEP_DONE;
        }
        advance(loop);
        /* One action, at most one event: the state after it is what the events so far say. */
        uint32_t made = loop->event_len - loop->event_head;
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
