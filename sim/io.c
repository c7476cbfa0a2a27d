/*
 * io.c - file descriptors and the phases that serve them: poll (libuv src/unix/linux.c
 * uv__io_poll), pending (uv__run_pending) and close (uv__run_closing_handles), for generic I/O
 * events, dns.resolve, connection attempts and clients (the servers and sockets behind them are
 * net.c's).
 *
 * An fd becomes ready at a virtual instant; epoll reports the ready ones in the order they
 * became ready (ties: the order they were scheduled), at most 1024 per wait. The pool's eventfd
 * is one of them, readable from the moment a job finished.
 */
#include "sim_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- The heap of fds waiting to become ready, by (ready, seq) --------------------------- */

/*
 * The order in which epoll reports ready fds: by the instant each became ready, ties in the
 * order they were scheduled. Is (ready_a, seq_a) before (ready_b, seq_b)?
 */
static bool ready_before(uint64_t ready_a, uint64_t seq_a, uint64_t ready_b, uint64_t seq_b)
{
    return ready_a != ready_b ? ready_a < ready_b : seq_a < seq_b;
}

/* Is fd (or client) a ready before b? */
bool sim__io_less(const void *ctx, uint32_t a, uint32_t b)
{
    const struct sim_loop *loop = ctx;
    const struct task *ta = &loop->tasks[a];
    const struct task *tb = &loop->tasks[b];
    return ready_before(ta->u.io.ready_ns, ta->seq, tb->u.io.ready_ns, tb->seq);
}

static void io_moved(void *ctx, uint32_t t, uint32_t pos)
{
    struct sim_loop *loop = ctx;
    loop->tasks[t].u.io.heap_pos = pos;
}

static const struct heap_order io_order = {sim__io_less, io_moved};

void sim__io_heap_push(struct sim_loop *loop, uint32_t t)
{
    struct io_state *io = &loop->io;
    if (!sim__grow(loop, (void **)&io->heap.items, &io->heap_cap, sizeof(uint32_t),
                   io->heap.len + 1)) {
        return;
    }
    task_at(loop, t)->place = PLACE_IO_HEAP;
    heap_push(&io->heap, &io_order, loop, t);
}

void sim__io_heap_remove(struct sim_loop *loop, uint32_t t)
{
    heap_remove_at(&loop->io.heap, &io_order, loop, task_at(loop, t)->u.io.heap_pos);
    task_at(loop, t)->place = PLACE_NONE;
}

static uint32_t io_heap_pop(struct sim_loop *loop)
{
    uint32_t t = loop->io.heap.items[0];
    sim__io_heap_remove(loop, t);
    return t;
}

uint64_t sim__io_next_ready(const struct sim_loop *loop)
{
    const struct heap *h = &loop->io.heap;
    return h->len > 0 ? loop->tasks[h->items[0]].u.io.ready_ns : UINT64_MAX;
}

void sim__io_init(struct sim_loop *loop)
{
    struct io_state *io = &loop->io;
    io->close_due = SIM_NONE;
    io->failed_socket = SIM_NONE;
    queue_init(&io->pending);
    queue_init(&io->pending_run);
    queue_init(&io->closing);
    queue_init(&io->closing_run);
    queue_init(&io->poll.batch);
    queue_init(&io->poll.done_batch);
    if (sim__grow(loop, (void **)&io->handles, &io->handle_cap, sizeof(struct handle), 1)) {
        io->handle_count = 1; /* SPARE_HANDLE */
    }
}

/* ---- Starting handles ------------------------------------------------------------------- */

/* Binds task t to its statement's `id` and makes its schedule event, with `a` for %A. */
void sim__handle_announce(struct sim_loop *loop, uint32_t t, enum sim_reason reason, int64_t a)
{
    const struct sim_stmt *s = &loop->prog->stmts[task_at(loop, t)->stmt];
    if (s->id != NULL) {
        sim__id_bind(loop, s->id, sim__task_env(task_at(loop, t)), t);
    }
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, reason, t);
    sim__emit_label_of(loop, pe, t);
    pe->ev.arg_a = a;
}

/* Does fd t's event go to the pending phase (uv__io_feed) rather than run in poll? */
static bool is_deferred(const struct sim_loop *loop, uint32_t t)
{
    const struct task *task = &loop->tasks[t];
    return task->kind == TASK_IO && loop->prog->stmts[task->stmt].deferred;
}

/* An fd that becomes ready `ms` after statement `stmt`; its callback acts on `socket`. */
uint32_t sim__fd_start(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    uint32_t t = sim__task_new(loop, TASK_IO, stmt, env, socket);
    struct task *task = task_at(loop, t);
    task->u.io.ready_ns = loop->clock_ns + sim__task_ns(loop, t);
    task->u.io.server = SIM_NONE;
    /* A connect's `unref` is its socket's; the attempt is a request (uv_connect_t), which
       keeps the loop alive until it settles (node v20: an unref'd socket still connects). */
    task->refed = !s->unref || s->op == SIM_OP_CONNECT;
    sim__set_active(loop, t, true);
    sim__io_heap_push(loop, t);
    return t;
}

/*
 * An fd ready as it is made (a JavaScript connect on this machine: the loopback handshake, or
 * its refusal, ends inside connect()) joins epoll's ready list only when the next poll
 * registers it (uv__io_poll's watcher queue: epoll_ctl ADD), behind every fd that became ready
 * before, such as the listen socket of the server it reached (measured on node v20).
 */
void sim__fd_joins_at_poll(struct sim_loop *loop, uint32_t t)
{
    task_at(loop, t)->u.io.joins_at_poll = true;
    loop->io.joining++;
    sim__fd_local(loop, t);
}

/* Fd t becomes ready by the program's own doing: races offers no order between two such. */
void sim__fd_local(struct sim_loop *loop, uint32_t t)
{
    task_at(loop, t)->u.io.local = true;
}

/* Poll begins: the fds made ready since the last one join the ready list now, in order. */
void sim__fds_register(struct sim_loop *loop)
{
    struct io_state *io = &loop->io;
    for (uint32_t i = 0; io->joining > 0 && i < io->heap.len; i++) {
        uint32_t t = io->heap.items[i];
        struct io_part *p = &task_at(loop, t)->u.io;
        if (p->joins_at_poll) {
            p->joins_at_poll = false;
            io->joining--;
            sim__io_heap_remove(loop, t);
            p->ready_ns = p->ready_ns > loop->clock_ns ? p->ready_ns : loop->clock_ns;
            sim__io_heap_push(loop, t);
            i = (uint32_t)-1; /* the heap moved: from its start again */
        }
    }
    io->joining = 0; /* a joining fd that left the heap (closed, fed) joins nothing */
}

/* io and dns.resolve (c-ares: no worker): an fd that becomes ready `ms` from now. */
void sim__io_start(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket)
{
    uint32_t t = sim__fd_start(loop, stmt, env, socket);
    sim__handle_announce(loop, t, SIM_REASON_SCHED_IO, (int64_t)sim__task_ns(loop, t));
}

/* ---- Pending ---------------------------------------------------------------------------- */

/*
 * uv__io_feed: a deferred fd event does not run its callback in poll; libuv queues it for the
 * pending phase at the start of the next iteration (the contract's `deferred: true`).
 */
static void feed(struct sim_loop *loop, uint32_t t)
{
    sim__set_active(loop, t, false);
    task_at(loop, t)->u.io.fed = true;
    sim__queue_push(loop, &loop->io.pending, t, PLACE_PENDING);
}

/*
 * uv__io_feed at once, from a call (a JavaScript connect to a pipe that is not there): fd t
 * leaves the heap for the pending queue. Fed while the pending phase or poll runs, libuv
 * (>= 1.44.2) runs it in the re-runs of the pending queue right after poll; later, in the
 * next iteration's pending phase.
 */
void sim__feed_now(struct sim_loop *loop, uint32_t t)
{
    sim__io_heap_remove(loop, t);
    feed(loop, t);
    enum stage st = loop->stage;
    if ((st == STAGE_PENDING || st == STAGE_POLL || st == STAGE_POLL_PENDING) &&
        loop->cfg->node != SIM_NODE_10) {
        loop->io.fed_in_poll = true;
    }
}

/* Feeds every deferred fd event that is ready by now; the others go back to the heap. */
void sim__feed_deferred(struct sim_loop *loop)
{
    struct queue others;
    queue_init(&others);
    while (loop->io.heap.len > 0 && sim__io_next_ready(loop) <= loop->clock_ns) {
        uint32_t t = io_heap_pop(loop);
        if (is_deferred(loop, t)) {
            feed(loop, t);
        } else {
            sim__queue_push(loop, &others, t, PLACE_NONE);
        }
    }
    uint32_t t;
    while ((t = sim__queue_pop(loop, &others)) != SIM_NONE) {
        sim__io_heap_push(loop, t);
    }
}

static bool run_and_drain(struct sim_loop *loop, uint32_t t, enum sim_reason reason, int64_t a)
{
    sim__call(loop, t, reason, a, 0, AFTER_FREE_DRAIN, 0);
    return true;
}

/*
 * An fd's callback, from poll or pending. A connect attempt that settles leaves its socket; a
 * failed one destroys the socket as its callback begins (net.js afterConnect), so the
 * 'error' listener runs on a destroyed socket and 'close' follows in the close phase.
 */
static bool deliver_fd(struct sim_loop *loop, uint32_t t, enum sim_reason reason)
{
    const struct sim_stmt *s = &loop->prog->stmts[task_at(loop, t)->stmt];
    uint32_t sock = task_at(loop, t)->socket;
    bool failed = false;
    if (s->op == SIM_OP_CONNECT) {
        sim__socket(loop, sock)->attempt = SIM_NONE;
        failed = s->text != NULL;
    }
    bool started = sim__call(loop, t, reason, (int64_t)task_at(loop, t)->u.io.ready_ns, 0,
                             AFTER_FREE_DRAIN, 0);
    if (started && failed) {
        loop->io.failed_socket = sock; /* the callback's first step (sim__connect_failed_step) */
    }
    return true;
}

static bool limit_hit(struct sim_loop *loop, enum sim_phase phase, uint32_t ran)
{
    uint32_t limit = loop->cfg->limits[phase];
    if (limit == 0 || ran < limit) {
        return false;
    }
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_PHASE_LIMIT, SIM_NONE);
    pe->ev.arg_a = limit;
    return true;
}

/*
 * uv__run_pending: runs what was fed before the phase began, each callback then its drain (in
 * its `after`). A resumable pass: BATCH_TAKE takes the snapshot, BATCH_RUN starts one callback.
 */
bool sim__pending_step(struct sim_loop *loop)
{
    struct io_state *io = &loop->io;
    struct batch_pass *pp = &io->pend;
    for (;;) {
        switch (pp->pc) {
        case BATCH_TAKE:
            if (loop->stage != STAGE_POLL_PENDING) {
                sim__feed_deferred(loop); /* the re-runs take only what was fed */
            }
            io->fed_in_poll = false;
            sim__queue_splice(loop, &io->pending_run, &io->pending, PLACE_PENDING);
            pp->pc = BATCH_RUN;
            break;
        case BATCH_RUN:
            if (io->pending_run.count == 0) {
                if (loop->stage == STAGE_POLL_PENDING && io->fed_in_poll && ++io->reruns < 8) {
                    pp->pc = BATCH_TAKE; /* core.c: for (r = 0; r < 8 && ...; r++) */
                    break;
                }
                pp->pc = BATCH_DONE;
                return false;
            }
            if (limit_hit(loop, SIM_PHASE_PENDING, pp->ran)) {
                /* The rest waits for the next iteration, ahead of what is fed meanwhile. */
                sim__queue_splice(loop, &io->pending_run, &io->pending, PLACE_PENDING);
                sim__queue_splice(loop, &io->pending, &io->pending_run, PLACE_PENDING);
                pp->pc = BATCH_DONE;
                return true; /* the note is a step of its own: the phase ends in the next */
            }
            pp->ran++;
            return deliver_fd(loop, sim__queue_pop(loop, &io->pending_run), SIM_REASON_PENDING);
        default:
            return false;
        }
    }
}

/* ---- Close ------------------------------------------------------------------------------ */

/* The listen handle's own close: no JavaScript runs, so it is a note, named after the handle. */
static bool close_internal(struct sim_loop *loop, uint32_t t)
{
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_CLOSE_CB, t);
    sim__emit_label_of(loop, pe, t);
    sim__emit_text(loop, pe,
                   "the listen handle's internal close (HandleWrap::OnClose): "
                   "server.close() gave it no JavaScript callback");
    sim__task_free(loop, t);
    return true;
}

/* Runs the next close callback of the snapshot. */
static bool close_next(struct sim_loop *loop)
{
    uint32_t t = sim__queue_pop(loop, &loop->io.closing_run);
    if (task_at(loop, t)->u.closecb.internal) {
        return close_internal(loop, t);
    }
    loop->io.close.ran++;
    return run_and_drain(loop, t, SIM_REASON_CLOSE_CB, 0);
}

/*
 * uv__run_closing_handles: the list is taken whole at the start; handles closed by its
 * callbacks wait for the next iteration. A resumable pass, like pending.
 */
bool sim__close_step(struct sim_loop *loop)
{
    struct io_state *io = &loop->io;
    struct batch_pass *cp = &io->close;
    for (;;) {
        switch (cp->pc) {
        case BATCH_TAKE:
            sim__queue_splice(loop, &io->closing_run, &io->closing, PLACE_CLOSING_RUN);
            cp->pc = BATCH_RUN;
            break;
        case BATCH_RUN:
            if (io->closing_run.count == 0) {
                cp->pc = BATCH_DONE;
                return false;
            }
            if (limit_hit(loop, SIM_PHASE_CLOSE, cp->ran)) {
                cp->pc = BATCH_DONE; /* closing_run keeps the rest: it runs first next time */
                return true;         /* the note is a step of its own */
            }
            if (sim__phase_announce(loop)) {
                return true; /* the phase event is a step of its own, before what it runs */
            }
            return close_next(loop);
        default:
            return false;
        }
    }
}

/* ---- Poll ------------------------------------------------------------------------------- */

/* libuv src/unix/core.c:uv__backend_timeout with Node's handles: -1 means no timeout. */
int64_t sim__backend_timeout(const struct sim_loop *loop)
{
    const struct io_state *io = &loop->io;
    bool idle_active = loop->immediates.idle_active;
    bool active = loop->alive.handles > 0 || loop->alive.reqs > 0 ||
                  (loop->timers.uv_active && loop->timers.uv_refed) || idle_active;
    bool idle = io->pending.count == 0 && io->pending_run.count == 0 && !idle_active &&
                io->closing.count == 0 && io->closing_run.count == 0;
    return active && idle ? sim__next_timeout(loop) : 0;
}

static void append(char *buf, size_t size, size_t *len, const char *s)
{
    while (*s != '\0' && *len + 1 < size) {
        buf[(*len)++] = *s++;
    }
    buf[*len] = '\0';
}

/* Names what keeps the loop alive (ref'd servers, sockets...), for the "forever" stop. */
size_t sim__describe_alive(const struct sim_loop *loop, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (uint32_t t = 0; t < loop->task_count; t++) {
        const struct task *task = &loop->tasks[t];
        if (task->kind == TASK_FREE || !task->active || !task->refed) {
            continue;
        }
        char name[64];
        sim__task_name(loop, t, name, sizeof(name));
        append(buf, size, &len, len > 0 ? ", " : "");
        append(buf, size, &len, task->kind == TASK_SOCKET ? "an open socket of " : "");
        append(buf, size, &len, task->kind == TASK_SERVER ? "server " : "");
        append(buf, size, &len, name);
        append(buf, size, &len, task->kind == TASK_SERVER ? " is listening" : "");
    }
    const struct io_state *io = &loop->io;
    if (loop->timers.uv_active && loop->timers.uv_refed) {
        append(buf, size, &len, len > 0 ? ", " : "");
        append(buf, size, &len, "a ref'd timer");
    }
    if (loop->immediates.idle_active) {
        append(buf, size, &len, len > 0 ? ", " : "");
        append(buf, size, &len, "a ref'd immediate");
    }
    if (io->pending.count + io->pending_run.count > 0) {
        append(buf, size, &len, len > 0 ? ", " : "");
        append(buf, size, &len, "pending callbacks");
    }
    if (io->closing.count + io->closing_run.count > 0) {
        append(buf, size, &len, len > 0 ? ", " : "");
        append(buf, size, &len, "closing handles");
    }
    if (len == 0) {
        append(buf, size, &len, "nothing");
    }
    return len;
}

/*
 * The instant poll returns: the first ready fd or finished job, or the timeout. Node turns on
 * UV_METRICS_IDLE_TIME, so libuv 1.46 uv__io_poll first polls with timeout 0, refreshes
 * loop->time, and only then sleeps what is left of the timeout measured from `base`, the stale
 * time it was computed against: the deadline is absolute, base + timeout (measured on node v20:
 * a timer due while a callback blocked runs right after it, not a whole timeout later).
 */
static uint64_t wake_time(struct sim_loop *loop, int64_t timeout, uint32_t *by)
{
    int64_t base = loop->now_ms;
    sim__update_time(loop);
    uint64_t wake = UINT64_MAX;
    *by = SIM_NONE;
    if (timeout >= 0) {
        int64_t left = base + timeout - loop->now_ms;
        wake = left > 0 ? loop->clock_ns + (uint64_t)left * NS_PER_MS : loop->clock_ns;
    }
    const struct pool_state *pool = &loop->pool;
    uint64_t io = sim__io_next_ready(loop);
    uint64_t job = pool->completed.count > 0 ? pool->eventfd_ready : sim__pool_next_finish(loop);
    uint64_t first = io < job ? io : job;
    if (loop->races.on && job > (io < wake ? io : wake)) {
        /*
         * Poll returns for something else than a job: a computing job that could end by then
         * may (cpu-ahead). Where it returns for a job, another one's end is the jobs' order.
         */
        uint64_t look = io < wake ? (io > loop->clock_ns ? io : loop->clock_ns) : wake;
        sim__pool_choose_ahead(loop, look);
        job = pool->completed.count > 0 ? pool->eventfd_ready : sim__pool_next_finish(loop);
        first = io < job ? io : job;
    }
    if (first < wake) {
        wake = first > loop->clock_ns ? first : loop->clock_ns;
        *by = io < job                    ? loop->io.heap.items[0]
              : pool->completed.count > 0 ? SIM_NONE
                                          : pool->running.items[0];
    }
    return wake;
}

/*
 * The poll-wait event, which says what ends the sleep: `by` (a running job or an fd), else the
 * timer, else until_ms.
 */
static void announce_wait(struct sim_loop *loop, int64_t timeout, uint64_t wake, uint32_t by)
{
    enum sim_reason reason = SIM_REASON_POLL_TIMER;
    if (loop->io.poll.pc == POLL_UNTIL) {
        reason = SIM_REASON_POLL_UNTIL;
    } else if (by != SIM_NONE) {
        enum task_kind kind = (enum task_kind)task_at(loop, by)->kind;
        reason = kind == TASK_REQUEST      ? SIM_REASON_POLL_WAKE_JOB
                 : kind == TASK_CONNECTION ? SIM_REASON_POLL_WAKE_CLIENT
                                           : SIM_REASON_POLL_WAKE_IO;
    }
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_POLL_WAIT, reason, SIM_NONE);
    pe->ev.arg_a = timeout >= 0 ? loop->timers.uv_due : -1;
    pe->ev.arg_b = (int64_t)wake;
    pe->ev.duration_ns = wake - loop->clock_ns;
    if (by != SIM_NONE && reason != SIM_REASON_POLL_UNTIL) {
        char name[64];
        sim__task_name(loop, by, name, sizeof(name));
        sim__emit_text(loop, pe, name);
    }
}

static void stop_forever(struct sim_loop *loop)
{
    char what[512];
    sim__describe_alive(loop, what, sizeof(what));
    struct pending_event *pe =
        sim__emit(loop, SIM_EVENT_STOP, SIM_REASON_STOP_FOREVER, SIM_NONE);
    sim__emit_text(loop, pe, what);
    loop->outcome = SIM_OUTCOME_FOREVER;
    loop->stage = STAGE_DONE;
}

/*
 * A choice point (docs/races.md, "poll-late"): poll sleeps until a timer is due, and something
 * else would be ready within the window after that: an fd, a job's end, a later timer list
 * (which the timers pass would then run in the same pass), or a computing job that could run
 * ahead to end by then (cpu-ahead, asked again at the late instant). epoll_pwait takes whole
 * milliseconds and the thread wakes when the kernel schedules it (libuv src/unix/linux.c
 * uv__io_poll), so the loop may wake late. The other alternative wakes one window later.
 * Returns the wake-up.
 */
static uint64_t wake_late(struct sim_loop *loop, uint64_t wake, int64_t timeout, uint32_t by)
{
    if (!loop->races.on || by != SIM_NONE || timeout <= 0 || wake == UINT64_MAX ||
        wake <= loop->clock_ns) {
        return wake; /* no sleep to wake from late: the timeout was spent already */
    }
    const struct pool_state *pool = &loop->pool;
    uint64_t late = wake + loop->races.window_ns;
    uint64_t job = pool->completed.count > 0 ? pool->eventfd_ready : sim__pool_next_finish(loop);
    int64_t due = loop->timers.uv_due;
    bool merges = sim__timers_expiry_after(loop, due) <= (int64_t)(late / NS_PER_MS);
    bool ahead = sim__pool_may_run_ahead(loop, wake, late);
    if ((sim__io_next_ready(loop) > late && job > late && !merges && !ahead) ||
        sim__choose(loop, SIM_CHOICE_LATE, due * (int64_t)NS_PER_MS,
                    (int64_t)loop->races.window_ns) == 0) {
        return wake;
    }
    sim__pool_choose_ahead(loop, late); /* it ends on the way; the late poll finds it */
    return late;
}

/*
 * epoll_pwait with `timeout`: the loop goes to sleep, and the clock moves to the wake-up in the
 * actions that follow (each job finishing on the way is one). Returns false when the run ends
 * instead (forever).
 */
static bool poll_wait(struct sim_loop *loop)
{
    struct poll_state *ps = &loop->io.poll;
    int64_t timeout = sim__backend_timeout(loop);
    uint32_t by;
    uint64_t wake = wake_time(loop, timeout, &by);
    wake = wake_late(loop, wake, timeout, by);
    if (wake == UINT64_MAX) {
        stop_forever(loop);
        return false;
    }
    const struct sim_config *cfg = loop->cfg;
    ps->pc = POLL_WAITING;
    if (cfg->has_until && wake > cfg->until_ns) {
        ps->pc = POLL_UNTIL;
        wake = cfg->until_ns > loop->clock_ns ? cfg->until_ns : loop->clock_ns;
    }
    if (wake > loop->clock_ns) {
        announce_wait(loop, timeout, wake, by);
    } else if (ps->pc == POLL_UNTIL) {
        return true; /* until_ms is already behind: stop now */
    }
    sim__clock_sleep(loop, wake); /* also when no time passes: jobs finishing right now */
    return true;
}

static void stop_until(struct sim_loop *loop)
{
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_STOP, SIM_REASON_STOP_UNTIL, SIM_NONE);
    pe->ev.arg_a = (int64_t)loop->cfg->until_ns;
    loop->outcome = SIM_OUTCOME_UNTIL;
    loop->stage = STAGE_DONE;
}

/* The fd after the first in readiness order, among the heap root's children; or SIM_NONE. */
static uint32_t io_runner_up(struct sim_loop *loop)
{
    const struct heap *h = &loop->io.heap;
    uint32_t best = SIM_NONE;
    for (uint32_t i = 1; i < 3 && i < h->len; i++) {
        if (best == SIM_NONE || sim__io_less(loop, h->items[i], best)) {
            best = h->items[i];
        }
    }
    return best;
}

/*
 * A choice point (docs/races.md, "io-order"): fd x is ready and about to be collected, and fd y
 * is ready `gap` later, within the window. Their peers are other processes (a pipe's writer, a
 * DNS server), whose timing the model does not know that well; epoll lists fds in the order
 * they became ready (linux fs/eventpoll.c ep_poll_callback appends to the ready list). The
 * other alternative swaps their instants: y is ready at x's, and x just after y's. When they
 * keep their order, a second choice point: y, not ready yet, may be ready by x's instant, in the
 * same epoll_pwait ("same-batch"); or y, ready at x's very instant, may be ready one window
 * after this wait ("split-batch"). Clients of a server are left alone (their backlog is
 * ordered), and so are two fds that the program readied itself (io_part.local), and neither fd
 * is offered again.
 */
static void choose_io_order(struct sim_loop *loop)
{
    uint32_t x = loop->io.heap.items[0];
    uint32_t y = io_runner_up(loop);
    if (y == SIM_NONE || task_at(loop, x)->kind != TASK_IO || task_at(loop, y)->kind != TASK_IO) {
        return;
    }
    struct io_part *ix = &task_at(loop, x)->u.io;
    struct io_part *iy = &task_at(loop, y)->u.io;
    uint64_t gap = iy->ready_ns - ix->ready_ns;
    if (ix->swapped || iy->swapped || gap > loop->races.window_ns || (ix->local && iy->local)) {
        return; /* two fds of the program's own doing keep the order it made them in */
    }
    uint64_t ready_x = ix->ready_ns;
    uint64_t window = loop->races.window_ns;
    bool in_batch = iy->ready_ns <= loop->clock_ns; /* this epoll_pwait reports both */
    if (sim__choose(loop, SIM_CHOICE_IO, (int64_t)ready_x, (int64_t)gap) == 1) {
        ix->ready_ns = iy->ready_ns + 1;
        iy->ready_ns = ready_x;
    } else if (!in_batch &&
               sim__choose(loop, SIM_CHOICE_BATCH, (int64_t)ready_x, (int64_t)gap) == 1) {
        iy->ready_ns = ready_x;
    } else if (in_batch && gap == 0 && window > 0 &&
               sim__choose(loop, SIM_CHOICE_SPLIT, (int64_t)ready_x, (int64_t)window) == 1) {
        iy->ready_ns = loop->clock_ns + window;
    } else {
        return;
    }
    ix->swapped = true;
    iy->swapped = true;
    heap_fix(&loop->io.heap, &io_order, loop, ix->heap_pos);
    heap_fix(&loop->io.heap, &io_order, loop, iy->heap_pos);
}

/* What one epoll_pwait returns: the fds ready now, oldest first, at most 1024. */
static void collect(struct sim_loop *loop)
{
    struct poll_state *ps = &loop->io.poll;
    struct pool_state *pool = &loop->pool;
    bool eventfd = pool->completed.count > 0;
    uint64_t eseq = eventfd ? task_at(loop, pool->completed.head)->seq : 0;
    ps->batch_size = 0;
    ps->waits++;
    while (ps->batch_size < POLL_EVENTS_PER_WAIT) {
        bool io = loop->io.heap.len > 0 && sim__io_next_ready(loop) <= loop->clock_ns;
        uint32_t top = io ? loop->io.heap.items[0] : SIM_NONE;
        /* The eventfd became ready with the first job in the completed queue: its seq. */
        if (eventfd &&
            (!io || ready_before(pool->eventfd_ready, eseq, task_at(loop, top)->u.io.ready_ns,
                                 task_at(loop, top)->seq))) {
            sim__queue_push(loop, &ps->batch, pool->eventfd, PLACE_POLL_BATCH);
            eventfd = false;
        } else if (io) {
            if (loop->races.on) {
                choose_io_order(loop);
                top = loop->io.heap.items[0];
            }
            io_heap_pop(loop);
            if (is_deferred(loop, top)) {
                feed(loop, top);
            } else {
                sim__queue_push(loop, &ps->batch, top, PLACE_POLL_BATCH);
            }
        } else {
            break;
        }
        ps->batch_size++;
    }
}

/* Gives back what a limited poll phase did not get to: it stays ready for the next one. */
static void give_back(struct sim_loop *loop)
{
    struct poll_state *ps = &loop->io.poll;
    struct pool_state *pool = &loop->pool;
    uint32_t t;
    if (ps->done_batch.count > 0) {
        sim__queue_splice(loop, &ps->done_batch, &pool->completed, PLACE_COMPLETED);
        sim__queue_splice(loop, &pool->completed, &ps->done_batch, PLACE_COMPLETED);
        pool->eventfd_ready = sim__request_finish(loop, pool->completed.head);
    }
    while ((t = sim__queue_pop(loop, &ps->batch)) != SIM_NONE) {
        if (t != pool->eventfd) {
            sim__io_heap_push(loop, t); /* a client goes back ahead of its server's backlog */
        }
    }
}

/* One event of the batch, or one completion of a uv__work_done batch. */
static bool poll_one(struct sim_loop *loop)
{
    struct poll_state *ps = &loop->io.poll;
    for (;;) {
        if (ps->done_batch.count > 0) {
            uint32_t t = sim__queue_pop(loop, &ps->done_batch);
            if (sim__request_deliver(loop, t)) {
                ps->ran++;
                return true;
            }
            if (sim__deferred(loop)) {
                return true; /* the chain's next job starts on a worker: its own step */
            }
            continue;
        }
        uint32_t t = sim__queue_pop(loop, &ps->batch);
        if (t == SIM_NONE) {
            return false;
        }
        if (t == loop->pool.eventfd) {
            /* uv__async_io -> uv__work_done: everything finished by now, in finish order. */
            sim__queue_splice(loop, &ps->done_batch, &loop->pool.completed, PLACE_COMPLETED);
            continue;
        }
        if (task_at(loop, t)->kind == TASK_CONNECTION) {
            if (sim__client_take(loop, t)) {
                ps->ran++;
                return true;
            }
            continue;
        }
        ps->ran++;
        sim__set_active(loop, t, false);
        const struct sim_stmt *s = &loop->prog->stmts[task_at(loop, t)->stmt];
        enum sim_reason why = s->op == SIM_OP_CONNECT ? SIM_REASON_CONNECT_DONE
                                                      : SIM_REASON_IO_READY;
        return deliver_fd(loop, t, why);
    }
}

/*
 * One step of the poll phase: the wait, then one callback at a time. Returns false once the
 * phase is over (or the run has ended).
 */
bool sim__poll_step(struct sim_loop *loop)
{
    struct poll_state *ps = &loop->io.poll;
    switch (ps->pc) {
    case POLL_START:
        return poll_wait(loop);
    case POLL_UNTIL:
        stop_until(loop);
        return false;
    case POLL_WAITING:
        /* Awake: the clock has arrived at the wake-up. */
        sim__update_time(loop);
        collect(loop);
        ps->pc = POLL_RUNNING;
        break;
    case POLL_RUNNING:
        break;
    case POLL_DONE:
        return false;
    }
    for (;;) {
        uint32_t limit = loop->cfg->limits[SIM_PHASE_POLL];
        if (limit > 0 && ps->ran >= limit &&
            (ps->done_batch.count > 0 || ps->batch.count > 0)) {
            limit_hit(loop, SIM_PHASE_POLL, ps->ran);
            give_back(loop);
            ps->pc = POLL_DONE;
            return true; /* the note is a step of its own: the phase ends in the next */
        }
        if (poll_one(loop)) {
            return true;
        }
        /* The events array came back full: poll again without blocking, up to 48 times. */
        if (ps->batch_size < POLL_EVENTS_PER_WAIT || ps->waits >= POLL_MAX_WAITS) {
            return false;
        }
        collect(loop);
        if (ps->batch.count == 0) {
            return false;
        }
    }
}
