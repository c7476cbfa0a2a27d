/*
 * compile.c - a JavaScript tree to bytecode (code.h): names resolved, declarations hoisted.
 *
 * One pass over the tree per function, in the manner of clox's compiler, with one difference
 * that makes closures plain data: a variable that some inner function uses lives in a box (a
 * heap cell) from its declaration, and a closure holds its boxes by index, so a frame is never
 * pointed into and an async function's frame can be moved whole. Which variables need a box is
 * decided first (inner.c): a name used inside a nested function boxes every variable of that
 * name in the functions around it, which is conservative and always right.
 *
 * Scopes follow JavaScript: `var` and function declarations belong to the function (hoisted to
 * its start), `let`, `const` and block-level functions to their block, with a hole until the
 * declaration runs (the temporal dead zone: reading it throws a ReferenceError). `for (let ...)`
 * gives each iteration a fresh box, so closures made in different iterations see different
 * variables. A `finally` block is compiled once per way out of its `try` (normal end, throw,
 * return, break, continue), the way many compilers inline it.
 */
#include "compile.h"

#include <stdlib.h>
#include <string.h>

/* ---- Emitting ---------------------------------------------------------------------------- */

static void fail_at(struct compiler *c, uint32_t node, const char *message)
{
    if (c->failed) {
        return;
    }
    c->failed = true;
    c->diag->code = -SIM_EINVAL;
    if (node != JS_NONE) {
        c->diag->line = c->ast->nodes[node].line;
        c->diag->col = c->ast->nodes[node].col;
    }
    snprintf(c->diag->message, sizeof(c->diag->message), "%s", message);
}

void sim__js_compile_error(struct compiler *c, uint32_t node, const char *message)
{
    fail_at(c, node, message);
}

static void fail_nomem(struct compiler *c)
{
    if (!c->failed) {
        c->failed = true;
        c->diag->code = -SIM_ENOMEM;
        snprintf(c->diag->message, sizeof(c->diag->message), "out of memory");
    }
}

/*
 * Enters the compilation of `node` (its instructions map to it) and bounds the recursion;
 * false when compilation has failed. Every call is paired with sim__js_compile_leave.
 */
bool sim__js_compile_enter(struct compiler *c, uint32_t node)
{
    if (c->depth >= COMPILE_MAX_DEPTH) {
        fail_at(c, node, "the program nests too deeply to compile");
        c->depth++;
        return false;
    }
    c->node_stack[c->depth++] = c->node;
    c->node = node;
    return !c->failed;
}

void sim__js_compile_leave(struct compiler *c)
{
    c->depth--;
    if (c->depth < COMPILE_MAX_DEPTH) {
        c->node = c->node_stack[c->depth];
    }
}

static void emit_byte(struct compiler *c, uint8_t b)
{
    struct fn_state *f = c->fn;
    if (!sim__grow_array((void **)&f->bytes, &f->byte_cap, f->byte_count + 1, 1) ||
        !sim__grow_array((void **)&f->nodes, &f->node_cap, f->byte_count + 1, sizeof(uint32_t))) {
        fail_nomem(c);
        return;
    }
    f->nodes[f->byte_count] = c->node;
    f->bytes[f->byte_count++] = b;
}

static void emit_u16(struct compiler *c, uint32_t v)
{
    if (v > UINT16_MAX) {
        fail_at(c, c->node, "the function is too large to compile (over 65,535 constants or "
                            "local variables)");
        return;
    }
    emit_byte(c, (uint8_t)(v & 0xff));
    emit_byte(c, (uint8_t)(v >> 8));
}

static void emit_i32_at(struct compiler *c, uint32_t at, int32_t v)
{
    uint32_t u = (uint32_t)v;
    for (int i = 0; i < 4; i++) {
        c->fn->bytes[at + (uint32_t)i] = (uint8_t)(u >> (8 * i));
    }
}

/*
 * The fused instructions (code.h): X(the instruction before, the one emitted, the fusion).
 * One instruction does the work of two, so the interpreter dispatches once. The one before
 * becomes the fusion in place, its operands kept; the emitted one's operands follow them.
 */
#define JS_FUSION_MAP(X)                                   \
    X(SET_LOCAL, POP, PUT_LOCAL)                           \
    X(SET_BOXED, POP, PUT_BOXED)                           \
    X(DUP, GET_PROP, GET_PROP_KEEP)                        \
    X(NUMBER, BINARY, BINARY_NUM)                          \
    X(UNDEFINED, RETURN, RETURN_UNDEFINED)                 \
    X(BINARY, JUMP_IF_FALSE, BINARY_JUMP_IF_FALSE)         \
    X(BINARY, JUMP_IF_TRUE, BINARY_JUMP_IF_TRUE)           \
    X(BINARY_NUM, JUMP_IF_FALSE, BINARY_NUM_JUMP_IF_FALSE) \
    X(BINARY_NUM, JUMP_IF_TRUE, BINARY_NUM_JUMP_IF_TRUE)

/*
 * Starts instruction `op`: a fusion with the last one where the table has them and no jump can
 * land between the two (true: only its operands are to be emitted), else its opcode byte.
 */
static bool emit_op(struct compiler *c, enum js_opcode op)
{
    struct fn_state *f = c->fn;
    if (f->last_at != JS_NONE && f->target != f->byte_count && !c->failed) {
        enum js_opcode before = (enum js_opcode)f->bytes[f->last_at];
#define X(b, o, fused)                                                                       \
        if (before == JS_OPC_##b && op == JS_OPC_##o) {                                        \
            f->bytes[f->last_at] = JS_OPC_##fused;                                             \
            return true;                                                                       \
        }
        JS_FUSION_MAP(X)
#undef X
    }
    f->last_at = f->byte_count;
    emit_byte(c, (uint8_t)op);
    return false;
}
#undef JS_FUSION_MAP

/* The current end of the code as a place a jump lands on: nothing is fused across it. */
uint32_t sim__js_here(struct compiler *c)
{
    c->fn->target = c->fn->byte_count;
    return c->fn->byte_count;
}

void sim__js_emit(struct compiler *c, enum js_opcode op)
{
    emit_op(c, op);
}

void sim__js_emit_u16(struct compiler *c, enum js_opcode op, uint32_t operand)
{
    emit_op(c, op);
    emit_u16(c, operand);
}

void sim__js_emit_u16_u16(struct compiler *c, enum js_opcode op, uint32_t a, uint32_t b)
{
    emit_op(c, op);
    emit_u16(c, a);
    emit_u16(c, b);
}

void sim__js_emit_u8(struct compiler *c, enum js_opcode op, uint32_t operand)
{
    if (operand > UINT8_MAX) {
        fail_at(c, c->node, "too many arguments in one call (at most 255)");
        return;
    }
    emit_op(c, op);
    emit_byte(c, (uint8_t)operand);
}

/* Emits one more operand byte of the instruction just started (not an instruction). */
void sim__js_emit_operand(struct compiler *c, uint8_t b)
{
    emit_byte(c, b);
}

/* Emits a placeholder for an instruction's jump offset; returns where to patch it. */
uint32_t sim__js_emit_offset(struct compiler *c)
{
    uint32_t at = c->fn->byte_count;
    for (int i = 0; i < 4; i++) {
        emit_byte(c, 0);
    }
    return at;
}

/* Emits a jump with a placeholder offset; returns where to patch it. */
uint32_t sim__js_emit_jump(struct compiler *c, enum js_opcode op)
{
    emit_op(c, op);
    return sim__js_emit_offset(c);
}

/* Points the jump whose operand is at `at` to the current end of the code. */
void sim__js_patch(struct compiler *c, uint32_t at)
{
    if (!c->failed) {
        emit_i32_at(c, at, (int32_t)(sim__js_here(c) - (at + 4)));
    }
}

/* Emits a jump back to `target`. */
void sim__js_emit_loop(struct compiler *c, uint32_t target)
{
    uint32_t at = sim__js_emit_jump(c, JS_OPC_JUMP);
    if (!c->failed) {
        emit_i32_at(c, at, (int32_t)target - (int32_t)(at + 4));
    }
}

/* ---- Constants --------------------------------------------------------------------------- */

uint32_t sim__js_number_const(struct compiler *c, double v)
{
    struct js_code *code = c->code;
    for (uint32_t i = 0; i < code->number_count; i++) {
        if (memcmp(&code->numbers[i], &v, sizeof(v)) == 0) {
            return i;
        }
    }
    if (!sim__grow_array((void **)&code->numbers, &c->number_cap, code->number_count + 1,
                         sizeof(double))) {
        fail_nomem(c);
        return 0;
    }
    code->numbers[code->number_count] = v;
    return code->number_count++;
}

static uint32_t hash_bytes(const char *s, uint32_t len)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < len; i++) {
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    }
    return h;
}

uint32_t sim__js_find_const(const struct js_code *code, const char *bytes, uint32_t len)
{
    if (code->string_map_cap == 0) {
        return JS_NONE;
    }
    uint32_t h = hash_bytes(bytes, len) & (code->string_map_cap - 1);
    while (code->string_map[h] != JS_NONE) {
        const struct js_string *s = &code->strings[code->string_map[h]];
        if (s->len == len && memcmp(s->bytes, bytes, len) == 0) {
            return code->string_map[h];
        }
        h = (h + 1) & (code->string_map_cap - 1);
    }
    return JS_NONE;
}

/* The constant holding these bytes (which must outlive the code), added when new. */
uint32_t sim__js_bytes_const(struct compiler *c, const char *bytes, uint32_t len)
{
    struct js_code *code = c->code;
    if (code->string_count * 2 >= code->string_map_cap) {
        uint32_t cap = code->string_map_cap == 0 ? 64 : code->string_map_cap * 2;
        uint32_t *map = malloc((size_t)cap * sizeof(uint32_t));
        if (map == NULL) {
            fail_nomem(c);
            return 0;
        }
        memset(map, 0xff, (size_t)cap * sizeof(uint32_t));
        for (uint32_t i = 0; i < code->string_count; i++) {
            uint32_t h = hash_bytes(code->strings[i].bytes, code->strings[i].len) & (cap - 1);
            while (map[h] != JS_NONE) {
                h = (h + 1) & (cap - 1);
            }
            map[h] = i;
        }
        free(code->string_map);
        code->string_map = map;
        code->string_map_cap = cap;
    }
    uint32_t k = sim__js_find_const(code, bytes, len);
    if (k != JS_NONE) {
        return k;
    }
    uint32_t h = hash_bytes(bytes, len) & (code->string_map_cap - 1);
    while (code->string_map[h] != JS_NONE) {
        h = (h + 1) & (code->string_map_cap - 1);
    }
    if (!sim__grow_array((void **)&code->strings, &c->string_cap, code->string_count + 1,
                         sizeof(struct js_string))) {
        fail_nomem(c);
        return 0;
    }
    code->strings[code->string_count] = (struct js_string){.bytes = bytes, .len = len};
    code->string_map[h] = code->string_count;
    return code->string_count++;
}

/* The constant for tree string `str`. */
uint32_t sim__js_string_const(struct compiler *c, uint32_t str)
{
    const struct js_string *s = &c->ast->strings[str];
    return sim__js_bytes_const(c, s->bytes, s->len);
}

/* The constant of a node's name (an IDENT's). */
uint32_t sim__js_name_const(struct compiler *c, uint32_t ident)
{
    return sim__js_string_const(c, c->ast->nodes[ident].str);
}

/*
 * The modules a JavaScript program may load here, without or with "node:". A program that
 * loads another is refused before it runs, at the require or import that names it.
 */
static const char *const simulated_modules[] = {"events", "timers", "timers/promises", "util",
                                                "fs", "fs/promises", "crypto", "zlib", "dns",
                                                "net"};

bool sim__js_check_module(struct compiler *c, uint32_t node, const struct js_string *name)
{
    const char *s = name->bytes;
    uint32_t len = name->len;
    if (len > 5 && memcmp(s, "node:", 5) == 0) {
        s += 5;
        len -= 5;
    }
    for (size_t i = 0; i < sizeof(simulated_modules) / sizeof(simulated_modules[0]); i++) {
        if (strlen(simulated_modules[i]) == len && memcmp(simulated_modules[i], s, len) == 0) {
            return true;
        }
    }
    char msg[300];
    snprintf(msg, sizeof(msg),
             "the '%.*s' module is not simulated in JavaScript programs yet; loopsim simulates "
             "dns, events, fs, fs/promises, crypto, net, timers, timers/promises, util and zlib",
             (int)(len > 40 ? 40 : len), s);
    fail_at(c, node, msg);
    return false;
}

/* ---- Scopes and names -------------------------------------------------------------------- */

/* A name's constant index stands for the name: constants are interned, so equal names match. */
static uint32_t new_slot(struct compiler *c)
{
    struct fn_state *f = c->fn;
    uint32_t slot = f->slot_count++;
    if (f->slot_count > f->max_slots) {
        f->max_slots = f->slot_count;
    }
    if (slot >= UINT16_MAX) {
        fail_at(c, c->node, "too many local variables in one function (at most 65,535)");
    }
    return slot;
}

/* A hidden slot for the compiler's own use (a switch's value, a for...of's array). */
uint32_t sim__js_temp_slot(struct compiler *c)
{
    return new_slot(c);
}

/*
 * Binds parameter `name` to the slot its argument arrives in, `slot`, when nothing else has
 * that name yet in the function (then nothing needs copying). False otherwise.
 */
bool sim__js_bind_param(struct compiler *c, uint32_t name, uint32_t slot)
{
    struct fn_state *f = c->fn;
    for (uint32_t i = 0; i < f->var_count; i++) {
        if (f->vars[i].name == name) {
            return false; /* function f(a, a): the generic path keeps the last */
        }
    }
    if (!sim__grow_array((void **)&f->vars, &f->var_cap, f->var_count + 1,
                         sizeof(struct local_var))) {
        fail_nomem(c);
        return false;
    }
    bool used = sim__js_inner_uses(c, f->node, name);
    bool frozen = used && !sim__js_assigned_in(c, f->node, name);
    f->vars[f->var_count++] = (struct local_var){
        .name = name, .slot = slot, .depth = f->depth, .kind = VAR_PARAM,
        .boxed = used && !frozen, .frozen = frozen, .module = JS_NONE};
    return true;
}

/* Declares `name` (a constant) in the innermost scope; returns its slot. */
uint32_t sim__js_declare(struct compiler *c, uint32_t name, enum var_kind kind)
{
    struct fn_state *f = c->fn;
    for (uint32_t i = f->var_count; i > 0; i--) {
        struct local_var *v = &f->vars[i - 1];
        if (v->depth < f->depth) {
            break;
        }
        if (v->name == name) {
            if (kind == VAR_VAR || kind == VAR_FUNCTION || v->kind == VAR_VAR ||
                v->kind == VAR_PARAM) {
                if (kind != VAR_VAR || v->kind != VAR_LET) {
                    return v->slot; /* var x twice, or a function over a var: one binding */
                }
            }
            char msg[160];
            snprintf(msg, sizeof(msg), "Identifier '%.*s' has already been declared",
                     (int)(c->code->strings[name].len > 60 ? 60 : c->code->strings[name].len),
                     c->code->strings[name].bytes);
            fail_at(c, c->node, msg);
            return v->slot;
        }
    }
    if (!sim__grow_array((void **)&f->vars, &f->var_cap, f->var_count + 1,
                         sizeof(struct local_var))) {
        fail_nomem(c);
        return 0;
    }
    uint32_t slot = new_slot(c);
    f->vars[f->var_count++] = (struct local_var){
        .name = name, .slot = slot, .depth = f->depth, .kind = kind,
        .boxed = sim__js_inner_uses(c, f->node, name), .module = JS_NONE};
    return slot;
}

/* The variable `name` in function f, innermost first, or NULL. */
static struct local_var *find_local(struct fn_state *f, uint32_t name)
{
    for (uint32_t i = f->var_count; i > 0; i--) {
        if (f->vars[i - 1].name == name) {
            return &f->vars[i - 1];
        }
    }
    return NULL;
}

/* Adds (or finds) capture `from_local, index` of function f; returns its box number. */
static uint32_t add_capture(struct compiler *c, struct fn_state *f, bool from_local,
                            uint32_t index, uint32_t name, enum var_kind kind)
{
    for (uint32_t i = 0; i < f->capture_count; i++) {
        if (f->captures[i].from_local == from_local && f->captures[i].index == index) {
            return i;
        }
    }
    if (!sim__grow_array((void **)&f->captures, &f->capture_cap, f->capture_count + 1,
                         sizeof(struct js_capture)) ||
        !sim__grow_array((void **)&f->capture_info, &f->capture_info_cap, f->capture_count + 1,
                         sizeof(struct local_var))) {
        fail_nomem(c);
        return 0;
    }
    if (f->capture_count >= UINT16_MAX) {
        fail_at(c, c->node, "a function captures too many variables (at most 65,535)");
        return 0;
    }
    f->captures[f->capture_count] = (struct js_capture){.from_local = from_local,
                                                        .index = (uint16_t)index};
    f->capture_info[f->capture_count] = (struct local_var){.name = name, .kind = kind};
    return f->capture_count++;
}

/* Resolves `name` as a capture of function f (clox's resolveUpvalue); false when global. */
static bool resolve_capture(struct compiler *c, struct fn_state *f, uint32_t name,
                            struct name_ref *out)
{
    struct fn_state *up = f->enclosing;
    if (up == NULL) {
        return false;
    }
    struct local_var *v = find_local(up, name);
    if (v != NULL) {
        if (!v->boxed && !v->frozen) {
            fail_at(c, c->node, "internal error: a captured variable has no box");
            return false;
        }
        out->where = REF_CAPTURE;
        out->index = add_capture(c, f, true, v->slot, name, v->kind);
        out->kind = v->kind;
        out->frozen = v->frozen;
        return true;
    }
    struct name_ref outer;
    if (!resolve_capture(c, up, name, &outer)) {
        return false;
    }
    out->where = REF_CAPTURE;
    out->index = add_capture(c, f, false, outer.index, name, outer.kind);
    out->kind = outer.kind;
    out->frozen = outer.frozen;
    return true;
}

/* Where `name` (a constant) is seen from the function being compiled. */
struct name_ref sim__js_resolve(struct compiler *c, uint32_t name)
{
    struct name_ref r = {.where = REF_GLOBAL, .index = name, .name = name};
    struct local_var *v = find_local(c->fn, name);
    if (v != NULL) {
        r.where = v->boxed ? REF_BOXED : REF_LOCAL;
        r.index = v->slot;
        r.kind = v->kind;
        return r;
    }
    if (resolve_capture(c, c->fn, name, &r)) {
        r.name = name;
    }
    return r;
}

/* A declaration has just initialised v: what is compiled next runs after it, unless a
   switch's case can jump past the declaration to code below it. */
static void mark_live(struct compiler *c, struct local_var *v)
{
    if (v != NULL && v->depth != c->fn->switch_depth) {
        v->live = true;
    }
}

static bool needs_tdz_check(enum var_kind kind)
{
    return kind == VAR_LET || kind == VAR_CONST || kind == VAR_CLASS_LIKE;
}

/* Pushes the value of `name`. */
void sim__js_emit_get(struct compiler *c, uint32_t name)
{
    struct name_ref r = sim__js_resolve(c, name);
    switch (r.where) {
    case REF_LOCAL:
        if (needs_tdz_check(r.kind) && !find_local(c->fn, name)->live) {
            sim__js_emit_u16_u16(c, JS_OPC_GET_LOCAL_CHECKED, r.index, name);
        } else {
            sim__js_emit_u16(c, JS_OPC_GET_LOCAL, r.index);
        }
        break;
    case REF_BOXED:
        sim__js_emit_u16_u16(c, JS_OPC_GET_BOXED, r.index, name);
        break;
    case REF_CAPTURE:
        if (r.frozen) {
            sim__js_emit_u16(c, JS_OPC_GET_CAPTURE_VALUE, r.index);
        } else {
            sim__js_emit_u16_u16(c, JS_OPC_GET_CAPTURE, r.index, name);
        }
        break;
    case REF_GLOBAL:
        sim__js_check_global(c, name);
        sim__js_emit_u16(c, JS_OPC_GET_GLOBAL, name);
        break;
    }
}

struct local_var *sim__js_find_var(struct compiler *c, uint32_t name)
{
    for (struct fn_state *f = c->fn; f != NULL; f = f->enclosing) {
        struct local_var *v = find_local(f, name);
        if (v != NULL) {
            return v;
        }
    }
    return NULL;
}

/*
 * Stores the top (kept) into `name`. `init` is a declaration's own initialisation, which may
 * write a const and ends its dead zone; an assignment to a const throws a TypeError instead.
 */
void sim__js_emit_set(struct compiler *c, uint32_t name, bool init)
{
    sim__js_emit_store(c, name, init, false);
}

/* The same, `read` when the code has just read the name (x++, x += 1): its dead zone is past. */
void sim__js_emit_store(struct compiler *c, uint32_t name, bool init, bool read)
{
    struct name_ref r = sim__js_resolve(c, name);
    if (r.frozen || (r.where == REF_LOCAL && find_local(c->fn, name)->frozen)) {
        fail_at(c, c->node, "internal error: a store to a parameter taken as never assigned");
        return;
    }
    if (!init && r.where != REF_GLOBAL && r.kind == VAR_CONST) {
        sim__js_emit_u16(c, JS_OPC_CHECK_CONST, name);
        return;
    }
    if (init && r.where == REF_LOCAL) {
        mark_live(c, find_local(c->fn, name));
    }
    if (!init && !read && r.where != REF_GLOBAL && needs_tdz_check(r.kind) &&
        !(r.where == REF_LOCAL && find_local(c->fn, name)->live)) {
        /* An assignment before the declaration throws like a read: read it first. */
        sim__js_emit_get(c, name);
        sim__js_emit(c, JS_OPC_POP);
    }
    switch (r.where) {
    case REF_LOCAL:
        sim__js_emit_u16(c, JS_OPC_SET_LOCAL, r.index);
        break;
    case REF_BOXED:
        sim__js_emit_u16(c, JS_OPC_SET_BOXED, r.index);
        break;
    case REF_CAPTURE:
        sim__js_emit_u16(c, JS_OPC_SET_CAPTURE, r.index);
        break;
    case REF_GLOBAL:
        sim__js_emit_u16(c, JS_OPC_SET_GLOBAL, name);
        break;
    }
}

/* Declares `name` and gives its slot a box (when it needs one) holding the top (popped). */
void sim__js_emit_declare_init(struct compiler *c, uint32_t name, enum var_kind kind)
{
    uint32_t slot = sim__js_declare(c, name, kind);
    struct local_var *v = find_local(c->fn, name);
    sim__js_emit_u16(c, JS_OPC_SET_LOCAL, slot);
    sim__js_emit(c, JS_OPC_POP);
    if (v != NULL && !v->boxed) {
        mark_live(c, v);
    }
    if (v != NULL && v->boxed) {
        sim__js_emit_u16(c, JS_OPC_BOX, slot);
    }
}

void sim__js_scope_push(struct compiler *c)
{
    c->fn->depth++;
}

/* Ends the innermost block scope: its variables are forgotten, their slots reused. */
void sim__js_scope_pop(struct compiler *c)
{
    struct fn_state *f = c->fn;
    while (f->var_count > 0 && f->vars[f->var_count - 1].depth >= f->depth) {
        f->var_count--;
    }
    f->depth--;
}

/* ---- Functions --------------------------------------------------------------------------- */

/* Starts compiling the function of `node` inside the current one. */
/* Does the body of function (or program) `node` start with a 'use strict' directive? */
static bool use_strict(const struct compiler *c, uint32_t node)
{
    const struct js_node *n = &c->ast->nodes[node];
    const struct js_node *body = n;
    if (n->kind != JS_NODE_PROGRAM) {
        if ((n->flags & JS_F_EXPR_BODY) || n->b == JS_NONE) {
            return false;
        }
        body = &c->ast->nodes[n->b];
    }
    for (uint32_t i = 0; i < body->count; i++) {
        const struct js_node *st = &c->ast->nodes[c->ast->lists[body->list + i]];
        const struct js_node *e = st->kind == JS_NODE_EXPR_STMT ? &c->ast->nodes[st->a] : NULL;
        if (e == NULL || e->kind != JS_NODE_STRING) {
            return false; /* the directive prologue ends at the first other statement */
        }
        /* 'use strict' as written: 12 bytes with its quotes (an escape makes it no directive) */
        const struct js_string *text = &c->ast->strings[e->str];
        if (e->end - e->start == 12 && text->len == 10 &&
            memcmp(text->bytes, "use strict", 10) == 0) {
            return true;
        }
    }
    return false;
}

void sim__js_fn_begin(struct compiler *c, struct fn_state *f, uint32_t node, uint8_t flags)
{
    const struct js_node *n = &c->ast->nodes[node];
    if ((c->fn != NULL && (c->fn->flags & JS_PROTO_STRICT)) ||
        (n->kind == JS_NODE_PROGRAM && (n->flags & JS_F_MODULE)) || use_strict(c, node)) {
        flags |= JS_PROTO_STRICT;
    }
    memset(f, 0, sizeof(*f));
    f->enclosing = c->fn;
    f->node = node;
    f->flags = flags;
    f->this_slot = JS_NONE;
    f->switch_depth = JS_NONE;
    f->last_at = JS_NONE;
    c->fn = f;
    /* Its proto's number is taken now, so that the main script's is 0 and an outer function's
       is below its inner ones'. */
    f->proto = JS_NONE;
    if (!sim__grow_array((void **)&c->code->protos, &c->proto_cap, c->code->proto_count + 1,
                         sizeof(struct js_proto))) {
        fail_nomem(c);
        return;
    }
    f->proto = c->code->proto_count++;
}

/* Ends the function being compiled: its code is appended to the program's; returns its proto. */
uint32_t sim__js_fn_end(struct compiler *c, uint32_t name, uint16_t params, uint16_t length)
{
    struct fn_state *f = c->fn;
    struct js_code *code = c->code;
    uint32_t proto = JS_NONE;
    if (!c->failed && f->proto != JS_NONE &&
        sim__grow_array((void **)&code->bytes, &c->byte_cap,
                        code->byte_count + f->byte_count + JS_CODE_PAD, 1) &&
        sim__grow_array((void **)&code->nodes, &c->node_cap, code->byte_count + f->byte_count,
                        sizeof(uint32_t)) &&
        sim__grow_array((void **)&code->captures, &c->capture_cap,
                        code->capture_count + f->capture_count, sizeof(struct js_capture))) {
        if (f->byte_count > 0) {
            memcpy(code->bytes + code->byte_count, f->bytes, f->byte_count);
            memset(code->bytes + code->byte_count + f->byte_count, 0, JS_CODE_PAD);
            memcpy(code->nodes + code->byte_count, f->nodes, (size_t)f->byte_count * 4);
        }
        if (f->capture_count > 0) {
            memcpy(code->captures + code->capture_count, f->captures,
                   (size_t)f->capture_count * sizeof(struct js_capture));
        }
        proto = f->proto;
        code->protos[proto] = (struct js_proto){
            .code = code->byte_count, .code_len = f->byte_count, .name = name, .node = f->node,
            .captures = code->capture_count, .capture_count = (uint16_t)f->capture_count,
            .params = params, .length = length, .slots = (uint16_t)f->max_slots,
            .flags = f->flags};
        code->byte_count += f->byte_count;
        code->capture_count += f->capture_count;
    } else if (!c->failed) {
        fail_nomem(c);
    }
    free(f->bytes);
    free(f->nodes);
    free(f->vars);
    free(f->captures);
    free(f->capture_info);
    free(f->loops);
    c->fn = f->enclosing;
    return proto;
}

/* ---- The whole program ------------------------------------------------------------------- */

struct js_code *sim__js_compile(const struct js_ast *ast, struct sim_diag *diag)
{
    memset(diag, 0, sizeof(*diag));
    struct js_code *code = calloc(1, sizeof(*code));
    struct compiler c = {.ast = ast, .code = code, .diag = diag, .node = ast->root,
                         .infer_name = JS_NONE};
    if (code == NULL) {
        fail_nomem(&c);
        return NULL;
    }
    code->ast = ast;
    if (sim__js_inner_scan(&c) == 0) {
        sim__js_compile_main(&c);
    } else {
        fail_nomem(&c);
    }
    sim__js_inner_free(&c);
    if (c.failed) {
        sim__js_code_destroy(code);
        return NULL;
    }
    return code;
}

void sim__js_code_destroy(struct js_code *code)
{
    if (code == NULL) {
        return;
    }
    free(code->bytes);
    free(code->nodes);
    free(code->protos);
    free(code->captures);
    free(code->numbers);
    free(code->strings);
    free(code->string_map);
    free(code->line_stmts);
    free(code->line_ms);
    free(code);
}

static const int8_t opcode_operands[] = {
#define X(e, n, what) n,
    JS_OPCODE_MAP(X)
#undef X
};

static const char *const opcode_names[] = {
#define X(e, n, what) #e,
    JS_OPCODE_MAP(X)
#undef X
};

int sim__js_opcode_operands(enum js_opcode op)
{
    return (unsigned)op < JS_OPCODE_COUNT ? opcode_operands[op] : 0;
}

const char *sim__js_opcode_name(enum js_opcode op)
{
    return (unsigned)op < JS_OPCODE_COUNT ? opcode_names[op] : "?";
}
