/*
 * async.c - async functions as resumable frames (reference/promises-and-async.md §4).
 *
 * Calling an async function makes its promise at once and runs its body as any call. `await v`
 * takes PromiseResolve(v) and registers the function's resumption as that promise's reaction
 * (no derived promise: V8's await since the 2019 change, one job for a native promise; the Node
 * 10 profile keeps the older three), then
 * moves the frame off the stack into a coroutine record and hands the promise to the caller.
 * The reaction's job puts the frame back and goes on with the value, or throws the reason at
 * the await. Returning settles the promise through its resolve function (a returned promise
 * takes the two extra jobs of a thenable); a throw that leaves the body rejects it.
 *
 * A coroutine record is an array: [closure, proto, ip, this, resolver, value count, handler
 * count, the frame's stack (its callee slot first), its handlers as (sp - base, ip) pairs].
 */
#include "natives.h"
#include "vm_internal.h"

#include <stdio.h>

enum { CO_CLOSURE, CO_PROTO, CO_IP, CO_THIS, CO_RESOLVER, CO_VALUES, CO_HANDLERS, CO_HEAD };

static struct vm_value num(double d)
{
    return vm_number(d);
}

/* An async function's frame starts: its promise and the resolver that settles it. */
void sim__vm_async_begin(struct sim_loop *loop, struct vm_frame *f)
{
    uint32_t p = sim__vm_promise_new(loop);
    f->resolver = loop->error ? VM_NONE : sim__vm_resolver_new(loop, p);
}

static struct vm_value async_promise(struct sim_loop *loop, const struct vm_frame *f)
{
    return vm_object(sim__vm_resolver_promise(loop, f->resolver));
}

/* Moves the top frame into a coroutine record (the frame stays: the caller pops it). */
static uint32_t save_frame(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    struct vm_frame *f = &vm->frames[vm->frame_count - 1];
    uint32_t from = f->base - 1;
    uint32_t values = vm->sp - from;
    uint32_t handlers = vm->handler_count - f->handlers;
    uint32_t co = sim__vm_object_new(loop, VM_OBJ_ARRAY, VM_NONE);
    struct vm_value head[CO_HEAD] = {vm_object(f->closure), num(f->proto), num(f->ip),
                                     f->this_value, vm_object(f->resolver), num(values),
                                     num(handlers)};
    for (uint32_t i = 0; i < CO_HEAD && !loop->error; i++) {
        sim__vm_array_push(loop, co, head[i]);
    }
    for (uint32_t i = 0; i < values && !loop->error; i++) {
        sim__vm_array_push(loop, co, vm->stack[from + i]);
    }
    for (uint32_t i = 0; i < handlers && !loop->error; i++) {
        const struct vm_handler *h = &vm->handlers[f->handlers + i];
        sim__vm_array_push(loop, co, num((double)h->sp - (double)f->base));
        sim__vm_array_push(loop, co, num(h->ip));
    }
    return co;
}

/*
 * The promise an await waits on: PromiseResolve(v), or, under the Node 10 profile (V8 6.8),
 * a new promise resolved with v, so a native promise takes two jobs more (the thenable job and
 * its then): the three-job await before V8 7.2 (reference/promises-and-async.md §4).
 */
static uint32_t await_promise(struct sim_loop *loop, struct vm_value v)
{
    if (loop->cfg->node != SIM_NODE_10) {
        return sim__vm_promise_resolve(loop, v);
    }
    uint32_t q = sim__vm_promise_new(loop);
    if (!loop->error) {
        sim__vm_promise_resolve_value(loop, q, v);
    }
    return q;
}

/*
 * `await v` in the top frame: the resumption is registered on PromiseResolve(v), the frame is
 * put away, and the function's promise goes to its caller. Returns true when the frame was
 * the callback's entry (the callback has returned: vm.result holds the promise).
 */
bool sim__vm_await(struct sim_loop *loop, struct vm_value v)
{
    struct vm_state *vm = &loop->vm;
    struct vm_frame *f = &vm->frames[vm->frame_count - 1];
    if (f->resolver == VM_NONE) {
        sim__vm_throw_error(loop, VM_SYNTAX_ERROR, "await is only valid in async functions "
                                                   "and the top level bodies of modules");
        return false;
    }
    uint32_t q = await_promise(loop, v);
    uint32_t co = save_frame(loop);
    if (loop->error) {
        return false;
    }
    struct vm_value fn = vm_object(f->closure);
    struct vm_value label = sim__vm_job_label(loop, fn, "await");
    sim__vm_promise_then(loop, q, sim__vm_bound(loop, VM_NATIVE_AWAIT_FULFILLED, vm_object(co)),
                         sim__vm_bound(loop, VM_NATIVE_AWAIT_REJECTED, vm_object(co)),
                         vm_undefined(), label);
    f = &vm->frames[vm->frame_count - 1];
    struct vm_value promise = async_promise(loop, f);
    struct vm_frame done = vm->frames[--vm->frame_count];
    vm->handler_count = done.handlers;
    vm->sp = done.base - 1;
    if (done.kind == VM_FRAME_ENTRY) {
        vm->result = promise;
        return true;
    }
    vm->stack[vm->sp++] = promise; /* in the callee's slot, as a return would */
    return false;
}

/* Puts a coroutine's frame back on the stack, as a call from the native running now. */
static bool restore(struct sim_loop *loop, uint32_t co)
{
    struct vm_state *vm = &loop->vm;
    const struct vm_value *c = sim__vm_elems(loop, co);
    uint32_t values = (uint32_t)c[CO_VALUES].num;
    uint32_t handlers = (uint32_t)c[CO_HANDLERS].num;
    if (vm->frame_count >= VM_MAX_FRAMES || vm->sp + values >= VM_MAX_STACK) {
        sim__vm_throw_error(loop, VM_RANGE_ERROR, "Maximum call stack size exceeded");
        return false;
    }
    if (!sim__grow(loop, (void **)&vm->stack, &vm->stack_cap, sizeof(struct vm_value),
                   vm->sp + values + 1) ||
        !sim__grow(loop, (void **)&vm->frames, &vm->frame_cap, sizeof(struct vm_frame),
                   vm->frame_count + 1) ||
        !sim__grow(loop, (void **)&vm->handlers, &vm->handler_cap, sizeof(struct vm_handler),
                   vm->handler_count + handlers)) {
        return false;
    }
    c = sim__vm_elems(loop, co);
    uint32_t from = vm->sp;
    for (uint32_t i = 0; i < values; i++) {
        vm->stack[vm->sp++] = c[CO_HEAD + i];
    }
    uint32_t base = from + 1;
    uint32_t first_handler = vm->handler_count;
    for (uint32_t i = 0; i < handlers; i++) {
        const struct vm_value *h = &c[CO_HEAD + values + 2 * i];
        vm->handlers[vm->handler_count++] = (struct vm_handler){
            .frame = vm->frame_count, .sp = base + (uint32_t)(int32_t)h[0].num,
            .ip = (uint32_t)h[1].num};
    }
    vm->frames[vm->frame_count++] = (struct vm_frame){
        .closure = c[CO_CLOSURE].ref, .proto = (uint32_t)c[CO_PROTO].num,
        .ip = (uint32_t)c[CO_IP].num, .base = base, .handlers = first_handler,
        .this_value = c[CO_THIS], .resolver = c[CO_RESOLVER].ref, .kind = VM_FRAME_CALL};
    return true;
}

/* The await's reactions: go on with the value, or throw the reason at the await. */
static enum vm_native_result resume(struct sim_loop *loop, const struct vm_value *args,
                                    uint32_t argc, bool rejected)
{
    struct vm_value v = argc > 0 ? args[0] : vm_undefined();
    uint32_t co = sim__vm_obj(loop, loop->vm.native_self)->inner.ref;
    if (!restore(loop, co)) {
        return VM_NATIVE_THREW;
    }
    if (rejected) {
        sim__vm_throw(loop, v);
    } else {
        loop->vm.stack[loop->vm.sp++] = v; /* restore made room for it */
    }
    return VM_NATIVE_PENDING;
}

enum vm_native_result sim__vm_await_fulfilled(struct sim_loop *loop, struct vm_value this_value,
                                              const struct vm_value *args, uint32_t argc,
                                              struct vm_value *result)
{
    (void)this_value;
    (void)result;
    return resume(loop, args, argc, false);
}

enum vm_native_result sim__vm_await_rejected(struct sim_loop *loop, struct vm_value this_value,
                                             const struct vm_value *args, uint32_t argc,
                                             struct vm_value *result)
{
    (void)this_value;
    (void)result;
    return resume(loop, args, argc, true);
}
