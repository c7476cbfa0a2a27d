/*
 * heap.c - JavaScript objects, properties, arrays and strings in the loop's arrays.
 *
 * An object's properties and elements are runs of the shared vm.props and vm.values arrays;
 * a run that fills up moves to the end of its array with twice the room (the old run is left
 * behind until the collector compacts the arrays, gc.c). New objects and strings take the
 * entries the collector freed first, lowest index first. Property lookup compares keys by
 * their bytes.
 */
#include "vm_internal.h"

#include <string.h>

/* ---- Strings ----------------------------------------------------------------------------- */

/*
 * A string value of these bytes. A short one that the program has as a constant is that
 * constant (no new string), so that property keys and names the natives make match the
 * code's by number, and two strings of at most VM_INTERN_MAX bytes, one a constant and the
 * other not, always differ (sim__vm_str_eq).
 */
struct vm_value sim__vm_string(struct sim_loop *loop, const char *bytes, uint32_t len)
{
    if (bytes != NULL && len <= VM_INTERN_MAX && loop->prog->js != NULL) {
        uint32_t k = sim__js_find_const(loop->prog->js, bytes, len);
        if (k != JS_NONE) {
            return sim__vm_const_string(k);
        }
    }
    return sim__vm_string_store(loop, bytes, len);
}

/*
 * A new runtime string of these bytes (zeros when `bytes` is NULL), never a constant: a
 * Buffer's store, which it writes in place and which no comparison of strings sees.
 */
struct vm_value sim__vm_string_store(struct sim_loop *loop, const char *bytes, uint32_t len)
{
    struct vm_state *vm = &loop->vm;
    /* The bytes may be another runtime string's, inside the array about to grow. */
    uintptr_t at = (uintptr_t)bytes;
    uintptr_t base = (uintptr_t)vm->chars;
    bool inside = bytes != NULL && vm->chars != NULL && at >= base && at < base + vm->char_cap;
    size_t offset = inside ? (size_t)(at - base) : 0;
    if ((uint64_t)vm->char_count + len + 1 >= UINT32_MAX) {
        loop->error = SIM_ELIMIT;
        return vm_undefined();
    }
    if (len > VM_MAX_STRING ||
        !sim__grow(loop, (void **)&vm->chars, &vm->char_cap, 1, vm->char_count + len + 1) ||
        (vm->strings_freed == 0 &&
         !sim__grow(loop, (void **)&vm->strings, &vm->string_cap, sizeof(struct vm_string),
                    vm->string_count + 1))) {
        if (len > VM_MAX_STRING) {
            loop->error = SIM_ELIMIT;
        }
        return vm_undefined();
    }
    if (inside) {
        bytes = vm->chars + offset;
    }
    if (bytes != NULL) {
        memmove(vm->chars + vm->char_count, bytes, len);
    } else {
        memset(vm->chars + vm->char_count, 0, len); /* a new Buffer's zeros (buffer.c) */
    }
    vm->chars[vm->char_count + len] = '\0';
    uint32_t s = vm->string_count;
    if (vm->strings_freed > 0) {
        s = vm->string_free;
        vm->string_free = vm->strings[s].off;
        vm->strings_freed--;
    } else {
        vm->string_count++;
    }
    vm->strings[s] = (struct vm_string){.off = vm->char_count, .len = len};
    vm->char_count += len + 1;
    return (struct vm_value){.tag = VM_STRING, .ref = s};
}

struct vm_value sim__vm_cstring(struct sim_loop *loop, const char *s)
{
    return sim__vm_string(loop, s, (uint32_t)strlen(s));
}

bool sim__vm_str_eq(const struct sim_loop *loop, struct vm_value a, struct vm_value b)
{
    if (a.ref == b.ref) {
        return true;
    }
    if ((a.ref & b.ref & VM_STR_CONST) != 0) {
        return false; /* the compiler interns its constants: two of them differ in bytes */
    }
    if ((a.ref ^ b.ref) & VM_STR_CONST) {
        /* a constant and a runtime string: a short runtime one would have been the constant */
        uint32_t runtime = (a.ref & VM_STR_CONST) ? b.ref : a.ref;
        if (loop->vm.strings[runtime].len <= VM_INTERN_MAX) {
            return false;
        }
    }
    uint32_t la;
    uint32_t lb;
    const char *sa = sim__vm_str(loop, a, &la);
    const char *sb = sim__vm_str(loop, b, &lb);
    return la == lb && memcmp(sa, sb, la) == 0;
}

static bool str_is(const struct sim_loop *loop, struct vm_value v, const char *s, uint32_t len)
{
    uint32_t l;
    const char *b = sim__vm_str(loop, v, &l);
    return l == len && memcmp(b, s, len) == 0;
}

/* ---- Objects ----------------------------------------------------------------------------- */

/* A new object at the end of the array, which grows (none freed is left to reuse). */
VM_NOINLINE static uint32_t object_at_end(struct sim_loop *loop, enum vm_kind kind,
                                         uint32_t proto)
{
    struct vm_state *vm = &loop->vm;
    uint32_t o = vm->object_count;
    if (vm->object_count >= VM_MAX_OBJECTS) {
        loop->error = SIM_ELIMIT;
        return 0;
    }
    if (!sim__grow(loop, (void **)&vm->objects, &vm->object_cap, sizeof(struct vm_object),
                   vm->object_count + 1)) {
        return 0;
    }
    vm->object_count++;
    vm->objects[o] = (struct vm_object){.kind = (uint8_t)kind, .proto = proto, .props = 0,
                                        .elems = 0, .inner = vm_undefined()};
    return o;
}

/* The one a collection freed with the lowest index first (a call of no other function: the
   common case costs no saved registers), else one at the end. */
uint32_t sim__vm_object_new(struct sim_loop *loop, enum vm_kind kind, uint32_t proto)
{
    struct vm_state *vm = &loop->vm;
    if (vm->objects_freed == 0) {
        return object_at_end(loop, kind, proto);
    }
    uint32_t o = vm->object_free;
    vm->object_free = vm->objects[o].proto;
    vm->objects_freed--;
    vm->objects[o] = (struct vm_object){.kind = (uint8_t)kind, .proto = proto, .props = 0,
                                        .elems = 0, .inner = vm_undefined()};
    return o;
}

/* Makes room for one more entry in a run of `*count` of `*cap` at *start of an array. */
static bool run_room(struct sim_loop *loop, void **arr, uint32_t *arr_cap, uint32_t *arr_len,
                     size_t elem, uint32_t *start, uint32_t count, uint32_t *cap)
{
    if (count < *cap) {
        return true;
    }
    uint32_t ncap = *cap < 4 ? 4 : *cap * 2;
    if (ncap > VM_MAX_RUN || !sim__grow(loop, arr, arr_cap, elem, *arr_len + ncap)) {
        if (ncap > VM_MAX_RUN) {
            loop->error = SIM_ELIMIT;
        }
        return false;
    }
    char *base = *arr;
    memmove(base + (size_t)*arr_len * elem, base + (size_t)*start * elem, (size_t)count * elem);
    *start = *arr_len;
    *arr_len += ncap;
    *cap = ncap;
    return true;
}

/* The own property `key` of object o, or NULL. */
struct vm_prop *sim__vm_own(struct sim_loop *loop, uint32_t o, struct vm_value key)
{
    struct vm_object *obj = &loop->vm.objects[o];
    if (obj->prop_count == 0) {
        return NULL; /* (and the props array may not exist yet) */
    }
    struct vm_prop *props = &loop->vm.props[obj->props];
    bool constant = (key.ref & VM_STR_CONST) != 0;
    for (uint32_t i = 0; i < obj->prop_count; i++) {
        struct vm_prop *p = &props[i];
        if (p->key == key.ref) {
            return p;
        }
        if (constant && ((p->key & VM_STR_CONST) ||
                         loop->vm.strings[p->key].len <= VM_INTERN_MAX)) {
            continue; /* two constants, or a short runtime string, differ (sim__vm_str_eq) */
        }
        if (sim__vm_str_eq(loop, sim__vm_key(p), key)) {
            if (key.ref & VM_STR_CONST) {
                /* The same bytes as a constant of the code: the key becomes that constant, so
                   the code's next lookups match it by number (sim__vm_str_eq). */
                p->key = key.ref;
            }
            return p;
        }
    }
    return NULL;
}

/* Sets (or adds, at the end) own property `key` of o. */
void sim__vm_put(struct sim_loop *loop, uint32_t o, struct vm_value key, struct vm_value v)
{
    struct vm_prop *p = sim__vm_own(loop, o, key);
    if (p != NULL) {
        p->value = v;
        return;
    }
    struct vm_state *vm = &loop->vm;
    struct vm_object *obj = &vm->objects[o];
    uint32_t start = obj->props;
    uint32_t cap = obj->prop_cap;
    if (!run_room(loop, (void **)&vm->props, &vm->prop_cap, &vm->prop_count,
                  sizeof(struct vm_prop), &start, obj->prop_count, &cap)) {
        return;
    }
    obj = &vm->objects[o];
    obj->props = start;
    obj->prop_cap = cap;
    vm->props[obj->props + obj->prop_count++] = (struct vm_prop){.key = key.ref, .value = v};
}

/* Like sim__vm_put, for a property that Object.keys and console.log pass over. */
void sim__vm_put_hidden(struct sim_loop *loop, uint32_t o, const char *key, struct vm_value v)
{
    struct vm_value k = sim__vm_cstring(loop, key);
    if (!loop->error) {
        sim__vm_put_hidden_key(loop, o, k, v);
    }
}

void sim__vm_put_hidden_key(struct sim_loop *loop, uint32_t o, struct vm_value key,
                            struct vm_value v)
{
    sim__vm_put(loop, o, key, v);
    struct vm_prop *p = loop->error ? NULL : sim__vm_own(loop, o, key);
    if (p != NULL) {
        p->flags |= VM_PROP_HIDDEN;
    }
}

struct vm_value sim__vm_key(const struct vm_prop *p)
{
    return (struct vm_value){.tag = VM_STRING, .ref = p->key};
}

void sim__vm_put_c(struct sim_loop *loop, uint32_t o, const char *key, struct vm_value v)
{
    struct vm_value k = sim__vm_cstring(loop, key);
    if (!loop->error) {
        sim__vm_put(loop, o, k, v);
    }
}

/* Removes own property `key` of o, keeping the others in order. */
void sim__vm_remove(struct sim_loop *loop, uint32_t o, struct vm_value key)
{
    struct vm_object *obj = &loop->vm.objects[o];
    for (uint32_t i = 0; i < obj->prop_count; i++) {
        struct vm_prop *p = &loop->vm.props[obj->props + i];
        if (sim__vm_str_eq(loop, sim__vm_key(p), key)) {
            memmove(p, p + 1, (size_t)(obj->prop_count - i - 1) * sizeof(*p));
            obj->prop_count--;
            return;
        }
    }
}

/* ---- Arrays ------------------------------------------------------------------------------ */

void sim__vm_array_push(struct sim_loop *loop, uint32_t a, struct vm_value v)
{
    struct vm_state *vm = &loop->vm;
    struct vm_object *obj = &vm->objects[a];
    uint32_t start = obj->elems;
    uint32_t cap = obj->elem_cap;
    if (!run_room(loop, (void **)&vm->values, &vm->value_cap, &vm->value_count,
                  sizeof(struct vm_value), &start, obj->elem_count, &cap)) {
        return;
    }
    obj = &vm->objects[a];
    obj->elems = start;
    obj->elem_cap = cap;
    vm->values[obj->elems + obj->elem_count++] = v;
}

/*
 * An array (prototype `proto`, VM_NONE for an internal record) of the n values, in one run of
 * just that room: a record that never grows moves no run and leaves none behind.
 */
uint32_t sim__vm_array_from(struct sim_loop *loop, uint32_t proto, const struct vm_value *vals,
                            uint32_t n)
{
    return sim__vm_object_from(loop, VM_OBJ_ARRAY, proto, vals, n);
}

/* The same for an object of another kind whose elements are n values (a closure's boxes). */
uint32_t sim__vm_object_from(struct sim_loop *loop, enum vm_kind kind, uint32_t proto,
                             const struct vm_value *vals, uint32_t n)
{
    struct vm_state *vm = &loop->vm;
    uint32_t a = sim__vm_object_new(loop, kind, proto);
    if (loop->error || n == 0) {
        return a;
    }
    if (n > VM_MAX_RUN) {
        loop->error = SIM_ELIMIT;
        return a;
    }
    if (vm->value_count + n > vm->value_cap) {
        /* The values may be elements of another array, inside the array about to grow. */
        uintptr_t at = (uintptr_t)vals;
        uintptr_t base = (uintptr_t)vm->values;
        bool inside = vm->values != NULL && at >= base &&
                      at < base + (size_t)vm->value_cap * sizeof(struct vm_value);
        size_t offset = inside ? (size_t)(at - base) / sizeof(struct vm_value) : 0;
        if (!sim__grow(loop, (void **)&vm->values, &vm->value_cap, sizeof(struct vm_value),
                       vm->value_count + n)) {
            return a;
        }
        if (inside) {
            vals = vm->values + offset;
        }
    }
    struct vm_object *obj = &vm->objects[a];
    obj->elems = vm->value_count;
    obj->elem_cap = n;
    obj->elem_count = n;
    /* (a new run at the end: never over the values it copies, which are in use below it) */
    struct vm_value *to = vm->values + obj->elems;
    for (uint32_t i = 0; i < n; i++) {
        to[i] = vals[i];
    }
    vm->value_count += n;
    return a;
}

uint32_t sim__vm_array_new(struct sim_loop *loop)
{
    return sim__vm_object_new(loop, VM_OBJ_ARRAY, loop->vm.array_proto);
}

/* Sets element i of array a, growing it with holes (undefined) as JavaScript does. */
void sim__vm_array_set(struct sim_loop *loop, uint32_t a, uint32_t i, struct vm_value v)
{
    while (loop->vm.objects[a].elem_count <= i && !loop->error) {
        sim__vm_array_push(loop, a, vm_undefined());
    }
    if (!loop->error) {
        sim__vm_elems(loop, a)[i] = v;
    }
}

/* An array index key ("0", "12"; not "01" or "-1"), or false. */
bool sim__vm_index_key(const struct sim_loop *loop, struct vm_value key, uint32_t *index)
{
    if (key.tag == VM_NUMBER) {
        double d = key.num;
        if (d >= 0 && d < 4294967295.0 && d == (double)(uint32_t)d) {
            *index = (uint32_t)d;
            return true;
        }
        return false;
    }
    if (key.tag != VM_STRING) {
        return false;
    }
    uint32_t len;
    const char *s = sim__vm_str(loop, key, &len);
    if (len == 0 || len > 10 || (len > 1 && s[0] == '0')) {
        return false;
    }
    uint64_t n = 0;
    for (uint32_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        n = n * 10 + (uint64_t)(s[i] - '0');
    }
    if (n >= 4294967295u) {
        return false;
    }
    *index = (uint32_t)n;
    return true;
}

bool sim__vm_is_length(const struct sim_loop *loop, struct vm_value key)
{
    return key.tag == VM_STRING && str_is(loop, key, "length", 6);
}
