/*
 * timers.c - Node's timers, as lib/internal/timers.js and src/env.cc implement them.
 *
 * Every JavaScript Timeout lives in the list of its (truncated) duration; the lists sit in a
 * binary heap ordered by (expiry, id); libuv sees a single uv timer armed for the earliest list.
 * The timers phase calls RunTimers, which runs processTimers/listOnTimeout: here a resumable
 * pass (struct timers_pass) that runs one callback per step and drains nextTicks and microtasks
 * exactly where Node calls runNextTicks().
 */
#include "sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- The heap of lists (timerListQueue), ordered by compareTimersLists ------------------- */

static bool list_less(const struct sim_loop *loop, uint32_t a, uint32_t b)
{
    const struct timer_list *la = &loop->lists[a];
    const struct timer_list *lb = &loop->lists[b];
    if (la->expiry != lb->expiry) {
        return la->expiry < lb->expiry;
    }
    return la->id < lb->id;
}

static void heap_set(struct sim_loop *loop, uint32_t pos, uint32_t list)
{
    loop->list_heap[pos] = list;
    loop->lists[list].heap_pos = pos;
}

static void heap_up(struct sim_loop *loop, uint32_t pos)
{
    uint32_t list = loop->list_heap[pos];
    while (pos > 0) {
        uint32_t parent = (pos - 1) / 2;
        if (!list_less(loop, list, loop->list_heap[parent])) {
            break;
        }
        heap_set(loop, pos, loop->list_heap[parent]);
        pos = parent;
    }
    heap_set(loop, pos, list);
}

static void heap_down(struct sim_loop *loop, uint32_t pos)
{
    uint32_t list = loop->list_heap[pos];
    for (;;) {
        uint32_t child = pos * 2 + 1;
        if (child >= loop->list_heap_len) {
            break;
        }
        if (child + 1 < loop->list_heap_len &&
            list_less(loop, loop->list_heap[child + 1], loop->list_heap[child])) {
            child++;
        }
        if (!list_less(loop, loop->list_heap[child], list)) {
            break;
        }
        heap_set(loop, pos, loop->list_heap[child]);
        pos = child;
    }
    heap_set(loop, pos, list);
}

static void heap_remove(struct sim_loop *loop, uint32_t list)
{
    uint32_t pos = loop->lists[list].heap_pos;
    uint32_t last = loop->list_heap[--loop->list_heap_len];
    loop->lists[list].heap_pos = NIL;
    if (last == list) {
        return;
    }
    heap_set(loop, pos, last);
    heap_up(loop, pos);
    heap_down(loop, loop->lists[last].heap_pos);
}

/* ---- The map of lists by duration (timerListMap): linear probing ------------------------ */

static uint32_t map_hash(int64_t msecs, uint32_t cap)
{
    uint64_t h = (uint64_t)msecs * 0x9E3779B97F4A7C15ULL;
    return (uint32_t)(h >> 32) & (cap - 1);
}

static uint32_t map_get(const struct sim_loop *loop, int64_t msecs)
{
    uint32_t mask = loop->list_map_cap - 1;
    for (uint32_t i = map_hash(msecs, loop->list_map_cap);; i = (i + 1) & mask) {
        uint32_t list = loop->list_map[i];
        if (list == NIL || loop->lists[list].msecs == msecs) {
            return list;
        }
    }
}

static void map_put(struct sim_loop *loop, uint32_t list)
{
    uint32_t mask = loop->list_map_cap - 1;
    uint32_t i = map_hash(loop->lists[list].msecs, loop->list_map_cap);
    while (loop->list_map[i] != NIL) {
        i = (i + 1) & mask;
    }
    loop->list_map[i] = list;
    loop->list_map_used++;
}

/* Deletes by backward shifting (Knuth 6.4, algorithm R), so no tombstones accumulate. */
static void map_delete(struct sim_loop *loop, int64_t msecs)
{
    uint32_t mask = loop->list_map_cap - 1;
    uint32_t i = map_hash(msecs, loop->list_map_cap);
    while (loop->lists[loop->list_map[i]].msecs != msecs) {
        i = (i + 1) & mask;
    }
    loop->list_map[i] = NIL;
    loop->list_map_used--;
    for (uint32_t j = (i + 1) & mask; loop->list_map[j] != NIL; j = (j + 1) & mask) {
        uint32_t list = loop->list_map[j];
        uint32_t home = map_hash(loop->lists[list].msecs, loop->list_map_cap);
        bool movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
        if (movable) {
            loop->list_map[i] = list;
            loop->list_map[j] = NIL;
            i = j;
        }
    }
}

static bool map_grow(struct sim_loop *loop)
{
    uint32_t old_cap = loop->list_map_cap;
    uint32_t *old = loop->list_map;
    uint32_t cap = old_cap ? old_cap * 2 : 64;
    loop->list_map = malloc(sizeof(uint32_t) * cap);
    if (loop->list_map == NULL) {
        loop->list_map = old;
        loop->error = SIM_ENOMEM;
        return false;
    }
    loop->list_map_cap = cap;
    loop->list_map_used = 0;
    memset(loop->list_map, 0xff, sizeof(uint32_t) * cap);
    for (uint32_t i = 0; i < old_cap; i++) {
        if (old[i] != NIL) {
            map_put(loop, old[i]);
        }
    }
    free(old);
    return true;
}

/* ---- Lists ------------------------------------------------------------------------------ */

static uint32_t list_new(struct sim_loop *loop, int64_t msecs, int64_t expiry)
{
    uint32_t list = loop->list_free;
    if (list != NIL) {
        loop->list_free = loop->lists[list].next_free;
    } else {
        if (loop->list_count == loop->list_cap) {
            uint32_t cap = loop->list_cap ? loop->list_cap * 2 : 64;
            struct timer_list *l = realloc(loop->lists, sizeof(*l) * cap);
            uint32_t *h = realloc(loop->list_heap, sizeof(*h) * cap);
            if (l != NULL) {
                loop->lists = l;
            }
            if (h != NULL) {
                loop->list_heap = h;
            }
            if (l == NULL || h == NULL) {
                loop->error = SIM_ENOMEM;
                return NIL;
            }
            loop->list_cap = cap;
        }
        list = loop->list_count++;
    }
    if ((loop->list_map_used + 1) * 2 > loop->list_map_cap && !map_grow(loop)) {
        return NIL;
    }
    /* lib/internal/timers.js TimersList: a fresh id from the global counter. */
    loop->lists[list] = (struct timer_list){msecs, expiry, loop->next_list_id++, NIL, NIL, NIL,
                                            NIL, true};
    map_put(loop, list);
    heap_set(loop, loop->list_heap_len++, list);
    heap_up(loop, loop->list_heap_len - 1);
    return list;
}

/* Drops a list that is in neither the map nor the heap any more. */
static void list_release(struct sim_loop *loop, uint32_t list)
{
    struct timer_list *l = &loop->lists[list];
    if (l->live && l->heap_pos == NIL && map_get(loop, l->msecs) != list) {
        l->live = false;
        l->next_free = loop->list_free;
        loop->list_free = list;
    }
}

/* lib/internal/linkedlist.js remove(). */
static void list_unlink(struct sim_loop *loop, uint32_t t)
{
    struct task *task = T(loop, t);
    uint32_t list = task->u.timer.list;
    if (list == NIL) {
        return;
    }
    struct timer_list *l = &loop->lists[list];
    if (task->prev != NIL) {
        T(loop, task->prev)->next = task->next;
    } else {
        l->head = task->next;
    }
    if (task->next != NIL) {
        T(loop, task->next)->prev = task->prev;
    } else {
        l->tail = task->prev;
    }
    task->next = NIL;
    task->prev = NIL;
    task->place = PLACE_NONE;
    task->u.timer.list = NIL;
    loop->timers_linked--;
}

/* lib/internal/linkedlist.js append(): unlinks the item first. */
static void list_append(struct sim_loop *loop, uint32_t list, uint32_t t)
{
    list_unlink(loop, t);
    struct timer_list *l = &loop->lists[list];
    struct task *task = T(loop, t);
    task->prev = l->tail;
    task->next = NIL;
    task->place = PLACE_TIMER_LIST;
    task->u.timer.list = list;
    if (l->tail != NIL) {
        T(loop, l->tail)->next = t;
    } else {
        l->head = t;
    }
    l->tail = t;
    loop->timers_linked++;
}

/* ---- Node's one uv timer (src/env.cc) --------------------------------------------------- */

/* Environment::ScheduleTimer: uv_timer_start(timer_handle(), RunTimers, duration, 0). */
static void schedule_timer(struct sim_loop *loop, int64_t duration)
{
    /* libuv uv_timer_start uses the cached loop->time. */
    loop->uv_timer_due = loop->now_ms + duration;
    loop->uv_timer_active = true;
}

/* incRefCount / decRefCount: toggleTimerRef on the 0 <-> 1 transitions. */
static void inc_ref_count(struct sim_loop *loop)
{
    if (loop->timeout_refs++ == 0) {
        loop->uv_timer_refed = true;
    }
}

static void dec_ref_count(struct sim_loop *loop)
{
    if (--loop->timeout_refs == 0) {
        loop->uv_timer_refed = false;
    }
}

/* binding.getLibuvNow(): uv_update_time, then uv_now - timer_base (timer_base is 0 here). */
static int64_t get_libuv_now(struct sim_loop *loop)
{
    sim__update_time(loop);
    return loop->now_ms;
}

/* uv timer deadline relative to the cached time: uv__next_timeout in libuv src/timer.c. */
int64_t sim__next_timeout(const struct sim_loop *loop)
{
    if (!loop->uv_timer_active) {
        return -1;
    }
    int64_t diff = loop->uv_timer_due - loop->now_ms;
    return diff > 0 ? diff : 0;
}

void sim__timers_init(struct sim_loop *loop)
{
    loop->next_expiry = NEVER;
    loop->tp.pc = TP_IDLE;
    loop->tp.list = NIL;
    loop->tp.timer = NIL;
    loop->tp.running = NIL;
    map_grow(loop);
}

/* ---- Timeouts --------------------------------------------------------------------------- */

/* insert(item, msecs, start): append to the list of trunc(msecs), creating it if needed. */
static void insert(struct sim_loop *loop, uint32_t t, double delay, int64_t start)
{
    int64_t msecs = (int64_t)trunc(delay);
    T(loop, t)->u.timer.idle_start = start;
    uint32_t list = map_get(loop, msecs);
    if (list == NIL) {
        int64_t expiry = start + msecs;
        list = list_new(loop, msecs, expiry);
        if (list == NIL) {
            return; /* out of memory: loop->error is set */
        }
        if (loop->next_expiry > expiry) {
            schedule_timer(loop, msecs);
            loop->next_expiry = expiry;
        }
    }
    list_append(loop, list, t);
}

/* Frees a finished Timeout unless a name can still reach it (refresh re-arms a fired one). */
static void maybe_free(struct sim_loop *loop, uint32_t t)
{
    struct task *task = T(loop, t);
    if (task->stmt == NIL || loop->prog->stmts[task->stmt].id == NULL ||
        task->u.timer.idle_timeout < 0) {
        sim__task_free(loop, t);
    }
}

static void emit_timer_event(struct sim_loop *loop, uint32_t t, enum sim_reason reason)
{
    const struct timeout_part *tm = &T(loop, t)->u.timer;
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, reason, t);
    sim__emit_label_of(loop, pe, t);
    pe->ev.arg_a = (int64_t)trunc(tm->idle_timeout);
    pe->ev.arg_b = tm->idle_start + (int64_t)trunc(tm->idle_timeout);
}

/*
 * setTimeout / setInterval (lib/timers.js, and the Timeout constructor's clamp). Returns the
 * Timeout; an `unref: true` is the caller's next step.
 */
uint32_t sim__timer_start(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket,
                          bool repeat)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    double after = s->delay;
    bool clamped = !(after >= 1 && after <= TIMEOUT_MAX);
    if (clamped) {
        after = 1;
    }
    uint32_t t = sim__task_new(loop, TASK_TIMEOUT, stmt, env, socket);
    struct timeout_part *tm = &T(loop, t)->u.timer;
    tm->idle_timeout = after;
    tm->repeat = repeat ? after : 0;
    tm->has_callback = true;
    tm->list = NIL;
    tm->runs_left = s->times;
    tm->refed = true;
    inc_ref_count(loop);
    if (s->id != NULL) {
        sim__id_bind(loop, s->id, env, t);
    }
    insert(loop, t, after, get_libuv_now(loop));
    if (clamped) {
        struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_CLAMP, t);
        sim__emit_label_of(loop, pe, t);
        char buf[40];
        /* The delay as written, for the sentence; %g-like without stdio. */
        pe->ev.arg_b = T(loop, t)->u.timer.idle_start + 1;
        if (isnan(s->delay)) {
            sim__emit_text(loop, pe, "NaN");
        } else {
            int64_t whole = (int64_t)s->delay;
            uint32_t n = 0;
            uint64_t u = whole < 0 ? (uint64_t)-whole : (uint64_t)whole;
            char digits[24];
            int d = 0;
            do {
                digits[d++] = (char)('0' + u % 10);
                u /= 10;
            } while (u > 0);
            if (s->delay < 0) {
                buf[n++] = '-';
            }
            while (d > 0) {
                buf[n++] = digits[--d];
            }
            if (s->delay != (double)whole) {
                buf[n++] = '.';
                buf[n++] = '.';
                buf[n++] = '.';
            }
            buf[n] = '\0';
            sim__emit_text(loop, pe, buf);
        }
    } else {
        bool truncated = after != trunc(after);
        emit_timer_event(loop, t,
                         truncated ? SIM_REASON_SCHED_TIMER_TRUNC : SIM_REASON_SCHED_TIMER);
    }
    return t;
}

/* Timeout.prototype.ref / unref. */
void sim__timer_set_ref(struct sim_loop *loop, uint32_t t, bool refed)
{
    struct timeout_part *tm = &T(loop, t)->u.timer;
    if (tm->refed != refed) {
        tm->refed = refed;
        if (!tm->destroyed) {
            refed ? inc_ref_count(loop) : dec_ref_count(loop);
        }
    }
    struct pending_event *pe =
        sim__emit(loop, SIM_EVENT_SCHEDULE, refed ? SIM_REASON_SCHED_REF : SIM_REASON_SCHED_UNREF,
                  t);
    sim__emit_label_of(loop, pe, t);
}

/* clearTimeout -> unenroll (lib/timers.js). */
static void unenroll(struct sim_loop *loop, uint32_t t)
{
    struct timeout_part *tm = &T(loop, t)->u.timer;
    if (tm->destroyed) {
        return;
    }
    tm->destroyed = true;
    list_unlink(loop, t);
    /* Only ref'd lists are deleted when they empty ("unrefed ones are likely to come back"). */
    if (tm->refed) {
        int64_t msecs = (int64_t)trunc(tm->idle_timeout);
        uint32_t list = map_get(loop, msecs);
        if (list != NIL && loop->lists[list].head == NIL) {
            heap_remove(loop, list);
            map_delete(loop, msecs);
            list_release(loop, list);
        }
        dec_ref_count(loop);
    }
    tm->idle_timeout = -1;
}

void sim__timer_clear(struct sim_loop *loop, uint32_t t)
{
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_CLEAR, t);
    sim__emit_label_of(loop, pe, t);
    if (!T(loop, t)->u.timer.has_callback) {
        return;
    }
    T(loop, t)->u.timer.has_callback = false;
    unenroll(loop, t);
    /* The peeked or running timer is retired by the pass itself. */
    if (T(loop, t)->u.timer.list == NIL && loop->tp.timer != t && loop->tp.running != t) {
        maybe_free(loop, t);
    }
}

/*
 * The Timeout's side of clearImmediate(timeout) (immediates.c runs the rest): Node checks
 * _destroyed, sets it, nulls [kRefed] without decRefCount (timeoutInfo keeps the ref), and
 * immediateQueue.remove() follows the Timeout's own _idleNext/_idlePrev, so it leaves its timer
 * list, which stays where it is even when empty. Returns false when it was _destroyed already
 * (Node returns at once); *refed says whether it was [kRefed].
 */
bool sim__timer_unlink_as_immediate(struct sim_loop *loop, uint32_t t, bool *refed)
{
    struct timeout_part *tm = &T(loop, t)->u.timer;
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_CLEAR, t);
    sim__emit_label_of(loop, pe, t);
    if (tm->destroyed) {
        return false;
    }
    sim__emit_text(loop, pe,
                   "clearImmediate() of a Timeout: unlinked as if it were an "
                   "Immediate, and Node's immediate counts go one down");
    *refed = tm->refed;
    tm->destroyed = true;
    tm->refed = false;
    list_unlink(loop, t);
    return true;
}

/* Timeout.prototype.refresh -> insertGuarded(item, refed): re-append with a fresh start. */
void sim__timer_refresh(struct sim_loop *loop, uint32_t t)
{
    struct timeout_part *tm = &T(loop, t)->u.timer;
    if (tm->idle_timeout < 0) {
        return;
    }
    insert(loop, t, tm->idle_timeout, get_libuv_now(loop));
    if (tm->destroyed) {
        tm->destroyed = false;
        if (tm->refed) {
            inc_ref_count(loop);
        }
    }
    emit_timer_event(loop, t, SIM_REASON_SCHED_REFRESH);
}

/* ---- The timers phase ------------------------------------------------------------------- */

/*
 * libuv uv__run_timers, then Node's RunTimers: if the uv timer is due, stop it and start a
 * processTimers pass with `now` read once. Returns false when the timer is not due.
 */
bool sim__timers_pass_begin(struct sim_loop *loop)
{
    struct timers_pass *tp = &loop->tp;
    memset(tp, 0, sizeof(*tp));
    tp->list = NIL;
    tp->timer = NIL;
    tp->running = NIL;
    if (!loop->uv_timer_active || loop->uv_timer_due > loop->now_ms) {
        tp->pc = TP_IDLE;
        return false;
    }
    loop->uv_timer_active = false;
    tp->now = get_libuv_now(loop);
    loop->next_expiry = NEVER;
    tp->pc = TP_PEEK_LIST;
    return true;
}

static bool limit_reached(const struct sim_loop *loop)
{
    uint32_t limit = loop->cfg->limits[SIM_PHASE_TIMERS];
    return limit > 0 && loop->tp.ran >= limit;
}

/* processTimers: the earliest list, or the end of the pass. */
static bool peek_list(struct sim_loop *loop)
{
    struct timers_pass *tp = &loop->tp;
    if (loop->list_heap_len == 0) {
        tp->ret = 0;
        tp->pc = TP_FINISH;
        return false;
    }
    uint32_t list = loop->list_heap[0];
    int64_t expiry = loop->lists[list].expiry;
    if (expiry > tp->now || limit_reached(loop)) {
        if (limit_reached(loop) && expiry <= tp->now) {
            struct pending_event *pe =
                sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_PHASE_LIMIT, NIL);
            pe->ev.arg_a = loop->cfg->limits[SIM_PHASE_TIMERS];
        }
        loop->next_expiry = expiry;
        tp->ret = loop->timeout_refs > 0 ? expiry : -expiry;
        tp->pc = TP_FINISH;
        return false;
    }
    tp->list = list;
    tp->pc = TP_LIST_READY;
    if (tp->ran_list) {
        sim__drain_start(loop, DRAIN_TICKS); /* runNextTicks() between lists */
        return true;
    }
    tp->ran_list = true;
    return false;
}

/* listOnTimeout: the head of the current list, if it is due. */
static bool peek_timer(struct sim_loop *loop)
{
    struct timers_pass *tp = &loop->tp;
    struct timer_list *l = &loop->lists[tp->list];
    uint32_t t = l->head;
    if (t == NIL) {
        /* The list ran dry: delete it, unless clearTimeout already replaced it in the map. */
        if (map_get(loop, l->msecs) == tp->list) {
            map_delete(loop, l->msecs);
            heap_remove(loop, tp->list);
            list_release(loop, tp->list);
        }
        tp->pc = TP_PEEK_LIST;
        return false;
    }
    int64_t diff = tp->now - T(loop, t)->u.timer.idle_start;
    if (diff < l->msecs) {
        /* Too early for this list's head: re-key the list with a fresh (newest) id. */
        int64_t due = T(loop, t)->u.timer.idle_start + l->msecs;
        l->expiry = due > tp->now + 1 ? due : tp->now + 1;
        l->id = loop->next_list_id++;
        heap_down(loop, l->heap_pos);
        tp->pc = TP_PEEK_LIST;
        return false;
    }
    if (limit_reached(loop)) {
        tp->pc = TP_PEEK_LIST;
        return peek_list(loop);
    }
    tp->timer = t;
    tp->pc = TP_TIMER_READY;
    if (tp->ran_timer) {
        sim__drain_start(loop, DRAIN_TICKS); /* runNextTicks() between timers */
        return true;
    }
    tp->ran_timer = true;
    return false;
}

/*
 * The `finally` of listOnTimeout, once the timer's callback returned: an interval is re-armed
 * from `start`, read before its callback; a Timeout is retired.
 */
void sim__after_timer(struct sim_loop *loop, uint32_t t, int64_t start)
{
    loop->tp.running = NIL;
    struct timeout_part *tm = &T(loop, t)->u.timer;
    /* setInterval `times`: the callback's last statement is, in effect, clearInterval(self). */
    if (tm->repeat > 0 && tm->runs_left > 0 && --tm->runs_left == 0 && tm->has_callback) {
        tm->has_callback = false;
        unenroll(loop, t);
    }
    if (tm->repeat > 0 && tm->idle_timeout != -1) {
        tm->idle_timeout = tm->repeat;
        insert(loop, t, tm->idle_timeout, start);
    } else if (tm->list == NIL && !tm->destroyed) {
        tm->destroyed = true;
        if (tm->refed) {
            loop->timeout_refs--; /* directly, without toggleTimerRef: RunTimers decides */
        }
        maybe_free(loop, t);
    } else if (tm->list == NIL) {
        maybe_free(loop, t);
    }
}

/* Starts the peeked timer's callback. Returns true when one started. */
static bool run_timer(struct sim_loop *loop)
{
    struct timers_pass *tp = &loop->tp;
    uint32_t t = tp->timer;
    tp->pc = TP_PEEK_TIMER;
    tp->timer = NIL;
    struct timeout_part *tm = &T(loop, t)->u.timer;
    list_unlink(loop, t);
    if (!tm->has_callback) {
        if (!tm->destroyed) {
            tm->destroyed = true;
            if (tm->refed) {
                loop->timeout_refs--;
            }
        }
        maybe_free(loop, t);
        return false;
    }
    bool repeat = tm->repeat > 0;
    int64_t start = repeat ? get_libuv_now(loop) : 0; /* taken before the callback */
    int64_t msecs = (int64_t)trunc(tm->idle_timeout);
    tp->ran++;
    tp->running = t;
    enum sim_reason why = repeat ? SIM_REASON_INTERVAL_DUE : SIM_REASON_TIMER_DUE;
    sim__call(loop, t, why, msecs, tm->idle_start, AFTER_TIMER, start);
    return true;
}

/* The end of RunTimers: re-arm the uv timer for the next list, ref'd iff a ref'd timer lives. */
static void finish_pass(struct sim_loop *loop)
{
    struct timers_pass *tp = &loop->tp;
    if (tp->ret != 0) {
        int64_t duration = llabs(tp->ret) - loop->now_ms;
        schedule_timer(loop, duration > 0 ? duration : 1);
        loop->uv_timer_refed = tp->ret > 0;
    } else {
        loop->uv_timer_refed = false;
    }
    tp->pc = TP_IDLE;
    sim__drain_start(loop, DRAIN_TICKS); /* the InternalCallbackScope closes */
}

/*
 * Advances the pass by one action: a timer callback, a drain between two, or the end. Returns
 * false once the pass is over.
 */
bool sim__timers_pass_step(struct sim_loop *loop)
{
    for (;;) {
        switch (loop->tp.pc) {
        case TP_IDLE:
            return false;
        case TP_PEEK_LIST:
            if (peek_list(loop)) {
                return true;
            }
            break;
        case TP_LIST_READY:
            loop->tp.ran_timer = false;
            loop->tp.pc = TP_PEEK_TIMER;
            break;
        case TP_PEEK_TIMER:
            if (peek_timer(loop)) {
                return true;
            }
            break;
        case TP_TIMER_READY:
            if (run_timer(loop)) {
                return true;
            }
            break;
        case TP_FINISH:
            finish_pass(loop);
            return true;
        }
    }
}
