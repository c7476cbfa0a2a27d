/*
 * sim_internal.h - the loop's full state, for the files of sim/ and white-box tests only.
 *
 * Every object the run creates (timers, immediates, ticks, requests, sockets...) is a `struct
 * task` in one pool, and every container links tasks by index, never by pointer: the whole state
 * is a handful of arrays, so a snapshot for stepping back is a copy of those arrays (clone()).
 * Orderings are total: where two things tie, a sequence number decides, never an address.
 */
#ifndef SIM_SIM_INTERNAL_H
#define SIM_SIM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim.h"

#define NIL UINT32_MAX
/* Tasks alive at once; past this a run stops with SIM_ELIMIT (docs/scenario-format.md). */
#define SIM_MAX_TASKS (1u << 26)
/* Task 0: never linked anywhere, handed out when no other can be (see sim__task_new). */
#define SPARE_TASK 0u
#define NS_PER_MS 1000000ULL
#define NEVER INT64_MAX

/* libuv src/unix/linux.c:uv__io_poll: 1024 events per epoll_pwait, at most 48 polls. */
#define POLL_EVENTS_PER_WAIT 1024
#define POLL_MAX_WAITS 48
/* Node lib/internal/timers.js: TIMEOUT_MAX = 2 ** 31 - 1. */
#define TIMEOUT_MAX 2147483647.0
/* Node internal/fs/utils.js: kReadFileBufferLength. */
#define READ_FILE_CHUNK (512u * 1024u)

/* ---- Queues: intrusive, index-linked lists of tasks ------------------------------------- */

struct queue {
    uint32_t head;
    uint32_t tail;
    uint32_t count;
};

/* ---- Tasks ------------------------------------------------------------------------------ */

enum task_kind {
    TASK_FREE,
    TASK_TIMEOUT,     /* setTimeout / setInterval: a Node Timeout */
    TASK_IMMEDIATE,   /* setImmediate */
    TASK_TICK,        /* process.nextTick callback */
    TASK_MICROTASK,   /* promise reaction or queueMicrotask */
    TASK_REQUEST,     /* a worker-pool request chain: work, crypto, zlib, fs, dns.lookup */
    TASK_IO,          /* io, dns.resolve, connect: an fd event at a virtual time */
    TASK_CONNECTION,  /* a client connecting to a server at a virtual time */
    TASK_SERVER,      /* listen */
    TASK_SOCKET,      /* a socket: the server side of an accepted connection, or a connect's */
    TASK_CLOSE_CB,    /* a uv_close() callback waiting for the close phase */
    TASK_LISTENER,    /* process.on('beforeExit' | 'exit') */
    TASK_MARKER,      /* libuv's run_slow_work_message in the worker queue */
    TASK_EVENTFD,     /* the pool's async eventfd in a poll batch */
    TASK_CALL,        /* one call an emit makes: a 'close' listener, or a write's shared cb */
};

/* Where a task is linked, so that clear/close can unlink it from the right queue. */
enum task_place {
    PLACE_NONE,
    PLACE_TIMER_LIST,
    PLACE_IMMEDIATES,
    PLACE_OUTSTANDING,
    PLACE_TICKS,
    PLACE_MICROTASKS,
    PLACE_WORK_QUEUE,
    PLACE_SLOW_QUEUE,
    PLACE_RUNNING,
    PLACE_COMPLETED,
    PLACE_IO_HEAP,
    PLACE_POLL_BATCH,
    PLACE_PENDING,
    PLACE_CLOSING,
    PLACE_CLOSING_RUN,
    PLACE_LISTENERS,
    PLACE_CALLS,             /* a server's or socket's listeners, or a socket's shared writes */
};

struct timeout_part {
    double idle_timeout;     /* _idleTimeout: the clamped delay; -1 once unenrolled */
    double repeat;           /* _repeat: 0 for setTimeout */
    int64_t idle_start;      /* _idleStart: loop ms when it was (re)inserted */
    uint32_t list;           /* the TimersList it is linked in, or NIL */
    uint64_t runs_left;      /* setInterval `times`: runs before the implied clearInterval */
    bool refed;              /* [kRefed] */
    bool destroyed;          /* _destroyed */
    bool has_callback;       /* _onTimeout !== null */
};

struct request_part {
    uint64_t job_ns;         /* virtual length of one pool job */
    uint64_t start_ns;       /* when the current job started on a worker */
    uint64_t finish_ns;      /* when it finishes (running) or finished (completed) */
    uint32_t steps;          /* pool jobs in the whole chain */
    uint32_t step;           /* the current job, from 1 */
    uint32_t worker;         /* the worker running it, from 0; NIL when none */
    uint32_t heap_pos;       /* position in the running heap */
    bool slow;               /* UV__WORK_SLOW_IO (getaddrinfo) */
    bool module_source;      /* the ES module entry's source read: runs main when done */
};

struct io_part {
    uint64_t ready_ns;       /* when the fd becomes ready */
    uint32_t heap_pos;
    uint32_t server;         /* TASK_CONNECTION: its server */
    bool deferred;           /* libuv feeds it to the pending phase */
    bool fed;                /* already moved to the pending queue */
};

struct server_part {
    uint32_t connections;    /* open sockets accepted by it */
    uint32_t close_stmt;     /* the last server.close, which names the ticks of 'close' */
    uint32_t close_env;      /* its counters (held) */
    struct queue listeners;  /* once('close') listeners (TASK_CALL), oldest first */
    bool listening;
    bool closed;             /* server.close() was called: Node's _handle is null */
    bool emitted;            /* 'close' was emitted once: its once listeners are spent */
    bool in_batch;           /* its listen fd is among the events of the current poll */
};

struct socket_part {
    uint32_t server;         /* the server that accepted it; NIL for a connect's socket */
    uint32_t attempt;        /* a connect's attempt (TASK_IO) until it settles, or NIL */
    uint32_t write_tick;     /* the tick of Writable's afterWriteTickInfo, or NIL */
    struct queue writes;     /* calls of writes that share an earlier write's tick (TASK_CALL) */
    struct queue listeners;  /* 'close' listeners (TASK_CALL), oldest first */
    bool open;
    bool close_emitted;      /* 'close' was emitted: a listener added now never runs */
};

struct closecb_part {
    uint32_t handle;         /* the closed handle (task index), for its name */
    bool internal;           /* no JavaScript callback: Node closed a handle of its own */
};

struct task {
    uint8_t kind;            /* enum task_kind */
    uint8_t place;           /* enum task_place */
    bool refed;              /* keeps the loop alive (handles and requests) */
    bool active;             /* counted in the liveness counters right now */
    uint32_t next;           /* queue links */
    uint32_t prev;
    uint32_t gen;            /* bumped when the slot is freed, so stale ids miss */
    uint32_t stmt;           /* the statement that made it, or NIL */
    uint32_t body;           /* the body it runs, or SIM_NO_BODY */
    uint32_t env;            /* the repeat counters it closes over, or NIL */
    uint32_t socket;         /* the socket its code acts on (a TASK_SOCKET), or NIL; for a
                                server's 'close' tick, that server (see sim__calls_take) */
    uint32_t run;            /* which run of its statement made it: 1, 2... (for its name) */
    uint64_t seq;            /* creation order: the last tiebreak of every ordering */
    union {
        struct timeout_part timer;
        struct request_part req;
        struct io_part io;
        struct server_part server;
        struct socket_part sock;
        struct closecb_part closecb;
        uint32_t call_of;       /* TASK_CALL of a shared write: the after-write tick; else NIL */
        uint8_t listener_event; /* 0 = beforeExit, 1 = exit; with `once` in stmt */
        uint8_t tick_reason;    /* TASK_TICK: the rule that queued it (enum sim_reason) */
    } u;
};

/* ---- Node timers ------------------------------------------------------------------------ */

/* lib/internal/timers.js TimersList: the Timeouts of one duration, oldest first. */
struct timer_list {
    int64_t msecs;
    int64_t expiry;
    int64_t id;              /* timerListId++ at creation and at every re-key */
    uint32_t heap_pos;       /* priorityQueuePosition; NIL when not in the heap */
    uint32_t head;
    uint32_t tail;
    uint32_t next_free;
    bool live;
};

/* processTimers/listOnTimeout as a resumable pass, one timer callback per step. */
enum timers_pc {
    TP_IDLE,
    TP_PEEK_LIST,
    TP_LIST_READY,
    TP_PEEK_TIMER,
    TP_TIMER_READY,
    TP_FINISH,
};

struct timers_pass {
    enum timers_pc pc;
    int64_t now;             /* frozen for the whole pass */
    int64_t ret;             /* processTimers' return value */
    uint32_t list;
    uint32_t timer;          /* the peeked timer, waiting for a drain before it runs */
    uint32_t running;        /* the timer whose callback is running, or NIL */
    uint32_t ran;            /* timer callbacks this pass, for the per-phase limit */
    bool ran_list;
    bool ran_timer;
};

/* ---- Closure environments: the counters of enclosing repeats ---------------------------- */

struct env_frame {
    uint32_t parent;
    uint32_t refs;           /* 0: on the free list (then `parent` links it) */
    const char *var;         /* borrowed from the program */
    uint64_t value;
};

/* ---- Handle names ---------------------------------------------------------------------- */

struct id_slot {
    uint32_t key;            /* strings arena offset of the name; NIL when empty */
    uint32_t hash;
    uint32_t task;
    uint32_t gen;
};

/* ---- Buffered events ------------------------------------------------------------------- */

/* An event whose strings are arena offsets until it is handed out. */
struct pending_event {
    struct sim_event ev;
    uint32_t label_off;      /* NIL: ev.label is a program pointer (or NULL) */
    uint32_t text_off;
};

/* ---- A running callback: JavaScript, one statement per step ---------------------------- */

/* What to do when the running callback returns. */
enum after {
    AFTER_NOTHING,
    AFTER_FREE,              /* free the task (ticks, microtasks, immediates) */
    AFTER_FREE_DRAIN,        /* free it, then drain ticks and microtasks (MakeCallback) */
    AFTER_DRAIN,             /* drain (the main script's callback scope) */
    AFTER_DRAIN_MICROTASKS,  /* drain from inside a microtask checkpoint (ES module main) */
    AFTER_TIMER,             /* listOnTimeout's `finally`: re-arm or retire the Timeout */
    AFTER_LISTENER,          /* free a `once` listener */
};

/* One body being run: a callback's, or one iteration of a repeat inside it. */
struct exec_frame {
    uint32_t body;
    uint32_t index;          /* the next statement of the body */
    uint32_t sub;            /* the step within it, for a statement that makes two events */
    uint32_t env;            /* held by the frame */
    uint32_t repeat;         /* the repeat statement this frame iterates, or NIL */
    uint64_t counter;        /* that repeat's counter */
};

struct exec_state {
    uint32_t depth;          /* frames in use; 0: no callback is running */
    uint32_t task;           /* the task whose body runs, or NIL (main) */
    uint32_t owner;          /* the task `after` acts on: `task`, or the emit making the call */
    struct queue calls;      /* the calls the running emit makes after this one */
    enum sim_reason call_reason; /* what announces each of them */
    uint32_t socket;         /* the connection its statements act on */
    uint32_t made;           /* the task the statement in progress made, for its next step */
    enum after after;
    int64_t after_arg;       /* AFTER_TIMER: the interval's start */
    struct exec_frame frames[SIM_MAX_NESTING + 2];
};

/* ---- The loop's stages, in uv_run order ------------------------------------------------- */

enum stage {
    STAGE_MAIN,              /* node: StartExecution runs the main script */
    STAGE_LOOP_START,        /* Node's start-up work before uv_run (loop_start_ms) */
    STAGE_RUN_ENTER,         /* uv_run: alive? update time; pre-loop timers */
    STAGE_PRE_TIMERS,        /* the pre-loop timers pass */
    STAGE_ITER_BEGIN,
    STAGE_PENDING,
    STAGE_IDLE_PREPARE,
    STAGE_POLL_ENTER,        /* after the idle handle's note: poll starts */
    STAGE_POLL,
    STAGE_CHECK,
    STAGE_CLOSE,
    STAGE_TIMERS,            /* the end-of-iteration timers pass */
    STAGE_ITER_END,          /* r = uv__loop_alive() */
    STAGE_LOOP_DEAD,         /* uv_run returned: the trace says why */
    STAGE_BEFORE_EXIT,       /* node: SpinEventLoop emits 'beforeExit' */
    STAGE_AFTER_BEFORE_EXIT, /* more = uv_loop_alive() */
    STAGE_EXIT,              /* 'exit' listeners, after the loop ended */
    STAGE_EXITED,            /* the last drain after 'exit' is over */
    STAGE_EXIT_NOW,          /* process.exit(): 'exit' listeners, then the end */
    STAGE_DONE,
};

/* The nextTick/microtask drain of InternalCallbackScope::Close and runNextTicks. */
enum drain_mode {
    DRAIN_OFF,
    DRAIN_TICKS,             /* processTicksAndRejections: every tick, new ones included */
    DRAIN_MICROTASKS,        /* a V8 microtask checkpoint: until the queue is empty */
    DRAIN_MICROTASKS_ONLY,   /* after natural 'exit': process._exiting drops ticks */
};

/* Where the poll phase is within one uv__io_poll call. */
enum poll_pc {
    POLL_START,              /* compute the timeout and go to sleep */
    POLL_WAITING,            /* asleep: the clock is on its way to the wake-up */
    POLL_UNTIL,              /* asleep until until_ms, where the run stops */
    POLL_RUNNING,            /* awake: the ready events are collected and run */
};

/* Poll phase progress within one uv__io_poll call. */
struct poll_state {
    enum poll_pc pc;
    uint32_t waits;          /* epoll_pwait calls this phase */
    uint32_t batch_size;     /* events the current wait returned */
    uint32_t ran;            /* callbacks this visit, for the per-phase limit */
    struct queue batch;      /* ready fds of the current wait, in epoll order */
    struct queue done_batch; /* uv__work_done's local copy of loop->wq */
};

/* Check and close phase progress. */
struct batch_state {
    uint32_t ran;            /* callbacks this visit, for the per-phase limit */
    bool started;
    bool ran_one;
    bool drained;            /* the drain after the last callback has been started */
    bool done;
};

/*
 * A callback whose phase event has just been made: it starts in the next action, so that the
 * phase event is a step of its own and shows the callback still waiting in its queue.
 */
struct pending_call {
    bool active;             /* it starts in the next action */
    bool held;               /* the run stopped (max_callbacks, until_ms) before it started */
    bool main;               /* the main script or the ES module's body; `task` is NIL */
    uint32_t task;           /* the callback's task: the task taken, or an emit's first call */
    uint32_t owner;          /* the task `after` acts on */
    enum sim_queue queue;    /* where it waited, for inspection */
    enum sim_reason reason;
    int64_t a;
    int64_t b;
    enum after after;
    int64_t after_arg;
};

/* pool_wake: the lowest-numbered idle worker, whichever it is when it looks. */
#define WAKE_ANY (UINT32_MAX - 1)

struct sim_loop {
    const struct sim_program *prog;
    const struct sim_config *cfg;

    /* Clock. */
    uint64_t hr;                 /* virtual time, ns; moves only through clock_advance() */
    uint64_t clock_to;           /* where the clock is going, while clock_moving */
    bool clock_moving;           /* clock_advance() was asked; the next actions move it */
    int64_t now_ms;              /* libuv's cached loop->time, refreshed by update_time() */
    bool logged;                 /* a console.log ran: process.stdout exists */
    uint64_t iteration;
    enum stage stage;
    enum sim_phase phase;
    bool phase_announced;        /* a phase event was made for this visit of the phase */
    enum sim_outcome outcome;
    int exit_code;
    bool exiting;                /* process._exiting */

    /* The task pool. */
    struct task *tasks;
    uint32_t task_count;
    uint32_t task_cap;
    uint32_t task_free;
    uint64_t seq;

    /* Liveness (libuv uv__loop_alive, with Node's handles folded in). */
    uint32_t active_handles;     /* ref'd servers, sockets, fd watchers */
    uint32_t active_reqs;        /* ref'd worker-pool requests in flight */
    bool uv_timer_active;        /* Node's one uv timer is started */
    bool uv_timer_refed;
    int64_t uv_timer_due;        /* its timeout, absolute loop ms */
    bool idle_active;            /* Node's immediate idle handle is started */

    /* Node timers. */
    struct timer_list *lists;
    uint32_t list_count;
    uint32_t list_cap;
    uint32_t list_free;
    uint32_t *list_heap;         /* timerListQueue */
    uint32_t list_heap_len;
    uint32_t *list_map;          /* timerListMap: open addressing msecs -> list */
    uint32_t list_map_cap;
    uint32_t list_map_used;
    int64_t next_list_id;
    int64_t next_expiry;
    uint32_t timeout_refs;       /* timeoutInfo[0] */
    uint32_t timers_linked;      /* Timeouts in some list, for inspection */
    struct timers_pass tp;

    /* Immediates. */
    struct queue immediates;     /* immediateQueue */
    struct queue outstanding;    /* the batch taken by processImmediate */
    uint32_t immediate_count;    /* immediateInfo[kCount] */
    uint32_t immediate_refs;     /* immediateInfo[kRefCount] */
    struct batch_state check;

    /* nextTick and microtasks. */
    struct queue ticks;
    struct queue microtasks;
    enum drain_mode drain;

    /* Worker pool (libuv src/threadpool.c). */
    uint32_t *workers;           /* the request each worker runs, or NIL */
    uint32_t worker_count;
    uint32_t idle_workers;
    uint32_t slow_running;
    uint32_t pool_wake;          /* a worker that looks for work in the next action, WAKE_ANY
                                    or NIL: each start of a job is an action of its own */
    uint32_t marker;             /* the run_slow_work_message task */
    uint32_t close_due;          /* a server whose 'close' tick the next action queues, or NIL */
    uint32_t failed_socket;      /* a failed connect's socket, destroyed as its callback begins */
    uint32_t eventfd;            /* the pool's async eventfd, as a pseudo-task in poll batches */
    uint64_t eventfd_ready;      /* when it became readable; valid while completed is not empty */
    struct queue wq;             /* the global FIFO */
    struct queue slow_wq;        /* slow_io_pending_wq */
    struct queue completed;      /* loop->wq: finished, not yet delivered */
    uint32_t *running;           /* min-heap of running requests by (finish, seq) */
    uint32_t running_len;

    /* I/O, pending, close. */
    uint32_t *io_heap;           /* fd events by (ready, seq) */
    uint32_t io_heap_len;
    uint32_t io_heap_cap;
    struct queue pending;        /* uv__io_feed'd callbacks */
    struct queue pending_run;    /* the snapshot the pending phase runs */
    struct queue closing;        /* closing_handles; pushed at the head (LIFO) */
    struct queue closing_run;
    struct poll_state poll;
    struct batch_state pend;
    struct batch_state close;

    /* process.on listeners, and the emit in progress. */
    struct queue listeners;
    uint32_t emit_next;          /* the next listener to look at, or NIL */
    uint64_t emit_seq;           /* listeners added during the emit (seq above) are skipped */
    bool emit_started;

    /* The callback running now, and the one about to start. */
    struct exec_state exec;
    struct pending_call call;

    /* Closures. */
    struct env_frame *envs;
    uint32_t env_count;
    uint32_t env_cap;
    uint32_t env_free;

    /* Handle names, and the interned strings they and labels use. */
    struct id_slot *ids;
    uint32_t id_cap;
    uint32_t id_used;
    char *strings;
    uint32_t strings_len;
    uint32_t strings_cap;
    char *interp;                /* the last interpolated string */
    uint32_t interp_cap;

    /* Events made but not yet handed out, and the strings they own. */
    struct pending_event *events;
    uint32_t event_head;
    uint32_t event_len;
    uint32_t event_cap;
    char *scratch;
    uint32_t scratch_len;
    uint32_t scratch_cap;
    uint64_t event_seq;
    uint64_t callbacks;

    uint32_t *stmt_runs;         /* per statement: how many times it has run */
    uint32_t stmt_run_cap;       /* the program's statement count (at least 1) */

    int error;                   /* a SIM_E* once an allocation failed */
    uint64_t iter_event_seq;     /* event_seq when the last iteration began */
    uint32_t idle_iterations;    /* iterations in a row that made no event */
    uint32_t burst_max;          /* the most events one action made: 1 (white-box tests) */
};

/* ---- Shared inside sim/ ----------------------------------------------------------------- */

/* queue.c-style helpers (loop.c) */
void sim__queue_init(struct queue *q);
void sim__queue_push(struct sim_loop *loop, struct queue *q, uint32_t t, enum task_place place);
void sim__queue_push_front(struct sim_loop *loop, struct queue *q, uint32_t t,
                           enum task_place place);
uint32_t sim__queue_pop(struct sim_loop *loop, struct queue *q);
void sim__queue_remove(struct sim_loop *loop, struct queue *q, uint32_t t);
void sim__queue_splice(struct sim_loop *loop, struct queue *dst, struct queue *src,
                       enum task_place place);

/* Memory (loop.c). */
bool sim__grow(struct sim_loop *loop, void **arr, uint32_t *cap, size_t elem, uint32_t need);

/* Tasks (loop.c). */
uint32_t sim__task_new(struct sim_loop *loop, enum task_kind kind, uint32_t stmt, uint32_t env,
                       uint32_t socket);
void sim__task_free(struct sim_loop *loop, uint32_t t);
static inline struct task *T(struct sim_loop *loop, uint32_t t)
{
    return &loop->tasks[t];
}
void sim__set_active(struct sim_loop *loop, uint32_t t, bool active);
void sim__set_refed(struct sim_loop *loop, uint32_t t, bool refed);
bool sim__alive(const struct sim_loop *loop);
void sim__clock_advance(struct sim_loop *loop, uint64_t to);
bool sim__clock_step(struct sim_loop *loop);
bool sim__deferred(const struct sim_loop *loop);
void sim__update_time(struct sim_loop *loop);
bool sim__should_stop(struct sim_loop *loop);

/* Events (events.c). */
struct pending_event *sim__emit(struct sim_loop *loop, enum sim_event_kind kind,
                                enum sim_reason reason, uint32_t task_or_nil);
void sim__emit_text(struct sim_loop *loop, struct pending_event *pe, const char *text);
void sim__emit_label_of(struct sim_loop *loop, struct pending_event *pe, uint32_t t);
void sim__emit_label(struct sim_loop *loop, struct pending_event *pe, const char *label,
                     uint32_t env);
void sim__emit_label_run(struct sim_loop *loop, struct pending_event *pe, uint32_t stmt,
                         uint32_t env);
bool sim__event_take(struct sim_loop *loop, struct sim_event *ev);
const char *sim__stmt_name(const struct sim_loop *loop, uint32_t stmt);

/* Closures and names (env.c). */
uint32_t sim__env_push(struct sim_loop *loop, uint32_t parent, const char *var, uint64_t value);
void sim__env_ref(struct sim_loop *loop, uint32_t env);
void sim__env_unref(struct sim_loop *loop, uint32_t env);
bool sim__has_placeholder(const char *s);
uint32_t sim__interpolate(struct sim_loop *loop, const char *s, uint32_t env, char **out);
size_t sim__interpolate_to(const struct sim_loop *loop, const char *s, uint32_t env, char *buf,
                           size_t size);
void sim__task_name(const struct sim_loop *loop, uint32_t t, char *buf, size_t size);
uint32_t sim__intern(struct sim_loop *loop, const char *s, uint32_t len);
void sim__id_bind(struct sim_loop *loop, const char *name, uint32_t env, uint32_t t);
uint32_t sim__id_find(struct sim_loop *loop, const char *name, uint32_t env);

/* Running JavaScript (exec.c). */
bool sim__call(struct sim_loop *loop, uint32_t t, enum sim_reason reason, int64_t a, int64_t b,
               enum after after, int64_t after_arg);
bool sim__call_main(struct sim_loop *loop, enum sim_reason reason, enum after after);
void sim__call_begin(struct sim_loop *loop);
bool sim__phase_announce(struct sim_loop *loop);
void sim__exec_step(struct sim_loop *loop);
void sim__exec_abort(struct sim_loop *loop);
void sim__process_exit(struct sim_loop *loop, int code);
void sim__after_timer(struct sim_loop *loop, uint32_t t, int64_t start);
void sim__drain_start(struct sim_loop *loop, enum drain_mode mode);

/* Node timers (timers.c). */
void sim__timers_init(struct sim_loop *loop);
uint32_t sim__timer_start(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket,
                          bool repeat);
void sim__timer_clear(struct sim_loop *loop, uint32_t t);
void sim__timer_refresh(struct sim_loop *loop, uint32_t t);
void sim__timer_set_ref(struct sim_loop *loop, uint32_t t, bool refed);
bool sim__timer_unlink_as_immediate(struct sim_loop *loop, uint32_t t, bool *refed);
bool sim__timers_pass_begin(struct sim_loop *loop);
bool sim__timers_pass_step(struct sim_loop *loop);
int64_t sim__next_timeout(const struct sim_loop *loop);

/* Immediates (immediates.c). */
uint32_t sim__immediate_start(struct sim_loop *loop, uint32_t stmt, uint32_t env,
                              uint32_t socket);
void sim__immediate_clear(struct sim_loop *loop, uint32_t t);
void sim__immediate_set_ref(struct sim_loop *loop, uint32_t t, bool refed);
bool sim__check_step(struct sim_loop *loop);

/* Ticks and microtasks (ticks.c). */
void sim__tick_queue(struct sim_loop *loop, uint32_t stmt, uint32_t body, uint32_t env,
                     uint32_t socket, enum sim_reason reason);
void sim__microtask_queue(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket);
bool sim__drain_step(struct sim_loop *loop);

/* Worker pool (pool.c). */
void sim__pool_init(struct sim_loop *loop);
void sim__request_start(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket);
void sim__module_source_start(struct sim_loop *loop);
void sim__pool_post(struct sim_loop *loop, uint32_t t);
uint64_t sim__pool_next_finish(const struct sim_loop *loop);
void sim__pool_finish_one(struct sim_loop *loop);
bool sim__pool_wake_step(struct sim_loop *loop);
bool sim__pool_busy(const struct sim_loop *loop);
bool sim__request_deliver(struct sim_loop *loop, uint32_t t);

/* I/O, servers, pending and close (io.c). */
void sim__io_start(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket);
void sim__listen(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket);
void sim__connect(struct sim_loop *loop, uint32_t stmt, uint32_t env);
void sim__socket_write(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t sock);
void sim__socket_destroy(struct sim_loop *loop, uint32_t sock, uint32_t stmt, uint32_t env,
                         uint32_t scope);
void sim__server_close(struct sim_loop *loop, uint32_t server, uint32_t stmt, uint32_t env,
                       uint32_t scope);
void sim__handle_close(struct sim_loop *loop, uint32_t handle, uint32_t stmt, uint32_t env,
                       uint32_t scope);
bool sim__calls_take(struct sim_loop *loop, uint32_t t, struct queue *out, enum sim_reason *first,
                     enum sim_reason *then);
void sim__handle_set_ref(struct sim_loop *loop, uint32_t t, bool refed);
bool sim__close_due_step(struct sim_loop *loop);
bool sim__connect_failed_step(struct sim_loop *loop);
uint64_t sim__io_next_ready(const struct sim_loop *loop);
void sim__io_heap_push(struct sim_loop *loop, uint32_t t);
uint32_t sim__io_heap_pop(struct sim_loop *loop);
void sim__io_heap_remove(struct sim_loop *loop, uint32_t t);
bool sim__pending_step(struct sim_loop *loop);
bool sim__poll_step(struct sim_loop *loop);
bool sim__close_step(struct sim_loop *loop);
void sim__feed_deferred(struct sim_loop *loop);
int64_t sim__backend_timeout(const struct sim_loop *loop);
bool sim__can_wake(const struct sim_loop *loop);
size_t sim__describe_alive(const struct sim_loop *loop, char *buf, size_t size);

#endif
