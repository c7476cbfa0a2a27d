/*
 * compile_api.c - what a program uses of Node that loopsim does not simulate is refused before
 * it runs (spec/js-input.md, *Errors*), at the name that uses it: a global such as `fetch` or
 * `Map`, or a member of a module or of one of Node's objects (`fs.watch`, `console.table`,
 * `process.hrtime`), named through `require('m')`, a variable holding it, an import or a
 * destructuring. The members that are simulated are the natives' own table (sim/vm/natives.c).
 *
 * A name the program declares itself is its own, whatever it is called; a global that is
 * neither simulated nor one of Node's is a ReferenceError at run time, as in node.
 */
#include "compile.h"
#include "../vm/vm.h"

#include <stdio.h>
#include <string.h>

/* Node v20's globals that loopsim does not simulate. */
static const char *const unsimulated_globals[] = {
    "fetch", "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry", "Symbol",
    "Proxy", "Reflect", "BigInt", "URL", "URLSearchParams", "TextEncoder", "TextDecoder",
    "AbortController", "AbortSignal", "EventTarget", "Event", "structuredClone", "Intl",
    "WebAssembly", "SharedArrayBuffer", "Atomics", "ArrayBuffer", "DataView", "Uint8Array",
    "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float32Array",
    "Float64Array", "Uint8ClampedArray", "BigInt64Array", "BigUint64Array", "MessageChannel",
    "MessagePort", "BroadcastChannel", "Blob", "RegExp", "Function",
    "atob", "btoa", "crypto", "navigator", "WebSocket", "Headers", "Request", "Response",
    "FormData", "Worker",
};

static const struct js_node *node_at(const struct compiler *c, uint32_t n)
{
    return &c->ast->nodes[n];
}

static bool is_name(const struct js_string *s, const char *name)
{
    return s->len == strlen(name) && memcmp(s->bytes, name, s->len) == 0;
}

void sim__js_check_global(struct compiler *c, uint32_t name)
{
    const struct js_string *s = &c->code->strings[name];
    if (is_name(s, "eval")) {
        sim__js_compile_error(c, c->node, "'eval' is not supported"); /* outside the subset */
        return;
    }
    for (size_t i = 0; i < sizeof(unsimulated_globals) / sizeof(unsimulated_globals[0]); i++) {
        if (is_name(s, unsimulated_globals[i])) {
            char msg[200];
            snprintf(msg, sizeof(msg),
                     "'%s' is not simulated; loopsim simulates the JavaScript and Node.js of "
                     "docs/js-input.md",
                     unsimulated_globals[i]);
            sim__js_compile_error(c, c->node, msg);
            return;
        }
    }
}

/* `object.member`, with object a module's name (without `node:`) or one of Node's globals. */
static void check(struct compiler *c, uint32_t at, const struct js_string *object,
                  const struct js_string *member)
{
    const char *o = object->bytes;
    size_t olen = object->len;
    if (olen > 5 && memcmp(o, "node:", 5) == 0) {
        o += 5;
        olen -= 5;
    }
    char list[360];
    if (sim__vm_api_member(o, olen, member->bytes, member->len, list, sizeof(list))) {
        return;
    }
    char msg[512];
    snprintf(msg, sizeof(msg), "'%.*s.%.*s' is not simulated; loopsim simulates %.*s: %s",
             (int)(olen > 20 ? 20 : olen), o, (int)(member->len > 40 ? 40 : member->len),
             member->bytes, (int)(olen > 20 ? 20 : olen), o, list);
    sim__js_compile_error(c, at, msg);
}

uint32_t sim__js_required(struct compiler *c, uint32_t call)
{
    const struct js_node *n = node_at(c, call);
    if (n->kind != JS_NODE_CALL || n->count != 1 || node_at(c, n->a)->kind != JS_NODE_IDENT ||
        !is_name(&c->ast->strings[node_at(c, n->a)->str], "require")) {
        return JS_NONE;
    }
    const struct js_node *arg = node_at(c, c->ast->lists[n->list]);
    if (arg->kind != JS_NODE_STRING ||
        sim__js_find_var(c, sim__js_name_const(c, n->a)) != NULL) {
        return JS_NONE; /* a require of the program's own */
    }
    return arg->str;
}

/* The module `node` holds: require('m'), or a variable set so; else JS_NONE. */
static uint32_t object_module(struct compiler *c, uint32_t node)
{
    uint32_t module = sim__js_required(c, node);
    if (module == JS_NONE && node_at(c, node)->kind == JS_NODE_IDENT) {
        const struct local_var *v = sim__js_find_var(c, sim__js_name_const(c, node));
        module = v != NULL ? v->module : JS_NONE;
    }
    return module;
}

static bool is_fs(const struct js_string *module)
{
    return is_name(module, "fs") || is_name(module, "node:fs");
}

void sim__js_check_member(struct compiler *c, uint32_t member)
{
    const struct js_node *m = node_at(c, member);
    if (m->flags & JS_F_COMPUTED) {
        return;
    }
    const struct js_node *o = node_at(c, m->a);
    const struct js_string *prop = &c->ast->strings[node_at(c, m->b)->str];
    const struct js_string fs_promises = {.bytes = "fs/promises", .len = 11};
    uint32_t module = object_module(c, m->a);
    if (module != JS_NONE) {
        check(c, member, &c->ast->strings[module], prop);
    } else if (o->kind == JS_NODE_IDENT &&
               sim__js_find_var(c, sim__js_name_const(c, m->a)) == NULL) {
        check(c, member, &c->ast->strings[o->str], prop); /* a global: process, console */
    } else if (o->kind == JS_NODE_MEMBER && !(o->flags & JS_F_COMPUTED) &&
               is_name(&c->ast->strings[node_at(c, o->b)->str], "promises")) {
        module = object_module(c, o->a); /* fs.promises.open */
        if (module != JS_NONE && is_fs(&c->ast->strings[module])) {
            check(c, member, &fs_promises, prop);
        }
    }
}

void sim__js_note_module(struct compiler *c, uint32_t ident, uint32_t module)
{
    struct local_var *v = sim__js_find_var(c, sim__js_name_const(c, ident));
    if (v != NULL) {
        v->module = module;
    }
}

void sim__js_check_pattern(struct compiler *c, uint32_t pattern, uint32_t module)
{
    const struct js_node *p = node_at(c, pattern);
    if (p->kind != JS_NODE_OBJECT_PATTERN) {
        return;
    }
    for (uint32_t i = 0; i < p->count; i++) {
        uint32_t prop = c->ast->lists[p->list + i];
        const struct js_node *pr = node_at(c, prop);
        if (pr->kind == JS_NODE_PROPERTY && !(pr->flags & JS_F_COMPUTED) &&
            node_at(c, pr->a)->kind == JS_NODE_IDENT) {
            check(c, prop, &c->ast->strings[module], &c->ast->strings[node_at(c, pr->a)->str]);
        }
    }
}

void sim__js_check_import(struct compiler *c, uint32_t at, uint32_t module, uint32_t name)
{
    if (!is_name(&c->ast->strings[name], "default")) {
        check(c, at, &c->ast->strings[module], &c->ast->strings[name]);
    }
}
