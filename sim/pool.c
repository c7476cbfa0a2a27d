/*
 * pool.c - libuv's worker pool (src/threadpool.c) on the virtual clock.
 *
 * k workers take jobs from one FIFO. Slow I/O (getaddrinfo, for dns.lookup) waits in its own
 * queue behind a single marker in the FIFO and never occupies more than ceil(k/2) workers.
 * Workers run in parallel with the loop, also while JavaScript blocks it; a finished job goes
 * to the loop's completed queue and makes the pool's eventfd readable, and poll delivers the
 * whole batch (uv__work_done). Requests that take several jobs (fs.readFile, fs.writeFile,
 * zlib) queue the next one from the completion of the previous, as Node's JavaScript does.
 * Workers whose jobs compute share config.cpus cores with the main thread (cores.c).
 */
#include "sim_internal.h"

#include <stdlib.h>

/* ---- The running heap, by (finish time, seq) --------------------------------------------- */

/*
 * How long one job of request t takes on a worker, or when fd task t becomes ready: the time
 * its JavaScript call's arguments give it (sim/vm/fs.c), else its statement's `ms`.
 */
uint64_t sim__task_ns(const struct sim_loop *loop, uint32_t t)
{
    const struct vm_job_time *own = loop->prog->js != NULL ? sim__vm_task_time(loop, t) : NULL;
    if (own != NULL) {
        return own->job_ns;
    }
    uint32_t stmt = loop->tasks[t].stmt;
    return stmt != SIM_NONE ? loop->prog->stmts[stmt].ms_ns : 0; /* the module source: no time */
}

/* Do request t's jobs compute (its op's `cpu` column), so that they need a core? */
bool sim__request_computes(const struct sim_loop *loop, uint32_t t)
{
    uint32_t stmt = loop->tasks[t].stmt;
    return stmt != SIM_NONE && sim_op_table[loop->prog->stmts[stmt].op].cpu;
}

/*
 * When request t's current job finishes (running: a computing job's finish is projected at
 * the cores' present crowd) or its last one finished (queued for the next job, or completed);
 * 0 before its first job starts.
 */
uint64_t sim__request_finish(const struct sim_loop *loop, uint32_t t)
{
    const struct request_part *rq = &loop->tasks[t].u.req;
    if (!rq->started) {
        return 0;
    }
    if (rq->worker == NO_WORKER) {
        return rq->at_ns;
    }
    if (sim__request_computes(loop, t)) {
        return sim__cores_job_finish(loop, rq->worker);
    }
    return rq->at_ns + sim__task_ns(loop, t);
}

static bool run_less(const void *ctx, uint32_t a, uint32_t b)
{
    const struct sim_loop *loop = ctx;
    uint64_t fa = sim__request_finish(loop, a);
    uint64_t fb = sim__request_finish(loop, b);
    if (fa != fb) {
        return fa < fb;
    }
    return loop->tasks[a].seq < loop->tasks[b].seq;
}

static void run_moved(void *ctx, uint32_t t, uint32_t pos)
{
    struct sim_loop *loop = ctx;
    loop->tasks[t].u.req.heap_pos = pos;
}

static const struct heap_order run_order = {run_less, run_moved};

/*
 * The crowd on the cores changed: computing jobs keep their order among themselves but may
 * pass or fall behind jobs that wait on the disk, so the heap is built again (it holds one job
 * per busy worker at most).
 */
void sim__pool_reorder(struct sim_loop *loop)
{
    struct heap *h = &loop->pool.running;
    uint32_t n = h->len;
    h->len = 0;
    for (uint32_t i = 0; i < n; i++) {
        heap_push(h, &run_order, loop, h->items[i]); /* items[i] is read before any write */
    }
}

/* ---- Workers ---------------------------------------------------------------------------- */

/*
 * process.env.UV_THREADPOOL_SIZE set by the program before its first request: libuv reads it
 * when the pool starts, at the first request (init_threads), so the pool has k workers. Only
 * while no job has ever run. Returns false when memory runs out.
 */
bool sim__pool_resize(struct sim_loop *loop, uint32_t k)
{
    struct pool_state *ps = &loop->pool;
    if (k == ps->worker_count || ps->idle != ps->worker_count) {
        return true;
    }
    uint32_t *workers = realloc(ps->workers, sizeof(uint32_t) * k);
    ps->workers = workers != NULL ? workers : ps->workers;
    struct core_share *shares = realloc(ps->shares, sizeof(struct core_share) * k);
    ps->shares = shares != NULL ? shares : ps->shares;
    if (workers == NULL || shares == NULL ||
        !sim__grow(loop, (void **)&ps->running.items, &ps->running_cap, sizeof(uint32_t), k)) {
        loop->error = SIM_ENOMEM;
        return false;
    }
    for (uint32_t i = 0; i < k; i++) {
        ps->workers[i] = SIM_NONE;
        ps->shares[i] = (struct core_share){0, 0, 0, false, false};
    }
    ps->worker_count = k;
    ps->idle = k;
    return true;
}

void sim__pool_init(struct sim_loop *loop)
{
    struct pool_state *ps = &loop->pool;
    uint32_t k = loop->cfg->threadpool_size;
    ps->wake = SIM_NONE;
    queue_init(&ps->wq);
    queue_init(&ps->slow_wq);
    queue_init(&ps->completed);
    /* One slot per worker: the running heap never holds more, so it never grows. */
    ps->workers = malloc(sizeof(uint32_t) * k);
    ps->shares = calloc(k, sizeof(struct core_share));
    if (ps->workers == NULL || ps->shares == NULL ||
        !sim__grow(loop, (void **)&ps->running.items, &ps->running_cap, sizeof(uint32_t), k)) {
        loop->error = SIM_ENOMEM;
        return;
    }
    ps->worker_count = k;
    ps->idle = k;
    for (uint32_t i = 0; i < k; i++) {
        ps->workers[i] = SIM_NONE;
    }
    ps->marker = sim__task_new(loop, TASK_MARKER, SIM_NONE, SIM_NONE, SIM_NONE);
    ps->eventfd = sim__task_new(loop, TASK_EVENTFD, SIM_NONE, SIM_NONE, SIM_NONE);
}

/* UV__WORK_SLOW_IO (getaddrinfo, for dns.lookup): the op table's slow I/O family. */
static bool is_slow(const struct sim_loop *loop, uint32_t t)
{
    uint32_t stmt = loop->tasks[t].stmt;
    return stmt != SIM_NONE &&
           sim_op_table[loop->prog->stmts[stmt].op].family == SIM_FAMILY_SLOW_IO;
}

/* slow_work_thread_threshold(): (nthreads + 1) / 2. */
static uint32_t slow_threshold(const struct sim_loop *loop)
{
    return (loop->pool.worker_count + 1) / 2;
}

static void start_job(struct sim_loop *loop, uint32_t w, uint32_t t)
{
    struct request_part *rq = &task_at(loop, t)->u.req;
    loop->pool.workers[w] = t;
    loop->pool.idle--;
    rq->worker = (uint16_t)w;
    rq->at_ns = loop->clock_ns;
    rq->started = true;
    rq->swapped = false;
    loop->pool.jobs++;
    task_at(loop, t)->place = PLACE_RUNNING;
    if (sim__request_computes(loop, t)) {
        sim__cores_job_start(loop, w, sim__task_ns(loop, t)); /* before the push: its finish */
    }
    heap_push(&loop->pool.running, &run_order, loop, t); /* room for every worker's job */
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_WORKER_START, SIM_REASON_WORKER_START, t);
    sim__emit_label_of(loop, pe, t);
    pe->ev.worker = w + 1;
    pe->ev.arg_a = w + 1;
    pe->ev.duration_ns = sim__task_ns(loop, t);
}

/*
 * Asks worker w (or WAKE_ANY) to look at the queue in the next action, so that a job's start is
 * an event of its own. One wake waits at a time; an earlier one is done first.
 */
static void wake_later(struct sim_loop *loop, uint32_t w)
{
    if (loop->pool.wake != SIM_NONE) {
        sim__pool_wake_step(loop);
    }
    loop->pool.wake = w;
}

/*
 * threadpool.c worker(): what idle worker w does when it looks at the queue. Returns false when
 * it finds nothing it may run and goes back to sleep.
 */
static bool worker_take(struct sim_loop *loop, uint32_t w)
{
    struct pool_state *ps = &loop->pool;
    for (;;) {
        struct queue *wq = &ps->wq;
        bool only_marker = wq->count == 1 && wq->head == ps->marker;
        if (wq->count == 0 || (only_marker && ps->slow_running >= slow_threshold(loop))) {
            return false;
        }
        if (ps->jobs >= loop->bounds.work) {
            /* A runaway bound: as many jobs as callbacks (readFile of a huge `size`). */
            sim__stop_runaway(loop, SIM_REASON_STOP_MAX_JOBS, ps->jobs);
            return false;
        }
        uint32_t q = sim__queue_pop(loop, wq);
        bool signal = false;
        if (q == ps->marker) {
            /* At the slow I/O threshold: re-schedule after all other work in the queue. */
            if (ps->slow_running >= slow_threshold(loop)) {
                sim__queue_push(loop, wq, q, PLACE_WORK_QUEUE);
                continue;
            }
            if (ps->slow_wq.count == 0) {
                continue;
            }
            ps->slow_running++;
            q = sim__queue_pop(loop, &ps->slow_wq);
            if (ps->slow_wq.count > 0) {
                sim__queue_push(loop, wq, ps->marker, PLACE_WORK_QUEUE);
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
    for (uint32_t w = 0; w < loop->pool.worker_count; w++) {
        if (loop->pool.workers[w] == SIM_NONE) {
            worker_take(loop, w);
            return;
        }
    }
}

/* threadpool.c post(): queue a job; slow I/O goes behind the marker. */
void sim__pool_post(struct sim_loop *loop, uint32_t t)
{
    struct pool_state *ps = &loop->pool;
    uint32_t q = t;
    if (is_slow(loop, t)) {
        sim__queue_push(loop, &ps->slow_wq, t, PLACE_SLOW_QUEUE);
        if (task_at(loop, ps->marker)->place == PLACE_WORK_QUEUE) {
            return; /* the worker running slow work will schedule this one too */
        }
        q = ps->marker;
    } else {
        task_at(loop, t)->place = PLACE_WORK_QUEUE;
    }
    sim__queue_push(loop, &ps->wq, q, PLACE_WORK_QUEUE);
    if (ps->idle > 0) {
        wake_later(loop, WAKE_ANY);
    }
}

/* The worker asked for by the last action looks for work; false when none was asked for. */
bool sim__pool_wake_step(struct sim_loop *loop)
{
    uint32_t w = loop->pool.wake;
    if (w == SIM_NONE) {
        return false;
    }
    loop->pool.wake = SIM_NONE;
    if (w == WAKE_ANY) {
        wake_idle_worker(loop);
    } else if (loop->pool.workers[w] == SIM_NONE) {
        worker_take(loop, w);
    }
    return true;
}

uint64_t sim__pool_next_finish(const struct sim_loop *loop)
{
    const struct heap *running = &loop->pool.running;
    return running->len > 0 ? sim__request_finish(loop, running->items[0]) : UINT64_MAX;
}

/* The running job other than the earliest that ends first and has not been swapped, or NONE. */
static uint32_t runner_up(const struct sim_loop *loop)
{
    const struct heap *running = &loop->pool.running;
    uint32_t best = SIM_NONE;
    for (uint32_t i = 1; i < running->len; i++) {
        uint32_t t = running->items[i];
        if (!loop->tasks[t].u.req.swapped && (best == SIM_NONE || run_less(loop, t, best))) {
            best = t;
        }
    }
    return best;
}

/*
 * Moves the end of request t's running job by `d` ns (later when positive). A job that waits
 * (on the disk, a name server) moves its start; a computing one (cores.c) needs as much more or
 * less work as those ns serve at the present crowd, never less than none. Unsigned arithmetic:
 * a start may wrap below 0, which only inspection would see.
 */
static void shift_job(struct sim_loop *loop, uint32_t t, int64_t d)
{
    struct request_part *rq = &task_at(loop, t)->u.req;
    uint64_t size = d < 0 ? (uint64_t)0 - (uint64_t)d : (uint64_t)d;
    if (!sim__request_computes(loop, t)) {
        rq->at_ns = d < 0 ? rq->at_ns - size : rq->at_ns + size;
        return;
    }
    const struct cores_state *c = &loop->cores;
    uint64_t *done = &loop->pool.shares[rq->worker].done;
    uint64_t work = sim__cores_gain(loop->cfg->cpus, c->jobs + (c->main ? 1u : 0u), size);
    work = work == 0 && size > 0 ? 1 : work; /* a crowd serves less than 1 per ns: 1 ns moves */
    uint64_t left = *done > c->served ? *done - c->served : 0;
    *done = d >= 0 ? *done + work : *done - (work < left ? work : left);
}

/*
 * A choice point (docs/races.md, "pool-order"): the earliest job x is about to end, and job y
 * ends `gap` later, within the window plus the spread of both lengths. Real threads are not so
 * exact (libuv src/threadpool.c worker(): each job ends when its thread is done, and the loop
 * hears of it in that order). The other alternative swaps their ends: y ends at x's instant
 * and x just after y's (shift_job). When they keep their order, a second choice point: y,
 * modelled to end later, may end by x's instant too, so that one uv__work_done delivers both
 * ("same-batch"); or y, modelled to end with x, may end one window later, in a later batch
 * ("split-batch"). Neither job is offered again until its next job.
 */
static void choose_pool_order(struct sim_loop *loop)
{
    struct pool_state *ps = &loop->pool;
    uint32_t x = ps->running.items[0];
    uint32_t y = runner_up(loop);
    struct request_part *rx = &task_at(loop, x)->u.req;
    if (rx->swapped || y == SIM_NONE) {
        return;
    }
    struct request_part *ry = &task_at(loop, y)->u.req;
    uint64_t fx = sim__request_finish(loop, x);
    uint64_t gap = sim__request_finish(loop, y) - fx;
    double lengths = (double)sim__task_ns(loop, x) + (double)sim__task_ns(loop, y);
    loop->clock_ns = fx; /* where the choice arises: x's end, where the clock was going */
    if ((double)gap > (double)loop->races.window_ns + loop->races.spread * lengths) {
        return;
    }
    uint64_t window = loop->races.window_ns;
    if (sim__choose(loop, SIM_CHOICE_POOL, (int64_t)fx, (int64_t)gap) == 1) {
        shift_job(loop, x, (int64_t)gap + 1);
        shift_job(loop, y, -(int64_t)gap); /* y ends at x's instant, x just after y's */
    } else if (gap > 0 && sim__choose(loop, SIM_CHOICE_BATCH, (int64_t)fx, (int64_t)gap) == 1) {
        shift_job(loop, y, -(int64_t)gap); /* y ends at x's instant too */
    } else if (gap == 0 && window > 0 &&
               sim__choose(loop, SIM_CHOICE_SPLIT, (int64_t)fx, (int64_t)window) == 1) {
        shift_job(loop, y, (int64_t)window); /* y ends one window later */
    } else {
        return;
    }
    rx->swapped = true;
    ry->swapped = true;
    heap_fix(&ps->running, &run_order, loop, rx->heap_pos);
    heap_fix(&ps->running, &run_order, loop, ry->heap_pos);
}

/* The running computing job that ends first and has met no cpu-ahead choice point, or NONE. */
static uint32_t first_unoffered(const struct sim_loop *loop)
{
    const struct heap *running = &loop->pool.running;
    uint32_t best = SIM_NONE;
    for (uint32_t i = 0; i < running->len; i++) {
        uint32_t t = running->items[i];
        if (sim__request_computes(loop, t) &&
            !loop->pool.shares[loop->tasks[t].u.req.worker].offered &&
            (best == SIM_NONE || run_less(loop, t, best))) {
            best = t;
        }
    }
    return best;
}

/*
 * The job a cpu-ahead choice point would offer: the running computing job that ends first
 * among those not offered yet, with its fair end and the earliest it could end
 * (sim__cores_ahead_end); SIM_NONE when there is none or no `cpus`.
 */
static uint32_t ahead_candidate(const struct sim_loop *loop, uint64_t *end, uint64_t *fair)
{
    uint32_t x = loop->cfg->cpus > 0 ? first_unoffered(loop) : SIM_NONE;
    if (x != SIM_NONE) {
        *fair = sim__request_finish(loop, x);
        *end = sim__cores_ahead_end(loop, loop->tasks[x].u.req.worker);
    }
    return x;
}

/*
 * A choice point (docs/races.md, "cpu-ahead"): poll is about to look at `look` (the instant it
 * returns for something else than a job: its timeout, or an fd), and the computing job that
 * ends first among those not offered yet ends after it, at its fair share of the cores, but
 * could have ended by then had the scheduler served it first (sim__cores_ahead_end). The other
 * alternative makes it end as early as that, the jobs beside it later by what it took. Offered
 * once per job, at the first look it could end by, so that a loop that polls often does not
 * ask the same question at every poll; the instants between that and its fair end are not
 * explored.
 */
void sim__pool_choose_ahead(struct sim_loop *loop, uint64_t look)
{
    uint64_t end = 0;
    uint64_t fair = 0;
    uint32_t x = ahead_candidate(loop, &end, &fair);
    if (x == SIM_NONE || fair <= look || end > look) {
        return; /* none, it is there anyway, or it could not be yet: a later look may ask */
    }
    uint32_t w = loop->tasks[x].u.req.worker;
    loop->pool.shares[w].offered = true;
    if (sim__choose(loop, SIM_CHOICE_AHEAD, (int64_t)end, (int64_t)fair) == 1) {
        sim__cores_run_ahead(loop, w, end);
        sim__pool_reorder(loop);
    }
}

/*
 * Could a computing job run ahead to end after `from` and by `to`, and not by its fair share
 * (a poll that wakes late, at `to`, would find it: io.c wake_late)?
 */
bool sim__pool_may_run_ahead(const struct sim_loop *loop, uint64_t from, uint64_t to)
{
    uint64_t end = 0;
    uint64_t fair = 0;
    return ahead_candidate(loop, &end, &fair) != SIM_NONE && end > from && end <= to &&
           fair > to;
}

/*
 * The earliest running job finishes: the worker puts it on the loop's completed queue, signals
 * the eventfd, and looks for more work at once.
 */
void sim__pool_finish_one(struct sim_loop *loop)
{
    struct pool_state *ps = &loop->pool;
    if (loop->races.on) {
        choose_pool_order(loop);
    }
    uint32_t t = heap_pop(&ps->running, &run_order, loop);
    struct request_part *rq = &task_at(loop, t)->u.req;
    uint32_t w = rq->worker;
    uint64_t start = rq->at_ns;
    uint64_t finish = sim__request_finish(loop, t);
    loop->clock_ns = finish > loop->clock_ns ? finish : loop->clock_ns; /* a choice point's
                                                   rounding (shift_job) never moves it back */
    if (ps->completed.count == 0) {
        ps->eventfd_ready = loop->clock_ns;
    }
    sim__queue_push(loop, &ps->completed, t, PLACE_COMPLETED);
    ps->workers[w] = SIM_NONE;
    ps->idle++;
    rq->worker = NO_WORKER;
    rq->at_ns = loop->clock_ns;
    if (is_slow(loop, t)) {
        ps->slow_running--;
    }
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_WORKER_DONE, SIM_REASON_WORKER_DONE, t);
    if (sim__request_computes(loop, t)) {
        sim__cores_job_done(loop);
        if (sim__cores_job_late(loop, w, pe)) {
            /* It shared the cores: later than alone, unless it ran ahead (a choice point). */
            pe->ev.reason = ps->shares[w].ahead ? SIM_REASON_WORKER_DONE_AHEAD
                                                : SIM_REASON_WORKER_DONE_SHARED;
            pe->ev.arg_b = (int64_t)(loop->clock_ns - start);
        }
    }
    sim__emit_label_of(loop, pe, t);
    pe->ev.worker = w + 1;
    pe->ev.arg_a = w + 1;
    wake_later(loop, w); /* it looks for more work at once: the next action */
}

bool sim__pool_busy(const struct sim_loop *loop)
{
    const struct pool_state *ps = &loop->pool;
    return ps->running.len > 0 || ps->completed.count > 0 || ps->wq.count > 0 ||
           ps->slow_wq.count > 0;
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
    struct request_part *rq = &task_at(loop, t)->u.req;
    rq->step++;
    sim__pool_post(loop, t);
}

/* Starts a worker-pool request: work, crypto.*, zlib.*, fs.*, dns.lookup. */
void sim__request_start(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    uint32_t t = sim__task_new(loop, TASK_REQUEST, stmt, env, socket);
    struct request_part *rq = &task_at(loop, t)->u.req;
    const struct vm_job_time *own = loop->prog->js != NULL ? sim__vm_task_time(loop, t) : NULL;
    rq->steps = own != NULL ? own->steps : request_steps(s);
    rq->worker = NO_WORKER;
    task_at(loop, t)->refed = !s->unref;
    sim__set_active(loop, t, true);
    if (s->id != NULL) {
        sim__id_bind(loop, s->id, env, t);
    }
    enum sim_reason why = rq->steps > 1 ? SIM_REASON_SCHED_JOBS : SIM_REASON_SCHED_JOB;
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, why, t);
    sim__emit_label_of(loop, pe, t);
    pe->ev.arg_a = rq->steps;
    pe->ev.arg_b = (int64_t)sim__task_ns(loop, t);
    post_step(loop, t);
}

/* The ES module entry: the module's source is read on the pool before it is evaluated. */
void sim__module_source_start(struct sim_loop *loop)
{
    uint32_t t = sim__task_new(loop, TASK_REQUEST, SIM_NONE, SIM_NONE, SIM_NONE);
    struct request_part *rq = &task_at(loop, t)->u.req;
    rq->steps = 1;
    rq->worker = NO_WORKER;
    task_at(loop, t)->refed = true;
    sim__set_active(loop, t, true);
    post_step(loop, t);
}

/*
 * uv__work_done calls the request's `done`: the next job of a chain is queued, or the user's
 * callback runs. Returns true when a JavaScript callback ran (it must be drained after).
 */
bool sim__request_deliver(struct sim_loop *loop, uint32_t t)
{
    struct request_part *rq = &task_at(loop, t)->u.req;
    if (rq->step < rq->steps) {
        post_step(loop, t);
        return false;
    }
    uint64_t finished = sim__request_finish(loop, t);
    sim__set_active(loop, t, false);
    if (task_at(loop, t)->stmt == SIM_NONE) {
        /* internal/modules/run_main.js: the module body runs in a microtask checkpoint. */
        sim__task_free(loop, t);
        sim__call_main(loop, SIM_REASON_MAIN_MODULE, AFTER_DRAIN_MICROTASKS);
        return true;
    }
    sim__call(loop, t, SIM_REASON_WORK_DONE, (int64_t)finished, 0, AFTER_FREE_DRAIN, 0);
    return true;
}
