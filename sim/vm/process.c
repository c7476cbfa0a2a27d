/*
 * process.c - process.on and its events, process.exitCode, uncaught exceptions and unhandled
 * rejections, as Node 20 runs them (reference/promises-and-async.md §6, its §R).
 *
 * 'beforeExit' and 'exit' listeners are the engine's listener tasks (the JSON `on` op's), so
 * they run where the loop runs them. 'uncaughtException', 'unhandledRejection' and
 * 'rejectionHandled' listeners are kept here, in arrays of the heap: when a callback throws or
 * a drain ends with unhandled rejections, the engine asks this file what to do, and the
 * listeners run as JavaScript calls of their own (one statement per step, like any callback).
 */
#include "natives.h"
#include "vm_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum listener_kind { ON_UNCAUGHT, ON_UNHANDLED, ON_HANDLED, ON_KIND_COUNT };

static const char *const listener_events[ON_KIND_COUNT] = {"uncaughtException",
                                                           "unhandledRejection",
                                                           "rejectionHandled"};

static bool event_is(struct sim_loop *loop, struct vm_value name, const char *want)
{
    uint32_t len;
    const char *s = name.tag == VM_STRING ? sim__vm_str(loop, name, &len) : "";
    return name.tag == VM_STRING && len == strlen(want) && memcmp(s, want, len) == 0;
}

static uint32_t listeners(struct sim_loop *loop, enum listener_kind kind)
{
    struct vm_state *vm = &loop->vm;
    if (vm->listeners[kind] == 0) {
        vm->listeners[kind] = sim__vm_array_new(loop);
    }
    return vm->listeners[kind];
}

static uint32_t listener_count(struct sim_loop *loop, enum listener_kind kind)
{
    return loop->vm.listeners[kind] != 0 ? sim__vm_obj(loop, loop->vm.listeners[kind])->elem_count
                                         : 0;
}

/* The function of listener entry `entry`: fn, or a once listener's [fn]. */
static struct vm_value listener_fn(struct sim_loop *loop, struct vm_value entry)
{
    return vm_is_object(entry, loop, VM_OBJ_ARRAY) ? sim__vm_elems(loop, entry.ref)[0] : entry;
}

/* process.on(event, fn) and process.once: 'beforeExit' and 'exit' go to the engine. */
static enum vm_native_result add_listener(struct sim_loop *loop, const struct vm_value *args,
                                          uint32_t argc, struct vm_value *result, bool once)
{
    struct vm_value name = argc > 0 ? args[0] : vm_undefined();
    struct vm_value fn = argc > 1 ? args[1] : vm_undefined();
    *result = vm_object(sim__vm_own(loop, loop->vm.global,
                                    sim__vm_cstring(loop, "process"))->value.ref);
    if (!sim__vm_is_callable(loop, fn)) {
        sim__vm_throw_error(loop, VM_TYPE_ERROR,
                            "The \"listener\" argument must be of type function");
        return VM_NATIVE_THREW;
    }
    bool exit = event_is(loop, name, "exit");
    if (exit || event_is(loop, name, "beforeExit")) {
        enum js_api api = exit ? (once ? JS_API_ONCE_EXIT : JS_API_ON_EXIT)
                               : (once ? JS_API_ONCE_BEFORE_EXIT : JS_API_ON_BEFORE_EXIT);
        struct vm_value label = sim__vm_job_label(loop, fn, exit ? "'exit' listener"
                                                                 : "'beforeExit' listener");
        uint32_t rec = sim__vm_record(loop, label, fn, NULL, 0);
        sim__listener_add(loop, sim__vm_stmt_call(loop, loop->prog->js->api_stmts[api], rec));
        return VM_NATIVE_EVENT;
    }
    for (int k = 0; k < ON_KIND_COUNT; k++) {
        if (event_is(loop, name, listener_events[k])) {
            struct vm_value entry = fn;
            if (once) {
                /* A once listener is kept as [fn]: add_calls takes it off when it emits. */
                entry = vm_object(sim__vm_array_new(loop));
                sim__vm_array_push(loop, entry.ref, fn);
            }
            sim__vm_array_push(loop, listeners(loop, (enum listener_kind)k), entry);
            return VM_NATIVE_OK;
        }
    }
    return VM_NATIVE_OK; /* another event: nothing of the subset ever emits it */
}

enum vm_native_result sim__vm_process_on(struct sim_loop *loop, struct vm_value this_value,
                                         const struct vm_value *args, uint32_t argc,
                                         struct vm_value *result)
{
    (void)this_value;
    return add_listener(loop, args, argc, result, false);
}

enum vm_native_result sim__vm_process_once(struct sim_loop *loop, struct vm_value this_value,
                                           const struct vm_value *args, uint32_t argc,
                                           struct vm_value *result)
{
    (void)this_value;
    return add_listener(loop, args, argc, result, true);
}

/* process.off(event, fn): the last registration of fn goes. */
enum vm_native_result sim__vm_process_off(struct sim_loop *loop, struct vm_value this_value,
                                          const struct vm_value *args, uint32_t argc,
                                          struct vm_value *result)
{
    (void)this_value;
    *result = vm_undefined();
    struct vm_value name = argc > 0 ? args[0] : vm_undefined();
    struct vm_value fn = argc > 1 ? args[1] : vm_undefined();
    for (int k = 0; k < ON_KIND_COUNT; k++) {
        if (!event_is(loop, name, listener_events[k]) || listener_count(loop, k) == 0) {
            continue;
        }
        uint32_t list = loop->vm.listeners[k];
        struct vm_value *items = sim__vm_elems(loop, list);
        uint32_t n = sim__vm_obj(loop, list)->elem_count;
        for (uint32_t i = n; i > 0; i--) {
            if (sim__vm_strict_equal(loop, listener_fn(loop, items[i - 1]), fn)) {
                memmove(items + i - 1, items + i, (size_t)(n - i) * sizeof(*items));
                sim__vm_obj(loop, list)->elem_count--;
                break;
            }
        }
    }
    sim__listener_remove_js(loop, fn);
    return VM_NATIVE_OK;
}

/* The exit code a natural end reports: process.exitCode when the program set a number. */
int sim__vm_exit_code(struct sim_loop *loop, int code)
{
    if (loop->prog->js == NULL || !loop->vm.ready) {
        return code;
    }
    struct vm_prop *p = sim__vm_own(loop, loop->vm.process, sim__vm_cstring(loop, "exitCode"));
    if (p == NULL || p->value.tag != VM_NUMBER || !isfinite(p->value.num)) {
        return code;
    }
    return (int)p->value.num;
}

/*
 * The status a natural end exits with: process.exitCode, or 13 when the module's top-level
 * await never settled (Node: "Detected unsettled top-level await"; its 'exit' still says 0).
 */
int sim__vm_final_exit_code(struct sim_loop *loop, int code)
{
    code = sim__vm_exit_code(loop, code);
    uint32_t main = loop->vm.main_promise;
    if (loop->prog->js != NULL && main != 0 &&
        !(sim__vm_obj(loop, main)->flags & (VM_PROMISE_FULFILLED | VM_PROMISE_REJECTED))) {
        return 13;
    }
    return code;
}

/* Sets process.exitCode (an uncaught exception's 1, as Node does before 'exit'). */
void sim__vm_set_exit_code(struct sim_loop *loop, int code)
{
    if (loop->prog->js != NULL && loop->vm.ready) {
        sim__vm_put_c(loop, loop->vm.process, "exitCode", vm_number(code));
    }
}

/* ---- Uncaught exceptions ----------------------------------------------------------------- */

/*
 * Adds a call of every listener of `kind` with (a, b) to `calls`: [kind, fn, a, b]. As in
 * Node's emit, every listener there now is called; once listeners are taken off.
 */
static void add_calls(struct sim_loop *loop, uint32_t calls, enum listener_kind kind,
                      struct vm_value a, struct vm_value b)
{
    uint32_t n = listener_count(loop, kind);
    uint32_t kept = 0;
    for (uint32_t i = 0; i < n && !loop->error; i++) {
        uint32_t call = sim__vm_array_new(loop);
        struct vm_value entry = sim__vm_elems(loop, loop->vm.listeners[kind])[i];
        sim__vm_array_push(loop, call, vm_number(kind));
        sim__vm_array_push(loop, call, listener_fn(loop, entry));
        sim__vm_array_push(loop, call, a);
        if (b.tag != VM_HOLE) {
            sim__vm_array_push(loop, call, b);
        }
        sim__vm_array_push(loop, calls, vm_object(call));
        if (!vm_is_object(entry, loop, VM_OBJ_ARRAY) && !loop->error) {
            sim__vm_elems(loop, loop->vm.listeners[kind])[kept++] = entry;
        }
    }
    if (n > 0 && !loop->error) {
        sim__vm_obj(loop, loop->vm.listeners[kind])->elem_count = kept;
    }
}

/*
 * A callback threw and nothing caught it. With 'uncaughtException' listeners, they are called
 * in order with (error, origin) and the program goes on (true); else it is the end (false).
 */
bool sim__vm_uncaught_listeners(struct sim_loop *loop, bool from_promise)
{
    struct vm_state *vm = &loop->vm;
    uint32_t n = listener_count(loop, ON_UNCAUGHT);
    if (n == 0) {
        return false;
    }
    uint32_t calls = sim__vm_array_new(loop);
    struct vm_value origin = sim__vm_cstring(loop, from_promise ? "unhandledRejection"
                                                                : "uncaughtException");
    add_calls(loop, calls, ON_UNCAUGHT, vm->exception, origin);
    vm->pending_calls = calls;
    vm->pending_next = 0;
    return true;
}

/* Starts the next of the pending listener calls; false when none is left. */
bool sim__vm_next_pending_call(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    if (vm->pending_calls == 0 ||
        vm->pending_next >= sim__vm_obj(loop, vm->pending_calls)->elem_count) {
        vm->pending_calls = 0;
        vm->in_uncaught = false;
        return false;
    }
    uint32_t call = sim__vm_elems(loop, vm->pending_calls)[vm->pending_next++].ref;
    struct vm_value args[2];
    uint32_t argc = sim__vm_obj(loop, call)->elem_count - 2;
    memcpy(args, sim__vm_elems(loop, call) + 2, (size_t)argc * sizeof(args[0]));
    struct vm_value fn = sim__vm_elems(loop, call)[1];
    /* A throw in an 'uncaughtException' listener is exit 7, also when it was called for an
       unhandled rejection; in the other listeners it is an uncaught exception. */
    vm->in_uncaught = sim__vm_elems(loop, call)[0].num == ON_UNCAUGHT;
    if (!sim__vm_enter(loop, fn, vm_undefined(), args, argc)) {
        return !loop->error; /* it threw at once: the step reports it */
    }
    return true;
}

/* ---- Unhandled rejections ---------------------------------------------------------------- */

/* What Node prints for an unhandled rejection whose reason is not an Error. */
static struct vm_value unhandled_error(struct sim_loop *loop, struct vm_value reason)
{
    if (vm_is_object(reason, loop, VM_OBJ_ERROR)) {
        return reason;
    }
    /* Node's noSideEffectsToString (V8 NoSideEffectsToString): a primitive as String() makes
       it, an array "[object Array]", a plain object "#<Object>". */
    struct vm_value s;
    if (vm_is_object(reason, loop, VM_OBJ_ARRAY)) {
        s = sim__vm_cstring(loop, "[object Array]");
    } else if (vm_is_object(reason, loop, VM_OBJ_PLAIN)) {
        s = sim__vm_cstring(loop, "#<Object>");
    } else if (reason.tag != VM_OBJECT) {
        s = sim__vm_to_string(loop, reason);
    } else {
        s = sim__vm_inspect(loop, reason);
    }
    uint32_t len = 0;
    const char *b = s.tag == VM_STRING ? sim__vm_str(loop, s, &len) : "";
    char msg[400];
    snprintf(msg, sizeof(msg),
             "This error originated either by throwing inside of an async function without a "
             "catch block, or by rejecting a promise which was not handled with .catch(). The "
             "promise rejected with the reason \"%.*s\".",
             (int)(len > 120 ? 120 : len), b);
    struct vm_value e = sim__vm_error_new(loop, VM_ERROR, sim__vm_cstring(loop, msg));
    if (!loop->error) {
        sim__vm_put_hidden(loop, e.ref, "name", sim__vm_cstring(loop, "UnhandledPromiseRejection"));
    }
    return e;
}


/*
 * processPromiseRejections, at the end of a drain (the ticks and microtasks are empty): first
 * 'rejectionHandled' for reported rejections that got a handler since, then every unhandled
 * rejection of the batch to the 'unhandledRejection' listeners; one with none is thrown as an
 * uncaught exception (Node 20's default mode, `throw`). Returns REJ_NONE (nothing pending),
 * REJ_CALLS (listener calls are pending, in order) or REJ_FATAL (vm.exception ends it).
 */
enum vm_rejection sim__vm_rejections(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    if (!vm->ready) {
        return REJ_NONE;
    }
    /* The rest of a batch goes on before anything else (see below); 'rejectionHandled' then
       waits for the next call, as in Node. */
    bool rest = vm->batch_left > 0;
    uint32_t late = rest ? 0 : sim__vm_obj(loop, vm->late_handled)->elem_count;
    uint32_t total = sim__vm_obj(loop, vm->unhandled)->elem_count;
    uint32_t pending = rest ? vm->batch_left : total;
    vm->batch_left = 0;
    if (late == 0 && pending == 0) {
        return REJ_NONE;
    }
    uint32_t calls = sim__vm_array_new(loop);
    struct vm_value none = {.tag = VM_HOLE};
    for (uint32_t i = 0; i < late; i++) {
        add_calls(loop, calls, ON_HANDLED, sim__vm_elems(loop, vm->late_handled)[i], none);
    }
    if (!rest) {
        sim__vm_obj(loop, vm->late_handled)->elem_count = 0;
    }
    uint32_t batch = vm->unhandled;
    vm->unhandled = sim__vm_array_new(loop); /* new ones wait for the next batch */
    uint32_t i = 0;
    for (; i < pending && !loop->error; i++) {
        struct vm_value p = sim__vm_elems(loop, batch)[i];
        if (listener_count(loop, ON_UNHANDLED) == 0 && listener_count(loop, ON_UNCAUGHT) == 0 &&
            sim__vm_obj(loop, calls)->elem_count > 0) {
            /* Node takes the batch one rejection at a time: this one ends the process only
               after the listener calls of those before it (which took a once listener), and
               before the ticks they queued. It and the rest of the batch come next. */
            vm->batch_left = pending - i;
            break;
        }
        sim__vm_obj(loop, p.ref)->flags |= VM_PROMISE_REPORTED;
        struct vm_value reason = sim__vm_obj(loop, p.ref)->inner;
        if (listener_count(loop, ON_UNHANDLED) > 0) {
            add_calls(loop, calls, ON_UNHANDLED, reason, p);
            continue;
        }
        vm->exception = unhandled_error(loop, reason);
        if (listener_count(loop, ON_UNCAUGHT) == 0) {
            return REJ_FATAL;
        }
        add_calls(loop, calls, ON_UNCAUGHT, vm->exception,
                  sim__vm_cstring(loop, "unhandledRejection"));
    }
    for (uint32_t j = i; j < total && !loop->error; j++) {
        sim__vm_array_push(loop, vm->unhandled, sim__vm_elems(loop, batch)[j]);
    }
    if (sim__vm_obj(loop, calls)->elem_count == 0) {
        return REJ_NONE;
    }
    vm->pending_calls = calls;
    vm->pending_next = 0;
    return REJ_CALLS;
}
