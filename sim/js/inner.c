/*
 * inner.c - which names nested functions use: the variables that must live in a box.
 *
 * Before any code is made, one walk over the tree records, for every function F, each name
 * that some function nested in F mentions (a reference, or `this` inside an arrow). A variable
 * declared in F whose name is in F's set is boxed: a closure may outlive the frame, or see it
 * change. Shadowing makes the rule conservative (an inner `x` of its own still boxes the outer
 * one), never wrong.
 *
 * The same walk records, for every function F, each name that is a target anywhere inside F
 * (its own code or a nested function's): assigned, updated, declared, bound by for...of or a
 * catch. A parameter that nested functions use but that is no target in F never changes after
 * the call began, so its closures may hold its value instead of a box (compile.c, `frozen`).
 * Here too a name stands for every variable of that name: conservative, never wrong.
 */
#include "compile.h"

#include <stdlib.h>
#include <string.h>

/* The functions around the node being walked, outermost first. */
struct walk {
    struct compiler *c;
    uint32_t fns[JS_MAX_DEPTH + 2];
    uint32_t fn_count;
    uint32_t depth;
    uint32_t target;        /* > 0: the names walked now are targets */
    int error;
};

static uint32_t pair_hash(uint32_t fn, uint32_t name)
{
    uint32_t h = fn * 2654435761u ^ (name + 0x9e3779b9u) * 40503u;
    return h ^ (h >> 15);
}

static int set_add(struct name_set *set, uint32_t fn, uint32_t name)
{
    if ((set->count + 1) * 2 > set->cap) {
        uint32_t cap = set->cap == 0 ? 256 : set->cap * 2;
        struct inner_use *grown = malloc((size_t)cap * sizeof(*grown));
        if (grown == NULL) {
            return -SIM_ENOMEM;
        }
        memset(grown, 0xff, (size_t)cap * sizeof(*grown));
        for (uint32_t i = 0; i < set->cap; i++) {
            if (set->items[i].fn != JS_NONE) {
                uint32_t h = pair_hash(set->items[i].fn, set->items[i].name) & (cap - 1);
                while (grown[h].fn != JS_NONE) {
                    h = (h + 1) & (cap - 1);
                }
                grown[h] = set->items[i];
            }
        }
        free(set->items);
        set->items = grown;
        set->cap = cap;
    }
    uint32_t h = pair_hash(fn, name) & (set->cap - 1);
    while (set->items[h].fn != JS_NONE) {
        if (set->items[h].fn == fn && set->items[h].name == name) {
            return 0;
        }
        h = (h + 1) & (set->cap - 1);
    }
    set->items[h] = (struct inner_use){.fn = fn, .name = name};
    set->count++;
    return 0;
}

static bool set_has(const struct name_set *set, uint32_t fn, uint32_t name)
{
    if (set->cap == 0) {
        return false;
    }
    uint32_t h = pair_hash(fn, name) & (set->cap - 1);
    while (set->items[h].fn != JS_NONE) {
        if (set->items[h].fn == fn && set->items[h].name == name) {
            return true;
        }
        h = (h + 1) & (set->cap - 1);
    }
    return false;
}

bool sim__js_inner_uses(const struct compiler *c, uint32_t fn, uint32_t name)
{
    return set_has(&c->inner, fn, name);
}

bool sim__js_assigned_in(const struct compiler *c, uint32_t fn, uint32_t name)
{
    return set_has(&c->assigned, fn, name);
}

static void walk_node(struct walk *w, uint32_t n);

/* A name used by the innermost function: every function around it records it. */
static void use_name(struct walk *w, uint32_t name)
{
    for (uint32_t i = 0; i + 1 < w->fn_count && w->error == 0; i++) {
        w->error = set_add(&w->c->inner, w->fns[i], name);
    }
    for (uint32_t i = 0; w->target > 0 && i < w->fn_count && w->error == 0; i++) {
        w->error = set_add(&w->c->assigned, w->fns[i], name); /* the innermost's too */
    }
}

/* Walks node n as a target: the names in it are assigned or bound. */
static void walk_target(struct walk *w, uint32_t n)
{
    w->target++;
    walk_node(w, n);
    w->target--;
}

static void walk_children(struct walk *w, const struct js_node *node)
{
    const struct js_ast *ast = w->c->ast;
    uint32_t kids[4] = {node->a, node->b, node->c, node->d};
    bool skip_a = (node->kind == JS_NODE_PROPERTY && !(node->flags & JS_F_COMPUTED));
    bool skip_b = (node->kind == JS_NODE_MEMBER && !(node->flags & JS_F_COMPUTED));
    for (int i = 0; i < 4; i++) {
        if ((i == 0 && skip_a) || (i == 1 && skip_b)) {
            continue;
        }
        walk_node(w, kids[i]);
    }
    for (uint32_t i = 0; i < node->count; i++) {
        walk_node(w, ast->lists[node->list + i]);
    }
}

static void walk_node(struct walk *w, uint32_t n)
{
    if (n == JS_NONE || w->error != 0 || w->depth > COMPILE_MAX_DEPTH) {
        return;
    }
    const struct js_node *node = &w->c->ast->nodes[n];
    w->depth++;
    switch (node->kind) {
    case JS_NODE_IDENT:
        use_name(w, sim__js_name_const(w->c, n));
        break;
    case JS_NODE_THIS:
        use_name(w, THIS_NAME(w->c));
        break;
    case JS_NODE_PROPERTY:
        if (node->flags & JS_F_SHORTHAND && node->b == JS_NONE) {
            walk_node(w, node->a); /* { a }: the key is also the reference */
        }
        walk_children(w, node);
        break;
    case JS_NODE_ASSIGN:
    case JS_NODE_UPDATE:
    case JS_NODE_DECLARATOR:
    case JS_NODE_FOR_OF:
    case JS_NODE_TRY: {
        /* the target: an assignment's, a declarator's, for...of's left side, catch's binding */
        uint32_t t = node->kind == JS_NODE_TRY ? node->b : node->a;
        walk_target(w, t);
        uint32_t saved = w->target;
        w->target = 0; /* what the rest computes is read, not assigned */
        struct js_node rest = *node;
        if (node->kind == JS_NODE_TRY) {
            rest.b = JS_NONE;
        } else {
            rest.a = JS_NONE;
        }
        walk_children(w, &rest);
        w->target = saved;
        break;
    }
    case JS_NODE_MEMBER:
    case JS_NODE_CALL: {
        /* o.x = 1 assigns no name: o, a computed key and a call's parts are read */
        uint32_t saved = w->target;
        w->target = 0;
        walk_children(w, node);
        w->target = saved;
        break;
    }
    case JS_NODE_FUNCTION:
    case JS_NODE_FUNCTION_DECL:
        if (node->kind == JS_NODE_FUNCTION_DECL) {
            walk_target(w, node->a); /* its name belongs to the enclosing scope */
        }
        w->fns[w->fn_count++] = n;
        for (uint32_t i = 0; i < node->count; i++) {
            walk_node(w, w->c->ast->lists[node->list + i]);
        }
        if (node->kind == JS_NODE_FUNCTION) {
            walk_node(w, node->a);
        }
        walk_node(w, node->b);
        w->fn_count--;
        break;
    default:
        walk_children(w, node);
        break;
    }
    w->depth--;
}

int sim__js_inner_scan(struct compiler *c)
{
    static const char this_bytes[] = "this";
    c->this_name = sim__js_bytes_const(c, this_bytes, 4);
    struct walk *w = calloc(1, sizeof(*w));
    if (w == NULL) {
        return -SIM_ENOMEM;
    }
    w->c = c;
    w->fns[w->fn_count++] = c->ast->root;
    walk_children(w, &c->ast->nodes[c->ast->root]);
    int error = w->error;
    free(w);
    return c->failed ? -SIM_ENOMEM : error;
}

void sim__js_inner_free(struct compiler *c)
{
    free(c->inner.items);
    free(c->assigned.items);
    c->inner = (struct name_set){0};
    c->assigned = (struct name_set){0};
}
