/*
 * node.c - Node's APIs that reach the loop: timers, immediates, process.nextTick and
 * queueMicrotask, made on the same engine calls a JSON scenario's statements make.
 *
 * A JavaScript program has one statement per such API (program_js.c): a call of setTimeout
 * runs the setTimeout statement with the call's delay, and the task it makes remembers the
 * call to make when it runs (its function and arguments: vm.task_calls), so every ordering
 * rule of timers.c, immediates.c and ticks.c applies to JavaScript as it is.
 */
#include "natives.h"
#include "vm_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/*
 * The call a task will make, said by `label`: an array [label, function, arguments...], or,
 * for a call without arguments of a function of the program whose own name is the label, the
 * function itself (a million timers of one named function make no record at all).
 */
uint32_t sim__vm_record(struct sim_loop *loop, struct vm_value label, struct vm_value fn,
                        const struct vm_value *args, uint32_t argc)
{
    if (argc == 0 && vm_is_object(fn, loop, VM_OBJ_FUNCTION) && label.tag == VM_STRING) {
        uint32_t name = loop->prog->js->protos[sim__vm_obj(loop, fn.ref)->inner.ref].name;
        if (name != JS_NONE && label.ref == (VM_STR_CONST | name)) {
            return fn.ref;
        }
    }
    struct vm_value vals[VM_RECORD_ARGS + 16];
    if (argc <= 16) {
        vals[VM_RECORD_LABEL] = label;
        vals[VM_RECORD_FN] = fn;
        if (argc > 0) {
            memcpy(vals + VM_RECORD_ARGS, args, (size_t)argc * sizeof(vals[0]));
        }
        return sim__vm_array_from(loop, VM_NONE, vals, argc + VM_RECORD_ARGS);
    }
    uint32_t rec = sim__vm_object_new(loop, VM_OBJ_ARRAY, VM_NONE);
    sim__vm_array_push(loop, rec, label);
    sim__vm_array_push(loop, rec, fn);
    for (uint32_t i = 0; i < argc && !loop->error; i++) {
        sim__vm_array_push(loop, rec, args[i]);
    }
    return rec;
}

/* Is call record `rec` the function itself (no label or arguments of its own)? */
static bool record_is_function(const struct sim_loop *loop, uint32_t rec)
{
    return loop->vm.objects[rec].kind == VM_OBJ_FUNCTION;
}

struct vm_value sim__vm_record_fn(const struct sim_loop *loop, uint32_t rec)
{
    return record_is_function(loop, rec) ? vm_object(rec)
                                         : loop->vm.values[loop->vm.objects[rec].elems + 1];
}

/*
 * Statement `stmt` runs now, and the task it makes next will make call `rec` (sim__task_new's
 * hook, sim__vm_task_made). Returns the statement.
 */
uint32_t sim__vm_stmt_call(struct sim_loop *loop, uint32_t stmt, uint32_t rec)
{
    loop->vm.next_call = rec;
    loop->stmt_runs[stmt]++;
    return stmt;
}

/* A call record labelled by the function's name, or by `api` and the line that calls it. */
uint32_t sim__vm_call_record(struct sim_loop *loop, const char *api, struct vm_value fn,
                             const struct vm_value *args, uint32_t argc)
{
    if (argc == 0 && vm_is_object(fn, loop, VM_OBJ_FUNCTION)) {
        /* The common case first: a named function of the program is its own record (below:
           its name is the label, and sim__vm_record makes no array for it). */
        uint32_t k = loop->prog->js->protos[sim__vm_obj(loop, fn.ref)->inner.ref].name;
        const struct js_string *s = k != JS_NONE ? &loop->prog->js->strings[k] : NULL;
        if (s != NULL && s->len > 0 && s->len <= 80 && memchr(s->bytes, '\0', s->len) == NULL) {
            return fn.ref;
        }
    }
    /* A function's name is its own (Function.prototype.name cannot be assigned): no lookup */
    bool function = fn.tag == VM_OBJECT && (sim__vm_obj(loop, fn.ref)->kind == VM_OBJ_FUNCTION ||
                                            sim__vm_obj(loop, fn.ref)->kind == VM_OBJ_NATIVE);
    struct vm_value name = function ? sim__vm_function_name(loop, fn.ref)
                                    : sim__vm_get(loop, fn, sim__vm_name(loop, VM_NAME_NAME));
    uint32_t len = 0;
    const char *n = name.tag == VM_STRING ? sim__vm_str(loop, name, &len) : "";
    if (len > 0 && len <= 80 && memchr(n, '\0', len) == NULL) {
        return sim__vm_record(loop, name, fn, args, argc); /* the name is the label */
    }
    char label[96];
    if (len > 0) {
        snprintf(label, sizeof(label), "%.*s", (int)(len > 80 ? 80 : len), n);
    } else {
        snprintf(label, sizeof(label), "%s (line %u)", api, (unsigned)sim__vm_call_line(loop));
    }
    return sim__vm_record(loop, sim__vm_cstring(loop, label), fn, args, argc);
}

static bool task_calls_reach(struct sim_loop *loop, uint32_t t)
{
    struct vm_state *vm = &loop->vm;
    if (t >= vm->task_call_cap) {
        uint32_t old = vm->task_call_cap;
        if (!sim__grow(loop, (void **)&vm->task_calls, &vm->task_call_cap, sizeof(uint32_t),
                       t + 1)) {
            return false;
        }
        memset(vm->task_calls + old, 0xff, (size_t)(vm->task_call_cap - old) * sizeof(uint32_t));
    }
    return true;
}

/* Task t, made by the engine without one, makes call `rec` when it runs. */
void sim__vm_task_set_call(struct sim_loop *loop, uint32_t t, uint32_t rec)
{
    if (rec != VM_NONE && task_calls_reach(loop, t)) {
        loop->vm.task_calls[t] = rec;
        loop->tasks[t].body = loop->prog->main_body; /* it has a callback (an empty body) */
    }
}

/* The task the engine is making gets the pending call (sim__task_new's hook). */
void sim__vm_task_made(struct sim_loop *loop, uint32_t t)
{
    struct vm_state *vm = &loop->vm;
    if (!task_calls_reach(loop, t)) {
        return;
    }
    vm->task_calls[t] = vm->next_call;
    if (t < vm->task_handle_cap) {
        vm->task_handles[t] = VM_NONE; /* until handle_of makes its Timeout or Immediate */
    }
    if (vm->next_call != VM_NONE) {
        loop->tasks[t].body = loop->prog->main_body; /* it has a callback (an empty body) */
    }
    vm->next_call = VM_NONE;
    if (vm->next_time.steps != 0) {
        uint32_t old = vm->task_time_cap;
        if (!sim__grow(loop, (void **)&vm->task_times, &vm->task_time_cap,
                       sizeof(*vm->task_times), t + 1)) {
            return;
        }
        memset(vm->task_times + old, 0,
               (size_t)(vm->task_time_cap - old) * sizeof(*vm->task_times));
        vm->task_times[t] = vm->next_time;
        vm->task_times[t].seq = loop->tasks[t].seq;
        vm->next_time.steps = 0;
    }
}

/* The duration request t's call gave it, or NULL: its statement's. */
const struct vm_job_time *sim__vm_task_time(const struct sim_loop *loop, uint32_t t)
{
    const struct vm_job_time *own = t < loop->vm.task_time_cap ? &loop->vm.task_times[t] : NULL;
    return own != NULL && own->steps != 0 && own->seq == loop->tasks[t].seq ? own : NULL;
}

/* The call record of task t, or VM_NONE (inline here: the task's label and start read it). */
static uint32_t task_call(const struct sim_loop *loop, uint32_t t)
{
    return t < loop->vm.task_call_cap ? loop->vm.task_calls[t] : VM_NONE;
}

uint32_t sim__vm_task_call(const struct sim_loop *loop, uint32_t t)
{
    return task_call(loop, t);
}

/*
 * The label of a task that makes a JavaScript call, or NULL; *lasting (when asked) says whether
 * it is a constant of the program, NUL-terminated and alive as long as the program is.
 */
const char *sim__vm_task_label(const struct sim_loop *loop, uint32_t t, uint32_t *len,
                               bool *lasting)
{
    uint32_t rec = task_call(loop, t);
    if (rec == VM_NONE) {
        return NULL;
    }
    const struct vm_state *vm = &loop->vm;
    struct vm_value label = record_is_function(loop, rec)
        ? sim__vm_const_string(loop->prog->js->protos[vm->objects[rec].inner.ref].name)
        : vm->values[vm->objects[rec].elems];
    if (lasting != NULL) {
        *lasting = (label.ref & VM_STR_CONST) != 0;
    }
    return sim__vm_str(loop, label, len);
}

static struct vm_value handle_of(struct sim_loop *loop, uint32_t t, uint32_t proto);

/* Starts task t's JavaScript call as the running callback. */
/*
 * A PromiseReactionJob whose handler is a plain function of the program: the task calls the
 * handler itself, and its frame settles the derived (VM_FRAME_REACTION), as the job's native
 * (promise.c, sim__vm_reaction_job) would after calling out to it. False when `rec` is not such
 * a job; else true, with `*entered` what sim__vm_enter said.
 */
static bool start_reaction(struct sim_loop *loop, uint32_t rec, bool *entered)
{
    struct vm_state *vm = &loop->vm;
    const struct vm_value *e = sim__vm_elems(loop, rec);
    struct vm_value fn = e[VM_RECORD_FN];
    if (vm->objects[rec].elem_count != VM_RECORD_ARGS + VM_RJ_COUNT || fn.tag != VM_OBJECT ||
        fn.ref != vm->reaction_job) {
        return false;
    }
    const struct vm_value *args = e + VM_RECORD_ARGS;
    struct vm_value handler = args[VM_RJ_HANDLER];
    if (!vm_is_object(handler, loop, VM_OBJ_FUNCTION) ||
        (loop->prog->js->protos[vm->objects[handler.ref].inner.ref].flags & JS_PROTO_ASYNC)) {
        return false; /* a native's (an await, finally) or none: the job's native runs */
    }
    struct vm_value argument = args[VM_RJ_ARGUMENT];
    uint32_t derived = args[VM_RJ_DERIVED].tag == VM_OBJECT ? args[VM_RJ_DERIVED].ref : VM_NONE;
    *entered = sim__vm_enter(loop, handler, vm_undefined(), &argument, 1);
    if (*entered && derived != VM_NONE && vm->frame_count > vm->entry) {
        struct vm_frame *f = &vm->frames[vm->frame_count - 1];
        f->resolver = derived;
        f->flags |= VM_FRAME_REACTION;
    }
    return true;
}

bool sim__vm_task_start(struct sim_loop *loop, uint32_t t)
{
    uint32_t rec = task_call(loop, t);
    bool entered;
    if (!record_is_function(loop, rec) && start_reaction(loop, rec, &entered)) {
        return entered;
    }
    struct vm_value args[17];
    uint32_t argc = 0;
    if (!record_is_function(loop, rec)) {
        uint32_t n = sim__vm_obj(loop, rec)->elem_count;
        argc = n - VM_RECORD_ARGS < 16 ? n - VM_RECORD_ARGS : 16;
        memcpy(args, sim__vm_elems(loop, rec) + VM_RECORD_ARGS, (size_t)argc * sizeof(args[0]));
        if ((sim__vm_obj(loop, rec)->flags & VM_RECORD_STATS) && argc >= 2) {
            args[1] = sim__vm_stats_new(loop, args[1]); /* fs.stat's, made when it is called */
        }
    }
    if (task_at(loop, t)->kind == TASK_LISTENER) {
        args[argc++] = vm_number(loop->emit.code); /* 'exit' and 'beforeExit' get the code */
    }
    if (task_at(loop, t)->kind == TASK_CONNECTION) {
        args[argc++] = sim__vm_net_socket(loop, task_at(loop, t)->socket); /* net.c */
    }
    /* A timer's and an immediate's callback are called as their handle's method (lib/
       internal/timers.js: timer._onTimeout(), immediate._onImmediate()): `this` is the
       Timeout or Immediate that setTimeout or setImmediate returned. */
    enum task_kind kind = (enum task_kind)task_at(loop, t)->kind;
    uint32_t h = (kind == TASK_TIMEOUT || kind == TASK_IMMEDIATE) &&
                         t < loop->vm.task_handle_cap
                     ? loop->vm.task_handles[t]
                     : VM_NONE;
    struct vm_value self = h != VM_NONE ? vm_object(h) : vm_undefined();
    return sim__vm_enter(loop, sim__vm_record_fn(loop, rec), self, args, argc);
}

bool sim__vm_need_callback(struct sim_loop *loop, struct vm_value fn)
{
    if (sim__vm_is_callable(loop, fn)) {
        return true;
    }
    struct vm_value s = sim__vm_inspect(loop, fn);
    uint32_t len = 0;
    const char *b = s.tag == VM_STRING ? sim__vm_str(loop, s, &len) : "";
    sim__vm_throw_error(loop, VM_TYPE_ERROR,
                        "The \"callback\" argument must be of type function. Received %s%.*s",
                        fn.tag == VM_OBJECT ? "an instance of Object " : "", (int)(len > 60 ? 60
                                                                                          : len),
                        b);
    return false;
}

/* Object h stands for task t from now on: t's callback has it as `this` (a timer's, an
   immediate's) or reaches it (a server's, a socket's: net.c). */
void sim__vm_handle_bind(struct sim_loop *loop, uint32_t h, uint32_t t)
{
    if (loop->error) {
        return;
    }
    sim__vm_obj(loop, h)->inner =
        (struct vm_value){.tag = VM_NUMBER, .ref = t, .num = (double)task_at(loop, t)->gen};
    struct vm_state *vm = &loop->vm;
    uint32_t old = vm->task_handle_cap;
    if (sim__grow(loop, (void **)&vm->task_handles, &vm->task_handle_cap, sizeof(uint32_t),
                  t + 1)) {
        memset(vm->task_handles + old, 0xff,
               (size_t)(vm->task_handle_cap - old) * sizeof(uint32_t)); /* VM_NONE */
        vm->task_handles[t] = h;
    }
}

/* The object that stands for task t, or VM_NONE. */
uint32_t sim__vm_handle_object(const struct sim_loop *loop, uint32_t t)
{
    return t < loop->vm.task_handle_cap ? loop->vm.task_handles[t] : VM_NONE;
}

static struct vm_value handle_of(struct sim_loop *loop, uint32_t t, uint32_t proto)
{
    uint32_t h = sim__vm_object_new(loop, VM_OBJ_HANDLE, proto);
    sim__vm_handle_bind(loop, h, t);
    return vm_object(h);
}

/* The task a Timeout, an Immediate, a Server or a Socket stands for, while it is alive; else
   SIM_NONE (a server before its listen has none). */
uint32_t sim__vm_task_of(struct sim_loop *loop, struct vm_value h)
{
    if (!vm_is_object(h, loop, VM_OBJ_HANDLE)) {
        return SIM_NONE;
    }
    struct vm_value in = sim__vm_obj(loop, h.ref)->inner;
    if (in.tag != VM_NUMBER) {
        return SIM_NONE;
    }
    uint32_t t = in.ref;
    if (t >= loop->task_count || (double)task_at(loop, t)->gen != in.num ||
        task_at(loop, t)->kind == TASK_FREE) {
        return SIM_NONE;
    }
    return t;
}

static enum vm_native_result start_timer(struct sim_loop *loop, const struct vm_value *args,
                                         uint32_t argc, struct vm_value *result, bool repeat)
{
    struct vm_value fn = argc > 0 ? args[0] : vm_undefined();
    if (!sim__vm_need_callback(loop, fn)) {
        return VM_NATIVE_THREW;
    }
    double delay = argc > 1 ? sim__vm_to_number(loop, args[1]) : 1;
    uint32_t rec = sim__vm_call_record(loop, repeat ? "setInterval" : "setTimeout", fn,
                                       args + (argc > 2 ? 2 : argc), argc > 2 ? argc - 2 : 0);
    uint32_t stmt = sim__vm_stmt_call(
        loop, loop->prog->js->api_stmts[repeat ? JS_API_SET_INTERVAL : JS_API_SET_TIMEOUT], rec);
    uint32_t t = sim__timer_start_delay(loop, stmt, SIM_NONE, SIM_NONE, repeat, delay);
    *result = handle_of(loop, t, loop->vm.timeout_proto);
    return VM_NATIVE_EVENT;
}

enum vm_native_result sim__vm_set_timeout(struct sim_loop *loop, struct vm_value this_value,
                                          const struct vm_value *args, uint32_t argc,
                                          struct vm_value *result)
{
    (void)this_value;
    return start_timer(loop, args, argc, result, false);
}

enum vm_native_result sim__vm_set_interval(struct sim_loop *loop, struct vm_value this_value,
                                           const struct vm_value *args, uint32_t argc,
                                           struct vm_value *result)
{
    (void)this_value;
    return start_timer(loop, args, argc, result, true);
}

enum vm_native_result sim__vm_set_immediate(struct sim_loop *loop, struct vm_value this_value,
                                            const struct vm_value *args, uint32_t argc,
                                            struct vm_value *result)
{
    (void)this_value;
    struct vm_value fn = argc > 0 ? args[0] : vm_undefined();
    if (!sim__vm_need_callback(loop, fn)) {
        return VM_NATIVE_THREW;
    }
    uint32_t rec = sim__vm_call_record(loop, "setImmediate", fn, args + (argc > 1 ? 1 : argc),
                                       argc > 1 ? argc - 1 : 0);
    uint32_t stmt = sim__vm_stmt_call(loop, loop->prog->js->api_stmts[JS_API_SET_IMMEDIATE], rec);
    uint32_t t = sim__immediate_start(loop, stmt, SIM_NONE, SIM_NONE);
    *result = handle_of(loop, t, loop->vm.immediate_proto);
    return VM_NATIVE_EVENT;
}

enum vm_native_result sim__vm_next_tick(struct sim_loop *loop, struct vm_value this_value,
                                        const struct vm_value *args, uint32_t argc,
                                        struct vm_value *result)
{
    (void)this_value;
    (void)result;
    struct vm_value fn = argc > 0 ? args[0] : vm_undefined();
    if (!sim__vm_need_callback(loop, fn)) {
        return VM_NATIVE_THREW;
    }
    if (loop->exiting) {
        return VM_NATIVE_OK; /* process.nextTick after 'exit' began: dropped (ticks.c) */
    }
    uint32_t rec = sim__vm_call_record(loop, "nextTick", fn, args + (argc > 1 ? 1 : argc),
                                       argc > 1 ? argc - 1 : 0);
    uint32_t stmt = sim__vm_stmt_call(loop, loop->prog->js->api_stmts[JS_API_NEXT_TICK], rec);
    sim__tick_queue(loop, stmt, loop->prog->main_body, SIM_NONE, SIM_NONE, SIM_REASON_TICK);
    return VM_NATIVE_EVENT;
}

enum vm_native_result sim__vm_queue_microtask(struct sim_loop *loop, struct vm_value this_value,
                                              const struct vm_value *args, uint32_t argc,
                                              struct vm_value *result)
{
    (void)this_value;
    (void)result;
    struct vm_value fn = argc > 0 ? args[0] : vm_undefined();
    if (!sim__vm_need_callback(loop, fn)) {
        return VM_NATIVE_THREW;
    }
    uint32_t rec = sim__vm_call_record(loop, "queueMicrotask", fn, NULL, 0);
    uint32_t stmt = sim__vm_stmt_call(loop, loop->prog->js->api_stmts[JS_API_QUEUE_MICROTASK], rec);
    sim__microtask_queue(loop, stmt, SIM_NONE, SIM_NONE);
    return VM_NATIVE_EVENT;
}

/* clearTimeout, clearInterval and clearImmediate: on a live handle, what exec.c does. */
static enum vm_native_result clear(struct sim_loop *loop, const struct vm_value *args,
                                   uint32_t argc, bool immediate)
{
    uint32_t t = sim__vm_task_of(loop, argc > 0 ? args[0] : vm_undefined());
    if (t == SIM_NONE) {
        return VM_NATIVE_OK;
    }
    enum task_kind kind = (enum task_kind)task_at(loop, t)->kind;
    if (!immediate && kind == TASK_TIMEOUT) {
        sim__timer_clear(loop, t);
        return VM_NATIVE_EVENT;
    }
    if (immediate && (kind == TASK_IMMEDIATE || kind == TASK_TIMEOUT)) {
        sim__immediate_clear(loop, t);
        return VM_NATIVE_EVENT;
    }
    return VM_NATIVE_OK;
}

enum vm_native_result sim__vm_clear_timeout(struct sim_loop *loop, struct vm_value this_value,
                                            const struct vm_value *args, uint32_t argc,
                                            struct vm_value *result)
{
    (void)this_value;
    (void)result;
    return clear(loop, args, argc, false);
}

enum vm_native_result sim__vm_clear_immediate(struct sim_loop *loop, struct vm_value this_value,
                                              const struct vm_value *args, uint32_t argc,
                                              struct vm_value *result)
{
    (void)this_value;
    (void)result;
    return clear(loop, args, argc, true);
}

/* Timeout and Immediate methods: ref, unref, hasRef, refresh, close. */
static enum vm_native_result handle_method(struct sim_loop *loop, struct vm_value h,
                                           struct vm_value *result, int what)
{
    uint32_t t = sim__vm_task_of(loop, h);
    *result = h;
    if (t == SIM_NONE) {
        if (what == 2) {
            *result = vm_bool(false);
        }
        return VM_NATIVE_OK;
    }
    bool timeout = task_at(loop, t)->kind == TASK_TIMEOUT;
    switch (what) {
    case 0:
    case 1:
        if (timeout) {
            sim__timer_set_ref(loop, t, what == 0);
        } else {
            sim__immediate_set_ref(loop, t, what == 0);
        }
        return VM_NATIVE_EVENT;
    case 2:
        *result = vm_bool(timeout ? task_at(loop, t)->u.timer.refed : task_at(loop, t)->refed);
        return VM_NATIVE_OK;
    case 3:
        if (timeout) {
            sim__timer_refresh(loop, t);
            return VM_NATIVE_EVENT;
        }
        return VM_NATIVE_OK;
    default:
        if (timeout) {
            sim__timer_clear(loop, t);
            return VM_NATIVE_EVENT;
        }
        return VM_NATIVE_OK;
    }
}

#define HANDLE_METHOD(name, what)                                                              \
    enum vm_native_result name(struct sim_loop *loop, struct vm_value this_value,              \
                               const struct vm_value *args, uint32_t argc,                     \
                               struct vm_value *result)                                        \
    {                                                                                          \
        (void)args;                                                                            \
        (void)argc;                                                                            \
        return handle_method(loop, this_value, result, what);                                  \
    }

HANDLE_METHOD(sim__vm_handle_ref, 0)
HANDLE_METHOD(sim__vm_handle_unref, 1)
HANDLE_METHOD(sim__vm_handle_has_ref, 2)
HANDLE_METHOD(sim__vm_handle_refresh, 3)
HANDLE_METHOD(sim__vm_handle_close, 4)
#undef HANDLE_METHOD

/* process.exit([code]): the step ends here and the engine exits (exec.c). */
enum vm_native_result sim__vm_process_exit(struct sim_loop *loop, struct vm_value this_value,
                                           const struct vm_value *args, uint32_t argc,
                                           struct vm_value *result)
{
    (void)this_value;
    (void)result;
    double code = argc > 0 && args[0].tag != VM_UNDEFINED
                      ? sim__vm_to_number(loop, args[0])
                      : (double)sim__vm_exit_code(loop, 0); /* process.exitCode, else 0 */
    loop->vm.exit_code = isnan(code) ? 0 : (int)code;
    loop->vm.exit_requested = true;
    return VM_NATIVE_OK;
}

/* ---- timers/promises and util.promisify -------------------------------------------------- */

/*
 * timers/promises setTimeout(delay, value) and setImmediate(value): a promise that the timer's
 * or immediate's callback resolves, so it settles where that callback would have run.
 */
static enum vm_native_result promise_timer(struct sim_loop *loop, const struct vm_value *args,
                                           uint32_t argc, struct vm_value *result,
                                           bool immediate)
{
    uint32_t p = sim__vm_promise_new(loop);
    uint32_t rf = sim__vm_resolver_new(loop, p);
    struct vm_value call[3] = {sim__vm_bound(loop, VM_NATIVE_RESOLVE_FN, vm_object(rf))};
    uint32_t n = 1;
    if (!immediate) {
        call[n++] = argc > 0 ? args[0] : vm_undefined();
    }
    uint32_t value_at = immediate ? 0 : 1;
    call[n++] = argc > value_at ? args[value_at] : vm_undefined();
    struct vm_value handle;
    enum vm_native_result r = immediate ? sim__vm_set_immediate(loop, vm_undefined(), call, n,
                                                                &handle)
                                        : start_timer(loop, call, n, &handle, false);
    *result = vm_object(p);
    return r;
}

enum vm_native_result sim__vm_tp_set_timeout(struct sim_loop *loop, struct vm_value this_value,
                                             const struct vm_value *args, uint32_t argc,
                                             struct vm_value *result)
{
    (void)this_value;
    return promise_timer(loop, args, argc, result, false);
}

enum vm_native_result sim__vm_tp_set_immediate(struct sim_loop *loop,
                                               struct vm_value this_value,
                                               const struct vm_value *args, uint32_t argc,
                                               struct vm_value *result)
{
    (void)this_value;
    return promise_timer(loop, args, argc, result, true);
}

/* util.promisify(fn): setTimeout and setImmediate have their own (util.promisify.custom). */
enum vm_native_result sim__vm_promisify(struct sim_loop *loop, struct vm_value this_value,
                                        const struct vm_value *args, uint32_t argc,
                                        struct vm_value *result)
{
    (void)this_value;
    struct vm_value fn = argc > 0 ? args[0] : vm_undefined();
    if (!sim__vm_is_callable(loop, fn)) {
        sim__vm_throw_error(loop, VM_TYPE_ERROR,
                            "The \"original\" argument must be of type function");
        return VM_NATIVE_THREW;
    }
    if (vm_is_object(fn, loop, VM_OBJ_NATIVE)) {
        uint16_t n = sim__vm_obj(loop, fn.ref)->native;
        if (n == VM_NATIVE_SET_TIMEOUT || n == VM_NATIVE_SET_IMMEDIATE) {
            /* The very functions of require('timers/promises'). */
            struct vm_prop *tp = sim__vm_own(loop, loop->vm.modules,
                                             sim__vm_cstring(loop, "timers/promises"));
            *result = sim__vm_get(loop, tp->value,
                                  sim__vm_cstring(loop, n == VM_NATIVE_SET_TIMEOUT
                                                            ? "setTimeout"
                                                            : "setImmediate"));
            return VM_NATIVE_OK;
        }
    }
    *result = sim__vm_bound(loop, VM_NATIVE_PROMISIFIED, fn);
    return VM_NATIVE_OK;
}

/* A promisified function: calls the original with a callback that settles its promise. */
enum vm_native_result sim__vm_promisified(struct sim_loop *loop, struct vm_value this_value,
                                          const struct vm_value *args, uint32_t argc,
                                          struct vm_value *result)
{
    struct vm_value fn = sim__vm_obj(loop, loop->vm.native_self)->inner;
    uint32_t p = sim__vm_promise_new(loop);
    uint32_t rf = sim__vm_resolver_new(loop, p);
    struct vm_value argv[16];
    uint32_t n = argc < 15 ? argc : 15;
    memcpy(argv, args, (size_t)n * sizeof(argv[0]));
    argv[n++] = sim__vm_bound(loop, VM_NATIVE_PROMISIFY_CB, vm_object(rf));
    uint32_t state = sim__vm_array_new(loop);
    sim__vm_array_push(loop, state, vm_object(p));
    *result = vm_object(p);
    return sim__vm_call_out(loop, fn, this_value, argv, n, VM_CONT_PROMISIFIED, state, false);
}

enum vm_native_result sim__vm_promisified_cont(struct sim_loop *loop, uint32_t state,
                                               struct vm_value called, bool threw,
                                               struct vm_value *result)
{
    (void)called;
    (void)threw;
    *result = sim__vm_elems(loop, state)[0];
    return VM_NATIVE_OK;
}

/* The callback a promisified call passes: (err, value) rejects or resolves its promise. */
enum vm_native_result sim__vm_promisify_cb(struct sim_loop *loop, struct vm_value this_value,
                                           const struct vm_value *args, uint32_t argc,
                                           struct vm_value *result)
{
    (void)this_value;
    uint32_t rf = sim__vm_obj(loop, loop->vm.native_self)->inner.ref;
    struct vm_value err = argc > 0 ? args[0] : vm_undefined();
    bool failed = err.tag != VM_UNDEFINED && err.tag != VM_NULL;
    sim__vm_resolver_settle(loop, rf, failed ? err : argc > 1 ? args[1] : vm_undefined(), failed);
    *result = vm_undefined();
    return VM_NATIVE_OK;
}
