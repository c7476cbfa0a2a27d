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
    *result = sim__vm_error_new(loop, cls, sim__vm_arg(args, argc, 0));
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
    *result = vm_bool(sim__vm_truthy(loop, sim__vm_arg(args, argc, 0)));
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
    *result = vm_bool(isnan(sim__vm_to_number(loop, sim__vm_arg(args, argc, 0))));
    return VM_NATIVE_OK;
}

NATIVE(parse_float)
{
    (void)this_value;
    struct vm_value s = sim__vm_to_string(loop, sim__vm_arg(args, argc, 0));
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
    struct vm_value s = sim__vm_to_string(loop, sim__vm_arg(args, argc, 0));
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
    return sim__vm_to_number(loop, sim__vm_arg(args, argc, i));
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
    loop->vm.callback_busy_ns += VM_CLOCK_READ_NS;
    /* a clock read shows it is no endless loop: the budget starts again, unless a test's
       budget (config vm_budget) bounds the callback's instructions in all */
    if (loop->vm.callback_busy_ns >= VM_MAX_BUSY_NS) {
        loop->vm.budget = 0;
    } else if (loop->cfg->vm_budget == 0) {
        loop->vm.budget = VM_BUDGET;
    }
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

/* ---- require ----------------------------------------------------------------------------- */

NATIVE(require_fn)
{
    (void)this_value;
    struct vm_value name = sim__vm_to_string(loop, sim__vm_arg(args, argc, 0));
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
    *result = sim__vm_json(loop, sim__vm_arg(args, argc, 0));
    return loop->vm.throwing ? VM_NATIVE_THREW : VM_NATIVE_OK;
}

/* ---- The table --------------------------------------------------------------------------- */

const struct vm_native sim__vm_natives[] = {
#define X(e, where, name, fn, length, ctor) {name, fn, length, ctor},
    VM_NATIVE_MAP(X)
#undef X
};

/* Where a row goes. */
enum holder {
    FS, FS_PROMISES, CRYPTO, ZLIB, DNS, NET, SERVER_PROTO, SOCKET_PROTO, LISTEN_HANDLE_PROTO,
    BUFFER, BUFFER_PROTO,
    STATS_PROTO, FILEHANDLE_PROTO, HIDDEN, TIMERS_PROMISES, UTIL, EVENTS, EMITTER_PROTO,
    PROMISE_PROTO, PROMISE_STATIC, GLOBAL,
    TIMERS, PROCESS, TIMEOUT_PROTO, IMMEDIATE_PROTO, CONSOLE, MATH, JSON, DATE, PERFORMANCE,
    ARRAY_PROTO, ARRAY_STATIC, OBJECT_STATIC, OBJECT_PROTO, STRING_PROTO, NUMBER_PROTO,
    HOLDER_COUNT,
};

static const uint8_t native_holders[] = {
#define X(e, where, name, fn, length, ctor) where,
    VM_NATIVE_MAP(X)
#undef X
};

/*
 * The objects of Node whose members a program names by name, and what they hold besides the
 * natives of the table: a member outside both is refused before the program runs
 * (sim__vm_api_member, for the compiler).
 */
static const struct {
    const char *name;
    enum holder holder;
    const char *extra;       /* space-separated */
} api_objects[] = {
    {"fs", FS, "promises"},
    {"fs/promises", FS_PROMISES, ""},
    {"crypto", CRYPTO, ""},
    {"zlib", ZLIB, ""},
    {"dns", DNS, ""},
    {"net", NET, ""},
    {"util", UTIL, ""},
    {"events", EVENTS, "prototype"},
    {"timers", TIMERS, ""},
    {"timers/promises", TIMERS_PROMISES, ""},
    {"console", CONSOLE, ""},
    {"process", PROCESS, "env exitCode"},
    {"JSON", JSON, ""},
    {"Math", MATH, "PI"},
    {"Date", DATE, ""},
    {"performance", PERFORMANCE, ""},
    {"Buffer", BUFFER, ""},
    {"Promise", PROMISE_STATIC, "prototype"},
    {"Object", OBJECT_STATIC, "prototype"},
    {"Array", ARRAY_STATIC, "prototype"},
};

static bool word_in(const char *words, const char *w, size_t len)
{
    for (const char *p = words; *p != '\0';) {
        size_t n = strcspn(p, " ");
        if (n == len && memcmp(p, w, len) == 0) {
            return true;
        }
        p += n + (p[n] == ' ');
    }
    return false;
}

bool sim__vm_api_member(const char *object, size_t olen, const char *member, size_t mlen,
                        char *list, size_t cap)
{
    size_t k = 0;
    while (k < sizeof(api_objects) / sizeof(api_objects[0]) &&
           (strlen(api_objects[k].name) != olen ||
            memcmp(api_objects[k].name, object, olen) != 0)) {
        k++;
    }
    if (k == sizeof(api_objects) / sizeof(api_objects[0]) ||
        word_in(api_objects[k].extra, member, mlen)) {
        return true; /* not one of Node's objects, or a member it has */
    }
    size_t used = 0;
    list[0] = '\0';
    for (uint16_t i = 0; i < VM_NATIVE_COUNT; i++) {
        if (native_holders[i] != api_objects[k].holder) {
            continue;
        }
        const char *name = sim__vm_natives[i].name;
        if (strlen(name) == mlen && memcmp(name, member, mlen) == 0) {
            return true;
        }
        int n = snprintf(list + used, cap - used, "%s%s", used > 0 ? ", " : "", name);
        used = n > 0 && used + (size_t)n < cap ? used + (size_t)n : used;
    }
    for (const char *p = api_objects[k].extra; *p != '\0';) {
        int n = (int)strcspn(p, " ");
        int w = snprintf(list + used, cap - used, "%s%.*s", used > 0 ? ", " : "", n, p);
        used = w > 0 && used + (size_t)w < cap ? used + (size_t)w : used;
        p += n + (p[n] == ' ');
    }
    return false;
}

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
    static const char *const names[] = {
#define X(e, text) text,
        VM_NAME_MAP(X)
#undef X
    };
    for (int i = 0; i < VM_NAME_COUNT; i++) {
        vm->names[i] = sim__vm_cstring(loop, names[i]).ref;
    }
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
    holders[FS] = plain(loop, vm->object_proto);
    holders[FS_PROMISES] = plain(loop, vm->object_proto);
    holders[CRYPTO] = plain(loop, vm->object_proto);
    holders[ZLIB] = plain(loop, vm->object_proto);
    holders[DNS] = plain(loop, vm->object_proto);
    holders[FILEHANDLE_PROTO] = vm->filehandle_proto = plain(loop, vm->object_proto);
    holders[BUFFER] = plain(loop, vm->object_proto); /* the global Buffer */
    sim__vm_put_c(loop, vm->global, "Buffer", vm_object(holders[BUFFER]));
    holders[BUFFER_PROTO] = vm->buffer_proto = plain(loop, vm->object_proto);
    sim__vm_put_c(loop, vm->modules, "dns", vm_object(holders[DNS]));
    holders[STATS_PROTO] = vm->stats_proto = plain(loop, vm->object_proto);
    sim__vm_put_c(loop, holders[FS], "promises", vm_object(holders[FS_PROMISES]));
    sim__vm_put_c(loop, vm->modules, "fs", vm_object(holders[FS]));
    sim__vm_put_c(loop, vm->modules, "fs/promises", vm_object(holders[FS_PROMISES]));
    sim__vm_put_c(loop, vm->modules, "crypto", vm_object(holders[CRYPTO]));
    sim__vm_put_c(loop, vm->modules, "zlib", vm_object(holders[ZLIB]));
    holders[UTIL] = plain(loop, vm->object_proto);
    sim__vm_put_c(loop, vm->modules, "timers/promises", vm_object(holders[TIMERS_PROMISES]));
    sim__vm_put_c(loop, vm->modules, "util", vm_object(holders[UTIL]));
    holders[EMITTER_PROTO] = vm->emitter_proto = plain(loop, vm->object_proto);
    holders[NET] = plain(loop, vm->object_proto); /* an extension (net.c) */
    sim__vm_put_c(loop, vm->modules, "net", vm_object(holders[NET]));
    holders[SERVER_PROTO] = vm->server_proto = plain(loop, vm->emitter_proto);
    holders[SOCKET_PROTO] = vm->socket_proto = plain(loop, vm->emitter_proto);
    holders[LISTEN_HANDLE_PROTO] = vm->listen_handle_proto = plain(loop, vm->object_proto);
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
    char filename[300];
    snprintf(filename, sizeof(filename), "%s/%.200s", SIM_JS_DIRNAME,
             loop->prog->js_file != NULL ? loop->prog->js_file : SIM_JS_FILE);
    vm->filename = sim__vm_cstring(loop, filename);
    sim__vm_put_c(loop, vm->global, "__filename", vm->filename);
    sim__vm_put_c(loop, vm->global, "__dirname", sim__vm_cstring(loop, SIM_JS_DIRNAME));
    uint32_t module = plain(loop, vm->object_proto);
    uint32_t exports = plain(loop, vm->object_proto);
    sim__vm_put_c(loop, module, "exports", vm_object(exports));
    sim__vm_put_c(loop, vm->global, "module", vm_object(module));
    sim__vm_put_c(loop, vm->global, "exports", vm_object(exports));
    vm->call_at = VM_NONE;
    uint32_t constants = loop->prog->js->string_count;
    if (constants > 0 &&
        sim__grow(loop, (void **)&vm->global_at, &vm->global_at_cap, sizeof(uint32_t),
                  constants)) {
        memset(vm->global_at, 0xff, (size_t)vm->global_at_cap * sizeof(uint32_t));
    }
    if (constants > 0 &&
        sim__grow(loop, (void **)&vm->prop_at, &vm->prop_at_cap, sizeof(*vm->prop_at),
                  constants)) {
        memset(vm->prop_at, 0xff, (size_t)vm->prop_at_cap * sizeof(*vm->prop_at));
    }
    vm->reaction_job = sim__vm_native_value(loop, VM_NATIVE_PROMISE_REACTION_JOB).ref;
    vm->thenable_job = sim__vm_native_value(loop, VM_NATIVE_PROMISE_THENABLE_JOB).ref;
    vm->unhandled = sim__vm_array_new(loop);
    vm->late_handled = sim__vm_array_new(loop);
    vm->ready = !loop->error;
}
