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

/* ---- The dispatch loop ------------------------------------------------------------------- */

/* Each instruction's operand bytes (code.h's table, here so that the loop reads it inline). */
static const uint8_t operands[] = {
#define X(e, n, what) n,
    JS_OPCODE_MAP(X)
#undef X
};

/* The instructions after which the dispatch loop looks again at what may end the step: those
   that call, return, suspend or throw (the others change neither the frames nor the events).
   Each of their cases stores the budget first (see step()): one store before the switch for
   all of them measured 3% more instructions on microtasks-1m. */
static const bool leaves[JS_OPCODE_COUNT] = {
    [JS_OPC_CALL] = true,       [JS_OPC_CALL_METHOD] = true, [JS_OPC_CALL_SPREAD] = true,
    [JS_OPC_NEW] = true,        [JS_OPC_NEW_SPREAD] = true,  [JS_OPC_RETURN] = true,
    [JS_OPC_RETURN_UNDEFINED] = true,
    [JS_OPC_THROW] = true,      [JS_OPC_AWAIT] = true,       [JS_OPC_CHECK_CONST] = true,
};

/* Operands are little-endian (code.h); one load where the machine is too. */
static uint16_t read_u16(const uint8_t *code, uint32_t at)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint16_t u;
    memcpy(&u, code + at, sizeof(u));
    return u;
#else
    return (uint16_t)(code[at] | (code[at + 1] << 8));
#endif
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

/* The variable an INC_LOCAL, INC_BOXED or INC_CAPTURE instruction counts with. */
static struct vm_value *counter(struct sim_loop *loop, const struct vm_frame *f,
                                enum js_opcode op, uint32_t u)
{
    if (op == JS_OPC_INC_LOCAL) {
        return &loop->vm.stack[f->base + u];
    }
    return box_of(loop, op == JS_OPC_INC_BOXED ? local(loop, f, u) : capture(loop, f, u));
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
    struct vm_value boxes[16]; /* a closure's boxes are its elements, in one run when few */
    uint32_t n = proto->capture_count <= 16 ? proto->capture_count : 0;
    for (uint32_t i = 0; i < n; i++) {
        const struct js_capture *cap = &code->captures[proto->captures + i];
        boxes[i] = cap->from_local ? local(loop, f, cap->index) : capture(loop, f, cap->index);
    }
    uint32_t fn = sim__vm_object_from(loop, VM_OBJ_FUNCTION, loop->vm.function_proto, boxes, n);
    if (loop->error) {
        return vm_undefined();
    }
    sim__vm_obj(loop, fn)->inner = (struct vm_value){.tag = VM_NUMBER, .ref = p};
    for (uint32_t i = n; i < proto->capture_count && !loop->error; i++) {
        const struct js_capture *cap = &code->captures[proto->captures + i];
        struct vm_value box = cap->from_local ? local(loop, f, cap->index)
                                              : capture(loop, f, cap->index);
        sim__vm_array_push(loop, fn, box);
    }
    if (!(proto->flags & (JS_PROTO_ARROW | JS_PROTO_ASYNC))) {
        /* F.prototype, for `new F()`. */
        uint32_t pr = sim__vm_object_new(loop, VM_OBJ_PLAIN, loop->vm.object_proto);
        if (!loop->error) {
            sim__vm_put_hidden_key(loop, pr, sim__vm_name(loop, VM_NAME_CONSTRUCTOR),
                                   vm_object(fn));
            sim__vm_put_hidden_key(loop, fn, sim__vm_name(loop, VM_NAME_PROTOTYPE),
                                   vm_object(pr));
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
        struct vm_value proto = sim__vm_get(loop, b, sim__vm_name(loop, VM_NAME_PROTOTYPE));
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
        return vm_bool(sim__vm_find_prop(loop, b.ref, key) != NULL ||
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
    sim__vm_describe_value(loop, v, what, sizeof(what));
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

/*
 * The time the code spent reading the clock goes on the loop's clock: said by a block event
 * ("busy") once it adds up to a millisecond, or when the callback returns, in a step that made
 * no other event; below that it keeps adding up (Date.now() reads it meanwhile).
 */
static void flush_busy(struct sim_loop *loop, uint64_t events, bool returned)
{
    struct vm_state *vm = &loop->vm;
    if (vm->busy_ns == 0 || (!returned && vm->busy_ns < NS_PER_MS)) {
        return;
    }
    bool quiet = loop->events.seq != events;
    if (quiet && !returned) {
        return; /* the next step says it */
    }
    uint64_t busy = vm->busy_ns;
    vm->busy_ns = 0;
    uint64_t from = sim__vm_clock_read(loop);
    if (!quiet) {
        struct pending_event *pe = sim__emit(loop, SIM_EVENT_BLOCK, SIM_REASON_NONE, SIM_NONE);
        pe->ev.duration_ns = busy;
        sim__emit_text(loop, pe, "busy: the code read the clock in a loop");
    }
    sim__clock_advance(loop, from + busy);
}

static enum vm_step step(struct sim_loop *loop);

/*
 * The global named by constant k: where the last lookup found it (vm.global_at, checked by
 * the key, which a lookup by a constant turns into that constant), else a search.
 */
VM_NOINLINE static struct vm_prop *find_global(struct sim_loop *loop, uint32_t k)
{
    struct vm_state *vm = &loop->vm;
    struct vm_prop *p = sim__vm_own(loop, vm->global, sim__vm_const_string(k));
    if (p != NULL && k < vm->global_at_cap) {
        vm->global_at[k] = (uint32_t)(p - &vm->props[vm->objects[vm->global].props]);
    }
    return p;
}

static struct vm_prop *global_of(struct sim_loop *loop, uint32_t k)
{
    struct vm_state *vm = &loop->vm;
    const struct vm_object *g = &vm->objects[vm->global];
    if (k < vm->global_at_cap) {
        uint32_t at = vm->global_at[k];
        if (at < g->prop_count && vm->props[g->props + at].key == (VM_STR_CONST | k)) {
            return &vm->props[g->props + at];
        }
    }
    return find_global(loop, k); /* (out of line: a hit costs no call) */
}

/*
 * o[constant k], for GET_PROP: where the last lookup by k found it (vm.prop_at), when o is the
 * object that held it, or has no properties of its own and that object as its prototype (a
 * method of a class of objects: a promise's `then`); the key at that index says it still is.
 * Else a search along the chain, which is remembered when it finds k at one of those two. An
 * array's or a Buffer's indexes and length, and a function's name and length, are sim__vm_get's.
 */
/* get_prop's search, out of line so that a hit costs no call and no saved register. */
VM_NOINLINE static struct vm_value find_prop(struct sim_loop *loop, struct vm_value o, uint32_t k)
{
    struct vm_state *vm = &loop->vm;
    struct vm_value key = sim__vm_const_string(k);
    if (o.tag != VM_OBJECT || k >= vm->prop_at_cap ||
        vm->objects[o.ref].kind == VM_OBJ_ARRAY || vm->objects[o.ref].kind == VM_OBJ_BUFFER) {
        return sim__vm_get(loop, o, key);
    }
    const struct vm_object *obj = &vm->objects[o.ref];
    uint32_t holder = obj->prop_count > 0 ? o.ref : obj->proto;
    struct vm_prop *p = holder != VM_NONE ? sim__vm_own(loop, holder, key) : NULL;
    if (p == NULL) {
        return sim__vm_get(loop, o, key);
    }
    vm->prop_at[k] = (struct vm_prop_at){holder,
                                         (uint32_t)(p - &vm->props[vm->objects[holder].props])};
    return p->value;
}

static struct vm_value get_prop(struct sim_loop *loop, struct vm_value o, uint32_t k)
{
    const struct vm_state *vm = &loop->vm;
    if (o.tag == VM_OBJECT && k < vm->prop_at_cap) {
        const struct vm_object *obj = &vm->objects[o.ref];
        const struct vm_prop_at *cache = &vm->prop_at[k];
        if (obj->kind != VM_OBJ_ARRAY && obj->kind != VM_OBJ_BUFFER &&
            (cache->holder == o.ref || (obj->prop_count == 0 && cache->holder == obj->proto))) {
            const struct vm_object *h = &vm->objects[cache->holder];
            if (cache->at < h->prop_count &&
                vm->props[h->props + cache->at].key == (VM_STR_CONST | k)) {
                return vm->props[h->props + cache->at].value;
            }
        }
    }
    return find_prop(loop, o, k);
}

/*
 * After a call or a return made in the inner loop: true when it did nothing that the outer
 * loop must see (an error, a throw, an event, a queued job, an exit) and the frame now on top
 * runs bytecode (not a native's continuation), which then goes on in the inner loop.
 */
VM_ALWAYS_INLINE static inline bool runs_on(const struct sim_loop *loop, uint64_t events)
{
    const struct vm_state *vm = &loop->vm;
    return !loop->error && !vm->throwing && vm->jobs_queued == 0 && !vm->exit_requested &&
           loop->events.seq == events &&
           vm->frames[vm->frame_count - 1].kind != VM_FRAME_NATIVE;
}

/*
 * Runs the callback in progress until its next statement, an event, its return or an uncaught
 * throw; then any time it spent reading the clock goes on the loop's clock.
 */
enum vm_step sim__vm_step(struct sim_loop *loop)
{
    uint64_t events = loop->events.seq; /* what the engine has emitted (the buffer's length
                                          starts again at 0 once its events are taken) */
    enum vm_step r = step(loop);
    flush_busy(loop, events, r != VM_STEP_MORE);
    return r;
}

/*
 * The dispatch loop: the flat switch is the instruction set of code.h, in its order.
 *
 * Two loops. The outer one looks at everything that can end the step or change what runs
 * (an error, a throw, a finished callback, an exit, an event, a native frame); the inner one
 * runs the instructions that change none of that one after another, with the next
 * instruction's offset (`next`, which a jump moves) and the budget in registers, and goes back
 * to the outer one after an instruction of `leaves` (a call, a return, an await, a throw) or
 * one that threw. A case that can neither throw nor leave (a push that fits, a jump, a local,
 * arithmetic on numbers) goes on with `continue`, past those checks. f->ip, which only the
 * outer loop and what a frame is saved into read, is stored when the inner loop ends and by
 * the cases that call or suspend (before a new frame may move the frames); vm->budget by the
 * cases of `leaves` and when the inner loop ends, since only those cases read it or start it
 * again (a call of Date.now: natives.c).
 */
static enum vm_step step(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    const struct js_code *code = code_of(loop);
    const uint8_t *bc = code->bytes;
    uint64_t events = loop->events.seq;
    if (vm->native_due) {
        sim__vm_call_due(loop);
    }
    for (;;) {
        if (loop->error) {
            return VM_STEP_ERROR;
        }
        if (vm->throwing) {
            if (!sim__vm_unwind(loop, vm->entry)) {
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
        if (loop->events.seq != events) {
            return VM_STEP_MORE; /* a native made this action's event */
        }
        struct vm_frame *f = &vm->frames[vm->frame_count - 1];
        if (f->kind == VM_FRAME_NATIVE) {
            if (vm->budget == 0) {
                return VM_STEP_RUNAWAY;
            }
            vm->budget--;
            sim__vm_resume_native(loop);
            continue;
        }
        uint32_t at = f->ip;
        uint32_t next = at;
        uint64_t budget = vm->budget; /* in a register; vm->budget gets it when the loop ends */
        for (;; at = next) {
            if (budget == 0) {
                vm->budget = 0;
                f->ip = at;
                return VM_STEP_RUNAWAY;
            }
            --budget;
            enum js_opcode op = (enum js_opcode)bc[at];
            while (op == JS_OPC_STMT) {
                if (vm->busy_ns >= NS_PER_MS) {
                    vm->budget = budget;
                    f->ip = at;
                    return VM_STEP_MORE; /* a millisecond of waiting on the clock: say it */
                }
                /* Where the code is: what the program pane marks at the event this step
                   makes. A statement that makes no event runs on in the same step, and its
                   first instruction in the same dispatch. */
                vm->node = code->nodes[at];
                op = (enum js_opcode)bc[++at];
            }
            if ((unsigned)op >= JS_OPCODE_COUNT) {
                loop->error = SIM_EINVAL;
                return VM_STEP_ERROR;
            }
            next = at + 1 + operands[op]; /* a jump adds its offset to it */
            uint32_t u = read_u16(bc, at + 1); /* junk for an instruction without (JS_CODE_PAD) */
            switch (op) {
            case JS_OPC_STMT:
                break;
            case JS_OPC_UNDEFINED:
                if (vm_push(loop, vm_undefined())) {
                    continue;
                }
                break; /* the stack is full: a RangeError */
            case JS_OPC_NULL:
                if (vm_push(loop, vm_null())) {
                    continue;
                }
                break; /* the stack is full: a RangeError */
            case JS_OPC_TRUE:
                if (vm_push(loop, vm_bool(true))) {
                    continue;
                }
                break; /* the stack is full: a RangeError */
            case JS_OPC_FALSE:
                if (vm_push(loop, vm_bool(false))) {
                    continue;
                }
                break; /* the stack is full: a RangeError */
            case JS_OPC_HOLE:
                if (vm_push(loop, (struct vm_value){.tag = VM_HOLE})) {
                    continue;
                }
                break; /* the stack is full: a RangeError */
            case JS_OPC_NUMBER:
                if (vm_push(loop, vm_number(code->numbers[u]))) {
                    continue;
                }
                break; /* the stack is full: a RangeError */
            case JS_OPC_STRING:
                if (vm_push(loop, sim__vm_const_string(u))) {
                    continue;
                }
                break; /* the stack is full: a RangeError */
            case JS_OPC_POP:
                vm->sp--;
                continue;
            case JS_OPC_DUP:
                if (vm_push(loop, *vm_peek(loop, 0))) {
                    continue;
                }
                break; /* the stack is full: a RangeError */
            case JS_OPC_DUP2: {
                struct vm_value a = *vm_peek(loop, 1);
                struct vm_value b = *vm_peek(loop, 0);
                if (vm_push(loop, a) && vm_push(loop, b)) {
                    continue;
                }
                break;
            }
            case JS_OPC_SWAP: {
                struct vm_value t = *vm_peek(loop, 0);
                *vm_peek(loop, 0) = *vm_peek(loop, 1);
                *vm_peek(loop, 1) = t;
                continue;
            }
            case JS_OPC_ROT3: {
                struct vm_value c = *vm_peek(loop, 0);
                *vm_peek(loop, 0) = *vm_peek(loop, 1);
                *vm_peek(loop, 1) = *vm_peek(loop, 2);
                *vm_peek(loop, 2) = c;
                continue;
            }
            case JS_OPC_GET_LOCAL:
                if (vm_push(loop, local(loop, f, u))) {
                    continue;
                }
                break; /* the stack is full: a RangeError */
            case JS_OPC_SET_LOCAL:
                vm->stack[f->base + u] = *vm_peek(loop, 0);
                continue;
            case JS_OPC_PUT_LOCAL:
                vm->stack[f->base + u] = vm_pop(loop);
                continue;
            case JS_OPC_GET_LOCAL_CHECKED: {
                struct vm_value v = local(loop, f, u);
                if (v.tag == VM_HOLE) {
                    throw_tdz(loop, read_u16(bc, at + 3));
                    break;
                }
                if (vm_push(loop, v)) {
                    continue;
                }
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
                struct vm_value boxv = op == JS_OPC_GET_BOXED ? local(loop, f, u)
                                                              : capture(loop, f, u);
                struct vm_value v = *box_of(loop, boxv);
                if (v.tag == VM_HOLE) {
                    throw_tdz(loop, read_u16(bc, at + 3));
                    break;
                }
                if (vm_push(loop, v)) {
                    continue;
                }
                break;
            }
            case JS_OPC_SET_BOXED:
                *box_of(loop, local(loop, f, u)) = *vm_peek(loop, 0);
                continue;
            case JS_OPC_PUT_BOXED:
                *box_of(loop, local(loop, f, u)) = vm_pop(loop);
                continue;
            case JS_OPC_SET_CAPTURE:
                *box_of(loop, capture(loop, f, u)) = *vm_peek(loop, 0);
                continue;
            case JS_OPC_GET_CAPTURE_VALUE:
                if (vm_push(loop, capture(loop, f, u))) {
                    continue;
                }
                break; /* the stack is full: a RangeError */
            case JS_OPC_INC_LOCAL:
            case JS_OPC_INC_BOXED:
            case JS_OPC_INC_CAPTURE: {
                struct vm_value *v = counter(loop, f, op, u);
                if (v->tag == VM_HOLE) {
                    throw_tdz(loop, read_u16(bc, at + 3));
                    break;
                }
                double by = bc[at + 5] == 0 ? 1 : -1;
                if (v->tag == VM_NUMBER) {
                    v->num += by;
                    continue;
                } else {
                    double x = sim__vm_to_number(loop, *v) + by;
                    *counter(loop, f, op, u) = vm_number(x);
                }
                break;
            }
            case JS_OPC_CHECK_CONST:
                vm->budget = budget;
                sim__vm_throw_error(loop, VM_TYPE_ERROR, "Assignment to constant variable.");
                break;
            case JS_OPC_GET_GLOBAL:
            case JS_OPC_TYPEOF_GLOBAL: {
                struct vm_prop *p = global_of(loop, u);
                if (p == NULL && op == JS_OPC_GET_GLOBAL) {
                    const struct js_string *s = &code->strings[u];
                    sim__vm_throw_error(loop, VM_REFERENCE_ERROR, "%.*s is not defined",
                                        (int)(s->len > 60 ? 60 : s->len), s->bytes);
                    break;
                }
                vm_push(loop, p == NULL ? sim__vm_cstring(loop, "undefined")
                           : op == JS_OPC_GET_GLOBAL ? p->value
                                                     : sim__vm_typeof(loop, p->value));
                break;
            }
            case JS_OPC_SET_GLOBAL:
                if ((code->protos[f->proto].flags & JS_PROTO_STRICT) &&
                    global_of(loop, u) == NULL) {
                    /* strict mode: assigning a name nothing declared is a ReferenceError */
                    const struct js_string *s = &code->strings[u];
                    sim__vm_throw_error(loop, VM_REFERENCE_ERROR, "%.*s is not defined",
                                        (int)(s->len > 60 ? 60 : s->len), s->bytes);
                    break;
                }
                sim__vm_put(loop, vm->global, sim__vm_const_string(u), *vm_peek(loop, 0));
                break;
            case JS_OPC_GET_PROP: {
                struct vm_value o = vm_pop(loop);
                vm_push(loop, get_prop(loop, o, u));
                break;
            }
            case JS_OPC_GET_PROP_KEEP: {
                struct vm_value o = *vm_peek(loop, 0);
                vm_push(loop, get_prop(loop, o, u));
                break;
            }
            case JS_OPC_SET_PROP: {
                struct vm_value v = vm_pop(loop);
                struct vm_value o = vm_pop(loop);
                sim__vm_set(loop, o, sim__vm_const_string(u), v);
                vm_push(loop, v);
                break;
            }
            case JS_OPC_GET_ELEM: {
                struct vm_value k = vm_pop(loop);
                struct vm_value o = vm_pop(loop);
                vm_push(loop, sim__vm_get(loop, o, k));
                break;
            }
            case JS_OPC_SET_ELEM: {
                struct vm_value v = vm_pop(loop);
                struct vm_value k = vm_pop(loop);
                struct vm_value o = vm_pop(loop);
                sim__vm_set(loop, o, k, v);
                vm_push(loop, v);
                break;
            }
            case JS_OPC_ARRAY: {
                uint32_t a = sim__vm_array_new(loop);
                for (uint32_t i = 0; i < u && !loop->error; i++) {
                    sim__vm_array_push(loop, a, vm->stack[vm->sp - u + i]);
                }
                vm->sp -= u;
                vm_push(loop, vm_object(a));
                break;
            }
            case JS_OPC_ARRAY_PUSH: {
                struct vm_value v = vm_pop(loop);
                sim__vm_array_push(loop, vm_peek(loop, 0)->ref, v);
                break;
            }
            case JS_OPC_ARRAY_SPREAD: {
                struct vm_value it = iterable_array(loop, vm_pop(loop));
                if (it.tag == VM_OBJECT) {
                    uint32_t n = sim__vm_obj(loop, it.ref)->elem_count;
                    for (uint32_t i = 0; i < n && !loop->error; i++) {
                        sim__vm_array_push(loop, vm_peek(loop, 0)->ref,
                                           sim__vm_elems(loop, it.ref)[i]);
                    }
                }
                break;
            }
            case JS_OPC_OBJECT:
                vm_push(loop, vm_object(sim__vm_object_new(loop, VM_OBJ_PLAIN, vm->object_proto)));
                break;
            case JS_OPC_INIT_PROP: {
                struct vm_value v = vm_pop(loop);
                sim__vm_put(loop, vm_peek(loop, 0)->ref, sim__vm_const_string(u), v);
                break;
            }
            case JS_OPC_INIT_ELEM: {
                struct vm_value v = vm_pop(loop);
                struct vm_value k = sim__vm_to_string(loop, vm_pop(loop));
                sim__vm_put(loop, vm_peek(loop, 0)->ref, k, v);
                break;
            }
            case JS_OPC_OBJECT_SPREAD: {
                struct vm_value from = vm_pop(loop);
                object_spread(loop, vm_peek(loop, 0)->ref, from);
                break;
            }
            case JS_OPC_CLOSURE:
                vm_push(loop, make_closure(loop, f, u));
                break;
            case JS_OPC_CALL:
            case JS_OPC_CALL_METHOD:
            case JS_OPC_NEW:
                vm->budget = budget; /* what a call reads, and may start again (Date.now) */
                f->ip = next;        /* where this frame goes on (the call may move frames) */
                vm->call_at = at;
                enum vm_native_result called = sim__vm_op_call(
                    loop, bc[at + 1], op == JS_OPC_CALL_METHOD,
                    op == JS_OPC_NEW ? VM_FRAME_CONSTRUCT : VM_FRAME_CALL);
                vm->call_at = VM_NONE;
                if (called == VM_NATIVE_OK && runs_on(loop, events)) {
                    f = &vm->frames[vm->frame_count - 1]; /* the callee's, or still this one */
                    next = f->ip;
                    budget = vm->budget;
                    continue;
                }
                break;
            case JS_OPC_CALL_SPREAD:
            case JS_OPC_NEW_SPREAD: {
                vm->budget = budget;
                f->ip = next;
                uint32_t sp = vm->sp - 1; /* the callee's, and this's, under the array */
                uint32_t n = sim__vm_spread_args(loop);
                if (n == UINT32_MAX) {
                    vm->sp = sp; /* the unwind takes the rest */
                    break;
                }
                sim__vm_op_call(loop, n, op == JS_OPC_CALL_SPREAD,
                                op == JS_OPC_CALL_SPREAD ? VM_FRAME_CALL : VM_FRAME_CONSTRUCT);
                break;
            }
            case JS_OPC_RETURN:
            case JS_OPC_RETURN_UNDEFINED:
                vm->budget = budget;
                if (sim__vm_return(loop, op == JS_OPC_RETURN ? vm_pop(loop) : vm_undefined())) {
                    sim__vm_say_jobs(loop);
                    return VM_STEP_RETURNED;
                }
                if (runs_on(loop, events)) {
                    f = &vm->frames[vm->frame_count - 1]; /* the caller's */
                    next = f->ip;
                    continue;
                }
                break;
            case JS_OPC_JUMP:
                next += (uint32_t)read_i32(bc, at + 1);
                continue;
            case JS_OPC_JUMP_IF_FALSE:
            case JS_OPC_JUMP_IF_TRUE: {
                bool t = sim__vm_truthy(loop, vm_pop(loop));
                if (t == (op == JS_OPC_JUMP_IF_TRUE)) {
                    next += (uint32_t)read_i32(bc, at + 1);
                }
                continue;
            }
            case JS_OPC_JUMP_IF_FALSE_KEEP:
            case JS_OPC_JUMP_IF_TRUE_KEEP:
            case JS_OPC_JUMP_IF_NOT_NULLISH_KEEP: {
                struct vm_value v = *vm_peek(loop, 0);
                bool jump = op == JS_OPC_JUMP_IF_NOT_NULLISH_KEEP
                                ? (v.tag != VM_NULL && v.tag != VM_UNDEFINED)
                                : sim__vm_truthy(loop, v) == (op == JS_OPC_JUMP_IF_TRUE_KEEP);
                if (jump) {
                    next += (uint32_t)read_i32(bc, at + 1);
                } else {
                    vm->sp--;
                }
                continue;
            }
            case JS_OPC_JUMP_IF_NULLISH: {
                struct vm_value *v = vm_peek(loop, 0);
                if (v->tag == VM_NULL || v->tag == VM_UNDEFINED) {
                    *v = vm_undefined();
                    next += (uint32_t)read_i32(bc, at + 1);
                }
                continue;
            }
            case JS_OPC_BINARY: {
                struct vm_value b = vm_pop(loop);
                struct vm_value a = vm_pop(loop);
                if (a.tag == VM_NUMBER && b.tag == VM_NUMBER &&
                    sim__vm_number_op(bc[at + 1], a.num, b.num, &vm->stack[vm->sp])) {
                    vm->sp++; /* two numbers: done here, as sim__vm_binary would (a's slot) */
                    continue;
                }
                vm_push(loop, binary_op(loop, (enum js_op)bc[at + 1], a, b));
                break;
            }
            case JS_OPC_BINARY_NUM: {
                struct vm_value a = vm_pop(loop);
                double b = code->numbers[u];
                if (a.tag == VM_NUMBER &&
                    sim__vm_number_op(bc[at + 3], a.num, b, &vm->stack[vm->sp])) {
                    vm->sp++;
                    continue;
                }
                vm_push(loop, binary_op(loop, (enum js_op)bc[at + 3], a, vm_number(b)));
                break;
            }
            case JS_OPC_BINARY_JUMP_IF_FALSE:
            case JS_OPC_BINARY_JUMP_IF_TRUE:
            case JS_OPC_BINARY_NUM_JUMP_IF_FALSE:
            case JS_OPC_BINARY_NUM_JUMP_IF_TRUE: {
                /* a test and its branch: the operator's byte, then the offset (code.h) */
                bool num = op == JS_OPC_BINARY_NUM_JUMP_IF_FALSE ||
                           op == JS_OPC_BINARY_NUM_JUMP_IF_TRUE;
                uint32_t at_op = num ? at + 3 : at + 1;
                struct vm_value b = num ? vm_number(code->numbers[u]) : vm_pop(loop);
                struct vm_value a = vm_pop(loop);
                struct vm_value r;
                if (!(a.tag == VM_NUMBER && b.tag == VM_NUMBER &&
                      sim__vm_number_op(bc[at_op], a.num, b.num, &r))) {
                    r = binary_op(loop, (enum js_op)bc[at_op], a, b);
                    if (vm->throwing || loop->error) {
                        break;
                    }
                }
                bool t = r.tag == VM_BOOL ? r.ref != 0 : sim__vm_truthy(loop, r);
                if (t == (op == JS_OPC_BINARY_JUMP_IF_TRUE ||
                          op == JS_OPC_BINARY_NUM_JUMP_IF_TRUE)) {
                    next += (uint32_t)read_i32(bc, at_op + 1);
                }
                continue;
            }
            case JS_OPC_UNARY: {
                struct vm_value a = vm_pop(loop);
                vm_push(loop, sim__vm_unary(loop, (enum js_op)bc[at + 1], a));
                break;
            }
            case JS_OPC_TYPEOF: {
                struct vm_value a = vm_pop(loop);
                vm_push(loop, sim__vm_typeof(loop, a));
                break;
            }
            case JS_OPC_TO_NUMERIC: {
                struct vm_value a = vm_pop(loop);
                vm_push(loop, vm_number(sim__vm_to_number(loop, a)));
                break;
            }
            case JS_OPC_INC:
            case JS_OPC_DEC: {
                struct vm_value *a = vm_peek(loop, 0);
                a->num += op == JS_OPC_INC ? 1 : -1;
                continue;
            }
            case JS_OPC_TEMPLATE:
                vm_push(loop, make_template(loop, u));
                break;
            case JS_OPC_THROW:
                vm->budget = budget;
                sim__vm_throw(loop, vm_pop(loop));
                break;
            case JS_OPC_TRY:
                if (sim__grow(loop, (void **)&vm->handlers, &vm->handler_cap,
                              sizeof(struct vm_handler), vm->handler_count + 1)) {
                    vm->handlers[vm->handler_count++] = (struct vm_handler){
                        .frame = vm->frame_count - 1, .sp = vm->sp,
                        .ip = next + (uint32_t)read_i32(bc, at + 1)};
                }
                break;
            case JS_OPC_END_TRY:
                vm->handler_count--;
                continue;
            case JS_OPC_ITER_ARRAY: {
                struct vm_value v = vm_pop(loop);
                vm_push(loop, iterable_array(loop, v));
                break;
            }
            case JS_OPC_ITER_NEXT: {
                struct vm_value arr = local(loop, f, u);
                struct vm_value *idx = &vm->stack[f->base + u + 1];
                uint32_t i = (uint32_t)idx->num;
                if (i >= sim__vm_obj(loop, arr.ref)->elem_count) {
                    next += (uint32_t)read_i32(bc, at + 3);
                    continue;
                }
                idx->num += 1;
                vm_push(loop, sim__vm_elems(loop, arr.ref)[i]);
                break;
            }
            case JS_OPC_DESTRUCTURE_CHECK: {
                struct vm_value v = *vm_peek(loop, 0);
                if (v.tag == VM_NULL || v.tag == VM_UNDEFINED) {
                    sim__vm_throw_error(loop, VM_TYPE_ERROR, "Cannot destructure '%s' as it is %s.",
                                        v.tag == VM_NULL ? "null" : "undefined",
                                        v.tag == VM_NULL ? "null" : "undefined");
                }
                break;
            }
            case JS_OPC_THIS:
                if (vm_push(loop, f->this_value)) {
                    continue;
                }
                break; /* the stack is full: a RangeError */
            case JS_OPC_CALLEE:
                if (vm_push(loop, vm_object(f->closure))) {
                    continue;
                }
                break; /* the stack is full: a RangeError */
            case JS_OPC_AWAIT:
                vm->budget = budget;
                f->ip = next; /* where it resumes (async.c keeps it) */
                if (sim__vm_await(loop, vm_pop(loop))) {
                    sim__vm_say_jobs(loop);
                    return VM_STEP_RETURNED;
                }
                break;
            case JS_OPC_IMPORT_META: {
                uint32_t m = sim__vm_object_new(loop, VM_OBJ_PLAIN, vm->object_proto);
                if (!loop->error) {
                    /* the module's own file: file:///app/NAME, as __filename is /app/NAME */
                    struct vm_value url = sim__vm_binary(loop, JS_OP_ADD,
                                                         sim__vm_cstring(loop, "file://"),
                                                         vm->filename);
                    sim__vm_put_c(loop, m, "url", url);
                }
                vm_push(loop, vm_object(m));
                break;
            }
            case JS_OPCODE_COUNT:
                loop->error = SIM_EINVAL;
                break;
            }
            /* Only the cases that may have thrown (or made an error), and those of `leaves`,
               come here: the others went on with `continue`. */
            if (leaves[op]) {
                break; /* to the outer loop's checks, with vm->budget as the case left it */
            }
            if (vm->throwing || loop->error) {
                vm->budget = budget;
                f->ip = next; /* (a catch in this frame moves it again) */
                break;
            }
        }
    }
}
