/*
 * inner.c - which names nested functions use: the variables that must live in a box.
 *
 * Before any code is made, one walk over the tree records, for every function F, each name
 * that some function nested in F mentions (a reference, or `this` inside an arrow). A variable
 * declared in F whose name is in F's set is boxed: a closure may outlive the frame, or see it
 * change. Shadowing makes the rule conservative (an inner `x` of its own still boxes the outer
 * one), never wrong.
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
    int error;
};

static uint32_t pair_hash(uint32_t fn, uint32_t name)
{
    uint32_t h = fn * 2654435761u ^ (name + 0x9e3779b9u) * 40503u;
    return h ^ (h >> 15);
}

static int set_add(struct compiler *c, uint32_t fn, uint32_t name)
{
    if ((c->inner_count + 1) * 2 > c->inner_cap) {
        uint32_t cap = c->inner_cap == 0 ? 256 : c->inner_cap * 2;
        struct inner_use *grown = malloc((size_t)cap * sizeof(*grown));
        if (grown == NULL) {
            return -SIM_ENOMEM;
        }
        memset(grown, 0xff, (size_t)cap * sizeof(*grown));
        for (uint32_t i = 0; i < c->inner_cap; i++) {
            if (c->inner[i].fn != JS_NONE) {
                uint32_t h = pair_hash(c->inner[i].fn, c->inner[i].name) & (cap - 1);
                while (grown[h].fn != JS_NONE) {
                    h = (h + 1) & (cap - 1);
                }
                grown[h] = c->inner[i];
            }
        }
        free(c->inner);
        c->inner = grown;
        c->inner_cap = cap;
    }
    uint32_t h = pair_hash(fn, name) & (c->inner_cap - 1);
    while (c->inner[h].fn != JS_NONE) {
        if (c->inner[h].fn == fn && c->inner[h].name == name) {
            return 0;
        }
        h = (h + 1) & (c->inner_cap - 1);
    }
    c->inner[h] = (struct inner_use){.fn = fn, .name = name};
    c->inner_count++;
    return 0;
}

bool sim__js_inner_uses(const struct compiler *c, uint32_t fn, uint32_t name)
{
    if (c->inner_cap == 0) {
        return false;
    }
    uint32_t h = pair_hash(fn, name) & (c->inner_cap - 1);
    while (c->inner[h].fn != JS_NONE) {
        if (c->inner[h].fn == fn && c->inner[h].name == name) {
            return true;
        }
        h = (h + 1) & (c->inner_cap - 1);
    }
    return false;
}

/* A name used by the innermost function: every function around it records it. */
static void use_name(struct walk *w, uint32_t name)
{
    for (uint32_t i = 0; i + 1 < w->fn_count && w->error == 0; i++) {
        w->error = set_add(w->c, w->fns[i], name);
    }
}

static void walk_node(struct walk *w, uint32_t n);

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
    case JS_NODE_FUNCTION:
    case JS_NODE_FUNCTION_DECL:
        if (node->kind == JS_NODE_FUNCTION_DECL) {
            walk_node(w, node->a); /* its name belongs to the enclosing scope */
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
    free(c->inner);
    c->inner = NULL;
    c->inner_cap = 0;
}
