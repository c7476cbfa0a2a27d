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

/* lib/internal/timers.js compareTimersLists: by expiry, then by id (creation or re-key order). */
bool sim__list_less(const void *ctx, uint32_t a, uint32_t b)
{
    const struct sim_loop *loop = ctx;
    const struct timer_list *la = &loop->timers.lists[a];
    const struct timer_list *lb = &loop->timers.lists[b];
    if (la->expiry != lb->expiry) {
        return la->expiry < lb->expiry;
    }
    return la->id < lb->id;
}

static void list_moved(void *ctx, uint32_t list, uint32_t pos)
{
    struct sim_loop *loop = ctx;
    loop->timers.lists[list].heap_pos = pos;
}

static const struct heap_order list_order = {sim__list_less, list_moved};

static void heap_remove(struct sim_loop *loop, uint32_t list)
{
    heap_remove_at(&loop->timers.heap, &list_order, loop, loop->timers.lists[list].heap_pos);
    loop->timers.lists[list].heap_pos = SIM_NONE;
}

/* ---- The map of lists by duration (timerListMap): linear probing ------------------------ */

static uint32_t map_hash(int64_t msecs, uint32_t cap)
{
    uint64_t h = (uint64_t)msecs * 0x9E3779B97F4A7C15ULL;
    return (uint32_t)(h >> 32) & (cap - 1);
}

static uint32_t map_get(const struct sim_loop *loop, int64_t msecs)
{
    uint32_t mask = loop->timers.map_cap - 1;
    for (uint32_t i = map_hash(msecs, loop->timers.map_cap);; i = (i + 1) & mask) {
        uint32_t list = loop->timers.map[i];
        if (list == SIM_NONE || loop->timers.lists[list].msecs == msecs) {
            return list;
        }
    }
}

static void map_put(struct sim_loop *loop, uint32_t list)
{
    uint32_t mask = loop->timers.map_cap - 1;
    uint32_t i = map_hash(loop->timers.lists[list].msecs, loop->timers.map_cap);
    while (loop->timers.map[i] != SIM_NONE) {
        i = (i + 1) & mask;
    }
    loop->timers.map[i] = list;
    loop->timers.map_used++;
}

/* Deletes by backward shifting (Knuth 6.4, algorithm R), so no tombstones accumulate. */
static void map_delete(struct sim_loop *loop, int64_t msecs)
{
    uint32_t mask = loop->timers.map_cap - 1;
    uint32_t i = map_hash(msecs, loop->timers.map_cap);
    while (loop->timers.lists[loop->timers.map[i]].msecs != msecs) {
        i = (i + 1) & mask;
    }
    loop->timers.map[i] = SIM_NONE;
    loop->timers.map_used--;
    for (uint32_t j = (i + 1) & mask; loop->timers.map[j] != SIM_NONE; j = (j + 1) & mask) {
        uint32_t list = loop->timers.map[j];
        uint32_t home = map_hash(loop->timers.lists[list].msecs, loop->timers.map_cap);
        bool movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
        if (movable) {
            loop->timers.map[i] = list;
            loop->timers.map[j] = SIM_NONE;
            i = j;
        }
    }
}

static bool map_grow(struct sim_loop *loop)
{
    uint32_t old_cap = loop->timers.map_cap;
    uint32_t *old = loop->timers.map;
    uint32_t cap = old_cap ? old_cap * 2 : 64;
    loop->timers.map = malloc(sizeof(uint32_t) * cap);
    if (loop->timers.map == NULL) {
        loop->timers.map = old;
        loop->error = SIM_ENOMEM;
        return false;
    }
    loop->bounds.grew = true;
    loop->timers.map_cap = cap;
    loop->timers.map_used = 0;
    memset(loop->timers.map, 0xff, sizeof(uint32_t) * cap);
    for (uint32_t i = 0; i < old_cap; i++) {
        if (old[i] != SIM_NONE) {
            map_put(loop, old[i]);
        }
    }
    free(old);
    return true;
}

/* ---- Lists ------------------------------------------------------------------------------ */

static uint32_t list_new(struct sim_loop *loop, int64_t msecs, int64_t expiry)
{
    struct timers_state *ts = &loop->timers;
    uint32_t list = ts->list_free;
    if (list != SIM_NONE) {
        ts->list_free = ts->lists[list].next_free;
    } else if (sim__grow(loop, (void **)&ts->lists, &ts->list_cap, sizeof(struct timer_list),
                         ts->list_count + 1)) {
        list = ts->list_count++;
    } else {
        return SIM_NONE; /* out of memory: loop->error is set */
    }
    if (!sim__grow(loop, (void **)&ts->heap.items, &ts->heap_cap, sizeof(uint32_t),
                   ts->heap.len + 1) ||
        ((ts->map_used + 1) * 2 > ts->map_cap && !map_grow(loop))) {
        return SIM_NONE;
    }
    /* lib/internal/timers.js TimersList: a fresh id from the global counter. */
    struct timer_list *l = &ts->lists[list];
    *l = (struct timer_list){.msecs = msecs, .expiry = expiry, .id = ts->next_list_id++,
                             .heap_pos = SIM_NONE, .next_free = SIM_NONE, .live = true};
    queue_init(&l->timeouts);
    map_put(loop, list);
    heap_push(&ts->heap, &list_order, loop, list);
    return list;
}

/* Drops a list that is in neither the map nor the heap any more. */
static void list_release(struct sim_loop *loop, uint32_t list)
{
    struct timer_list *l = &loop->timers.lists[list];
    if (l->live && l->heap_pos == SIM_NONE && map_get(loop, l->msecs) != list) {
        l->live = false;
        l->next_free = loop->timers.list_free;
        loop->timers.list_free = list;
    }
}

/* lib/internal/linkedlist.js remove(). */
static void list_unlink(struct sim_loop *loop, uint32_t t)
{
    struct timeout_part *tm = &task_at(loop, t)->u.timer;
    if (tm->list == SIM_NONE) {
        return;
    }
    sim__queue_remove(loop, &loop->timers.lists[tm->list].timeouts, t);
    tm->list = SIM_NONE;
    loop->timers.linked--;
}

/* lib/internal/linkedlist.js append(): unlinks the item first. */
static void list_append(struct sim_loop *loop, uint32_t list, uint32_t t)
{
    list_unlink(loop, t);
    sim__queue_push(loop, &loop->timers.lists[list].timeouts, t, PLACE_TIMER_LIST);
    task_at(loop, t)->u.timer.list = list;
    loop->timers.linked++;
}

/* ---- Node's one uv timer (src/env.cc) --------------------------------------------------- */

/* Environment::ScheduleTimer: uv_timer_start(timer_handle(), RunTimers, duration, 0). */
static void schedule_timer(struct sim_loop *loop, int64_t duration)
{
    /* libuv uv_timer_start uses the cached loop->time. */
    loop->timers.uv_due = loop->now_ms + duration;
    loop->timers.uv_active = true;
}

/* incRefCount / decRefCount: toggleTimerRef on the 0 <-> 1 transitions. */
static void inc_ref_count(struct sim_loop *loop)
{
    if (loop->timers.refs++ == 0) {
        loop->timers.uv_refed = true;
    }
}

static void dec_ref_count(struct sim_loop *loop)
{
    if (--loop->timers.refs == 0) {
        loop->timers.uv_refed = false;
    }
}

/* binding.getLibuvNow(): uv_update_time, then uv_now - timer_base (timer_base is 0 here). */
static int64_t get_libuv_now(struct sim_loop *loop)
{
    sim__update_time(loop);
    return loop->now_ms;
}

/* The least expiry above `expiry` in the subtree of the list heap at `pos`, or NEVER. */
static int64_t expiry_after(const struct sim_loop *loop, uint32_t pos, int64_t expiry)
{
    const struct timers_state *ts = &loop->timers;
    if (pos >= ts->heap.len) {
        return NEVER;
    }
    int64_t here = ts->lists[ts->heap.items[pos]].expiry;
    if (here > expiry) {
        return here; /* the heap's order: nothing below it expires earlier */
    }
    int64_t left = expiry_after(loop, 2 * pos + 1, expiry);
    int64_t right = expiry_after(loop, 2 * pos + 2, expiry);
    return left < right ? left : right;
}

/*
 * The earliest timer list expiry after `expiry` (loop ms), or NEVER: what a late timers pass
 * would run beside the lists due at `expiry` (races.c's poll-late choice point).
 */
int64_t sim__timers_expiry_after(const struct sim_loop *loop, int64_t expiry)
{
    return expiry_after(loop, 0, expiry);
}

/* uv timer deadline relative to the cached time: uv__next_timeout in libuv src/timer.c. */
int64_t sim__next_timeout(const struct sim_loop *loop)
{
    if (!loop->timers.uv_active) {
        return -1;
    }
    int64_t diff = loop->timers.uv_due - loop->now_ms;
    return diff > 0 ? diff : 0;
}

void sim__timers_init(struct sim_loop *loop)
{
    loop->timers.list_free = SIM_NONE;
    loop->timers.next_expiry = NEVER;
    loop->timers.pass.pc = TP_IDLE;
    loop->timers.pass.list = SIM_NONE;
    loop->timers.pass.timer = SIM_NONE;
    loop->timers.pass.running = SIM_NONE;
    map_grow(loop);
}

/* ---- Timeouts --------------------------------------------------------------------------- */

/* insert(item, msecs, start): append to the list of msecs, creating it if needed. */
static void insert(struct sim_loop *loop, uint32_t t, int64_t msecs, int64_t start)
{
    task_at(loop, t)->u.timer.idle_start = start;
    uint32_t list = map_get(loop, msecs);
    if (list == SIM_NONE) {
        int64_t expiry = start + msecs;
        list = list_new(loop, msecs, expiry);
        if (list == SIM_NONE) {
            return; /* out of memory: loop->error is set */
        }
        if (loop->timers.next_expiry > expiry) {
            schedule_timer(loop, msecs);
            loop->timers.next_expiry = expiry;
        }
    }
    list_append(loop, list, t);
}

/* Frees a finished Timeout unless a name can still reach it (refresh re-arms a fired one). */
static void maybe_free(struct sim_loop *loop, uint32_t t)
{
    struct task *task = task_at(loop, t);
    if (task->stmt == SIM_NONE || loop->prog->stmts[task->stmt].id == NULL ||
        task->u.timer.msecs < 0) {
        sim__task_free(loop, t);
    }
}

static void emit_timer_event(struct sim_loop *loop, uint32_t t, enum sim_reason reason)
{
    const struct timeout_part *tm = &task_at(loop, t)->u.timer;
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, reason, t);
    sim__emit_label_of(loop, pe, t);
    pe->ev.arg_a = tm->msecs;
    pe->ev.arg_b = tm->idle_start + tm->msecs;
}

/*
 * A delay as written, for the clamp's sentence, without stdio: its whole part, then "..." when
 * it has a fraction ("-2..."); past 2^64, a mantissa of six digits and a power of ten
 * ("1.5e+300"), as JavaScript writes large numbers. buf holds 40 bytes.
 */
static void format_delay(double delay, char *buf)
{
    uint32_t n = 0;
    if (isnan(delay)) {
        memcpy(buf, "NaN", 4);
        return;
    }
    double mag = fabs(delay);
    if (delay < 0) {
        buf[n++] = '-';
    }
    if (mag < 18446744073709551616.0) { /* 2^64: the whole part fits in a uint64_t */
        n += (uint32_t)sim_format_u64(buf + n, (uint64_t)mag);
        if (mag != trunc(mag)) {
            memcpy(buf + n, "...", 3);
            n += 3;
        }
    } else {
        int exp10 = (int)floor(log10(mag));
        uint64_t m = (uint64_t)llround(mag / pow(10.0, exp10 - 5)); /* six digits */
        if (m >= 1000000) {
            m /= 10;
            exp10++;
        }
        while (m % 10 == 0 && m >= 10) {
            m /= 10;
        }
        char digits[20];
        uint32_t d = (uint32_t)sim_format_u64(digits, m);
        buf[n++] = digits[0];
        if (d > 1) {
            buf[n++] = '.';
            memcpy(buf + n, digits + 1, d - 1);
            n += d - 1;
        }
        memcpy(buf + n, "e+", 2);
        n += 2;
        n += (uint32_t)sim_format_u64(buf + n, (uint64_t)exp10);
    }
    buf[n] = '\0';
}

/*
 * setTimeout / setInterval (lib/timers.js, and the Timeout constructor's clamp). Returns the
 * Timeout; an `unref: true` is the caller's next step.
 */
uint32_t sim__timer_start(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket,
                          bool repeat)
{
    return sim__timer_start_delay(loop, stmt, env, socket, repeat, loop->prog->stmts[stmt].delay);
}

/* sim__timer_start with the delay given (a JavaScript call's argument) instead of the stmt's. */
uint32_t sim__timer_start_delay(struct sim_loop *loop, uint32_t stmt, uint32_t env,
                                uint32_t socket, bool repeat, double delay)
{
    const struct sim_stmt *s = &loop->prog->stmts[stmt];
    double after = delay;
    bool clamped = !(after >= 1 && after <= TIMEOUT_MAX);
    if (clamped) {
        after = 1;
    }
    uint32_t t = sim__task_new(loop, TASK_TIMEOUT, stmt, env, socket);
    struct timeout_part *tm = &task_at(loop, t)->u.timer;
    tm->msecs = (int32_t)trunc(after); /* 1 to 2^31 - 1 after the clamp */
    tm->interval = repeat;
    tm->has_callback = true;
    tm->list = SIM_NONE;
    tm->runs_left = s->times < UINT32_MAX ? (uint32_t)s->times : 0;
    tm->refed = true;
    inc_ref_count(loop);
    if (s->id != NULL) {
        sim__id_bind(loop, s->id, env, t);
    }
    insert(loop, t, tm->msecs, get_libuv_now(loop));
    if (clamped) {
        struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_CLAMP, t);
        sim__emit_label_of(loop, pe, t);
        pe->ev.arg_b = task_at(loop, t)->u.timer.idle_start + 1;
        char written[40];
        format_delay(delay, written);
        sim__emit_text(loop, pe, written);
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
    struct timeout_part *tm = &task_at(loop, t)->u.timer;
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
    struct timeout_part *tm = &task_at(loop, t)->u.timer;
    if (tm->destroyed) {
        return;
    }
    tm->destroyed = true;
    list_unlink(loop, t);
    /* Only ref'd lists are deleted when they empty ("unrefed ones are likely to come back"). */
    if (tm->refed) {
        uint32_t list = map_get(loop, tm->msecs);
        if (list != SIM_NONE && loop->timers.lists[list].timeouts.count == 0) {
            heap_remove(loop, list);
            map_delete(loop, tm->msecs);
            list_release(loop, list);
        }
        dec_ref_count(loop);
    }
    tm->msecs = -1;
}

void sim__timer_clear(struct sim_loop *loop, uint32_t t)
{
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_CLEAR, t);
    sim__emit_label_of(loop, pe, t);
    struct timeout_part *tm = &task_at(loop, t)->u.timer;
    if (!tm->has_callback) {
        return;
    }
    tm->has_callback = false;
    unenroll(loop, t);
    /* The peeked or running timer is retired by the pass itself. */
    const struct timers_pass *tp = &loop->timers.pass;
    if (tm->list == SIM_NONE && tp->timer != t && tp->running != t) {
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
    struct timeout_part *tm = &task_at(loop, t)->u.timer;
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
    struct timeout_part *tm = &task_at(loop, t)->u.timer;
    if (tm->msecs < 0) {
        return;
    }
    insert(loop, t, tm->msecs, get_libuv_now(loop));
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
    struct timers_state *ts = &loop->timers;
    ts->pass = (struct timers_pass){
        .pc = TP_IDLE, .list = SIM_NONE, .timer = SIM_NONE, .running = SIM_NONE};
    if (!ts->uv_active || ts->uv_due > loop->now_ms) {
        return false;
    }
    ts->uv_active = false;
    ts->pass.now = get_libuv_now(loop);
    ts->next_expiry = NEVER;
    ts->pass.pc = TP_PEEK_LIST;
    return true;
}

static bool limit_reached(const struct sim_loop *loop)
{
    uint32_t limit = loop->cfg->limits[SIM_PHASE_TIMERS];
    return limit > 0 && loop->timers.pass.ran >= limit;
}

/*
 * Node 10 (v10 src/timer_wrap.cc OnTimeout): each list's uv timer makes a MakeCallback of its
 * own with now = env->GetNow(), so the callback scope of the list before closes first, draining
 * nextTicks and microtasks, and the list's `now` is read afresh. True when a drain started.
 */
static bool node10_list_begin(struct sim_loop *loop)
{
    struct timers_pass *tp = &loop->timers.pass;
    tp->now = get_libuv_now(loop);
    if (tp->ran_list) {
        sim__drain_start(loop, DRAIN_TICKS);
        return true;
    }
    tp->ran_list = true;
    return false;
}

/* processTimers: the earliest list, or the end of the pass. */
static bool peek_list(struct sim_loop *loop)
{
    struct timers_state *ts = &loop->timers;
    struct timers_pass *tp = &ts->pass;
    if (ts->heap.len == 0) {
        tp->ret = 0;
        tp->pc = TP_FINISH;
        return false;
    }
    uint32_t list = ts->heap.items[0];
    int64_t expiry = ts->lists[list].expiry;
    bool node10 = loop->cfg->node == SIM_NODE_10;
    /* Node 10: every list is a uv timer of its own, which libuv <= 1.47 uv__run_timers runs
       while its timeout <= loop->time, the cached time the callbacks' clock reads refresh. */
    if (expiry > (node10 ? loop->now_ms : tp->now) || limit_reached(loop)) {
        if (limit_reached(loop) && expiry <= tp->now) {
            struct pending_event *pe =
                sim__emit(loop, SIM_EVENT_NOTE, SIM_REASON_PHASE_LIMIT, SIM_NONE);
            pe->ev.arg_a = loop->cfg->limits[SIM_PHASE_TIMERS];
        }
        ts->next_expiry = expiry;
        tp->ret = ts->refs > 0 ? expiry : -expiry;
        tp->pc = TP_FINISH;
        return false;
    }
    tp->list = list;
    tp->pc = TP_LIST_READY;
    if (node10) {
        return node10_list_begin(loop);
    }
    if (tp->ran_list) {
        sim__drain_start_js(loop); /* runNextTicks() between lists */
        return true;
    }
    tp->ran_list = true;
    return false;
}

/* listOnTimeout: the head of the current list, if it is due. */
static bool peek_timer(struct sim_loop *loop)
{
    struct timers_pass *tp = &loop->timers.pass;
    struct timer_list *l = &loop->timers.lists[tp->list];
    uint32_t t = l->timeouts.head;
    if (t == SIM_NONE) {
        /* The list ran dry: delete it, unless clearTimeout already replaced it in the map. */
        if (map_get(loop, l->msecs) == tp->list) {
            map_delete(loop, l->msecs);
            heap_remove(loop, tp->list);
            list_release(loop, tp->list);
        }
        tp->pc = TP_PEEK_LIST;
        return false;
    }
    int64_t diff = tp->now - task_at(loop, t)->u.timer.idle_start;
    if (diff < l->msecs) {
        /* Too early for this list's head: re-key the list with a fresh (newest) id. */
        int64_t due = task_at(loop, t)->u.timer.idle_start + l->msecs;
        /* Node 10 listOnTimeout: handle.start(timeRemaining), from a fresh TimerWrap.now(). */
        int64_t floor = loop->cfg->node == SIM_NODE_10 ? get_libuv_now(loop) : tp->now;
        l->expiry = due > floor ? due : floor + 1;
        l->id = loop->timers.next_list_id++;
        heap_fix(&loop->timers.heap, &list_order, loop, l->heap_pos);
        tp->pc = TP_PEEK_LIST;
        return false;
    }
    if (limit_reached(loop)) {
        tp->pc = TP_PEEK_LIST; /* which finds the limit, says so and ends the pass */
        return false;
    }
    tp->timer = t;
    tp->pc = TP_TIMER_READY;
    if (tp->ran_timer) {
        return sim__drain_between(loop, "timer list"); /* runNextTicks() between timers */
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
    loop->timers.pass.running = SIM_NONE;
    if (loop->exec.threw) {
        /* It threw to an 'uncaughtException' listener: node RunTimers calls processTimers
           again at once, with fresh ranAtLeastOne flags, so no runNextTicks() comes before
           the next timer. */
        loop->timers.pass.ran_timer = false;
        loop->timers.pass.ran_list = false;
    }
    struct timeout_part *tm = &task_at(loop, t)->u.timer;
    /* setInterval `times`: the callback's last statement is, in effect, clearInterval(self). */
    if (tm->interval && tm->runs_left > 0 && --tm->runs_left == 0 && tm->has_callback) {
        tm->has_callback = false;
        unenroll(loop, t);
    }
    if (tm->interval && tm->msecs >= 0) {
        insert(loop, t, tm->msecs, start);
    } else if (tm->list == SIM_NONE && !tm->destroyed) {
        tm->destroyed = true;
        if (tm->refed) {
            loop->timers.refs--; /* directly, without toggleTimerRef: RunTimers decides */
        }
        maybe_free(loop, t);
    } else if (tm->list == SIM_NONE) {
        maybe_free(loop, t);
    }
}

/* Starts the peeked timer's callback. Returns true when one started. */
static bool run_timer(struct sim_loop *loop)
{
    struct timers_pass *tp = &loop->timers.pass;
    uint32_t t = tp->timer;
    tp->pc = TP_PEEK_TIMER;
    tp->timer = SIM_NONE;
    struct timeout_part *tm = &task_at(loop, t)->u.timer;
    list_unlink(loop, t);
    if (!tm->has_callback) {
        if (!tm->destroyed) {
            tm->destroyed = true;
            if (tm->refed) {
                loop->timers.refs--;
            }
        }
        maybe_free(loop, t);
        return false;
    }
    int64_t start = tm->interval ? get_libuv_now(loop) : 0; /* taken before the callback */
    tp->ran++;
    tp->running = t;
    enum sim_reason why = tm->interval ? SIM_REASON_INTERVAL_DUE : SIM_REASON_TIMER_DUE;
    sim__call(loop, t, why, tm->msecs, tm->idle_start, AFTER_TIMER, start);
    return true;
}

/* The end of RunTimers: re-arm the uv timer for the next list, ref'd iff a ref'd timer lives. */
static void finish_pass(struct sim_loop *loop)
{
    struct timers_state *ts = &loop->timers;
    if (ts->pass.ret != 0) {
        int64_t duration = llabs(ts->pass.ret) - loop->now_ms;
        schedule_timer(loop, duration > 0 ? duration : 1);
        ts->uv_refed = ts->pass.ret > 0;
    } else {
        ts->uv_refed = false;
    }
    ts->pass.pc = TP_IDLE;
    sim__drain_start(loop, DRAIN_TICKS); /* the InternalCallbackScope closes */
}

/*
 * Advances the pass by one action: a timer callback, a drain between two, or the end. Returns
 * false once the pass is over.
 */
bool sim__timers_pass_step(struct sim_loop *loop)
{
    struct timers_pass *tp = &loop->timers.pass;
    for (;;) {
        switch (tp->pc) {
        case TP_IDLE:
            return false;
        case TP_PEEK_LIST:
            if (peek_list(loop)) {
                return true;
            }
            break;
        case TP_LIST_READY:
            tp->ran_timer = false;
            tp->pc = TP_PEEK_TIMER;
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
