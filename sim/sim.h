/*
 * sim.h - loopsim's engine: the one public header.
 *
 * The engine is a deterministic model of the Node.js v20 event loop (libuv 1.46) on a virtual
 * clock. It does no I/O and reads no clock: a scenario comes in as a byte buffer, the loader
 * turns it into an immutable program, and a loop steps through that program one observable event
 * at a time. Every front end (trace printers, the TUI) consumes the same event stream.
 *
 *     struct sim_diag diag;
 *     struct sim_program *prog = sim_program_load(buf, len, &diag);
 *     struct sim_loop *loop = sim_loop_create(prog);
 *     struct sim_event ev;
 *     while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) { ... }
 *     sim_loop_destroy(loop);
 *     sim_program_destroy(prog);
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "names.h"
#include "program.h"

#define SIM_VERSION "0.1.0"

/* ---- Loading ---------------------------------------------------------------------------- */

/* A located error, filled by the loader instead of printing anything. */
struct sim_diag {
    int code;               /* a SIM_E* value; 0 when there is no error */
    uint32_t line;          /* 1-based; 0 when the error has no place in the file */
    uint32_t col;           /* 1-based, in characters */
    char path[256];         /* JSON path, e.g. "main[2].delay"; empty at the top */
    char message[512];      /* e.g. "expected a number, got \"ten\"" */
};

/*
 * Command-line overrides of the scenario's config, applied after loading and validated like it.
 * A field left at its "unset" value changes nothing.
 */
struct sim_overrides {
    int64_t threadpool_size;             /* < 0: unset */
    int64_t cpus;                        /* < 0: unset (--cpus) */
    int64_t limits[SIM_PHASE_COUNT];     /* < 0: unset */
    int entry;                           /* < 0: unset, else an enum sim_entry */
    int node;                            /* < 0: unset, else an enum sim_node */
    double until_ms;                     /* < 0: unset */
    int64_t max_callbacks;               /* < 0: unset */
    int64_t gc_threshold;                /* < 0: unset; only for tests (sim/vm/gc.c) */
    int64_t vm_budget;                   /* < 0: unset; only for tests: the instructions a
                                            JavaScript callback may run in all, busy waits
                                            on the clock included (else VM_BUDGET between
                                            two clock reads) */
};

/* Sets every override to unset. */
void sim_overrides_init(struct sim_overrides *ov);

/* The Node profiles config.node and --node take, as "20|10" (static text). */
const char *sim_node_choices(void);

/* The enum sim_node that `name` ("10", "20") names, or -1. */
int sim_node_find(const char *name);

/* The entries config.entry and --entry take, as "commonjs|module" (static text). */
const char *sim_entry_choices(void);

/* The enum sim_entry that `name` ("commonjs", "module") names, or -1. */
int sim_entry_find(const char *name);

/*
 * Checks that buf[0..len) is UTF-8 text as a scenario must be (no NUL, no invalid sequence, no
 * UTF-16 byte order mark), for other text the user gives, such as a quiz's answers. Returns 0,
 * or -SIM_EINVAL with `diag` placed at the first bad byte.
 */
int sim_text_check(const char *buf, size_t len, struct sim_diag *diag);

/*
 * Parses and validates a scenario. Returns a program the caller owns (free it with
 * sim_program_destroy), or NULL with `diag` filled. `ov` may be NULL. The buffer is only read.
 */
struct sim_program *sim_program_load(const char *buf, size_t len, const struct sim_overrides *ov,
                                     struct sim_diag *diag);

/*
 * Reads a JavaScript program (../shared/spec/js-input.md) the way sim_program_load reads a
 * scenario: a syntax error or a construct outside the subset is a located diagnostic. `module`
 * says it is an ES module (an .mjs file); a .js file with module syntax is one anyway.
 */
struct sim_program *sim_program_load_js(const char *buf, size_t len, bool module,
                                        const struct sim_overrides *ov, struct sim_diag *diag);

/*
 * Does a JavaScript program have a form of scenario op `op` that the front end runs (its Node
 * surface)? What `loopsim export-js` may write; the I/O the front end does not simulate yet
 * (net, dns, the fd calls, ...) is false.
 */
bool sim_js_runs_op(enum sim_op op);

/*
 * Names the file a JavaScript program was read from (its last path component is copied), so
 * that __filename ends with it, as in node. Returns 0 or -SIM_ENOMEM.
 */
int sim_program_set_file_name(struct sim_program *prog, const char *path);

/* A JavaScript program's own text (its length in *len), or NULL for a JSON scenario. */
const char *sim_program_source(const struct sim_program *prog, size_t *len);

/* Frees a program and everything it owns; accepts NULL. */
void sim_program_destroy(struct sim_program *prog);

/* ---- Running ---------------------------------------------------------------------------- */

struct sim_loop;

/*
 * One observable event. Strings are borrowed from the loop and stay valid until the next call
 * of sim_loop_step on it.
 */
struct sim_event {
    uint64_t seq;               /* 1, 2, 3 ... in the order the events happen */
    enum sim_event_kind kind;
    uint64_t time_ns;           /* virtual time when it happened */
    uint64_t iteration;         /* loop iteration; 0 before the loop starts */
    enum sim_phase phase;       /* where the loop was */
    enum sim_reason reason;     /* why it happened; the reason's template explains it */
    int64_t arg_a;              /* the reason's %A (milliseconds: virtual ns, see _MS) */
    int64_t arg_b;              /* the reason's %B */
    const char *label;          /* the callback or handle concerned, or NULL */
    const char *text;           /* a log line, a block's `what`, or the reason's %S */
    uint64_t duration_ns;       /* block: its length; log: its cost; poll-wait: how long it
                                   slept */
    uint32_t stmt;              /* the program statement concerned, or SIM_NONE */
    uint32_t worker;            /* worker-start/worker-done: the worker's number from 1 */
    uint64_t callbacks;         /* callbacks run so far, this one included */
    uint64_t cause;             /* callback: the seq of the callback event (the main script's
                                   too) that was running when this callback was queued; 0 when
                                   none was (the engine queued it) and for other kinds */
};

enum sim_step_result {
    SIM_STEP_EVENT = 1,         /* *ev was filled */
    SIM_STEP_DONE = 0,          /* the simulation has ended; nothing was filled */
};

/* Creates a loop at the start of `prog`, which the caller keeps alive longer than the loop. */
struct sim_loop *sim_loop_create(const struct sim_program *prog);

/* Frees the loop; accepts NULL. */
void sim_loop_destroy(struct sim_loop *loop);

/*
 * Advances to the next observable event and fills *ev. Returns SIM_STEP_EVENT, SIM_STEP_DONE,
 * or a negative SIM_E* on failure (out of memory), after which the loop can only be destroyed.
 */
int sim_loop_step(struct sim_loop *loop, struct sim_event *ev);

/* Receives events from sim_loop_run; `ev` is borrowed for the call. Non-zero stops the run. */
typedef int (*sim_sink_fn)(void *ctx, const struct sim_event *ev);

/* Steps to the end, handing every event to `sink`. Returns 0, the sink's value, or a SIM_E*. */
int sim_loop_run(struct sim_loop *loop, sim_sink_fn sink, void *ctx);

/* Why the simulation ended, once sim_loop_step has returned SIM_STEP_DONE. */
enum sim_outcome {
    SIM_OUTCOME_RUNNING,        /* not ended yet */
    SIM_OUTCOME_EXITED,         /* the loop had nothing left, or process.exit() */
    SIM_OUTCOME_UNTIL,          /* until_ms was reached */
    SIM_OUTCOME_MAX_CALLBACKS,  /* max_callbacks was reached: a runaway scenario */
    SIM_OUTCOME_FOREVER,        /* alive, but nothing could ever wake it */
};
enum sim_outcome sim_loop_outcome(const struct sim_loop *loop);

/* The exit code the simulated process would have (process.exit's code, else 0). */
int sim_loop_exit_code(const struct sim_loop *loop);

/* A copy of the loop's whole state, for stepping back; NULL when out of memory. */
struct sim_loop *sim_loop_clone(const struct sim_loop *loop);

/*
 * Makes `dst` (a loop of the same program) a copy of `src`, reusing dst's memory where it is
 * large enough: stepping back without allocating. Returns 0, or -SIM_ENOMEM, after which dst
 * can only be destroyed.
 */
int sim_loop_restore(struct sim_loop *dst, const struct sim_loop *src);

/* The bytes a clone of `loop` copies: what a snapshot of it costs. */
size_t sim_loop_footprint(const struct sim_loop *loop);

/* ---- Choice points: where real Node's order depends on timing (races.c) ----------------- */

/* One choice point the run met, and the alternative it took there. */
struct sim_choice {
    enum sim_choice_kind kind;
    uint32_t taken;             /* 0: the model's own answer; 1: the other one */
    uint64_t event_seq;         /* the first event made under it (it sits before that event) */
    uint64_t time_ns;           /* virtual time where it arose */
    int64_t arg_a;              /* the kind's %A_MS (nanoseconds) */
    int64_t arg_b;              /* the kind's %B_MS */
};

/* The most choice points one run records; later ones take their default and are counted. */
#define SIM_MAX_CHOICES 4096

/* What an exploration tries, and how far (docs/races.md). */
struct sim_races_options {
    uint32_t budget;            /* runs at most; 0 = SIM_RACES_BUDGET */
    double window_ms;           /* events this close may come in either order; < 0: 1 ms */
    double spread;              /* pool jobs last their length +- this fraction; < 0: 0.1 */
};

/* pool-shares-two-cores, the largest shipped exploration, takes 352 runs (docs/races.md). */
#define SIM_RACES_BUDGET 512
#define SIM_RACES_MAX_BUDGET 100000
#define SIM_RACES_WINDOW_MS 1.0
#define SIM_RACES_SPREAD 0.1

/* Sets every option to its default (the budget to 0, the window and spread to -1). */
void sim_races_options_init(struct sim_races_options *opt);

/*
 * Makes `loop` (not stepped yet) record its choice points, taking alternative taken[i] at the
 * i-th (0 past the end of `taken`: the default). `opt` (NULL: the defaults) gives the window and
 * the spread that open a choice point. The array is copied. Without this call a loop records
 * nothing and always takes the default. Returns 0, -SIM_ESTATE once the loop has stepped, or
 * -SIM_ENOMEM.
 */
int sim_loop_set_choices(struct sim_loop *loop, const struct sim_races_options *opt,
                         const uint32_t *taken, size_t count);

/* How many choice points the run has met so far (recorded or not). */
uint64_t sim_loop_choice_count(const struct sim_loop *loop);

/* The i-th recorded choice point (i < SIM_MAX_CHOICES), or NULL; borrowed from the loop. */
const struct sim_choice *sim_loop_choice_at(const struct sim_loop *loop, size_t i);

/*
 * Writes what alternative `alt` of choice point `c` means, as a sentence, into buf (at most
 * `size` bytes, NUL-terminated). Returns the length it needed, like snprintf.
 */
size_t sim_choice_sentence(const struct sim_choice *c, unsigned alt, char *buf, size_t size);


/* One distinct output the exploration found. Everything in it is owned by its sim_races. */
struct sim_race_output {
    char **lines;               /* what the program prints with console.log, in order */
    size_t line_count;
    bool is_default;            /* the run with every choice at its default prints it */
    uint32_t runs;              /* how many of the explored runs printed it */
    struct sim_choice *choices; /* the first run that printed it: its choice points that did
                                   not take the default; for the default output, all those
                                   the default run met */
    size_t choice_count;
    uint32_t *taken;            /* that run's alternative at each choice point it recorded:
                                   sim_loop_set_choices(loop, opt, taken, taken_count) with
                                   the exploration's options makes the same run again */
    size_t taken_count;
};

/* A choice point the exploration did not try the other alternative of (the budget ran out). */
struct sim_race_open {
    struct sim_choice at;
    uint32_t runs_behind;       /* untried runs that start with it */
};

/* What sim_races_explore found. */
struct sim_races {
    struct sim_race_output *outputs; /* in the order they were found: the default first */
    size_t output_count;
    uint32_t runs;              /* runs made */
    uint32_t budget;            /* the budget they were allowed */
    uint64_t choice_points;     /* choice points met, over all runs */
    uint64_t unrecorded;        /* of them, past SIM_MAX_CHOICES in their run (not explored) */
    struct sim_race_open *open; /* untried alternatives, one per distinct choice point */
    size_t open_count;
};

/*
 * Runs `prog` under every combination of its choice points' alternatives, breadth first (the
 * fewest changed choices first), up to the budget, and collects the distinct outputs. Pure
 * and deterministic. Returns a result the caller frees with sim_races_destroy, or NULL with
 * *err set to a negative SIM_E* (out of memory).
 */
struct sim_races *sim_races_explore(const struct sim_program *prog,
                                    const struct sim_races_options *opt, int *err);

/* Frees a result of sim_races_explore; accepts NULL. */
void sim_races_destroy(struct sim_races *races);

/* ---- Looking inside (for the TUI) ------------------------------------------------------ */

const char *sim_queue_name(enum sim_queue q);

/* One waiting item, copied out of the loop. */
struct sim_item {
    char label[48];             /* its name, cut to fit */
    uint64_t when_ns;           /* timers: due; io: ready; jobs: submitted or finished */
    uint32_t stmt;              /* the statement that made it, or SIM_NONE */
    bool refed;                 /* keeps the loop alive */
};

/* One worker of the pool. */
struct sim_worker {
    bool busy;
    char label[48];             /* the job's request */
    uint64_t start_ns;
    uint64_t finish_ns;
};

/* The loop at a glance. */
struct sim_state {
    uint64_t time_ns;
    uint64_t iteration;
    enum sim_phase phase;
    bool alive;                 /* uv__loop_alive() right now */
    int64_t poll_timeout_ms;    /* what poll would wait now: -1 forever, 0 not at all */
    const char *timeout_why;    /* a static sentence for that timeout */
    uint64_t callbacks;
    bool in_callback;           /* a callback is running (stopped between two statements) */
    uint32_t callback_stmt;     /* the statement that scheduled it (SIM_NONE: main) */
    uint32_t last_stmt;         /* the statement it ran last, or SIM_NONE */
    uint32_t js_line;           /* a JavaScript callback: the line of the statement it is at
                                   (1-based), else 0 */
    uint32_t js_col;            /* and its column (1-based, in characters) */
    uint32_t js_end_line;       /* where the statement ends: the line and column just past it */
    uint32_t js_end_col;
    uint32_t worker_count;
    uint32_t queue_len[SIM_QUEUE_COUNT];
};

/* Fills *st with the loop's state. */
void sim_loop_state(const struct sim_loop *loop, struct sim_state *st);

/*
 * Copies up to `max` items of queue `q`, skipping the first `skip`, in run order, into `out`
 * (owned by the caller). Returns how many were copied.
 */
size_t sim_loop_queue(const struct sim_loop *loop, enum sim_queue q, size_t skip,
                      struct sim_item *out, size_t max);

/* Copies the workers (up to `max`) into `out`; returns how many. */
size_t sim_loop_workers(const struct sim_loop *loop, struct sim_worker *out, size_t max);

/* Writes what keeps the loop alive, by name, into buf; returns the length it needed. */
size_t sim_loop_alive_why(const struct sim_loop *loop, char *buf, size_t size);

/*
 * Formats the reason of `ev` as a sentence into buf (at most `size` bytes, NUL-terminated).
 * Returns the length it needed, like snprintf.
 */
size_t sim_event_reason(const struct sim_event *ev, char *buf, size_t size);

/*
 * Formats the explanation of the reason of `ev` (names.h: the rule as a narrator tells it) into
 * buf likewise; "" for a reason without one. Returns the length it needed, like snprintf.
 */
size_t sim_event_explain(const struct sim_event *ev, char *buf, size_t size);

/* ---- Numbers as text (format.c): one formatter for the engine and every front end --------- */

/* The most bytes sim_format_u64 and sim_format_ms write. */
#define SIM_FORMAT_U64_MAX 20
#define SIM_FORMAT_MS_MAX (SIM_FORMAT_U64_MAX + 4)

/* Writes `value` in decimal at `out` (no NUL); returns the length. */
size_t sim_format_u64(char *out, uint64_t value);

/*
 * Writes virtual nanoseconds as milliseconds at `out` (no NUL), truncated to whole microseconds:
 * "12.500", or with `trim` "12.5" (and "12" for a whole number); returns the length.
 */
size_t sim_format_ms(char *out, uint64_t ns, bool trim);

#endif
