/*
 * vm_internal.h - what the interpreter's files share (sim/vm/ only).
 *
 *   heap.c     objects, properties, arrays, strings
 *   interp.c   the bytecode interpreter: one statement per step, calls, throws
 *   ops.c      JavaScript's operators and conversions (ToString, ToNumber, ==, +, typeof...)
 *   natives.c  the global object and the built-in functions, in one table
 *   inspect.c  console.log's formatting: util.inspect for the values of the subset
 *   json.c     JSON.stringify
 */
#ifndef SIM_VM_INTERNAL_H
#define SIM_VM_INTERNAL_H

#include "../js/code.h"
#include "../sim_internal.h"
#include "vm.h"

#include <math.h>

/* Bounds that turn a runaway program into a clear stop (docs/js-design.md). */
#define VM_MAX_OBJECTS (1u << 26)
#define VM_MAX_RUN (1u << 26)            /* properties or elements of one object */
#define VM_MAX_STRING (1u << 28)         /* bytes of one string */
#define VM_INTERN_MAX 64u                /* a string up to this long is a constant if one matches */
#define VM_MAX_FRAMES 10000u             /* calls deep: then a RangeError, as node throws */
#define VM_MAX_STACK (1u << 22)          /* values on the stack */
#define VM_BUDGET 200000000ULL           /* instructions one callback may run */
/* The budget of this run: VM_BUDGET, unless a test's config says less (config vm_budget). */
#define VM_BUDGET_OF(loop) ((loop)->cfg->vm_budget > 0 ? (loop)->cfg->vm_budget : VM_BUDGET)

/* Where the program is in its virtual file system (fs.c): __filename and __dirname. */
#define SIM_JS_DIRNAME "/app"
#define SIM_JS_FILE "main.js" /* when the program's file has no name */

/* Date.now() at virtual time 0: 2026-01-01T00:00:00Z, so that a run's dates replay exactly. */
#define SIM_JS_EPOCH_MS 1767225600000.0

/*
 * What one Date.now() or performance.now() costs in virtual time, so that a loop that waits on
 * the clock gets there (docs/js-durations.md): the time such calls take in node v20.
 */
#define VM_CLOCK_READ_NS 40ULL
/* A callback that waits on the clock longer than this (3 s, virtual) is stopped as a runaway:
   an endless `while (true) Date.now();` ends in a few seconds of real time. */
#define VM_MAX_BUSY_NS (3ULL * 1000000000ULL)

/* What Date.now() and performance.now() read: the virtual clock, with the step's busy time. */
static inline uint64_t sim__vm_clock_read(const struct sim_loop *loop)
{
    return (loop->clock_moving ? loop->clock_to : loop->clock_ns) + loop->vm.busy_ns;
}

static inline struct vm_value vm_undefined(void)
{
    return (struct vm_value){.tag = VM_UNDEFINED};
}

static inline struct vm_value vm_null(void)
{
    return (struct vm_value){.tag = VM_NULL};
}

static inline struct vm_value vm_bool(bool b)
{
    return (struct vm_value){.tag = VM_BOOL, .ref = b ? 1u : 0u};
}

static inline struct vm_value vm_number(double d)
{
    return (struct vm_value){.tag = VM_NUMBER, .num = d};
}

static inline struct vm_value vm_object(uint32_t o)
{
    return (struct vm_value){.tag = VM_OBJECT, .ref = o};
}

/* A string value's bytes and length: a constant's, or a runtime string's in vm.chars (valid
   until the next string is made). */
static inline const char *sim__vm_str(const struct sim_loop *loop, struct vm_value v,
                                      uint32_t *len)
{
    if (v.ref & VM_STR_CONST) {
        const struct js_string *s = &loop->prog->js->strings[v.ref & ~VM_STR_CONST];
        *len = s->len;
        return s->bytes;
    }
    const struct vm_string *s = &loop->vm.strings[v.ref];
    *len = s->len;
    return loop->vm.chars + s->off;
}

/* String constant k of the program's code, as a value. */
static inline struct vm_value sim__vm_const_string(uint32_t k)
{
    return (struct vm_value){.tag = VM_STRING, .ref = VM_STR_CONST | k};
}

/* One of the keys made once (VM_NAME_MAP), as a string value. */
static inline struct vm_value sim__vm_name(const struct sim_loop *loop, enum vm_name n)
{
    return (struct vm_value){.tag = VM_STRING, .ref = loop->vm.names[n]};
}

static inline bool vm_is_object(struct vm_value v, const struct sim_loop *loop, enum vm_kind kind)
{
    return v.tag == VM_OBJECT && loop->vm.objects[v.ref].kind == kind;
}

/* heap.c */
struct vm_value sim__vm_string_store(struct sim_loop *loop, const char *bytes, uint32_t len);
struct vm_value sim__vm_string(struct sim_loop *loop, const char *bytes, uint32_t len);
struct vm_value sim__vm_cstring(struct sim_loop *loop, const char *s);
bool sim__vm_str_eq(const struct sim_loop *loop, struct vm_value a, struct vm_value b);
uint32_t sim__vm_object_new(struct sim_loop *loop, enum vm_kind kind, uint32_t proto);
struct vm_prop *sim__vm_own(struct sim_loop *loop, uint32_t o, struct vm_value key);
void sim__vm_put(struct sim_loop *loop, uint32_t o, struct vm_value key, struct vm_value v);
void sim__vm_put_c(struct sim_loop *loop, uint32_t o, const char *key, struct vm_value v);
void sim__vm_put_hidden(struct sim_loop *loop, uint32_t o, const char *key, struct vm_value v);
void sim__vm_put_hidden_key(struct sim_loop *loop, uint32_t o, struct vm_value key,
                            struct vm_value v);
struct vm_value sim__vm_key(const struct vm_prop *p);
void sim__vm_remove(struct sim_loop *loop, uint32_t o, struct vm_value key);
void sim__vm_array_push(struct sim_loop *loop, uint32_t a, struct vm_value v);
uint32_t sim__vm_array_from(struct sim_loop *loop, uint32_t proto, const struct vm_value *vals,
                            uint32_t n);
uint32_t sim__vm_object_from(struct sim_loop *loop, enum vm_kind kind, uint32_t proto,
                             const struct vm_value *vals, uint32_t n);
uint32_t sim__vm_array_new(struct sim_loop *loop);
void sim__vm_array_set(struct sim_loop *loop, uint32_t a, uint32_t i, struct vm_value v);
bool sim__vm_index_key(const struct sim_loop *loop, struct vm_value key, uint32_t *index);
bool sim__vm_is_length(const struct sim_loop *loop, struct vm_value key);

/* ops.c */
bool sim__vm_truthy(const struct sim_loop *loop, struct vm_value v);
double sim__vm_to_number(struct sim_loop *loop, struct vm_value v);
struct vm_value sim__vm_to_string(struct sim_loop *loop, struct vm_value v);
struct vm_value sim__vm_number_string(struct sim_loop *loop, double d);
size_t sim__vm_format_number(double d, char *buf, size_t size);
struct vm_value sim__vm_typeof(struct sim_loop *loop, struct vm_value v);
bool sim__vm_strict_equal(const struct sim_loop *loop, struct vm_value a, struct vm_value b);
struct vm_value sim__vm_binary(struct sim_loop *loop, enum js_op op, struct vm_value a,
                               struct vm_value b);
struct vm_value sim__vm_unary(struct sim_loop *loop, enum js_op op, struct vm_value a);
bool sim__vm_is_callable(const struct sim_loop *loop, struct vm_value v);

/* interp.c, props.c */
struct vm_value sim__vm_get(struct sim_loop *loop, struct vm_value obj, struct vm_value key);
/* A function's (or native's) own name, as `fn.name` reads it: it cannot be assigned. */
struct vm_value sim__vm_function_name(struct sim_loop *loop, uint32_t o);
void sim__vm_set(struct sim_loop *loop, struct vm_value obj, struct vm_value key,
                 struct vm_value v);
void sim__vm_throw(struct sim_loop *loop, struct vm_value v);
void sim__vm_throw_error(struct sim_loop *loop, enum vm_error_class cls, const char *fmt, ...);
struct vm_value sim__vm_error_new(struct sim_loop *loop, enum vm_error_class cls,
                                  struct vm_value message);
struct vm_value sim__vm_describe(struct sim_loop *loop, uint32_t node);

/* natives.c */
/*
 * What a native did: returned its result, threw, made an event (its result is returned too:
 * the step ends after it), or called out to a function (sim__vm_call_out): its continuation
 * resumes with that function's result, and its own result comes later.
 */
enum vm_native_result { VM_NATIVE_OK, VM_NATIVE_THREW, VM_NATIVE_EVENT, VM_NATIVE_PENDING };

/*
 * A native's continuation: called with the result of the function it called out to and the
 * state it keeps (an array object). It calls out again, or sets *result and returns OK.
 */
typedef enum vm_native_result (*vm_cont_fn)(struct sim_loop *loop, uint32_t state,
                                            struct vm_value called, bool threw,
                                            struct vm_value *result);

/*
 * Calls `fn` from a native (this undefined, `argc` arguments); when it returns, `cont` runs
 * with its result and `state`. The native returns VM_NATIVE_PENDING. (interp.c)
 */
enum vm_native_result sim__vm_call_out(struct sim_loop *loop, struct vm_value fn,
                                       struct vm_value this_value, const struct vm_value *args,
                                       uint32_t argc, uint16_t cont, uint32_t state,
                                       bool catches);

/*
 * The continuations, one table: X(enum suffix, function). A native names its continuation by
 * its number when it calls out.
 */
#define VM_CONT_MAP(X)                          \
    X(ARRAY_STEP, sim__vm_array_step)           \
    X(REACTION, sim__vm_reaction_cont)          \
    X(EXECUTOR, sim__vm_executor_cont)          \
    X(THENABLE, sim__vm_thenable_cont)          \
    X(FINALLY, sim__vm_finally_cont)            \
    X(EMIT, sim__vm_emit_cont)                  \
    X(PROMISIFIED, sim__vm_promisified_cont)    \
    X(SORT, sim__vm_sort_step)                  \
    X(DISCARD, sim__vm_discard_cont)

enum vm_cont {
#define X(e, fn) VM_CONT_##e,
    VM_CONT_MAP(X)
#undef X
    VM_CONT_COUNT
};

#define X(e, fn)                                                                               \
    enum vm_native_result fn(struct sim_loop *loop, uint32_t state, struct vm_value called,    \
                             bool threw, struct vm_value *result);
VM_CONT_MAP(X)
#undef X
typedef enum vm_native_result (*vm_native_fn)(struct sim_loop *loop, struct vm_value this_value,
                                              const struct vm_value *args, uint32_t argc,
                                              struct vm_value *result);
struct vm_native {
    const char *name;        /* its name, as Function.name says it */
    vm_native_fn fn;
    uint8_t length;          /* Function.length */
    bool constructor;        /* `new` may call it */
};
extern const struct vm_native sim__vm_natives[];

/* node.c: the natives that reach the loop (rows of natives.c's table). */
#define VM_NATIVE_DECL(name)                                                                   \
    enum vm_native_result name(struct sim_loop *loop, struct vm_value this_value,              \
                               const struct vm_value *args, uint32_t argc,                     \
                               struct vm_value *result)

/* calls.c: the line of the call being made; the native callback sim__vm_enter left for the
   step to call. */
uint32_t sim__vm_call_line(const struct sim_loop *loop);
void sim__vm_call_due(struct sim_loop *loop);

/* node.c: a call record and what it holds (node.c says its two forms) */
enum { VM_RECORD_LABEL, VM_RECORD_FN, VM_RECORD_ARGS }; /* an array record's elements */
/* The arguments of a PromiseReactionJob's call (promise.c queues it, node.c may start it). */
enum { VM_RJ_HANDLER, VM_RJ_REJECTED, VM_RJ_ARGUMENT, VM_RJ_DERIVED, VM_RJ_COUNT };
uint32_t sim__vm_record(struct sim_loop *loop, struct vm_value label, struct vm_value fn,
                        const struct vm_value *args, uint32_t argc);
struct vm_value sim__vm_record_fn(const struct sim_loop *loop, uint32_t rec);
uint32_t sim__vm_call_record(struct sim_loop *loop, const char *api, struct vm_value fn,
                             const struct vm_value *args, uint32_t argc);
uint32_t sim__vm_stmt_call(struct sim_loop *loop, uint32_t stmt, uint32_t rec);
void sim__vm_task_set_call(struct sim_loop *loop, uint32_t t, uint32_t rec);
void sim__vm_handle_bind(struct sim_loop *loop, uint32_t h, uint32_t t);
uint32_t sim__vm_handle_object(const struct sim_loop *loop, uint32_t t);
uint32_t sim__vm_task_of(struct sim_loop *loop, struct vm_value h);
/* net.c: the Socket object of engine socket `sock`, made the first time it is asked for. */
struct vm_value sim__vm_net_socket(struct sim_loop *loop, uint32_t sock);
bool sim__vm_need_callback(struct sim_loop *loop, struct vm_value fn);

/* durations.c: how long timed op k takes, called in `form` with these arguments, `kib` KiB
   of data and, for a write over an existing file, its old size (else negative). */
enum vm_form { VM_FORM_CALLBACK, VM_FORM_PROMISE, VM_FORM_SYNC };
struct vm_job_time sim__vm_duration(struct sim_loop *loop, enum js_pool k, enum vm_form form,
                                    const struct vm_value *args, uint32_t argc, double kib,
                                    double old_kib);

/* async.c */
void sim__vm_async_begin(struct sim_loop *loop, struct vm_frame *f);
bool sim__vm_await(struct sim_loop *loop, struct vm_value v);

/* promise.c */
bool sim__vm_is_promise(const struct sim_loop *loop, struct vm_value v);
uint32_t sim__vm_promise_new(struct sim_loop *loop);
uint32_t sim__vm_resolver_new(struct sim_loop *loop, uint32_t promise);
uint32_t sim__vm_resolver_promise(struct sim_loop *loop, uint32_t resolver);
void sim__vm_settle_derived(struct sim_loop *loop, uint32_t derived, struct vm_value v,
                            bool rejected);
void sim__vm_resolver_settle(struct sim_loop *loop, uint32_t resolver, struct vm_value v,
                             bool rejected);
void sim__vm_promise_reject(struct sim_loop *loop, uint32_t p, struct vm_value e);
void sim__vm_promise_resolve_value(struct sim_loop *loop, uint32_t p, struct vm_value x);
uint32_t sim__vm_promise_resolve(struct sim_loop *loop, struct vm_value x);
void sim__vm_promise_then(struct sim_loop *loop, uint32_t p, struct vm_value on_fulfilled,
                          struct vm_value on_rejected, struct vm_value derived,
                          struct vm_value label);
struct vm_value sim__vm_job_label(struct sim_loop *loop, struct vm_value handler,
                                  const char *what);
struct vm_value sim__vm_bound(struct sim_loop *loop, uint16_t native, struct vm_value data);
void sim__vm_say_jobs(struct sim_loop *loop);
void sim__vm_promise_then_derived(struct sim_loop *loop, uint32_t p, struct vm_value on_f,
                                  struct vm_value on_r, const char *what);

/* events.c */

/* promise_all.c */
void sim__vm_natives_init(struct sim_loop *loop);
struct vm_value sim__vm_native_value(struct sim_loop *loop, uint16_t native);

/* fs.c: the Stats of a stat whose call record holds its code (VM_RECORD_STATS). */
struct vm_value sim__vm_stats_new(struct sim_loop *loop, struct vm_value code);

/*
 * buffer.c: Buffers. A new one holds a copy of `len` bytes (NULL: zeros); its bytes are valid
 * until the next allocation of a string. bytes_of is a buffer's bytes, or a value's string;
 * decode is a file's bytes as text in an encoding (false: it threw, unknown).
 */
struct vm_value sim__vm_buffer_new(struct sim_loop *loop, const char *bytes, uint32_t len);
unsigned char *sim__vm_buffer_bytes(struct sim_loop *loop, uint32_t b, uint32_t *len);
uint32_t sim__vm_buffer_length(struct sim_loop *loop, struct vm_value v);
bool sim__vm_buffer_get(struct sim_loop *loop, uint32_t b, struct vm_value key,
                        struct vm_value *out);
bool sim__vm_buffer_set(struct sim_loop *loop, uint32_t b, struct vm_value key,
                        struct vm_value v);
struct vm_value sim__vm_buffer_text(struct sim_loop *loop, uint32_t b);
struct vm_value sim__vm_buffer_json(struct sim_loop *loop, uint32_t b);
struct vm_value sim__vm_bytes_of(struct sim_loop *loop, struct vm_value v);
bool sim__vm_decode(struct sim_loop *loop, struct vm_value bytes, struct vm_value encoding,
                    struct vm_value *out);

/* json.c: JSON.stringify(v), or undefined (then maybe a TypeError is thrown). */
struct vm_value sim__vm_json(struct sim_loop *loop, struct vm_value v);

/* inspect.c */
struct vm_value sim__vm_inspect_args(struct sim_loop *loop, const struct vm_value *args,
                                     uint32_t argc);
struct vm_value sim__vm_inspect(struct sim_loop *loop, struct vm_value v);

/* props.c */
void sim__vm_describe_value(struct sim_loop *loop, struct vm_value v, char *buf, size_t size);
struct vm_prop *sim__vm_find_prop(struct sim_loop *loop, uint32_t o, struct vm_value key);

/* calls.c */
bool sim__vm_return(struct sim_loop *loop, struct vm_value v);
enum vm_native_result sim__vm_op_call(struct sim_loop *loop, uint32_t n, bool method,
                                      enum vm_frame_kind kind);
uint32_t sim__vm_spread_args(struct sim_loop *loop);
bool sim__vm_unwind(struct sim_loop *loop, uint32_t entry);
void sim__vm_resume_native(struct sim_loop *loop);

/* For the few functions of the dispatch loop's hot path that the compiler would not inline,
   and for a rare path kept out of a hot function (which then saves no registers for it). */
#if defined(__GNUC__)
#define VM_ALWAYS_INLINE __attribute__((always_inline))
#define VM_NOINLINE __attribute__((noinline))
#else
#define VM_ALWAYS_INLINE
#define VM_NOINLINE
#endif

/* a % b of two numbers, as JavaScript computes it (ops.c). */
double sim__vm_remainder(double a, double b);

/*
 * The arithmetic and comparisons of two numbers into *out; false for any other operator (the
 * one place of their formulas: sim__vm_binary after its conversions, the dispatch loop inline).
 */
VM_ALWAYS_INLINE static inline bool sim__vm_number_op(uint8_t op, double a, double b,
                                                      struct vm_value *out)
{
    switch ((enum js_op)op) {
    case JS_OP_ADD:
        *out = vm_number(a + b);
        return true;
    case JS_OP_SUB:
        *out = vm_number(a - b);
        return true;
    case JS_OP_MUL:
        *out = vm_number(a * b);
        return true;
    case JS_OP_DIV:
        *out = vm_number(a / b);
        return true;
    case JS_OP_MOD:
        *out = vm_number(sim__vm_remainder(a, b));
        return true;
    case JS_OP_EQ:
    case JS_OP_SEQ:
        *out = vm_bool(a == b);
        return true;
    case JS_OP_NE:
    case JS_OP_SNE:
        *out = vm_bool(a != b);
        return true;
    case JS_OP_LT:
        *out = vm_bool(a < b);
        return true;
    case JS_OP_LE:
        *out = vm_bool(a <= b);
        return true;
    case JS_OP_GT:
        *out = vm_bool(a > b);
        return true;
    case JS_OP_GE:
        *out = vm_bool(a >= b);
        return true;
    default:
        return false;
    }
}

/* Object o, and the first of its elements (or of a closure's boxes). */
static inline struct vm_object *sim__vm_obj(struct sim_loop *loop, uint32_t o)
{
    return &loop->vm.objects[o];
}

static inline struct vm_value *sim__vm_elems(struct sim_loop *loop, uint32_t a)
{
    return loop->vm.values + loop->vm.objects[a].elems;
}

/* What the heap holds now, in bytes: the entries in use of the arrays the collector keeps. */
static inline uint64_t sim__vm_heap_size(const struct vm_state *vm)
{
    return (uint64_t)(vm->object_count - vm->objects_freed) * sizeof(struct vm_object) +
           (uint64_t)(vm->string_count - vm->strings_freed) * sizeof(struct vm_string) +
           (uint64_t)vm->prop_count * sizeof(struct vm_prop) +
           (uint64_t)vm->value_count * sizeof(struct vm_value) + vm->char_count;
}

/* The value stack. */
static inline bool vm_push(struct sim_loop *loop, struct vm_value v)
{
    struct vm_state *vm = &loop->vm;
    if (vm->sp >= VM_MAX_STACK) {
        sim__vm_throw_error(loop, VM_RANGE_ERROR, "Maximum call stack size exceeded");
        return false;
    }
    if (vm->sp >= vm->stack_cap &&
        !sim__grow(loop, (void **)&vm->stack, &vm->stack_cap, sizeof(struct vm_value),
                   vm->sp + 1)) {
        return false;
    }
    vm->stack[vm->sp++] = v;
    return true;
}

static inline struct vm_value vm_pop(struct sim_loop *loop)
{
    return loop->vm.stack[--loop->vm.sp];
}

static inline struct vm_value *vm_peek(struct sim_loop *loop, uint32_t from_top)
{
    return &loop->vm.stack[loop->vm.sp - 1 - from_top];
}


#endif
