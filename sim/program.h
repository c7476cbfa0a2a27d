/*
 * program.h - the immutable program a scenario is loaded into.
 *
 * The loader (load.c) turns the scenario's JSON into this plain data once; the loop reads it and
 * never changes it, so any number of loops (and the TUI's snapshots) can share one program.
 * Statements of one body are contiguous in `stmts`; a body is a range of them.
 */
#ifndef SIM_PROGRAM_H
#define SIM_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "names.h"

/*
 * The one spelling of "no index", engine and front ends alike: no statement, no body, no task,
 * the end of a queue.
 */
#define SIM_NONE UINT32_MAX

/* Documented limits of the loader (docs/scenario-format.md, "Limits"). */
#define SIM_MAX_NESTING 64                /* JSON nesting depth, and body nesting depth */
#define SIM_MAX_REPEAT 10000000ULL        /* `times` of one repeat */
#define SIM_MAX_EXPANSION 100000000ULL    /* statements one body may run, repeats multiplied */
#define SIM_MAX_THREADPOOL 1024
#define SIM_MAX_CPUS 1024 /* config.cpus: cores shared by the pool and the main thread */
#define SIM_MAX_DURATION_MS 1e12          /* any duration, and until_ms: about 31 years */
#define SIM_MAX_FILE_BYTES (256u << 20)

/*
 * One statement. Fields an op does not use are zero, NULL or SIM_NONE. The fields are
 * ordered by size, widest first, so that no padding sits between them: a program of a million
 * statements takes a hundred megabytes, and a byte here is a megabyte there.
 */
struct sim_stmt {
    const char *label;      /* `label`, or NULL for the default "op#ordinal" */
    const char *id;         /* `id` (may hold {VAR}), or NULL */
    const char *text;       /* log `msg`, block `what`, repeat `var`, on `event`, connect
                               `error`; NULL when absent */
    double delay;           /* setTimeout/setInterval `delay`, as written (clamped at run time) */
    uint64_t ms_ns;         /* `ms`, in virtual nanoseconds */
    uint64_t times;         /* repeat/setInterval `times`; for setInterval see has_times */
    uint64_t size;          /* fs.readFile `size` in bytes */
    const uint64_t *connections_ns; /* listen `connections`, ms after listen, in ns */
    enum sim_op op;
    uint32_t line;          /* 1-based line of the statement in the scenario file */
    uint32_t col;           /* 1-based column, in characters */
    uint32_t ordinal;       /* this is the ordinal-th statement of its op, in document order */
    uint32_t body;          /* `do`: the body it runs, or SIM_NONE */
    uint32_t jobs;          /* zlib `jobs` (>= 1) */
    int32_t code;           /* exit `code` */
    uint32_t connection_count;
    bool unref;             /* `unref: true` */
    bool deferred;          /* io/connect `deferred: true` */
    bool once;              /* on `once: true` */
    bool label_varies;      /* `label` holds a {VAR} placeholder */
    bool has_times;         /* setInterval: `times` was given (0 runs is a valid count) */
};

/* A body: `count` statements from stmts[first]. */
struct sim_body {
    uint32_t first;
    uint32_t count;
    const char *name;       /* the function's name for a "@name" body, else NULL */
};

enum sim_entry {
    SIM_ENTRY_COMMONJS,
    SIM_ENTRY_MODULE,
};

/* config.node: whose ordering rules the run follows (docs/node-profiles.md); the order of the
   key's choices in ops.h. */
enum sim_node {
    SIM_NODE_20, /* Node >= 11 on libuv >= 1.45: ticks after every timer and immediate */
    SIM_NODE_10, /* Node 10 on libuv <= 1.44: ticks after each timer list and check phase */
};

/*
 * The default cost model: what Node's own work costs in virtual time, measured on node v20
 * (bench/cost/run.mjs; the figures and how they were chosen are in docs/cost-model.md).
 */
#define SIM_COST_LOOP_START_NS 20000ULL   /* end of the main script's drain to uv_run */
#define SIM_COST_CALLBACK_NS 20000ULL     /* one callback, beside its blocks and logs */
#define SIM_COST_LOG_NS 20000ULL          /* one console.log to a pipe or a file */
#define SIM_COST_FIRST_LOG_NS 2500000ULL  /* the first one: it creates process.stdout */

/* The scenario's `config`, after defaults and command-line overrides. */
struct sim_config {
    uint32_t threadpool_size;            /* 1..1024 */
    uint32_t cpus;                       /* cores the threads share; 0 = unlimited (cores.c) */
    enum sim_entry entry;
    uint8_t node;                        /* an enum sim_node */
    uint64_t loop_start_ns;              /* start-up, before uv_run's first clock reading */
    uint64_t callback_ns;                /* every callback, at its end */
    uint64_t log_ns;                     /* every console.log but the first */
    uint64_t first_log_ns;               /* the first console.log of the process */
    uint32_t limits[SIM_PHASE_COUNT];    /* callbacks per phase visit; 0 = no limit */
    bool has_until;
    uint64_t until_ns;
    uint64_t max_callbacks;
    uint64_t gc_threshold;               /* JavaScript heap growth between collections; 0 =
                                            the default (sim/vm/gc.c), tests set it small */
    uint64_t vm_budget;                  /* instructions per JavaScript callback before it is
                                            a runaway; 0 = VM_BUDGET (the fuzzers set less) */
};

/* One accepted output of `expect_any`. */
struct sim_expect_set {
    const char *const *lines;
    size_t count;
};

struct js_code;

/* The levels of an exercise, from 1 (first steps) to this (expert); ui/quiz.c names them. */
#define SIM_EXERCISE_LEVELS 4

/*
 * A classroom exercise's parts, from a JavaScript program's `// loopsim: level|prompt|hint`
 * comments (docs/js-input.md, "Exercises"). Its answer is never written: the run computes it.
 */
struct sim_exercise {
    int level;                          /* 1 .. SIM_EXERCISE_LEVELS; 0: not an exercise */
    const char *title;                  /* the header comment's first line, or NULL */
    uint32_t code_line;                 /* the first line past the header comment (1-based):
                                           what the students read starts there */
    const char *prompt;                 /* the question the students answer */
    const char *const *hints;           /* in the order given, the gentlest first */
    size_t hint_count;
};

struct sim_program {
    const char *name;
    const char *description;            /* NULL when absent */
    struct sim_config config;
    const struct sim_stmt *stmts;
    size_t stmt_count;
    const struct sim_body *bodies;      /* bodies[main_body] is `main` */
    size_t body_count;
    uint32_t main_body;
    bool has_expect;
    const char *const *expect;
    size_t expect_count;
    const struct sim_expect_set *expect_any; /* NULL when absent */
    size_t expect_any_count;
    const char *const *names;           /* per statement: its label, or "op#ordinal" */
    char *names_storage;                /* what the default names point into */
    const struct js_code *js;           /* a JavaScript program's code (sim/js/code.h), or
                                           NULL for a JSON scenario */
    const char *js_file;                /* its file's name ("quiz.js"): __filename's, or NULL */
    struct sim_exercise exercise;       /* level 0 unless the program is an exercise */
};

/*
 * Fills prog->names (and each stmt's label_varies) once the statements are final; the loader
 * calls it last. Returns 0 or -SIM_ENOMEM. sim_program_destroy frees what it made.
 */
int sim__program_name_stmts(struct sim_program *prog);

/* Sets every config field to the contract's default. */
void sim_config_init(struct sim_config *config);

#endif
