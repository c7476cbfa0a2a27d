/*
 * promise.c - promises as ECMA-262 §27.2 defines them and V8 runs them, and the jobs they
 * queue (reference/promises-and-async.md, §1-§3 and its reference algorithm §R).
 *
 * A promise is a heap object (VM_OBJ_PROMISE): its state in `flags`, its result in `inner`,
 * its reactions in `elems` while it is pending. A reaction is an array [derived, on-fulfilled,
 * on-rejected, label], made only while the promise is pending (a settled one queues its job at
 * once). A reaction's derived is what the job settles: undefined (nothing), a resolver
 * (CreateResolvingFunctions' shared record, an array [promise, already resolved]), or the
 * derived promise itself when only the job can settle it: `then`'s own promise, whose
 * resolving functions V8 never makes (NewPromiseCapability of %Promise%), so that they need no
 * "already resolved" flag. Handlers are callable values: a user's
 * function, undefined (empty: the value passes through, costing a job, §1.5), or a native
 * bound to its data (a resolver's resolve, an await's resume, finally's steps).
 *
 * The two kinds of promise job, PromiseReactionJob and PromiseResolveThenableJob, are tasks
 * of the engine's one microtask queue (ticks.c), the same FIFO queueMicrotask uses, so their
 * order against nextTick, timers and the rest is the engine's. Jobs queued by one step are
 * said by one schedule event (the first one's label and the count).
 */
#include "natives.h"
#include "vm_internal.h"

#include <stdio.h>
#include <string.h>

enum { RS_PROMISE, RS_DONE };                       /* a resolver's elements */
enum { RX_DERIVED, RX_FULFILL, RX_REJECT, RX_LABEL }; /* a reaction's */

static struct vm_value *el(struct sim_loop *loop, uint32_t o, uint32_t i)
{
    return &sim__vm_elems(loop, o)[i];
}

static uint32_t record(struct sim_loop *loop, const struct vm_value *vals, uint32_t n)
{
    return sim__vm_array_from(loop, VM_NONE, vals, n);
}

bool sim__vm_is_promise(const struct sim_loop *loop, struct vm_value v)
{
    return vm_is_object(v, loop, VM_OBJ_PROMISE);
}

uint32_t sim__vm_promise_new(struct sim_loop *loop)
{
    uint32_t p = sim__vm_object_new(loop, VM_OBJ_PROMISE, loop->vm.promise_proto);
    return loop->error ? 0 : p;
}

uint32_t sim__vm_resolver_new(struct sim_loop *loop, uint32_t promise)
{
    struct vm_value vals[] = {vm_object(promise), vm_bool(false)};
    return record(loop, vals, 2);
}

/* A native function bound to `data` (a resolver, a coroutine, finally's function...). */
struct vm_value sim__vm_bound(struct sim_loop *loop, uint16_t native, struct vm_value data)
{
    struct vm_value f = sim__vm_native_value(loop, native);
    if (!loop->error) {
        sim__vm_obj(loop, f.ref)->inner = data;
    }
    return f;
}

/* ---- Jobs -------------------------------------------------------------------------------- */

/* Queues a job: a microtask task whose call is `native` with `args`, said by `label`. */
static void queue_job(struct sim_loop *loop, uint16_t native, struct vm_value label,
                      const struct vm_value *args, uint32_t argc)
{
    struct vm_state *vm = &loop->vm;
    uint32_t fn = native == VM_NATIVE_PROMISE_REACTION_JOB ? vm->reaction_job : vm->thenable_job;
    uint32_t rec = sim__vm_record(loop, label, vm_object(fn), args, argc);
    if (loop->error) {
        return;
    }
    sim__microtask_queue_quiet(
        loop, sim__vm_stmt_call(loop, loop->prog->js->api_stmts[JS_API_QUEUE_MICROTASK], rec));
    if (vm->jobs_queued++ == 0) {
        vm->first_job_label = label;
    }
}

/* The schedule event for the jobs queued since the last one: one event, many jobs. */
void sim__vm_say_jobs(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    if (vm->jobs_queued == 0) {
        return;
    }
    struct pending_event *pe =
        sim__emit(loop, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_PROMISE_JOBS, SIM_NONE);
    pe->ev.arg_a = vm->jobs_queued;
    uint32_t len;
    const char *label = sim__vm_str(loop, vm->first_job_label, &len);
    if (vm->first_job_label.ref & VM_STR_CONST) {
        pe->ev.text = label; /* a constant: the program outlives the event, and it ends in NUL */
    } else {
        sim__emit_text_len(loop, pe, label, len);
    }
    vm->jobs_queued = 0;
}

/* Queues the PromiseReactionJob of a reaction's fields for a settled promise. */
static void queue_reaction(struct sim_loop *loop, const struct vm_value fields[4], bool rejected,
                           struct vm_value argument)
{
    struct vm_value args[VM_RJ_COUNT];
    args[VM_RJ_HANDLER] = fields[rejected ? RX_REJECT : RX_FULFILL];
    args[VM_RJ_REJECTED] = vm_bool(rejected);
    args[VM_RJ_ARGUMENT] = argument;
    args[VM_RJ_DERIVED] = fields[RX_DERIVED];
    queue_job(loop, VM_NATIVE_PROMISE_REACTION_JOB, fields[RX_LABEL], args, VM_RJ_COUNT);
}

static void queue_reaction_job(struct sim_loop *loop, uint32_t reaction, bool rejected,
                               struct vm_value argument)
{
    struct vm_value fields[4];
    memcpy(fields, el(loop, reaction, 0), sizeof(fields));
    queue_reaction(loop, fields, rejected, argument);
}

/* ---- Settling ---------------------------------------------------------------------------- */

/* HostPromiseRejectionTracker(p, "reject"): Node keeps it until the drain's end (§6.5). */
static void track_reject(struct sim_loop *loop, uint32_t p)
{
    sim__vm_array_push(loop, loop->vm.unhandled, vm_object(p));
}

/* HostPromiseRejectionTracker(p, "handle"). */
static void track_handle(struct sim_loop *loop, uint32_t p)
{
    struct vm_object *list = sim__vm_obj(loop, loop->vm.unhandled);
    struct vm_value *items = sim__vm_elems(loop, loop->vm.unhandled);
    for (uint32_t i = 0; i < list->elem_count; i++) {
        if (items[i].ref == p) {
            memmove(items + i, items + i + 1, (size_t)(list->elem_count - i - 1) * sizeof(*items));
            list->elem_count--;
            if (i < loop->vm.batch_left) {
                loop->vm.batch_left--; /* Node skips a batch's promise handled in the meantime */
            }
            return;
        }
    }
    if (sim__vm_obj(loop, p)->flags & VM_PROMISE_REPORTED) {
        sim__vm_array_push(loop, loop->vm.late_handled, vm_object(p));
    }
}

static void settle(struct sim_loop *loop, uint32_t p, struct vm_value v, bool rejected)
{
    struct vm_object *o = sim__vm_obj(loop, p);
    if (o->flags & (VM_PROMISE_FULFILLED | VM_PROMISE_REJECTED)) {
        return;
    }
    o->flags |= rejected ? VM_PROMISE_REJECTED : VM_PROMISE_FULFILLED;
    o->inner = v;
    uint32_t n = o->elem_count;
    if (rejected && !(o->flags & VM_PROMISE_HANDLED)) {
        track_reject(loop, p);
    }
    for (uint32_t i = 0; i < n && !loop->error; i++) {
        queue_reaction_job(loop, sim__vm_elems(loop, p)[i].ref, rejected, v);
    }
    sim__vm_obj(loop, p)->elem_count = 0;
}

void sim__vm_promise_reject(struct sim_loop *loop, uint32_t p, struct vm_value e)
{
    settle(loop, p, e, true);
}

/* The resolve function's steps 7-16 (§1.2): a thenable is followed by a job. */
void sim__vm_promise_resolve_value(struct sim_loop *loop, uint32_t p, struct vm_value x)
{
    if (x.tag == VM_OBJECT && x.ref == p) {
        sim__vm_promise_reject(loop, p,
                               sim__vm_error_new(loop, VM_TYPE_ERROR,
                                                 sim__vm_cstring(loop, "Chaining cycle detected "
                                                                       "for promise #<Promise>")));
        return;
    }
    if (x.tag != VM_OBJECT) {
        settle(loop, p, x, false);
        return;
    }
    struct vm_value then = sim__vm_get(loop, x, sim__vm_name(loop, VM_NAME_THEN));
    if (loop->vm.throwing) {
        struct vm_value e = loop->vm.exception;
        loop->vm.throwing = false;
        sim__vm_promise_reject(loop, p, e);
        return;
    }
    if (!sim__vm_is_callable(loop, then)) {
        settle(loop, p, x, false);
        return;
    }
    struct vm_value args[] = {vm_object(p), x, then};
    queue_job(loop, VM_NATIVE_PROMISE_THENABLE_JOB, sim__vm_cstring(loop, "resolve a thenable"),
              args, 3);
}

void sim__vm_resolver_settle(struct sim_loop *loop, uint32_t resolver, struct vm_value v,
                             bool rejected)
{
    if (el(loop, resolver, RS_DONE)->ref) {
        return; /* already resolved: ignored */
    }
    *el(loop, resolver, RS_DONE) = vm_bool(true);
    uint32_t p = el(loop, resolver, RS_PROMISE)->ref;
    if (rejected) {
        sim__vm_promise_reject(loop, p, v);
    } else {
        sim__vm_promise_resolve_value(loop, p, v);
    }
}

uint32_t sim__vm_resolver_promise(struct sim_loop *loop, uint32_t resolver)
{
    return el(loop, resolver, RS_PROMISE)->ref;
}

/* Settles a reaction's derived (see the top of the file): undefined, a promise or a resolver. */
void sim__vm_settle_derived(struct sim_loop *loop, uint32_t derived, struct vm_value v,
                            bool rejected)
{
    if (derived == VM_NONE) {
        return;
    }
    if (loop->vm.objects[derived].kind != VM_OBJ_PROMISE) {
        sim__vm_resolver_settle(loop, derived, v, rejected);
    } else if (rejected) {
        sim__vm_promise_reject(loop, derived, v);
    } else {
        sim__vm_promise_resolve_value(loop, derived, v);
    }
}

/* ---- then -------------------------------------------------------------------------------- */

/* PerformPromiseThen (§1.3); `derived` is undefined, a resolver or a promise (see the top). */
void sim__vm_promise_then(struct sim_loop *loop, uint32_t p, struct vm_value on_fulfilled,
                          struct vm_value on_rejected, struct vm_value derived,
                          struct vm_value label)
{
    struct vm_value fields[] = {derived, on_fulfilled, on_rejected, label};
    struct vm_object *o = sim__vm_obj(loop, p);
    if (o->flags & VM_PROMISE_FULFILLED) {
        queue_reaction(loop, fields, false, o->inner);
    } else if (o->flags & VM_PROMISE_REJECTED) {
        if (!(o->flags & VM_PROMISE_HANDLED)) {
            track_handle(loop, p);
        }
        queue_reaction(loop, fields, true, sim__vm_obj(loop, p)->inner);
    } else {
        uint32_t reaction = record(loop, fields, 4);
        if (loop->error) {
            return;
        }
        sim__vm_array_push(loop, p, vm_object(reaction));
    }
    sim__vm_obj(loop, p)->flags |= VM_PROMISE_HANDLED;
}

/* A label for a job: the handler's own name, else what made it and where. */
struct vm_value sim__vm_job_label(struct sim_loop *loop, struct vm_value handler,
                                  const char *what)
{
    if (vm_is_object(handler, loop, VM_OBJ_FUNCTION)) {
        /* the common case first: a function of the program with a name (its constant) */
        uint32_t k = loop->prog->js->protos[sim__vm_obj(loop, handler.ref)->inner.ref].name;
        if (k != JS_NONE && loop->prog->js->strings[k].len > 0) {
            return sim__vm_const_string(k);
        }
    }
    if (sim__vm_is_callable(loop, handler) &&
        !vm_is_object(handler, loop, VM_OBJ_NATIVE)) {
        /* a function's name is its own (Function.prototype.name cannot be assigned) */
        struct vm_value name = vm_is_object(handler, loop, VM_OBJ_FUNCTION)
                                   ? sim__vm_function_name(loop, handler.ref)
                                   : sim__vm_get(loop, handler, sim__vm_name(loop, VM_NAME_NAME));
        uint32_t len = 0;
        if (name.tag == VM_STRING && (sim__vm_str(loop, name, &len), len > 0)) {
            return name;
        }
    }
    char buf[64];
    snprintf(buf, sizeof(buf), "%s (line %u)", what,
             (unsigned)loop->prog->js->ast->nodes[loop->vm.node].line);
    return sim__vm_cstring(loop, buf);
}

/* PromiseResolve(%Promise%, x): a native promise is itself; anything else a new one. */
uint32_t sim__vm_promise_resolve(struct sim_loop *loop, struct vm_value x)
{
    if (sim__vm_is_promise(loop, x)) {
        return x.ref;
    }
    uint32_t p = sim__vm_promise_new(loop);
    if (!loop->error) {
        sim__vm_promise_resolve_value(loop, p, x);
    }
    return p;
}

/* ---- The jobs' natives ------------------------------------------------------------------- */

/* PromiseReactionJob(handler, rejected, argument, derived). */
enum vm_native_result sim__vm_reaction_job(struct sim_loop *loop, struct vm_value this_value,
                                           const struct vm_value *args, uint32_t argc,
                                           struct vm_value *result)
{
    (void)this_value;
    (void)argc;
    struct vm_value handler = args[VM_RJ_HANDLER];
    bool rejected = args[VM_RJ_REJECTED].ref != 0;
    struct vm_value d = args[VM_RJ_DERIVED];
    uint32_t derived = d.tag == VM_OBJECT ? d.ref : VM_NONE;
    if (handler.tag == VM_UNDEFINED) {
        /* An empty handler: the value or the rejection passes through. */
        sim__vm_settle_derived(loop, derived, args[VM_RJ_ARGUMENT], rejected);
        *result = vm_undefined();
        return VM_NATIVE_OK;
    }
    /* The continuation's state is the derived itself (VM_NONE: nothing to settle). */
    return sim__vm_call_out(loop, handler, vm_undefined(), &args[VM_RJ_ARGUMENT], 1,
                            VM_CONT_REACTION, derived, true);
}

enum vm_native_result sim__vm_reaction_cont(struct sim_loop *loop, uint32_t state,
                                            struct vm_value called, bool threw,
                                            struct vm_value *result)
{
    sim__vm_settle_derived(loop, state, called, threw);
    *result = vm_undefined();
    return VM_NATIVE_OK;
}

/* PromiseResolveThenableJob(promise, thenable, then) (§1.6, with V8's native shortcut). */
enum vm_native_result sim__vm_thenable_job(struct sim_loop *loop, struct vm_value this_value,
                                           const struct vm_value *args, uint32_t argc,
                                           struct vm_value *result)
{
    (void)this_value;
    (void)argc;
    uint32_t rf = sim__vm_resolver_new(loop, args[0].ref);
    struct vm_value resolve = sim__vm_bound(loop, VM_NATIVE_RESOLVE_FN, vm_object(rf));
    struct vm_value reject = sim__vm_bound(loop, VM_NATIVE_REJECT_FN, vm_object(rf));
    *result = vm_undefined();
    if (sim__vm_is_promise(loop, args[1]) && vm_is_object(args[2], loop, VM_OBJ_NATIVE) &&
        sim__vm_obj(loop, args[2].ref)->native == VM_NATIVE_PROMISE_THEN) {
        sim__vm_promise_then(loop, args[1].ref, resolve, reject, vm_undefined(),
                             sim__vm_cstring(loop, "resolve with a promise"));
        return VM_NATIVE_OK;
    }
    struct vm_value pair[] = {resolve, reject};
    struct vm_value state[] = {vm_object(rf)};
    return sim__vm_call_out(loop, args[2], args[1], pair, 2, VM_CONT_THENABLE,
                            record(loop, state, 1), true);
}

enum vm_native_result sim__vm_thenable_cont(struct sim_loop *loop, uint32_t state,
                                            struct vm_value called, bool threw,
                                            struct vm_value *result)
{
    if (threw) {
        sim__vm_resolver_settle(loop, el(loop, state, 0)->ref, called, true);
    }
    *result = vm_undefined();
    return VM_NATIVE_OK;
}

/* A resolver's resolve and reject functions: the native being called is bound to it. */
static enum vm_native_result settle_self(struct sim_loop *loop, const struct vm_value *args,
                                         uint32_t argc, bool rejected)
{
    uint32_t resolver = sim__vm_obj(loop, loop->vm.native_self)->inner.ref;
    sim__vm_resolver_settle(loop, resolver, argc > 0 ? args[0] : vm_undefined(), rejected);
    return VM_NATIVE_OK;
}

enum vm_native_result sim__vm_resolve_fn(struct sim_loop *loop, struct vm_value this_value,
                                         const struct vm_value *args, uint32_t argc,
                                         struct vm_value *result)
{
    (void)this_value;
    (void)result;
    return settle_self(loop, args, argc, false);
}

enum vm_native_result sim__vm_reject_fn(struct sim_loop *loop, struct vm_value this_value,
                                        const struct vm_value *args, uint32_t argc,
                                        struct vm_value *result)
{
    (void)this_value;
    (void)result;
    return settle_self(loop, args, argc, true);
}

/* ---- Promise and its methods ------------------------------------------------------------- */

/* new Promise(executor): the executor runs at once; a throw in it rejects (once). */
enum vm_native_result sim__vm_promise_ctor(struct sim_loop *loop, struct vm_value this_value,
                                           const struct vm_value *args, uint32_t argc,
                                           struct vm_value *result)
{
    (void)this_value;
    struct vm_value executor = argc > 0 ? args[0] : vm_undefined();
    if (!loop->vm.constructing) {
        sim__vm_throw_error(loop, VM_TYPE_ERROR,
                            "Promise constructor cannot be invoked without 'new'");
        return VM_NATIVE_THREW;
    }
    if (!sim__vm_is_callable(loop, executor)) {
        struct vm_value s = sim__vm_inspect(loop, executor);
        uint32_t len = 0;
        const char *b = s.tag == VM_STRING ? sim__vm_str(loop, s, &len) : "";
        sim__vm_throw_error(loop, VM_TYPE_ERROR, "Promise resolver %.*s is not a function",
                            (int)(len > 60 ? 60 : len), b);
        return VM_NATIVE_THREW;
    }
    uint32_t p = sim__vm_promise_new(loop);
    uint32_t rf = sim__vm_resolver_new(loop, p);
    struct vm_value pair[] = {sim__vm_bound(loop, VM_NATIVE_RESOLVE_FN, vm_object(rf)),
                              sim__vm_bound(loop, VM_NATIVE_REJECT_FN, vm_object(rf))};
    struct vm_value state[] = {vm_object(rf)};
    *result = vm_object(p);
    return sim__vm_call_out(loop, executor, vm_undefined(), pair, 2, VM_CONT_EXECUTOR,
                            record(loop, state, 1), true);
}

enum vm_native_result sim__vm_executor_cont(struct sim_loop *loop, uint32_t state,
                                            struct vm_value called, bool threw,
                                            struct vm_value *result)
{
    uint32_t rf = el(loop, state, 0)->ref;
    if (threw) {
        sim__vm_resolver_settle(loop, rf, called, true);
    }
    *result = vm_object(sim__vm_resolver_promise(loop, rf));
    return VM_NATIVE_OK;
}

static bool need_promise(struct sim_loop *loop, struct vm_value v, const char *method)
{
    if (sim__vm_is_promise(loop, v)) {
        return true;
    }
    sim__vm_throw_error(loop, VM_TYPE_ERROR,
                        "Method Promise.prototype.%s called on incompatible receiver", method);
    return false;
}

/* then(onFulfilled, onRejected): a derived promise, settled by the handler's job. */
static struct vm_value then_of(struct sim_loop *loop, uint32_t p, struct vm_value on_f,
                               struct vm_value on_r, const char *what)
{
    uint32_t d = sim__vm_promise_new(loop);
    on_f = sim__vm_is_callable(loop, on_f) ? on_f : vm_undefined();
    on_r = sim__vm_is_callable(loop, on_r) ? on_r : vm_undefined();
    struct vm_value label = sim__vm_job_label(loop, on_f.tag != VM_UNDEFINED ? on_f : on_r, what);
    if (!loop->error) {
        sim__vm_promise_then(loop, p, on_f, on_r, vm_object(d), label);
    }
    return vm_object(d);
}

/* Invoke(q, "then", on_f, on_r) for a native promise: then's derived promise, unused. */
void sim__vm_promise_then_derived(struct sim_loop *loop, uint32_t p, struct vm_value on_f,
                                  struct vm_value on_r, const char *what)
{
    then_of(loop, p, on_f, on_r, what);
}

enum vm_native_result sim__vm_promise_then_native(struct sim_loop *loop,
                                                  struct vm_value this_value,
                                                  const struct vm_value *args, uint32_t argc,
                                                  struct vm_value *result)
{
    if (!need_promise(loop, this_value, "then")) {
        return VM_NATIVE_THREW;
    }
    *result = then_of(loop, this_value.ref, argc > 0 ? args[0] : vm_undefined(),
                      argc > 1 ? args[1] : vm_undefined(), "then");
    return VM_NATIVE_OK;
}

enum vm_native_result sim__vm_promise_catch(struct sim_loop *loop, struct vm_value this_value,
                                            const struct vm_value *args, uint32_t argc,
                                            struct vm_value *result)
{
    if (!need_promise(loop, this_value, "catch")) {
        return VM_NATIVE_THREW;
    }
    *result = then_of(loop, this_value.ref, vm_undefined(), argc > 0 ? args[0] : vm_undefined(),
                      "catch");
    return VM_NATIVE_OK;
}

/* finally(f): then(thenFinally, catchFinally), each running f and then passing the value on. */
enum vm_native_result sim__vm_promise_finally(struct sim_loop *loop, struct vm_value this_value,
                                              const struct vm_value *args, uint32_t argc,
                                              struct vm_value *result)
{
    if (!need_promise(loop, this_value, "finally")) {
        return VM_NATIVE_THREW;
    }
    struct vm_value f = argc > 0 ? args[0] : vm_undefined();
    if (!sim__vm_is_callable(loop, f)) {
        *result = then_of(loop, this_value.ref, f, f, "finally");
        return VM_NATIVE_OK;
    }
    uint32_t d = sim__vm_promise_new(loop);
    uint32_t rd = sim__vm_resolver_new(loop, d);
    sim__vm_promise_then(loop, this_value.ref, sim__vm_bound(loop, VM_NATIVE_FINALLY_THEN, f),
                         sim__vm_bound(loop, VM_NATIVE_FINALLY_CATCH, f), vm_object(rd),
                         sim__vm_job_label(loop, f, "finally"));
    *result = vm_object(d);
    return VM_NATIVE_OK;
}

/* thenFinally(v) and catchFinally(e): call f, then resolve its result and pass v or e on. */
static enum vm_native_result finally_step(struct sim_loop *loop, const struct vm_value *args,
                                          uint32_t argc, bool rejected)
{
    struct vm_value f = sim__vm_obj(loop, loop->vm.native_self)->inner;
    struct vm_value state[] = {argc > 0 ? args[0] : vm_undefined(), vm_bool(rejected)};
    return sim__vm_call_out(loop, f, vm_undefined(), NULL, 0, VM_CONT_FINALLY,
                            record(loop, state, 2), false);
}

enum vm_native_result sim__vm_finally_then(struct sim_loop *loop, struct vm_value this_value,
                                           const struct vm_value *args, uint32_t argc,
                                           struct vm_value *result)
{
    (void)this_value;
    (void)result;
    return finally_step(loop, args, argc, false);
}

enum vm_native_result sim__vm_finally_catch(struct sim_loop *loop, struct vm_value this_value,
                                            const struct vm_value *args, uint32_t argc,
                                            struct vm_value *result)
{
    (void)this_value;
    (void)result;
    return finally_step(loop, args, argc, true);
}

enum vm_native_result sim__vm_finally_cont(struct sim_loop *loop, uint32_t state,
                                           struct vm_value called, bool threw,
                                           struct vm_value *result)
{
    (void)threw;
    uint32_t q = sim__vm_promise_resolve(loop, called);
    struct vm_value value = *el(loop, state, 0);
    bool rejected = el(loop, state, 1)->ref != 0;
    struct vm_value thunk = sim__vm_bound(loop, rejected ? VM_NATIVE_THROWER
                                                         : VM_NATIVE_VALUE_THUNK, value);
    *result = then_of(loop, q, thunk, vm_undefined(), "finally");
    return VM_NATIVE_OK;
}

enum vm_native_result sim__vm_value_thunk(struct sim_loop *loop, struct vm_value this_value,
                                          const struct vm_value *args, uint32_t argc,
                                          struct vm_value *result)
{
    (void)this_value;
    (void)args;
    (void)argc;
    *result = sim__vm_obj(loop, loop->vm.native_self)->inner;
    return VM_NATIVE_OK;
}

enum vm_native_result sim__vm_thrower(struct sim_loop *loop, struct vm_value this_value,
                                      const struct vm_value *args, uint32_t argc,
                                      struct vm_value *result)
{
    (void)this_value;
    (void)args;
    (void)argc;
    (void)result;
    sim__vm_throw(loop, sim__vm_obj(loop, loop->vm.native_self)->inner);
    return VM_NATIVE_THREW;
}

enum vm_native_result sim__vm_promise_resolve_static(struct sim_loop *loop,
                                                     struct vm_value this_value,
                                                     const struct vm_value *args, uint32_t argc,
                                                     struct vm_value *result)
{
    (void)this_value;
    struct vm_value x = argc > 0 ? args[0] : vm_undefined();
    if (x.tag != VM_OBJECT) {
        /* Promise.resolve() and a primitive: a new promise, fulfilled with it at once, as the
           resolve function's step 8 settles it (no thenable to look for, nothing to queue) */
        uint32_t p = sim__vm_promise_new(loop);
        if (!loop->error) {
            sim__vm_obj(loop, p)->flags |= VM_PROMISE_FULFILLED;
            sim__vm_obj(loop, p)->inner = x;
        }
        *result = vm_object(p);
        return VM_NATIVE_OK;
    }
    *result = vm_object(sim__vm_promise_resolve(loop, x));
    return VM_NATIVE_OK;
}

enum vm_native_result sim__vm_promise_reject_static(struct sim_loop *loop,
                                                    struct vm_value this_value,
                                                    const struct vm_value *args, uint32_t argc,
                                                    struct vm_value *result)
{
    (void)this_value;
    uint32_t p = sim__vm_promise_new(loop);
    sim__vm_promise_reject(loop, p, argc > 0 ? args[0] : vm_undefined());
    *result = vm_object(p);
    return VM_NATIVE_OK;
}
