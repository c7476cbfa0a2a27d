/*
 * json.c - JSON.stringify for the values of the subset (ECMA-262 §25.5.2, without replacer,
 * indentation or toJSON): what %j and JSON.stringify print.
 */
#include "vm_internal.h"

#include "../strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 256

struct jbuf {
    struct sim_strbuf t;
    uint32_t stack[JSON_MAX_DEPTH];
    uint32_t depth;
};

static void put(struct jbuf *j, const char *p, size_t n)
{
    sim__strbuf_put(&j->t, p, n);
}

/* QuoteJSONString: ", \ and the control characters escaped. */
static void put_quoted(struct jbuf *j, const char *s, uint32_t len)
{
    put(j, "\"", 1);
    for (uint32_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        char esc[8];
        switch (ch) {
        case '"':
            put(j, "\\\"", 2);
            break;
        case '\\':
            put(j, "\\\\", 2);
            break;
        case '\b':
            put(j, "\\b", 2);
            break;
        case '\f':
            put(j, "\\f", 2);
            break;
        case '\n':
            put(j, "\\n", 2);
            break;
        case '\r':
            put(j, "\\r", 2);
            break;
        case '\t':
            put(j, "\\t", 2);
            break;
        default:
            if (ch < 0x20) {
                snprintf(esc, sizeof(esc), "\\u%04x", ch);
                put(j, esc, 6);
            } else {
                put(j, (const char *)&ch, 1);
            }
            break;
        }
    }
    put(j, "\"", 1);
}

/* Writes v; false when it has no JSON form (undefined, a function). */
static bool put_value(struct sim_loop *loop, struct jbuf *j, struct vm_value v)
{
    switch (v.tag) {
    case VM_NULL:
        put(j, "null", 4);
        return true;
    case VM_BOOL:
        put(j, v.ref ? "true" : "false", v.ref ? 4 : 5);
        return true;
    case VM_NUMBER: {
        char buf[64];
        size_t n = isfinite(v.num) ? sim__vm_format_number(v.num, buf, sizeof(buf))
                                   : (size_t)snprintf(buf, sizeof(buf), "null");
        put(j, buf, n);
        return true;
    }
    case VM_STRING: {
        uint32_t len;
        const char *s = sim__vm_str(loop, v, &len);
        put_quoted(j, s, len);
        return true;
    }
    case VM_OBJECT:
        break;
    default:
        return false;
    }
    if (sim__vm_is_callable(loop, v)) {
        return false;
    }
    for (uint32_t i = 0; i < j->depth; i++) {
        if (j->stack[i] == v.ref) {
            sim__vm_throw_error(loop, VM_TYPE_ERROR, "Converting circular structure to JSON");
            return false;
        }
    }
    if (j->depth >= JSON_MAX_DEPTH) {
        sim__vm_throw_error(loop, VM_RANGE_ERROR, "Maximum call stack size exceeded");
        return false;
    }
    if (vm_is_object(v, loop, VM_OBJ_BUFFER)) {
        struct vm_value as_json = sim__vm_buffer_json(loop, v.ref); /* its toJSON() */
        return !loop->error && put_value(loop, j, as_json);
    }
    j->stack[j->depth++] = v.ref;
    struct vm_object *o = sim__vm_obj(loop, v.ref);
    if (o->kind == VM_OBJ_ARRAY) {
        put(j, "[", 1);
        for (uint32_t i = 0; i < sim__vm_obj(loop, v.ref)->elem_count && !loop->vm.throwing;
             i++) {
            if (i > 0) {
                put(j, ",", 1);
            }
            if (!put_value(loop, j, sim__vm_elems(loop, v.ref)[i]) && !loop->vm.throwing) {
                put(j, "null", 4);
            }
        }
        put(j, "]", 1);
    } else {
        put(j, "{", 1);
        bool first = true;
        for (uint32_t i = 0; i < sim__vm_obj(loop, v.ref)->prop_count && !loop->vm.throwing;
             i++) {
            struct vm_prop p = loop->vm.props[sim__vm_obj(loop, v.ref)->props + i];
            if (p.flags & VM_PROP_HIDDEN) {
                continue;
            }
            size_t mark = j->t.len;
            if (!first) {
                put(j, ",", 1);
            }
            uint32_t len;
            const char *k = sim__vm_str(loop, sim__vm_key(&p), &len);
            put_quoted(j, k, len);
            put(j, ":", 1);
            if (put_value(loop, j, p.value)) {
                first = false;
            } else {
                j->t.len = mark; /* undefined and functions are left out */
            }
        }
        put(j, "}", 1);
    }
    j->depth--;
    return true;
}

struct vm_value sim__vm_json(struct sim_loop *loop, struct vm_value v)
{
    struct jbuf *j = calloc(1, sizeof(*j));
    if (j == NULL) {
        loop->error = SIM_ENOMEM;
        return vm_undefined();
    }
    bool ok = put_value(loop, j, v);
    struct vm_value r = vm_undefined();
    if (j->t.oom) {
        loop->error = SIM_ENOMEM;
    } else if (ok && !loop->vm.throwing) {
        r = sim__vm_string(loop, j->t.b ? j->t.b : "", (uint32_t)j->t.len);
    }
    free(j->t.b);
    free(j);
    return r;
}
