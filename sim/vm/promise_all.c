/*
 * promise_all.c - Promise.all, allSettled, race and any (ECMA-262 §27.2.4), with the jobs V8
 * takes: every input goes through PromiseResolve and an Invoke of `then`, so a settled input
 * still costs its reaction job and the combinator's promise settles a job later (§3.2).
 *
 * Each input gets element functions bound to a record [index, values, remaining, resolver,
 * called]: `remaining` is a one-element array shared by the inputs (the spec's counter,
 * starting at 1 for the loop itself), `called` a one-element array shared by an input's two
 * functions (allSettled).
 */
#include "natives.h"
#include "vm_internal.h"

#include <stdio.h>
#include <string.h>

enum { EL_INDEX, EL_VALUES, EL_REMAINING, EL_RESOLVER, EL_CALLED, EL_COUNT };

enum combinator { ALL, ALL_SETTLED, ANY, RACE };

static uint32_t cell(struct sim_loop *loop, struct vm_value v)
{
    uint32_t c = sim__vm_array_new(loop);
    sim__vm_array_push(loop, c, v);
    return c;
}

static struct vm_value *at(struct sim_loop *loop, uint32_t o, uint32_t i)
{
    return &sim__vm_elems(loop, o)[i];
}

/* The elements of an iterable argument (arrays and strings in the subset), or false. */
static bool inputs_of(struct sim_loop *loop, struct vm_value v, uint32_t *out,
                      const char *method)
{
    if (!vm_is_object(v, loop, VM_OBJ_ARRAY)) {
        struct vm_value s = sim__vm_inspect(loop, v);
        uint32_t len = 0;
        const char *b = s.tag == VM_STRING ? sim__vm_str(loop, s, &len) : "";
        sim__vm_throw_error(loop, VM_TYPE_ERROR,
                            "%.*s is not iterable (cannot read property Symbol(Symbol.iterator))",
                            (int)(len > 60 ? 60 : len), b);
        (void)method;
        return false;
    }
    uint32_t copy = sim__vm_array_new(loop);
    for (uint32_t i = 0; i < sim__vm_obj(loop, v.ref)->elem_count && !loop->error; i++) {
        sim__vm_array_push(loop, copy, sim__vm_elems(loop, v.ref)[i]);
    }
    *out = copy;
    return !loop->error;
}

static struct vm_value aggregate_error(struct sim_loop *loop, struct vm_value errors)
{
    struct vm_value e = sim__vm_error_new(loop, VM_ERROR,
                                          sim__vm_cstring(loop, "All promises were rejected"));
    if (!loop->error) {
        sim__vm_put_hidden(loop, e.ref, "name", sim__vm_cstring(loop, "AggregateError"));
        sim__vm_put_c(loop, e.ref, "errors", errors);
    }
    return e;
}

/* The resolver settles with the values once `remaining` reaches 0. */
static void count_down(struct sim_loop *loop, uint32_t data, enum combinator kind)
{
    struct vm_value *remaining = at(loop, at(loop, data, EL_REMAINING)->ref, 0);
    remaining->num -= 1;
    if (remaining->num > 0) {
        return;
    }
    struct vm_value values = *at(loop, data, EL_VALUES);
    uint32_t resolver = at(loop, data, EL_RESOLVER)->ref;
    if (kind == ANY) {
        sim__vm_resolver_settle(loop, resolver, aggregate_error(loop, values), true);
    } else {
        sim__vm_resolver_settle(loop, resolver, values, false);
    }
}

static struct vm_value settled_record(struct sim_loop *loop, bool rejected, struct vm_value v)
{
    uint32_t o = sim__vm_object_new(loop, VM_OBJ_PLAIN, loop->vm.object_proto);
    sim__vm_put_c(loop, o, "status", sim__vm_cstring(loop, rejected ? "rejected" : "fulfilled"));
    sim__vm_put_c(loop, o, rejected ? "reason" : "value", v);
    return vm_object(o);
}

/* An element function: Promise.all's resolve, allSettled's two, any's reject. */
static enum vm_native_result element(struct sim_loop *loop, const struct vm_value *args,
                                     uint32_t argc, struct vm_value *result,
                                     enum combinator kind, bool rejected)
{
    uint32_t data = sim__vm_obj(loop, loop->vm.native_self)->inner.ref;
    struct vm_value *called = at(loop, at(loop, data, EL_CALLED)->ref, 0);
    *result = vm_undefined();
    if (called->ref) {
        return VM_NATIVE_OK;
    }
    *called = vm_bool(true);
    struct vm_value v = argc > 0 ? args[0] : vm_undefined();
    if (kind == ALL_SETTLED) {
        v = settled_record(loop, rejected, v);
    }
    uint32_t index = (uint32_t)at(loop, data, EL_INDEX)->num;
    sim__vm_array_set(loop, at(loop, data, EL_VALUES)->ref, index, v);
    count_down(loop, data, kind);
    return VM_NATIVE_OK;
}

#define ELEMENT(name, kind, rejected)                                                          \
    enum vm_native_result name(struct sim_loop *loop, struct vm_value this_value,              \
                               const struct vm_value *args, uint32_t argc,                     \
                               struct vm_value *result)                                        \
    {                                                                                          \
        (void)this_value;                                                                      \
        return element(loop, args, argc, result, kind, rejected);                             \
    }

ELEMENT(sim__vm_all_resolve_element, ALL, false)
ELEMENT(sim__vm_settled_fulfill_element, ALL_SETTLED, false)
ELEMENT(sim__vm_settled_reject_element, ALL_SETTLED, true)
ELEMENT(sim__vm_any_reject_element, ANY, true)
#undef ELEMENT

static enum vm_native_result combine(struct sim_loop *loop, const struct vm_value *args,
                                     uint32_t argc, struct vm_value *result,
                                     enum combinator kind, const char *name)
{
    uint32_t inputs;
    if (!inputs_of(loop, argc > 0 ? args[0] : vm_undefined(), &inputs, name)) {
        return VM_NATIVE_THREW;
    }
    uint32_t d = sim__vm_promise_new(loop);
    uint32_t rd = sim__vm_resolver_new(loop, d);
    uint32_t values = sim__vm_array_new(loop);
    uint32_t remaining = cell(loop, vm_number(1));
    struct vm_value resolve = sim__vm_bound(loop, VM_NATIVE_RESOLVE_FN, vm_object(rd));
    struct vm_value reject = sim__vm_bound(loop, VM_NATIVE_REJECT_FN, vm_object(rd));
    uint32_t n = sim__vm_obj(loop, inputs)->elem_count;
    for (uint32_t i = 0; i < n && !loop->error && !loop->vm.throwing; i++) {
        uint32_t q = sim__vm_promise_resolve(loop, sim__vm_elems(loop, inputs)[i]);
        if (kind == RACE) {
            sim__vm_promise_then_derived(loop, q, resolve, reject, name);
            continue;
        }
        sim__vm_array_push(loop, values, vm_undefined());
        at(loop, remaining, 0)->num += 1;
        struct vm_value data[EL_COUNT] = {vm_number(i), vm_object(values), vm_object(remaining),
                                          vm_object(rd), vm_object(cell(loop, vm_bool(false)))};
        uint32_t rec = sim__vm_array_new(loop);
        for (uint32_t k = 0; k < EL_COUNT; k++) {
            sim__vm_array_push(loop, rec, data[k]);
        }
        struct vm_value on_f = resolve;
        struct vm_value on_r = reject;
        if (kind == ALL) {
            on_f = sim__vm_bound(loop, VM_NATIVE_ALL_RESOLVE_ELEMENT, vm_object(rec));
        } else if (kind == ALL_SETTLED) {
            on_f = sim__vm_bound(loop, VM_NATIVE_SETTLED_FULFILL_ELEMENT, vm_object(rec));
            on_r = sim__vm_bound(loop, VM_NATIVE_SETTLED_REJECT_ELEMENT, vm_object(rec));
        } else {
            on_r = sim__vm_bound(loop, VM_NATIVE_ANY_REJECT_ELEMENT, vm_object(rec));
        }
        sim__vm_promise_then_derived(loop, q, on_f, on_r, name);
    }
    if (kind != RACE) {
        struct vm_value data[EL_COUNT] = {vm_number(0), vm_object(values), vm_object(remaining),
                                          vm_object(rd), vm_undefined()};
        uint32_t rec = sim__vm_array_new(loop);
        for (uint32_t k = 0; k < EL_COUNT; k++) {
            sim__vm_array_push(loop, rec, data[k]);
        }
        count_down(loop, rec, kind);
    }
    *result = vm_object(d);
    return loop->vm.throwing ? VM_NATIVE_THREW : VM_NATIVE_OK;
}

#define COMBINATOR(fn, kind, name)                                                             \
    enum vm_native_result fn(struct sim_loop *loop, struct vm_value this_value,                \
                             const struct vm_value *args, uint32_t argc,                       \
                             struct vm_value *result)                                          \
    {                                                                                          \
        (void)this_value;                                                                      \
        return combine(loop, args, argc, result, kind, name);                                 \
    }

COMBINATOR(sim__vm_promise_all, ALL, "Promise.all")
COMBINATOR(sim__vm_promise_all_settled, ALL_SETTLED, "Promise.allSettled")
COMBINATOR(sim__vm_promise_any, ANY, "Promise.any")
COMBINATOR(sim__vm_promise_race, RACE, "Promise.race")
#undef COMBINATOR
