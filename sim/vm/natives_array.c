/*
 * natives_array.c - Array and Object built-ins: push, slice, join..., the methods that call back
 * (forEach, map, filter, find, some, every, reduce) through the natives' continuation, and
 * Object.keys, values, entries and assign.
 */
#include "natives.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Arrays and objects ------------------------------------------------------------------ */

bool sim__vm_need_array(struct sim_loop *loop, struct vm_value v, const char *what)
{
    if (vm_is_object(v, loop, VM_OBJ_ARRAY)) {
        return true;
    }
    sim__vm_throw_error(loop, VM_TYPE_ERROR, "Array.prototype.%s called on a non-array", what);
    return false;
}

NATIVE(array_push)
{
    if (!sim__vm_need_array(loop, this_value, "push")) {
        return VM_NATIVE_THREW;
    }
    for (uint32_t i = 0; i < argc && !loop->error; i++) {
        sim__vm_array_push(loop, this_value.ref, args[i]);
    }
    *result = vm_number(sim__vm_obj(loop, this_value.ref)->elem_count);
    return VM_NATIVE_OK;
}

NATIVE(array_pop)
{
    (void)args;
    (void)argc;
    if (!sim__vm_need_array(loop, this_value, "pop")) {
        return VM_NATIVE_THREW;
    }
    struct vm_object *a = sim__vm_obj(loop, this_value.ref);
    *result = a->elem_count > 0 ? sim__vm_elems(loop, this_value.ref)[--a->elem_count]
                                : vm_undefined();
    return VM_NATIVE_OK;
}

NATIVE(array_shift)
{
    (void)args;
    (void)argc;
    if (!sim__vm_need_array(loop, this_value, "shift")) {
        return VM_NATIVE_THREW;
    }
    struct vm_object *a = sim__vm_obj(loop, this_value.ref);
    if (a->elem_count == 0) {
        *result = vm_undefined();
        return VM_NATIVE_OK;
    }
    struct vm_value *e = sim__vm_elems(loop, this_value.ref);
    *result = e[0];
    memmove(e, e + 1, (size_t)(a->elem_count - 1) * sizeof(*e));
    a->elem_count--;
    return VM_NATIVE_OK;
}

NATIVE(array_unshift)
{
    if (!sim__vm_need_array(loop, this_value, "unshift")) {
        return VM_NATIVE_THREW;
    }
    for (uint32_t i = 0; i < argc && !loop->error; i++) {
        sim__vm_array_push(loop, this_value.ref, vm_undefined());
    }
    if (loop->error) {
        return VM_NATIVE_THREW;
    }
    struct vm_object *a = sim__vm_obj(loop, this_value.ref);
    struct vm_value *e = sim__vm_elems(loop, this_value.ref);
    memmove(e + argc, e, (size_t)(a->elem_count - argc) * sizeof(*e));
    memcpy(e, args, (size_t)argc * sizeof(*e));
    *result = vm_number(a->elem_count);
    return VM_NATIVE_OK;
}

/* A relative index argument (slice, indexOf...): negative counts from the end, clamped. */
uint32_t sim__vm_rel_index(struct sim_loop *loop, struct vm_value v, uint32_t len, uint32_t dflt)
{
    if (v.tag == VM_UNDEFINED) {
        return dflt;
    }
    double d = trunc(sim__vm_to_number(loop, v));
    if (isnan(d)) {
        d = 0;
    }
    if (d < 0) {
        d += len;
    }
    return d < 0 ? 0 : d > len ? len : (uint32_t)d;
}

NATIVE(array_slice)
{
    if (!sim__vm_need_array(loop, this_value, "slice")) {
        return VM_NATIVE_THREW;
    }
    uint32_t len = sim__vm_obj(loop, this_value.ref)->elem_count;
    uint32_t from = sim__vm_rel_index(loop, sim__vm_arg(args, argc, 0), len, 0);
    uint32_t to = sim__vm_rel_index(loop, sim__vm_arg(args, argc, 1), len, len);
    uint32_t out = sim__vm_array_new(loop);
    for (uint32_t i = from; i < to && !loop->error; i++) {
        sim__vm_array_push(loop, out, sim__vm_elems(loop, this_value.ref)[i]);
    }
    *result = vm_object(out);
    return VM_NATIVE_OK;
}

NATIVE(array_concat)
{
    if (!sim__vm_need_array(loop, this_value, "concat")) {
        return VM_NATIVE_THREW;
    }
    uint32_t out = sim__vm_array_new(loop);
    struct vm_value first = this_value;
    for (uint32_t k = 0; k <= argc && !loop->error; k++) {
        struct vm_value v = k == 0 ? first : args[k - 1];
        if (vm_is_object(v, loop, VM_OBJ_ARRAY)) {
            for (uint32_t i = 0; i < sim__vm_obj(loop, v.ref)->elem_count && !loop->error; i++) {
                sim__vm_array_push(loop, out, sim__vm_elems(loop, v.ref)[i]);
            }
        } else {
            sim__vm_array_push(loop, out, v);
        }
    }
    *result = vm_object(out);
    return VM_NATIVE_OK;
}

NATIVE(array_join)
{
    if (!sim__vm_need_array(loop, this_value, "join")) {
        return VM_NATIVE_THREW;
    }
    struct vm_value sep = sim__vm_arg(args, argc, 0);
    sep = sep.tag == VM_UNDEFINED ? sim__vm_cstring(loop, ",") : sim__vm_to_string(loop, sep);
    /* Built in one buffer: one string made, not one per element. */
    size_t cap = 64;
    size_t len = 0;
    char *buf = malloc(cap);
    uint32_t n = sim__vm_obj(loop, this_value.ref)->elem_count;
    for (uint32_t i = 0; i < n && buf != NULL && !loop->error && !loop->vm.throwing; i++) {
        struct vm_value el = sim__vm_elems(loop, this_value.ref)[i];
        struct vm_value piece = el.tag == VM_UNDEFINED || el.tag == VM_NULL
                                    ? sim__vm_cstring(loop, "")
                                    : sim__vm_to_string(loop, el);
        if (piece.tag != VM_STRING) {
            break;
        }
        uint32_t sl;
        uint32_t pl;
        sim__vm_str(loop, sep, &sl);
        sim__vm_str(loop, piece, &pl);
        while (len + sl + pl + 1 > cap && cap <= VM_MAX_STRING) {
            cap *= 2;
        }
        char *grown = cap <= VM_MAX_STRING ? realloc(buf, cap) : NULL;
        if (grown == NULL) {
            free(buf);
            buf = NULL;
            sim__vm_throw_error(loop, VM_RANGE_ERROR, "Invalid string length");
            break;
        }
        buf = grown;
        if (i > 0) {
            memcpy(buf + len, sim__vm_str(loop, sep, &sl), sl);
            len += sl;
        }
        memcpy(buf + len, sim__vm_str(loop, piece, &pl), pl);
        len += pl;
    }
    *result = buf != NULL && !loop->vm.throwing ? sim__vm_string(loop, buf, (uint32_t)len)
                                                : vm_undefined();
    free(buf);
    return loop->vm.throwing ? VM_NATIVE_THREW : VM_NATIVE_OK;
}

static enum vm_native_result index_of(struct sim_loop *loop, struct vm_value this_value,
                                      const struct vm_value *args, uint32_t argc,
                                      struct vm_value *result, bool includes)
{
    if (!sim__vm_need_array(loop, this_value, includes ? "includes" : "indexOf")) {
        return VM_NATIVE_THREW;
    }
    uint32_t n = sim__vm_obj(loop, this_value.ref)->elem_count;
    struct vm_value want = sim__vm_arg(args, argc, 0);
    for (uint32_t i = sim__vm_rel_index(loop, sim__vm_arg(args, argc, 1), n, 0); i < n; i++) {
        struct vm_value el = sim__vm_elems(loop, this_value.ref)[i];
        bool same = sim__vm_strict_equal(loop, el, want) ||
                    (includes && el.tag == VM_NUMBER && want.tag == VM_NUMBER &&
                     isnan(el.num) && isnan(want.num));
        if (same) {
            *result = includes ? vm_bool(true) : vm_number(i);
            return VM_NATIVE_OK;
        }
    }
    *result = includes ? vm_bool(false) : vm_number(-1);
    return VM_NATIVE_OK;
}

NATIVE(array_index_of)
{
    return index_of(loop, this_value, args, argc, result, false);
}

NATIVE(array_includes)
{
    return index_of(loop, this_value, args, argc, result, true);
}

NATIVE(array_reverse)
{
    (void)args;
    (void)argc;
    if (!sim__vm_need_array(loop, this_value, "reverse")) {
        return VM_NATIVE_THREW;
    }
    uint32_t n = sim__vm_obj(loop, this_value.ref)->elem_count;
    struct vm_value *e = sim__vm_elems(loop, this_value.ref);
    for (uint32_t i = 0; i < n / 2; i++) {
        struct vm_value t = e[i];
        e[i] = e[n - 1 - i];
        e[n - 1 - i] = t;
    }
    *result = this_value;
    return VM_NATIVE_OK;
}

NATIVE(array_is_array)
{
    (void)this_value;
    *result = vm_bool(vm_is_object(sim__vm_arg(args, argc, 0), loop, VM_OBJ_ARRAY));
    return VM_NATIVE_OK;
}

/* Object.keys, values and entries: own enumerable string keys, indexes first. */
static enum vm_native_result object_list(struct sim_loop *loop, const struct vm_value *args,
                                         uint32_t argc, struct vm_value *result, int what)
{
    struct vm_value o = sim__vm_arg(args, argc, 0);
    if (o.tag == VM_UNDEFINED || o.tag == VM_NULL) {
        sim__vm_throw_error(loop, VM_TYPE_ERROR, "Cannot convert undefined or null to object");
        return VM_NATIVE_THREW;
    }
    uint32_t out = sim__vm_array_new(loop);
    if (o.tag != VM_OBJECT) {
        *result = vm_object(out);
        return VM_NATIVE_OK;
    }
    if (vm_is_object(o, loop, VM_OBJ_ARRAY)) {
        for (uint32_t i = 0; i < sim__vm_obj(loop, o.ref)->elem_count && !loop->error; i++) {
            struct vm_value k = sim__vm_number_string(loop, i);
            struct vm_value v = sim__vm_elems(loop, o.ref)[i];
            if (what == 2) {
                uint32_t pair = sim__vm_array_new(loop);
                sim__vm_array_push(loop, pair, k);
                sim__vm_array_push(loop, pair, v);
                sim__vm_array_push(loop, out, vm_object(pair));
            } else {
                sim__vm_array_push(loop, out, what == 0 ? k : v);
            }
        }
    }
    for (uint32_t i = 0; i < sim__vm_obj(loop, o.ref)->prop_count && !loop->error; i++) {
        struct vm_prop p = loop->vm.props[sim__vm_obj(loop, o.ref)->props + i];
        if (p.flags & VM_PROP_HIDDEN) {
            continue;
        }
        if (what == 2) {
            uint32_t pair = sim__vm_array_new(loop);
            sim__vm_array_push(loop, pair, sim__vm_key(&p));
            sim__vm_array_push(loop, pair, p.value);
            sim__vm_array_push(loop, out, vm_object(pair));
        } else {
            sim__vm_array_push(loop, out, what == 0 ? sim__vm_key(&p) : p.value);
        }
    }
    *result = vm_object(out);
    return VM_NATIVE_OK;
}

NATIVE(object_keys)
{
    (void)this_value;
    return object_list(loop, args, argc, result, 0);
}

NATIVE(object_values)
{
    (void)this_value;
    return object_list(loop, args, argc, result, 1);
}

NATIVE(object_entries)
{
    (void)this_value;
    return object_list(loop, args, argc, result, 2);
}

NATIVE(object_assign)
{
    (void)this_value;
    struct vm_value target = sim__vm_arg(args, argc, 0);
    if (target.tag != VM_OBJECT) {
        sim__vm_throw_error(loop, VM_TYPE_ERROR, "Cannot convert undefined or null to object");
        return VM_NATIVE_THREW;
    }
    for (uint32_t k = 1; k < argc && !loop->error; k++) {
        if (args[k].tag != VM_OBJECT) {
            continue;
        }
        for (uint32_t i = 0; i < sim__vm_obj(loop, args[k].ref)->prop_count && !loop->error;
             i++) {
            struct vm_prop p = loop->vm.props[sim__vm_obj(loop, args[k].ref)->props + i];
            if (p.flags & VM_PROP_HIDDEN) {
                continue;
            }
            sim__vm_set(loop, target, sim__vm_key(&p), p.value);
        }
    }
    *result = target;
    return VM_NATIVE_OK;
}

NATIVE(object_to_string)
{
    (void)args;
    (void)argc;
    *result = this_value.tag == VM_OBJECT && sim__vm_obj(loop, this_value.ref)->kind ==
                                                 VM_OBJ_ARRAY
                  ? sim__vm_to_string(loop, this_value)
                  : sim__vm_cstring(loop, "[object Object]");
    return VM_NATIVE_OK;
}

NATIVE(has_own_property)
{
    struct vm_value k = sim__vm_to_string(loop, sim__vm_arg(args, argc, 0));
    uint32_t index;
    bool has = false;
    if (this_value.tag == VM_OBJECT) {
        struct vm_object *o = sim__vm_obj(loop, this_value.ref);
        has = sim__vm_own(loop, this_value.ref, k) != NULL ||
              (o->kind == VM_OBJ_ARRAY && sim__vm_index_key(loop, k, &index) &&
               index < o->elem_count);
    }
    *result = vm_bool(has);
    return VM_NATIVE_OK;
}

/* ---- Array methods that call back ------------------------------------------------------ */

/*
 * forEach, map, filter, find, findIndex, some, every and reduce are one resumable loop: the
 * native calls the function out (sim__vm_call_out) and its continuation, array_step, takes
 * the result and calls again, so a callback may log or schedule, one event per step, as any
 * JavaScript does. The state is an array: [array, function, index, result, mode].
 */
enum iter_mode { ITER_FOR_EACH, ITER_MAP, ITER_FILTER, ITER_FIND, ITER_FIND_INDEX, ITER_SOME,
                 ITER_EVERY, ITER_REDUCE };

enum { ST_ARRAY, ST_FN, ST_INDEX, ST_RESULT, ST_MODE };

static struct vm_value *state_at(struct sim_loop *loop, uint32_t state, uint32_t i)
{
    return &sim__vm_elems(loop, state)[i];
}

/* Calls the function on element `i`, or finishes when there is none left. */
static enum vm_native_result iter_next(struct sim_loop *loop, uint32_t state,
                                       struct vm_value *result)
{
    struct vm_value arr = *state_at(loop, state, ST_ARRAY);
    uint32_t i = (uint32_t)state_at(loop, state, ST_INDEX)->num;
    enum iter_mode mode = (enum iter_mode)state_at(loop, state, ST_MODE)->num;
    uint32_t len = sim__vm_obj(loop, arr.ref)->elem_count;
    if (i >= len) {
        switch (mode) {
        case ITER_FIND:
            *result = vm_undefined();
            break;
        case ITER_FIND_INDEX:
            *result = vm_number(-1);
            break;
        case ITER_SOME:
            *result = vm_bool(false);
            break;
        case ITER_EVERY:
            *result = vm_bool(true);
            break;
        default:
            *result = *state_at(loop, state, ST_RESULT);
            break;
        }
        return VM_NATIVE_OK;
    }
    struct vm_value args[4];
    uint32_t argc = 0;
    if (mode == ITER_REDUCE) {
        args[argc++] = *state_at(loop, state, ST_RESULT);
    }
    args[argc++] = sim__vm_elems(loop, arr.ref)[i];
    args[argc++] = vm_number(i);
    args[argc++] = arr;
    return sim__vm_call_out(loop, *state_at(loop, state, ST_FN), vm_undefined(), args, argc,
                            VM_CONT_ARRAY_STEP, state, false);
}

enum vm_native_result sim__vm_array_step(struct sim_loop *loop, uint32_t state,
                                         struct vm_value called, bool threw,
                                         struct vm_value *result)
{
    (void)threw; /* it does not catch: a throw of the callback goes on up */
    struct vm_value arr = *state_at(loop, state, ST_ARRAY);
    uint32_t i = (uint32_t)state_at(loop, state, ST_INDEX)->num;
    enum iter_mode mode = (enum iter_mode)state_at(loop, state, ST_MODE)->num;
    struct vm_value el = i < sim__vm_obj(loop, arr.ref)->elem_count
                             ? sim__vm_elems(loop, arr.ref)[i]
                             : vm_undefined();
    bool truthy = sim__vm_truthy(loop, called);
    switch (mode) {
    case ITER_MAP:
        sim__vm_array_push(loop, state_at(loop, state, ST_RESULT)->ref, called);
        break;
    case ITER_FILTER:
        if (truthy) {
            sim__vm_array_push(loop, state_at(loop, state, ST_RESULT)->ref, el);
        }
        break;
    case ITER_FIND:
    case ITER_FIND_INDEX:
        if (truthy) {
            *result = mode == ITER_FIND ? el : vm_number(i);
            return VM_NATIVE_OK;
        }
        break;
    case ITER_SOME:
    case ITER_EVERY:
        if (truthy == (mode == ITER_SOME)) {
            *result = vm_bool(truthy);
            return VM_NATIVE_OK;
        }
        break;
    case ITER_REDUCE:
        *state_at(loop, state, ST_RESULT) = called;
        break;
    default:
        break;
    }
    state_at(loop, state, ST_INDEX)->num = i + 1;
    return iter_next(loop, state, result);
}

static enum vm_native_result iterate(struct sim_loop *loop, struct vm_value this_value,
                                     const struct vm_value *args, uint32_t argc,
                                     struct vm_value *result, enum iter_mode mode,
                                     const char *what)
{
    if (!sim__vm_need_array(loop, this_value, what)) {
        return VM_NATIVE_THREW;
    }
    struct vm_value fn = sim__vm_arg(args, argc, 0);
    if (!sim__vm_is_callable(loop, fn)) {
        struct vm_value s = sim__vm_inspect(loop, fn);
        uint32_t len = 0;
        const char *b = s.tag == VM_STRING ? sim__vm_str(loop, s, &len) : "";
        sim__vm_throw_error(loop, VM_TYPE_ERROR, "%.*s is not a function",
                            (int)(len > 60 ? 60 : len), b);
        return VM_NATIVE_THREW;
    }
    uint32_t state = sim__vm_object_new(loop, VM_OBJ_ARRAY, VM_NONE);
    struct vm_value initial = vm_undefined();
    uint32_t start = 0;
    if (mode == ITER_MAP || mode == ITER_FILTER) {
        initial = vm_object(sim__vm_array_new(loop));
    } else if (mode == ITER_REDUCE) {
        if (argc > 1) {
            initial = args[1];
        } else if (sim__vm_obj(loop, this_value.ref)->elem_count > 0) {
            initial = sim__vm_elems(loop, this_value.ref)[0];
            start = 1;
        } else {
            sim__vm_throw_error(loop, VM_TYPE_ERROR, "Reduce of empty array with no initial "
                                                     "value");
            return VM_NATIVE_THREW;
        }
    }
    struct vm_value st[] = {this_value, fn, vm_number(start), initial, vm_number(mode)};
    for (uint32_t i = 0; i < 5 && !loop->error; i++) {
        sim__vm_array_push(loop, state, st[i]);
    }
    if (loop->error) {
        return VM_NATIVE_THREW;
    }
    return iter_next(loop, state, result);
}

#define ITERATOR(cname, mode, what)                                                            \
    NATIVE(cname)                                                                              \
    {                                                                                          \
        return iterate(loop, this_value, args, argc, result, mode, what);                     \
    }

ITERATOR(array_for_each, ITER_FOR_EACH, "forEach")
ITERATOR(array_map, ITER_MAP, "map")
ITERATOR(array_filter, ITER_FILTER, "filter")
ITERATOR(array_find, ITER_FIND, "find")
ITERATOR(array_find_index, ITER_FIND_INDEX, "findIndex")
ITERATOR(array_some, ITER_SOME, "some")
ITERATOR(array_every, ITER_EVERY, "every")
ITERATOR(array_reduce, ITER_REDUCE, "reduce")
#undef ITERATOR


/* ---- sort -------------------------------------------------------------------------------- */

/*
 * Array.prototype.sort: a stable insertion sort, in place. With a comparator, each comparison
 * is a call out and the sort resumes in sim__vm_sort_step, so a comparator may log; V8's
 * TimSort compares in another order, which only a comparator with side effects can tell.
 * Without one, elements compare as strings (undefined last). State: [array, fn, i, j, key].
 */
enum { SO_ARRAY, SO_FN, SO_I, SO_J, SO_KEY };

static int default_compare(struct sim_loop *loop, struct vm_value a, struct vm_value b)
{
    if (a.tag == VM_UNDEFINED || b.tag == VM_UNDEFINED) {
        return (a.tag == VM_UNDEFINED) - (b.tag == VM_UNDEFINED);
    }
    struct vm_value sa = sim__vm_to_string(loop, a);
    struct vm_value sb = sim__vm_to_string(loop, b);
    uint32_t la;
    uint32_t lb;
    const char *pa = sim__vm_str(loop, sa, &la);
    const char *pb = sim__vm_str(loop, sb, &lb);
    int c = memcmp(pa, pb, la < lb ? la : lb);
    return c != 0 ? c : (la > lb) - (la < lb);
}

/* Runs the sort until it needs a comparison it cannot make itself. */
static enum vm_native_result sort_run(struct sim_loop *loop, uint32_t state,
                                      struct vm_value *result)
{
    struct vm_value *st = sim__vm_elems(loop, state);
    uint32_t arr = st[SO_ARRAY].ref;
    uint32_t n = sim__vm_obj(loop, arr)->elem_count;
    bool custom = st[SO_FN].tag != VM_UNDEFINED;
    for (;;) {
        st = sim__vm_elems(loop, state);
        struct vm_value *e = sim__vm_elems(loop, arr);
        uint32_t i = (uint32_t)st[SO_I].num;
        double j = st[SO_J].num;
        if (i >= n) {
            *result = st[SO_ARRAY];
            return VM_NATIVE_OK;
        }
        if (j < 0 || (!custom && default_compare(loop, e[(uint32_t)j], st[SO_KEY]) <= 0)) {
            e[(uint32_t)(j + 1)] = st[SO_KEY];
            st[SO_I].num = i + 1;
            if (i + 1 < n) {
                st[SO_KEY] = e[i + 1];
                st[SO_J].num = i;
            }
            continue;
        }
        if (!custom) {
            e[(uint32_t)(j + 1)] = e[(uint32_t)j];
            st[SO_J].num = j - 1;
            continue;
        }
        struct vm_value pair[] = {e[(uint32_t)j], st[SO_KEY]};
        return sim__vm_call_out(loop, st[SO_FN], vm_undefined(), pair, 2, VM_CONT_SORT, state,
                                false);
    }
}

enum vm_native_result sim__vm_sort_step(struct sim_loop *loop, uint32_t state,
                                        struct vm_value called, bool threw,
                                        struct vm_value *result)
{
    (void)threw;
    struct vm_value *st = sim__vm_elems(loop, state);
    struct vm_value *e = sim__vm_elems(loop, st[SO_ARRAY].ref);
    double j = st[SO_J].num;
    if (sim__vm_to_number(loop, called) > 0) {
        e[(uint32_t)(j + 1)] = e[(uint32_t)j]; /* a[j] goes after the key: move it up */
        st[SO_J].num = j - 1;
    } else {
        e[(uint32_t)(j + 1)] = st[SO_KEY];
        uint32_t i = (uint32_t)st[SO_I].num + 1;
        st[SO_I].num = i;
        if (i < sim__vm_obj(loop, st[SO_ARRAY].ref)->elem_count) {
            st[SO_KEY] = e[i];
            st[SO_J].num = i - 1;
        }
    }
    return sort_run(loop, state, result);
}

NATIVE(array_sort)
{
    if (!sim__vm_need_array(loop, this_value, "sort")) {
        return VM_NATIVE_THREW;
    }
    struct vm_value fn = sim__vm_arg(args, argc, 0);
    if (fn.tag != VM_UNDEFINED && !sim__vm_is_callable(loop, fn)) {
        sim__vm_throw_error(loop, VM_TYPE_ERROR, "The comparison function must be either a "
                                                 "function or undefined");
        return VM_NATIVE_THREW;
    }
    uint32_t n = sim__vm_obj(loop, this_value.ref)->elem_count;
    if (n < 2) {
        *result = this_value;
        return VM_NATIVE_OK;
    }
    uint32_t state = sim__vm_array_new(loop);
    struct vm_value st[] = {this_value, fn, vm_number(1), vm_number(0),
                            sim__vm_elems(loop, this_value.ref)[1]};
    for (uint32_t i = 0; i < 5 && !loop->error; i++) {
        sim__vm_array_push(loop, state, st[i]);
    }
    return loop->error ? VM_NATIVE_THREW : sort_run(loop, state, result);
}
