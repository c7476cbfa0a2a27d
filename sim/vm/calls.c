/*
 * calls.c - calls and returns: entering a closure's frame, calling a native, a native's call
 * out to a function and its continuation, unwinding a throw to its handler, and the entry
 * points the engine calls a callback through.
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

/* ---- The stack and calls ----------------------------------------------------------------- */

/*
 * A rest parameter: the arguments from the `fixed` ones on become an array, in the slot after
 * them (missing fixed ones undefined). False when it threw (the stack is full).
 */
static bool gather_rest(struct sim_loop *loop, uint32_t fixed, uint32_t args, uint32_t argc)
{
    struct vm_state *vm = &loop->vm;
    uint32_t rest = sim__vm_array_new(loop);
    for (uint32_t i = fixed; i < argc && !loop->error; i++) {
        sim__vm_array_push(loop, rest, vm->stack[args + i]);
    }
    vm->sp = args + (argc < fixed ? argc : fixed);
    while (vm->sp < args + fixed) {
        if (!vm_push(loop, vm_undefined())) {
            return false;
        }
    }
    return vm_push(loop, vm_object(rest));
}

/* enter's every case: a rest parameter, an async function, a stack or frame array to grow, the
   frame limit. */
VM_NOINLINE static bool enter_any(struct sim_loop *loop, uint32_t fn, struct vm_value this_value,
                                  uint32_t args, uint32_t argc, enum vm_frame_kind kind)
{
    struct vm_state *vm = &loop->vm;
    uint32_t proto = vm->objects[fn].inner.ref;
    const struct js_proto *p = &code_of(loop)->protos[proto];
    if (vm->frame_count >= VM_MAX_FRAMES) {
        sim__vm_throw_error(loop, VM_RANGE_ERROR, "Maximum call stack size exceeded");
        return false;
    }
    uint32_t named = p->params;
    if (p->flags & JS_PROTO_REST) {
        if (!gather_rest(loop, p->params, args, argc)) {
            return false;
        }
        named = argc = p->params + 1;
    }
    /* Every slot: the parameters (a missing one undefined; extra arguments are dropped), then
       the locals, each a hole until its declaration runs, so that a let or const of the body
       needs no instruction to start its dead zone (compile_stmt.c, hoist_block). */
    uint32_t slots = p->slots > named ? p->slots : named;
    vm->sp = args + (argc < named ? argc : named);
    while (vm->sp < args + named) {
        if (!vm_push(loop, vm_undefined())) {
            return false;
        }
    }
    while (vm->sp < args + slots) {
        if (!vm_push(loop, (struct vm_value){.tag = VM_HOLE})) {
            return false;
        }
    }
    if (vm->frame_count >= vm->frame_cap &&
        !sim__grow(loop, (void **)&vm->frames, &vm->frame_cap, sizeof(struct vm_frame),
                   vm->frame_count + 1)) {
        return false;
    }
    if (!(p->flags & (JS_PROTO_STRICT | JS_PROTO_ARROW)) &&
        (this_value.tag == VM_UNDEFINED || this_value.tag == VM_NULL)) {
        this_value = vm_object(vm->global); /* sloppy mode: a plain call's this is globalThis */
    }
    vm->frames[vm->frame_count++] = (struct vm_frame){
        .closure = fn, .proto = proto, .ip = p->code, .base = args,
        .handlers = vm->handler_count, .this_value = this_value, .resolver = VM_NONE,
        .kind = (uint8_t)kind};
    if (p->flags & JS_PROTO_ASYNC) {
        sim__vm_async_begin(loop, &vm->frames[vm->frame_count - 1]);
    }
    return !loop->error;
}

/*
 * Enters closure `fn` with `argc` arguments at stack[args..]: they become its first local
 * slots (missing ones undefined, extra ones dropped or gathered by a rest parameter). The
 * common case here, with no call: a plain function with room on the stack and for its frame.
 */
static bool enter(struct sim_loop *loop, uint32_t fn, struct vm_value this_value, uint32_t args,
                  uint32_t argc, enum vm_frame_kind kind)
{
    struct vm_state *vm = &loop->vm;
    uint32_t proto = vm->objects[fn].inner.ref;
    const struct js_proto *p = &code_of(loop)->protos[proto];
    uint32_t named = p->params;
    uint32_t slots = p->slots > named ? p->slots : named;
    if ((p->flags & (JS_PROTO_REST | JS_PROTO_ASYNC)) || vm->frame_count >= vm->frame_cap ||
        vm->frame_count >= VM_MAX_FRAMES || args + slots > vm->stack_cap ||
        args + slots > VM_MAX_STACK) {
        return enter_any(loop, fn, this_value, args, argc, kind);
    }
    /* (as enter_any: parameters undefined when missing, then the locals' holes) */
    for (uint32_t i = argc < named ? argc : named; i < slots; i++) {
        vm->stack[args + i] = i < named ? vm_undefined() : (struct vm_value){.tag = VM_HOLE};
    }
    vm->sp = args + slots;
    if (!(p->flags & (JS_PROTO_STRICT | JS_PROTO_ARROW)) &&
        (this_value.tag == VM_UNDEFINED || this_value.tag == VM_NULL)) {
        this_value = vm_object(vm->global); /* sloppy mode: a plain call's this is globalThis */
    }
    vm->frames[vm->frame_count++] = (struct vm_frame){
        .closure = fn, .proto = proto, .ip = p->code, .base = args,
        .handlers = vm->handler_count, .this_value = this_value, .resolver = VM_NONE,
        .kind = (uint8_t)kind};
    return !loop->error;
}

/* The call or new expression of the call instruction running, or NULL. */
static const struct js_node *call_node(const struct sim_loop *loop)
{
    const struct js_code *code = loop->prog->js;
    const struct vm_state *vm = &loop->vm;
    if (vm->call_at == VM_NONE) {
        return NULL;
    }
    const struct js_node *call = &code->ast->nodes[code->nodes[vm->call_at]];
    return call->kind == JS_NODE_CALL || call->kind == JS_NODE_NEW ? call : NULL;
}

/*
 * V8 names what it could not call by its source text ("obj.nothing is not a function"): the
 * callee of the call instruction running, when it is one. False when there is none to quote.
 */
static bool callee_text(struct sim_loop *loop, char *buf, size_t size)
{
    const struct js_code *code = code_of(loop);
    struct vm_state *vm = &loop->vm;
    const struct js_node *call = call_node(loop);
    if (vm->frame_count == 0 || vm->frames[vm->frame_count - 1].kind == VM_FRAME_NATIVE ||
        call == NULL || call->a == JS_NONE) {
        return false;
    }
    const struct js_node *callee = &code->ast->nodes[call->a];
    uint32_t len = callee->end - callee->start;
    snprintf(buf, size, "%.*s", (int)(len > 60 ? 60 : len), code->source + callee->start);
    return true;
}

/*
 * The line of the call being made (where its callee starts), for what names a call by its line
 * and for its line's `// loopsim: Nms`; else the line of the running statement.
 */
uint32_t sim__vm_call_line(const struct sim_loop *loop)
{
    const struct js_node *call = call_node(loop);
    return call != NULL ? call->line : loop->prog->js->ast->nodes[loop->vm.node].line;
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
            char what[96];
            if (!callee_text(loop, what, sizeof(what))) {
                snprintf(what, sizeof(what), "function");
            }
            sim__vm_throw_error(loop, VM_TYPE_ERROR, "%s is not a constructor", what);
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
            vm_push(loop, result);
        }
        return r;
    }
    loop->vm.sp = args;
    char what[96];
    if (!callee_text(loop, what, sizeof(what))) {
        sim__vm_describe_value(loop, callee, what, sizeof(what));
    }
    sim__vm_throw_error(loop, VM_TYPE_ERROR, "%s is not a %s", what,
                        kind == VM_FRAME_CONSTRUCT ? "constructor" : "function");
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
    vm_push(loop, fn);
    uint32_t base = vm->sp;
    for (uint32_t i = 0; i < argc; i++) {
        vm_push(loop, args[i]);
    }
    enum vm_native_result r = call_value(loop, fn, this_value, base, argc, VM_FRAME_CALL);
    if (r == VM_NATIVE_THREW) {
        /* Thrown at once (not a function, a native that threw): unwind takes it to this
           frame, whose continuation hears of it if it catches. */
        return VM_NATIVE_PENDING;
    }
    if (!vm_is_object(fn, loop, VM_OBJ_FUNCTION) && r != VM_NATIVE_PENDING) {
        /* A native callee answered at once: its result replaces its slot. */
        struct vm_value v = vm_pop(loop);
        vm->sp = base - 1;
        vm_push(loop, v);
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
    vm_push(loop, result);
}

void sim__vm_resume_native(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    struct vm_frame f = vm->frames[--vm->frame_count];
    struct vm_value called = vm_pop(loop);
    finish_native(loop, f, called, false);
}

bool sim__vm_return(struct sim_loop *loop, struct vm_value v);

/* ---- Throwing ---------------------------------------------------------------------------- */

/*
 * Unwinds a pending throw to the innermost handler of the running callback. True when one
 * took it (the exception is pushed and the catch code runs next); false when the throw leaves
 * the callback's entry frame (frames down to it are gone).
 */
bool sim__vm_unwind(struct sim_loop *loop, uint32_t entry)
{
    struct vm_state *vm = &loop->vm;
    while (vm->frame_count > entry) {
        struct vm_frame *f = &vm->frames[vm->frame_count - 1];
        if (vm->handler_count > f->handlers) {
            struct vm_handler h = vm->handlers[--vm->handler_count];
            vm->sp = h.sp;
            vm->throwing = false;
            vm_push(loop, vm->exception);
            f->ip = h.ip;
            return true;
        }
        struct vm_frame done = *f;
        vm->frame_count--;
        /* (a native frame's `proto` is its continuation's number, not a proto) */
        bool main = done.kind != VM_FRAME_NATIVE &&
                    (code_of(loop)->protos[done.proto].flags & JS_PROTO_MAIN);
        if (main && (code_of(loop)->ast->nodes[code_of(loop)->ast->root].flags & JS_F_MODULE)) {
            /* Node's ES module loader catches its evaluation's rejection and calls
               triggerUncaughtException(err, true): the origin is 'unhandledRejection'. */
            vm->module_threw = true;
        }
        if (done.resolver != VM_NONE && main) {
            /* A module's top-level await rejected: Node reports it as uncaught at once, past
               the job that resumed it. Its evaluation is settled: no exit code 13. */
            vm->fatal_unwind = true;
            vm->main_promise = 0;
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
        if ((done.flags & VM_FRAME_REACTION) && !vm->fatal_unwind) {
            /* A promise job's handler threw: the job rejects the derived and returns. */
            vm->throwing = false;
            vm->frame_count++;
            vm->frames[vm->frame_count - 1].flags &= (uint8_t)~VM_FRAME_REACTION;
            vm->frames[vm->frame_count - 1].resolver = VM_NONE; /* settled here, not again */
            sim__vm_settle_derived(loop, done.resolver, vm->exception, true);
            sim__vm_return(loop, vm_undefined());
            return true;
        }
        if (done.resolver != VM_NONE && !(done.flags & VM_FRAME_REACTION)) {
            /* A throw leaves an async function: it rejects its promise, which it returns. */
            vm->throwing = false;
            vm->frame_count++;
            vm->frames[vm->frame_count - 1].resolver = VM_NONE;
            sim__vm_resolver_settle(loop, done.resolver, vm->exception, true);
            sim__vm_return(loop, vm_object(sim__vm_resolver_promise(loop, done.resolver)));
            return true;
        }
        vm->sp = done.base;
        vm->handler_count = done.handlers;
    }
    return false;
}

/* Returns from the top frame with value v. True when it was the callback's entry frame. */
bool sim__vm_return(struct sim_loop *loop, struct vm_value v)
{
    struct vm_state *vm = &loop->vm;
    const struct vm_frame *f = &vm->frames[--vm->frame_count];
    uint32_t base = f->base;
    uint8_t kind = f->kind;
    vm->sp = base;
    vm->handler_count = f->handlers;
    if (kind == VM_FRAME_CONSTRUCT && v.tag != VM_OBJECT) {
        v = f->this_value;
    }
    uint32_t resolver = f->resolver;
    if (f->flags & VM_FRAME_REACTION) {
        /* A promise job's handler: what it returned resolves the derived; the job's own
           result is undefined. */
        sim__vm_settle_derived(loop, resolver, v, false);
        v = vm_undefined();
    } else if (resolver != VM_NONE) {
        /* An async function returns its promise; what it returned resolves it. */
        sim__vm_resolver_settle(loop, resolver, v, false);
        v = vm_object(sim__vm_resolver_promise(loop, resolver));
    }
    if (kind == VM_FRAME_ENTRY) {
        vm->sp = base - 1; /* the callee slot sim__vm_enter pushed */
        vm->result = v;
        return true;
    }
    vm->stack[base - 1] = v; /* into the callee's slot, under the arguments */
    vm->sp = base;
    return false;
}

/*
 * A call of native `callee` from bytecode, not by `new`, with at most 16 arguments at
 * stack[args..]: its result goes into stack[into] (the lowest slot of the call: the callee's,
 * or this's for a method) and the stack ends there. What the native pushes (a function it
 * calls out to, whose result comes to the same slot: finish_native) starts above `into`, over
 * the arguments it was given a copy of.
 */
static enum vm_native_result call_native(struct sim_loop *loop, uint32_t callee,
                                         struct vm_value this_value, uint32_t args,
                                         uint32_t argc, uint32_t into)
{
    struct vm_state *vm = &loop->vm;
    struct vm_value argv[16];
    for (uint32_t i = 0; i < argc; i++) {
        argv[i] = vm->stack[args + i];
    }
    vm->sp = into + 1;
    vm->native_self = callee;
    struct vm_value result = vm_undefined();
    enum vm_native_result r =
        sim__vm_natives[vm->objects[callee].native].fn(loop, this_value, argv, argc, &result);
    if (r != VM_NATIVE_THREW && r != VM_NATIVE_PENDING) {
        vm->stack[into] = result; /* (below the stack's top before the call: it fits) */
        vm->sp = into + 1;
    }
    return r;
}

/* A closure called (not constructed) with n arguments: sim__vm_op_call's common case. */
VM_NOINLINE static enum vm_native_result call_closure(struct sim_loop *loop, uint32_t n,
                                                      bool method)
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
    /* The callee slot stays under the frame (sim__vm_return puts the result there). */
    return enter(loop, callee.ref, this_value, args, n, VM_FRAME_CALL) ? VM_NATIVE_OK
                                                                       : VM_NATIVE_THREW;
}

/* Every other call: a constructor, a native with more than 16 arguments, no function. */
VM_NOINLINE static enum vm_native_result call_other(struct sim_loop *loop, uint32_t n,
                                                    bool method, enum vm_frame_kind kind)
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
        struct vm_value proto = sim__vm_get(loop, callee, sim__vm_name(loop, VM_NAME_PROTOTYPE));
        uint32_t o = sim__vm_object_new(loop, VM_OBJ_PLAIN,
                                        proto.tag == VM_OBJECT ? proto.ref : vm->object_proto);
        this_value = vm_object(o);
    }
    /* The callee slot stays under a closure's frame (sim__vm_return drops it); a native's
       result replaces it. */
    enum vm_native_result r = call_value(loop, callee, this_value, args, n, kind);
    if (r != VM_NATIVE_THREW && r != VM_NATIVE_PENDING &&
        !vm_is_object(callee, loop, VM_OBJ_FUNCTION)) {
        struct vm_value result = vm_pop(loop);
        vm->sp = args - 1;
        vm_push(loop, result);
    }
    return r;
}

/*
 * Calls with n arguments on the stack, under them the callee (and this, for a method). The
 * common cases go straight to their own functions, so that this one saves no registers.
 */
enum vm_native_result sim__vm_op_call(struct sim_loop *loop, uint32_t n, bool method,
                                     enum vm_frame_kind kind)
{
    struct vm_state *vm = &loop->vm;
    uint32_t args = vm->sp - n;
    struct vm_value callee = vm->stack[args - 1];
    if (kind != VM_FRAME_CONSTRUCT && callee.tag == VM_OBJECT) {
        uint8_t what = vm->objects[callee.ref].kind;
        if (what == VM_OBJ_NATIVE && n <= 16) {
            struct vm_value this_value = method ? vm->stack[args - 2] : vm_undefined();
            return call_native(loop, callee.ref, this_value, args, n,
                               args - 1 - (method ? 1 : 0));
        }
        if (what == VM_OBJ_FUNCTION && kind == VM_FRAME_CALL) {
            return call_closure(loop, n, method);
        }
    }
    return call_other(loop, n, method, kind);
}

/* Spreads the array on top into arguments: CALL_SPREAD's and NEW_SPREAD's form. */
uint32_t sim__vm_spread_args(struct sim_loop *loop)
{
    struct vm_value arr = vm_pop(loop);
    uint32_t n = sim__vm_obj(loop, arr.ref)->elem_count;
    for (uint32_t i = 0; i < n; i++) {
        if (!vm_push(loop, sim__vm_elems(loop, arr.ref)[i])) {
            return UINT32_MAX; /* the stack is full: a RangeError is thrown */
        }
    }
    return n;
}

/*
 * Starts a call of `fn` with `argc` arguments as the engine's callback: an entry frame, whose
 * return ends it. False when it threw at once (a native callee) or memory ran out.
 */
bool sim__vm_enter(struct sim_loop *loop, struct vm_value fn, struct vm_value this_value,
                   const struct vm_value *args, uint32_t argc)
{
    struct vm_state *vm = &loop->vm;
    vm->budget = VM_BUDGET_OF(loop);
    vm->callback_busy_ns = 0;
    vm->entry = vm->frame_count;
    vm->entry_sp = vm->sp;
    vm_push(loop, fn);
    uint32_t base = vm->sp;
    for (uint32_t i = 0; i < argc; i++) {
        vm_push(loop, args[i]);
    }
    if (loop->error) {
        return false;
    }
    if (!vm_is_object(fn, loop, VM_OBJ_FUNCTION)) {
        /* A native callback (a promise job, a promise form's settling): it runs in the next
           step (sim__vm_call_due), so that what it queues is that step's event, not this
           action's, which started the callback. */
        vm->native_due = true;
        vm->native_this = this_value;
        vm->native_argc = argc;
        return true;
    }
    return enter(loop, fn.ref, this_value, base, argc, VM_FRAME_ENTRY);
}

/* The native callback sim__vm_enter left for this step: it finishes at once, or calls out. */
void sim__vm_call_due(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    vm->native_due = false;
    call_value(loop, vm->stack[vm->entry_sp], vm->native_this, vm->entry_sp + 1,
               vm->native_argc, VM_FRAME_CALL);
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
    if (vm->native_due) {
        vm->native_due = false; /* the native callback never ran: its call is dropped */
        vm->sp = vm->entry_sp;
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
    bool ok = sim__vm_enter(loop, vm_object(fn), module ? vm_undefined() : vm_object(exports),
                            NULL, 0);
    struct vm_state *vm = &loop->vm;
    if (ok && vm->frame_count > 0 && vm->frames[vm->frame_count - 1].resolver != VM_NONE) {
        vm->main_promise = sim__vm_resolver_promise(loop, vm->frames[vm->frame_count - 1].resolver);
    }
    return ok;
}
