/*
 * inspect.c - read-only views of the loop for front ends: the state at a glance, the items of
 * each queue in the order they will run, and the workers. Nothing here changes the loop.
 */
#include "sim_internal.h"
#include "js/code.h"

#include <stdlib.h>
#include <string.h>

/* Characters, not pointers: the table needs no relocation, so it is plain read-only data. */
static const char queue_names[][16] = {
#define X(e, name, what) name,
    SIM_QUEUE_MAP(X)
#undef X
};

const char *sim_queue_name(enum sim_queue q)
{
    return (unsigned)q < SIM_QUEUE_COUNT ? queue_names[q] : "?";
}

/*
 * Does the callback taken for the last phase event keep the loop alive? It still waits, by the
 * events so far, so it counts as what it was: a ref'd timer, immediate, request or fd.
 */
static bool taken_keeps_alive(const struct sim_loop *loop)
{
    const struct pending_call *c = &loop->call;
    if ((!c->active && !c->held) || c->main) {
        return false;
    }
    const struct task *task = &loop->tasks[c->task];
    switch (task->kind) {
    case TASK_TIMEOUT:
        return task->u.timer.refed;
    case TASK_IMMEDIATE:
    case TASK_REQUEST:
    case TASK_IO:
    case TASK_CONNECTION:
        return task->refed;
    default:
        return false;
    }
}

/*
 * During a timers pass libuv has stopped Node's uv timer (uv__run_timers stops a handle before
 * its callback); RunTimers re-arms it, ref'd, when the pass ends with a ref'd Timeout left.
 */
static bool pass_keeps_alive(const struct sim_loop *loop)
{
    return loop->timers.pass.pc != TP_IDLE && loop->timers.refs > 0;
}

static const char *timeout_why(const struct sim_loop *loop, int64_t timeout)
{
    if (timeout < 0) {
        return "forever: no timer; only I/O or a worker can wake the loop";
    }
    if (timeout > 0) {
        return "until the next timer";
    }
    const struct io_state *io = &loop->io;
    if (loop->immediates.idle_active) {
        return "0: an immediate is pending";
    }
    if (io->pending.count + io->pending_run.count > 0) {
        return "0: pending callbacks are waiting";
    }
    if (io->closing.count + io->closing_run.count > 0) {
        return "0: handles are closing";
    }
    if (!sim__alive(loop)) {
        return taken_keeps_alive(loop) ? "0: only the callback about to run keeps the loop alive"
               : pass_keeps_alive(loop) ? "0: the timers pass is under way"
                                        : "0: nothing keeps the loop alive";
    }
    return "0: a timer is due";
}

/* The loop's liveness as the events so far imply it; `why` (may be NULL) says what keeps it. */
static bool inspect_alive(const struct sim_loop *loop, char *why, size_t size)
{
    if (sim__alive(loop)) {
        if (why != NULL) {
            sim__describe_alive(loop, why, size);
        }
        return true;
    }
    const char *what = NULL;
    char name[48];
    if (taken_keeps_alive(loop)) {
        sim__task_name(loop, loop->call.task, name, sizeof(name));
        what = name;
    } else if (pass_keeps_alive(loop)) {
        what = "a ref'd timer (RunTimers re-arms the uv timer when this pass ends)";
    }
    if (why != NULL && size > 0) {
        const char *s = what != NULL ? what : "nothing";
        size_t n = strlen(s) < size ? strlen(s) : size - 1;
        memcpy(why, s, n);
        why[n] = '\0';
    }
    return what != NULL;
}

/* The line and column just past statement n, from its start's and its bytes. */
static void js_end_of(const char *source, const struct js_node *n, struct sim_state *st)
{
    uint32_t line = n->line;
    uint32_t col = n->col;
    for (uint32_t i = n->start; i < n->end; i++) {
        if (source[i] == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)source[i] & 0xC0) != 0x80) {
            col++; /* a character starts here (not a UTF-8 continuation byte) */
        }
    }
    st->js_end_line = line;
    st->js_end_col = col;
}

void sim_loop_state(const struct sim_loop *loop, struct sim_state *st)
{
    memset(st, 0, sizeof(*st));
    st->time_ns = loop->clock_ns;
    st->iteration = loop->iteration;
    st->phase = loop->phase;
    st->alive = inspect_alive(loop, NULL, 0);
    st->poll_timeout_ms = sim__backend_timeout(loop);
    st->timeout_why = timeout_why(loop, st->poll_timeout_ms);
    st->callbacks = loop->callbacks;
    st->in_callback = loop->exec.depth > 0;
    st->callback_stmt = SIM_NONE;
    st->last_stmt = SIM_NONE;
    if (st->in_callback) {
        const struct exec_frame *f = &loop->exec.frames[loop->exec.depth - 1];
        uint32_t t = loop->exec.task;
        st->callback_stmt = t != SIM_NONE ? loop->tasks[t].stmt : SIM_NONE;
        if (loop->exec.js) {
            const struct js_node *n = &loop->prog->js->ast->nodes[loop->vm.node];
            st->js_line = n->line;
            st->js_col = n->col;
            js_end_of(loop->prog->js->source, n, st);
        } else if (f->index > 0) {
            st->last_stmt = loop->prog->bodies[f->body].first + f->index - 1;
        }
    }
    const struct io_state *io = &loop->io;
    const struct pool_state *pool = &loop->pool;
    st->worker_count = pool->worker_count;
    st->queue_len[SIM_QUEUE_TIMERS] = loop->timers.linked;
    st->queue_len[SIM_QUEUE_PENDING] = io->pending_run.count + io->pending.count;
    st->queue_len[SIM_QUEUE_IMMEDIATES] =
        loop->immediates.outstanding.count + loop->immediates.queue.count;
    st->queue_len[SIM_QUEUE_CLOSE] = io->closing_run.count + io->closing.count;
    st->queue_len[SIM_QUEUE_TICKS] = loop->ticks.queue.count;
    st->queue_len[SIM_QUEUE_MICROTASKS] = loop->ticks.microtasks.count;
    st->queue_len[SIM_QUEUE_IO] = io->heap.len + io->backlog + io->poll.batch.count -
                                  (loop->tasks[pool->eventfd].place == PLACE_POLL_BATCH);
    st->queue_len[SIM_QUEUE_WORK] = pool->wq.count + pool->slow_wq.count -
                                    (loop->tasks[pool->marker].place == PLACE_WORK_QUEUE);
    st->queue_len[SIM_QUEUE_DONE] = pool->completed.count + io->poll.done_batch.count;
    if ((loop->call.active || loop->call.held) && !loop->call.main &&
        loop->call.queue != SIM_QUEUE_COUNT) {
        st->queue_len[loop->call.queue]++; /* taken, but its callback has not started yet */
    }
}

/* Copies items of a queue into out, honouring skip and max. */
struct copier {
    const struct sim_loop *loop;
    struct sim_item *out;
    size_t skip;
    size_t max;
    size_t n;
};

static void copy_item(struct copier *c, uint32_t t, uint64_t when)
{
    if (c->skip > 0) {
        c->skip--;
        return;
    }
    if (c->n >= c->max) {
        return;
    }
    const struct task *task = &c->loop->tasks[t];
    struct sim_item *it = &c->out[c->n++];
    sim__task_name(c->loop, t, it->label, sizeof(it->label));
    it->when_ns = when;
    it->stmt = task->stmt;
    it->refed = task->kind == TASK_TIMEOUT ? task->u.timer.refed : task->refed;
}

/* Is the caller's array full? */
static bool copier_full(const struct copier *c)
{
    return c->n >= c->max;
}

/* The instant an item is listed with: timers their due time, fds their ready time, jobs... */
static uint64_t item_when(const struct sim_loop *loop, uint32_t t)
{
    const struct task *task = &loop->tasks[t];
    switch (task->kind) {
    case TASK_TIMEOUT:
        return (uint64_t)(task->u.timer.idle_start + task->u.timer.msecs) * NS_PER_MS;
    case TASK_REQUEST:
        return sim__request_finish(loop, t);
    case TASK_IO:
    case TASK_CONNECTION:
        return task->u.io.ready_ns;
    default:
        return 0;
    }
}

static void copy_queue(struct copier *c, const struct queue *q)
{
    const struct pool_state *pool = &c->loop->pool;
    for (uint32_t t = q->head; t != SIM_NONE && !copier_full(c); t = c->loop->tasks[t].link.next) {
        if (t != pool->marker && t != pool->eventfd) {
            copy_item(c, t, item_when(c->loop, t));
        }
    }
}

/* The callback taken from queue q whose phase event was the last event: still first in line. */
static void copy_taken(struct copier *c, enum sim_queue q)
{
    const struct pending_call *call = &c->loop->call;
    if ((call->active || call->held) && !call->main && call->queue == q &&
        q != SIM_QUEUE_COUNT) {
        copy_item(c, call->task, item_when(c->loop, call->task));
    }
}

/*
 * A copy of a heap to pop in order, without moving the loop's own: the first items of a heap
 * come out in O(k log n), so a screen's page costs little however many items wait. The heap's
 * order is its owner's (sim__list_less, sim__io_less): written once.
 */
struct sorted {
    struct heap heap;
    struct heap_order order;    /* no `moved`: nothing is written through the loop */
    void *ctx;
};

/* Starts a sorted view of `h` with room for `extra` more items. False when out of memory. */
static bool sorted_begin(struct sorted *so, const struct sim_loop *loop, const struct heap *h,
                         bool (*less)(const void *, uint32_t, uint32_t), uint32_t extra)
{
    so->heap.items = malloc(sizeof(uint32_t) * ((size_t)h->len + extra + 1));
    so->heap.len = h->len;
    so->order = (struct heap_order){less, NULL};
    so->ctx = (void *)loop; /* only read: the order has no `moved` callback */
    if (so->heap.items != NULL && h->len > 0) {
        memcpy(so->heap.items, h->items, sizeof(uint32_t) * h->len);
    }
    return so->heap.items != NULL;
}

/* The timers in run order: lists by (expiry, id), each list oldest first. */
static void copy_timers(struct copier *c)
{
    struct sorted so;
    if (!sorted_begin(&so, c->loop, &c->loop->timers.heap, sim__list_less, 0)) {
        return;
    }
    while (so.heap.len > 0 && !copier_full(c)) {
        const struct timer_list *l = &c->loop->timers.lists[heap_pop(&so.heap, &so.order, so.ctx)];
        for (uint32_t t = l->timeouts.head; t != SIM_NONE && !copier_full(c);
             t = c->loop->tasks[t].link.next) {
            copy_item(c, t, (uint64_t)(c->loop->tasks[t].u.timer.idle_start + l->msecs) *
                                NS_PER_MS);
        }
    }
    free(so.heap.items);
}

/* The client after c in its server's order: the backlog's head after the first, else c's next. */
static uint32_t client_after(const struct sim_loop *loop, uint32_t c)
{
    const struct task *task = &loop->tasks[c];
    if (task->place == PLACE_BACKLOG) {
        return task->link.next;
    }
    const struct task *server = &loop->tasks[task->u.io.server];
    return loop->io.handles[server->u.handle].u.server.backlog.head;
}

/*
 * The fds waiting in the heap and the clients behind them in their servers' backlogs, by (ready,
 * seq): each client popped brings the next of its server in. A server whose first client is in
 * the poll batch (listed before) brings in its backlog's head from the start.
 */
static void copy_fds(struct copier *c)
{
    const struct sim_loop *loop = c->loop;
    struct sorted so;
    if (!sorted_begin(&so, loop, &loop->io.heap, sim__io_less, loop->io.poll.batch.count)) {
        return;
    }
    for (uint32_t t = loop->io.poll.batch.head; t != SIM_NONE; t = loop->tasks[t].link.next) {
        uint32_t next = loop->tasks[t].kind == TASK_CONNECTION ? client_after(loop, t) : SIM_NONE;
        if (next != SIM_NONE) {
            heap_push(&so.heap, &so.order, so.ctx, next);
        }
    }
    while (so.heap.len > 0 && !copier_full(c)) {
        uint32_t t = heap_pop(&so.heap, &so.order, so.ctx);
        copy_item(c, t, loop->tasks[t].u.io.ready_ns);
        uint32_t next = loop->tasks[t].kind == TASK_CONNECTION ? client_after(loop, t) : SIM_NONE;
        if (next != SIM_NONE) {
            heap_push(&so.heap, &so.order, so.ctx, next);
        }
    }
    free(so.heap.items);
}

size_t sim_loop_queue(const struct sim_loop *loop, enum sim_queue q, size_t skip,
                      struct sim_item *out, size_t max)
{
    struct copier c = {loop, out, skip, max, 0};
    copy_taken(&c, q);
    switch (q) {
    case SIM_QUEUE_TIMERS:
        copy_timers(&c);
        break;
    case SIM_QUEUE_PENDING:
        copy_queue(&c, &loop->io.pending_run);
        copy_queue(&c, &loop->io.pending);
        break;
    case SIM_QUEUE_IMMEDIATES:
        copy_queue(&c, &loop->immediates.outstanding);
        copy_queue(&c, &loop->immediates.queue);
        break;
    case SIM_QUEUE_CLOSE:
        copy_queue(&c, &loop->io.closing_run);
        copy_queue(&c, &loop->io.closing);
        break;
    case SIM_QUEUE_TICKS:
        copy_queue(&c, &loop->ticks.queue);
        break;
    case SIM_QUEUE_MICROTASKS:
        copy_queue(&c, &loop->ticks.microtasks);
        break;
    case SIM_QUEUE_IO:
        copy_queue(&c, &loop->io.poll.batch); /* ready, in epoll's order: this poll runs them */
        copy_fds(&c);
        break;
    case SIM_QUEUE_WORK:
        copy_queue(&c, &loop->pool.wq);
        copy_queue(&c, &loop->pool.slow_wq);
        break;
    case SIM_QUEUE_DONE:
        copy_queue(&c, &loop->io.poll.done_batch);
        copy_queue(&c, &loop->pool.completed);
        break;
    case SIM_QUEUE_COUNT:
        break;
    }
    return c.n;
}

size_t sim_loop_workers(const struct sim_loop *loop, struct sim_worker *out, size_t max)
{
    size_t n = loop->pool.worker_count < max ? loop->pool.worker_count : max;
    for (size_t w = 0; w < n; w++) {
        uint32_t t = loop->pool.workers[w];
        memset(&out[w], 0, sizeof(out[w]));
        if (t == SIM_NONE) {
            continue;
        }
        out[w].busy = true;
        sim__task_name(loop, t, out[w].label, sizeof(out[w].label));
        out[w].start_ns = loop->tasks[t].u.req.at_ns;
        out[w].finish_ns = sim__request_finish(loop, t);
    }
    return n;
}

size_t sim_loop_alive_why(const struct sim_loop *loop, char *buf, size_t size)
{
    if (size == 0) {
        return 0;
    }
    inspect_alive(loop, buf, size);
    return strlen(buf);
}
