/*
 * env.c - what a callback closes over: the counters of the repeats around the statement that
 * scheduled it ({i} in its strings), and the names (`id`) that handles are bound to.
 *
 * Frames are reference-counted: a repeat iteration holds its frame while its body runs, and
 * every task scheduled inside holds it until the task is freed.
 */
#include "sim_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- Frames ----------------------------------------------------------------------------- */

/*
 * A new frame binding the counter of repeat statement `repeat` to `value` inside `parent`, held
 * once by the caller.
 */
uint32_t sim__env_push(struct sim_loop *loop, uint32_t parent, uint32_t repeat, uint64_t value)
{
    struct env_state *es = &loop->envs;
    uint32_t e = es->free;
    if (e != SIM_NONE) {
        es->free = es->frames[e].parent;
    } else if (es->count >= SCOPE_RUN - 1) {
        loop->error = SIM_ELIMIT; /* a task's scope holds an env below SCOPE_RUN */
        return SIM_NONE;
    } else if (!sim__grow(loop, (void **)&es->frames, &es->cap, sizeof(struct env_frame),
                          es->count + 1)) {
        return SIM_NONE;
    } else {
        e = es->count++;
    }
    es->frames[e] = (struct env_frame){parent, 1, repeat, (uint32_t)value};
    sim__env_ref(loop, parent);
    return e;
}

/* The name of frame env's counter: its repeat's `var`, "i" by default. */
const char *sim__env_var(const struct sim_loop *loop, uint32_t env)
{
    const char *var = loop->prog->stmts[loop->envs.frames[env].repeat].text;
    return var != NULL ? var : "i";
}

void sim__env_ref(struct sim_loop *loop, uint32_t env)
{
    if (env != SIM_NONE) {
        loop->envs.frames[env].refs++;
    }
}

/* Drops one hold; a frame nobody holds returns to the free list, and releases its parent. */
void sim__env_unref(struct sim_loop *loop, uint32_t env)
{
    struct env_state *es = &loop->envs;
    while (env != SIM_NONE && --es->frames[env].refs == 0) {
        uint32_t parent = es->frames[env].parent;
        es->frames[env].parent = es->free;
        es->free = env;
        env = parent;
    }
}

/* ---- Interpolation ---------------------------------------------------------------------- */

bool sim__has_placeholder(const char *s)
{
    return s != NULL && strchr(s, '{') != NULL;
}

static const struct env_frame *env_lookup(const struct sim_loop *loop, uint32_t env,
                                          const char *name, size_t len)
{
    for (; env != SIM_NONE; env = loop->envs.frames[env].parent) {
        const char *var = sim__env_var(loop, env);
        if (strlen(var) == len && memcmp(var, name, len) == 0) {
            return &loop->envs.frames[env];
        }
    }
    return NULL;
}

/*
 * Replaces every {VAR} bound in `env` by its counter; an unbound {x} stays as written. The
 * result, in *out, lives until the next call. Returns its length.
 */
uint32_t sim__interpolate(struct sim_loop *loop, const char *s, uint32_t env, char **out)
{
    size_t n = strlen(s);
    /* A counter is at most 20 digits, and replaces at least "{x}": room for n * 7 is plenty. */
    struct names_state *ns = &loop->names;
    if (!sim__grow(loop, (void **)&ns->interp, &ns->interp_cap, 1, (uint32_t)(n * 7 + 24))) {
        *out = "";
        return 0;
    }
    char *dst = loop->names.interp;
    uint32_t len = 0;
    for (size_t i = 0; i < n; i++) {
        const char *close = s[i] == '{' ? strchr(s + i + 1, '}') : NULL;
        const struct env_frame *f =
            close != NULL ? env_lookup(loop, env, s + i + 1, (size_t)(close - s - i - 1)) : NULL;
        if (f != NULL) {
            len += (uint32_t)sim_format_u64(dst + len, f->value);
            i = (size_t)(close - s);
        } else {
            dst[len++] = s[i];
        }
    }
    dst[len] = '\0';
    *out = dst;
    return len;
}

/* Like sim__interpolate, into a caller's buffer (cut to fit); returns the length written. */
size_t sim__interpolate_to(const struct sim_loop *loop, const char *s, uint32_t env, char *buf,
                           size_t size)
{
    size_t len = 0;
    for (size_t i = 0; s[i] != '\0' && len + 1 < size; i++) {
        const char *close = s[i] == '{' ? strchr(s + i + 1, '}') : NULL;
        const struct env_frame *f =
            close != NULL ? env_lookup(loop, env, s + i + 1, (size_t)(close - s - i - 1)) : NULL;
        if (f != NULL) {
            char digits[24];
            uint32_t n = (uint32_t)sim_format_u64(digits, f->value);
            for (uint32_t k = 0; k < n && len + 1 < size; k++) {
                buf[len++] = digits[k];
            }
            i = (size_t)(close - s);
        } else {
            buf[len++] = s[i];
        }
    }
    buf[len] = '\0';
    return len;
}

/* Copies a string into the loop's strings arena; returns its offset, or SIM_NONE. */
uint32_t sim__intern(struct sim_loop *loop, const char *s, uint32_t len)
{
    if (!sim__grow(loop, (void **)&loop->names.strings, &loop->names.strings_cap, 1,
                loop->names.strings_len + len + 1)) {
        return SIM_NONE;
    }
    uint32_t off = loop->names.strings_len;
    memcpy(loop->names.strings + off, s, len);
    loop->names.strings[off + len] = '\0';
    loop->names.strings_len += len + 1;
    return off;
}

/* ---- Handle names ----------------------------------------------------------------------- */

static uint32_t hash_str(const char *s, uint32_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (uint32_t i = 0; i < len; i++) {
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    }
    return h;
}

static struct id_slot *id_slot_for(struct sim_loop *loop, const char *name, uint32_t len,
                                   uint32_t h)
{
    uint32_t mask = loop->names.id_cap - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        struct id_slot *slot = &loop->names.ids[i];
        if (slot->key == SIM_NONE) {
            return slot;
        }
        const char *key = loop->names.strings + slot->key;
        if (slot->hash == h && strlen(key) == len && memcmp(key, name, len) == 0) {
            return slot;
        }
    }
}

static bool id_grow(struct sim_loop *loop)
{
    uint32_t ncap = loop->names.id_cap ? loop->names.id_cap * 2 : 64;
    struct id_slot *old = loop->names.ids;
    uint32_t old_cap = loop->names.id_cap;
    loop->names.ids = malloc(sizeof(struct id_slot) * ncap);
    if (loop->names.ids == NULL) {
        loop->names.ids = old;
        loop->error = SIM_ENOMEM;
        return false;
    }
    loop->names.id_cap = ncap;
    loop->bounds.grew = true;
    for (uint32_t i = 0; i < ncap; i++) {
        loop->names.ids[i].key = SIM_NONE;
    }
    for (uint32_t i = 0; i < old_cap; i++) {
        if (old[i].key != SIM_NONE) {
            const char *key = loop->names.strings + old[i].key;
            *id_slot_for(loop, key, (uint32_t)strlen(key), old[i].hash) = old[i];
        }
    }
    free(old);
    return true;
}

static const char *resolve_name(struct sim_loop *loop, const char *name, uint32_t env,
                                uint32_t *len)
{
    if (!sim__has_placeholder(name)) {
        *len = (uint32_t)strlen(name);
        return name;
    }
    char *out;
    *len = sim__interpolate(loop, name, env, &out);
    return out;
}

/* Binds the name (placeholders filled from env) to task t, like `let` rebinding in a loop. */
void sim__id_bind(struct sim_loop *loop, const char *name, uint32_t env, uint32_t t)
{
    if ((loop->names.id_used + 1) * 4 > loop->names.id_cap * 3 && !id_grow(loop)) {
        return;
    }
    uint32_t len;
    const char *s = resolve_name(loop, name, env, &len);
    uint32_t h = hash_str(s, len);
    struct id_slot *slot = id_slot_for(loop, s, len, h);
    if (slot->key == SIM_NONE) {
        uint32_t key = sim__intern(loop, s, len);
        if (key == SIM_NONE) {
            return;
        }
        /* Interning may have moved the arena but not the table: find the slot again. */
        slot = id_slot_for(loop, loop->names.strings + key, len, h);
        slot->key = key;
        slot->hash = h;
        loop->names.id_used++;
    }
    slot->task = t;
    slot->gen = task_at(loop, t)->gen;
}

/* The live task a name is bound to, or SIM_NONE when none (never bound, or since freed). */
uint32_t sim__id_find(struct sim_loop *loop, const char *name, uint32_t env)
{
    if (loop->names.id_cap == 0) {
        return SIM_NONE;
    }
    uint32_t len;
    const char *s = resolve_name(loop, name, env, &len);
    struct id_slot *slot = id_slot_for(loop, s, len, hash_str(s, len));
    if (slot->key == SIM_NONE || task_at(loop, slot->task)->gen != slot->gen ||
        task_at(loop, slot->task)->kind == TASK_FREE) {
        return SIM_NONE;
    }
    return slot->task;
}
