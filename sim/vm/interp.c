/*
 * interp.c - the bytecode interpreter: runs the JavaScript callback in progress one statement
 * (or one event) per step.
 *
 * sim__vm_step executes instructions until the next STMT, until a native makes an event (an
 * action makes at most one), or until the callback's entry frame returns or throws; then it
 * hands control back to the engine, which may step back, show the state, or run something
 * else before the next step. Everything it touches is in loop->vm, so stopping anywhere costs
 * nothing. A throw unwinds to the innermost handler of the callback (struct vm_handler); one
 * that leaves the callback is the engine's to handle, as Node's process._fatalException is.
 */
#include "vm_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct js_code *code_of(const struct sim_loop *loop)
{
    return loop->prog->js;
}

/* ---- Errors ------------------------------------------------------------------------------ */

struct vm_value sim__vm_error_new(struct sim_loop *loop, enum vm_error_class cls,
                                  struct vm_value message)
{
    uint32_t e = sim__vm_object_new(loop, VM_OBJ_ERROR, loop->vm.error_protos[cls]);
    if (loop->error) {
        return vm_undefined();
    }
    sim__vm_obj(loop, e)->native = (uint16_t)cls;
    if (message.tag != VM_UNDEFINED) {
        struct vm_value text = sim__vm_to_string(loop, message);
        if (!loop->error) {
            sim__vm_put_hidden(loop, e, "message", vm_undefined());
            sim__vm_own(loop, e, sim__vm_cstring(loop, "message"))->value = text;
        }
    }
    return vm_object(e);
}

void sim__vm_throw(struct sim_loop *loop, struct vm_value v)
{
    loop->vm.throwing = true;
    loop->vm.exception = v;
}

void sim__vm_throw_error(struct sim_loop *loop, enum vm_error_class cls, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    sim__vm_throw(loop, sim__vm_error_new(loop, cls, sim__vm_cstring(loop, msg)));
}

/* A short description of a value for error messages: what V8 quotes ("x", "undefined"). */
static void describe_value(struct sim_loop *loop, struct vm_value v, char *buf, size_t size)
{
    if (v.tag == VM_STRING) {
        uint32_t len;
        const char *s = sim__vm_str(loop, v, &len);
        snprintf(buf, size, "\"%.*s\"", (int)(len > 40 ? 40 : len), s);
        return;
    }
    struct vm_value s = v.tag == VM_OBJECT ? sim__vm_inspect(loop, v) : sim__vm_to_string(loop, v);
    uint32_t len = 0;
    const char *t = s.tag == VM_STRING ? sim__vm_str(loop, s, &len) : "";
    snprintf(buf, size, "%.*s", (int)(len > 60 ? 60 : len), t);
}

/* "function name() { ... }"-like text of a function: its source, as String(fn) gives it. */
struct vm_value sim__vm_describe(struct sim_loop *loop, uint32_t o)
{
    struct vm_object *obj = sim__vm_obj(loop, o);
    if (obj->kind == VM_OBJ_NATIVE) {
        char buf[128];
        snprintf(buf, sizeof(buf), "function %s() { [native code] }",
                 sim__vm_natives[obj->native].name);
        return sim__vm_cstring(loop, buf);
    }
    const struct js_code *code = code_of(loop);
    const struct js_node *n = &code->ast->nodes[code->protos[obj->inner.ref].node];
    return sim__vm_string(loop, code->source + n->start, n->end - n->start);
}

void sim__vm_exception_text(struct sim_loop *loop, char *buf, size_t size)
{
    struct vm_value e = loop->vm.exception;
    struct vm_value s = vm_is_object(e, loop, VM_OBJ_ERROR) ? sim__vm_to_string(loop, e)
                                                            : sim__vm_inspect(loop, e);
    uint32_t len = 0;
    const char *t = s.tag == VM_STRING ? sim__vm_str(loop, s, &len) : "";
    snprintf(buf, size, "%.*s", (int)(len > size - 1 ? size - 1 : len), t);
}

/* ---- Properties -------------------------------------------------------------------------- */

static struct vm_value function_name(struct sim_loop *loop, uint32_t o)
{
    struct vm_object *obj = sim__vm_obj(loop, o);
    if (obj->kind == VM_OBJ_NATIVE) {
        return sim__vm_cstring(loop, sim__vm_natives[obj->native].name);
    }
    uint32_t name = code_of(loop)->protos[obj->inner.ref].name;
    return name == JS_NONE ? sim__vm_cstring(loop, "") : sim__vm_const_string(name);
}

/* A property found along o's prototype chain, or NULL. */
static struct vm_prop *find_prop(struct sim_loop *loop, uint32_t o, struct vm_value key)
{
    for (uint32_t depth = 0; o != VM_NONE && depth < 1000; depth++) {
        struct vm_prop *p = sim__vm_own(loop, o, key);
        if (p != NULL) {
            return p;
        }
        o = sim__vm_obj(loop, o)->proto;
    }
    return NULL;
}

static uint32_t primitive_proto(struct sim_loop *loop, struct vm_value v)
{
    struct vm_value name;
    switch (v.tag) {
    case VM_STRING:
        name = sim__vm_cstring(loop, "String");
        break;
    case VM_NUMBER:
        name = sim__vm_cstring(loop, "Number");
        break;
    case VM_BOOL:
        name = sim__vm_cstring(loop, "Boolean");
        break;
    default:
        return VM_NONE;
    }
    struct vm_prop *ctor = sim__vm_own(loop, loop->vm.global, name);
    if (ctor == NULL || ctor->value.tag != VM_OBJECT) {
        return VM_NONE;
    }
    struct vm_prop *proto = sim__vm_own(loop, ctor->value.ref, sim__vm_cstring(loop,
                                                                               "prototype"));
    return proto != NULL && proto->value.tag == VM_OBJECT ? proto->value.ref : VM_NONE;
}

static struct vm_value get_string_prop(struct sim_loop *loop, struct vm_value s,
                                       struct vm_value key)
{
    uint32_t len;
    const char *bytes = sim__vm_str(loop, s, &len);
    if (sim__vm_is_length(loop, key)) {
        /* UTF-16 length: a code point above U+FFFF counts 2, continuation bytes 0. */
        double n = 0;
        for (uint32_t i = 0; i < len; i++) {
            unsigned char ch = (unsigned char)bytes[i];
            n += (ch & 0xc0) == 0x80 ? 0 : ch >= 0xf0 ? 2 : 1;
        }
        return vm_number(n);
    }
    uint32_t index;
    if (sim__vm_index_key(loop, key, &index)) {
        return index < len && (unsigned char)bytes[index] < 0x80
                   ? sim__vm_string(loop, bytes + index, 1)
                   : vm_undefined();
    }
    uint32_t proto = primitive_proto(loop, s);
    struct vm_prop *p = proto != VM_NONE ? find_prop(loop, proto, key) : NULL;
    return p != NULL ? p->value : vm_undefined();
}

struct vm_value sim__vm_get(struct sim_loop *loop, struct vm_value obj, struct vm_value key)
{
    if (obj.tag == VM_UNDEFINED || obj.tag == VM_NULL) {
        char what[96];
        struct vm_value ks = sim__vm_to_string(loop, key);
        uint32_t len = 0;
        const char *k = ks.tag == VM_STRING ? sim__vm_str(loop, ks, &len) : "";
        snprintf(what, sizeof(what), "%.*s", (int)(len > 60 ? 60 : len), k);
        sim__vm_throw_error(loop, VM_TYPE_ERROR, "Cannot read properties of %s (reading '%s')",
                            obj.tag == VM_NULL ? "null" : "undefined", what);
        return vm_undefined();
    }
    if (key.tag != VM_STRING && key.tag != VM_NUMBER) {
        key = sim__vm_to_string(loop, key);
    }
    if (obj.tag == VM_STRING) {
        return get_string_prop(loop, obj, key);
    }
    if (obj.tag != VM_OBJECT) {
        if (key.tag == VM_NUMBER) {
            key = sim__vm_to_string(loop, key);
        }
        uint32_t proto = primitive_proto(loop, obj);
        struct vm_prop *p = proto != VM_NONE ? find_prop(loop, proto, key) : NULL;
        return p != NULL ? p->value : vm_undefined();
    }
    struct vm_object *o = sim__vm_obj(loop, obj.ref);
    uint32_t index;
    if (o->kind == VM_OBJ_ARRAY) {
        if (sim__vm_index_key(loop, key, &index)) {
            return index < o->elem_count ? sim__vm_elems(loop, obj.ref)[index] : vm_undefined();
        }
        if (key.tag == VM_STRING && sim__vm_is_length(loop, key)) {
            return vm_number(o->elem_count);
        }
    }
    if (key.tag == VM_NUMBER) {
        key = sim__vm_to_string(loop, key);
    }
    struct vm_prop *p = find_prop(loop, obj.ref, key);
    if (p != NULL) {
        return p->value;
    }
    if (o->kind == VM_OBJ_FUNCTION || o->kind == VM_OBJ_NATIVE) {
        uint32_t len;
        const char *k = sim__vm_str(loop, key, &len);
        if (len == 4 && memcmp(k, "name", 4) == 0) {
            return function_name(loop, obj.ref);
        }
        if (len == 6 && memcmp(k, "length", 6) == 0) {
            return vm_number(o->kind == VM_OBJ_NATIVE
                                 ? sim__vm_natives[o->native].length
                                 : code_of(loop)->protos[o->inner.ref].params);
        }
    }
    return vm_undefined();
}

void sim__vm_set(struct sim_loop *loop, struct vm_value obj, struct vm_value key,
                 struct vm_value v)
{
    if (obj.tag == VM_UNDEFINED || obj.tag == VM_NULL) {
        struct vm_value ks = sim__vm_to_string(loop, key);
        uint32_t len = 0;
        const char *k = ks.tag == VM_STRING ? sim__vm_str(loop, ks, &len) : "";
        char what[64];
        snprintf(what, sizeof(what), "%.*s", (int)(len > 40 ? 40 : len), k);
        sim__vm_throw_error(loop, VM_TYPE_ERROR, "Cannot set properties of %s (setting '%s')",
                            obj.tag == VM_NULL ? "null" : "undefined", what);
        return;
    }
    if (obj.tag != VM_OBJECT) {
        return; /* sloppy mode: a property of a primitive is dropped */
    }
    struct vm_object *o = sim__vm_obj(loop, obj.ref);
    uint32_t index;
    if (o->kind == VM_OBJ_ARRAY) {
        if (sim__vm_index_key(loop, key, &index)) {
            if (index > VM_MAX_RUN) {
                sim__vm_throw_error(loop, VM_RANGE_ERROR, "Invalid array length");
                return;
            }
            sim__vm_array_set(loop, obj.ref, index, v);
            return;
        }
        if (key.tag == VM_STRING && sim__vm_is_length(loop, key)) {
            double n = sim__vm_to_number(loop, v);
            if (n < 0 || n != floor(n) || n > VM_MAX_RUN) {
                sim__vm_throw_error(loop, VM_RANGE_ERROR, "Invalid array length");
                return;
            }
            while (sim__vm_obj(loop, obj.ref)->elem_count < (uint32_t)n && !loop->error) {
                sim__vm_array_push(loop, obj.ref, vm_undefined());
            }
            sim__vm_obj(loop, obj.ref)->elem_count = (uint32_t)n;
            return;
        }
    }
    if (key.tag != VM_STRING) {
        key = sim__vm_to_string(loop, key);
    }
    sim__vm_put(loop, obj.ref, key, v);
}

/* ---- The stack and calls ----------------------------------------------------------------- */

static bool push(struct sim_loop *loop, struct vm_value v)
{
    struct vm_state *vm = &loop->vm;
    if (vm->sp >= VM_MAX_STACK) {
        sim__vm_throw_error(loop, VM_RANGE_ERROR, "Maximum call stack size exceeded");
        return false;
    }
    if (!sim__grow(loop, (void **)&vm->stack, &vm->stack_cap, sizeof(struct vm_value),
                   vm->sp + 1)) {
        return false;
    }
    vm->stack[vm->sp++] = v;
    return true;
}

static struct vm_value pop(struct sim_loop *loop)
{
    return loop->vm.stack[--loop->vm.sp];
}

static struct vm_value *peek(struct sim_loop *loop, uint32_t from_top)
{
    return &loop->vm.stack[loop->vm.sp - 1 - from_top];
}

/*
 * Enters closure `fn` with `argc` arguments at stack[args..]: they become its first local
 * slots (missing ones undefined, extra ones dropped or gathered by a rest parameter).
 */
static bool enter(struct sim_loop *loop, uint32_t fn, struct vm_value this_value, uint32_t args,
                  uint32_t argc, enum vm_frame_kind kind)
{
    struct vm_state *vm = &loop->vm;
    const struct js_proto *p = &code_of(loop)->protos[sim__vm_obj(loop, fn)->inner.ref];
    if (vm->frame_count >= VM_MAX_FRAMES) {
        sim__vm_throw_error(loop, VM_RANGE_ERROR, "Maximum call stack size exceeded");
        return false;
    }
    uint32_t fixed = (p->flags & JS_PROTO_REST) ? p->params : UINT32_MAX;
    if (fixed != UINT32_MAX) {
        uint32_t rest = sim__vm_array_new(loop);
        for (uint32_t i = fixed; i < argc && !loop->error; i++) {
            sim__vm_array_push(loop, rest, vm->stack[args + i]);
        }
        vm->sp = args + (argc < fixed ? argc : fixed);
        argc = vm->sp - args;
        while (vm->sp < args + fixed) {
            push(loop, vm_undefined());
        }
        push(loop, vm_object(rest));
        argc = fixed + 1;
    }
    /* Every slot, parameters first. */
    uint32_t slots = p->slots > argc ? p->slots : argc;
    vm->sp = args + (argc < slots ? argc : slots);
    while (vm->sp < args + slots) {
        if (!push(loop, vm_undefined())) {
            return false;
        }
    }
    if (!sim__grow(loop, (void **)&vm->frames, &vm->frame_cap, sizeof(struct vm_frame),
                   vm->frame_count + 1)) {
        return false;
    }
    vm->frames[vm->frame_count++] = (struct vm_frame){
        .closure = fn, .proto = sim__vm_obj(loop, fn)->inner.ref, .ip = p->code, .base = args,
        .handlers = vm->handler_count, .this_value = this_value, .resolver = VM_NONE,
        .kind = (uint8_t)kind};
    if (p->flags & JS_PROTO_ASYNC) {
        sim__vm_async_begin(loop, &vm->frames[vm->frame_count - 1]);
    }
    return !loop->error;
}

/*
 * V8 names what it could not call by its source text ("obj.nothing is not a function"): the
 * callee of the call instruction running, when it is one. False when there is none to quote.
 */
static bool callee_text(struct sim_loop *loop, char *buf, size_t size)
{
    const struct js_code *code = code_of(loop);
    struct vm_state *vm = &loop->vm;
    if (vm->frame_count == 0 || vm->frames[vm->frame_count - 1].kind == VM_FRAME_NATIVE ||
        vm->call_at == VM_NONE) {
        return false;
    }
    const struct js_node *call = &code->ast->nodes[code->nodes[vm->call_at]];
    if ((call->kind != JS_NODE_CALL && call->kind != JS_NODE_NEW) || call->a == JS_NONE) {
        return false;
    }
    const struct js_node *callee = &code->ast->nodes[call->a];
    uint32_t len = callee->end - callee->start;
    snprintf(buf, size, "%.*s", (int)(len > 60 ? 60 : len), code->source + callee->start);
    return true;
}

/*
 * Calls `callee` with this and `argc` arguments at stack[args..], which the call consumes. A
 * closure gets a frame (its result comes with its RETURN); a native runs now and its result
 * is pushed. Returns the native's verdict (VM_NATIVE_OK for a closure).
 */
static enum vm_native_result call_value(struct sim_loop *loop, struct vm_value callee,
                                        struct vm_value this_value, uint32_t args,
                                        uint32_t argc, enum vm_frame_kind kind)
{
    if (vm_is_object(callee, loop, VM_OBJ_FUNCTION)) {
        if (kind == VM_FRAME_CONSTRUCT && (code_of(loop)->protos[sim__vm_obj(loop, callee.ref)
                                                                     ->inner.ref]
                                               .flags &
                                           (JS_PROTO_ARROW | JS_PROTO_ASYNC))) {
            loop->vm.sp = args;
            sim__vm_throw_error(loop, VM_TYPE_ERROR, "function is not a constructor");
            return VM_NATIVE_THREW;
        }
        return enter(loop, callee.ref, this_value, args, argc, kind) ? VM_NATIVE_OK
                                                                     : VM_NATIVE_THREW;
    }
    if (vm_is_object(callee, loop, VM_OBJ_NATIVE)) {
        const struct vm_native *n = &sim__vm_natives[sim__vm_obj(loop, callee.ref)->native];
        if (kind == VM_FRAME_CONSTRUCT && !n->constructor) {
            loop->vm.sp = args;
            sim__vm_throw_error(loop, VM_TYPE_ERROR, "%s is not a constructor", n->name);
            return VM_NATIVE_THREW;
        }
        struct vm_value argv[16];
        struct vm_value *av = argc <= 16 ? argv : NULL;
        if (av == NULL) {
            av = malloc((size_t)argc * sizeof(struct vm_value));
            if (av == NULL) {
                loop->error = SIM_ENOMEM;
                return VM_NATIVE_THREW;
            }
        }
        memcpy(av, loop->vm.stack + args, (size_t)argc * sizeof(struct vm_value));
        loop->vm.sp = args;
        struct vm_value result = vm_undefined();
        loop->vm.constructing = kind == VM_FRAME_CONSTRUCT;
        loop->vm.native_self = callee.ref;
        enum vm_native_result r = n->fn(loop, this_value, av, argc, &result);
        loop->vm.constructing = false;
        if (av != argv) {
            free(av);
        }
        if (r != VM_NATIVE_THREW && r != VM_NATIVE_PENDING) {
            push(loop, result);
        }
        return r;
    }
    loop->vm.sp = args;
    char what[96];
    if (!callee_text(loop, what, sizeof(what))) {
        describe_value(loop, callee, what, sizeof(what));
    }
    sim__vm_throw_error(loop, VM_TYPE_ERROR, "%s is not a function", what);
    return VM_NATIVE_THREW;
}

static const vm_cont_fn conts[] = {
#define X(e, fn) fn,
    VM_CONT_MAP(X)
#undef X
};

enum vm_native_result sim__vm_call_out(struct sim_loop *loop, struct vm_value fn,
                                       struct vm_value this_value, const struct vm_value *args,
                                       uint32_t argc, uint16_t cont, uint32_t state,
                                       bool catches)
{
    struct vm_state *vm = &loop->vm;
    if (!sim__grow(loop, (void **)&vm->frames, &vm->frame_cap, sizeof(struct vm_frame),
                   vm->frame_count + 1)) {
        return VM_NATIVE_THREW;
    }
    vm->frames[vm->frame_count++] = (struct vm_frame){
        .closure = state, .proto = cont, .base = vm->sp, .handlers = vm->handler_count,
        .resolver = VM_NONE, .kind = VM_FRAME_NATIVE, .flags = catches ? VM_FRAME_CATCH : 0};
    push(loop, fn);
    uint32_t base = vm->sp;
    for (uint32_t i = 0; i < argc; i++) {
        push(loop, args[i]);
    }
    enum vm_native_result r = call_value(loop, fn, this_value, base, argc, VM_FRAME_CALL);
    if (r == VM_NATIVE_THREW) {
        /* Thrown at once (not a function, a native that threw): unwind takes it to this
           frame, whose continuation hears of it if it catches. */
        return VM_NATIVE_PENDING;
    }
    if (!vm_is_object(fn, loop, VM_OBJ_FUNCTION) && r != VM_NATIVE_PENDING) {
        /* A native callee answered at once: its result replaces its slot. */
        struct vm_value v = pop(loop);
        vm->sp = base - 1;
        push(loop, v);
    }
    return VM_NATIVE_PENDING;
}

/*
 * The function a native called out to has returned (its result is on top): the native's
 * continuation runs. Its final result replaces the native's callee slot, as a call's does.
 */
static void finish_native(struct sim_loop *loop, struct vm_frame f, struct vm_value called,
                          bool threw)
{
    struct vm_state *vm = &loop->vm;
    vm->sp = f.base; /* what the callee left above it goes */
    vm->handler_count = f.handlers;
    struct vm_value result = vm_undefined();
    enum vm_native_result r = conts[f.proto](loop, f.closure, called, threw, &result);
    if (r == VM_NATIVE_PENDING || r == VM_NATIVE_THREW) {
        return; /* it called out again (a new frame at the same base), or threw */
    }
    vm->sp = f.base - 1; /* its result replaces the native's callee slot */
    push(loop, result);
}

static void resume_native(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    struct vm_frame f = vm->frames[--vm->frame_count];
    struct vm_value called = pop(loop);
    finish_native(loop, f, called, false);
}

static bool do_return(struct sim_loop *loop, struct vm_value v);

/* ---- Throwing ---------------------------------------------------------------------------- */

/*
 * Unwinds a pending throw to the innermost handler of the running callback. True when one
 * took it (the exception is pushed and the catch code runs next); false when the throw leaves
 * the callback's entry frame (frames down to it are gone).
 */
static bool unwind(struct sim_loop *loop, uint32_t entry)
{
    struct vm_state *vm = &loop->vm;
    while (vm->frame_count > entry) {
        struct vm_frame *f = &vm->frames[vm->frame_count - 1];
        if (vm->handler_count > f->handlers) {
            struct vm_handler h = vm->handlers[--vm->handler_count];
            vm->sp = h.sp;
            vm->throwing = false;
            push(loop, vm->exception);
            f->ip = h.ip;
            return true;
        }
        struct vm_frame done = *f;
        vm->frame_count--;
        if (done.resolver != VM_NONE &&
            (code_of(loop)->protos[done.proto].flags & JS_PROTO_MAIN)) {
            /* A module's top-level await rejected: Node reports it as uncaught at once, past
               the job that resumed it. */
            vm->fatal_unwind = true;
            vm->sp = done.base;
            vm->handler_count = done.handlers;
            continue;
        }
        if (done.kind == VM_FRAME_NATIVE && (done.flags & VM_FRAME_CATCH) && !vm->fatal_unwind) {
            /* A native that takes its callee's throw: its continuation is told. */
            vm->throwing = false;
            finish_native(loop, done, vm->exception, true);
            return true;
        }
        if (done.resolver != VM_NONE) {
            /* A throw leaves an async function: it rejects its promise, which it returns. */
            vm->throwing = false;
            vm->frame_count++;
            vm->frames[vm->frame_count - 1].resolver = VM_NONE;
            sim__vm_resolver_settle(loop, done.resolver, vm->exception, true);
            do_return(loop, vm_object(sim__vm_resolver_promise(loop, done.resolver)));
            return true;
        }
        vm->sp = done.base;
        vm->handler_count = done.handlers;
    }
    return false;
}

/* ---- The dispatch loop ------------------------------------------------------------------- */

static uint16_t read_u16(const uint8_t *code, uint32_t at)
{
    return (uint16_t)(code[at] | (code[at + 1] << 8));
}

static int32_t read_i32(const uint8_t *code, uint32_t at)
{
    uint32_t u = (uint32_t)code[at] | ((uint32_t)code[at + 1] << 8) |
                 ((uint32_t)code[at + 2] << 16) | ((uint32_t)code[at + 3] << 24);
    return (int32_t)u;
}

static struct vm_value local(struct sim_loop *loop, const struct vm_frame *f, uint32_t slot)
{
    return loop->vm.stack[f->base + slot];
}

static struct vm_value *box_of(struct sim_loop *loop, struct vm_value boxv)
{
    return &sim__vm_obj(loop, boxv.ref)->inner;
}

static struct vm_value capture(struct sim_loop *loop, const struct vm_frame *f, uint32_t i)
{
    struct vm_object *fn = sim__vm_obj(loop, f->closure);
    return loop->vm.values[fn->elems + i];
}

static void throw_tdz(struct sim_loop *loop, uint32_t name)
{
    const struct js_string *s = &code_of(loop)->strings[name];
    sim__vm_throw_error(loop, VM_REFERENCE_ERROR, "Cannot access '%.*s' before initialization",
                        (int)(s->len > 60 ? 60 : s->len), s->bytes);
}

/* Makes the closure of proto p, taking its boxes from the running frame. */
static struct vm_value make_closure(struct sim_loop *loop, const struct vm_frame *f, uint32_t p)
{
    const struct js_code *code = code_of(loop);
    const struct js_proto *proto = &code->protos[p];
    uint32_t fn = sim__vm_object_new(loop, VM_OBJ_FUNCTION, loop->vm.function_proto);
    if (loop->error) {
        return vm_undefined();
    }
    sim__vm_obj(loop, fn)->inner = (struct vm_value){.tag = VM_NUMBER, .ref = p};
    for (uint32_t i = 0; i < proto->capture_count && !loop->error; i++) {
        const struct js_capture *cap = &code->captures[proto->captures + i];
        struct vm_value box = cap->from_local ? local(loop, f, cap->index)
                                              : capture(loop, f, cap->index);
        sim__vm_array_push(loop, fn, box);
    }
    if (!(proto->flags & (JS_PROTO_ARROW | JS_PROTO_ASYNC))) {
        /* F.prototype, for `new F()`. */
        uint32_t pr = sim__vm_object_new(loop, VM_OBJ_PLAIN, loop->vm.object_proto);
        if (!loop->error) {
            sim__vm_put_hidden(loop, pr, "constructor", vm_object(fn));
            sim__vm_put_hidden(loop, fn, "prototype", vm_object(pr));
        }
    }
    return vm_object(fn);
}

static struct vm_value make_template(struct sim_loop *loop, uint32_t n)
{
    size_t cap = 64;
    size_t len = 0;
    char *buf = malloc(cap);
    if (buf == NULL) {
        loop->error = SIM_ENOMEM;
        return vm_undefined();
    }
    uint32_t first = loop->vm.sp - n;
    for (uint32_t i = 0; i < n && !loop->error && !loop->vm.throwing; i++) {
        struct vm_value s = sim__vm_to_string(loop, loop->vm.stack[first + i]);
        if (s.tag != VM_STRING) {
            break;
        }
        uint32_t l;
        const char *b = sim__vm_str(loop, s, &l);
        if (len + l + 1 > cap) {
            while (len + l + 1 > cap) {
                cap *= 2;
            }
            char *grown = realloc(buf, cap);
            if (grown == NULL) {
                loop->error = SIM_ENOMEM;
                break;
            }
            buf = grown;
            b = sim__vm_str(loop, s, &l);
        }
        memcpy(buf + len, b, l);
        len += l;
    }
    loop->vm.sp = first;
    struct vm_value r = loop->error ? vm_undefined() : sim__vm_string(loop, buf, (uint32_t)len);
    free(buf);
    return r;
}

/* The property keys `in` and `instanceof` look at. */
static struct vm_value binary_op(struct sim_loop *loop, enum js_op op, struct vm_value a,
                                 struct vm_value b)
{
    if (op == JS_OP_INSTANCEOF) {
        if (!sim__vm_is_callable(loop, b)) {
            sim__vm_throw_error(loop, VM_TYPE_ERROR,
                                "Right-hand side of 'instanceof' is not callable");
            return vm_undefined();
        }
        struct vm_value proto = sim__vm_get(loop, b, sim__vm_cstring(loop, "prototype"));
        if (a.tag != VM_OBJECT || proto.tag != VM_OBJECT) {
            return vm_bool(false);
        }
        for (uint32_t o = sim__vm_obj(loop, a.ref)->proto; o != VM_NONE;
             o = sim__vm_obj(loop, o)->proto) {
            if (o == proto.ref) {
                return vm_bool(true);
            }
        }
        return vm_bool(false);
    }
    if (op == JS_OP_IN) {
        if (b.tag != VM_OBJECT) {
            sim__vm_throw_error(loop, VM_TYPE_ERROR,
                                "Cannot use 'in' operator to search for a key in a primitive");
            return vm_undefined();
        }
        uint32_t index;
        struct vm_object *o = sim__vm_obj(loop, b.ref);
        if (o->kind == VM_OBJ_ARRAY && sim__vm_index_key(loop, a, &index)) {
            return vm_bool(index < o->elem_count);
        }
        struct vm_value key = sim__vm_to_string(loop, a);
        return vm_bool(find_prop(loop, b.ref, key) != NULL ||
                       (o->kind == VM_OBJ_ARRAY && sim__vm_is_length(loop, key)));
    }
    return sim__vm_binary(loop, op, a, b);
}

/* for...of over an array (a copy of its elements) or a string (its characters). */
static struct vm_value iterable_array(struct sim_loop *loop, struct vm_value v)
{
    uint32_t arr = sim__vm_array_new(loop);
    if (loop->error) {
        return vm_undefined();
    }
    if (vm_is_object(v, loop, VM_OBJ_ARRAY)) {
        uint32_t n = sim__vm_obj(loop, v.ref)->elem_count;
        for (uint32_t i = 0; i < n && !loop->error; i++) {
            sim__vm_array_push(loop, arr, sim__vm_elems(loop, v.ref)[i]);
        }
        return vm_object(arr);
    }
    if (v.tag == VM_STRING) {
        uint32_t len;
        sim__vm_str(loop, v, &len);
        for (uint32_t i = 0; i < len && !loop->error;) {
            const char *s = sim__vm_str(loop, v, &len);
            unsigned char ch = (unsigned char)s[i];
            uint32_t n = ch < 0x80 ? 1 : ch < 0xe0 ? 2 : ch < 0xf0 ? 3 : 4;
            if (i + n > len) {
                n = len - i;
            }
            char cp[4];
            memcpy(cp, s + i, n);
            sim__vm_array_push(loop, arr, sim__vm_string(loop, cp, n));
            i += n;
        }
        return vm_object(arr);
    }
    char what[96];
    describe_value(loop, v, what, sizeof(what));
    sim__vm_throw_error(loop, VM_TYPE_ERROR, "%s is not iterable", what);
    return vm_undefined();
}

static void object_spread(struct sim_loop *loop, uint32_t into, struct vm_value from)
{
    if (from.tag == VM_STRING) {
        struct vm_value arr = iterable_array(loop, from);
        from = arr;
    }
    if (from.tag != VM_OBJECT) {
        return;
    }
    struct vm_object *src = sim__vm_obj(loop, from.ref);
    if (src->kind == VM_OBJ_ARRAY) {
        for (uint32_t i = 0; i < sim__vm_obj(loop, from.ref)->elem_count && !loop->error; i++) {
            sim__vm_put(loop, into, sim__vm_number_string(loop, i),
                        sim__vm_elems(loop, from.ref)[i]);
        }
    }
    for (uint32_t i = 0; i < sim__vm_obj(loop, from.ref)->prop_count && !loop->error; i++) {
        struct vm_prop p = loop->vm.props[sim__vm_obj(loop, from.ref)->props + i];
        if (!(p.flags & VM_PROP_HIDDEN)) {
            sim__vm_put(loop, into, sim__vm_key(&p), p.value);
        }
    }
}

/* Returns from the top frame with value v. True when it was the callback's entry frame. */
static bool do_return(struct sim_loop *loop, struct vm_value v)
{
    struct vm_state *vm = &loop->vm;
    struct vm_frame f = vm->frames[--vm->frame_count];
    vm->sp = f.base;
    vm->handler_count = f.handlers;
    if (f.kind == VM_FRAME_CONSTRUCT && v.tag != VM_OBJECT) {
        v = f.this_value;
    }
    if (f.resolver != VM_NONE) {
        /* An async function returns its promise; what it returned resolves it. */
        sim__vm_resolver_settle(loop, f.resolver, v, false);
        v = vm_object(sim__vm_resolver_promise(loop, f.resolver));
    }
    if (f.kind == VM_FRAME_ENTRY) {
        vm->sp = f.base - 1; /* the callee slot sim__vm_enter pushed */
        vm->result = v;
        return true;
    }
    vm->sp--; /* the callee under the arguments */
    push(loop, v);
    return false;
}

/* Calls with n arguments on the stack, under them the callee (and this, for a method). */
static enum vm_native_result op_call(struct sim_loop *loop, uint32_t n, bool method,
                                     enum vm_frame_kind kind)
{
    struct vm_state *vm = &loop->vm;
    uint32_t args = vm->sp - n;
    struct vm_value callee = vm->stack[args - 1];
    struct vm_value this_value = method ? vm->stack[args - 2] : vm_undefined();
    if (method) {
        /* Drop `this` from under the callee: the frame keeps it. */
        vm->stack[args - 2] = callee;
        memmove(vm->stack + args - 1, vm->stack + args, (size_t)n * sizeof(struct vm_value));
        vm->sp--;
        args--;
    }
    if (kind == VM_FRAME_CONSTRUCT && vm_is_object(callee, loop, VM_OBJ_FUNCTION)) {
        struct vm_value proto = sim__vm_get(loop, callee, sim__vm_cstring(loop, "prototype"));
        uint32_t o = sim__vm_object_new(loop, VM_OBJ_PLAIN,
                                        proto.tag == VM_OBJECT ? proto.ref : vm->object_proto);
        this_value = vm_object(o);
    }
    /* The callee slot stays under a closure's frame (do_return drops it); a native's result
       replaces it. */
    enum vm_native_result r = call_value(loop, callee, this_value, args, n, kind);
    if (r != VM_NATIVE_THREW && r != VM_NATIVE_PENDING &&
        !vm_is_object(callee, loop, VM_OBJ_FUNCTION)) {
        struct vm_value result = pop(loop);
        vm->sp = args - 1;
        push(loop, result);
    }
    return r;
}

/* Spreads the array on top into arguments: CALL_SPREAD's and NEW_SPREAD's form. */
static uint32_t spread_args(struct sim_loop *loop)
{
    struct vm_value arr = pop(loop);
    uint32_t n = sim__vm_obj(loop, arr.ref)->elem_count;
    for (uint32_t i = 0; i < n && !loop->error; i++) {
        push(loop, sim__vm_elems(loop, arr.ref)[i]);
    }
    return n;
}

/*
 * The time the step spent reading the clock goes on the loop's clock, said by a block event
 * ("busy"), in a step that made no other event; otherwise it waits for the next step.
 */
static void flush_busy(struct sim_loop *loop, uint32_t events)
{
    struct vm_state *vm = &loop->vm;
    if (vm->busy_ns == 0 || loop->events.len != events) {
        return;
    }
    uint64_t busy = vm->busy_ns;
    vm->busy_ns = 0;
    uint64_t from = sim__vm_clock_read(loop);
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_BLOCK, SIM_REASON_NONE, SIM_NONE);
    pe->ev.duration_ns = busy;
    sim__emit_text(loop, pe, "busy: the code read the clock in a loop");
    sim__clock_advance(loop, from + busy);
}

static enum vm_step step(struct sim_loop *loop);

/*
 * Runs the callback in progress until its next statement, an event, its return or an uncaught
 * throw; then any time it spent reading the clock goes on the loop's clock.
 */
enum vm_step sim__vm_step(struct sim_loop *loop)
{
    uint32_t events = loop->events.len;
    enum vm_step r = step(loop);
    flush_busy(loop, events);
    return r;
}

/* The dispatch loop: the flat switch is the instruction set of code.h, in its order. */
static enum vm_step step(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    const struct js_code *code = code_of(loop);
    const uint8_t *bc = code->bytes;
    uint32_t events = loop->events.len;
    bool started = false;
    for (;;) {
        if (loop->error) {
            return VM_STEP_ERROR;
        }
        if (vm->throwing) {
            if (!unwind(loop, vm->entry)) {
                vm->sp = vm->entry_sp;
                vm->fatal_unwind = false;
                return VM_STEP_THREW;
            }
        }
        if (vm->jobs_queued > 0) {
            sim__vm_say_jobs(loop);
        }
        if (vm->frame_count == vm->entry) {
            /* A native callback (a promise job) has finished, or an unwind returned. */
            vm->result = vm->sp > vm->entry_sp ? vm->stack[vm->sp - 1] : vm_undefined();
            vm->sp = vm->entry_sp;
            return VM_STEP_RETURNED;
        }
        if (vm->exit_requested) {
            vm->exit_requested = false;
            return VM_STEP_EXIT;
        }
        if (loop->events.len != events) {
            return VM_STEP_MORE; /* a native made this action's event */
        }
        if (vm->budget == 0) {
            return VM_STEP_RUNAWAY;
        }
        vm->budget--;
        struct vm_frame *f = &vm->frames[vm->frame_count - 1];
        if (f->kind == VM_FRAME_NATIVE) {
            resume_native(loop);
            started = true;
            continue;
        }
        uint32_t at = f->ip;
        enum js_opcode op = (enum js_opcode)bc[at];
        if (op == JS_OPC_STMT) {
            if (started) {
                return VM_STEP_MORE; /* the next statement is the next step's */
            }
            vm->node = code->nodes[at];
        }
        started = true;
        f->ip = at + 1 + (uint32_t)sim__js_opcode_operands(op);
        uint32_t u = sim__js_opcode_operands(op) >= 2 ? read_u16(bc, at + 1) : 0;
        switch (op) {
        case JS_OPC_STMT:
            break;
        case JS_OPC_UNDEFINED:
            push(loop, vm_undefined());
            break;
        case JS_OPC_NULL:
            push(loop, vm_null());
            break;
        case JS_OPC_TRUE:
            push(loop, vm_bool(true));
            break;
        case JS_OPC_FALSE:
            push(loop, vm_bool(false));
            break;
        case JS_OPC_HOLE:
            push(loop, (struct vm_value){.tag = VM_HOLE});
            break;
        case JS_OPC_NUMBER:
            push(loop, vm_number(code->numbers[u]));
            break;
        case JS_OPC_STRING:
            push(loop, sim__vm_const_string(u));
            break;
        case JS_OPC_POP:
            vm->sp--;
            break;
        case JS_OPC_DUP:
            push(loop, *peek(loop, 0));
            break;
        case JS_OPC_DUP2: {
            struct vm_value a = *peek(loop, 1);
            struct vm_value b = *peek(loop, 0);
            push(loop, a);
            push(loop, b);
            break;
        }
        case JS_OPC_SWAP: {
            struct vm_value t = *peek(loop, 0);
            *peek(loop, 0) = *peek(loop, 1);
            *peek(loop, 1) = t;
            break;
        }
        case JS_OPC_ROT3: {
            struct vm_value c = *peek(loop, 0);
            *peek(loop, 0) = *peek(loop, 1);
            *peek(loop, 1) = *peek(loop, 2);
            *peek(loop, 2) = c;
            break;
        }
        case JS_OPC_GET_LOCAL:
            push(loop, local(loop, f, u));
            break;
        case JS_OPC_SET_LOCAL:
            vm->stack[f->base + u] = *peek(loop, 0);
            break;
        case JS_OPC_GET_LOCAL_CHECKED: {
            struct vm_value v = local(loop, f, u);
            if (v.tag == VM_HOLE) {
                throw_tdz(loop, read_u16(bc, at + 3));
                break;
            }
            push(loop, v);
            break;
        }
        case JS_OPC_BOX: {
            uint32_t b = sim__vm_object_new(loop, VM_OBJ_BOX, VM_NONE);
            if (!loop->error) {
                f = &vm->frames[vm->frame_count - 1];
                sim__vm_obj(loop, b)->inner = local(loop, f, u);
                vm->stack[f->base + u] = vm_object(b);
            }
            break;
        }
        case JS_OPC_GET_BOXED:
        case JS_OPC_GET_CAPTURE: {
            struct vm_value boxv = op == JS_OPC_GET_BOXED ? local(loop, f, u) : capture(loop, f, u);
            struct vm_value v = *box_of(loop, boxv);
            if (v.tag == VM_HOLE) {
                throw_tdz(loop, read_u16(bc, at + 3));
                break;
            }
            push(loop, v);
            break;
        }
        case JS_OPC_SET_BOXED:
            *box_of(loop, local(loop, f, u)) = *peek(loop, 0);
            break;
        case JS_OPC_SET_CAPTURE:
            *box_of(loop, capture(loop, f, u)) = *peek(loop, 0);
            break;
        case JS_OPC_CHECK_CONST:
            sim__vm_throw_error(loop, VM_TYPE_ERROR, "Assignment to constant variable.");
            break;
        case JS_OPC_GET_GLOBAL:
        case JS_OPC_TYPEOF_GLOBAL: {
            struct vm_prop *p = sim__vm_own(loop, vm->global, sim__vm_const_string(u));
            if (p == NULL && op == JS_OPC_GET_GLOBAL) {
                const struct js_string *s = &code->strings[u];
                sim__vm_throw_error(loop, VM_REFERENCE_ERROR, "%.*s is not defined",
                                    (int)(s->len > 60 ? 60 : s->len), s->bytes);
                break;
            }
            push(loop, p == NULL ? sim__vm_cstring(loop, "undefined")
                       : op == JS_OPC_GET_GLOBAL ? p->value
                                                 : sim__vm_typeof(loop, p->value));
            break;
        }
        case JS_OPC_SET_GLOBAL:
            sim__vm_put(loop, vm->global, sim__vm_const_string(u), *peek(loop, 0));
            break;
        case JS_OPC_GET_PROP: {
            struct vm_value o = pop(loop);
            push(loop, sim__vm_get(loop, o, sim__vm_const_string(u)));
            break;
        }
        case JS_OPC_SET_PROP: {
            struct vm_value v = pop(loop);
            struct vm_value o = pop(loop);
            sim__vm_set(loop, o, sim__vm_const_string(u), v);
            push(loop, v);
            break;
        }
        case JS_OPC_GET_ELEM: {
            struct vm_value k = pop(loop);
            struct vm_value o = pop(loop);
            push(loop, sim__vm_get(loop, o, k));
            break;
        }
        case JS_OPC_SET_ELEM: {
            struct vm_value v = pop(loop);
            struct vm_value k = pop(loop);
            struct vm_value o = pop(loop);
            sim__vm_set(loop, o, k, v);
            push(loop, v);
            break;
        }
        case JS_OPC_ARRAY: {
            uint32_t a = sim__vm_array_new(loop);
            for (uint32_t i = 0; i < u && !loop->error; i++) {
                sim__vm_array_push(loop, a, vm->stack[vm->sp - u + i]);
            }
            vm->sp -= u;
            push(loop, vm_object(a));
            break;
        }
        case JS_OPC_ARRAY_PUSH: {
            struct vm_value v = pop(loop);
            sim__vm_array_push(loop, peek(loop, 0)->ref, v);
            break;
        }
        case JS_OPC_ARRAY_SPREAD: {
            struct vm_value it = iterable_array(loop, pop(loop));
            if (it.tag == VM_OBJECT) {
                uint32_t n = sim__vm_obj(loop, it.ref)->elem_count;
                for (uint32_t i = 0; i < n && !loop->error; i++) {
                    sim__vm_array_push(loop, peek(loop, 0)->ref, sim__vm_elems(loop, it.ref)[i]);
                }
            }
            break;
        }
        case JS_OPC_OBJECT:
            push(loop, vm_object(sim__vm_object_new(loop, VM_OBJ_PLAIN, vm->object_proto)));
            break;
        case JS_OPC_INIT_PROP: {
            struct vm_value v = pop(loop);
            sim__vm_put(loop, peek(loop, 0)->ref, sim__vm_const_string(u), v);
            break;
        }
        case JS_OPC_INIT_ELEM: {
            struct vm_value v = pop(loop);
            struct vm_value k = sim__vm_to_string(loop, pop(loop));
            sim__vm_put(loop, peek(loop, 0)->ref, k, v);
            break;
        }
        case JS_OPC_OBJECT_SPREAD: {
            struct vm_value from = pop(loop);
            object_spread(loop, peek(loop, 0)->ref, from);
            break;
        }
        case JS_OPC_CLOSURE:
            push(loop, make_closure(loop, f, u));
            break;
        case JS_OPC_CALL:
        case JS_OPC_CALL_METHOD:
        case JS_OPC_NEW:
            vm->call_at = at;
            op_call(loop, bc[at + 1], op == JS_OPC_CALL_METHOD,
                    op == JS_OPC_NEW ? VM_FRAME_CONSTRUCT : VM_FRAME_CALL);
            vm->call_at = VM_NONE;
            break;
        case JS_OPC_CALL_SPREAD:
            op_call(loop, spread_args(loop), true, VM_FRAME_CALL);
            break;
        case JS_OPC_NEW_SPREAD:
            op_call(loop, spread_args(loop), false, VM_FRAME_CONSTRUCT);
            break;
        case JS_OPC_RETURN:
            if (do_return(loop, pop(loop))) {
                sim__vm_say_jobs(loop);
                return VM_STEP_RETURNED;
            }
            break;
        case JS_OPC_JUMP:
            f->ip += (uint32_t)read_i32(bc, at + 1);
            break;
        case JS_OPC_JUMP_IF_FALSE:
        case JS_OPC_JUMP_IF_TRUE: {
            bool t = sim__vm_truthy(loop, pop(loop));
            if (t == (op == JS_OPC_JUMP_IF_TRUE)) {
                f->ip += (uint32_t)read_i32(bc, at + 1);
            }
            break;
        }
        case JS_OPC_JUMP_IF_FALSE_KEEP:
        case JS_OPC_JUMP_IF_TRUE_KEEP:
        case JS_OPC_JUMP_IF_NOT_NULLISH_KEEP: {
            struct vm_value v = *peek(loop, 0);
            bool jump = op == JS_OPC_JUMP_IF_NOT_NULLISH_KEEP
                            ? (v.tag != VM_NULL && v.tag != VM_UNDEFINED)
                            : sim__vm_truthy(loop, v) == (op == JS_OPC_JUMP_IF_TRUE_KEEP);
            if (jump) {
                f->ip += (uint32_t)read_i32(bc, at + 1);
            } else {
                vm->sp--;
            }
            break;
        }
        case JS_OPC_JUMP_IF_NULLISH: {
            struct vm_value *v = peek(loop, 0);
            if (v->tag == VM_NULL || v->tag == VM_UNDEFINED) {
                *v = vm_undefined();
                f->ip += (uint32_t)read_i32(bc, at + 1);
            }
            break;
        }
        case JS_OPC_BINARY: {
            struct vm_value b = pop(loop);
            struct vm_value a = pop(loop);
            push(loop, binary_op(loop, (enum js_op)bc[at + 1], a, b));
            break;
        }
        case JS_OPC_UNARY: {
            struct vm_value a = pop(loop);
            push(loop, sim__vm_unary(loop, (enum js_op)bc[at + 1], a));
            break;
        }
        case JS_OPC_TYPEOF: {
            struct vm_value a = pop(loop);
            push(loop, sim__vm_typeof(loop, a));
            break;
        }
        case JS_OPC_TO_NUMERIC: {
            struct vm_value a = pop(loop);
            push(loop, vm_number(sim__vm_to_number(loop, a)));
            break;
        }
        case JS_OPC_INC:
        case JS_OPC_DEC: {
            struct vm_value *a = peek(loop, 0);
            a->num += op == JS_OPC_INC ? 1 : -1;
            break;
        }
        case JS_OPC_TEMPLATE:
            push(loop, make_template(loop, u));
            break;
        case JS_OPC_THROW:
            sim__vm_throw(loop, pop(loop));
            break;
        case JS_OPC_TRY:
            if (sim__grow(loop, (void **)&vm->handlers, &vm->handler_cap,
                          sizeof(struct vm_handler), vm->handler_count + 1)) {
                vm->handlers[vm->handler_count++] = (struct vm_handler){
                    .frame = vm->frame_count - 1, .sp = vm->sp,
                    .ip = f->ip + (uint32_t)read_i32(bc, at + 1)};
            }
            break;
        case JS_OPC_END_TRY:
            vm->handler_count--;
            break;
        case JS_OPC_ITER_ARRAY: {
            struct vm_value v = pop(loop);
            push(loop, iterable_array(loop, v));
            break;
        }
        case JS_OPC_ITER_NEXT: {
            struct vm_value arr = local(loop, f, u);
            struct vm_value *idx = &vm->stack[f->base + u + 1];
            uint32_t i = (uint32_t)idx->num;
            if (i >= sim__vm_obj(loop, arr.ref)->elem_count) {
                f->ip += (uint32_t)read_i32(bc, at + 3);
                break;
            }
            idx->num += 1;
            push(loop, sim__vm_elems(loop, arr.ref)[i]);
            break;
        }
        case JS_OPC_DESTRUCTURE_CHECK: {
            struct vm_value v = *peek(loop, 0);
            if (v.tag == VM_NULL || v.tag == VM_UNDEFINED) {
                sim__vm_throw_error(loop, VM_TYPE_ERROR, "Cannot destructure '%s' as it is %s.",
                                    v.tag == VM_NULL ? "null" : "undefined",
                                    v.tag == VM_NULL ? "null" : "undefined");
            }
            break;
        }
        case JS_OPC_THIS:
            push(loop, f->this_value);
            break;
        case JS_OPC_CALLEE:
            push(loop, vm_object(f->closure));
            break;
        case JS_OPC_AWAIT:
            if (sim__vm_await(loop, pop(loop))) {
                sim__vm_say_jobs(loop);
                return VM_STEP_RETURNED;
            }
            break;
        case JS_OPC_IMPORT_META: {
            uint32_t m = sim__vm_object_new(loop, VM_OBJ_PLAIN, vm->object_proto);
            if (!loop->error) {
                sim__vm_put_c(loop, m, "url", sim__vm_cstring(loop, "file:///main.mjs"));
            }
            push(loop, vm_object(m));
            break;
        }
        case JS_OPCODE_COUNT:
            loop->error = SIM_EINVAL;
            break;
        }
    }
}

/*
 * Starts a call of `fn` with `argc` arguments as the engine's callback: an entry frame, whose
 * return ends it. False when it threw at once (a native callee) or memory ran out.
 */
bool sim__vm_enter(struct sim_loop *loop, struct vm_value fn, struct vm_value this_value,
                   const struct vm_value *args, uint32_t argc)
{
    struct vm_state *vm = &loop->vm;
    vm->budget = VM_BUDGET;
    vm->entry = vm->frame_count;
    vm->entry_sp = vm->sp;
    push(loop, fn);
    uint32_t base = vm->sp;
    for (uint32_t i = 0; i < argc; i++) {
        push(loop, args[i]);
    }
    if (loop->error) {
        return false;
    }
    if (!vm_is_object(fn, loop, VM_OBJ_FUNCTION)) {
        /* A native callback (a promise job): it finishes at once, or calls out. */
        enum vm_native_result r = call_value(loop, fn, this_value, base, argc, VM_FRAME_CALL);
        return r != VM_NATIVE_THREW || vm->frame_count > vm->entry;
    }
    return enter(loop, fn.ref, this_value, base, argc, VM_FRAME_ENTRY);
}

/* Drops the running callback's frames (an uncaught throw, process.exit, a runaway). */
void sim__vm_abort(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    if (vm->frame_count > vm->entry) {
        vm->sp = vm->frames[vm->entry].base > 0 ? vm->frames[vm->entry].base - 1 : 0;
        vm->handler_count = vm->frames[vm->entry].handlers;
        vm->frame_count = vm->entry;
    }
    vm->throwing = false;
}

/* The main script: proto 0 as a closure, called with this = module.exports (CommonJS). */
bool sim__vm_enter_main(struct sim_loop *loop)
{
    if (!loop->vm.ready) {
        sim__vm_natives_init(loop);
        if (loop->error) {
            return false;
        }
    }
    uint32_t fn = sim__vm_object_new(loop, VM_OBJ_FUNCTION, loop->vm.function_proto);
    if (loop->error) {
        return false;
    }
    sim__vm_obj(loop, fn)->inner = (struct vm_value){.tag = VM_NUMBER, .ref = 0};
    uint32_t exports = sim__vm_object_new(loop, VM_OBJ_PLAIN, loop->vm.object_proto);
    bool module = code_of(loop)->ast->nodes[code_of(loop)->ast->root].flags & JS_F_MODULE;
    if (module) {
        /* An ES module has no CommonJS wrapper: these are not defined in it. */
        static const char *const cjs[] = {"require", "module", "exports", "__filename",
                                          "__dirname"};
        for (size_t i = 0; i < sizeof(cjs) / sizeof(cjs[0]); i++) {
            sim__vm_remove(loop, loop->vm.global, sim__vm_cstring(loop, cjs[i]));
        }
    }
    return sim__vm_enter(loop, vm_object(fn), module ? vm_undefined() : vm_object(exports),
                         NULL, 0);
}
