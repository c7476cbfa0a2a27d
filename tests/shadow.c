/*
 * shadow.c - the property test of issue 6: after every event, the inspection API says exactly
 * what the events so far imply.
 *
 * A shadow model replays the event stream and nothing else: a worker is busy from its
 * worker-start to its worker-done; a callback waits from its schedule event to its callback (or
 * its clear); a request is in flight from its schedule event to its completion callback; what is
 * ref'd keeps the loop alive. After each event the shadow is compared with sim_loop_state,
 * sim_loop_queue, sim_loop_workers and sim_loop_alive_why; the first difference fails the run
 * with the scenario, the event and what each side says. Every action must also make at most one
 * event (burst_max, white-box), which is what makes the comparison possible at all.
 *
 *     shadow FILE...        (.json, or .js/.cjs/.mjs) exit 0 when every file passes, 1 otherwise
 */
#include "sim_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITEMS 4096
#define MAX_WORKERS 1024

/* Families of waiting callbacks the shadow tracks, each compared with one or two queues. */
enum family {
    FAM_TIMERS,
    FAM_IMMEDIATES,
    FAM_TICKS,
    FAM_MICROTASKS,
    FAM_IO,          /* io, dns.resolve, connect: the io queue, or pending once fed */
    FAM_REQUESTS,    /* worker-pool requests: queued, running or completed */
    FAM_COUNT,
};

/*
 * A JavaScript step that queues promise jobs says so in one event that counts them (the first
 * one's name in its text): the shadow waits for that many microtasks of any name.
 */
#define ANY_JOB (UINT32_MAX - 2)

struct item {
    uint32_t stmt;
    char label[48];
    bool refed;
};

struct shadow {
    const struct sim_program *prog;
    const char *file;
    struct item items[FAM_COUNT][MAX_ITEMS];
    uint32_t count[FAM_COUNT];
    bool busy[MAX_WORKERS];
    char worker_label[MAX_WORKERS][48];
    bool overflow;   /* more than MAX_ITEMS: the file is skipped, not failed */
};

static bool failed;

static void fail(const struct shadow *sh, const struct sim_event *ev, const char *what)
{
    fprintf(stderr, "FAIL %s: after event %llu (%s %s, %.3f ms): %s\n", sh->file,
            (unsigned long long)ev->seq, sim_event_name(ev->kind), ev->label ? ev->label : "-",
            (double)ev->time_ns / 1e6, what);
    failed = true;
}

static void cut(char *dst, const char *src)
{
    snprintf(dst, 48, "%s", src != NULL ? src : "");
}

static enum sim_op op_of(const struct shadow *sh, uint32_t stmt)
{
    return stmt < sh->prog->stmt_count ? sh->prog->stmts[stmt].op : SIM_OP_COUNT;
}

/* Intervals come back after their callback without an event: the shadow leaves them out. */
static bool tracked(const struct shadow *sh, enum family f, uint32_t stmt)
{
    enum sim_op op = op_of(sh, stmt);
    if (f == FAM_TIMERS) {
        return op == SIM_OP_SET_TIMEOUT;
    }
    if (f == FAM_IO) {
        return op == SIM_OP_IO || op == SIM_OP_DNS_RESOLVE || op == SIM_OP_CONNECT;
    }
    return stmt != SIM_NONE;
}

static void add(struct shadow *sh, enum family f, const struct sim_event *ev)
{
    if (!tracked(sh, f, ev->stmt)) {
        return;
    }
    if (sh->count[f] == MAX_ITEMS) {
        sh->overflow = true;
        return;
    }
    struct item *it = &sh->items[f][sh->count[f]++];
    it->stmt = ev->stmt;
    cut(it->label, ev->label);
    it->refed = true;
}

static int find(const struct shadow *sh, enum family f, uint32_t stmt, const char *label)
{
    char l[48];
    cut(l, label);
    int any = -1;
    for (uint32_t i = 0; i < sh->count[f]; i++) {
        if (sh->items[f][i].stmt == stmt && strcmp(sh->items[f][i].label, l) == 0) {
            return (int)i;
        }
        any = any < 0 && sh->items[f][i].stmt == ANY_JOB ? (int)i : any;
    }
    return any;
}

static void drop(struct shadow *sh, enum family f, const struct sim_event *ev)
{
    int i = find(sh, f, ev->stmt, ev->label);
    if (i >= 0) {
        sh->items[f][i] = sh->items[f][--sh->count[f]];
    } else if (tracked(sh, f, ev->stmt) && !sh->overflow) {
        /* A callback nobody scheduled. */
        char msg[512];
        snprintf(msg, sizeof(msg), "a callback of %s ran that no schedule event queued",
                 ev->label ? ev->label : "-");
        fail(sh, ev, msg);
    }
}

static int family_of_callback(enum sim_reason r)
{
    switch (r) {
    case SIM_REASON_TIMER_DUE:
        return FAM_TIMERS;
    case SIM_REASON_IMMEDIATE:
        return FAM_IMMEDIATES;
    case SIM_REASON_TICK:
    case SIM_REASON_SOCKET_WRITE_CB:
    case SIM_REASON_SERVER_CLOSE_CB:
    case SIM_REASON_CLOSE_EMIT_AGAIN:
        return FAM_TICKS;
    case SIM_REASON_MICROTASK:
    case SIM_REASON_MICROTASK_FIRST:
        return FAM_MICROTASKS;
    case SIM_REASON_IO_READY:
    case SIM_REASON_CONNECT_DONE:
    case SIM_REASON_PENDING:
        return FAM_IO;
    case SIM_REASON_WORK_DONE:
        return FAM_REQUESTS;
    default:
        return -1;
    }
}

static int family_of_schedule(enum sim_reason r)
{
    switch (r) {
    case SIM_REASON_SCHED_TIMER:
    case SIM_REASON_SCHED_TIMER_TRUNC:
    case SIM_REASON_SCHED_CLAMP:
        return FAM_TIMERS;
    case SIM_REASON_SCHED_IMMEDIATE:
        return FAM_IMMEDIATES;
    case SIM_REASON_SCHED_TICK:
        return FAM_TICKS;
    case SIM_REASON_SCHED_MICROTASK:
        return FAM_MICROTASKS;
    case SIM_REASON_SCHED_IO:
    case SIM_REASON_SCHED_CONNECT:
        return FAM_IO;
    case SIM_REASON_SCHED_JOB:
    case SIM_REASON_SCHED_JOBS:
        return FAM_REQUESTS;
    default:
        return -1;
    }
}

/* Finds the item an event names in any family (clear, ref, unref name it by label). */
static bool locate(const struct shadow *sh, const struct sim_event *ev, int *fam, int *idx)
{
    for (int f = 0; f < FAM_COUNT; f++) {
        for (uint32_t i = 0; i < sh->count[f]; i++) {
            if (strncmp(sh->items[f][i].label, ev->label ? ev->label : "", 47) == 0) {
                *fam = f;
                *idx = (int)i;
                return true;
            }
        }
    }
    return false;
}

/* The shadow's own rules: what one event changes. */
static void replay(struct shadow *sh, const struct sim_event *ev)
{
    int f;
    int i;
    switch (ev->kind) {
    case SIM_EVENT_SCHEDULE:
        f = family_of_schedule(ev->reason);
        if (ev->reason == SIM_REASON_SCHED_PROMISE_JOBS) {
            for (int64_t k = 0; k < ev->arg_a && sh->count[FAM_MICROTASKS] < MAX_ITEMS; k++) {
                struct item *it = &sh->items[FAM_MICROTASKS][sh->count[FAM_MICROTASKS]++];
                *it = (struct item){.stmt = ANY_JOB, .refed = true};
            }
            sh->overflow = sh->overflow || sh->count[FAM_MICROTASKS] == MAX_ITEMS;
        } else if (f >= 0) {
            add(sh, (enum family)f, ev);
        } else if (ev->reason == SIM_REASON_SCHED_CLEAR && locate(sh, ev, &f, &i)) {
            sh->items[f][i] = sh->items[f][--sh->count[f]];
            if (f == FAM_TIMERS && ev->text != NULL && strstr(ev->text, "clearImmediate") != NULL) {
                /* Node's immediate counts went down: the immediates no longer keep it alive. */
                for (uint32_t k = 0; k < sh->count[FAM_IMMEDIATES]; k++) {
                    sh->items[FAM_IMMEDIATES][k].refed = false;
                }
            }
        } else if ((ev->reason == SIM_REASON_SCHED_REF || ev->reason == SIM_REASON_SCHED_UNREF) &&
                   locate(sh, ev, &f, &i)) {
            sh->items[f][i].refed = ev->reason == SIM_REASON_SCHED_REF;
        } else if (ev->reason == SIM_REASON_SCHED_CLOSE && locate(sh, ev, &f, &i) &&
                   f == FAM_IO) {
            sh->items[f][i] = sh->items[f][--sh->count[f]]; /* uv_close on a waiting fd */
        }
        break;
    case SIM_EVENT_CALLBACK:
        f = family_of_callback(ev->reason);
        if (f >= 0) {
            drop(sh, (enum family)f, ev);
        }
        break;
    case SIM_EVENT_WORKER_START:
    case SIM_EVENT_WORKER_DONE:
        if (ev->worker >= 1 && ev->worker <= MAX_WORKERS) {
            sh->busy[ev->worker - 1] = ev->kind == SIM_EVENT_WORKER_START;
            cut(sh->worker_label[ev->worker - 1], ev->label);
        }
        break;
    default:
        break;
    }
}

/*
 * Is `listed` the item the shadow calls `label`? A request's name gains its step in the pool
 * ("readFile (open)"), but "fs.stat#1 run 2" is another request than "fs.stat#1".
 */
static bool same_item(enum family f, const char *label, const char *listed)
{
    size_t n = strlen(label);
    if (f != FAM_REQUESTS || n >= 47) {
        return strncmp(label, listed, 47) == 0;
    }
    return strncmp(label, listed, n) == 0 &&
           (listed[n] == '\0' || strncmp(listed + n, " (", 2) == 0);
}

/* Are the shadow's items of family f exactly the tracked items the queues list? */
static void compare_family(const struct shadow *sh, struct sim_loop *loop,
                           const struct sim_event *ev, enum family f)
{
    static const enum sim_queue queues[FAM_COUNT][3] = {
        [FAM_TIMERS] = {SIM_QUEUE_TIMERS, SIM_QUEUE_COUNT, SIM_QUEUE_COUNT},
        [FAM_IMMEDIATES] = {SIM_QUEUE_IMMEDIATES, SIM_QUEUE_COUNT, SIM_QUEUE_COUNT},
        [FAM_TICKS] = {SIM_QUEUE_TICKS, SIM_QUEUE_COUNT, SIM_QUEUE_COUNT},
        [FAM_MICROTASKS] = {SIM_QUEUE_MICROTASKS, SIM_QUEUE_COUNT, SIM_QUEUE_COUNT},
        [FAM_IO] = {SIM_QUEUE_IO, SIM_QUEUE_PENDING, SIM_QUEUE_COUNT},
        [FAM_REQUESTS] = {SIM_QUEUE_WORK, SIM_QUEUE_DONE, SIM_QUEUE_COUNT},
    };
    static struct sim_item got[MAX_ITEMS * 2];
    size_t n = 0;
    for (int k = 0; k < 3 && queues[f][k] != SIM_QUEUE_COUNT; k++) {
        n += sim_loop_queue(loop, queues[f][k], 0, got + n, MAX_ITEMS * 2 - n);
    }
    uint32_t want = sh->count[f];
    bool seen[MAX_ITEMS] = {false};
    if (f == FAM_REQUESTS) {
        /* A request in flight is queued, running on a worker, or completed. */
        struct sim_worker w[MAX_WORKERS];
        size_t nw = sim_loop_workers(loop, w, MAX_WORKERS);
        for (size_t k = 0; k < nw && n < MAX_ITEMS * 2; k++) {
            if (w[k].busy) {
                got[n] = (struct sim_item){.stmt = SIM_NONE};
                memcpy(got[n].label, w[k].label, sizeof(got[n].label));
                got[n].stmt = UINT32_MAX - 1; /* matched by label only */
                n++;
            }
        }
    }
    uint32_t matched = 0;
    for (size_t k = 0; k < n; k++) {
        bool by_label = got[k].stmt == UINT32_MAX - 1;
        if (!by_label && !tracked(sh, f, got[k].stmt)) {
            continue;
        }
        int hit = -1;
        for (uint32_t j = 0; j < want; j++) {
            const struct item *it = &sh->items[f][j];
            if (!seen[j] && (by_label || it->stmt == got[k].stmt) &&
                same_item(f, it->label, got[k].label)) {
                hit = (int)j;
                break;
            }
            if (!seen[j] && it->stmt == ANY_JOB && hit < 0 && f == FAM_MICROTASKS) {
                hit = (int)j; /* a job of that count: taken unless one matches by name */
            }
        }
        if (hit < 0) {
            if (by_label && strcmp(got[k].label, "read module source") == 0) {
                continue;
            }
            char msg[512];
            snprintf(msg, sizeof(msg), "%s lists %.47s, which the events say is not waiting",
                     f == FAM_REQUESTS ? "the pool" : sim_queue_name(queues[f][0]), got[k].label);
            fail(sh, ev, msg);
            return;
        }
        seen[hit] = true;
        matched++;
    }
    if (matched != want) {
        for (uint32_t j = 0; j < want; j++) {
            if (!seen[j]) {
                char msg[512];
                snprintf(msg, sizeof(msg), "%.47s waits by the events, but no queue lists it",
                         sh->items[f][j].label);
                fail(sh, ev, msg);
                return;
            }
        }
    }
}

static void compare(const struct shadow *sh, struct sim_loop *loop, const struct sim_event *ev)
{
    struct sim_state st;
    sim_loop_state(loop, &st);
    char msg[512];
    if (st.time_ns != ev->time_ns || st.phase != ev->phase) {
        snprintf(msg, sizeof(msg), "the state says %.3f ms in %s, the event %.3f ms in %s",
                 (double)st.time_ns / 1e6, sim_phase_name(st.phase), (double)ev->time_ns / 1e6,
                 sim_phase_name(ev->phase));
        fail(sh, ev, msg);
        return;
    }
    if (ev->kind == SIM_EVENT_CALLBACK && !st.in_callback) {
        fail(sh, ev, "a callback event, but the state says no callback is running");
        return;
    }
    if (ev->kind == SIM_EVENT_PHASE && st.in_callback) {
        fail(sh, ev, "a phase event, but the state says a callback is running");
        return;
    }
    struct sim_worker w[MAX_WORKERS];
    size_t nw = sim_loop_workers(loop, w, MAX_WORKERS);
    for (size_t k = 0; k < nw; k++) {
        if (w[k].busy != sh->busy[k] ||
            (w[k].busy && strncmp(w[k].label, sh->worker_label[k], 47) != 0)) {
            snprintf(msg, sizeof(msg), "worker %zu is %s (%s); the events say %s (%s)", k + 1,
                     w[k].busy ? "busy" : "idle", w[k].label, sh->busy[k] ? "busy" : "idle",
                     sh->worker_label[k]);
            fail(sh, ev, msg);
            return;
        }
    }
    if (sh->overflow) {
        return;
    }
    for (int f = 0; f < FAM_COUNT && !failed; f++) {
        compare_family(sh, loop, ev, (enum family)f);
    }
    /* Alive follows the refs: anything ref'd that waits keeps the loop alive. */
    bool refed = false;
    for (int f = 0; f < FAM_COUNT; f++) {
        for (uint32_t j = 0; j < sh->count[f]; j++) {
            refed = refed || (sh->items[f][j].refed && f != FAM_TICKS && f != FAM_MICROTASKS);
        }
    }
    for (size_t k = 0; k < nw; k++) {
        refed = refed || sh->busy[k];
    }
    char why[256];
    sim_loop_alive_why(loop, why, sizeof(why));
    if (refed && ev->kind != SIM_EVENT_STOP && (!st.alive || strcmp(why, "nothing") == 0)) {
        snprintf(msg, sizeof(msg), "alive says \"%.200s\" while ref'd work waits", why);
        fail(sh, ev, msg);
    }
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, f);
    fclose(f);
    return buf;
}

/* Runs one scenario under the shadow; false when it fails. */
static bool check_file(const char *path, uint64_t *events)
{
    size_t len;
    char *buf = slurp(path, &len);
    if (buf == NULL) {
        fprintf(stderr, "FAIL %s: cannot read it\n", path);
        return false;
    }
    struct sim_diag diag;
    size_t n = strlen(path);
    bool js = (n > 3 && strcmp(path + n - 3, ".js") == 0) ||
              (n > 4 && (strcmp(path + n - 4, ".mjs") == 0 || strcmp(path + n - 4, ".cjs") == 0));
    struct sim_program *prog =
        js ? sim_program_load_js(buf, len, n > 4 && strcmp(path + n - 4, ".mjs") == 0, NULL,
                                 &diag)
           : sim_program_load(buf, len, NULL, &diag);
    free(buf);
    if (prog == NULL) {
        fprintf(stderr, "FAIL %s:%u:%u: refused: %s\n", path, diag.line, diag.col, diag.message);
        return false;
    }
    struct shadow *sh = calloc(1, sizeof(*sh));
    sh->prog = prog;
    sh->file = path;
    struct sim_loop *loop = sim_loop_create(prog);
    struct sim_event ev;
    failed = false;
    int r;
    while (!failed && (r = sim_loop_step(loop, &ev)) == SIM_STEP_EVENT) {
        replay(sh, &ev);
        compare(sh, loop, &ev);
        (*events)++;
        if (loop->burst_max > 1) {
            fail(sh, &ev, "one action made more than one event");
        }
    }
    bool ok = !failed;
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    free(sh);
    return ok;
}

int main(int argc, char **argv)
{
    int bad = 0;
    uint64_t events = 0;
    for (int i = 1; i < argc; i++) {
        bad += !check_file(argv[i], &events);
    }
    printf("shadow: %d scenarios, %llu events, %d failed\n", argc - 1,
           (unsigned long long)events, bad);
    return bad > 0;
}
