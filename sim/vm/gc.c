/*
 * gc.c - the garbage collector: a mark and sweep over the heap's index arrays, run between two
 * actions of the engine when the heap has grown enough since the last collection.
 *
 * The roots are everything the run state holds outside the heap: the value stack and the
 * frames (an async function suspended at an await is a coroutine record, reached from the
 * reaction of the promise it waits on), the interpreter's own objects and values (the global
 * object, the prototypes, require's table, the rejection lists, the listeners...), and the
 * call record of every task slot (timers, immediates, ticks, microtasks, pool requests,
 * listeners, emits: vm.task_calls). A task slot that was freed keeps its record until the slot
 * is reused, so nothing that still names the task finds another object there. Marking follows
 * each object's prototype, property keys and values, elements and internal slot.
 *
 * The sweep puts every unmarked object and string on its free list (lowest index first, so
 * that reuse is deterministic) and gives back the unused tail of both arrays; then the shared
 * runs of properties, elements and characters are compacted into fresh arrays of the same
 * size, live objects' runs in index order. Nothing but the program decides when it runs, so a
 * replay after a snapshot restore makes the same collections and the same events.
 */
#include "vm_internal.h"

#include <stdlib.h>
#include <string.h>

/* The heap may grow by its own size, at least this much, between two collections. */
#define VM_GC_FLOOR (4u << 20)

struct marker {
    struct sim_loop *loop;
    uint8_t *objects;        /* one byte per object: reached */
    uint8_t *strings;        /* one byte per string: reached */
    uint32_t *todo;          /* reached objects whose contents are still to mark */
    uint32_t todo_count;
    uint32_t todo_cap;
    bool failed;             /* out of memory: the collection is given up, nothing freed */
};

static void mark_object(struct marker *m, uint32_t o)
{
    if (o >= m->loop->vm.object_count || m->objects[o]) {
        return;
    }
    m->objects[o] = 1;
    if (m->todo_count == m->todo_cap) {
        uint32_t cap = m->todo_cap < 1024 ? 1024 : m->todo_cap * 2;
        uint32_t *grown = realloc(m->todo, (size_t)cap * sizeof(*grown));
        if (grown == NULL) {
            m->failed = true;
            return;
        }
        m->todo = grown;
        m->todo_cap = cap;
    }
    m->todo[m->todo_count++] = o;
}

static void mark_string(struct marker *m, uint32_t ref)
{
    if (!(ref & VM_STR_CONST) && ref < m->loop->vm.string_count) {
        m->strings[ref] = 1;
    }
}

static void mark_value(struct marker *m, struct vm_value v)
{
    if (v.tag == VM_OBJECT) {
        mark_object(m, v.ref);
    } else if (v.tag == VM_STRING) {
        mark_string(m, v.ref);
    }
}

static void mark_values(struct marker *m, const struct vm_value *v, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        mark_value(m, v[i]);
    }
}

/* Marks what the reached objects hold, until nothing is left to mark. */
static void mark_contents(struct marker *m)
{
    const struct vm_state *vm = &m->loop->vm;
    while (m->todo_count > 0 && !m->failed) {
        const struct vm_object *obj = &vm->objects[m->todo[--m->todo_count]];
        if (obj->proto != VM_NONE) {
            mark_object(m, obj->proto);
        }
        for (uint32_t i = 0; i < obj->prop_count; i++) {
            const struct vm_prop *p = &vm->props[obj->props + i];
            mark_string(m, p->key);
            mark_value(m, p->value);
        }
        mark_values(m, vm->values + obj->elems, obj->elem_count);
        mark_value(m, obj->inner);
    }
}

static void mark_roots(struct marker *m)
{
    const struct sim_loop *loop = m->loop;
    const struct vm_state *vm = &loop->vm;
    mark_values(m, vm->stack, vm->sp);
    for (uint32_t i = 0; i < vm->frame_count; i++) {
        const struct vm_frame *f = &vm->frames[i];
        mark_object(m, f->closure); /* a native frame's: its continuation's state */
        mark_value(m, f->this_value);
        if (f->resolver != VM_NONE) {
            mark_object(m, f->resolver);
        }
    }
    const uint32_t objects[] = {vm->global, vm->object_proto, vm->function_proto,
                                vm->array_proto, vm->modules, vm->timeout_proto,
                                vm->immediate_proto, vm->unhandled, vm->late_handled,
                                vm->promise_proto, vm->emitter_proto, vm->stats_proto,
                                vm->files, vm->fds, vm->filehandle_proto, vm->buffer_proto,
                                vm->server_proto, vm->socket_proto, vm->listen_handle_proto,
                                vm->native_self,
                                vm->process, vm->main_promise,
                                vm->listeners[0], vm->listeners[1], vm->listeners[2],
                                vm->pending_calls, vm->next_call, vm->reaction_job,
                                vm->thenable_job};
    for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
        mark_object(m, objects[i]);
    }
    for (int cls = VM_ERROR; cls <= VM_SYNTAX_ERROR; cls++) {
        mark_object(m, vm->error_protos[cls]);
    }
    const struct vm_value values[] = {vm->exception, vm->result, vm->first_job_label,
                                      vm->filename, vm->native_this};
    mark_values(m, values, sizeof(values) / sizeof(values[0]));
    if (vm->net_due != 0) {
        mark_object(m, vm->net_due_of);
    }
    for (int i = 0; i < VM_NAME_COUNT; i++) {
        mark_string(m, vm->names[i]);
    }
    uint32_t slots = loop->task_count < vm->task_call_cap ? loop->task_count : vm->task_call_cap;
    for (uint32_t t = 0; t < slots; t++) {
        enum task_kind kind = (enum task_kind)loop->tasks[t].kind;
        bool handle = kind == TASK_TIMEOUT || kind == TASK_IMMEDIATE || kind == TASK_SERVER ||
                      kind == TASK_SOCKET;
        if (handle && t < vm->task_handle_cap && vm->task_handles[t] != VM_NONE) {
            mark_object(m, vm->task_handles[t]); /* its callback's `this`, its object */
        }
        if (vm->task_calls[t] != VM_NONE) {
            mark_object(m, vm->task_calls[t]);
        }
    }
}

/* Frees the unreached objects and strings onto their free lists, lowest index first. */
static void sweep(struct sim_loop *loop, const struct marker *m)
{
    struct vm_state *vm = &loop->vm;
    while (vm->object_count > 0 && !m->objects[vm->object_count - 1]) {
        vm->object_count--;
    }
    vm->object_free = VM_NONE;
    vm->objects_freed = 0;
    for (uint32_t o = vm->object_count; o-- > 0;) {
        if (!m->objects[o]) {
            vm->objects[o] = (struct vm_object){.kind = VM_OBJ_FREE, .proto = vm->object_free,
                                                .inner = vm_undefined()};
            vm->object_free = o;
            vm->objects_freed++;
        }
    }
    while (vm->string_count > 0 && !m->strings[vm->string_count - 1]) {
        vm->string_count--;
    }
    vm->string_free = VM_NONE;
    vm->strings_freed = 0;
    for (uint32_t s = vm->string_count; s-- > 0;) {
        if (!m->strings[s]) {
            vm->strings[s] = (struct vm_string){.off = vm->string_free, .len = UINT32_MAX};
            vm->string_free = s;
            vm->strings_freed++;
        }
    }
}

/* A run of cells (or a string's bytes) to keep: where it is, how much of it is used, its
   size, and the index that names its start. */
struct piece {
    uint32_t start;
    uint32_t used;
    uint32_t size;
    uint32_t *where;
};

static int by_start(const void *a, const void *b)
{
    uint32_t x = ((const struct piece *)a)->start;
    uint32_t y = ((const struct piece *)b)->start;
    return x < y ? -1 : x > y;
}

/*
 * Puts the pieces in the order they lie in an array of `total` cells. Pieces start at distinct
 * cells, so each cell can say which piece starts there: one pass over the cells sorts them,
 * where qsort's comparisons cost more than the rest of the collection. A sparse array (the
 * bytes of a few long strings), or no memory for the cells, is sorted by qsort instead.
 */
static void order_pieces(struct piece *pieces, uint32_t n, uint32_t total)
{
    bool sorted = true;
    for (uint32_t i = 1; i < n && sorted; i++) {
        sorted = pieces[i - 1].start < pieces[i].start;
    }
    if (sorted) {
        return;
    }
    uint32_t *owner = total <= 64 * (uint64_t)n + 4096 ? malloc((size_t)total * sizeof(*owner))
                                                      : NULL;
    struct piece *copy = owner != NULL ? malloc((size_t)n * sizeof(*copy)) : NULL;
    bool distinct = copy != NULL;
    if (distinct) {
        memset(owner, 0xff, (size_t)total * sizeof(*owner));
        for (uint32_t i = 0; i < n && distinct; i++) {
            distinct = pieces[i].start < total && owner[pieces[i].start] == UINT32_MAX;
            if (distinct) {
                owner[pieces[i].start] = i;
            }
        }
    }
    if (distinct) {
        memcpy(copy, pieces, (size_t)n * sizeof(*copy));
        uint32_t k = 0;
        for (uint32_t c = 0; c < total; c++) {
            if (owner[c] != UINT32_MAX) {
                pieces[k++] = copy[owner[c]];
            }
        }
    } else {
        qsort(pieces, n, sizeof(*pieces), by_start);
    }
    free(owner);
    free(copy);
}

/*
 * Slides the pieces of `base`, an array of `total` cells, down over the gaps between them, in
 * the order they lie (so a piece only moves down, over cells already copied or free): the
 * array is compacted where it is, with no fresh memory to fault in. Returns the cells in use.
 */
static uint32_t slide(char *base, size_t elem, struct piece *pieces, uint32_t n, uint32_t total)
{
    order_pieces(pieces, n, total);
    uint32_t len = 0;
    for (uint32_t i = 0; i < n; i++) {
        memmove(base + (size_t)len * elem, base + (size_t)pieces[i].start * elem,
                (size_t)pieces[i].used * elem);
        *pieces[i].where = len;
        len += pieces[i].size;
    }
    return len;
}

/*
 * Each live object's property run (`props`) or element run, kept at its capacity, moved down
 * over the free space. False when memory runs out (then the array is as it was).
 */
static bool compact_runs(struct sim_loop *loop, bool props)
{
    struct vm_state *vm = &loop->vm;
    struct piece *pieces = malloc(((size_t)vm->object_count + 1) * sizeof(*pieces));
    if (pieces == NULL) {
        return false;
    }
    uint32_t n = 0;
    for (uint32_t o = 0; o < vm->object_count; o++) {
        struct vm_object *obj = &vm->objects[o];
        uint32_t *start = props ? &obj->props : &obj->elems;
        uint32_t run = props ? obj->prop_cap : obj->elem_cap;
        if (obj->kind == VM_OBJ_FREE || run == 0) {
            *start = 0;
            continue;
        }
        pieces[n++] = (struct piece){*start, props ? obj->prop_count : obj->elem_count, run,
                                     start};
    }
    if (props) {
        vm->prop_count = slide((char *)vm->props, sizeof(struct vm_prop), pieces, n,
                               vm->prop_count);
    } else {
        vm->value_count = slide((char *)vm->values, sizeof(struct vm_value), pieces, n,
                                vm->value_count);
    }
    free(pieces);
    return true;
}

/* The live strings' bytes (and their NULs), moved down over the dead ones'. */
static bool compact_chars(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    struct piece *pieces = malloc(((size_t)vm->string_count + 1) * sizeof(*pieces));
    if (pieces == NULL) {
        return false;
    }
    uint32_t n = 0;
    for (uint32_t s = 0; s < vm->string_count; s++) {
        struct vm_string *str = &vm->strings[s];
        if (str->len != UINT32_MAX) {
            pieces[n++] = (struct piece){str->off, str->len + 1, str->len + 1, &str->off};
        }
    }
    vm->char_count = slide(vm->chars, 1, pieces, n, vm->char_count);
    free(pieces);
    return true;
}

void sim__vm_gc(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    struct marker m = {.loop = loop,
                       .objects = calloc((size_t)vm->object_count + 1, 1),
                       .strings = calloc((size_t)vm->string_count + 1, 1)};
    m.failed = m.objects == NULL || m.strings == NULL;
    if (!m.failed) {
        mark_roots(&m);
        mark_contents(&m);
    }
    if (!m.failed) {
        sweep(loop, &m);
        m.failed = !compact_runs(loop, true) || !compact_runs(loop, false) ||
                   !compact_chars(loop);
    }
    free(m.objects);
    free(m.strings);
    free(m.todo);
    if (m.failed) {
        loop->error = SIM_ENOMEM;
        return;
    }
    vm->gc_runs++;
    uint64_t live = sim__vm_heap_size(vm);
    uint64_t room = vm->gc_floor > 0 ? vm->gc_floor : live > VM_GC_FLOOR ? live : VM_GC_FLOOR;
    vm->gc_next = live + room;
}

void sim__vm_gc_maybe(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    if (sim__vm_heap_size(vm) < vm->gc_next) {
        return; /* the common case, before every action: first (gc_next is 0 until set) */
    }
    if (!vm->ready) {
        return;
    }
    if (vm->gc_next == 0) {
        /* The first check after the globals were made: they are the floor's base. */
        vm->gc_floor = loop->cfg->gc_threshold;
        vm->gc_next = sim__vm_heap_size(vm) + (vm->gc_floor > 0 ? vm->gc_floor : VM_GC_FLOOR);
        return;
    }
    if (sim__vm_heap_size(vm) >= vm->gc_next) {
        sim__vm_gc(loop);
    }
}
