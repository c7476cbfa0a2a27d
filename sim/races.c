/*
 * races.c - choice points and the exploration of them (docs/races.md).
 *
 * Where real Node's order depends on timing the model takes one answer, its default. A loop
 * that was given a choice vector (sim_loop_set_choices) records every such place it meets, a
 * choice point, and takes there the alternative the vector names. sim_races_explore runs the
 * program again and again, each run flipping one more choice point of a run before it, breadth
 * first, and keeps each distinct console output with the choices of the first run that printed
 * it. Every alternative is the engine run under that choice: nothing here decides an order.
 */
#include "sim_internal.h"

#include "grow.h"

#include <stdlib.h>
#include <string.h>

/* ---- Inside a run ----------------------------------------------------------------------- */

/*
 * A choice point of `kind` arises now: records it (the first SIM_MAX_CHOICES of a run) and
 * returns the alternative to take, 0 or 1. Callers call it only with races on.
 */
uint32_t sim__choose(struct sim_loop *loop, enum sim_choice_kind kind, int64_t a, int64_t b)
{
    struct races_state *rs = &loop->races;
    uint64_t i = rs->seen++;
    if (i >= SIM_MAX_CHOICES ||
        !sim__grow(loop, (void **)&rs->points, &rs->cap, sizeof(*rs->points), rs->count + 1)) {
        return 0;
    }
    uint32_t alt = i < rs->taken_len && rs->taken[i] == 1 ? 1 : 0;
    rs->points[rs->count++] = (struct sim_choice){
        .kind = kind,
        .taken = alt,
        .event_seq = loop->events.seq + 1,
        .time_ns = loop->clock_ns,
        .arg_a = a,
        .arg_b = b,
    };
    return alt;
}

void sim_races_options_init(struct sim_races_options *opt)
{
    *opt = (struct sim_races_options){0, -1, -1};
}

int sim_loop_set_choices(struct sim_loop *loop, const struct sim_races_options *opt,
                         const uint32_t *taken, size_t count)
{
    struct races_state *rs = &loop->races;
    double window = opt != NULL && opt->window_ms >= 0 ? opt->window_ms : SIM_RACES_WINDOW_MS;
    rs->window_ns = (uint64_t)(window * (double)NS_PER_MS);
    rs->spread = opt != NULL && opt->spread >= 0 ? opt->spread : SIM_RACES_SPREAD;
    if (loop->events.seq > 0 || loop->stage != STAGE_MAIN) {
        return -SIM_ESTATE;
    }
    if (count > SIM_MAX_CHOICES) {
        count = SIM_MAX_CHOICES; /* the later points are never recorded, so never consulted */
    }
    if (!sim__grow(loop, (void **)&rs->taken, &rs->taken_cap, sizeof(*rs->taken),
                   (uint32_t)count)) {
        loop->error = 0; /* nothing ran: the loop stays usable, without races */
        return -SIM_ENOMEM;
    }
    if (count > 0) {
        memcpy(rs->taken, taken, count * sizeof(*taken));
    }
    rs->taken_len = (uint32_t)count;
    rs->on = true;
    return 0;
}

uint64_t sim_loop_choice_count(const struct sim_loop *loop)
{
    return loop->races.seen;
}

const struct sim_choice *sim_loop_choice_at(const struct sim_loop *loop, size_t i)
{
    return i < loop->races.count ? &loop->races.points[i] : NULL;
}

/* Appends `len` bytes to buf (size bytes) at *at, always counting what was asked. */
static void put(char *buf, size_t size, size_t *at, const char *s, size_t len)
{
    if (*at < size) {
        size_t room = size - *at - 1;
        memcpy(buf + *at, s, len < room ? len : room);
    }
    *at += len;
}

size_t sim_choice_sentence(const struct sim_choice *c, unsigned alt, char *buf, size_t size)
{
    const char *p = sim_choice_text(c->kind, alt);
    size_t at = 0;
    for (const char *pct; (pct = strstr(p, "_MS")) != NULL && pct - p >= 2;) {
        /* Only %A_MS and %B_MS are placeholders (the table's header says so). */
        if (pct[-2] != '%' || (pct[-1] != 'A' && pct[-1] != 'B')) {
            put(buf, size, &at, p, (size_t)(pct + 3 - p));
            p = pct + 3;
            continue;
        }
        put(buf, size, &at, p, (size_t)(pct - 2 - p));
        int64_t v = pct[-1] == 'A' ? c->arg_a : c->arg_b;
        char digits[SIM_FORMAT_MS_MAX];
        put(buf, size, &at, digits, sim_format_ms(digits, v > 0 ? (uint64_t)v : 0, true));
        p = pct + 3;
    }
    put(buf, size, &at, p, strlen(p));
    if (size > 0) {
        buf[at < size ? at : size - 1] = '\0';
    }
    return at;
}

/* ---- One run ---------------------------------------------------------------------------- */

/* What one run printed. */
struct printed {
    char **lines;
    size_t count;
    uint32_t cap;
};

static char *copy_text(const char *s)
{
    size_t len = strlen(s);
    char *c = malloc(len + 1);
    if (c != NULL) {
        memcpy(c, s, len + 1);
    }
    return c;
}

static void printed_finish(struct printed *out)
{
    for (size_t i = 0; i < out->count; i++) {
        free(out->lines[i]);
    }
    free(out->lines);
    *out = (struct printed){NULL, 0, 0};
}

/* Makes room for one more after `count` items of `size` bytes (capacity *cap). */
static bool grow(void **items, uint32_t *cap, size_t count, size_t size)
{
    return count < UINT32_MAX && sim__grow_array(items, cap, (uint32_t)count + 1, size);
}

/* The sink of a run: keeps every console.log line. */
static int keep_log(void *ctx, const struct sim_event *ev)
{
    struct printed *out = ctx;
    if (ev->kind != SIM_EVENT_LOG || ev->text == NULL) {
        return 0;
    }
    if (!grow((void **)&out->lines, &out->cap, out->count, sizeof(*out->lines))) {
        return -SIM_ENOMEM;
    }
    out->lines[out->count] = copy_text(ev->text);
    return out->lines[out->count++] != NULL ? 0 : -SIM_ENOMEM;
}

/* A run to make: the choice points that take alternative 1 (ascending), all others 0. */
struct path {
    uint32_t *flips;
    uint32_t count;
    struct sim_choice at;        /* the choice point its last flip flips, in the run before */
};

/* Runs `prog` along `path`; returns 0 with the loop (caller's) and what it printed, or SIM_E*. */
static int run_path(const struct sim_program *prog, const struct sim_races_options *opt,
                    const struct path *path, struct sim_loop **loop_out, struct printed *out)
{
    uint32_t len = path->count > 0 ? path->flips[path->count - 1] + 1 : 0;
    uint32_t *taken = calloc(len > 0 ? len : 1, sizeof(*taken));
    struct sim_loop *loop = taken != NULL ? sim_loop_create(prog) : NULL;
    int rc = loop != NULL ? 0 : -SIM_ENOMEM;
    for (uint32_t i = 0; rc == 0 && i < path->count; i++) {
        taken[path->flips[i]] = 1;
    }
    if (rc == 0) {
        rc = sim_loop_set_choices(loop, opt, taken, len);
    }
    if (rc == 0) {
        rc = sim_loop_run(loop, keep_log, out);
    }
    free(taken);
    *loop_out = loop;
    return rc;
}

/* ---- The exploration -------------------------------------------------------------------- */

/* The runs still to make, oldest first (breadth first: each adds one flip to its parent). */
struct frontier {
    struct path *items;
    size_t head;
    size_t count;
    uint32_t cap;
};

static bool same_lines(const struct sim_race_output *o, const struct printed *p)
{
    if (o->line_count != p->count) {
        return false;
    }
    for (size_t i = 0; i < p->count; i++) {
        if (strcmp(o->lines[i], p->lines[i]) != 0) {
            return false;
        }
    }
    return true;
}

/*
 * The choice points of a finished run that did not take the default, copied; for the default
 * run, every one it met (each at its default); and the alternative the run took at each, to
 * make it again. -SIM_ENOMEM out of memory.
 */
static int keep_choices(struct sim_race_output *o, const struct sim_loop *loop)
{
    const struct races_state *rs = &loop->races;
    o->choices = malloc(sizeof(*o->choices) * (rs->count > 0 ? rs->count : 1));
    o->taken = malloc(sizeof(*o->taken) * (rs->count > 0 ? rs->count : 1));
    if (o->choices == NULL || o->taken == NULL) {
        return -SIM_ENOMEM;
    }
    for (uint32_t i = 0; i < rs->count; i++) {
        o->taken[o->taken_count++] = rs->points[i].taken;
        if (rs->points[i].taken != 0 || o->is_default) {
            o->choices[o->choice_count++] = rs->points[i];
        }
    }
    return 0;
}

/* Counts the run's output: a new distinct one takes over the lines of `p`. */
static int count_output(struct sim_races *r, struct printed *p, const struct sim_loop *loop,
                        bool is_default, uint32_t *cap)
{
    for (size_t i = 0; i < r->output_count; i++) {
        if (same_lines(&r->outputs[i], p)) {
            r->outputs[i].runs++;
            return 0;
        }
    }
    if (!grow((void **)&r->outputs, cap, r->output_count, sizeof(*r->outputs))) {
        return -SIM_ENOMEM;
    }
    struct sim_race_output *o = &r->outputs[r->output_count++];
    *o = (struct sim_race_output){p->lines, p->count, is_default, 1, NULL, 0, NULL, 0};
    *p = (struct printed){NULL, 0, 0};
    return keep_choices(o, loop);
}

static bool same_point(const struct sim_choice *a, const struct sim_choice *b)
{
    return a->kind == b->kind && a->time_ns == b->time_ns && a->arg_a == b->arg_a &&
           a->arg_b == b->arg_b;
}

/* Notes an untried alternative: one entry per distinct choice point. */
static int note_open(struct sim_races *r, const struct sim_choice *at, uint32_t *cap)
{
    for (size_t i = 0; i < r->open_count; i++) {
        if (same_point(&r->open[i].at, at)) {
            r->open[i].runs_behind++;
            return 0;
        }
    }
    if (!grow((void **)&r->open, cap, r->open_count, sizeof(*r->open))) {
        return -SIM_ENOMEM;
    }
    r->open[r->open_count++] = (struct sim_race_open){*at, 1};
    r->open[r->open_count - 1].at.taken = 1;
    return 0;
}

/*
 * Queues the children of a run along `parent`: one per choice point it met after the parent's
 * last flip, each flipping that point. Past the budget's room they are only noted as open.
 */
static int queue_children(struct sim_races *r, struct frontier *f, const struct path *parent,
                          const struct sim_loop *loop, uint32_t *open_cap)
{
    const struct races_state *rs = &loop->races;
    uint32_t from = parent->count > 0 ? parent->flips[parent->count - 1] + 1 : 0;
    for (uint32_t i = from; i < rs->count; i++) {
        size_t room = r->budget - r->runs;
        if (f->count - f->head >= room) {
            int rc = note_open(r, &rs->points[i], open_cap);
            if (rc != 0) {
                return rc;
            }
            continue;
        }
        if (!grow((void **)&f->items, &f->cap, f->count, sizeof(*f->items))) {
            return -SIM_ENOMEM;
        }
        struct path *child = &f->items[f->count];
        child->flips = malloc(sizeof(uint32_t) * (parent->count + 1));
        if (child->flips == NULL) {
            return -SIM_ENOMEM;
        }
        if (parent->count > 0) {
            memcpy(child->flips, parent->flips, sizeof(uint32_t) * parent->count);
        }
        child->flips[parent->count] = i;
        child->count = parent->count + 1;
        child->at = rs->points[i];
        f->count++;
    }
    return 0;
}

/* Makes the next run of the frontier and counts what it found. */
static int explore_one(const struct sim_program *prog, const struct sim_races_options *opt,
                       struct sim_races *r, struct frontier *f, uint32_t *out_cap,
                       uint32_t *open_cap)
{
    struct path path = f->items[f->head++]; /* a copy: queuing children may move the items */
    struct printed p = {NULL, 0, 0};
    struct sim_loop *loop = NULL;
    int rc = run_path(prog, opt, &path, &loop, &p);
    r->runs++;
    if (rc == 0) {
        r->choice_points += loop->races.seen;
        r->unrecorded += loop->races.seen - loop->races.count;
        rc = count_output(r, &p, loop, path.count == 0, out_cap);
    }
    if (rc == 0) {
        rc = queue_children(r, f, &path, loop, open_cap);
    }
    sim_loop_destroy(loop);
    printed_finish(&p);
    free(path.flips);
    return rc;
}

static void frontier_finish(struct frontier *f)
{
    for (size_t i = f->head; i < f->count; i++) {
        free(f->items[i].flips);
    }
    free(f->items);
}

struct sim_races *sim_races_explore(const struct sim_program *prog,
                                    const struct sim_races_options *opt, int *err)
{
    struct sim_races *r = calloc(1, sizeof(*r));
    struct frontier f = {NULL, 0, 0, 0};
    uint32_t out_cap = 0;
    uint32_t open_cap = 0;
    int rc = r != NULL && grow((void **)&f.items, &f.cap, 0, sizeof(*f.items)) ? 0 : -SIM_ENOMEM;
    if (rc == 0) {
        r->budget = opt != NULL && opt->budget > 0 ? opt->budget : SIM_RACES_BUDGET;
        f.items[f.count++] = (struct path){NULL, 0, {0}}; /* every choice at its default */
    }
    while (rc == 0 && f.head < f.count && r->runs < r->budget) {
        rc = explore_one(prog, opt, r, &f, &out_cap, &open_cap);
    }
    for (size_t i = f.head; rc == 0 && i < f.count; i++) {
        rc = note_open(r, &f.items[i].at, &open_cap); /* the budget ran out before these */
    }
    frontier_finish(&f);
    if (rc != 0) {
        sim_races_destroy(r);
        *err = rc;
        return NULL;
    }
    return r;
}

void sim_races_destroy(struct sim_races *races)
{
    if (races == NULL) {
        return;
    }
    for (size_t i = 0; i < races->output_count; i++) {
        struct sim_race_output *o = &races->outputs[i];
        for (size_t j = 0; j < o->line_count; j++) {
            free(o->lines[j]);
        }
        free(o->lines);
        free(o->choices);
        free(o->taken);
    }
    free(races->outputs);
    free(races->open);
    free(races);
}
