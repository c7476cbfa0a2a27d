/*
 * tui_model.c - the stepping model: frontier, snapshots, cursor, window and search (see
 * tui_model.h).
 *
 * Snapshots are taken every `snap_every` events, starting at 8,192: the engine replays several
 * million events a second, so a step back costs a few milliseconds. Memory is bounded two ways:
 * at most TUI_SNAP_MAX snapshots, and TUI_SNAP_BUDGET bytes for all of them. Past either bound
 * every other snapshot goes and the interval doubles, so a run of any length keeps a bounded
 * number, evenly spread. A scenario whose state is huge (a million pending timers: ~120 MB a
 * copy) keeps few snapshots and steps back more slowly; that is the price of the bound.
 */
#include "tui_model.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    TUI_SNAP_EVERY = 8192,          /* the first interval between snapshots, in events */
    TUI_SNAP_MAX = 512,             /* snapshots kept at most */
    TUI_DISCOVER_CHUNK = 65536,     /* events the frontier runs ahead when looking for a mark */
};

#define TUI_SNAP_BUDGET (512ULL << 20)

/* ---- Events ------------------------------------------------------------------------------ */

/* Copies src into dst, its strings into dst's own buffer. Returns 0 or -SIM_ENOMEM. */
static int event_copy(struct tui_event *dst, const struct sim_event *src)
{
    size_t label_len = src->label != NULL ? strlen(src->label) + 1 : 0;
    size_t text_len = src->text != NULL ? strlen(src->text) + 1 : 0;
    if (label_len + text_len > dst->cap) {
        size_t cap = label_len + text_len + 64;
        char *strings = realloc(dst->strings, cap);
        if (strings == NULL) {
            return -SIM_ENOMEM;
        }
        dst->strings = strings;
        dst->cap = cap;
    }
    dst->ev = *src;
    if (label_len > 0) {
        memcpy(dst->strings, src->label, label_len);
        dst->ev.label = dst->strings;
    }
    if (text_len > 0) {
        memcpy(dst->strings + label_len, src->text, text_len);
        dst->ev.text = dst->strings + label_len;
    }
    return 0;
}

static void event_finish(struct tui_event *e)
{
    free(e->strings);
    memset(e, 0, sizeof(*e));
}

/* ASCII lower case, so a search ignores case without depending on the locale. */
static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool contains(const char *hay, const char *needle)
{
    if (hay == NULL) {
        return false;
    }
    for (; *hay != '\0'; hay++) {
        size_t i = 0;
        while (needle[i] != '\0' && lower(hay[i]) == lower(needle[i])) {
            i++;
        }
        if (needle[i] == '\0') {
            return true;
        }
    }
    return false;
}

bool tui_event_matches(const struct sim_event *ev, const char *needle)
{
    return contains(ev->label, needle) || contains(ev->text, needle) ||
           contains(sim_event_name(ev->kind), needle) ||
           contains(sim_reason_key(ev->reason), needle) ||
           (ev->kind == SIM_EVENT_PHASE && contains(sim_phase_name(ev->phase), needle));
}

/* ---- Snapshots --------------------------------------------------------------------------- */

static void snapshots_thin(struct tui_model *m)
{
    m->snap_every *= 2;
    size_t kept = 1;
    for (size_t i = 1; i < m->snap_count; i++) {
        if (m->snaps[i].pos % m->snap_every == 0) {
            m->snaps[kept++] = m->snaps[i];
        } else {
            m->snap_bytes -= m->snaps[i].bytes;
            sim_loop_destroy(m->snaps[i].loop);
        }
    }
    m->snap_count = kept;
}

/* Keeps a copy of `loop`, which is after event `pos`. */
static int snapshot_take(struct tui_model *m, const struct sim_loop *loop, uint64_t pos)
{
    if (!ui_array_grow((void **)&m->snaps, &m->snap_cap, m->snap_count, sizeof(*m->snaps))) {
        return -SIM_ENOMEM;
    }
    struct sim_loop *copy = sim_loop_clone(loop);
    if (copy == NULL) {
        return -SIM_ENOMEM;
    }
    uint64_t bytes = sim_loop_footprint(copy);
    m->snaps[m->snap_count++] = (struct tui_snapshot){pos, copy, bytes};
    m->snap_bytes += bytes;
    while (m->snap_count > 1 &&
           (m->snap_count > m->snap_max || m->snap_bytes > TUI_SNAP_BUDGET)) {
        snapshots_thin(m);
    }
    return 0;
}

/* The last snapshot at or before event `pos`. */
static const struct tui_snapshot *snapshot_before(const struct tui_model *m, uint64_t pos)
{
    size_t lo = 0;
    size_t hi = m->snap_count; /* snaps[0].pos == 0 <= pos, so the answer is in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->snaps[mid].pos <= pos) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return &m->snaps[lo];
}

/* ---- Replay ------------------------------------------------------------------------------ */

/*
 * Steps `loop`, now after event *pos, until it is after event `target` (all known to exist),
 * counting in *pos; copies the last event into *last when it is not NULL.
 */
static int advance(struct sim_loop *loop, uint64_t *pos, uint64_t target, struct tui_event *last)
{
    struct sim_event ev;
    while (*pos < target) {
        int rc = sim_loop_step(loop, &ev);
        if (rc != SIM_STEP_EVENT) {
            return rc < 0 ? rc : -SIM_ESTATE; /* a replay cannot end before the frontier did */
        }
        ++*pos;
        if (*pos == target && last != NULL) {
            return event_copy(last, &ev);
        }
    }
    return 0;
}

/*
 * The snapshot a replay to event `target` starts from: the last one before it, so that the
 * replay steps through the target event itself and can copy it.
 */
static const struct tui_snapshot *replay_origin(const struct tui_model *m, uint64_t target)
{
    return snapshot_before(m, target > 0 ? target - 1 : 0);
}

/*
 * A loop after event `target` (<= known), replayed from the nearest snapshot: *out itself,
 * restored in place without allocating, or a new loop when *out is NULL.
 */
static int replay_to(struct tui_model *m, uint64_t target, struct sim_loop **out,
                     struct tui_event *last)
{
    const struct tui_snapshot *snap = replay_origin(m, target);
    struct sim_loop *loop = *out;
    if (loop != NULL && sim_loop_restore(loop, snap->loop) != 0) {
        return -SIM_ENOMEM;
    }
    if (loop == NULL && (loop = sim_loop_clone(snap->loop)) == NULL) {
        return -SIM_ENOMEM;
    }
    uint64_t pos = snap->pos;
    int rc = advance(loop, &pos, target, last);
    if (rc < 0) {
        if (loop != *out) {
            sim_loop_destroy(loop);
        }
        return rc;
    }
    *out = loop;
    return 0;
}

/* ---- The frontier ------------------------------------------------------------------------ */

/* Adds a mark when the value differs from the last one. */
static bool mark_note(struct tui_marks *mk, uint64_t pos, uint64_t value)
{
    if (mk->count > 0 && mk->items[mk->count - 1].value == value) {
        return true;
    }
    if (!ui_array_grow((void **)&mk->items, &mk->cap, mk->count, sizeof(*mk->items))) {
        return false;
    }
    mk->items[mk->count++] = (struct tui_mark){pos, value};
    return true;
}

static bool log_note(struct tui_model *m, const struct sim_event *ev)
{
    if (!ui_array_grow((void **)&m->logs, &m->log_cap, m->log_count, sizeof(*m->logs))) {
        return false;
    }
    size_t len = strlen(ev->text);
    size_t offset = m->log_text.len;
    ui_buf_put(&m->log_text, ev->text, len);
    if (m->log_text.oom) {
        return false;
    }
    m->logs[m->log_count++] = (struct tui_log){ev->seq, offset, len};
    return true;
}

/* Records what navigation needs from event `known`, just discovered. */
static int record(struct tui_model *m, const struct sim_event *ev)
{
    bool ok = mark_note(&m->marks[TUI_MARK_PHASE], m->known, ev->phase) &&
              mark_note(&m->marks[TUI_MARK_ITERATION], m->known, ev->iteration) &&
              mark_note(&m->marks[TUI_MARK_TIME], m->known, ev->time_ns);
    if (ok && ev->kind == SIM_EVENT_LOG && ev->text != NULL) {
        ok = log_note(m, ev);
    }
    if (!ok) {
        return -SIM_ENOMEM;
    }
    return m->known % m->snap_every == 0 ? snapshot_take(m, m->front, m->known) : 0;
}

int tui_model_discover(struct tui_model *m, uint64_t upto)
{
    struct sim_event ev;
    while (m->known < upto && !m->ended) {
        int rc = sim_loop_step(m->front, &ev);
        if (rc == SIM_STEP_DONE) {
            m->ended = true;
            break;
        }
        if (rc == SIM_STEP_EVENT) {
            m->known++;
            rc = record(m, &ev);
        }
        if (rc == 0 && ev.kind == SIM_EVENT_STOP) {
            rc = event_copy(&m->stop, &ev);
        }
        if (rc < 0) {
            m->error = -rc;
            m->ended = true;
            return rc;
        }
    }
    return 0;
}

/* ---- The cursor -------------------------------------------------------------------------- */

int tui_model_seek(struct tui_model *m, uint64_t target)
{
    if (target > m->known) {
        int rc = tui_model_discover(m, target);
        if (rc < 0) {
            return rc;
        }
        target = target < m->known ? target : m->known;
    }
    if (target == m->pos) {
        return 0;
    }
    const struct tui_snapshot *snap = replay_origin(m, target);
    if (target > m->pos && target - m->pos <= target - snap->pos) {
        return advance(m->loop, &m->pos, target, &m->cur);
    }
    int rc = replay_to(m, target, &m->loop, &m->cur);
    if (rc < 0) {
        return rc;
    }
    m->pos = target;
    return 0;
}

bool tui_model_at_end(const struct tui_model *m)
{
    return m->ended && m->pos == m->known;
}

/* ---- Marks and logs ---------------------------------------------------------------------- */

/* The number of marks at or before event pos (marks are in position order). */
static size_t marks_upto(const struct tui_marks *mk, uint64_t pos)
{
    size_t lo = 0;
    size_t hi = mk->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (mk->items[mid].pos <= pos) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

int tui_model_find_mark(struct tui_model *m, enum tui_mark_kind kind, uint64_t pos, int dir,
                        uint64_t *out)
{
    const struct tui_marks *mk = &m->marks[kind];
    if (dir < 0) {
        size_t before = pos > 0 ? marks_upto(mk, pos - 1) : 0;
        if (before == 0) {
            return 0;
        }
        *out = mk->items[before - 1].pos;
        return 1;
    }
    for (;;) {
        size_t i = marks_upto(mk, pos);
        if (i < mk->count) {
            *out = mk->items[i].pos;
            return 1;
        }
        if (m->ended) {
            return 0;
        }
        int rc = tui_model_discover(m, m->known + TUI_DISCOVER_CHUNK);
        if (rc < 0) {
            return rc;
        }
    }
}

int tui_model_find_time(struct tui_model *m, uint64_t ns, uint64_t *out)
{
    const struct tui_marks *mk = &m->marks[TUI_MARK_TIME];
    for (;;) {
        /* The clock never goes back: the first mark past ns starts the events after ns. */
        size_t lo = 0;
        size_t hi = mk->count;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (mk->items[mid].value <= ns) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo < mk->count) {
            *out = mk->items[lo].pos - 1;
            return 1;
        }
        if (m->ended) {
            *out = m->known;
            return mk->count > 0 && mk->items[mk->count - 1].value == ns ? 1 : 0;
        }
        int rc = tui_model_discover(m, m->known + TUI_DISCOVER_CHUNK);
        if (rc < 0) {
            return rc;
        }
    }
}

uint64_t tui_model_mark_value(const struct tui_model *m, enum tui_mark_kind kind, uint64_t pos)
{
    size_t n = marks_upto(&m->marks[kind], pos);
    return n > 0 ? m->marks[kind].items[n - 1].value : 0;
}

size_t tui_model_log_count(const struct tui_model *m, uint64_t pos)
{
    size_t lo = 0;
    size_t hi = m->log_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->logs[mid].pos <= pos) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

const char *tui_model_log(const struct tui_model *m, size_t i, size_t *len, uint64_t *pos)
{
    *len = m->logs[i].len;
    *pos = m->logs[i].pos;
    return m->log_text.data + m->logs[i].offset;
}

/* ---- The window -------------------------------------------------------------------------- */

static void reverse(struct tui_event *e, size_t n)
{
    for (size_t i = 0; i < n / 2; i++) {
        struct tui_event t = e[i];
        e[i] = e[n - 1 - i];
        e[n - 1 - i] = t;
    }
}

/* Drops the first k events of the window, keeping their buffers for reuse at the end. */
static void window_drop(struct tui_window *w, size_t k)
{
    reverse(w->events, k);
    reverse(w->events + k, w->cap - k);
    reverse(w->events, w->cap);
    w->first += k;
    w->count -= k;
}

/*
 * Starts the window empty at event `first`, with a loop replayed to just before it: its own loop
 * restored in place from the nearest snapshot (a copy into memory it already has, since a loop
 * with a million pending timers is tens of megabytes), or a new one the first time.
 */
static int window_reset(struct tui_model *m, uint64_t first)
{
    struct tui_window *w = &m->window;
    w->first = first;
    w->count = 0;
    int rc = replay_to(m, first - 1, &w->loop, NULL);
    if (rc < 0) {
        sim_loop_destroy(w->loop); /* a failed restore leaves a loop that can only be freed */
        w->loop = NULL;
    }
    return rc;
}

static bool window_reserve(struct tui_window *w, size_t n)
{
    if (n <= w->cap) {
        return true;
    }
    struct tui_event *events = realloc(w->events, n * sizeof(*events));
    if (events == NULL) {
        return false;
    }
    memset(events + w->cap, 0, (n - w->cap) * sizeof(*events));
    w->events = events;
    w->cap = n;
    return true;
}

const struct tui_event *tui_model_window(struct tui_model *m, uint64_t first, size_t count,
                                         size_t *got)
{
    struct tui_window *w = &m->window;
    *got = 0;
    first = first > 0 ? first : 1;
    uint64_t end = first + count < m->known + 1 ? first + count : m->known + 1;
    if (first >= end) {
        return w->events;
    }
    /* Slide forward when the new range starts inside (or right after) the window. */
    bool slide = w->loop != NULL && first >= w->first && first <= w->first + w->count &&
                 end <= w->first + w->count + m->snap_every;
    if (!slide && window_reset(m, first) < 0) {
        return NULL;
    }
    if (first > w->first) {
        window_drop(w, (size_t)(first - w->first));
    }
    if (!window_reserve(w, (size_t)(end - first))) {
        return NULL;
    }
    struct sim_event ev;
    while (w->first + w->count < end) {
        if (sim_loop_step(w->loop, &ev) != SIM_STEP_EVENT ||
            event_copy(&w->events[w->count], &ev) < 0) {
            sim_loop_destroy(w->loop);
            w->loop = NULL;
            w->count = 0;
            return NULL;
        }
        w->count++;
    }
    *got = (size_t)(end - first);
    return w->events;
}

/* ---- Search ------------------------------------------------------------------------------ */

void tui_search_begin(struct tui_search *s, const char *needle, uint64_t from)
{
    memset(s, 0, sizeof(*s));
    strncpy(s->needle, needle, sizeof(s->needle) - 1);
    s->start = from;
    s->next = from + 1;
}

int tui_search_step(struct tui_model *m, struct tui_search *s, uint64_t budget,
                    uint64_t *found)
{
    struct sim_event ev;
    for (uint64_t looked = 0; looked < budget; looked++) {
        if (s->wrapped && s->next > s->start) {
            return TUI_SEARCH_NONE;
        }
        if (s->next > m->known && !m->ended) {
            int rc = tui_model_discover(m, m->known + TUI_DISCOVER_CHUNK);
            if (rc < 0) {
                return rc;
            }
        }
        if (s->next > m->known) {
            if (s->wrapped || s->start == 0) {
                return TUI_SEARCH_NONE;
            }
            s->wrapped = true;
            s->next = 1;
            sim_loop_destroy(s->loop);
            s->loop = NULL;
        }
        if (s->loop == NULL) {
            int rc = replay_to(m, s->next - 1, &s->loop, NULL);
            if (rc < 0) {
                return rc;
            }
        }
        int rc = sim_loop_step(s->loop, &ev);
        if (rc != SIM_STEP_EVENT) {
            return rc < 0 ? rc : -SIM_ESTATE;
        }
        if (tui_event_matches(&ev, s->needle)) {
            *found = s->next++;
            return TUI_SEARCH_FOUND;
        }
        s->next++;
    }
    return TUI_SEARCH_MORE;
}

void tui_search_finish(struct tui_search *s)
{
    if (s == NULL) {
        return;
    }
    sim_loop_destroy(s->loop);
    s->loop = NULL;
}

/* ---- Lifecycle --------------------------------------------------------------------------- */

struct tui_model *tui_model_create(const struct sim_program *prog)
{
    return tui_model_create_branch(prog, NULL, 0);
}

const struct sim_choice *tui_model_choice_at(const struct tui_model *m, uint64_t seq,
                                             size_t *index)
{
    const struct sim_choice *c;
    for (size_t i = 0; (c = sim_loop_choice_at(m->front, i)) != NULL; i++) {
        if (c->event_seq == seq) {
            *index = i;
            return c;
        }
        if (c->event_seq > seq) {
            break; /* recorded in the order they arise */
        }
    }
    return NULL;
}

struct tui_model *tui_model_create_branch(const struct sim_program *prog, const uint32_t *taken,
                                          size_t count)
{
    struct tui_model *m = calloc(1, sizeof(*m));
    if (m == NULL) {
        return NULL;
    }
    m->prog = prog;
    m->snap_every = TUI_SNAP_EVERY;
    m->snap_max = TUI_SNAP_MAX;
    ui_buf_init(&m->log_text);
    m->loop = sim_loop_create(prog);
    m->front = sim_loop_create(prog);
    if (m->loop == NULL || m->front == NULL ||
        sim_loop_set_choices(m->loop, NULL, taken, count) != 0 ||
        sim_loop_set_choices(m->front, NULL, taken, count) != 0 ||
        snapshot_take(m, m->front, 0) < 0) {
        tui_model_destroy(m);
        return NULL;
    }
    return m;
}

void tui_model_destroy(struct tui_model *m)
{
    if (m == NULL) {
        return;
    }
    sim_loop_destroy(m->loop);
    sim_loop_destroy(m->front);
    for (size_t i = 0; i < m->snap_count; i++) {
        sim_loop_destroy(m->snaps[i].loop);
    }
    free(m->snaps);
    for (size_t k = 0; k < TUI_MARK_KIND_COUNT; k++) {
        free(m->marks[k].items);
    }
    free(m->logs);
    ui_buf_finish(&m->log_text);
    sim_loop_destroy(m->window.loop);
    for (size_t i = 0; i < m->window.cap; i++) {
        event_finish(&m->window.events[i]);
    }
    free(m->window.events);
    event_finish(&m->cur);
    event_finish(&m->stop);
    free(m);
}
