/*
 * pool.c - libuv's worker pool (src/threadpool.c) on the virtual clock.
 *
 * k workers take jobs from one FIFO. Slow I/O (getaddrinfo, for dns.lookup) waits in its own
 * queue behind a single marker in the FIFO and never occupies more than ceil(k/2) workers.
 * Workers run in parallel with the loop, also while JavaScript blocks it; a finished job goes
 * to the loop's completed queue and makes the pool's eventfd readable, and poll delivers the
 * whole batch (uv__work_done). Requests that take several jobs (fs.readFile, fs.writeFile,
 * zlib) queue the next one from the completion of the previous, as Node's JavaScript does.
 */
#include "sim_internal.h"

#include <stdlib.h>

/* ---- The running heap, by (finish time, seq) --------------------------------------------- */

static bool run_less(const struct sim_loop *loop, uint32_t a, uint32_t b)
{
    const struct task *ta = &loop->tasks[a];
    const struct task *tb = &loop->tasks[b];
    if (ta->u.req.finish_ns != tb->u.req.finish_ns) {
        return ta->u.req.finish_ns < tb->u.req.finish_ns;
    }
    return ta->seq < tb->seq;
}

static void run_set(struct sim_loop *loop, uint32_t pos, uint32_t t)
{
    loop->running[pos] = t;
    T(loop, t)->u.req.heap_pos = pos;
}

static void run_push(struct sim_loop *loop, uint32_t t)
{
    uint32_t pos = loop->running_len++;
    while (pos > 0 && run_less(loop, t, loop->running[(pos - 1) / 2])) {
        run_set(loop, pos, loop->running[(pos - 1) / 2]);
        pos = (pos - 1) / 2;
    }
    run_set(loop, pos, t);
}

static uint32_t run_pop(struct sim_loop *loop)
{
    uint32_t top = loop->running[0];
    uint32_t last = loop->running[--loop->running_len];
    uint32_t pos = 0;
    for (;;) {
        uint32_t child = pos * 2 + 1;
        if (child >= loop->running_len) {
            break;
        }
        if (child + 1 < loop->running_len &&
            run_less(loop, loop->running[child + 1], loop->running[child])) {
            child++;
        }
        if (!run_less(loop, loop->running[child], last)) {
            break;
        }
        run_set(loop, pos, loop->running[child]);
        pos = child;
    }
    if (loop->running_len > 0) {
        run_set(loop, pos, last);
    }
    return top;
}

/* ---- Workers ---------------------------------------------------------------------------- */

void sim__pool_init(struct sim_loop *loop)
{
    uint32_t k = loop->cfg->threadpool_size;
    loop->worker_count = k;
    loop->idle_workers = k;
    loop->workers = malloc(sizeof(uint32_t) * k);
    loop->running = malloc(sizeof(uint32_t) * k);
    if (loop->workers == NULL || loop->running == NULL) {
        loop->error = SIM_ENOMEM;
        return;
    }
    for (uint32_t i = 0; i < k; i++) {
        loop->workers[i] = NIL;
    }
    sim__queue_init(&loop->wq);
    sim__queue_init(&loop->slow_wq);
    sim__queue_init(&loop->completed);
    loop->marker = sim__task_new(loop, TASK_MARKER, NIL, NIL, NIL);
    loop->eventfd = sim__task_new(loop, TASK_EVENTFD, NIL, NIL, NIL);
}

/* slow_work_thread_threshold(): (nthreads + 1) / 2. */
static uint32_t slow_threshold(const struct sim_loop *loop)
{
    return (loop->worker_count + 1) / 2;
}

static void start_job(struct sim_loop *loop, uint32_t w, uint32_t t)
{
    struct request_part *rq = &T(loop, t)->u.req;
    loop->workers[w] = t;
    loop->idle_workers--;
    rq->worker = w;
    rq->start_ns = loop->hr;
    rq->finish_ns = loop->hr + rq->job_ns;
    T(loop, t)->place = PLACE_RUNNING;
    run_push(loop, t);
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_WORKER_START, SIM_REASON_WORKER_START, t);
    sim__emit_label_of(loop, pe, t);
    pe->ev.worker = w + 1;
    pe->ev.arg_a = w + 1;
    pe->ev.duration_ns = rq->job_ns;
}

/*
 * Asks worker w (or WAKE_ANY) to look at the queue in the next action, so that a job's start is
 * an event of its own. One wake waits at a time; an earlier one is done first.
 */
static void wake_later(struct sim_loop *loop, uint32_t w)
{
    if (loop->pool_wake != NIL) {
        sim__pool_wake_step(loop);
    }
    loop->pool_wake = w;
}

/*
 * threadpool.c worker(): what idle worker w does when it looks at the queue. Returns false when
 * it finds nothing it may run and goes back to sleep.
 */
static bool worker_take(struct sim_loop *loop, uint32_t w)
{
    for (;;) {
        struct queue *wq = &loop->wq;
        bool only_marker = wq->count == 1 && wq->head == loop->marker;
        if (wq->count == 0 || (only_marker && loop->slow_running >= slow_threshold(loop))) {
            return false;
        }
        uint32_t q = sim__queue_pop(loop, wq);
        bool signal = false;
        if (q == loop->marker) {
            /* At the slow I/O threshold: re-schedule after all other work in the queue. */
            if (loop->slow_running >= slow_threshold(loop)) {
                sim__queue_push(loop, wq, q, PLACE_WORK_QUEUE);
                continue;
            }
            if (loop->slow_wq.count == 0) {
                continue;
            }
            loop->slow_running++;
            q = sim__queue_pop(loop, &loop->slow_wq);
            if (loop->slow_wq.count > 0) {
                sim__queue_push(loop, wq, loop->marker, PLACE_WORK_QUEUE);
                signal = true;
            }
        }
        start_job(loop, w, q);
        if (signal) {
            wake_later(loop, WAKE_ANY);
        }
        return true;
    }
}

/* uv_cond_signal: one sleeping worker (the lowest-numbered, for a fixed order) wakes. */
static void wake_idle_worker(struct sim_loop *loop)
{
    for (uint32_t w = 0; w < loop->worker_count; w++) {
        if (loop->workers[w] == NIL) {
            worker_take(loop, w);
            return;
        }
    }
}

/* threadpool.c post(): queue a job; slow I/O goes behind the marker. */
void sim__pool_post(struct sim_loop *loop, uint32_t t)
{
    struct task *task = T(loop, t);
    uint32_t q = t;
    if (task->u.req.slow) {
        sim__queue_push(loop, &loop->slow_wq, t, PLACE_SLOW_QUEUE);
        if (loop->tasks[loop->marker].place == PLACE_WORK_QUEUE) {
            return; /* the worker running slow work will schedule this one too */
        }
        q = loop->marker;
    } else {
        task->place = PLACE_WORK_QUEUE;
    }
    sim__queue_push(loop, &loop->wq, q, PLACE_WORK_QUEUE);
    if (loop->idle_workers > 0) {
        wake_later(loop, WAKE_ANY);
    }
}

/* The worker asked for by the last action looks for work; false when none was asked for. */
bool sim__pool_wake_step(struct sim_loop *loop)
{
    uint32_t w = loop->pool_wake;
    if (w == NIL) {
        return false;
    }
    loop->pool_wake = NIL;
    if (w == WAKE_ANY) {
        wake_idle_worker(loop);
    } else if (loop->workers[w] == NIL) {
        worker_take(loop, w);
    }
    return true;
}

uint64_t sim__pool_next_finish(const struct sim_loop *loop)
{
    return loop->running_len > 0 ? loop->tasks[loop->running[0]].u.req.finish_ns : UINT64_MAX;
}

/*
 * The earliest running job finishes: the worker puts it on the loop's completed queue, signals
 * the eventfd, and looks for more work at once.
 */
void sim__pool_finish_one(struct sim_loop *loop)
{
    uint32_t t = run_pop(loop);
    struct request_part *rq = &T(loop, t)->u.req;
    uint32_t w = rq->worker;
    loop->hr = rq->finish_ns;
    if (loop->completed.count == 0) {
        loop->eventfd_ready = loop->hr;
    }
    sim__queue_push(loop, &loop->completed, t, PLACE_COMPLETED);
    loop->workers[w] = NIL;
    loop->idle_workers++;
    rq->worker = NIL;
    if (rq->slow) {
        loop->slow_running--;
    }
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_WORKER_DONE, SIM_REASON_WORKER_DONE, t);
    sim__emit_label_of(loop, pe, t);
    pe->ev.worker = w + 1;
    pe->ev.arg_a = w + 1;
    wake_later(loop, w); /* it looks for more work at once: the next action */
}

bool sim__pool_busy(const struct sim_loop *loop)
{
    return loop->running_len > 0 || loop->completed.count > 0 || loop->wq.count > 0 ||
           loop->slow_wq.count > 0;
}

/* ---- Requests --------------------------------------------------------------------------- */

/* How many pool jobs a request takes: its chain in the op table, as Node implements the op. */
static uint32_t request_steps(const struct sim_stmt *s)
{
    switch (sim_op_table[s->op].chain) {
    case SIM_CHAIN_READ: {
        /* lib/fs.js readFile: open, fstat, one read per 512 KiB (at least one), close. */
        uint64_t reads = (s->size + READ_FILE_CHUNK - 1) / READ_FILE_CHUNK;
        return 3 + (uint32_t)(reads > 0 ? (reads < UINT32_MAX - 4 ? reads : UINT32_MAX - 4) : 1);
    }
    case SIM_CHAIN_WRITE:
        return 3; /* lib/fs.js writeFile (and appendFile, which calls it): open, write, close */
    case SIM_CHAIN_JOBS:
        return s->jobs > 0 ? s->jobs : 1;
    case SIM_CHAIN_ONE:
        break;
    }
    return 1;
}

static void post_step(struct sim_loop *loop, uint32_t t)
{
    struct request_part *rq = &T(loop, t)->u.req;
    rq->step++;
    sim__pool_post(loop, t);
}

/* Starts a worker-pool request: work, crypto.*, zlib.*, fs.*, dns.lookup. */
void sim__request_start(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    uint32_t t = sim__task_new(loop, TASK_REQUEST, stmt, env, socket);
    struct request_part *rq = &T(loop, t)->u.req;
    rq->job_ns = s->ms_ns;
    rq->steps = request_steps(s);
    rq->worker = NIL;
    rq->slow = sim_op_table[s->op].family == SIM_FAMILY_SLOW_IO;
    T(loop, t)->refed = !s->unref;
    sim__set_active(loop, t, true);
    if (s->id != NULL) {
        sim__id_bind(loop, s->id, env, t);
    }
    enum sim_reason why = rq->steps > 1 ? SIM_REASON_SCHED_JOBS : SIM_REASON_SCHED_JOB;
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, why, t);
    sim__emit_label_of(loop, pe, t);
    pe->ev.arg_a = rq->steps;
    pe->ev.arg_b = (int64_t)rq->job_ns;
    post_step(loop, t);
}

/* The ES module entry: the module's source is read on the pool before it is evaluated. */
void sim__module_source_start(struct sim_loop *loop)
{
    uint32_t t = sim__task_new(loop, TASK_REQUEST, NIL, NIL, NIL);
    struct request_part *rq = &T(loop, t)->u.req;
    rq->steps = 1;
    rq->worker = NIL;
    rq->module_source = true;
    T(loop, t)->refed = true;
    sim__set_active(loop, t, true);
    post_step(loop, t);
}

/*
 * uv__work_done calls the request's `done`: the next job of a chain is queued, or the user's
 * callback runs. Returns true when a JavaScript callback ran (it must be drained after).
 */
bool sim__request_deliver(struct sim_loop *loop, uint32_t t)
{
    struct request_part *rq = &T(loop, t)->u.req;
    if (rq->step < rq->steps) {
        post_step(loop, t);
        return false;
    }
    uint64_t finished = rq->finish_ns;
    sim__set_active(loop, t, false);
    if (rq->module_source) {
        /* internal/modules/run_main.js: the module body runs in a microtask checkpoint. */
        sim__task_free(loop, t);
        sim__call_main(loop, SIM_REASON_MAIN_MODULE, AFTER_DRAIN_MICROTASKS);
        return true;
    }
    sim__call(loop, t, SIM_REASON_WORK_DONE, (int64_t)finished, 0, AFTER_FREE_DRAIN, 0);
    return true;
}
