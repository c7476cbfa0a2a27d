/*
 * natives.c - the global object and the built-in functions, in one table (VM_NATIVE_MAP).
 *
 * Each row is a function of JavaScript or of Node: where it lives (a global, or a property of
 * a global object or prototype), its name, its length, and the C function that does it. The
 * global object is built from the table once per loop (sim__vm_natives_init), so a new built-in
 * is a row and a function. Node's own APIs that make events (console.log, the timers...) are
 * rows here too; what they do to the loop is the engine's (exec.c, timers.c...).
 */
#include "natives.h"
#include "vm_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NATIVE(name)                                                                          \
    static enum vm_native_result name(struct sim_loop *loop, struct vm_value this_value,      \
                                      const struct vm_value *args, uint32_t argc,             \
                                      struct vm_value *result)

static struct vm_value arg(const struct vm_value *args, uint32_t argc, uint32_t i)
{
    return i < argc ? args[i] : vm_undefined();
}

/* ---- console ----------------------------------------------------------------------------- */

NATIVE(console_log)
{
    (void)this_value;
    (void)result;
    struct vm_value line = sim__vm_inspect_args(loop, args, argc);
    if (loop->error) {
        return VM_NATIVE_THREW;
    }
    uint32_t len;
    const char *s = sim__vm_str(loop, line, &len);
    sim__log_line(loop, s, len);
    return VM_NATIVE_EVENT;
}

NATIVE(console_error)
{
    /* Standard error is not part of --logs: formatted (for its errors), then dropped. */
    (void)this_value;
    (void)result;
    sim__vm_inspect_args(loop, args, argc);
    return VM_NATIVE_OK;
}

/* ---- Errors and conversions -------------------------------------------------------------- */

static enum vm_native_result make_error(struct sim_loop *loop, enum vm_error_class cls,
                                        const struct vm_value *args, uint32_t argc,
                                        struct vm_value *result)
{
    *result = sim__vm_error_new(loop, cls, arg(args, argc, 0));
    return VM_NATIVE_OK;
}

NATIVE(error_ctor)
{
    (void)this_value;
    return make_error(loop, VM_ERROR, args, argc, result);
}

NATIVE(type_error_ctor)
{
    (void)this_value;
    return make_error(loop, VM_TYPE_ERROR, args, argc, result);
}

NATIVE(range_error_ctor)
{
    (void)this_value;
    return make_error(loop, VM_RANGE_ERROR, args, argc, result);
}

NATIVE(reference_error_ctor)
{
    (void)this_value;
    return make_error(loop, VM_REFERENCE_ERROR, args, argc, result);
}

NATIVE(string_ctor)
{
    (void)this_value;
    *result = argc == 0 ? sim__vm_cstring(loop, "") : sim__vm_to_string(loop, args[0]);
    return VM_NATIVE_OK;
}

NATIVE(number_ctor)
{
    (void)this_value;
    *result = vm_number(argc == 0 ? 0 : sim__vm_to_number(loop, args[0]));
    return VM_NATIVE_OK;
}

NATIVE(boolean_ctor)
{
    (void)this_value;
    *result = vm_bool(sim__vm_truthy(loop, arg(args, argc, 0)));
    return VM_NATIVE_OK;
}

NATIVE(object_ctor)
{
    (void)this_value;
    (void)args;
    (void)argc;
    *result = vm_object(sim__vm_object_new(loop, VM_OBJ_PLAIN, loop->vm.object_proto));
    return VM_NATIVE_OK;
}

NATIVE(is_nan)
{
    (void)this_value;
    *result = vm_bool(isnan(sim__vm_to_number(loop, arg(args, argc, 0))));
    return VM_NATIVE_OK;
}

NATIVE(parse_float)
{
    (void)this_value;
    struct vm_value s = sim__vm_to_string(loop, arg(args, argc, 0));
    uint32_t len;
    const char *b = sim__vm_str(loop, s, &len);
    char buf[64];
    uint32_t i = 0;
    while (i < len && strchr(" \t\n\r", b[i]) != NULL) {
        i++;
    }
    uint32_t n = 0;
    while (i + n < len && n + 1 < sizeof(buf) && strchr("0123456789+-.eE", b[i + n]) != NULL) {
        buf[n] = b[i + n];
        n++;
    }
    buf[n] = '\0';
    char *end;
    double d = strtod(buf, &end);
    if (end == buf) {
        d = (len - i >= 8 && memcmp(b + i, "Infinity", 8) == 0) ? INFINITY : NAN;
    }
    *result = vm_number(d);
    return VM_NATIVE_OK;
}

NATIVE(parse_int)
{
    (void)this_value;
    struct vm_value s = sim__vm_to_string(loop, arg(args, argc, 0));
    int radix = argc > 1 ? (int)sim__vm_to_number(loop, args[1]) : 10;
    uint32_t len;
    const char *b = sim__vm_str(loop, s, &len);
    uint32_t i = 0;
    while (i < len && strchr(" \t\n\r", b[i]) != NULL) {
        i++;
    }
    bool neg = false;
    if (i < len && (b[i] == '-' || b[i] == '+')) {
        neg = b[i] == '-';
        i++;
    }
    if ((radix == 0 || radix == 16) && i + 1 < len && b[i] == '0' &&
        (b[i + 1] == 'x' || b[i + 1] == 'X')) {
        radix = 16;
        i += 2;
    }
    if (radix == 0) {
        radix = 10;
    }
    double n = 0;
    bool any = false;
    for (; i < len; i++) {
        int d = b[i] >= '0' && b[i] <= '9'   ? b[i] - '0'
                : b[i] >= 'a' && b[i] <= 'z' ? b[i] - 'a' + 10
                : b[i] >= 'A' && b[i] <= 'Z' ? b[i] - 'A' + 10
                                             : 99;
        if (d >= radix) {
            break;
        }
        n = n * radix + d;
        any = true;
    }
    *result = vm_number(!any || radix < 2 || radix > 36 ? NAN : neg ? -n : n);
    return VM_NATIVE_OK;
}

/* ---- Math -------------------------------------------------------------------------------- */

static double num_arg(struct sim_loop *loop, const struct vm_value *args, uint32_t argc,
                      uint32_t i)
{
    return sim__vm_to_number(loop, arg(args, argc, i));
}

#define MATH1(name, expr)                                                                     \
    NATIVE(name)                                                                              \
    {                                                                                         \
        (void)this_value;                                                                     \
        double x = num_arg(loop, args, argc, 0);                                              \
        *result = vm_number(expr);                                                            \
        return VM_NATIVE_OK;                                                                  \
    }

MATH1(math_floor, floor(x))
MATH1(math_ceil, ceil(x))
MATH1(math_round, isfinite(x) ? floor(x + 0.5) : x)
MATH1(math_trunc, trunc(x))
MATH1(math_abs, fabs(x))
MATH1(math_sqrt, sqrt(x))
MATH1(math_sign, isnan(x) ? x : x > 0 ? 1 : x < 0 ? -1 : x)
#undef MATH1

static enum vm_native_result extreme(struct sim_loop *loop, const struct vm_value *args,
                                     uint32_t argc, struct vm_value *result, bool max)
{
    double r = max ? -INFINITY : INFINITY;
    for (uint32_t i = 0; i < argc; i++) {
        double x = sim__vm_to_number(loop, args[i]);
        if (isnan(x)) {
            r = NAN;
            break;
        }
        if (max ? x > r : x < r) {
            r = x;
        }
    }
    *result = vm_number(r);
    return VM_NATIVE_OK;
}

NATIVE(math_max)
{
    (void)this_value;
    return extreme(loop, args, argc, result, true);
}

NATIVE(math_min)
{
    (void)this_value;
    return extreme(loop, args, argc, result, false);
}

NATIVE(math_pow)
{
    (void)this_value;
    *result = sim__vm_binary(loop, JS_OP_EXP, vm_number(num_arg(loop, args, argc, 0)),
                             vm_number(num_arg(loop, args, argc, 1)));
    return VM_NATIVE_OK;
}

NATIVE(math_random)
{
    /* Deterministic: a run must replay exactly. xorshift64 on the loop's own seed. */
    (void)this_value;
    (void)args;
    (void)argc;
    uint64_t x = loop->vm.random ? loop->vm.random : 0x9e3779b97f4a7c15ull;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    loop->vm.random = x;
    *result = vm_number((double)(x >> 11) / 9007199254740992.0);
    return VM_NATIVE_OK;
}

/* ---- Time -------------------------------------------------------------------------------- */

/* A clock read costs its time, and shows that the code is not an endless loop. */
static void read_clock(struct sim_loop *loop)
{
    loop->vm.busy_ns += VM_CLOCK_READ_NS;
    loop->vm.budget = loop->vm.busy_ns < VM_MAX_BUSY_NS ? VM_BUDGET : 0;
}

NATIVE(date_now)
{
    (void)this_value;
    (void)args;
    (void)argc;
    read_clock(loop);
    *result = vm_number(floor((double)sim__vm_clock_read(loop) / 1e6) + SIM_JS_EPOCH_MS);
    return VM_NATIVE_OK;
}

NATIVE(performance_now)
{
    (void)this_value;
    (void)args;
    (void)argc;
    read_clock(loop);
    *result = vm_number((double)sim__vm_clock_read(loop) / 1e6);
    return VM_NATIVE_OK;
}

/* ---- Arrays and objects ------------------------------------------------------------------ */

static bool need_array(struct sim_loop *loop, struct vm_value v, const char *what)
{
    if (vm_is_object(v, loop, VM_OBJ_ARRAY)) {
        return true;
    }
    sim__vm_throw_error(loop, VM_TYPE_ERROR, "Array.prototype.%s called on a non-array", what);
    return false;
}

NATIVE(array_push)
{
    if (!need_array(loop, this_value, "push")) {
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
    if (!need_array(loop, this_value, "pop")) {
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
    if (!need_array(loop, this_value, "shift")) {
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
    if (!need_array(loop, this_value, "unshift")) {
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
static uint32_t rel_index(struct sim_loop *loop, struct vm_value v, uint32_t len, uint32_t dflt)
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
    if (!need_array(loop, this_value, "slice")) {
        return VM_NATIVE_THREW;
    }
    uint32_t len = sim__vm_obj(loop, this_value.ref)->elem_count;
    uint32_t from = rel_index(loop, arg(args, argc, 0), len, 0);
    uint32_t to = rel_index(loop, arg(args, argc, 1), len, len);
    uint32_t out = sim__vm_array_new(loop);
    for (uint32_t i = from; i < to && !loop->error; i++) {
        sim__vm_array_push(loop, out, sim__vm_elems(loop, this_value.ref)[i]);
    }
    *result = vm_object(out);
    return VM_NATIVE_OK;
}

NATIVE(array_concat)
{
    if (!need_array(loop, this_value, "concat")) {
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
    if (!need_array(loop, this_value, "join")) {
        return VM_NATIVE_THREW;
    }
    struct vm_value sep = arg(args, argc, 0);
    sep = sep.tag == VM_UNDEFINED ? sim__vm_cstring(loop, ",") : sim__vm_to_string(loop, sep);
    struct vm_value out = sim__vm_cstring(loop, "");
    uint32_t n = sim__vm_obj(loop, this_value.ref)->elem_count;
    for (uint32_t i = 0; i < n && !loop->error && !loop->vm.throwing; i++) {
        if (i > 0) {
            out = sim__vm_binary(loop, JS_OP_ADD, out, sep);
        }
        struct vm_value el = sim__vm_elems(loop, this_value.ref)[i];
        if (el.tag != VM_UNDEFINED && el.tag != VM_NULL) {
            out = sim__vm_binary(loop, JS_OP_ADD, out, sim__vm_to_string(loop, el));
        }
    }
    *result = out;
    return loop->vm.throwing ? VM_NATIVE_THREW : VM_NATIVE_OK;
}

static enum vm_native_result index_of(struct sim_loop *loop, struct vm_value this_value,
                                      const struct vm_value *args, uint32_t argc,
                                      struct vm_value *result, bool includes)
{
    if (!need_array(loop, this_value, includes ? "includes" : "indexOf")) {
        return VM_NATIVE_THREW;
    }
    uint32_t n = sim__vm_obj(loop, this_value.ref)->elem_count;
    struct vm_value want = arg(args, argc, 0);
    for (uint32_t i = rel_index(loop, arg(args, argc, 1), n, 0); i < n; i++) {
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
    if (!need_array(loop, this_value, "reverse")) {
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
    *result = vm_bool(vm_is_object(arg(args, argc, 0), loop, VM_OBJ_ARRAY));
    return VM_NATIVE_OK;
}

/* Object.keys, values and entries: own enumerable string keys, indexes first. */
static enum vm_native_result object_list(struct sim_loop *loop, const struct vm_value *args,
                                         uint32_t argc, struct vm_value *result, int what)
{
    struct vm_value o = arg(args, argc, 0);
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
    struct vm_value target = arg(args, argc, 0);
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
    struct vm_value k = sim__vm_to_string(loop, arg(args, argc, 0));
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
    if (!need_array(loop, this_value, what)) {
        return VM_NATIVE_THREW;
    }
    struct vm_value fn = arg(args, argc, 0);
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

/* ---- Strings and numbers ----------------------------------------------------------------- */

/* The string `this` is, for String.prototype methods. */
static struct vm_value this_string(struct sim_loop *loop, struct vm_value this_value)
{
    return sim__vm_to_string(loop, this_value);
}

static enum vm_native_result change_case(struct sim_loop *loop, struct vm_value this_value,
                                         struct vm_value *result, bool upper)
{
    struct vm_value s = this_string(loop, this_value);
    uint32_t len;
    const char *b = sim__vm_str(loop, s, &len);
    char *buf = malloc((size_t)len + 1);
    if (buf == NULL) {
        loop->error = SIM_ENOMEM;
        return VM_NATIVE_THREW;
    }
    for (uint32_t i = 0; i < len; i++) {
        char ch = b[i];
        buf[i] = upper && ch >= 'a' && ch <= 'z'    ? (char)(ch - 32)
                 : !upper && ch >= 'A' && ch <= 'Z' ? (char)(ch + 32)
                                                    : ch;
    }
    *result = sim__vm_string(loop, buf, len);
    free(buf);
    return VM_NATIVE_OK;
}

NATIVE(string_to_upper)
{
    (void)args;
    (void)argc;
    return change_case(loop, this_value, result, true);
}

NATIVE(string_to_lower)
{
    (void)args;
    (void)argc;
    return change_case(loop, this_value, result, false);
}

/* Byte-indexed substring methods; strings outside ASCII are indexed by bytes (documented). */
static enum vm_native_result substring_of(struct sim_loop *loop, struct vm_value this_value,
                                          uint32_t from, uint32_t to, struct vm_value *result)
{
    struct vm_value s = this_string(loop, this_value);
    uint32_t len;
    const char *b = sim__vm_str(loop, s, &len);
    if (from > len) {
        from = len;
    }
    if (to > len) {
        to = len;
    }
    if (to < from) {
        to = from;
    }
    char *buf = malloc((size_t)(to - from) + 1);
    if (buf == NULL) {
        loop->error = SIM_ENOMEM;
        return VM_NATIVE_THREW;
    }
    memcpy(buf, b + from, to - from);
    *result = sim__vm_string(loop, buf, to - from);
    free(buf);
    return VM_NATIVE_OK;
}

NATIVE(string_slice)
{
    uint32_t len;
    sim__vm_str(loop, this_string(loop, this_value), &len);
    return substring_of(loop, this_value, rel_index(loop, arg(args, argc, 0), len, 0),
                        rel_index(loop, arg(args, argc, 1), len, len), result);
}

NATIVE(string_substring)
{
    uint32_t len;
    sim__vm_str(loop, this_string(loop, this_value), &len);
    double a = sim__vm_to_number(loop, arg(args, argc, 0));
    double b = argc > 1 && args[1].tag != VM_UNDEFINED ? sim__vm_to_number(loop, args[1]) : len;
    a = isnan(a) || a < 0 ? 0 : a > len ? len : a;
    b = isnan(b) || b < 0 ? 0 : b > len ? len : b;
    uint32_t from = (uint32_t)(a < b ? a : b);
    uint32_t to = (uint32_t)(a < b ? b : a);
    return substring_of(loop, this_value, from, to, result);
}

NATIVE(string_char_at)
{
    uint32_t i = (uint32_t)fmax(0, sim__vm_to_number(loop, arg(args, argc, 0)));
    return substring_of(loop, this_value, i, i + 1, result);
}

/* The byte offset of `needle` in the string from `from`, or -1. */
static int64_t find(struct sim_loop *loop, struct vm_value hay, struct vm_value needle,
                    uint32_t from)
{
    uint32_t hl;
    uint32_t nl;
    const char *h = sim__vm_str(loop, hay, &hl);
    const char *n = sim__vm_str(loop, needle, &nl);
    for (uint32_t i = from; i + nl <= hl; i++) {
        if (memcmp(h + i, n, nl) == 0) {
            return i;
        }
    }
    return -1;
}

NATIVE(string_index_of)
{
    struct vm_value s = this_string(loop, this_value);
    struct vm_value n = sim__vm_to_string(loop, arg(args, argc, 0));
    *result = vm_number((double)find(loop, s, n, 0));
    return VM_NATIVE_OK;
}

NATIVE(string_includes)
{
    struct vm_value s = this_string(loop, this_value);
    struct vm_value n = sim__vm_to_string(loop, arg(args, argc, 0));
    *result = vm_bool(find(loop, s, n, 0) >= 0);
    return VM_NATIVE_OK;
}

NATIVE(string_starts_with)
{
    struct vm_value s = this_string(loop, this_value);
    struct vm_value n = sim__vm_to_string(loop, arg(args, argc, 0));
    uint32_t sl;
    uint32_t nl;
    const char *sb = sim__vm_str(loop, s, &sl);
    const char *nb = sim__vm_str(loop, n, &nl);
    *result = vm_bool(nl <= sl && memcmp(sb, nb, nl) == 0);
    return VM_NATIVE_OK;
}

NATIVE(string_ends_with)
{
    struct vm_value s = this_string(loop, this_value);
    struct vm_value n = sim__vm_to_string(loop, arg(args, argc, 0));
    uint32_t sl;
    uint32_t nl;
    const char *sb = sim__vm_str(loop, s, &sl);
    const char *nb = sim__vm_str(loop, n, &nl);
    *result = vm_bool(nl <= sl && memcmp(sb + sl - nl, nb, nl) == 0);
    return VM_NATIVE_OK;
}

NATIVE(string_trim)
{
    (void)args;
    (void)argc;
    struct vm_value s = this_string(loop, this_value);
    uint32_t len;
    const char *b = sim__vm_str(loop, s, &len);
    uint32_t from = 0;
    while (from < len && strchr(" \t\n\r\v\f", b[from]) != NULL) {
        from++;
    }
    uint32_t to = len;
    while (to > from && strchr(" \t\n\r\v\f", b[to - 1]) != NULL) {
        to--;
    }
    return substring_of(loop, s, from, to, result);
}

NATIVE(string_repeat)
{
    struct vm_value s = this_string(loop, this_value);
    double n = trunc(sim__vm_to_number(loop, arg(args, argc, 0)));
    uint32_t len;
    sim__vm_str(loop, s, &len);
    if (n < 0 || isinf(n) || (double)len * n > VM_MAX_STRING) {
        sim__vm_throw_error(loop, VM_RANGE_ERROR, "Invalid count value: %g", n);
        return VM_NATIVE_THREW;
    }
    struct vm_value out = sim__vm_cstring(loop, "");
    for (uint32_t i = 0; i < (uint32_t)(isnan(n) ? 0 : n) && !loop->error; i++) {
        out = sim__vm_binary(loop, JS_OP_ADD, out, s);
    }
    *result = out;
    return VM_NATIVE_OK;
}

static enum vm_native_result pad(struct sim_loop *loop, struct vm_value this_value,
                                 const struct vm_value *args, uint32_t argc,
                                 struct vm_value *result, bool start)
{
    struct vm_value s = this_string(loop, this_value);
    double want = sim__vm_to_number(loop, arg(args, argc, 0));
    struct vm_value fill = argc > 1 && args[1].tag != VM_UNDEFINED
                               ? sim__vm_to_string(loop, args[1])
                               : sim__vm_cstring(loop, " ");
    uint32_t len;
    uint32_t fl;
    sim__vm_str(loop, s, &len);
    const char *f = sim__vm_str(loop, fill, &fl);
    if (isnan(want) || want <= len || fl == 0 || want > VM_MAX_STRING) {
        *result = s;
        return VM_NATIVE_OK;
    }
    uint32_t n = (uint32_t)want - len;
    char *buf = malloc(n + 1);
    if (buf == NULL) {
        loop->error = SIM_ENOMEM;
        return VM_NATIVE_THREW;
    }
    for (uint32_t i = 0; i < n; i++) {
        buf[i] = f[i % fl];
    }
    struct vm_value p = sim__vm_string(loop, buf, n);
    free(buf);
    *result = start ? sim__vm_binary(loop, JS_OP_ADD, p, s) : sim__vm_binary(loop, JS_OP_ADD, s, p);
    return VM_NATIVE_OK;
}

NATIVE(string_pad_start)
{
    return pad(loop, this_value, args, argc, result, true);
}

NATIVE(string_pad_end)
{
    return pad(loop, this_value, args, argc, result, false);
}

NATIVE(string_split)
{
    struct vm_value s = this_string(loop, this_value);
    uint32_t out = sim__vm_array_new(loop);
    *result = vm_object(out);
    struct vm_value sep = arg(args, argc, 0);
    if (sep.tag == VM_UNDEFINED) {
        sim__vm_array_push(loop, out, s);
        return VM_NATIVE_OK;
    }
    sep = sim__vm_to_string(loop, sep);
    uint32_t len;
    uint32_t sl;
    sim__vm_str(loop, s, &len);
    sim__vm_str(loop, sep, &sl);
    if (sl == 0) {
        for (uint32_t i = 0; i < len && !loop->error; i++) {
            struct vm_value piece;
            substring_of(loop, s, i, i + 1, &piece);
            sim__vm_array_push(loop, out, piece);
        }
        return VM_NATIVE_OK;
    }
    uint32_t from = 0;
    for (;;) {
        int64_t at = find(loop, s, sep, from);
        struct vm_value piece;
        substring_of(loop, s, from, at < 0 ? len : (uint32_t)at, &piece);
        sim__vm_array_push(loop, out, piece);
        if (at < 0 || loop->error) {
            break;
        }
        from = (uint32_t)at + sl;
    }
    return VM_NATIVE_OK;
}

NATIVE(value_to_string)
{
    (void)args;
    (void)argc;
    *result = sim__vm_to_string(loop, this_value);
    return VM_NATIVE_OK;
}

NATIVE(number_to_fixed)
{
    double d = sim__vm_to_number(loop, this_value);
    double digits = trunc(sim__vm_to_number(loop, arg(args, argc, 0)));
    if (isnan(digits)) {
        digits = 0;
    }
    if (digits < 0 || digits > 100) {
        sim__vm_throw_error(loop, VM_RANGE_ERROR,
                            "toFixed() digits argument must be between 0 and 100");
        return VM_NATIVE_THREW;
    }
    if (!isfinite(d) || fabs(d) >= 1e21) {
        *result = sim__vm_to_string(loop, vm_number(d));
        return VM_NATIVE_OK;
    }
    char buf[160];
    int n = snprintf(buf, sizeof(buf), "%.*f", (int)digits, d);
    if (n > 0 && buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1) && d > -0.5 &&
        d <= 0) {
        memmove(buf, buf + 1, strlen(buf)); /* (-0).toFixed(2) is "0.00" */
        n--;
    }
    *result = sim__vm_string(loop, buf, (uint32_t)n);
    return VM_NATIVE_OK;
}

/* ---- require ----------------------------------------------------------------------------- */

NATIVE(require_fn)
{
    (void)this_value;
    struct vm_value name = sim__vm_to_string(loop, arg(args, argc, 0));
    uint32_t len;
    const char *s = sim__vm_str(loop, name, &len);
    if (len > 5 && memcmp(s, "node:", 5) == 0) {
        name = sim__vm_string(loop, s + 5, len - 5);
    }
    struct vm_prop *m = sim__vm_own(loop, loop->vm.modules, name);
    if (m == NULL) {
        s = sim__vm_str(loop, name, &len);
        sim__vm_throw_error(loop, VM_ERROR, "Cannot find module '%.*s' (loopsim simulates: "
                            "events, fs, fs/promises, crypto, zlib, dns, timers, "
                            "timers/promises, util)", (int)(len > 60 ? 60 : len), s);
        return VM_NATIVE_THREW;
    }
    *result = m->value;
    return VM_NATIVE_OK;
}

NATIVE(json_stringify)
{
    (void)this_value;
    *result = sim__vm_json(loop, arg(args, argc, 0));
    return loop->vm.throwing ? VM_NATIVE_THREW : VM_NATIVE_OK;
}

/* ---- The table --------------------------------------------------------------------------- */

const struct vm_native sim__vm_natives[] = {
#define X(e, where, name, fn, length, ctor) {name, fn, length, ctor},
    VM_NATIVE_MAP(X)
#undef X
};

/* Where a row goes. */
enum holder { HIDDEN, TIMERS_PROMISES, UTIL, EVENTS, EMITTER_PROTO, PROMISE_PROTO, PROMISE_STATIC, GLOBAL, TIMERS, PROCESS, TIMEOUT_PROTO, IMMEDIATE_PROTO, CONSOLE, MATH, JSON, DATE, PERFORMANCE, ARRAY_PROTO, ARRAY_STATIC,
              OBJECT_STATIC, OBJECT_PROTO, STRING_PROTO, NUMBER_PROTO, HOLDER_COUNT };

static const uint8_t native_holders[] = {
#define X(e, where, name, fn, length, ctor) where,
    VM_NATIVE_MAP(X)
#undef X
};

struct vm_value sim__vm_native_value(struct sim_loop *loop, uint16_t native)
{
    uint32_t f = sim__vm_object_new(loop, VM_OBJ_NATIVE, loop->vm.function_proto);
    if (!loop->error) {
        sim__vm_obj(loop, f)->native = native;
    }
    return vm_object(f);
}

static uint32_t plain(struct sim_loop *loop, uint32_t proto)
{
    return sim__vm_object_new(loop, VM_OBJ_PLAIN, proto);
}

/* The prototype chain of the error classes: Error.prototype, then one per subclass. */
static void make_error_protos(struct sim_loop *loop, const uint32_t *ctors)
{
    static const char *const names[] = {"Error", "TypeError", "RangeError", "ReferenceError",
                                        "SyntaxError"};
    struct vm_state *vm = &loop->vm;
    for (int cls = VM_ERROR; cls <= VM_SYNTAX_ERROR && !loop->error; cls++) {
        uint32_t p = plain(loop, cls == VM_ERROR ? vm->object_proto : vm->error_protos[VM_ERROR]);
        vm->error_protos[cls] = p;
        sim__vm_put_hidden(loop, p, "name", sim__vm_cstring(loop, names[cls]));
        sim__vm_put_hidden(loop, p, "message", sim__vm_cstring(loop, ""));
        if (ctors[cls] != VM_NONE) {
            sim__vm_put_hidden(loop, ctors[cls], "prototype", vm_object(p));
            sim__vm_put_hidden(loop, p, "constructor", vm_object(ctors[cls]));
        }
    }
}

void sim__vm_natives_init(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    vm->object_proto = plain(loop, VM_NONE);
    vm->function_proto = plain(loop, vm->object_proto);
    vm->array_proto = plain(loop, vm->object_proto);
    vm->global = plain(loop, vm->object_proto);
    vm->modules = plain(loop, VM_NONE);
    uint32_t holders[HOLDER_COUNT];
    holders[GLOBAL] = vm->global;
    holders[TIMERS] = plain(loop, vm->object_proto); /* require('timers'), also global */
    holders[PROCESS] = plain(loop, vm->object_proto);
    holders[TIMEOUT_PROTO] = vm->timeout_proto = plain(loop, vm->object_proto);
    holders[IMMEDIATE_PROTO] = vm->immediate_proto = plain(loop, vm->object_proto);
    holders[CONSOLE] = plain(loop, vm->object_proto);
    holders[MATH] = plain(loop, vm->object_proto);
    holders[DATE] = plain(loop, vm->object_proto);
    holders[JSON] = plain(loop, vm->object_proto);
    holders[PERFORMANCE] = plain(loop, vm->object_proto);
    holders[ARRAY_PROTO] = vm->array_proto;
    holders[OBJECT_PROTO] = vm->object_proto;
    holders[STRING_PROTO] = plain(loop, vm->object_proto);
    holders[NUMBER_PROTO] = plain(loop, vm->object_proto);
    holders[ARRAY_STATIC] = holders[OBJECT_STATIC] = holders[PROMISE_STATIC] = VM_NONE;
    holders[HIDDEN] = plain(loop, VM_NONE); /* natives the engine calls, not a program */
    holders[PROMISE_PROTO] = vm->promise_proto = plain(loop, vm->object_proto);
    holders[EVENTS] = plain(loop, vm->object_proto); /* filled, then the constructor is it */
    holders[TIMERS_PROMISES] = plain(loop, vm->object_proto);
    holders[UTIL] = plain(loop, vm->object_proto);
    sim__vm_put_c(loop, vm->modules, "timers/promises", vm_object(holders[TIMERS_PROMISES]));
    sim__vm_put_c(loop, vm->modules, "util", vm_object(holders[UTIL]));
    holders[EMITTER_PROTO] = vm->emitter_proto = plain(loop, vm->object_proto);
    uint32_t ctors[VM_SYNTAX_ERROR + 1] = {VM_NONE, VM_NONE, VM_NONE, VM_NONE, VM_NONE};
    for (uint16_t i = 0; i < VM_NATIVE_COUNT && !loop->error; i++) {
        struct vm_value f = sim__vm_native_value(loop, i);
        uint32_t at = holders[native_holders[i]];
        if (native_holders[i] == ARRAY_STATIC || native_holders[i] == OBJECT_STATIC ||
            native_holders[i] == PROMISE_STATIC) {
            const char *ctor_name = native_holders[i] == ARRAY_STATIC    ? "Array"
                                    : native_holders[i] == OBJECT_STATIC ? "Object"
                                                                         : "Promise";
            struct vm_prop *ctor = sim__vm_own(loop, vm->global, sim__vm_cstring(loop, ctor_name));
            at = ctor != NULL ? ctor->value.ref : vm->global;
        }
        sim__vm_put_c(loop, at, sim__vm_natives[i].name, f);
        if (native_holders[i] == TIMERS) {
            sim__vm_put_c(loop, vm->global, sim__vm_natives[i].name, f);
        }
        switch (i) {
        case VM_NATIVE_ERROR:
            ctors[VM_ERROR] = f.ref;
            break;
        case VM_NATIVE_TYPE_ERROR:
            ctors[VM_TYPE_ERROR] = f.ref;
            break;
        case VM_NATIVE_RANGE_ERROR:
            ctors[VM_RANGE_ERROR] = f.ref;
            break;
        case VM_NATIVE_REFERENCE_ERROR:
            ctors[VM_REFERENCE_ERROR] = f.ref;
            break;
        case VM_NATIVE_STRING:
            sim__vm_put_hidden(loop, f.ref, "prototype", vm_object(holders[STRING_PROTO]));
            break;
        case VM_NATIVE_NUMBER:
            sim__vm_put_hidden(loop, f.ref, "prototype", vm_object(holders[NUMBER_PROTO]));
            break;
        case VM_NATIVE_ARRAY:
            sim__vm_put_hidden(loop, f.ref, "prototype", vm_object(vm->array_proto));
            break;
        case VM_NATIVE_OBJECT:
            sim__vm_put_hidden(loop, f.ref, "prototype", vm_object(vm->object_proto));
            break;
        case VM_NATIVE_EVENT_EMITTER:
            sim__vm_put_hidden(loop, f.ref, "prototype", vm_object(vm->emitter_proto));
            sim__vm_put_hidden(loop, vm->emitter_proto, "constructor", f);
            sim__vm_put_c(loop, vm->modules, "events", f);
            holders[EVENTS] = f.ref; /* require('events') is the constructor itself */
            sim__vm_put_c(loop, f.ref, "EventEmitter", f);
            break;
        case VM_NATIVE_PROMISE:
            sim__vm_put_hidden(loop, f.ref, "prototype", vm_object(vm->promise_proto));
            sim__vm_put_hidden(loop, vm->promise_proto, "constructor", f);
            break;
        default:
            break;
        }
    }
    make_error_protos(loop, ctors);
    sim__vm_put_hidden(loop, vm->global, "\x01import",
                       sim__vm_own(loop, vm->global, sim__vm_cstring(loop, "require"))->value);
    sim__vm_put_c(loop, vm->global, "console", vm_object(holders[CONSOLE]));
    sim__vm_put_c(loop, vm->global, "process", vm_object(holders[PROCESS]));
    vm->process = holders[PROCESS];
    uint32_t env = plain(loop, vm->object_proto);
    sim__vm_put_c(loop, holders[PROCESS], "env", vm_object(env));
    sim__vm_put_c(loop, holders[PROCESS], "exitCode", vm_undefined());
    sim__vm_put_c(loop, vm->modules, "timers", vm_object(holders[TIMERS]));
    sim__vm_put_c(loop, vm->global, "Math", vm_object(holders[MATH]));
    sim__vm_put_c(loop, holders[MATH], "PI", vm_number(3.141592653589793));
    sim__vm_put_c(loop, vm->global, "Date", vm_object(holders[DATE]));
    sim__vm_put_c(loop, vm->global, "JSON", vm_object(holders[JSON]));
    sim__vm_put_c(loop, vm->global, "performance", vm_object(holders[PERFORMANCE]));
    sim__vm_put_c(loop, vm->global, "undefined", vm_undefined());
    sim__vm_put_c(loop, vm->global, "NaN", vm_number(NAN));
    sim__vm_put_c(loop, vm->global, "Infinity", vm_number(INFINITY));
    sim__vm_put_c(loop, vm->global, "globalThis", vm_object(vm->global));
    sim__vm_put_c(loop, vm->global, "__filename", sim__vm_cstring(loop, "/main.js"));
    sim__vm_put_c(loop, vm->global, "__dirname", sim__vm_cstring(loop, "/"));
    uint32_t module = plain(loop, vm->object_proto);
    uint32_t exports = plain(loop, vm->object_proto);
    sim__vm_put_c(loop, module, "exports", vm_object(exports));
    sim__vm_put_c(loop, vm->global, "module", vm_object(module));
    sim__vm_put_c(loop, vm->global, "exports", vm_object(exports));
    vm->call_at = VM_NONE;
    vm->unhandled = sim__vm_array_new(loop);
    vm->late_handled = sim__vm_array_new(loop);
    vm->ready = !loop->error;
}
