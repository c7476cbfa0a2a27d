/*
 * vm.h - JavaScript values and the heap they live in, part of a loop's state (sim/ only).
 *
 * A value is 16 bytes: a tag and a number or an index. Objects, runtime strings and the cells
 * that captured variables live in (boxes) are entries of arrays the loop owns and lists in
 * SIM_LOOP_ARRAYS, so a snapshot of a running program is still a copy of arrays: there is no
 * pointer in the run state. A string value names either a constant of the program (VM_STR_CONST
 * set) or a runtime string of the loop.
 *
 * docs/js-design.md says how this serves the interpreter (interp.c) and the Node natives.
 */
#ifndef SIM_VM_H
#define SIM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VM_NONE UINT32_MAX
/* A string value's ref with this bit names a constant of the program's code. */
#define VM_STR_CONST 0x80000000u

enum vm_tag {
    VM_UNDEFINED,
    VM_NULL,
    VM_BOOL,                 /* ref: 0 or 1 */
    VM_NUMBER,               /* num */
    VM_STRING,               /* ref: a runtime string, or VM_STR_CONST | a constant */
    VM_OBJECT,               /* ref: an object */
    VM_HOLE,                 /* a let/const slot before its declaration runs (TDZ) */
};

struct vm_value {
    uint32_t tag;            /* enum vm_tag */
    uint32_t ref;
    double num;
};

/* What an object is; its class decides how it prints and which internal slots it uses. */
enum vm_kind {
    VM_OBJ_PLAIN,
    VM_OBJ_ARRAY,            /* elements in `elems` */
    VM_OBJ_FUNCTION,         /* a closure: inner.ref is its proto; elems hold its boxes */
    VM_OBJ_NATIVE,           /* a built-in function: `native` says which; inner its data */
    VM_OBJ_ERROR,            /* an Error (name and message are own properties); `native` is
                                its constructor's class (enum vm_error_class) */
    VM_OBJ_BOX,              /* a captured variable: its value is `inner` */
    VM_OBJ_HANDLE,           /* a Timeout or an Immediate: inner.ref is its engine task */
    VM_OBJ_PROMISE,          /* flags: VM_PROMISE_*; inner: its result; elems: its reactions
                                while pending (promise.c) */
    VM_OBJ_BUFFER,           /* a Buffer: inner is the runtime string that holds its bytes,
                                its own, written in place (buffer.c) */
    VM_OBJ_FREE,             /* collected (gc.c): on the free list, `proto` links the next */
};

enum vm_error_class { VM_ERROR, VM_TYPE_ERROR, VM_RANGE_ERROR, VM_REFERENCE_ERROR,
                      VM_SYNTAX_ERROR };

struct vm_object {
    uint8_t kind;            /* enum vm_kind */
    uint8_t flags;
    uint16_t native;         /* VM_OBJ_NATIVE: its row of the natives table */
    uint32_t proto;          /* the prototype object, or VM_NONE */
    uint32_t props;          /* first property in vm.props */
    uint32_t prop_count;
    uint32_t prop_cap;
    uint32_t elems;          /* first value in vm.values: array elements, a closure's boxes */
    uint32_t elem_count;
    uint32_t elem_cap;
    struct vm_value inner;   /* the internal slot said by `kind` */
};

/* One own property, in insertion order (JavaScript lists integer keys first: inspect.c). */
struct vm_prop {
    uint32_t key;            /* a string value's ref */
    uint32_t flags;          /* VM_PROP_* */
    struct vm_value value;
};

enum {
    VM_PROP_HIDDEN = 1u << 0, /* not enumerable: Object.keys and console.log pass over it */
};

/* A runtime string: `len` bytes of UTF-8 at vm.chars[off]. */
struct vm_string {
    uint32_t off;
    uint32_t len;
};

/* A call in progress. */
struct vm_frame {
    uint32_t closure;        /* the function object running */
    uint32_t proto;          /* its proto (js_code.protos) */
    uint32_t ip;             /* the next instruction, an index into js_code.bytes */
    uint32_t base;           /* its local slot 0 on the value stack */
    uint32_t handlers;       /* vm.handler_count when it was entered */
    struct vm_value this_value;
    uint32_t resolver;       /* an async function's: what settles its promise; a reaction's
                                handler's (VM_FRAME_REACTION): its derived; else VM_NONE */
    uint8_t kind;            /* enum vm_frame_kind */
    uint8_t flags;           /* VM_FRAME_* */
};

enum {
    VM_FRAME_CATCH = 1u << 0,    /* a native frame that takes a throw of the function it called
                                    (its continuation is told) */
    VM_FRAME_REACTION = 1u << 1, /* a promise job's handler, called by the job's task itself:
                                    its return or throw settles `resolver` (promise.c) */
};

/* A call record's flags (an array record: node.c). */
enum {
    VM_RECORD_STATS = 1u << 0,     /* its first argument after the error is a Stats made when
                                      the callback is called, from the size it holds (-1: a
                                      directory): fs.c's sim__vm_stats_new */
};

/* A promise's flags. */
enum {
    VM_PROMISE_FULFILLED = 1u << 0,
    VM_PROMISE_REJECTED = 1u << 1,
    VM_PROMISE_HANDLED = 1u << 2,  /* [[PromiseIsHandled]] */
    VM_PROMISE_REPORTED = 1u << 3, /* reported as an unhandled rejection */
};

enum vm_frame_kind {
    VM_FRAME_CALL,           /* a call from bytecode: its result is pushed for the caller */
    VM_FRAME_CONSTRUCT,      /* `new`: an object result replaces `this`, else `this` is it */
    VM_FRAME_ENTRY,          /* called by the engine (a callback, the main script): its end
                                ends the step with VM_RETURNED */
    VM_FRAME_NATIVE,         /* a native waiting for a function it called (forEach, map...):
                                `proto` is its continuation, `closure` its state */
};

/* An installed try: where a throw inside it goes. */
struct vm_handler {
    uint32_t frame;          /* the frame it belongs to */
    uint32_t sp;             /* the stack height to unwind to */
    uint32_t ip;             /* the catch (or finally) code */
};

/*
 * How long a request of a JavaScript call takes, from the call's arguments (fs.c): `steps`
 * worker-pool jobs of `job_ns` each (a chain's jobs each take its mean), or, for an fd event
 * (dns.resolve), ready `job_ns` after the call.
 */
struct vm_job_time {
    uint64_t job_ns;
    uint64_t seq;            /* the task it was made for */
    uint32_t steps;
};

/* Keys the natives look up on every callback, made once (sim__vm_name): X(enum suffix, text). */
#define VM_NAME_MAP(X)                                                                         \
    X(NAME, "name")                                                                            \
    X(THEN, "then")                                                                            \
    X(PROTOTYPE, "prototype")                                                                  \
    X(CONSTRUCTOR, "constructor")                                                              \
    X(SIZE, "size")                                                                            \
    X(MODE, "mode")                                                                            \
    X(DIR, "\x01dir")

enum vm_name {
#define X(e, text) VM_NAME_##e,
    VM_NAME_MAP(X)
#undef X
    VM_NAME_COUNT
};

/* The interpreter's state: part of struct sim_loop (SIM_LOOP_ARRAYS lists every array). */
struct vm_state {
    struct vm_value *stack;
    uint32_t sp;
    uint32_t stack_cap;
    struct vm_frame *frames;
    uint32_t frame_count;
    uint32_t frame_cap;
    struct vm_handler *handlers;
    uint32_t handler_count;
    uint32_t handler_cap;
    struct vm_object *objects;
    uint32_t object_count;
    uint32_t object_cap;
    struct vm_prop *props;
    uint32_t prop_count;
    uint32_t prop_cap;
    struct vm_value *values;
    uint32_t value_count;
    uint32_t value_cap;
    char *chars;
    uint32_t char_count;
    uint32_t char_cap;
    struct vm_string *strings;
    uint32_t string_count;
    uint32_t string_cap;
    uint32_t global;         /* the global object */
    uint32_t object_proto;   /* Object.prototype */
    uint32_t function_proto;
    uint32_t array_proto;
    uint32_t error_protos[VM_SYNTAX_ERROR + 1];
    struct vm_value exception; /* what is being thrown, while `throwing` */
    bool throwing;
    bool native_due;         /* the callback entered is a native, to call in the next step */
    uint32_t native_argc;
    struct vm_value native_this;
    bool constructing;       /* the native being called was called by `new` */
    struct vm_value result;  /* what the last entry frame returned */
    uint32_t entry_sp;       /* the stack height when it was entered */
    uint32_t entry;          /* the running callback's entry frame (frames below belong to
                                nothing: there is one callback at a time) */
    uint32_t modules;        /* require's table: module name -> its object */
    uint32_t timeout_proto;  /* Timeout.prototype: ref, unref, hasRef, refresh, close */
    uint32_t immediate_proto;
    int exit_code;           /* process.exit(code) was called: the step ends, the engine exits */
    bool exit_requested;
    uint32_t node;           /* the statement running (a tree node), for the TUI */
    uint32_t call_at;        /* the call instruction running, for "x is not a function" */
    uint64_t random;         /* Math.random's state: the same run draws the same numbers */
    uint32_t *task_calls;    /* per task: the JavaScript call it makes (an array: label, function,
                                arguments), or VM_NONE; beside loop->tasks */
    uint32_t task_call_cap;
    uint32_t *task_handles;  /* per timer, immediate, server and socket task: its Timeout,
                                Immediate, Server or Socket object (valid for those kinds
                                only; set when the task is made) */
    uint32_t task_handle_cap;
    uint32_t *global_at;     /* per string constant: where its global was last found (a cache
                                that each use checks) */
    uint32_t global_at_cap;
    struct vm_prop_at *prop_at; /* per string constant k: where o[k] was last found (a cache
                                   that each use checks: interp.c, get_prop) */
    uint32_t prop_at_cap;
    uint32_t next_call;      /* the call the next task made gets (node.c sets it), or VM_NONE */
    struct vm_job_time next_time; /* the duration the next request made gets (fs.c sets it);
                                     `steps` 0: none, its statement's */
    struct vm_job_time *task_times; /* per task: a request's own duration, valid while its
                                       `seq` is the task's (sim__task_ns) */
    uint32_t task_time_cap;
    uint32_t jobs_queued;    /* promise jobs queued since the last event that said so */
    struct vm_value first_job_label;
    uint32_t unhandled;      /* an array: rejected promises without a handler, oldest first */
    uint32_t batch_left;     /* the first ones of unhandled: the rest of the batch being
                                processed, to go on before ticks (process.c) */
    uint32_t late_handled;   /* an array: reported ones that got a handler since */
    uint32_t promise_proto;
    uint32_t emitter_proto;  /* EventEmitter.prototype (events.c) */
    uint32_t stats_proto;    /* fs.Stats.prototype (fs.c) */
    uint32_t filehandle_proto; /* fs.promises' FileHandle.prototype (fs.c) */
    uint32_t server_proto;   /* net.Server.prototype, an EventEmitter's (net.c) */
    uint8_t net_due;         /* what the next action owes net.c (enum vm_net_due), or 0 */
    uint32_t net_due_of;     /* the Server or Socket it is owed for */
    uint32_t socket_proto;   /* net.Socket.prototype, an EventEmitter's */
    uint32_t listen_handle_proto; /* a listening Server's _handle: close(cb), uv_close's */
    uint32_t buffer_proto;   /* Buffer.prototype (buffer.c) */
    uint32_t files;          /* the virtual file system: path -> [directory, bytes (a string)],
                                or 0 */
    uint32_t fds;            /* its open fds: fd -> [path, position, modes] (fs.c), or 0 */
    struct vm_value filename; /* __filename's value (an ES module has no such global) */
    bool pool_started;       /* a pool request was made: UV_THREADPOOL_SIZE was read */
    uint32_t native_self;    /* the native function being called (bound data in its inner) */
    uint32_t process;        /* the process object */
    uint32_t main_promise;   /* a module with top-level await: its evaluation's promise, or 0 */
    uint32_t listeners[3];   /* arrays: 'uncaughtException', 'unhandledRejection' and
                                'rejectionHandled' listeners (process.c), or 0 */
    uint32_t pending_calls;  /* listener calls the engine makes one after another, or 0 */
    uint32_t pending_next;
    bool fatal_unwind;       /* a throw on its way out past every catch (a rejected module) */
    bool in_uncaught;        /* they are 'uncaughtException' listeners: a throw is exit 7 */
    bool module_threw;       /* the throw left an ES module's body: a rejection of its
                                evaluation, origin 'unhandledRejection' (calls.c) */
    bool ready;              /* the globals are made (sim__vm_init) */
    uint64_t budget;         /* instructions left before the running callback is a runaway */
    uint64_t callback_busy_ns; /* all of it in the running callback: over VM_MAX_BUSY_NS, a
                                  runaway */
    uint64_t busy_ns;        /* virtual time the running code spent reading the clock, not yet
                                on the loop's clock (a block event says it) */
    /* The collector (gc.c): freed objects and strings are reused, lowest index first. */
    uint32_t object_free;    /* the first free object (its proto links the next), or VM_NONE */
    uint32_t objects_freed;  /* how many are free */
    uint32_t string_free;    /* the first free string (its off links the next), or VM_NONE */
    uint32_t strings_freed;
    uint64_t gc_next;        /* the heap size (bytes in use) that starts the next collection */
    uint64_t gc_floor;       /* what the heap may grow by between two (config gc_threshold) */
    uint32_t gc_runs;        /* collections so far */
    uint32_t names[VM_NAME_COUNT]; /* runtime strings of the keys the natives look up */
    uint32_t reaction_job;   /* the function of every PromiseReactionJob's call (one, shared) */
    uint32_t thenable_job;   /* and of every PromiseResolveThenableJob's */
};

/* Where a property was found: the object that holds it, and its index among its own. */
struct vm_prop_at {
    uint32_t holder;
    uint32_t at;
};

/* What one step of the interpreter ended with (interp.c). */
enum vm_step {
    VM_STEP_MORE,            /* at a statement boundary, or an event was made */
    VM_STEP_RETURNED,        /* the callback returned: vm.result */
    VM_STEP_THREW,           /* an exception left the callback: vm.exception */
    VM_STEP_RUNAWAY,         /* it ran VM_BUDGET instructions without returning */
    VM_STEP_ERROR,           /* loop->error is set */
    VM_STEP_EXIT,            /* process.exit(vm.exit_code) */
};

struct sim_loop;
enum vm_step sim__vm_step(struct sim_loop *loop);
bool sim__vm_enter(struct sim_loop *loop, struct vm_value fn, struct vm_value this_value,
                   const struct vm_value *args, uint32_t argc);
bool sim__vm_enter_main(struct sim_loop *loop);
void sim__vm_abort(struct sim_loop *loop);
/*
 * Is `member` simulated on Node's object or module `object` (process, fs, crypto...)? Any
 * other object: true. When not, `list` says what is (the compiler's refusal; natives.c).
 */
bool sim__vm_api_member(const char *object, size_t olen, const char *member, size_t mlen,
                        char *list, size_t cap);
/* Tasks that make JavaScript calls (node.c). */
void sim__vm_task_made(struct sim_loop *loop, uint32_t t);
uint32_t sim__vm_task_call(const struct sim_loop *loop, uint32_t t);
const struct vm_job_time *sim__vm_task_time(const struct sim_loop *loop, uint32_t t);
const char *sim__vm_task_label(const struct sim_loop *loop, uint32_t t, uint32_t *len,
                               bool *lasting);
bool sim__vm_task_start(struct sim_loop *loop, uint32_t t);
/* net.c: the calls of the engine's servers and sockets that a JavaScript program made. */
void sim__vm_net_closed(struct sim_loop *loop, uint32_t c, uint32_t sock);
void sim__vm_net_close_tick(struct sim_loop *loop, uint32_t server);
bool sim__vm_net_same_write_cb(const struct sim_loop *loop, uint32_t tick);
bool sim__vm_net_due_step(struct sim_loop *loop);
/* process.c: what the engine asks of process.on's events. */
enum vm_rejection { REJ_NONE, REJ_CALLS, REJ_FATAL };
enum vm_rejection sim__vm_rejections(struct sim_loop *loop);
bool sim__vm_uncaught_listeners(struct sim_loop *loop, bool from_promise);
bool sim__vm_next_pending_call(struct sim_loop *loop);
int sim__vm_exit_code(struct sim_loop *loop, int code);
int sim__vm_final_exit_code(struct sim_loop *loop, int code);
void sim__vm_set_exit_code(struct sim_loop *loop, int code);
/* gc.c: between two actions, a collection when the heap has grown enough since the last. */
void sim__vm_gc_maybe(struct sim_loop *loop);
void sim__vm_gc(struct sim_loop *loop);
/* The exception's text as Node prints it first ("Error: boom"), into buf. */
void sim__vm_exception_text(struct sim_loop *loop, char *buf, size_t size);

#endif
