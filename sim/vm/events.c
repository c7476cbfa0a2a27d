/*
 * events.c - require('events'): EventEmitter and events.once, as lib/events.js runs them
 * (reference/promises-and-async.md §7).
 *
 * An emitter keeps its listeners in a hidden property: an object from event name to an array
 * of [function, once]. emit is synchronous: it copies the event's array (lib/events.js's
 * arrayClone, so a listener added or removed by a listener changes the next emit, not this
 * one) and calls each listener in turn with the emitter as `this`, through the natives'
 * continuation, so that a listener's logs and schedules are steps of their own. A `once`
 * listener is taken off before it is called. emit('error') with no listener throws.
 */
#include "natives.h"
#include "vm_internal.h"

#include <stdio.h>
#include <string.h>

#define EVENTS_KEY "\x01events"

static struct vm_value key(struct sim_loop *loop, const char *k)
{
    return sim__vm_cstring(loop, k);
}

/* The emitter's table of listeners; made when `make`. VM_NONE when there is none. */
static uint32_t table(struct sim_loop *loop, struct vm_value ee, bool make)
{
    if (ee.tag != VM_OBJECT) {
        return VM_NONE;
    }
    struct vm_prop *p = sim__vm_own(loop, ee.ref, key(loop, EVENTS_KEY));
    if (p != NULL) {
        return p->value.ref;
    }
    if (!make) {
        return VM_NONE;
    }
    uint32_t t = sim__vm_object_new(loop, VM_OBJ_PLAIN, VM_NONE);
    sim__vm_put_hidden(loop, ee.ref, EVENTS_KEY, vm_object(t));
    return t;
}

/* The listeners of `name` (an array of [fn, once]), or VM_NONE. */
static uint32_t list_of(struct sim_loop *loop, struct vm_value ee, struct vm_value name,
                        bool make)
{
    uint32_t t = table(loop, ee, make);
    if (t == VM_NONE) {
        return VM_NONE;
    }
    name = sim__vm_to_string(loop, name);
    struct vm_prop *p = sim__vm_own(loop, t, name);
    if (p != NULL) {
        return p->value.ref;
    }
    if (!make) {
        return VM_NONE;
    }
    uint32_t list = sim__vm_array_new(loop);
    sim__vm_put(loop, t, name, vm_object(list));
    return list;
}

static uint32_t count_of(struct sim_loop *loop, uint32_t list)
{
    return list == VM_NONE ? 0 : sim__vm_obj(loop, list)->elem_count;
}

static enum vm_native_result add(struct sim_loop *loop, struct vm_value ee,
                                 const struct vm_value *args, uint32_t argc,
                                 struct vm_value *result, bool once, bool prepend)
{
    struct vm_value fn = argc > 1 ? args[1] : vm_undefined();
    if (!sim__vm_is_callable(loop, fn)) {
        sim__vm_throw_error(loop, VM_TYPE_ERROR,
                            "The \"listener\" argument must be of type function");
        return VM_NATIVE_THREW;
    }
    uint32_t list = list_of(loop, ee, argc > 0 ? args[0] : vm_undefined(), true);
    if (list == VM_NONE) {
        sim__vm_throw_error(loop, VM_TYPE_ERROR, "an EventEmitter method was called on %s",
                            "something that is not an object");
        return VM_NATIVE_THREW;
    }
    uint32_t rec = sim__vm_array_new(loop);
    sim__vm_array_push(loop, rec, fn);
    sim__vm_array_push(loop, rec, vm_bool(once));
    sim__vm_array_push(loop, list, vm_object(rec));
    if (prepend && !loop->error) {
        struct vm_value *items = sim__vm_elems(loop, list);
        uint32_t n = sim__vm_obj(loop, list)->elem_count;
        memmove(items + 1, items, (size_t)(n - 1) * sizeof(*items));
        items[0] = vm_object(rec);
    }
    *result = ee;
    return VM_NATIVE_OK;
}

#define ADDER(fn, once, prepend)                                                               \
    enum vm_native_result fn(struct sim_loop *loop, struct vm_value this_value,                \
                             const struct vm_value *args, uint32_t argc,                       \
                             struct vm_value *result)                                          \
    {                                                                                          \
        return add(loop, this_value, args, argc, result, once, prepend);                       \
    }

ADDER(sim__vm_ee_on, false, false)
ADDER(sim__vm_ee_once, true, false)
ADDER(sim__vm_ee_prepend, false, true)
ADDER(sim__vm_ee_prepend_once, true, true)
#undef ADDER

/* Takes record `rec` (or, with rec VM_NONE, the newest one calling fn) off the list. */
static void take_off(struct sim_loop *loop, uint32_t list, uint32_t rec, struct vm_value fn)
{
    struct vm_value *items = sim__vm_elems(loop, list);
    uint32_t n = sim__vm_obj(loop, list)->elem_count;
    for (uint32_t i = n; i > 0; i--) {
        uint32_t r = items[i - 1].ref;
        if (rec == VM_NONE ? sim__vm_strict_equal(loop, sim__vm_elems(loop, r)[0], fn)
                           : r == rec) {
            memmove(items + i - 1, items + i, (size_t)(n - i) * sizeof(*items));
            sim__vm_obj(loop, list)->elem_count--;
            return;
        }
    }
}

enum vm_native_result sim__vm_ee_off(struct sim_loop *loop, struct vm_value this_value,
                                     const struct vm_value *args, uint32_t argc,
                                     struct vm_value *result)
{
    uint32_t list = list_of(loop, this_value, argc > 0 ? args[0] : vm_undefined(), false);
    if (list != VM_NONE) {
        take_off(loop, list, VM_NONE, argc > 1 ? args[1] : vm_undefined());
    }
    *result = this_value;
    return VM_NATIVE_OK;
}

enum vm_native_result sim__vm_ee_listener_count(struct sim_loop *loop,
                                                struct vm_value this_value,
                                                const struct vm_value *args, uint32_t argc,
                                                struct vm_value *result)
{
    uint32_t list = list_of(loop, this_value, argc > 0 ? args[0] : vm_undefined(), false);
    *result = vm_number(count_of(loop, list));
    return VM_NATIVE_OK;
}

/* emit's state: [emitter, the listeners' copy, next index, arguments array, live list]. */
enum { EM_EE, EM_COPY, EM_NEXT, EM_ARGS, EM_LIST };

static enum vm_native_result emit_next(struct sim_loop *loop, uint32_t state,
                                       struct vm_value *result)
{
    struct vm_value *st = sim__vm_elems(loop, state);
    uint32_t copy = st[EM_COPY].ref;
    uint32_t i = (uint32_t)st[EM_NEXT].num;
    if (i >= sim__vm_obj(loop, copy)->elem_count) {
        *result = vm_bool(true);
        return VM_NATIVE_OK;
    }
    st[EM_NEXT].num = i + 1;
    uint32_t rec = sim__vm_elems(loop, copy)[i].ref;
    if (sim__vm_elems(loop, rec)[1].ref) {
        take_off(loop, sim__vm_elems(loop, state)[EM_LIST].ref, rec, vm_undefined());
    }
    struct vm_value fn = sim__vm_elems(loop, rec)[0];
    uint32_t args = sim__vm_elems(loop, state)[EM_ARGS].ref;
    uint32_t argc = sim__vm_obj(loop, args)->elem_count;
    struct vm_value argv[16];
    argc = argc < 16 ? argc : 16;
    memcpy(argv, sim__vm_elems(loop, args), (size_t)argc * sizeof(argv[0]));
    return sim__vm_call_out(loop, fn, sim__vm_elems(loop, state)[EM_EE], argv, argc,
                            VM_CONT_EMIT, state, false);
}

enum vm_native_result sim__vm_emit_cont(struct sim_loop *loop, uint32_t state,
                                        struct vm_value called, bool threw,
                                        struct vm_value *result)
{
    (void)called;
    (void)threw;
    return emit_next(loop, state, result);
}

/* The 'error' rule: with no listener, emit('error', err) throws err (or wraps a non-Error). */
static enum vm_native_result unhandled_error(struct sim_loop *loop, struct vm_value err)
{
    if (vm_is_object(err, loop, VM_OBJ_ERROR)) {
        sim__vm_throw(loop, err);
        return VM_NATIVE_THREW;
    }
    struct vm_value s = sim__vm_inspect(loop, err);
    uint32_t len = 0;
    const char *b = s.tag == VM_STRING ? sim__vm_str(loop, s, &len) : "";
    sim__vm_throw_error(loop, VM_ERROR, "Unhandled error. (%.*s)", (int)(len > 80 ? 80 : len),
                        b);
    return VM_NATIVE_THREW;
}

enum vm_native_result sim__vm_ee_emit(struct sim_loop *loop, struct vm_value this_value,
                                      const struct vm_value *args, uint32_t argc,
                                      struct vm_value *result)
{
    struct vm_value name = argc > 0 ? args[0] : vm_undefined();
    uint32_t list = list_of(loop, this_value, name, false);
    uint32_t n = count_of(loop, list);
    if (n == 0) {
        struct vm_value s = sim__vm_to_string(loop, name);
        uint32_t len;
        const char *b = sim__vm_str(loop, s, &len);
        if (len == 5 && memcmp(b, "error", 5) == 0) {
            return unhandled_error(loop, argc > 1 ? args[1] : vm_undefined());
        }
        *result = vm_bool(false);
        return VM_NATIVE_OK;
    }
    uint32_t copy = sim__vm_array_new(loop);
    for (uint32_t i = 0; i < n && !loop->error; i++) {
        sim__vm_array_push(loop, copy, sim__vm_elems(loop, list)[i]);
    }
    uint32_t rest = sim__vm_array_new(loop);
    for (uint32_t i = 1; i < argc && !loop->error; i++) {
        sim__vm_array_push(loop, rest, args[i]);
    }
    uint32_t state = sim__vm_array_new(loop);
    struct vm_value st[] = {this_value, vm_object(copy), vm_number(0), vm_object(rest),
                            vm_object(list)};
    for (uint32_t i = 0; i < 5 && !loop->error; i++) {
        sim__vm_array_push(loop, state, st[i]);
    }
    if (loop->error) {
        return VM_NATIVE_THREW;
    }
    return emit_next(loop, state, result);
}

/* new EventEmitter(): an object whose prototype has the methods. */
enum vm_native_result sim__vm_ee_ctor(struct sim_loop *loop, struct vm_value this_value,
                                      const struct vm_value *args, uint32_t argc,
                                      struct vm_value *result)
{
    (void)this_value;
    (void)args;
    (void)argc;
    *result = vm_object(sim__vm_object_new(loop, VM_OBJ_PLAIN, loop->vm.emitter_proto));
    return VM_NATIVE_OK;
}

/*
 * events.once(emitter, name): lib/events.js's is an async function returning a new Promise
 * that a once listener resolves with the arguments (an 'error' listener rejects it), so the
 * promise it returns is resolved with a promise: a thenable job, as V8 counts it.
 */
enum vm_native_result sim__vm_events_once(struct sim_loop *loop, struct vm_value this_value,
                                          const struct vm_value *args, uint32_t argc,
                                          struct vm_value *result)
{
    (void)this_value;
    struct vm_value ee = argc > 0 ? args[0] : vm_undefined();
    struct vm_value name = argc > 1 ? args[1] : vm_undefined();
    uint32_t inner = sim__vm_promise_new(loop);
    uint32_t ri = sim__vm_resolver_new(loop, inner);
    /* The two listeners, each [resolver, emitter, the other's event, the other, rejects]:
       whichever runs takes the other off (lib/events.js's resolver and errorListener). */
    uint32_t on_state = sim__vm_array_new(loop);
    uint32_t err_state = sim__vm_array_new(loop);
    struct vm_value on_fn = sim__vm_bound(loop, VM_NATIVE_ONCE_RESOLVE, vm_object(on_state));
    struct vm_value err_fn = sim__vm_bound(loop, VM_NATIVE_ONCE_RESOLVE, vm_object(err_state));
    struct vm_value s = sim__vm_to_string(loop, name);
    uint32_t len;
    const char *b = sim__vm_str(loop, s, &len);
    bool error = len == 5 && memcmp(b, "error", 5) == 0;
    struct vm_value on_items[] = {vm_object(ri), ee, key(loop, "error"),
                                  error ? vm_undefined() : err_fn, vm_bool(false)};
    struct vm_value err_items[] = {vm_object(ri), ee, name, on_fn, vm_bool(true)};
    for (uint32_t i = 0; i < 5 && !loop->error; i++) {
        sim__vm_array_push(loop, on_state, on_items[i]);
        sim__vm_array_push(loop, err_state, err_items[i]);
    }
    struct vm_value on_args[] = {name, on_fn};
    struct vm_value ignored;
    if (loop->error || add(loop, ee, on_args, 2, &ignored, true, false) == VM_NATIVE_THREW) {
        return VM_NATIVE_THREW;
    }
    if (!error) {
        struct vm_value err_args[] = {key(loop, "error"), err_fn};
        add(loop, ee, err_args, 2, &ignored, true, false);
    }
    uint32_t outer = sim__vm_promise_new(loop);
    sim__vm_promise_resolve_value(loop, outer, vm_object(inner));
    *result = vm_object(outer);
    return VM_NATIVE_OK;
}

/*
 * A once listener of events.once: takes the other listener off, then resolves with the array
 * of the emit's arguments, or (the 'error' one) rejects with the error.
 */
enum vm_native_result sim__vm_once_resolve(struct sim_loop *loop, struct vm_value this_value,
                                           const struct vm_value *args, uint32_t argc,
                                           struct vm_value *result)
{
    (void)this_value;
    uint32_t state = sim__vm_obj(loop, loop->vm.native_self)->inner.ref;
    struct vm_value st[5];
    memcpy(st, sim__vm_elems(loop, state), sizeof(st));
    if (sim__vm_is_callable(loop, st[3])) {
        uint32_t list = list_of(loop, st[1], st[2], false);
        if (list != VM_NONE) {
            take_off(loop, list, VM_NONE, st[3]);
        }
    }
    if (st[4].ref) {
        sim__vm_resolver_settle(loop, st[0].ref, argc > 0 ? args[0] : vm_undefined(), true);
        *result = vm_undefined();
        return VM_NATIVE_OK;
    }
    uint32_t all = sim__vm_array_new(loop);
    for (uint32_t i = 0; i < argc && !loop->error; i++) {
        sim__vm_array_push(loop, all, args[i]);
    }
    sim__vm_resolver_settle(loop, st[0].ref, vm_object(all), false);
    *result = vm_undefined();
    return VM_NATIVE_OK;
}
