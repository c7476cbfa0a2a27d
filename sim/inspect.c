/*
 * inspect.c - read-only views of the loop for front ends: the state at a glance, the items of
 * each queue in the order they will run, and the workers. Nothing here changes the loop.
 */
#include "sim_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const queue_names[] = {
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
    return loop->tp.pc != TP_IDLE && loop->timeout_refs > 0;
}

static const char *timeout_why(const struct sim_loop *loop, int64_t timeout)
{
    if (timeout < 0) {
        return "forever: no timer; only I/O or a worker can wake the loop";
    }
    if (timeout > 0) {
        return "until the next timer";
    }
    if (loop->idle_active) {
        return "0: an immediate is pending";
    }
    if (loop->pending.count + loop->pending_run.count > 0) {
        return "0: pending callbacks are waiting";
    }
    if (loop->closing.count + loop->closing_run.count > 0) {
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
    if (why != NULL) {
        snprintf(why, size, "%s", what != NULL ? what : "nothing");
    }
    return what != NULL;
}

void sim_loop_state(const struct sim_loop *loop, struct sim_state *st)
{
    memset(st, 0, sizeof(*st));
    st->time_ns = loop->hr;
    st->iteration = loop->iteration;
    st->phase = loop->phase;
    st->alive = inspect_alive(loop, NULL, 0);
    st->poll_timeout_ms = sim__backend_timeout(loop);
    st->timeout_why = timeout_why(loop, st->poll_timeout_ms);
    st->callbacks = loop->callbacks;
    st->in_callback = loop->exec.depth > 0;
    st->callback_stmt = UINT32_MAX;
    st->last_stmt = UINT32_MAX;
    if (st->in_callback) {
        const struct exec_frame *f = &loop->exec.frames[loop->exec.depth - 1];
        uint32_t t = loop->exec.task;
        st->callback_stmt = t != NIL ? loop->tasks[t].stmt : UINT32_MAX;
        if (f->index > 0) {
            st->last_stmt = loop->prog->bodies[f->body].first + f->index - 1;
        }
    }
    st->worker_count = loop->worker_count;
    st->queue_len[SIM_QUEUE_TIMERS] = loop->timers_linked;
    st->queue_len[SIM_QUEUE_PENDING] = loop->pending_run.count + loop->pending.count;
    st->queue_len[SIM_QUEUE_IMMEDIATES] = loop->outstanding.count + loop->immediates.count;
    st->queue_len[SIM_QUEUE_CLOSE] = loop->closing_run.count + loop->closing.count;
    st->queue_len[SIM_QUEUE_TICKS] = loop->ticks.count;
    st->queue_len[SIM_QUEUE_MICROTASKS] = loop->microtasks.count;
    st->queue_len[SIM_QUEUE_IO] = loop->io_heap_len + loop->poll.batch.count -
                                  (loop->tasks[loop->eventfd].place == PLACE_POLL_BATCH);
    st->queue_len[SIM_QUEUE_WORK] = loop->wq.count + loop->slow_wq.count -
                                    (loop->tasks[loop->marker].place == PLACE_WORK_QUEUE);
    st->queue_len[SIM_QUEUE_DONE] = loop->completed.count + loop->poll.done_batch.count;
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

/* The instant an item is listed with: timers their due time, fds their ready time, jobs... */
static uint64_t item_when(const struct sim_loop *loop, uint32_t t)
{
    const struct task *task = &loop->tasks[t];
    switch (task->kind) {
    case TASK_TIMEOUT:
        return (uint64_t)(task->u.timer.idle_start + (int64_t)task->u.timer.idle_timeout) *
               NS_PER_MS;
    case TASK_REQUEST:
        return task->u.req.finish_ns;
    case TASK_IO:
    case TASK_CONNECTION:
        return task->u.io.ready_ns;
    default:
        return 0;
    }
}

static void copy_queue(struct copier *c, const struct queue *q)
{
    for (uint32_t t = q->head; t != NIL && c->n < c->max; t = c->loop->tasks[t].next) {
        if (t != c->loop->marker && t != c->loop->eventfd) {
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

static const struct sim_loop *sort_loop; /* qsort has no context argument in C17 */

static int by_list_order(const void *a, const void *b)
{
    const struct timer_list *la = &sort_loop->lists[*(const uint32_t *)a];
    const struct timer_list *lb = &sort_loop->lists[*(const uint32_t *)b];
    if (la->expiry != lb->expiry) {
        return la->expiry < lb->expiry ? -1 : 1;
    }
    return la->id < lb->id ? -1 : la->id > lb->id;
}

static int by_ready(const void *a, const void *b)
{
    const struct task *ta = &sort_loop->tasks[*(const uint32_t *)a];
    const struct task *tb = &sort_loop->tasks[*(const uint32_t *)b];
    if (ta->u.io.ready_ns != tb->u.io.ready_ns) {
        return ta->u.io.ready_ns < tb->u.io.ready_ns ? -1 : 1;
    }
    return ta->seq < tb->seq ? -1 : ta->seq > tb->seq;
}

/* Copies a heap's items in sorted order (heaps are small enough to sort for a screen). */
static void copy_sorted(struct copier *c, const uint32_t *heap, uint32_t len, bool lists)
{
    uint32_t *order = malloc(sizeof(uint32_t) * (len ? len : 1));
    if (order == NULL) {
        return;
    }
    if (len > 0) {
        memcpy(order, heap, sizeof(uint32_t) * len);
    }
    sort_loop = c->loop;
    qsort(order, len, sizeof(uint32_t), lists ? by_list_order : by_ready);
    for (uint32_t i = 0; i < len && c->n < c->max; i++) {
        if (!lists) {
            copy_item(c, order[i], c->loop->tasks[order[i]].u.io.ready_ns);
            continue;
        }
        const struct timer_list *l = &c->loop->lists[order[i]];
        for (uint32_t t = l->head; t != NIL && c->n < c->max; t = c->loop->tasks[t].next) {
            copy_item(c, t, (uint64_t)(c->loop->tasks[t].u.timer.idle_start + l->msecs) *
                                NS_PER_MS);
        }
    }
    free(order);
}

size_t sim_loop_queue(const struct sim_loop *loop, enum sim_queue q, size_t skip,
                      struct sim_item *out, size_t max)
{
    struct copier c = {loop, out, skip, max, 0};
    copy_taken(&c, q);
    switch (q) {
    case SIM_QUEUE_TIMERS:
        copy_sorted(&c, loop->list_heap, loop->list_heap_len, true);
        break;
    case SIM_QUEUE_PENDING:
        copy_queue(&c, &loop->pending_run);
        copy_queue(&c, &loop->pending);
        break;
    case SIM_QUEUE_IMMEDIATES:
        copy_queue(&c, &loop->outstanding);
        copy_queue(&c, &loop->immediates);
        break;
    case SIM_QUEUE_CLOSE:
        copy_queue(&c, &loop->closing_run);
        copy_queue(&c, &loop->closing);
        break;
    case SIM_QUEUE_TICKS:
        copy_queue(&c, &loop->ticks);
        break;
    case SIM_QUEUE_MICROTASKS:
        copy_queue(&c, &loop->microtasks);
        break;
    case SIM_QUEUE_IO:
        copy_queue(&c, &loop->poll.batch); /* ready, in epoll's order: this poll runs them */
        copy_sorted(&c, loop->io_heap, loop->io_heap_len, false);
        break;
    case SIM_QUEUE_WORK:
        copy_queue(&c, &loop->wq);
        copy_queue(&c, &loop->slow_wq);
        break;
    case SIM_QUEUE_DONE:
        copy_queue(&c, &loop->poll.done_batch);
        copy_queue(&c, &loop->completed);
        break;
    case SIM_QUEUE_COUNT:
        break;
    }
    return c.n;
}

size_t sim_loop_workers(const struct sim_loop *loop, struct sim_worker *out, size_t max)
{
    size_t n = loop->worker_count < max ? loop->worker_count : max;
    for (size_t w = 0; w < n; w++) {
        uint32_t t = loop->workers[w];
        memset(&out[w], 0, sizeof(out[w]));
        if (t == NIL) {
            continue;
        }
        out[w].busy = true;
        sim__task_name(loop, t, out[w].label, sizeof(out[w].label));
        out[w].start_ns = loop->tasks[t].u.req.start_ns;
        out[w].finish_ns = loop->tasks[t].u.req.finish_ns;
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
