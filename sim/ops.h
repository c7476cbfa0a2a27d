/*
 * ops.h - the format's tables: every fact about an op in one row, and the keys the rows name.
 *
 * An op's row says what it is called in JSON, which family of the engine runs it, which keys it
 * takes and needs, which ids it carries or names, how its jobs follow one another on the worker
 * pool, how it reads as JavaScript and what that JavaScript needs first, and what the docs say
 * of it. The loader reads the keys from these tables (one typed reader for statement keys and
 * config keys alike), the engine dispatches on the family, ui/js/render_js.c writes the
 * JavaScript from the rows, and scenarios/describe.c generates scenarios/schema.json and the op
 * table of docs/scenario-format.md from them. Adding an op of a family that exists is a row here
 * plus its docs and tests (Lua's lopcodes.c and libuv's UV_ERRNO_MAP are the model).
 *
 * The rows are X-macros whose columns are designated initializers: a row names the columns it
 * sets, and the others are zero, NULL or false.
 */
#ifndef SIM_OPS_H
#define SIM_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Families: how the engine runs an op (the switch of exec.c's exec_stmt) --------------- */

/* X(enum suffix, name, what its ops do) */
#define SIM_FAMILY_MAP(X)                                                                          \
    X(CONTROL, "control", "runs now, inside the callback: a log, a block, a loop")                 \
    X(TIMER, "timer", "a Timeout on the list of its duration (lib/internal/timers.js)")            \
    X(IMMEDIATE, "immediate", "an Immediate on the check phase's queue")                           \
    X(TICK, "tick", "a callback on the nextTick queue")                                            \
    X(MICROTASK, "microtask", "a callback on V8's microtask queue")                                \
    X(POOL, "pool request", "one request on libuv's worker pool (src/threadpool.c)")               \
    X(CHAIN, "request chain", "worker-pool requests one after another, each queued by the last")   \
    X(SLOW_IO, "slow I/O", "one slow I/O request: at most half the workers run those")             \
    X(IO, "I/O", "an fd that becomes ready later; poll runs its callback")                         \
    X(SOCKET, "socket", "a server or a socket, made here or in scope")                             \
    X(HANDLE, "handle op", "acts on the handle an id names")                                       \
    X(PROCESS, "process", "process.exit and process.on")

enum sim_family {
#define X(e, name, what) SIM_FAMILY_##e,
    SIM_FAMILY_MAP(X)
#undef X
    SIM_FAMILY_COUNT
};

/* How a request's jobs follow one another (a request chain's; every other request has one). */
enum sim_chain {
    SIM_CHAIN_ONE,   /* one job */
    SIM_CHAIN_JOBS,  /* `jobs` jobs (zlib: one per chunk), named "job 2/3" */
    SIM_CHAIN_WRITE, /* lib/fs.js writeFile: open, write, close */
    SIM_CHAIN_READ,  /* lib/fs.js readFile: open, fstat, one read per 512 KiB of `size`, close */
};

/* ---- Keys: their types, and where the loader puts their values --------------------------- */

/* What a key's value must be, and so how it is read and how the schema states it. */
enum sim_type {
    SIM_TYPE_OP,        /* a statement's op name (read first: it decides the other keys) */
    SIM_TYPE_BODY,      /* an array of statements, or "@name" */
    SIM_TYPE_STRING,    /* any string */
    SIM_TYPE_LABEL,     /* a callback's name; {VAR} filled at run time */
    SIM_TYPE_ID,        /* a handle's name; {VAR} filled at run time */
    SIM_TYPE_BOOL,      /* true or false */
    SIM_TYPE_NUMBER,    /* any finite number */
    SIM_TYPE_DURATION,  /* milliseconds >= 0, kept in nanoseconds */
    SIM_TYPE_DURATIONS, /* an array of durations */
    SIM_TYPE_COUNT,     /* a whole number from min to max */
    SIM_TYPE_WORD,      /* one of `choices`, kept as a string */
    SIM_TYPE_CHOICE,    /* one of `choices`, kept as its index */
    SIM_TYPE_VAR,       /* a counter name: not empty, no braces */
    SIM_TYPE_PROFILE,   /* config.node: one of `choices`, a profile of Node's semantics */
    SIM_TYPE_LIMITS,    /* config.limits: an object of the limit keys */
    SIM_TYPE_VERSION,   /* `loopsim`: the format version, 1 */
    SIM_TYPE_CONFIG,    /* `config`: an object of the config keys */
    SIM_TYPE_FUNCTIONS, /* `functions`: an object of bodies */
    SIM_TYPE_LINES,     /* an array of strings */
    SIM_TYPE_LINE_SETS, /* an array of arrays of strings */
};

/* One key of the format: a statement's, the config's, a limit's or the top level's. */
struct sim_key_info {
    const char *name;     /* in JSON */
    enum sim_type type;
    uint32_t field;       /* where its value goes: an offset in struct sim_stmt or sim_config */
    uint32_t width;       /* the size of that field (a count is stored in this many bytes) */
    uint32_t aux;         /* DURATIONS: the offset of their count; else of a bool set when the
                             key is given, or 0 for none (no struct begins with such a bool) */
    double min;           /* COUNT: the range */
    double max;
    const char *limit_of; /* COUNT: past max, the loader's own limit, "the loader's limit for
                             <limit_of>"; NULL: max is the format's */
    bool has_default;     /* `def` is its default; else absent means zero, NULL or false */
    double def;           /* a count's value, a duration in ms, a choice's index */
    const char *choices;  /* WORD, CHOICE, PROFILE: the words, separated by '|' */
    const char *about;    /* a phrase for the schema's description, or NULL */
    int phase;            /* a limit's phase (enum sim_phase) */
    bool required;        /* a top-level key every scenario has */
};

/* The offset and size of a field of struct sim_stmt, sim_config, or of a phase's limit. */
#define SIM_IN_STMT(m)                                                                             \
    .field = offsetof(struct sim_stmt, m), .width = sizeof(((struct sim_stmt *)0)->m)
#define SIM_IN_CONFIG(m)                                                                           \
    .field = offsetof(struct sim_config, m), .width = sizeof(((struct sim_config *)0)->m)
#define SIM_IN_LIMITS(ph)                                                                          \
    .field = offsetof(struct sim_config, limits) + SIM_PHASE_##ph * sizeof(uint32_t),              \
    .width = sizeof(uint32_t), .phase = SIM_PHASE_##ph
/* The largest whole number a double holds exactly: the bound of counts with no other. */
#define SIM_MAX_EXACT 9007199254740992.0

/*
 * The keys of statements, in the order the loader reads them and messages list them.
 * X(enum suffix, columns)
 */
#define SIM_KEY_MAP(X)                                                                             \
    X(OP, .name = "op", .type = SIM_TYPE_OP)                                                       \
    X(DO, .name = "do", .type = SIM_TYPE_BODY)                                                     \
    X(LABEL, .name = "label", .type = SIM_TYPE_LABEL, SIM_IN_STMT(label))                          \
    X(ID, .name = "id", .type = SIM_TYPE_ID, SIM_IN_STMT(id))                                      \
    X(UNREF, .name = "unref", .type = SIM_TYPE_BOOL, SIM_IN_STMT(unref))                           \
    X(MSG, .name = "msg", .type = SIM_TYPE_STRING, SIM_IN_STMT(text))                              \
    X(MS, .name = "ms", .type = SIM_TYPE_DURATION, SIM_IN_STMT(ms_ns))                             \
    X(WHAT, .name = "what", .type = SIM_TYPE_STRING, SIM_IN_STMT(text))                            \
    X(REPEAT_TIMES, .name = "times", .type = SIM_TYPE_COUNT, SIM_IN_STMT(times),                   \
      .aux = offsetof(struct sim_stmt, has_times), .max = SIM_MAX_REPEAT,                          \
      .limit_of = "repeat times")                                                                  \
    X(INTERVAL_TIMES, .name = "times", .type = SIM_TYPE_COUNT, SIM_IN_STMT(times),                 \
      .aux = offsetof(struct sim_stmt, has_times), .max = SIM_MAX_EXACT)                           \
    X(VAR, .name = "var", .type = SIM_TYPE_VAR, SIM_IN_STMT(text))                                 \
    X(DELAY, .name = "delay", .type = SIM_TYPE_NUMBER, SIM_IN_STMT(delay))                         \
    X(JOBS, .name = "jobs", .type = SIM_TYPE_COUNT, SIM_IN_STMT(jobs), .min = 1,                   \
      .max = SIM_MAX_REPEAT, .limit_of = "zlib jobs", .has_default = true, .def = 1)               \
    X(SIZE, .name = "size", .type = SIM_TYPE_COUNT, SIM_IN_STMT(size), .max = SIM_MAX_EXACT,       \
      .has_default = true)                                                                         \
    X(DEFERRED, .name = "deferred", .type = SIM_TYPE_BOOL, SIM_IN_STMT(deferred))                  \
    X(CONNECTIONS, .name = "connections", .type = SIM_TYPE_DURATIONS,                              \
      SIM_IN_STMT(connections_ns), .aux = offsetof(struct sim_stmt, connection_count))             \
    X(ERROR, .name = "error", .type = SIM_TYPE_STRING, SIM_IN_STMT(text))                          \
    X(CODE, .name = "code", .type = SIM_TYPE_COUNT, SIM_IN_STMT(code), .min = INT32_MIN,           \
      .max = INT32_MAX, .has_default = true)                                                       \
    X(EVENT, .name = "event", .type = SIM_TYPE_WORD, SIM_IN_STMT(text),                            \
      .choices = "beforeExit|exit")                                                                \
    X(ONCE, .name = "once", .type = SIM_TYPE_BOOL, SIM_IN_STMT(once))

enum sim_key {
#define X(e, ...) SIM_KEY_##e,
    SIM_KEY_MAP(X)
#undef X
    SIM_KEY_COUNT
};

/* The keys of `config`, in the order the loader reads them. X(enum suffix, columns) */
#define SIM_CONFIG_KEY_MAP(X)                                                                      \
    X(THREADPOOL_SIZE, .name = "threadpool_size", .type = SIM_TYPE_COUNT,                          \
      SIM_IN_CONFIG(threadpool_size), .min = 1, .max = SIM_MAX_THREADPOOL, .has_default = true,    \
      .def = 4)                                                                                    \
    X(CPUS, .name = "cpus", .type = SIM_TYPE_COUNT, SIM_IN_CONFIG(cpus), .max = SIM_MAX_CPUS,      \
      .has_default = true, .about = "CPU cores the pool's computing jobs and the main thread "   \
      "share (docs/cpus.md); 0 = as many as there are threads")                                  \
    X(ENTRY, .name = "entry", .type = SIM_TYPE_CHOICE, SIM_IN_CONFIG(entry),                       \
      .choices = "commonjs|module", .has_default = true)                                           \
    X(NODE, .name = "node", .type = SIM_TYPE_PROFILE, SIM_IN_CONFIG(node), .choices = "20|10",     \
      .has_default = true)                                                                         \
    X(LOOP_START_MS, .name = "loop_start_ms", .type = SIM_TYPE_DURATION,                           \
      SIM_IN_CONFIG(loop_start_ns), .has_default = true, .def = SIM_COST_LOOP_START_NS / 1e6,      \
      .about = "Node's start-up between the main script's drain and the loop's first clock "       \
               "reading (docs/cost-model.md)")                                                     \
    X(CALLBACK_MS, .name = "callback_ms", .type = SIM_TYPE_DURATION, SIM_IN_CONFIG(callback_ns),   \
      .has_default = true, .def = SIM_COST_CALLBACK_NS / 1e6,                                      \
      .about = "what every callback costs beside its blocks; once stated, its logs cost "          \
               "nothing more unless log_ms or first_log_ms are stated")                            \
    X(LIMITS, .name = "limits", .type = SIM_TYPE_LIMITS,                                           \
      .about = "callbacks per phase visit; 0 = no limit")                                          \
    X(UNTIL_MS, .name = "until_ms", .type = SIM_TYPE_DURATION, SIM_IN_CONFIG(until_ns),            \
      .aux = offsetof(struct sim_config, has_until), .about = "stop at this virtual time")         \
    X(MAX_CALLBACKS, .name = "max_callbacks", .type = SIM_TYPE_COUNT,                              \
      SIM_IN_CONFIG(max_callbacks), .min = 1, .max = SIM_MAX_EXACT, .has_default = true,           \
      .def = 1000000, .about = "stop after this many callbacks")                                   \
    X(LOG_MS, .name = "log_ms", .type = SIM_TYPE_DURATION, SIM_IN_CONFIG(log_ns),                  \
      .has_default = true, .def = SIM_COST_LOG_NS / 1e6,                                           \
      .about = "what a console.log costs (0 when callback_ms is stated)")                          \
    X(FIRST_LOG_MS, .name = "first_log_ms", .type = SIM_TYPE_DURATION,                             \
      SIM_IN_CONFIG(first_log_ns), .has_default = true, .def = SIM_COST_FIRST_LOG_NS / 1e6,        \
      .about = "what the process's first console.log costs: it creates process.stdout (0 when "    \
               "callback_ms is stated)")

enum sim_config_key {
#define X(e, ...) SIM_CONFIG_##e,
    SIM_CONFIG_KEY_MAP(X)
#undef X
    SIM_CONFIG_COUNT
};

/* The keys of config.limits (and of --limit): the phases a limit may be set for. */
#define SIM_LIMIT_KEY_MAP(X)                                                                       \
    X(TIMERS, .name = "timers", .type = SIM_TYPE_COUNT, SIM_IN_LIMITS(TIMERS),                     \
      .max = UINT32_MAX, .limit_of = "a phase limit")                                              \
    X(PENDING, .name = "pending", .type = SIM_TYPE_COUNT, SIM_IN_LIMITS(PENDING),                  \
      .max = UINT32_MAX, .limit_of = "a phase limit")                                              \
    X(POLL, .name = "poll", .type = SIM_TYPE_COUNT, SIM_IN_LIMITS(POLL), .max = UINT32_MAX,        \
      .limit_of = "a phase limit")                                                                 \
    X(CHECK, .name = "check", .type = SIM_TYPE_COUNT, SIM_IN_LIMITS(CHECK), .max = UINT32_MAX,     \
      .limit_of = "a phase limit")                                                                 \
    X(CLOSE, .name = "close", .type = SIM_TYPE_COUNT, SIM_IN_LIMITS(CLOSE), .max = UINT32_MAX,     \
      .limit_of = "a phase limit")

enum sim_limit_key {
#define X(e, ...) SIM_LIMIT_##e,
    SIM_LIMIT_KEY_MAP(X)
#undef X
    SIM_LIMIT_COUNT
};

/* The keys of a scenario. */
#define SIM_TOP_KEY_MAP(X)                                                                         \
    X(LOOPSIM, .name = "loopsim", .type = SIM_TYPE_VERSION, .required = true,                      \
      .about = "format version")                                                                   \
    X(NAME, .name = "name", .type = SIM_TYPE_STRING, .required = true, .about = "short title")     \
    X(DESCRIPTION, .name = "description", .type = SIM_TYPE_STRING,                                 \
      .about = "what the scenario shows (Markdown)")                                               \
    X(CONFIG, .name = "config", .type = SIM_TYPE_CONFIG)                                           \
    X(FUNCTIONS, .name = "functions", .type = SIM_TYPE_FUNCTIONS,                                  \
      .about = "named bodies, used as \"@name\"")                                                  \
    X(MAIN, .name = "main", .type = SIM_TYPE_BODY, .required = true, .about = "the main script")   \
    X(EXPECT, .name = "expect", .type = SIM_TYPE_LINES,                                            \
      .about = "the console output real Node prints, in order")                                    \
    X(EXPECT_ANY, .name = "expect_any", .type = SIM_TYPE_LINE_SETS,                                \
      .about = "every output real Node may print")

enum sim_top_key {
#define X(e, ...) SIM_TOP_##e,
    SIM_TOP_KEY_MAP(X)
#undef X
    SIM_TOP_COUNT
};

/* ---- What an op's JavaScript needs before the main script (render_js's prelude) ---------- */

/*
 * X(enum suffix, the line or lines), in the order the prelude writes them. INTERVAL_TIMES is no
 * op's need: render_js adds it for a setInterval with `times`.
 */
#define SIM_JS_NEED_MAP(X)                                                                         \
    X(CRYPTO, "const crypto = require('crypto');")                                                 \
    X(DNS, "const dns = require('dns');")                                                          \
    X(FS, "const fs = require('fs');")                                                             \
    X(NET, "const net = require('net');")                                                          \
    X(ZLIB, "const zlib = require('zlib');")                                                       \
    X(INPUT, "const input = 'x'.repeat(1 << 20); // 1 MiB of data")                                \
    X(FD, "const fd = fs.openSync(__filename, 'r');")                                              \
    X(ADDON, "const { queueWork } = require('./addon'); // a native addon's uv_queue_work")        \
    X(CLIENTS, "function clientsAt(server, times) {\n"                                          \
               "  // clients from outside the program: each connects at its time after the\n"    \
               "  // listen, on an unref'd timer and socket that keep nothing alive\n"            \
               "  for (const ms of times) {\n"                                                   \
               "    setTimeout(() => {\n"                                                        \
               "      net.connect(server.address().port, '127.0.0.1').on('error', () => {})\n"   \
               "        .unref();\n"                                                            \
               "    }, ms).unref();\n"                                                           \
               "  }\n"                                                                           \
               "}")                                                                              \
    X(IO_IN, "function ioIn(ms, callback) {\n"                                                   \
             "  // an I/O event `ms` from now, from outside the program: a client connects to\n" \
             "  // a server of this program, whose 'connection' listener is the event's callback\n"\
             "  const server = net.createServer((socket) => {\n"                                 \
             "    server.close();\n"                                                            \
             "    socket.destroy();\n"                                                          \
             "    callback();\n"                                                                \
             "  }).listen(0);\n"                                                                 \
             "  clientsAt(server, [ms]);\n"                                                      \
             "}")                                                                                \
    X(PEER, "// the server the sockets reach, outside the program: it keeps nothing alive, and\n" \
            "// its side of each connection stays open\n"                                        \
            "const peer = net.createServer((socket) => socket.unref()).listen(0).unref();")      \
    X(BLOCK, "function block(ms) { const end = Date.now() + ms; while (Date.now() < end); }")      \
    X(INTERVAL_TIMES, "function setIntervalTimes(callback, delay, times) {\n"                      \
                      "  // setInterval, cleared once its callback has run `times` times\n"        \
                      "  let runs = 0;\n"                                                          \
                      "  const interval = setInterval(() => {\n"                                   \
                      "    callback();\n"                                                          \
                      "    if (++runs >= times) clearInterval(interval);\n"                        \
                      "  }, delay);\n"                                                             \
                      "  if (times === 0) clearInterval(interval);\n"                              \
                      "  return interval;\n"                                                       \
                      "}")

enum sim_js_need {
#define X(e, line) SIM_JS_##e,
    SIM_JS_NEED_MAP(X)
#undef X
    SIM_JS_NEED_COUNT
};

/* ---- The op table ------------------------------------------------------------------------- */

/*
 * One op. Its JavaScript is a template that render_js fills from the statement:
 *   %b  `id = ` when the statement names its handle     %c  the callback, taking `params`
 *   %C  the callback, left out (with a ", " before it) when the statement has no `do`
 *   %d  `delay`   %m  `ms`   %x  `code`   %h  the handle `id` names   %o  `once` or `on`
 *   %s  the statement's text as a string literal          %u  `.unref()` when `unref: true`
 *   %l  listen's arguments: `0`, and the clients of `connections` (the CLIENTS helper)
 *   %i  the pbkdf2 iterations (sha512, keylen 64) that take `ms` on node v20 (docs/js-durations.md)
 * and its note, the comment beside that line, one whose %m is `ms`, %t the statement's text,
 * %j "N jobs of " for `jobs` above 1, and %D "; libuv defers the callback to pending" for
 * `deferred: true`. A NULL template means render_js writes the op by hand (a loop, an emit in
 * two lines, a note that lists values).
 */
struct sim_op_info {
    const char *name;       /* in JSON */
    enum sim_family family; /* how the engine runs it */
    enum sim_chain chain;   /* a request: how its jobs follow one another */
    bool cpu;               /* a request whose jobs compute on their worker (crypto, zlib, a
                               native addon's work): they share `cpus` with the main thread;
                               the others wait on the disk or the network and use no core */
    uint64_t keys;          /* the keys it takes beside "op": bit SIM_KEY_x */
    uint64_t required;      /* those it needs (never `do`) */
    uint64_t names;         /* its `id` names a handle one of these ops made (bit SIM_OP_x);
                               0: its `id` names the handle it makes itself (it carries it) */
    bool in_connection;     /* valid only where a connection's socket is in scope */
    bool connection_body;   /* its `do` is a connection body: the socket is in scope there */
    uint32_t js_needs;      /* the prelude lines its JavaScript needs: bit SIM_JS_x */
    const char *js;         /* its JavaScript (see above), or NULL */
    const char *params;     /* its callback's parameters in JavaScript */
    const char *note;       /* the comment beside it (see above), or NULL */
    const char *doc;        /* the Node.js it stands for (Markdown, docs/scenario-format.md) */
    const char *where;      /* where its callback runs (the same) */
};

/* Helpers for the rows. */
#define SIM_K(k) (1ULL << SIM_KEY_##k)
#define SIM_SCHEDULES (SIM_K(DO) | SIM_K(LABEL) | SIM_K(ID) | SIM_K(UNREF))
#define SIM_TIMED (SIM_SCHEDULES | SIM_K(MS))
#define SIM_NAMES(op) (1ULL << SIM_OP_##op)
#define SIM_NAMES_ANY (~0ULL)
#define SIM_JS(need) (1u << SIM_JS_##need)

/* What the one-request rows share: a worker-pool request of `ms`. */
#define SIM_POOL_REQUEST                                                                           \
    .family = SIM_FAMILY_POOL, .keys = SIM_TIMED, .required = SIM_K(MS),                           \
    .note = "%m ms on the worker pool"
#define SIM_FS_REQUEST SIM_POOL_REQUEST, .doc = "one worker-pool request of `ms`", .where = "poll"
#define SIM_CRYPTO_REQUEST                                                                         \
    SIM_POOL_REQUEST, .cpu = true, .js_needs = SIM_JS(CRYPTO),                                     \
    .doc = "one worker-pool job of `ms`",                                                          \
    .where = "poll"
#define SIM_ZLIB_CHAIN                                                                             \
    .family = SIM_FAMILY_CHAIN, .chain = SIM_CHAIN_JOBS, .cpu = true,                              \
    .keys = SIM_TIMED | SIM_K(JOBS),                                                               \
    .required = SIM_K(MS), .js_needs = SIM_JS(ZLIB) | SIM_JS(INPUT), .params = "(err, result)",    \
    .note = "%j%m ms on the worker pool",                                                          \
    .doc = "`jobs` (default 1) sequential worker-pool jobs of `ms` each", .where = "poll"
#define SIM_FILE_WRITE                                                                             \
    .family = SIM_FAMILY_CHAIN, .chain = SIM_CHAIN_WRITE, .keys = SIM_TIMED,                       \
    .required = SIM_K(MS), .js_needs = SIM_JS(FS), .params = "(err)",                              \
    .note = "%m ms per worker-pool request",                                                       \
    .doc = "open, write, close: three sequential requests of `ms`", .where = "poll"
#define SIM_CLEAR                                                                                  \
    .family = SIM_FAMILY_HANDLE, .keys = SIM_K(ID), .required = SIM_K(ID),                         \
    .names = SIM_NAMES(SET_TIMEOUT) | SIM_NAMES(SET_INTERVAL) | SIM_NAMES(SET_IMMEDIATE),          \
    .doc = "the same, also given the other kind (see [Handles](#handles))", .where = "—"
#define SIM_REF_OP                                                                                 \
    .family = SIM_FAMILY_HANDLE, .keys = SIM_K(ID), .required = SIM_K(ID),                         \
    .names = SIM_NAMES_ANY, .where = "—"

/*
 * The ops of the scenario format (../shared/spec/scenario-format.md; extensions are marked in
 * docs/scenario-format.md). X(enum suffix, columns)
 */
#define SIM_OP_MAP(X)                                                                              \
    X(LOG, .name = "log", .family = SIM_FAMILY_CONTROL, .keys = SIM_K(MSG),                        \
      .required = SIM_K(MSG), .js = "console.log(%s);",                                            \
      .doc = "`console.log(msg)` (same as a bare string)", .where = "now")                         \
    X(BLOCK, .name = "block", .family = SIM_FAMILY_CONTROL, .keys = SIM_K(MS) | SIM_K(WHAT),       \
      .required = SIM_K(MS), .js_needs = SIM_JS(BLOCK), .js = "block(%m);", .note = "%t",          \
      .doc = "synchronous work that holds the loop for `ms`: a busy loop, `fs.readFileSync`, "     \
             "`crypto.pbkdf2Sync`… (`what` names it in traces)",                                   \
      .where = "now; the clock advances, nothing else runs")                                       \
    X(REPEAT, .name = "repeat", .family = SIM_FAMILY_CONTROL,                                      \
      .keys = SIM_K(REPEAT_TIMES) | SIM_K(VAR) | SIM_K(DO), .required = SIM_K(REPEAT_TIMES),       \
      .doc = "`for (let i = 1; i <= times; i++) { … }`; inside `do`, `{i}` (or `{VAR}`) is "       \
             "replaced by the counter",                                                            \
      .where = "now")                                                                              \
    X(SET_TIMEOUT, .name = "setTimeout", .family = SIM_FAMILY_TIMER,                               \
      .keys = SIM_SCHEDULES | SIM_K(DELAY), .required = SIM_K(DELAY),                              \
      .js = "%bsetTimeout(%c, %d)%u;", .params = "()",                                             \
      .doc = "`setTimeout(cb, delay)`, with Node's clamp: a delay below 1 or above 2³¹−1 "         \
             "becomes 1; a fractional delay is truncated when choosing the timer list",            \
      .where = "timers")                                                                           \
    X(SET_INTERVAL, .name = "setInterval", .family = SIM_FAMILY_TIMER,                             \
      .keys = SIM_SCHEDULES | SIM_K(DELAY) | SIM_K(INTERVAL_TIMES), .required = SIM_K(DELAY),      \
      .js = "%bsetInterval(%c, %d)%u;", .params = "()",                                            \
      .doc = "`setInterval(cb, delay)`; `times`: `clearInterval` after that many runs (`0`: "      \
             "right after `setInterval`, so it never runs)",                                       \
      .where = "timers")                                                                           \
    X(SET_IMMEDIATE, .name = "setImmediate", .family = SIM_FAMILY_IMMEDIATE,                       \
      .keys = SIM_SCHEDULES, .js = "%bsetImmediate(%c)%u;", .params = "()",                        \
      .doc = "`setImmediate(cb)`", .where = "check")                                               \
    X(CLEAR_TIMEOUT, .name = "clearTimeout", SIM_CLEAR, .js = "clearTimeout(%h);")                 \
    X(CLEAR_INTERVAL, .name = "clearInterval", SIM_CLEAR, .js = "clearInterval(%h);")              \
    X(CLEAR_IMMEDIATE, .name = "clearImmediate", SIM_CLEAR, .js = "clearImmediate(%h);")           \
    X(REF, .name = "ref", SIM_REF_OP, .js = "%h.ref();", .doc = "`handle.ref()`")                  \
    X(UNREF, .name = "unref", SIM_REF_OP, .js = "%h.unref();", .doc = "`handle.unref()`")          \
    X(REFRESH, .name = "refresh", .family = SIM_FAMILY_HANDLE, .keys = SIM_K(ID),                  \
      .required = SIM_K(ID), .names = SIM_NAMES(SET_TIMEOUT) | SIM_NAMES(SET_INTERVAL),            \
      .js = "%h.refresh();", .doc = "`timeout.refresh()`", .where = "—")                           \
    X(NEXT_TICK, .name = "nextTick", .family = SIM_FAMILY_TICK, .keys = SIM_SCHEDULES,             \
      .js = "process.nextTick(%c);", .params = "()", .doc = "`process.nextTick(cb)`",              \
      .where = "nextTick queue")                                                                   \
    X(PROMISE, .name = "promise", .family = SIM_FAMILY_MICROTASK, .keys = SIM_SCHEDULES,           \
      .js = "Promise.resolve().then(%c);", .params = "()",                                         \
      .doc = "`Promise.resolve().then(cb)`", .where = "microtask queue")                           \
    X(QUEUE_MICROTASK, .name = "queueMicrotask", .family = SIM_FAMILY_MICROTASK,                   \
      .keys = SIM_SCHEDULES, .js = "queueMicrotask(%c);", .params = "()",                          \
      .doc = "`queueMicrotask(cb)`", .where = "microtask queue")                                   \
    X(WORK, .name = "work", SIM_POOL_REQUEST, .cpu = true, .js_needs = SIM_JS(ADDON),              \
      .js = "%bqueueWork(%c);", .params = "(err)",                                                 \
      .doc = "one worker-pool job (`uv_queue_work`) taking `ms` on a worker",                      \
      .where = "poll (completion)")                                                                \
    X(CRYPTO_PBKDF2, .name = "crypto.pbkdf2", SIM_CRYPTO_REQUEST,                                  \
      .js = "%bcrypto.pbkdf2('secret', 'salt', %i, 64, 'sha512', %c);",                            \
      .params = "(err, key)")                                                                      \
    X(CRYPTO_SCRYPT, .name = "crypto.scrypt", SIM_CRYPTO_REQUEST,                                  \
      .js = "%bcrypto.scrypt('secret', 'salt', 64, %c);", .params = "(err, key)")                  \
    X(CRYPTO_RANDOM_BYTES, .name = "crypto.randomBytes", SIM_CRYPTO_REQUEST,                       \
      .js = "%bcrypto.randomBytes(256, %c);", .params = "(err, buf)")                              \
    X(CRYPTO_RANDOM_FILL, .name = "crypto.randomFill", SIM_CRYPTO_REQUEST,                         \
      .js = "%bcrypto.randomFill(Buffer.alloc(256), %c);", .params = "(err, buf)")                 \
    X(ZLIB_GZIP, .name = "zlib.gzip", SIM_ZLIB_CHAIN, .js = "%bzlib.gzip(input, %c);")             \
    X(ZLIB_GUNZIP, .name = "zlib.gunzip", SIM_ZLIB_CHAIN, .js = "%bzlib.gunzip(input, %c);")       \
    X(ZLIB_DEFLATE, .name = "zlib.deflate", SIM_ZLIB_CHAIN, .js = "%bzlib.deflate(input, %c);")    \
    X(ZLIB_INFLATE, .name = "zlib.inflate", SIM_ZLIB_CHAIN, .js = "%bzlib.inflate(input, %c);")    \
    X(ZLIB_BROTLI_COMPRESS, .name = "zlib.brotliCompress", SIM_ZLIB_CHAIN,                         \
      .js = "%bzlib.brotliCompress(input, %c);")                                                   \
    X(FS_STAT, .name = "fs.stat", SIM_FS_REQUEST, .js_needs = SIM_JS(FS),                          \
      .js = "%bfs.stat(__filename, %c);", .params = "(err, stats)")                                \
    X(FS_OPEN, .name = "fs.open", SIM_FS_REQUEST, .js_needs = SIM_JS(FS),                          \
      .js = "%bfs.open(__filename, 'r', %c);", .params = "(err, fd)")                              \
    X(FS_READ, .name = "fs.read", SIM_FS_REQUEST, .js_needs = SIM_JS(FS) | SIM_JS(FD),             \
      .js = "%bfs.read(fd, %c);", .params = "(err, bytesRead)")                                    \
    X(FS_WRITE, .name = "fs.write", SIM_FS_REQUEST, .js_needs = SIM_JS(FS) | SIM_JS(FD),           \
      .js = "%bfs.write(fd, 'data', %c);", .params = "(err)")                                      \
    X(FS_CLOSE, .name = "fs.close", SIM_FS_REQUEST, .js_needs = SIM_JS(FS) | SIM_JS(FD),           \
      .js = "%bfs.close(fd, %c);", .params = "(err)")                                              \
    X(FS_ACCESS, .name = "fs.access", SIM_FS_REQUEST, .js_needs = SIM_JS(FS),                      \
      .js = "%bfs.access(__filename, %c);", .params = "(err)")                                     \
    X(FS_UNLINK, .name = "fs.unlink", SIM_FS_REQUEST, .js_needs = SIM_JS(FS),                      \
      .js = "%bfs.unlink('file.tmp', %c);", .params = "(err)")                                     \
    X(FS_MKDIR, .name = "fs.mkdir", SIM_FS_REQUEST, .js_needs = SIM_JS(FS),                        \
      .js = "%bfs.mkdir('dir.tmp', %c);", .params = "(err)")                                       \
    X(FS_RENAME, .name = "fs.rename", SIM_FS_REQUEST, .js_needs = SIM_JS(FS),                      \
      .js = "%bfs.rename('file.tmp', 'renamed.tmp', %c);", .params = "(err)")                      \
    X(FS_READDIR, .name = "fs.readdir", SIM_FS_REQUEST, .js_needs = SIM_JS(FS),                    \
      .js = "%bfs.readdir(__dirname, %c);", .params = "(err, files)")                              \
    X(FS_READ_FILE, .name = "fs.readFile", .family = SIM_FAMILY_CHAIN, .chain = SIM_CHAIN_READ,    \
      .keys = SIM_TIMED | SIM_K(SIZE), .required = SIM_K(MS), .js_needs = SIM_JS(FS),              \
      .js = "%bfs.readFile(__filename, %c);", .params = "(err, data)",                             \
      .note = "%m ms per worker-pool request",                                                     \
      .doc = "Node's real chain of sequential requests — open, fstat, one read per 512 KiB of "    \
             "`size` (default 0: one read), close — each a worker-pool request of `ms`; the "      \
             "user's callback runs after the last",                                                \
      .where = "poll")                                                                             \
    X(FS_WRITE_FILE, .name = "fs.writeFile", SIM_FILE_WRITE,                                       \
      .js = "%bfs.writeFile('file.tmp', 'data', %c);")                                             \
    X(FS_APPEND_FILE, .name = "fs.appendFile", SIM_FILE_WRITE,                                     \
      .js = "%bfs.appendFile('file.tmp', 'data', %c);")                                            \
    X(DNS_LOOKUP, .name = "dns.lookup", .family = SIM_FAMILY_SLOW_IO, .keys = SIM_TIMED,           \
      .required = SIM_K(MS), .js_needs = SIM_JS(DNS), .js = "%bdns.lookup('localhost', %c);",      \
      .params = "(err, address)", .note = "%m ms on the worker pool (slow I/O)",                   \
      .doc = "one *slow I/O* job (getaddrinfo): at most ⌈k/2⌉ run at once in a pool of k",         \
      .where = "poll")                                                                             \
    X(DNS_RESOLVE, .name = "dns.resolve", .family = SIM_FAMILY_IO, .keys = SIM_TIMED,              \
      .required = SIM_K(MS), .js_needs = SIM_JS(DNS), .js = "%bdns.resolve('localhost', %c);",     \
      .params = "(err, records)", .note = "answered in %m ms, no worker",                          \
      .doc = "c-ares: no worker; an I/O event `ms` later", .where = "poll")                        \
    X(IO, .name = "io", .family = SIM_FAMILY_IO, .keys = SIM_TIMED | SIM_K(DEFERRED),              \
      .required = SIM_K(MS), .js_needs = SIM_JS(NET), .params = "()",                              \
      .note = "readable in %m ms%D",                                                               \
      .doc = "a generic I/O event (a socket or pipe becomes readable) `ms` after this "            \
             "statement; with `deferred: true` libuv defers its callback to the next "             \
             "iteration's pending phase (`uv__io_feed`)",                                          \
      .where = "poll / pending")                                                                   \
    X(LISTEN, .name = "listen", .family = SIM_FAMILY_SOCKET,                                       \
      .keys = SIM_SCHEDULES | SIM_K(CONNECTIONS), .required = SIM_K(ID) | SIM_K(CONNECTIONS),      \
      .connection_body = true, .js_needs = SIM_JS(NET),                                            \
      .js = "%bnet.createServer(%c).listen(%l)%u;", .params = "(socket)",                          \
      .doc = "`net.createServer(cb).listen()`: keeps the loop alive until closed; "                \
             "`connections` is a list of times (ms after `listen`) at which a client connects; "   \
             "`do` runs per connection",                                                           \
      .where = "poll")                                                                             \
    X(SOCKET_WRITE, .name = "socket.write", .family = SIM_FAMILY_SOCKET, .keys = SIM_SCHEDULES,    \
      .in_connection = true, .js = "socket.write('data', %C);", .params = "()",                    \
      .doc = "inside a connection body: `socket.write(data, cb)`; a small write completes at "     \
             "once and Node calls `cb` by `process.nextTick`; writes passing the same callback "   \
             "function share one tick (see [Handles](#handles))",                                  \
      .where = "nextTick queue")                                                                   \
    X(SOCKET_DESTROY, .name = "socket.destroy", .family = SIM_FAMILY_SOCKET,                       \
      .keys = SIM_SCHEDULES, .in_connection = true,                                                \
      .doc = "inside a connection body: `socket.on('close', cb); socket.destroy()`; `do` is a "    \
             "`'close'` listener",                                                                 \
      .where = "close")                                                                            \
    X(SERVER_CLOSE, .name = "server.close", .family = SIM_FAMILY_HANDLE, .keys = SIM_SCHEDULES,    \
      .required = SIM_K(ID), .names = SIM_NAMES(LISTEN), .js = "%h.close(%C);", .params = "()",    \
      .doc = "`server.close(cb)`: stops accepting; `cb` is a `once('close')` listener, and "       \
             "`'close'` is emitted by `process.nextTick` as soon as no connection of the server "  \
             "is open — at once if none is",                                                       \
      .where = "nextTick queue")                                                                   \
    X(CONNECT, .name = "connect", .family = SIM_FAMILY_SOCKET,                                     \
      .keys = SIM_TIMED | SIM_K(ERROR) | SIM_K(DEFERRED), .required = SIM_K(MS),                   \
      .connection_body = true, .js_needs = SIM_JS(NET),                                            \
      .doc = "`net.connect()`: a socket, open until it is closed; `do` is the `'connect'` "        \
             "listener, or with `error` (e.g. `\"ECONNREFUSED\"`) the `'error'` listener; on "     \
             "Linux both come from the poll phase; `deferred: true` models systems that report "   \
             "connect errors late, in the next iteration's pending phase. `do` is a connection "   \
             "body: `socket.*` there act on this socket",                                          \
      .where = "poll / pending")                                                                   \
    X(CLOSE, .name = "close", .family = SIM_FAMILY_HANDLE, .keys = SIM_SCHEDULES,                  \
      .required = SIM_K(ID), .names = SIM_NAMES_ANY, .js = "%h.close(%C);", .params = "()",        \
      .doc = "`uv_close()` on any handle named by `id`; `do` is the close callback (on a "         \
             "socket: `socket.destroy()` with `do` as a `'close'` listener)",                      \
      .where = "close")                                                                            \
    X(EXIT, .name = "exit", .family = SIM_FAMILY_PROCESS, .keys = SIM_K(CODE),                     \
      .js = "process.exit(%x);",                                                                   \
      .doc = "`process.exit(code)` (default 0): nothing else runs; `'exit'` listeners run",        \
      .where = "now")                                                                              \
    X(ON, .name = "on", .family = SIM_FAMILY_PROCESS,                                              \
      .keys = SIM_SCHEDULES | SIM_K(EVENT) | SIM_K(ONCE), .required = SIM_K(EVENT),                \
      .js = "process.%o(%s, %c);", .params = "()",                                                 \
      .doc = "`process.on(event, cb)` (`once: true`: `process.once`); `beforeExit` may "           \
             "schedule work and revive the loop",                                                  \
      .where = "when the loop would exit / at exit")

enum sim_op {
#define X(e, ...) SIM_OP_##e,
    SIM_OP_MAP(X)
#undef X
    SIM_OP_COUNT
};

/* The rows, indexed by enum sim_op, sim_key, sim_config_key, sim_limit_key and sim_top_key. */
extern const struct sim_op_info sim_op_table[SIM_OP_COUNT];
extern const struct sim_key_info sim_key_table[SIM_KEY_COUNT];
extern const struct sim_key_info sim_config_key_table[SIM_CONFIG_COUNT];
extern const struct sim_key_info sim_limit_key_table[SIM_LIMIT_COUNT];
extern const struct sim_key_info sim_top_key_table[SIM_TOP_COUNT];

/* A family's name and what its ops do; never NULL. */
const char *sim_family_name(enum sim_family family);
const char *sim_family_what(enum sim_family family);

/* The prelude line of a JavaScript need; never NULL. */
const char *sim_js_need_line(enum sim_js_need need);

/*
 * The name of job `step` (from 1) of the `steps` a request of `op` takes, as its label shows it
 * while the job is on the pool: "open", "read 2/3", "job 1/2". Writes at most `size` bytes
 * (NUL-terminated) into buf; returns the length it needed, like snprintf.
 */
size_t sim_op_step_name(enum sim_op op, uint32_t step, uint32_t steps, char *buf, size_t size);

#endif
