/*
 * cores.c - config.cpus: the CPU cores that the pool's computing jobs and the main thread share.
 *
 * With N cores and R runnable threads, Linux's scheduler gives each about min(1, N / R) of a
 * core: processor sharing. A thread is runnable while it computes: a worker whose job is of an
 * op whose row in the op table says `cpu` (crypto, zlib, work), and the main thread while the
 * clock moves for it (a callback's cost, a log, a block, a Sync call), not while poll sleeps.
 * Jobs that wait on the disk or a name server, and the loop asleep in poll, use no core.
 *
 * Every runnable thread is served alike, so one counter orders them all: `served`, the work
 * each has been served since the start. A job that needs w ns of work and starts when `served`
 * is s is done when `served` reaches s + w, however the crowd changes meanwhile; the order of
 * the computing jobs never changes, only their times do. The counter is brought up to date at
 * every change of R (a job starts or finishes, the main thread starts or stops) and the next
 * finish is projected from it at the current R. All in integers, the same on every platform:
 * over dt ns, `served` gains floor(dt * N / R), so a thread may lose less than 1 ns of work at a
 * change of R (the rounding rule); w ns of work take ceil(w * R / N) ns, which serve exactly w.
 * With cpus = 0 (the default), or R <= N, `served` moves with the clock and every span is its
 * work: the model of before.
 *
 * The main thread's costs are of two kinds. Its computing (sim__clock_compute: the cost model's
 * callbacks, logs and start-up, a Sync call of a `cpu` op) stretches as a job's does. A wait on
 * the clock (sim__clock_advance: a `block`, JavaScript that reads Date.now() in a loop) ends
 * when the clock says so, crowd or not, as `while (Date.now() < end);` does; it still holds a
 * core while it spins.
 */
#include "sim_internal.h"

#include <stdio.h>

/* Threads that want a core now. */
static uint32_t runnable(const struct sim_loop *loop)
{
    return loop->cores.jobs + (loop->cores.main ? 1u : 0u);
}

/* Are the threads more than the cores (each then served less than a core)? */
static bool crowded(uint32_t cpus, uint32_t r)
{
    return cpus > 0 && r > cpus;
}

/* The work each of r runnable threads is served in dt ns on `cpus` cores: floor(dt * N / R). */
uint64_t sim__cores_gain(uint32_t cpus, uint32_t r, uint64_t dt)
{
    if (!crowded(cpus, r)) {
        return dt;
    }
    return dt / r * cpus + dt % r * cpus / r; /* exact, and no product overflows */
}

/* How long `work` ns of work take for one of r runnable threads: ceil(work * R / N). */
uint64_t sim__cores_span(uint32_t cpus, uint32_t r, uint64_t work)
{
    if (!crowded(cpus, r)) {
        return work;
    }
    uint64_t whole = work / cpus;
    if (whole > UINT64_MAX / r) {
        return UINT64_MAX;
    }
    uint64_t span = whole * r;
    uint64_t part = (work % cpus * r + cpus - 1) / cpus;
    return span > UINT64_MAX - part ? UINT64_MAX : span + part;
}

/* Brings `served` up to the clock, at the crowd it had since it was last brought up. */
static void serve(struct sim_loop *loop)
{
    struct cores_state *c = &loop->cores;
    c->served += sim__cores_gain(loop->cfg->cpus, runnable(loop), loop->clock_ns - c->at_ns);
    c->at_ns = loop->clock_ns;
}

/*
 * R has just changed: every computing thread remembers the largest crowd it met (for its
 * reason), and the running heap, whose order of computing jobs against waiting ones depends on
 * R, is put in order again. Nothing changes without `cpus`.
 */
static void crowd_changed(struct sim_loop *loop)
{
    uint32_t cpus = loop->cfg->cpus;
    if (cpus == 0) {
        return;
    }
    uint32_t r = runnable(loop);
    struct pool_state *ps = &loop->pool;
    for (uint32_t w = 0; w < ps->worker_count; w++) {
        uint32_t t = ps->workers[w];
        if (t != SIM_NONE && sim__request_computes(loop, t) && ps->shares[w].crowd < r) {
            ps->shares[w].crowd = r;
        }
    }
    if (loop->cores.computing && loop->cores.crowd < r) {
        loop->cores.crowd = r;
    }
    sim__pool_reorder(loop);
}

/* ---- The main thread -------------------------------------------------------------------- */

/* The main thread starts to run: the clock is about to move for it, from now. */
void sim__cores_main_start(struct sim_loop *loop)
{
    struct cores_state *c = &loop->cores;
    serve(loop);
    c->main = true;
    c->computing = false;
    c->main_work = 0;
    c->crowd = 0;
    crowd_changed(loop);
}

/*
 * The main thread computes for `work_ns` ns of a whole core from `from` (the clock, or a later
 * time JavaScript has read): it waits on the clock until `from`, then computes, stretched by the
 * crowd (the clock arrives when the work has been served). Like sim__clock_advance, the last
 * thing an action does, and spans asked for in one action overlap as they always have: the
 * main thread is busy until the latest of their ends (the wait first, then the work).
 */
void sim__clock_compute(struct sim_loop *loop, uint64_t from, uint64_t work_ns)
{
    uint64_t end = work_ns > UINT64_MAX - from ? UINT64_MAX : from + work_ns;
    if (loop->cfg->cpus == 0) {
        sim__clock_advance(loop, end); /* a whole core: the work takes its own length */
        return;
    }
    sim__clock_advance(loop, from);
    if (end > loop->clock_to && end - loop->clock_to > loop->cores.main_work) {
        loop->cores.main_work = end - loop->clock_to;
    }
}

/* Poll sleeps until `to`: the clock moves, and the main thread uses no core meanwhile. */
void sim__clock_sleep(struct sim_loop *loop, uint64_t to)
{
    if (!loop->clock_moving || to > loop->clock_to) {
        loop->clock_to = to;
    }
    loop->clock_moving = true;
}

/* Where the moving clock goes next, unless a job finishes first: the wait's end or the work's. */
uint64_t sim__cores_target(const struct sim_loop *loop)
{
    const struct cores_state *c = &loop->cores;
    if (!c->computing) {
        return loop->clock_to;
    }
    uint64_t left = c->main_done > c->served ? c->main_done - c->served : 0;
    uint64_t span = sim__cores_span(loop->cfg->cpus, runnable(loop), left);
    return span > UINT64_MAX - c->at_ns ? UINT64_MAX : c->at_ns + span;
}

/* "up to 5 threads shared 2 cores" */
static void crowd_text(struct sim_loop *loop, struct pending_event *pe, uint32_t crowd)
{
    char text[64];
    snprintf(text, sizeof(text), "up to %u threads shared %u cores", (unsigned)crowd,
             (unsigned)loop->cfg->cpus);
    sim__emit_text(loop, pe, text);
}

/*
 * A stretch of the main thread's work shorter than this is not noted: the 0.02 ms costs of
 * callbacks and logs would put a note after every callback. Their time still moves the clock.
 */
#define NOTE_STRETCH_NS 100000u

/* The computing main thread is done; a note says what the crowd cost it, if it was much. */
static void main_done(struct sim_loop *loop, bool *event)
{
    struct cores_state *c = &loop->cores;
    uint64_t took = loop->clock_ns - c->main_from;
    if (took - c->main_work >= NOTE_STRETCH_NS && took > c->main_work) {
        struct pending_event *pe = sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_CORES_MAIN,
                                             SIM_NONE);
        pe->ev.arg_a = (int64_t)c->main_work;
        pe->ev.arg_b = (int64_t)took;
        pe->ev.duration_ns = took;
        crowd_text(loop, pe, c->crowd);
        *event = true;
    }
}

/*
 * The clock has reached sim__cores_target. Returns true when it moves on (the main thread's
 * wait is over and its work begins); else the move is over, and *event says whether a note was
 * made (work the crowd stretched).
 */
bool sim__cores_reach(struct sim_loop *loop, bool *event)
{
    struct cores_state *c = &loop->cores;
    *event = false;
    if (!c->main) {
        return false; /* poll's sleep */
    }
    serve(loop);
    if (!c->computing && c->main_work > 0) {
        c->computing = true;
        c->main_done = c->served + c->main_work;
        c->main_from = loop->clock_ns;
        c->crowd = runnable(loop);
        return true;
    }
    if (c->computing) {
        main_done(loop, event);
    }
    c->main = false;
    c->computing = false;
    c->main_work = 0;
    crowd_changed(loop);
    return false;
}

/* The run stopped while the clock moved (a runaway bound): the main thread stops at once. */
void sim__cores_main_stop(struct sim_loop *loop)
{
    struct cores_state *c = &loop->cores;
    if (c->main) {
        serve(loop);
        c->main = false;
        c->computing = false;
        c->main_work = 0;
        crowd_changed(loop);
    }
}

/* ---- Jobs on workers -------------------------------------------------------------------- */

/* A computing job of `work_ns` starts on worker w now (before it enters the running heap). */
void sim__cores_job_start(struct sim_loop *loop, uint32_t w, uint64_t work_ns)
{
    struct cores_state *c = &loop->cores;
    struct core_share *share = &loop->pool.shares[w];
    serve(loop);
    c->jobs++;
    share->done = work_ns > UINT64_MAX - c->served ? UINT64_MAX : c->served + work_ns;
    share->from = c->served;
    share->crowd = 0;
    share->offered = false;
    share->ahead = false;
    crowd_changed(loop);
}

/* A computing job has finished; the clock is at its finish. */
void sim__cores_job_done(struct sim_loop *loop)
{
    serve(loop);
    loop->cores.jobs--;
    crowd_changed(loop);
}

/* When worker w's computing job will finish, if the crowd stays as it is. */
uint64_t sim__cores_job_finish(const struct sim_loop *loop, uint32_t w)
{
    const struct cores_state *c = &loop->cores;
    uint64_t done = loop->pool.shares[w].done;
    uint64_t left = done > c->served ? done - c->served : 0;
    uint64_t span = sim__cores_span(loop->cfg->cpus, runnable(loop), left);
    return span > UINT64_MAX - c->at_ns ? UINT64_MAX : c->at_ns + span;
}

/* The reason's text of a computing job that finished later than alone (or ahead), or false. */
bool sim__cores_job_late(struct sim_loop *loop, uint32_t w, struct pending_event *pe)
{
    uint32_t crowd = loop->pool.shares[w].crowd;
    if (!crowded(loop->cfg->cpus, crowd)) {
        return false;
    }
    crowd_text(loop, pe, crowd);
    return true;
}

/* ---- Running ahead (a cpu-ahead choice point, docs/races.md) ---------------------------- */

/*
 * Processor sharing is what Linux's scheduler does on average, over a scheduling period and
 * across its per-core run queues; over tens of milliseconds it may serve some threads first
 * and let others wait. What no schedule can do bounds how early a job may end: a thread runs
 * on one core at a time, so a job needs at least its own work in time since it started; and
 * the cores serve no more than they serve, so the work the job lacks must come out of what the
 * jobs running beside it were served during its life. The main thread keeps the share it had
 * (a thread that wakes from sleep is placed ahead of those that ran: CFS place_entity, EEVDF
 * lag), so what it used is not there to take.
 */

/* `served` as it is at the clock, without bringing it up (the crowd has not changed since). */
static uint64_t served_now(const struct sim_loop *loop)
{
    const struct cores_state *c = &loop->cores;
    return c->served + sim__cores_gain(loop->cfg->cpus, runnable(loop), loop->clock_ns - c->at_ns);
}

/* What job j could give up to job x by the time `served` is s: what it got during x's life. */
static uint64_t can_give(const struct core_share *j, const struct core_share *x, uint64_t s)
{
    uint64_t since = j->from > x->from ? j->from : x->from;
    return s > since ? s - since : 0;
}

/* a + b, or UINT64_MAX when it overflows. */
static uint64_t add_sat(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/*
 * The earliest instant, from the clock on, at which worker w's computing job could end: its own
 * work after its start, and the time when the other running jobs have been served, during its
 * life, as much as it lacks. With n computing jobs and s = `served` at the end, the lack is
 * x.done - s and the others give sum(s - max(from, x.from)), so s must reach
 * x.from + ceil((work + sum(max(from, x.from) - x.from)) / n). Only while the crowd stays as it
 * is: the caller asks for an instant before any job finishes and while the main thread sleeps.
 */
uint64_t sim__cores_ahead_end(const struct sim_loop *loop, uint32_t w)
{
    const struct pool_state *ps = &loop->pool;
    const struct core_share *x = &ps->shares[w];
    uint64_t own = add_sat(loop->tasks[ps->workers[w]].u.req.at_ns, x->done - x->from);
    uint64_t need = x->done - x->from;
    uint32_t n = 1;
    for (uint32_t i = 0; i < ps->worker_count; i++) {
        uint32_t t = ps->workers[i];
        if (i != w && t != SIM_NONE && sim__request_computes(loop, t)) {
            const struct core_share *j = &ps->shares[i];
            need = add_sat(need, (j->from > x->from ? j->from : x->from) - x->from);
            n++;
        }
    }
    uint64_t reach = add_sat(x->from, need / n + (need % n != 0 ? 1 : 0));
    uint64_t now = served_now(loop);
    uint64_t span = reach > now ? sim__cores_span(loop->cfg->cpus, runnable(loop), reach - now) : 0;
    uint64_t cap = add_sat(loop->clock_ns, span);
    return own > cap ? own : cap;
}

/* What the jobs beside worker w's give if each gives up `level`, or all it can give if less. */
static uint64_t given_at(const struct sim_loop *loop, uint32_t w, uint64_t s, uint64_t level)
{
    const struct pool_state *ps = &loop->pool;
    uint64_t given = 0;
    for (uint32_t i = 0; i < ps->worker_count; i++) {
        uint32_t t = ps->workers[i];
        if (i != w && t != SIM_NONE && sim__request_computes(loop, t)) {
            uint64_t most = can_give(&ps->shares[i], &ps->shares[w], s);
            given = add_sat(given, most < level ? most : level);
        }
    }
    return given;
}

/* The highest level at which the jobs beside worker w's give no more than `owed`. */
static uint64_t level_for(const struct sim_loop *loop, uint32_t w, uint64_t s, uint64_t owed)
{
    uint64_t lo = 0;
    uint64_t hi = owed;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2 + 1;
        if (given_at(loop, w, s, mid) <= owed) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    return lo;
}

/* Job j gives up `give` ns of work: it has got that much less, and ends as much later. */
static void give_up(struct core_share *j, uint64_t give)
{
    j->from += give;
    j->done = add_sat(j->done, give);
}

/*
 * Worker w's computing job runs ahead: it ends at `end` (sim__cores_ahead_end or later, before
 * any job finishes), and the jobs beside it give up, alike, what it lacked then (each at most
 * what it got during its life; sim__cores_ahead_end saw to it that together they can), and
 * each ends as much later. What the level leaves over (at most 1 ns per job) is given by the
 * last workers, so that alike jobs keep their order.
 */
void sim__cores_run_ahead(struct sim_loop *loop, uint32_t w, uint64_t end)
{
    struct pool_state *ps = &loop->pool;
    struct core_share *x = &ps->shares[w];
    serve(loop);
    uint64_t s = loop->cores.served + sim__cores_gain(loop->cfg->cpus, runnable(loop),
                                                      end - loop->clock_ns);
    uint64_t owed = x->done > s ? x->done - s : 0;
    uint64_t level = level_for(loop, w, s, owed);
    uint64_t left = owed - given_at(loop, w, s, level);
    for (uint32_t k = ps->worker_count; k-- > 0;) {
        uint32_t t = ps->workers[k];
        if (k != w && t != SIM_NONE && sim__request_computes(loop, t)) {
            uint64_t most = can_give(&ps->shares[k], x, s);
            uint64_t more = most > level && left > 0 ? 1 : 0;
            left -= more;
            give_up(&ps->shares[k], (most < level ? most : level) + more);
        }
    }
    x->done -= owed;
    x->ahead = true;
}
