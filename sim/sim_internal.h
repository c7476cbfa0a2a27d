/*
 * sim_internal.h - the loop's full state, for the files of sim/ and white-box tests only.
 *
 * Every object the run creates (timers, immediates, ticks, requests, sockets...) is a `struct
 * task` in one pool, and every container (queue.h, heap.h) links tasks by index, never by
 * pointer: the whole state is the loop struct and the arrays SIM_LOOP_ARRAYS lists, so a snapshot
 * for stepping back is a copy of those arrays (sim_loop_restore). The loop groups its fields per
 * subsystem, each group beside the file that keeps it. Orderings are total: where two things
 * tie, a sequence number decides, never an address.
 */
#ifndef SIM_SIM_INTERNAL_H
#define SIM_SIM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "heap.h"
#include "queue.h"
#include "sim.h"
#include "vm/vm.h"

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
    PLACE_BACKLOG,           /* a client behind its server's first waiting one (io.c) */
    PLACE_POLL_BATCH,
    PLACE_PENDING,
    PLACE_CLOSING,
    PLACE_CLOSING_RUN,
    PLACE_LISTENERS,
    PLACE_CALLS,             /* a server's or socket's listeners, or a socket's shared writes */
};

/*
 * A Node Timeout. Its delay is the statement's, clamped (sim__timer_start): only the list it
 * goes to is kept, as whole milliseconds.
 */
struct timeout_part {
    int64_t idle_start;      /* _idleStart: loop ms when it was (re)inserted */
    uint32_t list;           /* the TimersList it is linked in, or SIM_NONE */
    int32_t msecs;           /* trunc(_idleTimeout), 1 to 2^31 - 1; -1 once unenrolled */
    uint32_t runs_left;      /* setInterval `times`: runs before the implied clearInterval (0: no
                                limit; a `times` above 2^32 - 2 counts as none) */
    bool interval;           /* _repeat is set: setInterval */
    bool refed;              /* [kRefed] */
    bool destroyed;          /* _destroyed */
    bool has_callback;       /* _onTimeout !== null */
};

/* A worker-pool request; its job's length is its statement's `ms` (sim__job_ns). */
struct request_part {
    uint64_t at_ns;          /* while a worker runs its job: when the job started; after it:
                                when the job finished (with `cpus`, not always start + ms) */
    uint32_t steps;          /* pool jobs in the whole chain */
    uint32_t step;           /* the current job, from 1 */
    uint32_t heap_pos;       /* position in the running heap */
    uint16_t worker;         /* the worker running it, from 0; NO_WORKER when none */
    bool started;            /* a job of it has started: at_ns is set */
    bool swapped;            /* its job's end moved at a pool-order choice point (races.c) */
};

#define NO_WORKER UINT16_MAX

/* An fd event (TASK_IO: `deferred` is its statement's), or a client (TASK_CONNECTION). */
struct io_part {
    uint64_t ready_ns;       /* when the fd becomes ready */
    uint32_t heap_pos;
    uint32_t server;         /* TASK_CONNECTION: its server */
    bool fed;                /* already moved to the pending queue */
    bool swapped;            /* its readiness moved at an io-order choice point (races.c) */
    bool joins_at_poll;      /* ready when made: it joins epoll's ready list as poll registers
                                it (sim__fds_register), behind what became ready before */
    bool local;              /* the program's own doing (a JavaScript connect, the EOF of its
                                socket's peer): no other process whose timing races it */
};

struct closecb_part {
    uint32_t handle;         /* the closed handle (task index), for its name */
    bool internal;           /* no JavaScript callback: Node closed a handle of its own */
};

/* A task's scope, when it holds a run number rather than an env frame (sim__task_env). */
#define SCOPE_RUN 0x80000000u

/*
 * Everything a run creates. 64 bytes: a million pending timers cost 64 MB, plus the repeat
 * counters they close over (struct env_frame). Fields a kind does not use are in the union.
 */
struct task {
    uint64_t seq;            /* creation order: the last tiebreak of every ordering */
    uint64_t cause;          /* the seq of the callback event running when it was made, or 0
                                (exec.event_seq): what its callback event names as its cause */
    struct queue_link link;  /* its queue (see `place`); on the free list, `next` links it */
    uint32_t gen;            /* bumped when the slot is freed, so stale ids miss */
    uint32_t stmt;           /* the statement that made it, or SIM_NONE */
    uint32_t body;           /* the body it runs, or SIM_NONE */
    uint32_t scope;          /* the repeat counters it closes over (an env frame), or, made
                                outside any repeat, SCOPE_RUN | which run of its statement made
                                it (for its name): see sim__task_env and sim__task_run */
    uint32_t socket;         /* the socket its code acts on (a TASK_SOCKET), or SIM_NONE; for a
                                server's 'close' tick, that server (see sim__calls_take) */
    uint8_t kind;            /* enum task_kind */
    uint8_t place;           /* enum task_place */
    bool refed;              /* keeps the loop alive (handles and requests) */
    bool active;             /* counted in the liveness counters right now */
    union {
        struct timeout_part timer;
        struct request_part req;
        struct io_part io;
        struct closecb_part closecb;
        uint32_t handle;        /* TASK_SERVER, TASK_SOCKET: its struct handle (io.c) */
        uint32_t call_of;       /* TASK_CALL of a shared write: its after-write tick, or SIM_NONE */
        uint8_t listener_event; /* 0 = beforeExit, 1 = exit; with `once` in stmt */
        uint8_t tick_reason;    /* TASK_TICK: the rule that queued it (enum sim_reason) */
    } u;
};

/* ---- Handles: servers and sockets, few and long-lived, so their state is apart (io.c) ---- */

struct server_part {
    uint32_t connections;    /* open sockets accepted by it */
    uint32_t close_stmt;     /* the last server.close, which names the ticks of 'close' */
    uint32_t close_env;      /* its counters (held) */
    struct queue listeners;  /* once('close') listeners (TASK_CALL), oldest first */
    struct queue backlog;    /* clients waiting behind the one in the fd heap, by (ready, seq) */
    bool listening;
    bool closed;             /* server.close() was called: Node's _handle is null */
    bool emitted;            /* 'close' was emitted once: its once listeners are spent */
    bool client_out;         /* a client is in the fd heap, the poll batch or being accepted */
};

struct socket_part {
    uint32_t server;         /* the server that accepted it; SIM_NONE for a connect's socket */
    uint32_t attempt;        /* a connect's attempt (TASK_IO) until it settles, or SIM_NONE */
    uint32_t write_tick;     /* the tick of Writable's afterWriteTickInfo, or SIM_NONE */
    struct queue writes;     /* calls of writes that share an earlier write's tick (TASK_CALL) */
    struct queue listeners;  /* 'close' listeners (TASK_CALL), oldest first */
    bool open;
    bool close_emitted;      /* 'close' was emitted: a listener added now never runs */
};

struct handle {
    union {
        struct server_part server;
        struct socket_part sock;
    } u;
};

/* ---- Node timers ------------------------------------------------------------------------ */

/* lib/internal/timers.js TimersList: the Timeouts of one duration, oldest first. */
struct timer_list {
    int64_t msecs;
    int64_t expiry;
    int64_t id;              /* timerListId++ at creation and at every re-key */
    uint32_t heap_pos;       /* priorityQueuePosition; SIM_NONE when not in the heap */
    struct queue timeouts;   /* its Timeouts, oldest first (PLACE_TIMER_LIST) */
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
    uint32_t running;        /* the timer whose callback is running, or SIM_NONE */
    uint32_t ran;            /* timer callbacks this pass, for the per-phase limit */
    bool ran_list;
    bool ran_timer;
};

/* ---- Closure environments: the counters of enclosing repeats ---------------------------- */

/* One counter: 16 bytes, since every timer a repeat makes holds its own (timers-1m: a million). */
struct env_frame {
    uint32_t parent;
    uint32_t refs;           /* 0: on the free list (then `parent` links it) */
    uint32_t repeat;         /* the repeat statement whose counter it is (its `var` names it) */
    uint32_t value;          /* 1 to `times`, at most SIM_MAX_REPEAT */
};

/* ---- Handle names ---------------------------------------------------------------------- */

struct id_slot {
    uint32_t key;            /* strings arena offset of the name; SIM_NONE when empty */
    uint32_t hash;
    uint32_t task;
    uint32_t gen;
};

/* ---- Buffered events ------------------------------------------------------------------- */

/* An event whose strings are arena offsets until it is handed out. */
struct pending_event {
    struct sim_event ev;
    uint32_t label_off;      /* SIM_NONE: ev.label is a program pointer (or NULL) */
    uint32_t text_off;
};

/* ---- A running callback: JavaScript, one statement per step ---------------------------- */

/* What to do when the running callback returns. */
enum after_call {
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
    uint32_t repeat;         /* the repeat statement this frame iterates, or SIM_NONE */
    uint64_t counter;        /* that repeat's counter */
};

struct exec_state {
    uint32_t depth;          /* frames in use; 0: no callback is running */
    bool threw;              /* the last callback threw to 'uncaughtException' listeners */
    bool js;                 /* the running callback is JavaScript: vm/ runs it (frames[0] is a
                                placeholder), not the statements of a body */
    uint64_t event_seq;      /* the seq of the running callback's event; 0 between callbacks */
    uint32_t task;           /* the task whose body runs, or SIM_NONE (main) */
    uint32_t owner;          /* the task `after` acts on: `task`, or the emit making the call */
    struct queue calls;      /* the calls the running emit makes after this one */
    enum sim_reason call_reason; /* what announces each of them */
    uint32_t socket;         /* the connection its statements act on */
    uint32_t made;           /* the task the statement in progress made, for its next step */
    enum after_call after;
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
    STAGE_ITER_TIMERS,       /* libuv <= 1.44 (the Node 10 profile): timers begin an iteration */
    STAGE_PENDING,
    STAGE_IDLE_PREPARE,
    STAGE_POLL_ENTER,        /* after the idle handle's note: poll starts */
    STAGE_POLL,
    STAGE_POLL_PENDING,      /* libuv >= 1.44.2: up to 8 re-runs of what was fed during poll */
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
    POLL_DONE,               /* the phase limit's note was made: the phase ends */
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

/*
 * Where the check, pending or close phase is within one visit: a resumable pass, like the
 * timers pass, with one switch over its program counter. Zero (BATCH_TAKE) at the phase's start.
 */
enum batch_pc {
    BATCH_TAKE,              /* take the phase's queue (a snapshot of it) */
    BATCH_RUN,               /* start the next callback of the snapshot */
    BATCH_BETWEEN,           /* a callback ran: check only, runNextTicks() before the next */
    BATCH_END,               /* the snapshot is done: check only, the closing drain */
    BATCH_DONE,              /* nothing left this visit */
};

struct batch_pass {
    enum batch_pc pc;
    uint32_t ran;            /* callbacks this visit, for the per-phase limit */
};

/*
 * A callback whose phase event has just been made: it starts in the next action, so that the
 * phase event is a step of its own and shows the callback still waiting in its queue.
 */
struct pending_call {
    bool active;             /* it starts in the next action */
    bool held;               /* the run stopped (max_callbacks, until_ms) before it started */
    bool main;               /* the main script or the ES module's body; `task` is SIM_NONE */
    uint32_t task;           /* the callback's task: the task taken, or an emit's first call */
    uint32_t owner;          /* the task `after` acts on */
    enum sim_queue queue;    /* where it waited, for inspection */
    enum sim_reason reason;
    int64_t a;
    int64_t b;
    enum after_call after;
    int64_t after_arg;
};

/* pool.wake: the lowest-numbered idle worker, whichever it is when it looks. */
#define WAKE_ANY (UINT32_MAX - 1)

/* Node timers (timers.c): lib/internal/timers.js's lists and Node's one uv timer. */
struct timers_state {
    struct timer_list *lists;
    uint32_t list_count;
    uint32_t list_cap;
    uint32_t list_free;
    struct heap heap;            /* timerListQueue, by (expiry, id) */
    uint32_t heap_cap;
    uint32_t *map;               /* timerListMap: open addressing msecs -> list */
    uint32_t map_cap;
    uint32_t map_used;
    int64_t next_list_id;
    int64_t next_expiry;
    uint32_t refs;               /* timeoutInfo[0]: ref'd Timeouts */
    uint32_t linked;             /* Timeouts in some list, for inspection */
    bool uv_active;              /* Node's one uv timer is started */
    bool uv_refed;
    int64_t uv_due;              /* its timeout, absolute loop ms */
    struct timers_pass pass;
};

/* Immediates (immediates.c): immediateQueue, immediateInfo and the check phase. */
struct immediates_state {
    struct queue queue;          /* immediateQueue */
    struct queue outstanding;    /* the batch taken by processImmediate */
    uint32_t count;              /* immediateInfo[kCount] */
    uint32_t refs;               /* immediateInfo[kRefCount] */
    bool idle_active;            /* Node's immediate idle handle is started */
    struct batch_pass check;
};

/* nextTick and microtasks (ticks.c). */
struct ticks_state {
    struct queue queue;          /* the nextTick queue */
    struct queue microtasks;
    enum drain_mode drain;
    bool in_js;                  /* the drain is runNextTicks() called from JavaScript, between
                                    timers or immediates: a tick that throws leaves it (exec.c) */
};

/*
 * A computing job's share of the cores (cores.c), one per worker: what it must have been served
 * to be done, what it has been served, the most threads it has shared the cores with (for its
 * worker-done reason), and whether it met a cpu-ahead choice point (races.c).
 */
struct core_share {
    uint64_t done;               /* cores.served when the job is done */
    uint64_t from;               /* cores.served when it started, plus what it gave up to jobs
                                    that ran ahead: cores.served - from is what it got */
    uint32_t crowd;              /* the most runnable threads while it ran */
    bool offered;                /* it met a cpu-ahead choice point: never again */
    bool ahead;                  /* it took the other alternative: it ran ahead of the crowd */
};

/*
 * The cores (cores.c): processor sharing of config.cpus cores by the runnable threads, the
 * computing jobs on workers and the main thread while it runs. Each runnable thread is served
 * min(1, cpus / runnable) ns of work per ns, all alike, so one counter of the work each has been
 * served orders them all.
 */
struct cores_state {
    uint64_t served;             /* ns of work every runnable thread has been served so far */
    uint64_t at_ns;              /* the time `served` was brought up to */
    uint32_t jobs;               /* computing jobs on workers */
    uint32_t crowd;              /* the most runnable threads during the main thread's work */
    bool main;                   /* the main thread runs: the clock moves for its work or wait */
    bool computing;              /* its work is being served, until `served` reaches main_done */
    uint64_t main_done;          /* while computing: served when its work is done */
    uint64_t main_work;          /* work it does once the clock reaches clock_to */
    uint64_t main_from;          /* while computing: when it started */
};

/* The worker pool (pool.c, libuv src/threadpool.c). */
struct pool_state {
    uint32_t *workers;           /* the request each worker runs, or SIM_NONE */
    struct core_share *shares;   /* per worker: its job's share of the cores (cores.c) */
    uint32_t worker_count;
    uint32_t idle;               /* idle workers */
    uint32_t slow_running;
    uint32_t wake;               /* a worker that looks for work in the next action, WAKE_ANY
                                    or SIM_NONE: each start of a job is an action of its own */
    uint32_t marker;             /* the run_slow_work_message task */
    uint32_t eventfd;            /* the pool's async eventfd, as a pseudo-task in poll batches */
    uint64_t eventfd_ready;      /* when it became readable; valid while completed is not empty */
    struct queue wq;             /* the global FIFO */
    struct queue slow_wq;        /* slow_io_pending_wq */
    struct queue completed;      /* loop->wq: finished, not yet delivered */
    struct heap running;         /* running requests by (finish, seq) */
    uint32_t running_cap;
    uint64_t jobs;               /* jobs started so far: at most bounds.work */
};

/* I/O, handles, pending and close (io.c). */
struct io_state {
    struct heap heap;            /* fds and clients waiting to be ready, by (ready, seq) */
    uint32_t heap_cap;
    uint32_t backlog;            /* clients in servers' backlogs (not in the heap): inspection */
    struct handle *handles;      /* servers and sockets (task.u.handle) */
    uint32_t handle_count;
    uint32_t handle_cap;
    struct queue pending;        /* uv__io_feed'd callbacks */
    struct queue pending_run;    /* the snapshot the pending phase runs */
    struct queue closing;        /* closing_handles; pushed at the head (LIFO) */
    struct queue closing_run;
    struct poll_state poll;
    struct batch_pass pend;
    uint32_t joining;            /* fds of the heap that join epoll at the next poll */
    bool fed_in_poll;            /* a callback was fed while pending or poll ran: libuv runs
                                    the pending queue again right after poll */
    uint8_t reruns;              /* those re-runs so far in this iteration (at most 8) */
    struct batch_pass close;
    uint32_t close_due;          /* a server whose 'close' tick the next action queues, or NONE */
    uint32_t failed_socket;      /* a failed connect's socket, destroyed as its callback begins */
};

/* Choice points (races.c): recorded only once sim_loop_set_choices was called. */
struct races_state {
    bool on;                     /* record choice points and consult `taken` */
    bool start_taken;            /* run_enter: the start-up choice moved the clock; the next
                                    run_enter reads it as it is */
    bool timers_later;           /* timers_enter: the clock choice moved the clock; the pass
                                    begins in the stage's first action */
    int64_t clock_offered;       /* the millisecond the last clock choice was offered for */
    uint64_t window_ns;          /* events this close may come in either order */
    double spread;               /* pool jobs last their length +- this fraction */
    uint32_t *taken;             /* the choice vector: the alternative of the i-th point */
    uint32_t taken_len;
    uint32_t taken_cap;
    struct sim_choice *points;   /* the choice points met, at most SIM_MAX_CHOICES */
    uint32_t count;
    uint32_t cap;
    uint64_t seen;               /* choice points met, recorded or not */
};

/* Liveness (libuv uv__loop_alive, with Node's handles folded in; loop.c). */
struct liveness_state {
    uint32_t handles;            /* ref'd active servers, sockets, fd watchers */
    uint32_t reqs;               /* ref'd worker-pool requests in flight */
};

/* process.on listeners, and the emit in progress (loop.c). */
struct emit_state {
    struct queue listeners;
    uint32_t next;               /* the next listener to look at, or SIM_NONE */
    uint64_t seq;                /* listeners added during the emit (seq above) are skipped */
    int code;                    /* the code every listener of this emit gets */
    bool started;
};

/* Closures (env.c). */
struct env_state {
    struct env_frame *frames;
    uint32_t count;
    uint32_t cap;
    uint32_t free;
};

/* Handle names, and the interned strings they use (env.c). */
struct names_state {
    struct id_slot *ids;
    uint32_t id_cap;
    uint32_t id_used;
    char *strings;
    uint32_t strings_len;
    uint32_t strings_cap;
    char *interp;                /* the last interpolated string: scratch for one call */
    uint32_t interp_cap;
};

/* Events made but not yet handed out, and the strings they own (events.c). */
struct events_state {
    struct pending_event *buf;
    uint32_t head;
    uint32_t len;
    uint32_t cap;
    char *scratch;
    uint32_t scratch_len;
    uint32_t scratch_cap;
    uint64_t seq;                /* events made so far */
    struct pending_event spare;  /* what sim__emit hands out once memory has run out */
};

/*
 * The runaway bounds (loop.c, docs/scenario-format.md "Runaway bounds"), all derived from the
 * work a run may do: max_callbacks, but never less than its default, so that a low
 * max_callbacks still stops a run by its callbacks. A run that reaches one stops with an event
 * that names it.
 */
#define SIM_WORK_FLOOR 1000000ULL
#define SIM_EVENTS_PER_CALLBACK 16
#define SIM_BYTES_PER_CALLBACK 1024

struct bounds_state {
    uint64_t work;               /* max(max_callbacks, SIM_WORK_FLOOR): worker-pool jobs at most */
    uint64_t max_events;         /* SIM_EVENTS_PER_CALLBACK x work */
    uint64_t max_bytes;          /* SIM_BYTES_PER_CALLBACK x work, of sim_loop_footprint */
    bool grew;                   /* an array grew since the memory was last checked */
};

struct sim_loop {
    const struct sim_program *prog;
    const struct sim_config *cfg;

    /* Clock and stage. */
    uint64_t clock_ns;           /* virtual time, ns; moves only through clock_advance() */
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

    struct liveness_state alive;
    struct timers_state timers;
    struct immediates_state immediates;
    struct ticks_state ticks;
    struct pool_state pool;
    struct cores_state cores;
    struct io_state io;
    struct emit_state emit;

    /* The callback running now, and the one about to start (exec.c). */
    struct exec_state exec;
    struct pending_call call;
    uint64_t callbacks;
    uint32_t *stmt_runs;         /* per statement: how many times it has run */
    uint32_t stmt_run_cap;       /* the program's statement count (at least 1) */

    struct vm_state vm;          /* a JavaScript program's values and calls (vm/) */
    struct env_state envs;
    struct names_state names;
    struct events_state events;
    struct bounds_state bounds;
    struct races_state races;

    int error;                   /* a SIM_E* once an allocation failed */
    uint64_t iter_event_seq;     /* events.seq when the last iteration began */
    uint32_t idle_iterations;    /* iterations in a row that made no event */
    uint32_t burst_max;          /* the most events one action made: 1 (white-box tests) */
};

/*
 * The arrays a loop owns, each listed once: X(array, capacity, used, exact). Every one starts
 * NULL in a new loop and is freed by sim_loop_destroy; sim_loop_restore copies the first `used`
 * elements into the destination's own memory; sim_loop_footprint adds up the capacities. An
 * `exact` array is a hash table (or a fixed table) whose capacity is part of its content.
 */
#define SIM_LOOP_ARRAYS(X)                                                                \
    X(tasks, task_cap, task_count, false)                                                 \
    X(timers.lists, timers.list_cap, timers.list_count, false)                            \
    X(timers.heap.items, timers.heap_cap, timers.heap.len, false)                         \
    X(timers.map, timers.map_cap, timers.map_cap, true)                                   \
    X(pool.workers, pool.worker_count, pool.worker_count, true)                           \
    X(pool.shares, pool.worker_count, pool.worker_count, true)                            \
    X(pool.running.items, pool.running_cap, pool.running.len, true)                       \
    X(io.heap.items, io.heap_cap, io.heap.len, false)                                     \
    X(io.handles, io.handle_cap, io.handle_count, false)                                  \
    X(envs.frames, envs.cap, envs.count, false)                                           \
    X(names.ids, names.id_cap, names.id_cap, true)                                        \
    X(names.strings, names.strings_cap, names.strings_len, false)                         \
    X(names.interp, names.interp_cap, names.interp_cap, false)                            \
    X(events.buf, events.cap, events.len, false)                                          \
    X(events.scratch, events.scratch_cap, events.scratch_len, false)                      \
    X(stmt_runs, stmt_run_cap, stmt_run_cap, true)                                        \
    X(races.taken, races.taken_cap, races.taken_len, false)                               \
    X(races.points, races.cap, races.count, false)                                        \
    X(vm.stack, vm.stack_cap, vm.sp, false)                                               \
    X(vm.frames, vm.frame_cap, vm.frame_count, false)                                     \
    X(vm.handlers, vm.handler_cap, vm.handler_count, false)                               \
    X(vm.objects, vm.object_cap, vm.object_count, false)                                  \
    X(vm.props, vm.prop_cap, vm.prop_count, false)                                        \
    X(vm.values, vm.value_cap, vm.value_count, false)                                     \
    X(vm.chars, vm.char_cap, vm.char_count, false)                                        \
    X(vm.strings, vm.string_cap, vm.string_count, false)                                  \
    X(vm.task_calls, vm.task_call_cap, vm.task_call_cap, true)                            \
    X(vm.task_times, vm.task_time_cap, vm.task_time_cap, true)                            \
    X(vm.task_handles, vm.task_handle_cap, vm.task_handle_cap, true)                      \
    X(vm.global_at, vm.global_at_cap, vm.global_at_cap, true)                             \
    X(vm.prop_at, vm.prop_at_cap, vm.prop_at_cap, true)

/* ---- Shared inside sim/ ----------------------------------------------------------------- */

/* Tasks (loop.c). */
uint64_t sim__task_ns(const struct sim_loop *loop, uint32_t t); /* pool.c */
uint32_t sim__task_new(struct sim_loop *loop, enum task_kind kind, uint32_t stmt, uint32_t env,
                       uint32_t socket);
void sim__task_free(struct sim_loop *loop, uint32_t t);
/* The task at index t. */
static inline struct task *task_at(struct sim_loop *loop, uint32_t t)
{
    return &loop->tasks[t];
}

/* The env frame a task closes over, or SIM_NONE. */
static inline uint32_t sim__task_env(const struct task *task)
{
    return (task->scope & SCOPE_RUN) != 0 ? SIM_NONE : task->scope;
}

/* Which run of its statement made a task outside any repeat (1, 2...); 0 inside one. */
static inline uint32_t sim__task_run(const struct task *task)
{
    return (task->scope & SCOPE_RUN) != 0 ? task->scope & ~SCOPE_RUN : 0;
}

/* The queues of tasks (queue.h): a task's links are inside it, and `place` says where it is. */
static inline struct queue_links sim__links(struct sim_loop *loop)
{
    return (struct queue_links){(char *)&loop->tasks->link, sizeof(struct task)};
}

static inline void sim__queue_push(struct sim_loop *loop, struct queue *q, uint32_t t,
                                   enum task_place place)
{
    task_at(loop, t)->place = (uint8_t)place;
    queue_push(sim__links(loop), q, t);
}

static inline void sim__queue_push_front(struct sim_loop *loop, struct queue *q, uint32_t t,
                                         enum task_place place)
{
    task_at(loop, t)->place = (uint8_t)place;
    queue_push_front(sim__links(loop), q, t);
}

static inline void sim__queue_remove(struct sim_loop *loop, struct queue *q, uint32_t t)
{
    queue_remove(sim__links(loop), q, t);
    task_at(loop, t)->place = PLACE_NONE;
}

static inline uint32_t sim__queue_pop(struct sim_loop *loop, struct queue *q)
{
    uint32_t t = queue_pop(sim__links(loop), q);
    if (t != SIM_NONE) {
        task_at(loop, t)->place = PLACE_NONE;
    }
    return t;
}

/* Moves all of src to the tail of dst: O(1) but for the places, which it walks to set. */
void sim__queue_splice(struct sim_loop *loop, struct queue *dst, struct queue *src,
                       enum task_place place);

/* Memory (loop.c). */
bool sim__grow(struct sim_loop *loop, void **arr, uint32_t *cap, size_t elem, uint32_t need);

/* Liveness, the clock and the run's bounds (loop.c). */
void sim__set_active(struct sim_loop *loop, uint32_t t, bool active);
void sim__set_refed(struct sim_loop *loop, uint32_t t, bool refed);
bool sim__alive(const struct sim_loop *loop);
void sim__clock_advance(struct sim_loop *loop, uint64_t to);
bool sim__clock_step(struct sim_loop *loop);

/* The cores the threads share (cores.c). */
void sim__clock_compute(struct sim_loop *loop, uint64_t from, uint64_t work_ns);
void sim__clock_sleep(struct sim_loop *loop, uint64_t to);
void sim__cores_main_start(struct sim_loop *loop);
uint64_t sim__cores_target(const struct sim_loop *loop);
bool sim__cores_reach(struct sim_loop *loop, bool *event);
void sim__cores_main_stop(struct sim_loop *loop);
void sim__cores_job_start(struct sim_loop *loop, uint32_t w, uint64_t work_ns);
void sim__cores_job_done(struct sim_loop *loop);
uint64_t sim__cores_job_finish(const struct sim_loop *loop, uint32_t w);
uint64_t sim__cores_ahead_end(const struct sim_loop *loop, uint32_t w);
void sim__cores_run_ahead(struct sim_loop *loop, uint32_t w, uint64_t end);
bool sim__cores_job_late(struct sim_loop *loop, uint32_t w, struct pending_event *pe);
uint64_t sim__cores_gain(uint32_t cpus, uint32_t runnable, uint64_t dt);
uint64_t sim__cores_span(uint32_t cpus, uint32_t runnable, uint64_t work);
bool sim__request_computes(const struct sim_loop *loop, uint32_t t);
void sim__pool_reorder(struct sim_loop *loop);
void sim__pool_choose_ahead(struct sim_loop *loop, uint64_t look);
bool sim__pool_may_run_ahead(const struct sim_loop *loop, uint64_t from, uint64_t to);
bool sim__deferred(const struct sim_loop *loop);
void sim__update_time(struct sim_loop *loop);
bool sim__should_stop(struct sim_loop *loop);
void sim__stop_runaway(struct sim_loop *loop, enum sim_reason reason, uint64_t held);
void sim__process_fatal(struct sim_loop *loop, const char *text, int code);
void sim__process_exit(struct sim_loop *loop, int code);

/* Events (events.c). */
struct pending_event *sim__emit(struct sim_loop *loop, enum sim_event_kind kind,
                                enum sim_reason reason, uint32_t task_or_nil);
void sim__emit_text_len(struct sim_loop *loop, struct pending_event *pe, const char *text,
                        uint32_t len);
void sim__emit_text(struct sim_loop *loop, struct pending_event *pe, const char *text);
void sim__emit_label_of(struct sim_loop *loop, struct pending_event *pe, uint32_t t);
void sim__emit_label(struct sim_loop *loop, struct pending_event *pe, const char *label,
                     uint32_t env);
void sim__emit_label_run(struct sim_loop *loop, struct pending_event *pe, uint32_t stmt,
                         uint32_t env);
bool sim__event_take(struct sim_loop *loop, struct sim_event *ev);
const char *sim__stmt_name(const struct sim_loop *loop, uint32_t stmt);
size_t sim__task_name(const struct sim_loop *loop, uint32_t t, char *buf, size_t size);

/* Closures and names (env.c). */
uint32_t sim__env_push(struct sim_loop *loop, uint32_t parent, uint32_t repeat, uint64_t value);
const char *sim__env_var(const struct sim_loop *loop, uint32_t env);
void sim__env_ref(struct sim_loop *loop, uint32_t env);
void sim__env_unref(struct sim_loop *loop, uint32_t env);
bool sim__has_placeholder(const char *s);
uint32_t sim__interpolate(struct sim_loop *loop, const char *s, uint32_t env, char **out);
size_t sim__interpolate_to(const struct sim_loop *loop, const char *s, uint32_t env, char *buf,
                           size_t size);
uint32_t sim__intern(struct sim_loop *loop, const char *s, uint32_t len);
void sim__id_bind(struct sim_loop *loop, const char *name, uint32_t env, uint32_t t);
uint32_t sim__id_find(struct sim_loop *loop, const char *name, uint32_t env);

/* Running JavaScript (exec.c). */
bool sim__call(struct sim_loop *loop, uint32_t t, enum sim_reason reason, int64_t a, int64_t b,
               enum after_call after, int64_t after_arg);
bool sim__call_main(struct sim_loop *loop, enum sim_reason reason, enum after_call after);
void sim__call_begin(struct sim_loop *loop);
bool sim__phase_announce(struct sim_loop *loop);
void sim__exec_step(struct sim_loop *loop);
void sim__log_line(struct sim_loop *loop, const char *text, uint32_t len);
void sim__js_uncaught(struct sim_loop *loop);
void sim__js_pending_calls(struct sim_loop *loop, const char *what);
void sim__listener_add(struct sim_loop *loop, uint32_t stmt);
void sim__listener_remove_js(struct sim_loop *loop, struct vm_value fn);
void sim__exec_abort(struct sim_loop *loop);

/* Node timers (timers.c). */
void sim__timers_init(struct sim_loop *loop);
uint32_t sim__timer_start(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket,
                          bool repeat);
uint32_t sim__timer_start_delay(struct sim_loop *loop, uint32_t stmt, uint32_t env,
                                uint32_t socket, bool repeat, double delay);
void sim__timer_clear(struct sim_loop *loop, uint32_t t);
void sim__timer_refresh(struct sim_loop *loop, uint32_t t);
void sim__timer_set_ref(struct sim_loop *loop, uint32_t t, bool refed);
bool sim__timer_unlink_as_immediate(struct sim_loop *loop, uint32_t t, bool *refed);
bool sim__timers_pass_begin(struct sim_loop *loop);
bool sim__timers_pass_step(struct sim_loop *loop);
int64_t sim__next_timeout(const struct sim_loop *loop);
int64_t sim__timers_expiry_after(const struct sim_loop *loop, int64_t expiry);
bool sim__list_less(const void *loop, uint32_t a, uint32_t b);
void sim__after_timer(struct sim_loop *loop, uint32_t t, int64_t start);

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
uint32_t sim__microtask_queue_quiet(struct sim_loop *loop, uint32_t stmt);
bool sim__drain_step(struct sim_loop *loop);
void sim__drain_start(struct sim_loop *loop, enum drain_mode mode);
void sim__drain_start_js(struct sim_loop *loop);
bool sim__drain_between(struct sim_loop *loop, const char *what);

/* Worker pool (pool.c). */
void sim__pool_init(struct sim_loop *loop);
bool sim__pool_resize(struct sim_loop *loop, uint32_t k);
void sim__request_start(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket);
void sim__module_source_start(struct sim_loop *loop);
void sim__pool_post(struct sim_loop *loop, uint32_t t);
uint64_t sim__pool_next_finish(const struct sim_loop *loop);
void sim__pool_finish_one(struct sim_loop *loop);
bool sim__pool_wake_step(struct sim_loop *loop);
bool sim__pool_busy(const struct sim_loop *loop);
bool sim__request_deliver(struct sim_loop *loop, uint32_t t);
uint64_t sim__request_finish(const struct sim_loop *loop, uint32_t t);

/* I/O, pending, poll and close (io.c). */
void sim__io_init(struct sim_loop *loop);
void sim__io_start(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket);
uint32_t sim__fd_start(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket);
void sim__feed_now(struct sim_loop *loop, uint32_t t);
void sim__fd_joins_at_poll(struct sim_loop *loop, uint32_t t);
void sim__fd_local(struct sim_loop *loop, uint32_t t);
void sim__fds_register(struct sim_loop *loop);
void sim__handle_announce(struct sim_loop *loop, uint32_t t, enum sim_reason reason, int64_t a);
void sim__io_heap_push(struct sim_loop *loop, uint32_t t);
void sim__io_heap_remove(struct sim_loop *loop, uint32_t t);
uint64_t sim__io_next_ready(const struct sim_loop *loop);
bool sim__io_less(const void *loop, uint32_t a, uint32_t b);
void sim__feed_deferred(struct sim_loop *loop);
bool sim__pending_step(struct sim_loop *loop);
bool sim__poll_step(struct sim_loop *loop);
bool sim__close_step(struct sim_loop *loop);
int64_t sim__backend_timeout(const struct sim_loop *loop);
size_t sim__describe_alive(const struct sim_loop *loop, char *buf, size_t size);

/* Choice points (races.c). */
uint32_t sim__choose(struct sim_loop *loop, enum sim_choice_kind kind, int64_t a, int64_t b);

/* Servers and sockets (net.c); their state, apart from their tasks. */
static inline struct server_part *sim__server(struct sim_loop *loop, uint32_t t)
{
    return &loop->io.handles[task_at(loop, t)->u.handle].u.server;
}
void sim__listen(struct sim_loop *loop, uint32_t stmt, uint32_t env, uint32_t socket);
uint32_t sim__server_open(struct sim_loop *loop, uint32_t stmt);
uint32_t sim__server_client(struct sim_loop *loop, uint32_t server, uint64_t ready_ns);
uint32_t sim__connect(struct sim_loop *loop, uint32_t stmt, uint32_t env);
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
bool sim__client_take(struct sim_loop *loop, uint32_t c);

static inline struct socket_part *sim__socket(struct sim_loop *loop, uint32_t t)
{
    return &loop->io.handles[task_at(loop, t)->u.handle].u.sock;
}


#endif
