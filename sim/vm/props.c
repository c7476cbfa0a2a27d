/*
 * props.c - errors and properties: making and throwing Error objects, what a value says of
 * itself in messages, and getting and setting properties along the prototype chain (arrays'
 * and Buffers' indexes and length, strings' characters, functions' name and length).
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

/* ---- Errors ------------------------------------------------------------------------------ */

struct vm_value sim__vm_error_new(struct sim_loop *loop, enum vm_error_class cls,
                                  struct vm_value message)
{
    uint32_t e = sim__vm_object_new(loop, VM_OBJ_ERROR, loop->vm.error_protos[cls]);
    if (loop->error) {
        return vm_undefined();
    }
    sim__vm_obj(loop, e)->native = (uint16_t)cls;
    if (message.tag != VM_UNDEFINED) {
        struct vm_value text = sim__vm_to_string(loop, message);
        if (!loop->error) {
            sim__vm_put_hidden(loop, e, "message", vm_undefined());
            sim__vm_own(loop, e, sim__vm_cstring(loop, "message"))->value = text;
        }
    }
    return vm_object(e);
}

void sim__vm_throw(struct sim_loop *loop, struct vm_value v)
{
    loop->vm.throwing = true;
    loop->vm.exception = v;
}

void sim__vm_throw_error(struct sim_loop *loop, enum vm_error_class cls, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    sim__vm_throw(loop, sim__vm_error_new(loop, cls, sim__vm_cstring(loop, msg)));
}

/* A short description of a value for error messages: what V8 quotes ("x", "undefined"). */
void sim__vm_describe_value(struct sim_loop *loop, struct vm_value v, char *buf, size_t size)
{
    if (v.tag == VM_STRING) {
        uint32_t len;
        const char *s = sim__vm_str(loop, v, &len);
        snprintf(buf, size, "\"%.*s\"", (int)(len > 40 ? 40 : len), s);
        return;
    }
    struct vm_value s = v.tag == VM_OBJECT ? sim__vm_inspect(loop, v) : sim__vm_to_string(loop, v);
    uint32_t len = 0;
    const char *t = s.tag == VM_STRING ? sim__vm_str(loop, s, &len) : "";
    snprintf(buf, size, "%.*s", (int)(len > 60 ? 60 : len), t);
}

/* "function name() { ... }"-like text of a function: its source, as String(fn) gives it. */
struct vm_value sim__vm_describe(struct sim_loop *loop, uint32_t o)
{
    struct vm_object *obj = sim__vm_obj(loop, o);
    if (obj->kind == VM_OBJ_NATIVE) {
        char buf[128];
        snprintf(buf, sizeof(buf), "function %s() { [native code] }",
                 sim__vm_natives[obj->native].name);
        return sim__vm_cstring(loop, buf);
    }
    const struct js_code *code = code_of(loop);
    const struct js_node *n = &code->ast->nodes[code->protos[obj->inner.ref].node];
    return sim__vm_string(loop, code->source + n->start, n->end - n->start);
}

void sim__vm_exception_text(struct sim_loop *loop, char *buf, size_t size)
{
    struct vm_value e = loop->vm.exception;
    struct vm_value s = vm_is_object(e, loop, VM_OBJ_ERROR) ? sim__vm_to_string(loop, e)
                                                            : sim__vm_inspect(loop, e);
    uint32_t len = 0;
    const char *t = s.tag == VM_STRING ? sim__vm_str(loop, s, &len) : "";
    snprintf(buf, size, "%.*s", (int)(len > size - 1 ? size - 1 : len), t);
}

/* ---- Properties -------------------------------------------------------------------------- */

struct vm_value sim__vm_function_name(struct sim_loop *loop, uint32_t o)
{
    struct vm_object *obj = sim__vm_obj(loop, o);
    if (obj->kind == VM_OBJ_NATIVE) {
        return sim__vm_cstring(loop, sim__vm_natives[obj->native].name);
    }
    uint32_t name = code_of(loop)->protos[obj->inner.ref].name;
    return name == JS_NONE ? sim__vm_cstring(loop, "") : sim__vm_const_string(name);
}

/* A property found along o's prototype chain, or NULL. */
struct vm_prop *sim__vm_find_prop(struct sim_loop *loop, uint32_t o, struct vm_value key)
{
    for (uint32_t depth = 0; o != VM_NONE && depth < 1000; depth++) {
        struct vm_prop *p = sim__vm_own(loop, o, key);
        if (p != NULL) {
            return p;
        }
        o = sim__vm_obj(loop, o)->proto;
    }
    return NULL;
}

static uint32_t primitive_proto(struct sim_loop *loop, struct vm_value v)
{
    struct vm_value name;
    switch (v.tag) {
    case VM_STRING:
        name = sim__vm_cstring(loop, "String");
        break;
    case VM_NUMBER:
        name = sim__vm_cstring(loop, "Number");
        break;
    case VM_BOOL:
        name = sim__vm_cstring(loop, "Boolean");
        break;
    default:
        return VM_NONE;
    }
    struct vm_prop *ctor = sim__vm_own(loop, loop->vm.global, name);
    if (ctor == NULL || ctor->value.tag != VM_OBJECT) {
        return VM_NONE;
    }
    struct vm_prop *proto = sim__vm_own(loop, ctor->value.ref, sim__vm_cstring(loop,
                                                                               "prototype"));
    return proto != NULL && proto->value.tag == VM_OBJECT ? proto->value.ref : VM_NONE;
}

static struct vm_value get_string_prop(struct sim_loop *loop, struct vm_value s,
                                       struct vm_value key)
{
    uint32_t len;
    const char *bytes = sim__vm_str(loop, s, &len);
    if (sim__vm_is_length(loop, key)) {
        /* UTF-16 length: a code point above U+FFFF counts 2, continuation bytes 0. */
        double n = 0;
        for (uint32_t i = 0; i < len; i++) {
            unsigned char ch = (unsigned char)bytes[i];
            n += (ch & 0xc0) == 0x80 ? 0 : ch >= 0xf0 ? 2 : 1;
        }
        return vm_number(n);
    }
    uint32_t index;
    if (sim__vm_index_key(loop, key, &index)) {
        return index < len && (unsigned char)bytes[index] < 0x80
                   ? sim__vm_string(loop, bytes + index, 1)
                   : vm_undefined();
    }
    uint32_t proto = primitive_proto(loop, s);
    struct vm_prop *p = proto != VM_NONE ? sim__vm_find_prop(loop, proto, key) : NULL;
    return p != NULL ? p->value : vm_undefined();
}

struct vm_value sim__vm_get(struct sim_loop *loop, struct vm_value obj, struct vm_value key)
{
    if (obj.tag == VM_UNDEFINED || obj.tag == VM_NULL) {
        char what[96];
        struct vm_value ks = sim__vm_to_string(loop, key);
        uint32_t len = 0;
        const char *k = ks.tag == VM_STRING ? sim__vm_str(loop, ks, &len) : "";
        snprintf(what, sizeof(what), "%.*s", (int)(len > 60 ? 60 : len), k);
        sim__vm_throw_error(loop, VM_TYPE_ERROR, "Cannot read properties of %s (reading '%s')",
                            obj.tag == VM_NULL ? "null" : "undefined", what);
        return vm_undefined();
    }
    if (key.tag != VM_STRING && key.tag != VM_NUMBER) {
        key = sim__vm_to_string(loop, key);
    }
    if (obj.tag == VM_STRING) {
        return get_string_prop(loop, obj, key);
    }
    if (obj.tag != VM_OBJECT) {
        if (key.tag == VM_NUMBER) {
            key = sim__vm_to_string(loop, key);
        }
        uint32_t proto = primitive_proto(loop, obj);
        struct vm_prop *p = proto != VM_NONE ? sim__vm_find_prop(loop, proto, key) : NULL;
        return p != NULL ? p->value : vm_undefined();
    }
    struct vm_object *o = sim__vm_obj(loop, obj.ref);
    uint32_t index;
    struct vm_value byte;
    if (o->kind == VM_OBJ_BUFFER && sim__vm_buffer_get(loop, obj.ref, key, &byte)) {
        return byte; /* an index or its length */
    }
    if (o->kind == VM_OBJ_ARRAY) {
        if (sim__vm_index_key(loop, key, &index)) {
            return index < o->elem_count ? sim__vm_elems(loop, obj.ref)[index] : vm_undefined();
        }
        if (key.tag == VM_STRING && sim__vm_is_length(loop, key)) {
            return vm_number(o->elem_count);
        }
    }
    if (key.tag == VM_NUMBER) {
        key = sim__vm_to_string(loop, key);
    }
    struct vm_prop *p = sim__vm_find_prop(loop, obj.ref, key);
    if (p != NULL) {
        return p->value;
    }
    if (o->kind == VM_OBJ_FUNCTION || o->kind == VM_OBJ_NATIVE) {
        uint32_t len;
        const char *k = sim__vm_str(loop, key, &len);
        if (len == 4 && memcmp(k, "name", 4) == 0) {
            return sim__vm_function_name(loop, obj.ref);
        }
        if (len == 6 && memcmp(k, "length", 6) == 0) {
            return vm_number(o->kind == VM_OBJ_NATIVE
                                 ? sim__vm_natives[o->native].length
                                 : code_of(loop)->protos[o->inner.ref].length);
        }
    }
    return vm_undefined();
}

void sim__vm_set(struct sim_loop *loop, struct vm_value obj, struct vm_value key,
                 struct vm_value v)
{
    if (obj.tag == VM_UNDEFINED || obj.tag == VM_NULL) {
        struct vm_value ks = sim__vm_to_string(loop, key);
        uint32_t len = 0;
        const char *k = ks.tag == VM_STRING ? sim__vm_str(loop, ks, &len) : "";
        char what[64];
        snprintf(what, sizeof(what), "%.*s", (int)(len > 40 ? 40 : len), k);
        sim__vm_throw_error(loop, VM_TYPE_ERROR, "Cannot set properties of %s (setting '%s')",
                            obj.tag == VM_NULL ? "null" : "undefined", what);
        return;
    }
    if (obj.tag != VM_OBJECT) {
        return; /* sloppy mode: a property of a primitive is dropped */
    }
    struct vm_object *o = sim__vm_obj(loop, obj.ref);
    uint32_t index;
    if ((o->kind == VM_OBJ_FUNCTION || o->kind == VM_OBJ_NATIVE) && key.tag == VM_STRING) {
        uint32_t len;
        const char *k = sim__vm_str(loop, key, &len);
        if ((len == 4 && memcmp(k, "name", 4) == 0) || (len == 6 && memcmp(k, "length", 6) == 0)) {
            return; /* read-only: sloppy mode drops the write (strict mode's TypeError is not
                       modelled) */
        }
    }
    if (o->kind == VM_OBJ_BUFFER && sim__vm_buffer_set(loop, obj.ref, key, v)) {
        return;
    }
    if (o->kind == VM_OBJ_ARRAY) {
        if (sim__vm_index_key(loop, key, &index)) {
            if (index > VM_MAX_RUN) {
                sim__vm_throw_error(loop, VM_RANGE_ERROR, "Invalid array length");
                return;
            }
            sim__vm_array_set(loop, obj.ref, index, v);
            return;
        }
        if (key.tag == VM_STRING && sim__vm_is_length(loop, key)) {
            double n = sim__vm_to_number(loop, v);
            if (n < 0 || n != floor(n) || n > VM_MAX_RUN) {
                sim__vm_throw_error(loop, VM_RANGE_ERROR, "Invalid array length");
                return;
            }
            while (sim__vm_obj(loop, obj.ref)->elem_count < (uint32_t)n && !loop->error) {
                sim__vm_array_push(loop, obj.ref, vm_undefined());
            }
            sim__vm_obj(loop, obj.ref)->elem_count = (uint32_t)n;
            return;
        }
    }
    if (key.tag != VM_STRING) {
        key = sim__vm_to_string(loop, key);
    }
    sim__vm_put(loop, obj.ref, key, v);
}

