/*
 * compile.h - the compiler's state, shared by its files (sim/js/ only).
 *
 *   compile.c       emitting, constants, scopes and names, functions, the entry point
 *   compile_stmt.c  statements, declarations and patterns
 *   compile_expr.c  expressions
 *   inner.c         which names nested functions use: the variables that need a box
 */
#ifndef SIM_JS_COMPILE_H
#define SIM_JS_COMPILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "code.h"
#include "grow.h"

enum var_kind { VAR_VAR, VAR_LET, VAR_CONST, VAR_FUNCTION, VAR_PARAM, VAR_CLASS_LIKE };

/* A variable of the function being compiled, visible while its block is. */
struct local_var {
    uint32_t name;           /* its string constant */
    uint32_t slot;
    uint32_t depth;          /* the block depth it was declared at */
    enum var_kind kind;
    bool boxed;              /* a nested function uses its name: it lives in a box */
    uint32_t module;         /* the tree string naming the module it holds (`= require('fs')`,
                                an import of 'fs'), or JS_NONE */
    bool frozen;             /* a parameter that nested functions use and nothing assigns:
                                unboxed, its closures hold its value (inner.c) */
    bool live;               /* its declaration has initialised it, and code compiled from
                                here on runs after that: a let or const read needs no
                                dead-zone check (never in a switch, whose cases jump over
                                declarations, nor for a boxed one, which closures read) */
};

/* Where a name resolves. */
enum ref_where { REF_LOCAL, REF_BOXED, REF_CAPTURE, REF_GLOBAL };

struct name_ref {
    enum ref_where where;
    uint32_t index;          /* slot, box number or (global) the name's constant */
    uint32_t name;
    enum var_kind kind;
    bool frozen;             /* a capture of a frozen parameter: the value itself */
};

/* A loop or switch that break (and, for loops, continue) may leave. */
struct loop_ctx {
    uint32_t continue_target; /* where continue jumps back to, or JS_NONE: patch the list */
    uint32_t *breaks;        /* jump operands to patch to the end */
    uint32_t break_count;
    uint32_t break_cap;
    uint32_t *continues;     /* forward continue jumps (for loops with an update) */
    uint32_t continue_count;
    uint32_t continue_cap;
    uint32_t try_depth;      /* c->fn->try_count when the loop began */
    bool is_switch;
};

/* A try being compiled, for what leaving it early must do. */
struct try_ctx {
    uint32_t finally_block;  /* its finally BLOCK, or JS_NONE */
    bool handler_active;     /* a TRY handler is installed for this entry (END_TRY on exit) */
};

#define MAX_TRY_NESTING 64u
/* The parser bounds nesting (JS_MAX_DEPTH); the compiler recurses a few levels per node. */
#define COMPILE_MAX_DEPTH (JS_MAX_DEPTH * 4u)

/* One function being compiled. */
struct fn_state {
    struct fn_state *enclosing;
    uint32_t node;
    uint32_t proto;          /* its number in js_code.protos */
    uint8_t flags;           /* JS_PROTO_* */
    uint8_t *bytes;
    uint32_t *nodes;
    uint32_t byte_count;
    uint32_t last_at;        /* where the last instruction starts (JS_NONE: none yet), and */
    uint32_t target;         /* the last offset a jump may land on: compile.c fuses an
                                instruction into the one before it only where none can */
    uint32_t byte_cap;
    uint32_t node_cap;
    struct local_var *vars;
    uint32_t var_count;
    uint32_t var_cap;
    uint32_t depth;          /* block depth */
    uint32_t switch_depth;   /* the innermost switch's scope depth, or JS_NONE */
    uint32_t slot_count;
    uint32_t max_slots;
    struct js_capture *captures;
    struct local_var *capture_info; /* beside each capture: its name and kind */
    uint32_t capture_count;
    uint32_t capture_cap;
    uint32_t capture_info_cap;
    uint32_t this_slot;      /* a non-arrow function's boxed `this`, or JS_NONE */
    struct loop_ctx *loops;
    uint32_t loop_count;
    uint32_t loop_cap;
    struct try_ctx tries[MAX_TRY_NESTING];
    uint32_t try_count;
};

/* A (function node, name constant) pair of inner.c's sets. */
struct inner_use {
    uint32_t fn;
    uint32_t name;
};

/* A set of such pairs, by open addressing (inner.c). */
struct name_set {
    struct inner_use *items;
    uint32_t cap;
    uint32_t count;
};

struct compiler {
    const struct js_ast *ast;
    struct js_code *code;
    struct sim_diag *diag;
    struct fn_state *fn;     /* the function being compiled */
    uint32_t node;           /* the node being compiled, for the code's node map and errors */
    bool failed;
    uint32_t depth;          /* recursion, bounded like the parser's */
    uint32_t node_stack[COMPILE_MAX_DEPTH]; /* c->node of each level entered */
    uint32_t byte_cap;
    uint32_t node_cap;
    uint32_t proto_cap;
    uint32_t capture_cap;
    uint32_t number_cap;
    uint32_t string_cap;
    struct name_set inner;   /* names nested functions use, per function (inner.c) */
    struct name_set assigned; /* names assigned or declared anywhere inside a function */
    uint32_t this_name;      /* the constant "this": the name `this` is captured by */
    uint32_t infer_name;     /* the name an anonymous function about to be compiled takes from
                                where it is put (const f = () => {}), or JS_NONE */
};

/* The pseudo-name under which arrows capture their function's `this`. */
#define THIS_NAME(c) ((c)->this_name)


/* compile.c */
void sim__js_compile_error(struct compiler *c, uint32_t node, const char *message);
bool sim__js_check_module(struct compiler *c, uint32_t node, const struct js_string *name);
bool sim__js_compile_enter(struct compiler *c, uint32_t node);
void sim__js_compile_leave(struct compiler *c);
void sim__js_emit(struct compiler *c, enum js_opcode op);
void sim__js_emit_u8(struct compiler *c, enum js_opcode op, uint32_t operand);
void sim__js_emit_u16(struct compiler *c, enum js_opcode op, uint32_t operand);
void sim__js_emit_u16_u16(struct compiler *c, enum js_opcode op, uint32_t a, uint32_t b);
uint32_t sim__js_emit_jump(struct compiler *c, enum js_opcode op);
uint32_t sim__js_emit_offset(struct compiler *c);
void sim__js_emit_operand(struct compiler *c, uint8_t b);
uint32_t sim__js_here(struct compiler *c);
void sim__js_patch(struct compiler *c, uint32_t at);
void sim__js_emit_loop(struct compiler *c, uint32_t target);
uint32_t sim__js_number_const(struct compiler *c, double v);
uint32_t sim__js_bytes_const(struct compiler *c, const char *bytes, uint32_t len);
uint32_t sim__js_string_const(struct compiler *c, uint32_t str);
uint32_t sim__js_name_const(struct compiler *c, uint32_t ident);
uint32_t sim__js_temp_slot(struct compiler *c);
bool sim__js_bind_param(struct compiler *c, uint32_t name, uint32_t slot);
uint32_t sim__js_declare(struct compiler *c, uint32_t name, enum var_kind kind);
struct name_ref sim__js_resolve(struct compiler *c, uint32_t name);
void sim__js_emit_get(struct compiler *c, uint32_t name);
void sim__js_emit_set(struct compiler *c, uint32_t name, bool init);
void sim__js_emit_store(struct compiler *c, uint32_t name, bool init, bool read);
void sim__js_emit_declare_init(struct compiler *c, uint32_t name, enum var_kind kind);
void sim__js_scope_push(struct compiler *c);
void sim__js_scope_pop(struct compiler *c);
void sim__js_fn_begin(struct compiler *c, struct fn_state *f, uint32_t node, uint8_t flags);
uint32_t sim__js_fn_end(struct compiler *c, uint32_t name, uint16_t params, uint16_t length);

/* compile_stmt.c */
void sim__js_compile_main(struct compiler *c);
void sim__js_compile_stmt(struct compiler *c, uint32_t node);
void sim__js_compile_function_body(struct compiler *c, uint32_t fn_node);
void sim__js_store_pattern(struct compiler *c, uint32_t pattern, bool declare,
                           enum var_kind kind);

/* compile_expr.c */
void sim__js_compile_expr(struct compiler *c, uint32_t node);
/* An expression for its effect only: compiled, then popped. */
void sim__js_compile_effect(struct compiler *c, uint32_t node);
uint32_t sim__js_compile_function(struct compiler *c, uint32_t node);
void sim__js_compile_named(struct compiler *c, uint32_t node, uint32_t name);

/* inner.c */
int sim__js_inner_scan(struct compiler *c);
bool sim__js_inner_uses(const struct compiler *c, uint32_t fn, uint32_t name);
bool sim__js_assigned_in(const struct compiler *c, uint32_t fn, uint32_t name);
void sim__js_inner_free(struct compiler *c);

/* The variable `name` (a constant) names, seen from the function being compiled, or NULL. */
struct local_var *sim__js_find_var(struct compiler *c, uint32_t name);

/*
 * What loopsim does not simulate of Node, refused where the program uses it (compile_api.c):
 * a global (fetch, Map...), or a member of a module or of one of Node's objects (fs.watch,
 * console.table, process.hrtime...).
 */
void sim__js_check_global(struct compiler *c, uint32_t name);
void sim__js_check_member(struct compiler *c, uint32_t member);
/* After `const x = require('m')` or an import of m: x holds module m (its tree string). */
void sim__js_note_module(struct compiler *c, uint32_t ident, uint32_t module);
/* `const { a, b } = require('m')`: each of a, b must be simulated. */
void sim__js_check_pattern(struct compiler *c, uint32_t pattern, uint32_t module);
/* import { name } from 'module' (tree strings): name must be simulated. */
void sim__js_check_import(struct compiler *c, uint32_t at, uint32_t module, uint32_t name);
/* The module `call` requires (require('m') with a literal name): its tree string, or JS_NONE. */
uint32_t sim__js_required(struct compiler *c, uint32_t call);

#endif
