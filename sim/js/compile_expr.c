/*
 * compile_expr.c - expressions to bytecode: every expression leaves exactly one value.
 *
 * Optional chains (`a?.b.c`, `f?.()`) jump to the end of the whole chain with undefined when
 * a link is null or undefined: the chain's outermost member or call patches the jumps its
 * inner links made (struct chain).
 */
#include "compile.h"

#include <string.h>

#define CHAIN_MAX 64u

/* The short-circuit jumps of the optional chain being compiled. */
struct chain {
    uint32_t jumps[CHAIN_MAX];
    uint32_t count;
};

static void compile_in_chain(struct compiler *c, uint32_t node, struct chain *ch);

static const struct js_node *node_at(const struct compiler *c, uint32_t n)
{
    return &c->ast->nodes[n];
}

static uint32_t list_at(const struct compiler *c, const struct js_node *node, uint32_t i)
{
    return c->ast->lists[node->list + i];
}

static bool has_spread(const struct compiler *c, const struct js_node *n)
{
    for (uint32_t i = 0; i < n->count; i++) {
        if (node_at(c, list_at(c, n, i))->kind == JS_NODE_SPREAD) {
            return true;
        }
    }
    return false;
}

/* Pushes an array of the list's values, spreads expanded. */
static void compile_array_of(struct compiler *c, const struct js_node *n)
{
    if (!has_spread(c, n) && n->count <= UINT16_MAX) {
        for (uint32_t i = 0; i < n->count; i++) {
            sim__js_compile_expr(c, list_at(c, n, i));
        }
        sim__js_emit_u16(c, JS_OPC_ARRAY, n->count);
        return;
    }
    sim__js_emit_u16(c, JS_OPC_ARRAY, 0);
    for (uint32_t i = 0; i < n->count; i++) {
        const struct js_node *el = node_at(c, list_at(c, n, i));
        if (el->kind == JS_NODE_SPREAD) {
            sim__js_compile_expr(c, el->a);
            sim__js_emit(c, JS_OPC_ARRAY_SPREAD);
        } else {
            sim__js_compile_expr(c, list_at(c, n, i));
            sim__js_emit(c, JS_OPC_ARRAY_PUSH);
        }
    }
}

static void optional_jump(struct compiler *c, struct chain *ch)
{
    if (ch->count >= CHAIN_MAX) {
        sim__js_compile_error(c, c->node, "an optional chain has too many ?. links (at most 64)");
        return;
    }
    ch->jumps[ch->count++] = sim__js_emit_jump(c, JS_OPC_JUMP_IF_NULLISH);
}

/* Pushes a property key: a name's or a string's constant, or a computed key's value. */
static void compile_key_get(struct compiler *c, const struct js_node *m)
{
    if (m->flags & JS_F_COMPUTED) {
        sim__js_compile_expr(c, m->b);
        sim__js_emit(c, JS_OPC_GET_ELEM);
    } else {
        sim__js_emit_u16(c, JS_OPC_GET_PROP, sim__js_name_const(c, m->b));
    }
}

static void compile_member(struct compiler *c, const struct js_node *m, struct chain *ch)
{
    sim__js_check_member(c, (uint32_t)(m - c->ast->nodes));
    compile_in_chain(c, m->a, ch);
    if (m->flags & JS_F_OPTIONAL) {
        optional_jump(c, ch);
    }
    compile_key_get(c, m);
}

/* Pushes the arguments and emits the call: CALL n, CALL_METHOD n, or the spread forms. */
static void compile_args_and_call(struct compiler *c, const struct js_node *call, bool method,
                                  bool construct)
{
    if (has_spread(c, call) || call->count > UINT8_MAX) {
        if (!method && !construct) {
            sim__js_emit(c, JS_OPC_UNDEFINED);
            sim__js_emit(c, JS_OPC_SWAP);
        }
        compile_array_of(c, call);
        sim__js_emit(c, construct ? JS_OPC_NEW_SPREAD : JS_OPC_CALL_SPREAD);
        return;
    }
    for (uint32_t i = 0; i < call->count; i++) {
        sim__js_compile_expr(c, list_at(c, call, i));
    }
    sim__js_emit_u8(c, construct ? JS_OPC_NEW : method ? JS_OPC_CALL_METHOD : JS_OPC_CALL,
                    call->count);
}

/* require('name') with a literal name: the module must be one loopsim simulates. */
static void check_require(struct compiler *c, const struct js_node *call)
{
    static const char require[] = "require";
    const struct js_node *callee = node_at(c, call->a);
    if (callee->kind != JS_NODE_IDENT || call->count == 0) {
        return;
    }
    const struct js_string *name = &c->ast->strings[callee->str];
    const struct js_node *arg = node_at(c, list_at(c, call, 0));
    if (name->len == 7 && memcmp(name->bytes, require, 7) == 0 && arg->kind == JS_NODE_STRING &&
        sim__js_resolve(c, sim__js_name_const(c, call->a)).where == REF_GLOBAL) {
        sim__js_check_module(c, list_at(c, call, 0), &c->ast->strings[arg->str]);
    }
}

static void compile_call(struct compiler *c, const struct js_node *call, struct chain *ch)
{
    check_require(c, call);
    const struct js_node *callee = node_at(c, call->a);
    bool method = callee->kind == JS_NODE_MEMBER;
    if (method) {
        /* this, then the function: o.m(...) calls m with this = o. */
        sim__js_check_member(c, call->a);
        compile_in_chain(c, callee->a, ch);
        if (callee->flags & JS_F_OPTIONAL) {
            optional_jump(c, ch);
        }
        sim__js_emit(c, JS_OPC_DUP);
        compile_key_get(c, callee);
    } else {
        compile_in_chain(c, call->a, ch);
    }
    if (call->flags & JS_F_OPTIONAL) {
        if (method) {
            /* [this f]: when f is nullish the whole chain is undefined. */
            sim__js_emit(c, JS_OPC_DUP);
            uint32_t ok = sim__js_emit_jump(c, JS_OPC_JUMP_IF_NOT_NULLISH_KEEP);
            sim__js_emit(c, JS_OPC_POP);
            sim__js_emit(c, JS_OPC_POP);
            sim__js_emit(c, JS_OPC_UNDEFINED);
            optional_jump(c, ch); /* undefined is nullish: always taken */
            sim__js_patch(c, ok);
            sim__js_emit(c, JS_OPC_POP);
        } else {
            optional_jump(c, ch);
        }
    }
    compile_args_and_call(c, call, method, false);
}

static void compile_in_chain(struct compiler *c, uint32_t node, struct chain *ch)
{
    if (!sim__js_compile_enter(c, node)) {
        sim__js_compile_leave(c);
        return;
    }
    const struct js_node *n = node_at(c, node);
    if (n->kind == JS_NODE_MEMBER) {
        compile_member(c, n, ch);
    } else if (n->kind == JS_NODE_CALL) {
        compile_call(c, n, ch);
    } else {
        sim__js_compile_expr(c, node);
    }
    sim__js_compile_leave(c);
}

/* A member or call expression: the start of a chain. */
static void compile_chain(struct compiler *c, uint32_t node)
{
    struct chain ch = {.count = 0};
    const struct js_node *n = node_at(c, node);
    if (n->kind == JS_NODE_MEMBER) {
        compile_member(c, n, &ch);
    } else {
        compile_call(c, n, &ch);
    }
    for (uint32_t i = 0; i < ch.count; i++) {
        sim__js_patch(c, ch.jumps[i]);
    }
}

static void compile_object(struct compiler *c, const struct js_node *o)
{
    sim__js_emit(c, JS_OPC_OBJECT);
    for (uint32_t i = 0; i < o->count; i++) {
        uint32_t p = list_at(c, o, i);
        const struct js_node *pr = node_at(c, p);
        if (pr->kind == JS_NODE_SPREAD) {
            sim__js_compile_expr(c, pr->a);
            sim__js_emit(c, JS_OPC_OBJECT_SPREAD);
            continue;
        }
        uint32_t value = pr->b != JS_NONE ? pr->b : pr->a;
        const struct js_node *key = node_at(c, pr->a);
        if (pr->flags & JS_F_COMPUTED) {
            sim__js_compile_expr(c, pr->a);
            sim__js_compile_expr(c, value);
            sim__js_emit(c, JS_OPC_INIT_ELEM);
        } else if (key->kind == JS_NODE_NUMBER) {
            sim__js_emit_u16(c, JS_OPC_NUMBER, sim__js_number_const(c, key->num));
            sim__js_compile_expr(c, value);
            sim__js_emit(c, JS_OPC_INIT_ELEM);
        } else {
            uint32_t k = sim__js_string_const(c, key->str);
            sim__js_compile_named(c, value, k);
            sim__js_emit_u16(c, JS_OPC_INIT_PROP, k);
        }
    }
}

static void compile_template(struct compiler *c, const struct js_node *t)
{
    for (uint32_t i = 0; i < t->count; i++) {
        sim__js_compile_expr(c, list_at(c, t, i));
    }
    sim__js_emit_u16(c, JS_OPC_TEMPLATE, t->count);
}

static void compile_unary(struct compiler *c, const struct js_node *u)
{
    if (u->op == JS_OP_TYPEOF) {
        const struct js_node *arg = node_at(c, u->a);
        if (arg->kind == JS_NODE_IDENT) {
            uint32_t name = sim__js_name_const(c, u->a);
            if (sim__js_resolve(c, name).where == REF_GLOBAL) {
                sim__js_emit_u16(c, JS_OPC_TYPEOF_GLOBAL, name);
                return;
            }
        }
        sim__js_compile_expr(c, u->a);
        sim__js_emit(c, JS_OPC_TYPEOF);
        return;
    }
    sim__js_compile_expr(c, u->a);
    sim__js_emit_u8(c, JS_OPC_UNARY, u->op);
}

/* Pushes the target's value, keeping what storing into it needs in temporary slots. */
struct target {
    const struct js_node *node;
    uint32_t object;         /* temp slot of a member's object */
    uint32_t key;            /* temp slot of a computed key */
};

static void target_get(struct compiler *c, uint32_t node, struct target *t)
{
    t->node = node_at(c, node);
    t->object = t->key = JS_NONE;
    if (t->node->kind == JS_NODE_IDENT) {
        sim__js_emit_get(c, sim__js_name_const(c, node));
        return;
    }
    if (t->node->kind != JS_NODE_MEMBER) {
        sim__js_compile_error(c, node, "Invalid left-hand side in assignment");
        return;
    }
    sim__js_compile_expr(c, t->node->a);
    t->object = sim__js_temp_slot(c);
    sim__js_emit_u16(c, JS_OPC_SET_LOCAL, t->object);
    if (t->node->flags & JS_F_COMPUTED) {
        sim__js_compile_expr(c, t->node->b);
        t->key = sim__js_temp_slot(c);
        sim__js_emit_u16(c, JS_OPC_SET_LOCAL, t->key);
        sim__js_emit(c, JS_OPC_GET_ELEM);
    } else {
        sim__js_emit_u16(c, JS_OPC_GET_PROP, sim__js_name_const(c, t->node->b));
    }
}

/* Stores the top into the target read by target_get; the value stays on the stack. */
static void target_set(struct compiler *c, uint32_t node, const struct target *t)
{
    if (t->node->kind == JS_NODE_IDENT) {
        /* target_get read it: a let's dead zone is checked already */
        sim__js_emit_store(c, sim__js_name_const(c, node), false, true);
        return;
    }
    uint32_t value = sim__js_temp_slot(c);
    sim__js_emit_u16(c, JS_OPC_SET_LOCAL, value);
    sim__js_emit(c, JS_OPC_POP);
    sim__js_emit_u16(c, JS_OPC_GET_LOCAL, t->object);
    if (t->key != JS_NONE) {
        sim__js_emit_u16(c, JS_OPC_GET_LOCAL, t->key);
        sim__js_emit_u16(c, JS_OPC_GET_LOCAL, value);
        sim__js_emit(c, JS_OPC_SET_ELEM);
    } else {
        sim__js_emit_u16(c, JS_OPC_GET_LOCAL, value);
        sim__js_emit_u16(c, JS_OPC_SET_PROP, sim__js_name_const(c, t->node->b));
    }
}

static void compile_update(struct compiler *c, const struct js_node *u, bool used)
{
    struct target t;
    target_get(c, u->a, &t);
    sim__js_emit(c, JS_OPC_TO_NUMERIC);
    uint32_t old = JS_NONE;
    if (!(u->flags & JS_F_PREFIX) && used) { /* x++ whose value is used: the old one kept */
        old = sim__js_temp_slot(c);
        sim__js_emit_u16(c, JS_OPC_SET_LOCAL, old);
    }
    sim__js_emit(c, u->op == JS_OP_INC ? JS_OPC_INC : JS_OPC_DEC);
    target_set(c, u->a, &t);
    if (old != JS_NONE) {
        sim__js_emit(c, JS_OPC_POP);
        sim__js_emit_u16(c, JS_OPC_GET_LOCAL, old);
    }
}

/*
 * `x++;` or `x--;` of a variable that is not a const or a global, whose value nothing uses: one
 * instruction. False when it is not such a variable (compiled the long way).
 */
static bool compile_increment(struct compiler *c, const struct js_node *u)
{
    uint32_t name = sim__js_name_const(c, u->a);
    struct name_ref r = sim__js_resolve(c, name);
    if (r.where == REF_GLOBAL || r.kind == VAR_CONST) {
        return false;
    }
    if (r.frozen || (r.where == REF_LOCAL && sim__js_find_var(c, name)->frozen)) {
        sim__js_compile_error(c, c->node, "internal error: x++ of a parameter taken as never "
                                          "assigned");
        return true;
    }
    enum js_opcode op = r.where == REF_LOCAL ? JS_OPC_INC_LOCAL
                        : r.where == REF_BOXED ? JS_OPC_INC_BOXED
                                               : JS_OPC_INC_CAPTURE;
    sim__js_emit_u16_u16(c, op, r.index, name);
    sim__js_emit_operand(c, u->op == JS_OP_INC ? 0 : 1); /* the operand's 5th byte */
    return true;
}

/*
 * An expression whose value nothing uses (a statement's, a for's update): compiled and
 * popped, an x++ without keeping the old value.
 */
void sim__js_compile_effect(struct compiler *c, uint32_t node)
{
    const struct js_node *n = node_at(c, node);
    if (n->kind == JS_NODE_UPDATE && sim__js_compile_enter(c, node)) {
        bool one = node_at(c, n->a)->kind == JS_NODE_IDENT && compile_increment(c, n);
        if (!one) {
            compile_update(c, n, false);
        }
        sim__js_compile_leave(c);
        if (one) {
            return; /* it leaves nothing to pop */
        }
    } else {
        sim__js_compile_expr(c, node);
    }
    sim__js_emit(c, JS_OPC_POP);
}

/* The binary operator of a compound assignment (+= is +), or JS_OP_NONE. */
static enum js_op compound_op(enum js_op op)
{
    switch (op) {
    case JS_OP_ADD_ASSIGN:
        return JS_OP_ADD;
    case JS_OP_SUB_ASSIGN:
        return JS_OP_SUB;
    case JS_OP_MUL_ASSIGN:
        return JS_OP_MUL;
    case JS_OP_DIV_ASSIGN:
        return JS_OP_DIV;
    case JS_OP_MOD_ASSIGN:
        return JS_OP_MOD;
    case JS_OP_EXP_ASSIGN:
        return JS_OP_EXP;
    case JS_OP_BITAND_ASSIGN:
        return JS_OP_BITAND;
    case JS_OP_BITOR_ASSIGN:
        return JS_OP_BITOR;
    case JS_OP_BITXOR_ASSIGN:
        return JS_OP_BITXOR;
    case JS_OP_SHL_ASSIGN:
        return JS_OP_SHL;
    case JS_OP_SHR_ASSIGN:
        return JS_OP_SHR;
    case JS_OP_USHR_ASSIGN:
        return JS_OP_USHR;
    default:
        return JS_OP_NONE;
    }
}

static void compile_assign(struct compiler *c, const struct js_node *a)
{
    const struct js_node *target = node_at(c, a->a);
    if (a->op == JS_OP_ASSIGN) {
        if (target->kind == JS_NODE_IDENT) {
            sim__js_compile_named(c, a->b, sim__js_name_const(c, a->a));
            sim__js_emit_set(c, sim__js_name_const(c, a->a), false);
        } else if (target->kind == JS_NODE_MEMBER) {
            sim__js_compile_expr(c, target->a);
            if (target->flags & JS_F_COMPUTED) {
                sim__js_compile_expr(c, target->b);
                sim__js_compile_expr(c, a->b);
                sim__js_emit(c, JS_OPC_SET_ELEM);
            } else {
                sim__js_compile_expr(c, a->b);
                sim__js_emit_u16(c, JS_OPC_SET_PROP, sim__js_name_const(c, target->b));
            }
        } else {
            sim__js_compile_expr(c, a->b);
            sim__js_emit(c, JS_OPC_DUP);
            sim__js_store_pattern(c, a->a, false, VAR_VAR);
        }
        return;
    }
    struct target t;
    target_get(c, a->a, &t);
    enum js_op op = compound_op((enum js_op)a->op);
    if (op != JS_OP_NONE) {
        sim__js_compile_expr(c, a->b);
        sim__js_emit_u8(c, JS_OPC_BINARY, op);
        target_set(c, a->a, &t);
        return;
    }
    /* &&=, ||=, ??=: the target is written only when the operator would evaluate b. */
    enum js_opcode jump = a->op == JS_OP_AND_ASSIGN  ? JS_OPC_JUMP_IF_FALSE_KEEP
                          : a->op == JS_OP_OR_ASSIGN ? JS_OPC_JUMP_IF_TRUE_KEEP
                                                     : JS_OPC_JUMP_IF_NOT_NULLISH_KEEP;
    uint32_t skip = sim__js_emit_jump(c, jump);
    sim__js_compile_expr(c, a->b);
    target_set(c, a->a, &t);
    sim__js_patch(c, skip);
}

static void compile_logical(struct compiler *c, const struct js_node *l)
{
    sim__js_compile_expr(c, l->a);
    enum js_opcode jump = l->op == JS_OP_AND  ? JS_OPC_JUMP_IF_FALSE_KEEP
                          : l->op == JS_OP_OR ? JS_OPC_JUMP_IF_TRUE_KEEP
                                              : JS_OPC_JUMP_IF_NOT_NULLISH_KEEP;
    uint32_t end = sim__js_emit_jump(c, jump);
    sim__js_compile_expr(c, l->b);
    sim__js_patch(c, end);
}

static void compile_conditional(struct compiler *c, const struct js_node *n)
{
    sim__js_compile_expr(c, n->a);
    uint32_t other = sim__js_emit_jump(c, JS_OPC_JUMP_IF_FALSE);
    sim__js_compile_expr(c, n->b);
    uint32_t end = sim__js_emit_jump(c, JS_OPC_JUMP);
    sim__js_patch(c, other);
    sim__js_compile_expr(c, n->c);
    sim__js_patch(c, end);
}

static void compile_ident(struct compiler *c, uint32_t node)
{
    uint32_t name = sim__js_name_const(c, node);
    sim__js_emit_get(c, name);
}

/*
 * `this`: a function's own (the frame's), or in an arrow the one of the function around it,
 * which keeps it in a box when an arrow uses it (compile_function_body).
 */
static void compile_this(struct compiler *c)
{
    struct name_ref r = sim__js_resolve(c, THIS_NAME(c));
    if (r.where == REF_GLOBAL || (r.where == REF_CAPTURE && !(c->fn->flags & JS_PROTO_ARROW))) {
        sim__js_emit(c, JS_OPC_THIS);
    } else {
        sim__js_emit_get(c, THIS_NAME(c));
    }
}

/*
 * Compiles a nested function and pushes its closure; returns its proto. The proto's captures
 * are resolved while its body compiles, from the scopes around it.
 */
uint32_t sim__js_compile_function(struct compiler *c, uint32_t node)
{
    const struct js_node *fn = node_at(c, node);
    uint8_t flags = 0;
    if (fn->flags & JS_F_ASYNC) {
        flags |= JS_PROTO_ASYNC;
    }
    if (fn->flags & JS_F_ARROW) {
        flags |= JS_PROTO_ARROW;
    }
    uint16_t params = 0;
    uint16_t length = 0;
    bool defaulted = false;
    for (uint32_t i = 0; i < fn->count; i++) {
        const struct js_node *p = node_at(c, list_at(c, fn, i));
        if (p->kind == JS_NODE_REST) {
            flags |= JS_PROTO_REST;
            break;
        }
        /* Function.length counts parameters before the first default */
        defaulted = defaulted || p->kind == JS_NODE_DEFAULT;
        length = (uint16_t)(length + !defaulted);
        params++;
    }
    uint32_t name = fn->a != JS_NONE ? sim__js_name_const(c, fn->a) : c->infer_name;
    c->infer_name = JS_NONE;
    struct fn_state f;
    sim__js_fn_begin(c, &f, node, flags);
    sim__js_compile_function_body(c, node);
    uint32_t proto = sim__js_fn_end(c, name, params, length);
    if (proto != JS_NONE) {
        sim__js_emit_u16(c, JS_OPC_CLOSURE, proto);
    }
    return proto;
}

/*
 * Compiles the value of a binding or property called `name` (a constant): an anonymous
 * function there takes the name (SetFunctionName), as `const f = () => {}` names f.
 */
void sim__js_compile_named(struct compiler *c, uint32_t node, uint32_t name)
{
    c->infer_name = name;
    sim__js_compile_expr(c, node);
    c->infer_name = JS_NONE;
}

void sim__js_compile_expr(struct compiler *c, uint32_t node)
{
    uint32_t inferred = c->infer_name;
    c->infer_name = JS_NONE;
    if (!sim__js_compile_enter(c, node)) {
        sim__js_compile_leave(c);
        return;
    }
    const struct js_node *n = node_at(c, node);
    switch (n->kind) {
    case JS_NODE_NUMBER:
        sim__js_emit_u16(c, JS_OPC_NUMBER, sim__js_number_const(c, n->num));
        break;
    case JS_NODE_STRING:
        sim__js_emit_u16(c, JS_OPC_STRING, sim__js_string_const(c, n->str));
        break;
    case JS_NODE_TEMPLATE:
        compile_template(c, n);
        break;
    case JS_NODE_IDENT:
        compile_ident(c, node);
        break;
    case JS_NODE_BOOL:
        sim__js_emit(c, n->op ? JS_OPC_TRUE : JS_OPC_FALSE);
        break;
    case JS_NODE_NULL_LIT:
        sim__js_emit(c, JS_OPC_NULL);
        break;
    case JS_NODE_THIS:
        compile_this(c);
        break;
    case JS_NODE_ARRAY:
        compile_array_of(c, n);
        break;
    case JS_NODE_OBJECT:
        compile_object(c, n);
        break;
    case JS_NODE_FUNCTION:
        c->infer_name = inferred;
        sim__js_compile_function(c, node);
        break;
    case JS_NODE_UNARY:
        compile_unary(c, n);
        break;
    case JS_NODE_UPDATE:
        compile_update(c, n, true);
        break;
    case JS_NODE_BINARY:
        sim__js_compile_expr(c, n->a);
        sim__js_compile_expr(c, n->b);
        sim__js_emit_u8(c, JS_OPC_BINARY, n->op);
        break;
    case JS_NODE_LOGICAL:
        compile_logical(c, n);
        break;
    case JS_NODE_ASSIGN:
        compile_assign(c, n);
        break;
    case JS_NODE_CONDITIONAL:
        compile_conditional(c, n);
        break;
    case JS_NODE_CALL:
    case JS_NODE_MEMBER:
        compile_chain(c, node);
        break;
    case JS_NODE_CHAIN:
        compile_chain(c, n->a);
        break;
    case JS_NODE_NEW:
        sim__js_compile_expr(c, n->a);
        compile_args_and_call(c, n, false, true);
        break;
    case JS_NODE_SEQUENCE:
        for (uint32_t i = 0; i < n->count; i++) {
            if (i > 0) {
                sim__js_emit(c, JS_OPC_POP);
            }
            sim__js_compile_expr(c, list_at(c, n, i));
        }
        break;
    case JS_NODE_AWAIT:
        sim__js_compile_expr(c, n->a);
        sim__js_emit(c, JS_OPC_AWAIT);
        break;
    case JS_NODE_IMPORT_META:
        sim__js_emit(c, JS_OPC_IMPORT_META);
        break;
    default:
        sim__js_compile_error(c, node, "this expression is not supported here");
        break;
    }
    sim__js_compile_leave(c);
}
