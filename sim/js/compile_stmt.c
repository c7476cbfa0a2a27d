/*
 * compile_stmt.c - statements, declarations and patterns to bytecode.
 *
 * Every statement begins with a STMT instruction: the interpreter ends its step there, so a
 * program runs one statement per step. Hoisting happens when a function or block is entered:
 * first `var`s (undefined) and function declarations (their closures), then a hole for every
 * `let` and `const` of the block.
 */
#include "compile.h"

#include <stdlib.h>
#include <string.h>

static const struct js_node *node_at(const struct compiler *c, uint32_t n)
{
    return &c->ast->nodes[n];
}

static uint32_t list_at(const struct compiler *c, const struct js_node *node, uint32_t i)
{
    return c->ast->lists[node->list + i];
}

/* ---- Patterns ---------------------------------------------------------------------------- */

static void store_object_pattern(struct compiler *c, const struct js_node *p, bool declare,
                                 enum var_kind kind)
{
    sim__js_emit(c, JS_OPC_DESTRUCTURE_CHECK);
    for (uint32_t i = 0; i < p->count; i++) {
        uint32_t prop = list_at(c, p, i);
        const struct js_node *pr = node_at(c, prop);
        if (pr->kind == JS_NODE_REST) {
            sim__js_compile_error(c, prop, "a rest element in an object pattern is not "
                                           "supported; read the properties you need by name");
            return;
        }
        sim__js_emit(c, JS_OPC_DUP);
        if (pr->flags & JS_F_COMPUTED) {
            sim__js_compile_expr(c, pr->a);
            sim__js_emit(c, JS_OPC_GET_ELEM);
        } else {
            const struct js_node *key = node_at(c, pr->a);
            uint32_t k = key->kind == JS_NODE_NUMBER
                             ? JS_NONE
                             : sim__js_string_const(c, key->str);
            if (k == JS_NONE) {
                sim__js_emit_u16(c, JS_OPC_NUMBER, sim__js_number_const(c, key->num));
                sim__js_emit(c, JS_OPC_GET_ELEM);
            } else {
                sim__js_emit_u16(c, JS_OPC_GET_PROP, k);
            }
        }
        sim__js_store_pattern(c, pr->b != JS_NONE ? pr->b : pr->a, declare, kind);
    }
    sim__js_emit(c, JS_OPC_POP);
}

static void store_array_pattern(struct compiler *c, const struct js_node *p, bool declare,
                                enum var_kind kind)
{
    static const char slice[] = "slice";
    sim__js_emit(c, JS_OPC_DESTRUCTURE_CHECK);
    for (uint32_t i = 0; i < p->count; i++) {
        uint32_t el = list_at(c, p, i);
        uint32_t index = sim__js_number_const(c, (double)i);
        if (node_at(c, el)->kind == JS_NODE_REST) {
            /* ...rest: value.slice(i) */
            sim__js_emit(c, JS_OPC_DUP);
            sim__js_emit(c, JS_OPC_DUP);
            sim__js_emit_u16(c, JS_OPC_GET_PROP, sim__js_bytes_const(c, slice, 5));
            sim__js_emit_u16(c, JS_OPC_NUMBER, index);
            sim__js_emit_u8(c, JS_OPC_CALL_METHOD, 1);
            sim__js_store_pattern(c, node_at(c, el)->a, declare, kind);
            break;
        }
        sim__js_emit(c, JS_OPC_DUP);
        sim__js_emit_u16(c, JS_OPC_NUMBER, index);
        sim__js_emit(c, JS_OPC_GET_ELEM);
        sim__js_store_pattern(c, el, declare, kind);
    }
    sim__js_emit(c, JS_OPC_POP);
}

/* Stores into a member expression as an assignment target: o.p = top, popped. */
static void store_member(struct compiler *c, const struct js_node *m)
{
    uint32_t tmp = sim__js_temp_slot(c);
    sim__js_emit_u16(c, JS_OPC_SET_LOCAL, tmp);
    sim__js_emit(c, JS_OPC_POP);
    sim__js_compile_expr(c, m->a);
    if (m->flags & JS_F_COMPUTED) {
        sim__js_compile_expr(c, m->b);
        sim__js_emit_u16(c, JS_OPC_GET_LOCAL, tmp);
        sim__js_emit(c, JS_OPC_SET_ELEM);
    } else {
        sim__js_emit_u16(c, JS_OPC_GET_LOCAL, tmp);
        sim__js_emit_u16(c, JS_OPC_SET_PROP, sim__js_name_const(c, m->b));
    }
    sim__js_emit(c, JS_OPC_POP);
}

/*
 * Pops the top into `pattern`: an IDENT, an object or array pattern, a default, or (for
 * assignments) a member expression. `declare` makes new bindings of `kind`.
 */
void sim__js_store_pattern(struct compiler *c, uint32_t pattern, bool declare,
                           enum var_kind kind)
{
    if (!sim__js_compile_enter(c, pattern)) {
        sim__js_compile_leave(c);
        return;
    }
    const struct js_node *p = node_at(c, pattern);
    switch (p->kind) {
    case JS_NODE_IDENT:
        if (declare) {
            sim__js_emit_set(c, sim__js_name_const(c, pattern), true);
        } else {
            sim__js_emit_set(c, sim__js_name_const(c, pattern), false);
        }
        sim__js_emit(c, JS_OPC_POP);
        break;
    case JS_NODE_OBJECT_PATTERN:
    case JS_NODE_OBJECT:
        store_object_pattern(c, p, declare, kind);
        break;
    case JS_NODE_ARRAY_PATTERN:
    case JS_NODE_ARRAY:
        store_array_pattern(c, p, declare, kind);
        break;
    case JS_NODE_DEFAULT: {
        sim__js_emit(c, JS_OPC_DUP);
        sim__js_emit(c, JS_OPC_UNDEFINED);
        sim__js_emit_u8(c, JS_OPC_BINARY, JS_OP_SEQ);
        uint32_t skip = sim__js_emit_jump(c, JS_OPC_JUMP_IF_FALSE);
        sim__js_emit(c, JS_OPC_POP);
        if (node_at(c, p->a)->kind == JS_NODE_IDENT) {
            sim__js_compile_named(c, p->b, sim__js_name_const(c, p->a));
        } else {
            sim__js_compile_expr(c, p->b);
        }
        sim__js_patch(c, skip);
        sim__js_store_pattern(c, p->a, declare, kind);
        break;
    }
    case JS_NODE_MEMBER:
        if (declare) {
            sim__js_compile_error(c, pattern, "Invalid destructuring assignment target");
        } else {
            store_member(c, p);
        }
        break;
    default:
        sim__js_compile_error(c, pattern, "Invalid destructuring assignment target");
        break;
    }
    sim__js_compile_leave(c);
}

/* ---- Declarations and hoisting ----------------------------------------------------------- */

/*
 * What a declared name's slot holds until its declaration runs: undefined (var, parameters,
 * catch), the dead zone's hole (let, const), or the hole it already holds: a let or const of a
 * function's (or the main script's) own body has a slot no code has written yet, which the
 * frame began with a hole in (calls.c, enter), so nothing needs to be emitted for it.
 */
enum first_value { FIRST_UNDEFINED, FIRST_HOLE, FIRST_HOLE_HELD };

/* Declares every name a pattern binds (without storing). */
static void declare_pattern_names(struct compiler *c, uint32_t pattern, enum var_kind kind,
                                  enum first_value first)
{
    if (pattern == JS_NONE) {
        return;
    }
    const struct js_node *p = node_at(c, pattern);
    switch (p->kind) {
    case JS_NODE_IDENT: {
        uint32_t name = sim__js_name_const(c, pattern);
        struct local_var *old = sim__js_find_var(c, name);
        bool again = kind == VAR_VAR && old != NULL && old->depth == c->fn->depth &&
                     old >= c->fn->vars && old < c->fn->vars + c->fn->var_count;
        uint32_t slots = c->fn->slot_count;
        uint32_t slot = sim__js_declare(c, name, kind);
        if (again) {
            break; /* `var x` of a parameter or an earlier var: the binding keeps its value */
        }
        if (first != FIRST_HOLE_HELD || c->fn->slot_count == slots) {
            /* (held only by a slot this declaration made: not one it shares with a var) */
            sim__js_emit(c, first != FIRST_UNDEFINED ? JS_OPC_HOLE : JS_OPC_UNDEFINED);
            sim__js_emit_u16(c, JS_OPC_SET_LOCAL, slot);
            sim__js_emit(c, JS_OPC_POP);
        }
        struct name_ref r = sim__js_resolve(c, name);
        if (r.where == REF_BOXED) {
            sim__js_emit_u16(c, JS_OPC_BOX, slot);
        }
        break;
    }
    case JS_NODE_OBJECT_PATTERN:
        for (uint32_t i = 0; i < p->count; i++) {
            const struct js_node *pr = node_at(c, list_at(c, p, i));
            declare_pattern_names(c, pr->kind == JS_NODE_REST ? pr->a
                                     : pr->b != JS_NONE       ? pr->b
                                                              : pr->a,
                                  kind, first);
        }
        break;
    case JS_NODE_ARRAY_PATTERN:
        for (uint32_t i = 0; i < p->count; i++) {
            declare_pattern_names(c, list_at(c, p, i), kind, first);
        }
        break;
    case JS_NODE_DEFAULT:
    case JS_NODE_REST:
        declare_pattern_names(c, p->a, kind, first);
        break;
    default:
        break;
    }
}

/* The `var`s of a function body, wherever they are (not inside nested functions). */
static void hoist_vars(struct compiler *c, uint32_t n)
{
    if (n == JS_NONE) {
        return;
    }
    const struct js_node *node = node_at(c, n);
    switch (node->kind) {
    case JS_NODE_VAR:
        if (node->op == JS_DECL_VAR) {
            for (uint32_t i = 0; i < node->count; i++) {
                declare_pattern_names(c, node_at(c, list_at(c, node, i))->a, VAR_VAR,
                                      FIRST_UNDEFINED);
            }
        }
        return;
    case JS_NODE_FUNCTION:
    case JS_NODE_FUNCTION_DECL:
        return;
    case JS_NODE_PROGRAM:
    case JS_NODE_IF:
    case JS_NODE_FOR:
    case JS_NODE_FOR_OF:
    case JS_NODE_WHILE:
    case JS_NODE_DO_WHILE:
    case JS_NODE_TRY:
    case JS_NODE_BLOCK:
    case JS_NODE_SWITCH:
    case JS_NODE_CASE:
    case JS_NODE_EXPORT:
        hoist_vars(c, node->a);
        hoist_vars(c, node->b);
        hoist_vars(c, node->c);
        hoist_vars(c, node->d);
        for (uint32_t i = 0; i < node->count; i++) {
            hoist_vars(c, list_at(c, node, i));
        }
        return;
    default:
        return;
    }
}

/* Statement i of a block, or the declaration it exports (`export const x`, `export function`). */
static uint32_t declaration_at(const struct compiler *c, const struct js_node *block, uint32_t i)
{
    uint32_t s = list_at(c, block, i);
    const struct js_node *st = node_at(c, s);
    if (st->kind == JS_NODE_EXPORT && st->a != JS_NONE && !(st->flags & JS_F_DEFAULT)) {
        return st->a;
    }
    return s;
}

/*
 * What a block declares for itself, hoisted to its start: a hole for each let and const (none
 * to make when the block is a function's body, `body`: see enum first_value), then the
 * closures of its function declarations (which may use them when called later).
 */
static void hoist_block(struct compiler *c, const struct js_node *block, bool body)
{
    for (uint32_t i = 0; i < block->count; i++) {
        const struct js_node *st = node_at(c, declaration_at(c, block, i));
        if (st->kind == JS_NODE_VAR && st->op != JS_DECL_VAR) {
            for (uint32_t k = 0; k < st->count; k++) {
                declare_pattern_names(c, node_at(c, list_at(c, st, k))->a,
                                      st->op == JS_DECL_CONST ? VAR_CONST : VAR_LET,
                                      body ? FIRST_HOLE_HELD : FIRST_HOLE);
            }
        }
    }
    for (uint32_t i = 0; i < block->count; i++) {
        uint32_t s = declaration_at(c, block, i);
        const struct js_node *st = node_at(c, s);
        if (st->kind == JS_NODE_FUNCTION_DECL) {
            /* Its box exists before any closure is made: the functions may use each other. */
            uint32_t name = sim__js_name_const(c, st->a);
            uint32_t slot = sim__js_declare(c, name, VAR_FUNCTION);
            if (sim__js_resolve(c, name).where == REF_BOXED) {
                sim__js_emit(c, JS_OPC_UNDEFINED);
                sim__js_emit_u16(c, JS_OPC_SET_LOCAL, slot);
                sim__js_emit(c, JS_OPC_POP);
                sim__js_emit_u16(c, JS_OPC_BOX, slot);
            }
        }
    }
    /* const fs = require('fs') holds the module in the functions compiled next, too */
    for (uint32_t i = 0; i < block->count; i++) {
        const struct js_node *st = node_at(c, declaration_at(c, block, i));
        for (uint32_t k = 0; st->kind == JS_NODE_VAR && k < st->count; k++) {
            const struct js_node *d = node_at(c, list_at(c, st, k));
            uint32_t module = d->b != JS_NONE ? sim__js_required(c, d->b) : JS_NONE;
            if (module != JS_NONE && node_at(c, d->a)->kind == JS_NODE_IDENT) {
                sim__js_note_module(c, d->a, module);
            }
        }
    }
    for (uint32_t i = 0; i < block->count; i++) {
        uint32_t s = declaration_at(c, block, i);
        const struct js_node *st = node_at(c, s);
        if (st->kind == JS_NODE_FUNCTION_DECL) {
            uint32_t name = sim__js_name_const(c, st->a);
            struct name_ref r = sim__js_resolve(c, name);
            sim__js_compile_function(c, s);
            sim__js_emit_u16(c, r.where == REF_BOXED ? JS_OPC_SET_BOXED : JS_OPC_SET_LOCAL,
                             r.index);
            sim__js_emit(c, JS_OPC_POP);
        }
    }
}

static void compile_statements(struct compiler *c, const struct js_node *block)
{
    for (uint32_t i = 0; i < block->count && !c->failed; i++) {
        sim__js_compile_stmt(c, list_at(c, block, i));
    }
}

static void compile_block(struct compiler *c, const struct js_node *block)
{
    sim__js_scope_push(c);
    hoist_block(c, block, false);
    compile_statements(c, block);
    sim__js_scope_pop(c);
}

static void compile_var(struct compiler *c, const struct js_node *v)
{
    enum var_kind kind = v->op == JS_DECL_CONST ? VAR_CONST
                         : v->op == JS_DECL_LET ? VAR_LET
                                                : VAR_VAR;
    for (uint32_t i = 0; i < v->count; i++) {
        const struct js_node *d = node_at(c, list_at(c, v, i));
        if (d->b == JS_NONE) {
            if (kind == VAR_VAR) {
                continue; /* var x; changes nothing */
            }
            sim__js_emit(c, JS_OPC_UNDEFINED);
        } else if (node_at(c, d->a)->kind == JS_NODE_IDENT) {
            sim__js_compile_named(c, d->b, sim__js_name_const(c, d->a));
        } else {
            sim__js_compile_expr(c, d->b);
        }
        sim__js_store_pattern(c, d->a, true, kind);
        uint32_t module = d->b != JS_NONE ? sim__js_required(c, d->b) : JS_NONE;
        if (module != JS_NONE && node_at(c, d->a)->kind == JS_NODE_IDENT) {
            sim__js_note_module(c, d->a, module); /* const fs = require('fs') */
        } else if (module != JS_NONE) {
            sim__js_check_pattern(c, d->a, module); /* const { stat } = require('fs') */
        }
    }
}

/* ---- Loops, break and continue ----------------------------------------------------------- */

static struct loop_ctx *loop_push(struct compiler *c, bool is_switch)
{
    struct fn_state *f = c->fn;
    if (!sim__grow_array((void **)&f->loops, &f->loop_cap, f->loop_count + 1,
                         sizeof(struct loop_ctx))) {
        sim__js_compile_error(c, c->node, "out of memory");
        return NULL;
    }
    struct loop_ctx *l = &f->loops[f->loop_count++];
    memset(l, 0, sizeof(*l));
    l->continue_target = JS_NONE;
    l->try_depth = f->try_count;
    l->is_switch = is_switch;
    return l;
}

static bool add_jump(struct compiler *c, uint32_t **list, uint32_t *count, uint32_t *cap,
                     uint32_t at)
{
    if (!sim__grow_array((void **)list, cap, *count + 1, sizeof(uint32_t))) {
        sim__js_compile_error(c, c->node, "out of memory");
        return false;
    }
    (*list)[(*count)++] = at;
    return true;
}

static void patch_continues(struct compiler *c, struct loop_ctx *l)
{
    for (uint32_t i = 0; i < l->continue_count; i++) {
        sim__js_patch(c, l->continues[i]);
    }
    l->continue_count = 0;
}

static void loop_pop(struct compiler *c)
{
    struct fn_state *f = c->fn;
    struct loop_ctx *l = &f->loops[--f->loop_count];
    for (uint32_t i = 0; i < l->break_count; i++) {
        sim__js_patch(c, l->breaks[i]);
    }
    free(l->breaks);
    free(l->continues);
}

/*
 * Leaves the tries entered since `depth`, innermost first: each handler is removed, each
 * finally block runs (compiled here once more, outside its own try).
 */
static void leave_tries(struct compiler *c, uint32_t depth)
{
    struct fn_state *f = c->fn;
    uint32_t saved = f->try_count;
    /* A try inside a finally block takes the places of the tries being left: keep them. */
    struct try_ctx kept[MAX_TRY_NESTING];
    memcpy(kept, f->tries, sizeof(kept));
    for (uint32_t i = saved; i > depth; i--) {
        struct try_ctx t = kept[i - 1];
        f->try_count = i - 1;
        if (t.handler_active) {
            sim__js_emit(c, JS_OPC_END_TRY);
        }
        if (t.finally_block != JS_NONE) {
            compile_block(c, node_at(c, t.finally_block));
        }
    }
    memcpy(f->tries, kept, sizeof(kept));
    f->try_count = saved;
}

static void compile_break(struct compiler *c, uint32_t node, bool is_continue)
{
    struct fn_state *f = c->fn;
    for (uint32_t i = f->loop_count; i > 0; i--) {
        struct loop_ctx *l = &f->loops[i - 1];
        if (is_continue && l->is_switch) {
            continue;
        }
        leave_tries(c, l->try_depth);
        l = &f->loops[i - 1]; /* a loop in a finally block may have moved the array */
        if (is_continue && l->continue_target != JS_NONE) {
            sim__js_emit_loop(c, l->continue_target);
        } else if (is_continue) {
            add_jump(c, &l->continues, &l->continue_count, &l->continue_cap,
                     sim__js_emit_jump(c, JS_OPC_JUMP));
        } else {
            add_jump(c, &l->breaks, &l->break_count, &l->break_cap,
                     sim__js_emit_jump(c, JS_OPC_JUMP));
        }
        return;
    }
    sim__js_compile_error(c, node, is_continue ? "Illegal continue statement: no surrounding "
                                                 "iteration statement"
                                               : "Illegal break statement");
}

/* The boxes of a for's let variables, copied so that the next iteration has its own. */
static void copy_loop_boxes(struct compiler *c, uint32_t first_var, uint32_t end_var)
{
    struct fn_state *f = c->fn;
    for (uint32_t i = first_var; i < end_var; i++) {
        if (f->vars[i].boxed) {
            sim__js_emit_u16_u16(c, JS_OPC_GET_BOXED, f->vars[i].slot, f->vars[i].name);
            sim__js_emit_u16(c, JS_OPC_SET_LOCAL, f->vars[i].slot);
            sim__js_emit(c, JS_OPC_POP);
            sim__js_emit_u16(c, JS_OPC_BOX, f->vars[i].slot);
        }
    }
}

static void compile_for(struct compiler *c, const struct js_node *n)
{
    sim__js_scope_push(c);
    uint32_t first_var = c->fn->var_count;
    if (n->a != JS_NONE) {
        const struct js_node *init = node_at(c, n->a);
        if (init->kind == JS_NODE_VAR) {
            if (init->op != JS_DECL_VAR) {
                for (uint32_t k = 0; k < init->count; k++) {
                    declare_pattern_names(c, node_at(c, list_at(c, init, k))->a,
                                          init->op == JS_DECL_CONST ? VAR_CONST : VAR_LET,
                                          FIRST_HOLE);
                }
            }
            compile_var(c, init);
        } else {
            sim__js_compile_expr(c, n->a);
            sim__js_emit(c, JS_OPC_POP);
        }
    }
    uint32_t end_var = c->fn->var_count;
    copy_loop_boxes(c, first_var, end_var);
    uint32_t top = sim__js_here(c);
    uint32_t exit = JS_NONE;
    if (n->b != JS_NONE) {
        sim__js_compile_expr(c, n->b);
        exit = sim__js_emit_jump(c, JS_OPC_JUMP_IF_FALSE);
    }
    struct loop_ctx *l = loop_push(c, false);
    if (l == NULL) {
        return;
    }
    sim__js_compile_stmt(c, n->d);
    patch_continues(c, &c->fn->loops[c->fn->loop_count - 1]);
    copy_loop_boxes(c, first_var, end_var);
    if (n->c != JS_NONE) {
        sim__js_compile_effect(c, n->c);
    }
    sim__js_emit_loop(c, top);
    if (exit != JS_NONE) {
        sim__js_patch(c, exit);
    }
    loop_pop(c);
    sim__js_scope_pop(c);
}

static void compile_while(struct compiler *c, const struct js_node *n)
{
    uint32_t top = sim__js_here(c);
    sim__js_compile_expr(c, n->a);
    uint32_t exit = sim__js_emit_jump(c, JS_OPC_JUMP_IF_FALSE);
    struct loop_ctx *l = loop_push(c, false);
    if (l == NULL) {
        return;
    }
    l->continue_target = top;
    sim__js_compile_stmt(c, n->b);
    sim__js_emit_loop(c, top);
    sim__js_patch(c, exit);
    loop_pop(c);
}

static void compile_do_while(struct compiler *c, const struct js_node *n)
{
    uint32_t top = sim__js_here(c);
    if (loop_push(c, false) == NULL) {
        return;
    }
    sim__js_compile_stmt(c, n->a);
    patch_continues(c, &c->fn->loops[c->fn->loop_count - 1]);
    sim__js_compile_expr(c, n->b);
    uint32_t again = sim__js_emit_jump(c, JS_OPC_JUMP_IF_TRUE);
    if (!c->failed) {
        int32_t off = (int32_t)top - (int32_t)(again + 4);
        uint32_t u = (uint32_t)off;
        for (int i = 0; i < 4; i++) {
            c->fn->bytes[again + (uint32_t)i] = (uint8_t)(u >> (8 * i));
        }
    }
    loop_pop(c);
}

static void compile_for_of(struct compiler *c, const struct js_node *n)
{
    sim__js_scope_push(c);
    uint32_t arr = sim__js_temp_slot(c);
    uint32_t idx = sim__js_temp_slot(c);
    if (idx != arr + 1) {
        sim__js_compile_error(c, c->node, "internal error: for...of slots");
        return;
    }
    sim__js_compile_expr(c, n->b);
    sim__js_emit(c, JS_OPC_ITER_ARRAY);
    sim__js_emit_u16(c, JS_OPC_SET_LOCAL, arr);
    sim__js_emit(c, JS_OPC_POP);
    sim__js_emit_u16(c, JS_OPC_NUMBER, sim__js_number_const(c, 0));
    sim__js_emit_u16(c, JS_OPC_SET_LOCAL, idx);
    sim__js_emit(c, JS_OPC_POP);
    uint32_t top = sim__js_here(c);
    sim__js_emit_u16(c, JS_OPC_ITER_NEXT, arr);
    uint32_t exit = sim__js_emit_offset(c);
    struct loop_ctx *l = loop_push(c, false);
    if (l == NULL) {
        return;
    }
    l->continue_target = top;
    sim__js_scope_push(c);
    const struct js_node *left = node_at(c, n->a);
    if (left->kind == JS_NODE_VAR) {
        const struct js_node *d = node_at(c, list_at(c, left, 0));
        enum var_kind kind = left->op == JS_DECL_CONST ? VAR_CONST
                             : left->op == JS_DECL_LET ? VAR_LET
                                                       : VAR_VAR;
        if (kind != VAR_VAR) {
            declare_pattern_names(c, d->a, kind, FIRST_HOLE);
        }
        sim__js_store_pattern(c, d->a, true, kind);
    } else {
        sim__js_store_pattern(c, n->a, false, VAR_VAR);
    }
    sim__js_compile_stmt(c, n->c);
    sim__js_scope_pop(c);
    sim__js_emit_loop(c, top);
    sim__js_patch(c, exit);
    loop_pop(c);
    sim__js_scope_pop(c);
}

static void compile_switch(struct compiler *c, const struct js_node *n)
{
    uint32_t value = sim__js_temp_slot(c);
    sim__js_compile_expr(c, n->a);
    sim__js_emit_u16(c, JS_OPC_SET_LOCAL, value);
    sim__js_emit(c, JS_OPC_POP);
    sim__js_scope_push(c);
    uint32_t outer_switch = c->fn->switch_depth;
    c->fn->switch_depth = c->fn->depth;
    /* One scope for all the cases: hoist what each declares. */
    for (uint32_t i = 0; i < n->count; i++) {
        hoist_block(c, node_at(c, list_at(c, n, i)), false);
    }
    uint32_t *jumps = malloc(((size_t)n->count + 1) * sizeof(uint32_t));
    if (jumps == NULL) {
        sim__js_compile_error(c, c->node, "out of memory");
        return;
    }
    uint32_t default_case = JS_NONE;
    for (uint32_t i = 0; i < n->count; i++) {
        const struct js_node *cs = node_at(c, list_at(c, n, i));
        jumps[i] = JS_NONE;
        if (cs->a == JS_NONE) {
            default_case = i;
            continue;
        }
        sim__js_emit_u16(c, JS_OPC_GET_LOCAL, value);
        sim__js_compile_expr(c, cs->a);
        sim__js_emit_u8(c, JS_OPC_BINARY, JS_OP_SEQ);
        jumps[i] = sim__js_emit_jump(c, JS_OPC_JUMP_IF_TRUE);
    }
    uint32_t to_default = sim__js_emit_jump(c, JS_OPC_JUMP);
    if (loop_push(c, true) == NULL) {
        free(jumps);
        return;
    }
    for (uint32_t i = 0; i < n->count; i++) {
        if (jumps[i] != JS_NONE) {
            sim__js_patch(c, jumps[i]);
        }
        if (i == default_case) {
            sim__js_patch(c, to_default);
            to_default = JS_NONE;
        }
        compile_statements(c, node_at(c, list_at(c, n, i)));
    }
    if (to_default != JS_NONE) {
        sim__js_patch(c, to_default);
    }
    free(jumps);
    loop_pop(c);
    c->fn->switch_depth = outer_switch;
    sim__js_scope_pop(c);
}

/* ---- try / catch / finally --------------------------------------------------------------- */

static bool try_push(struct compiler *c, uint32_t finally_block, bool handler)
{
    struct fn_state *f = c->fn;
    if (f->try_count >= MAX_TRY_NESTING) {
        sim__js_compile_error(c, c->node, "try statements nest too deeply (at most 64)");
        return false;
    }
    f->tries[f->try_count++] = (struct try_ctx){.finally_block = finally_block,
                                                .handler_active = handler};
    return true;
}

static void compile_catch(struct compiler *c, const struct js_node *n)
{
    sim__js_scope_push(c);
    if (n->b != JS_NONE) {
        declare_pattern_names(c, n->b, VAR_LET, FIRST_UNDEFINED);
        sim__js_store_pattern(c, n->b, true, VAR_LET);
    } else {
        sim__js_emit(c, JS_OPC_POP);
    }
    compile_block(c, node_at(c, n->c));
    sim__js_scope_pop(c);
}

static void compile_try(struct compiler *c, const struct js_node *n)
{
    struct fn_state *f = c->fn;
    uint32_t fin_handler = JS_NONE;
    if (n->d != JS_NONE) {
        fin_handler = sim__js_emit_jump(c, JS_OPC_TRY);
        if (!try_push(c, n->d, true)) {
            return;
        }
    }
    if (n->c != JS_NONE) {
        uint32_t catch_handler = sim__js_emit_jump(c, JS_OPC_TRY);
        if (!try_push(c, JS_NONE, true)) {
            return;
        }
        compile_block(c, node_at(c, n->a));
        f->try_count--;
        sim__js_emit(c, JS_OPC_END_TRY);
        uint32_t over = sim__js_emit_jump(c, JS_OPC_JUMP);
        sim__js_patch(c, catch_handler);
        compile_catch(c, n);
        sim__js_patch(c, over);
    } else {
        compile_block(c, node_at(c, n->a));
    }
    if (n->d != JS_NONE) {
        f->try_count--;
        sim__js_emit(c, JS_OPC_END_TRY);
        compile_block(c, node_at(c, n->d));
        uint32_t done = sim__js_emit_jump(c, JS_OPC_JUMP);
        /* The way out by a throw: run the finally block, then throw again. */
        sim__js_patch(c, fin_handler);
        uint32_t saved = sim__js_temp_slot(c);
        sim__js_emit_u16(c, JS_OPC_SET_LOCAL, saved);
        sim__js_emit(c, JS_OPC_POP);
        compile_block(c, node_at(c, n->d));
        sim__js_emit_u16(c, JS_OPC_GET_LOCAL, saved);
        sim__js_emit(c, JS_OPC_THROW);
        sim__js_patch(c, done);
    }
}

/* ---- Statements -------------------------------------------------------------------------- */

static void compile_return(struct compiler *c, const struct js_node *n)
{
    /* In the main script of CommonJS, node's module wrapper makes `return` end it (the parser
       refuses it in a module). */
    if (n->a != JS_NONE) {
        sim__js_compile_expr(c, n->a);
    } else {
        sim__js_emit(c, JS_OPC_UNDEFINED);
    }
    if (c->fn->try_count > 0) {
        uint32_t tmp = sim__js_temp_slot(c);
        sim__js_emit_u16(c, JS_OPC_SET_LOCAL, tmp);
        sim__js_emit(c, JS_OPC_POP);
        leave_tries(c, 0);
        sim__js_emit_u16(c, JS_OPC_GET_LOCAL, tmp);
    }
    sim__js_emit(c, JS_OPC_RETURN);
}

static void compile_import(struct compiler *c, const struct js_node *n)
{
    /* The engine's own loader (a hidden global): an ES module has no `require`. */
    static const char import[] = "\x01import";
    if (!sim__js_check_module(c, c->node, &c->ast->strings[n->str])) {
        return;
    }
    for (uint32_t i = 0; i < n->count || i == 0; i++) {
        sim__js_emit_u16(c, JS_OPC_GET_GLOBAL, sim__js_bytes_const(c, import, 7));
        sim__js_emit_u16(c, JS_OPC_STRING, sim__js_string_const(c, n->str));
        sim__js_emit_u8(c, JS_OPC_CALL, 1);
        if (n->count == 0) {
            sim__js_emit(c, JS_OPC_POP);
            return;
        }
        const struct js_node *spec = node_at(c, list_at(c, n, i));
        if (spec->op == JS_IMPORT_NAMED) {
            sim__js_check_import(c, list_at(c, n, i), n->str, spec->str);
            sim__js_emit_u16(c, JS_OPC_GET_PROP, sim__js_string_const(c, spec->str));
        }
        sim__js_emit_declare_init(c, sim__js_name_const(c, spec->a), VAR_CONST);
        if (spec->op != JS_IMPORT_NAMED) {
            sim__js_note_module(c, spec->a, n->str); /* import fs from 'fs', import * as fs */
        }
    }
}

void sim__js_compile_stmt(struct compiler *c, uint32_t node)
{
    if (!sim__js_compile_enter(c, node)) {
        sim__js_compile_leave(c);
        return;
    }
    const struct js_node *n = node_at(c, node);
    if (n->kind != JS_NODE_BLOCK && n->kind != JS_NODE_EMPTY &&
        n->kind != JS_NODE_FUNCTION_DECL && n->kind != JS_NODE_IMPORT) {
        sim__js_emit(c, JS_OPC_STMT);
    }
    switch (n->kind) {
    case JS_NODE_VAR:
        compile_var(c, n);
        break;
    case JS_NODE_FUNCTION_DECL:
    case JS_NODE_EMPTY:
    case JS_NODE_IMPORT: /* hoisted */
        break;
    case JS_NODE_EXPR_STMT:
        sim__js_compile_effect(c, n->a);
        break;
    case JS_NODE_BLOCK:
        compile_block(c, n);
        break;
    case JS_NODE_IF: {
        sim__js_compile_expr(c, n->a);
        uint32_t skip = sim__js_emit_jump(c, JS_OPC_JUMP_IF_FALSE);
        sim__js_compile_stmt(c, n->b);
        if (n->c != JS_NONE) {
            uint32_t over = sim__js_emit_jump(c, JS_OPC_JUMP);
            sim__js_patch(c, skip);
            sim__js_compile_stmt(c, n->c);
            sim__js_patch(c, over);
        } else {
            sim__js_patch(c, skip);
        }
        break;
    }
    case JS_NODE_FOR:
        compile_for(c, n);
        break;
    case JS_NODE_FOR_OF:
        compile_for_of(c, n);
        break;
    case JS_NODE_WHILE:
        compile_while(c, n);
        break;
    case JS_NODE_DO_WHILE:
        compile_do_while(c, n);
        break;
    case JS_NODE_BREAK:
        compile_break(c, node, false);
        break;
    case JS_NODE_CONTINUE:
        compile_break(c, node, true);
        break;
    case JS_NODE_RETURN:
        compile_return(c, n);
        break;
    case JS_NODE_THROW:
        sim__js_compile_expr(c, n->a);
        sim__js_emit(c, JS_OPC_THROW);
        break;
    case JS_NODE_TRY:
        compile_try(c, n);
        break;
    case JS_NODE_SWITCH:
        compile_switch(c, n);
        break;
    case JS_NODE_EXPORT:
        if (n->a != JS_NONE && (n->flags & JS_F_DEFAULT)) {
            sim__js_compile_expr(c, n->a);
            sim__js_emit(c, JS_OPC_POP);
        } else if (n->a != JS_NONE) {
            const struct js_node *decl = node_at(c, n->a);
            if (decl->kind == JS_NODE_VAR) {
                compile_var(c, decl);
            }
        }
        break;
    default:
        sim__js_compile_error(c, node, "this statement is not supported");
        break;
    }
    sim__js_compile_leave(c);
}

/* A function's prologue and body: `this`, parameters, hoisted names, then its statements. */
void sim__js_compile_function_body(struct compiler *c, uint32_t fn_node)
{
    const struct js_node *fn = node_at(c, fn_node);
    struct fn_state *f = c->fn;
    /* Parameters take the first slots, in order; the caller puts the arguments there. */
    uint32_t params = fn->count;
    for (uint32_t i = 0; i < params; i++) {
        sim__js_temp_slot(c); /* slot i: argument i */
    }
    if (!(f->flags & JS_PROTO_ARROW) && sim__js_inner_uses(c, fn_node, THIS_NAME(c))) {
        uint32_t slot = sim__js_declare(c, THIS_NAME(c), VAR_PARAM);
        sim__js_emit(c, JS_OPC_THIS);
        sim__js_emit_u16(c, JS_OPC_SET_LOCAL, slot);
        sim__js_emit(c, JS_OPC_POP);
        sim__js_emit_u16(c, JS_OPC_BOX, slot);
    }
    if (fn->kind == JS_NODE_FUNCTION && fn->a != JS_NONE) {
        /* A named function expression sees its own name. */
        sim__js_emit(c, JS_OPC_CALLEE);
        sim__js_emit_declare_init(c, sim__js_name_const(c, fn->a), VAR_FUNCTION);
    }
    for (uint32_t i = 0; i < params; i++) {
        uint32_t p = list_at(c, fn, i);
        const struct js_node *pn = node_at(c, p);
        uint32_t target = pn->kind == JS_NODE_REST ? pn->a : p;
        if (node_at(c, target)->kind == JS_NODE_IDENT &&
            sim__js_bind_param(c, sim__js_name_const(c, target), i)) {
            /* A plain name: its argument's slot is its variable, boxed if a closure uses it */
            if (c->fn->vars[c->fn->var_count - 1].boxed) {
                sim__js_emit_u16(c, JS_OPC_BOX, i);
            }
            continue;
        }
        sim__js_emit_u16(c, JS_OPC_GET_LOCAL, i);
        declare_pattern_names(c, target, VAR_PARAM, FIRST_UNDEFINED);
        sim__js_store_pattern(c, target, true, VAR_PARAM);
    }
    if (fn->flags & JS_F_EXPR_BODY) {
        sim__js_emit(c, JS_OPC_STMT);
        sim__js_compile_expr(c, fn->b);
        sim__js_emit(c, JS_OPC_RETURN);
        return;
    }
    const struct js_node *body = node_at(c, fn->b);
    hoist_vars(c, fn->b);
    sim__js_scope_push(c);
    hoist_block(c, body, true);
    compile_statements(c, body);
    sim__js_scope_pop(c);
    sim__js_emit(c, JS_OPC_UNDEFINED);
    sim__js_emit(c, JS_OPC_RETURN);
}

/* The main script (or module body): proto 0. */
void sim__js_compile_main(struct compiler *c)
{
    struct fn_state f;
    const struct js_node *root = node_at(c, c->ast->root);
    /* A module with a top-level await is evaluated as an async function's body. */
    bool tla = root->flags & JS_F_TOP_AWAIT;
    sim__js_fn_begin(c, &f, c->ast->root, JS_PROTO_MAIN | (tla ? JS_PROTO_ASYNC : 0));
    if (sim__js_inner_uses(c, c->ast->root, THIS_NAME(c))) {
        uint32_t slot = sim__js_declare(c, THIS_NAME(c), VAR_PARAM);
        sim__js_emit(c, JS_OPC_THIS);
        sim__js_emit_u16(c, JS_OPC_SET_LOCAL, slot);
        sim__js_emit(c, JS_OPC_POP);
        sim__js_emit_u16(c, JS_OPC_BOX, slot);
    }
    hoist_vars(c, c->ast->root);
    for (uint32_t i = 0; i < root->count; i++) {
        uint32_t s = list_at(c, root, i);
        if (node_at(c, s)->kind == JS_NODE_IMPORT) {
            compile_import(c, node_at(c, s));
        }
    }
    hoist_block(c, root, true);
    compile_statements(c, root);
    sim__js_emit(c, JS_OPC_UNDEFINED);
    sim__js_emit(c, JS_OPC_RETURN);
    sim__js_fn_end(c, JS_NONE, 0, 0);
}
