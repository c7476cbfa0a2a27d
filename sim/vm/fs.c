/*
 * fs.c - require('fs'), 'fs/promises', 'crypto' and 'zlib' on the worker pool, over a virtual
 * file system.
 *
 * Each callback call is the engine's pool request of its op (the JSON scenario's fs.stat,
 * fs.readFile's chain of jobs, crypto.randomBytes, zlib.gzip...), so its callback runs where
 * Node's would: in a poll phase, after the job's virtual duration on a worker (its line's
 * `// loopsim: Nms`, else the default of JS_POOL_MAP). The promise forms are the same requests
 * whose callback settles a promise; the Sync forms block the loop for the same duration.
 *
 * The engine reads no file: the program sees a file system of its own. It holds the program's
 * own file (__filename, whose text is the program's) and directory (__dirname), and what the
 * program writes, renames and removes; anything else does not exist (ENOENT). What a call
 * finds is decided when it is made. Buffers are strings (readFile, zlib) or arrays of zeros
 * of the right length (randomBytes, pbkdf2): what a program of the subset prints of them.
 */
#include "natives.h"
#include "vm_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The file system: an object from path to [is a directory, text]. */
static uint32_t files(struct sim_loop *loop)
{
    struct vm_state *vm = &loop->vm;
    if (vm->files == 0) {
        vm->files = sim__vm_object_new(loop, VM_OBJ_PLAIN, VM_NONE);
        uint32_t me = sim__vm_array_new(loop);
        sim__vm_array_push(loop, me, vm_bool(false));
        sim__vm_array_push(loop, me, sim__vm_string(loop, loop->prog->js->source,
                                                   (uint32_t)loop->prog->js->source_len));
        sim__vm_put(loop, vm->files, vm->filename, vm_object(me));
        uint32_t dir = sim__vm_array_new(loop);
        sim__vm_array_push(loop, dir, vm_bool(true));
        sim__vm_array_push(loop, dir, sim__vm_cstring(loop, ""));
        sim__vm_put_c(loop, vm->files, SIM_JS_DIRNAME, vm_object(dir));
    }
    return vm->files;
}

static struct vm_prop *find_file(struct sim_loop *loop, struct vm_value path)
{
    return sim__vm_own(loop, files(loop), sim__vm_to_string(loop, path));
}

/* Node's error of a failed call: "ENOENT: no such file or directory, stat 'x'" and its fields. */
static struct vm_value fs_error(struct sim_loop *loop, const char *code, const char *syscall,
                                struct vm_value path)
{
    int errno_value = strcmp(code, "ENOENT") == 0 ? -2 : strcmp(code, "EEXIST") == 0 ? -17 : -20;
    const char *what = strcmp(code, "ENOENT") == 0   ? "no such file or directory"
                       : strcmp(code, "EEXIST") == 0 ? "file already exists"
                                                     : "not a directory";
    struct vm_value p = sim__vm_to_string(loop, path);
    uint32_t len;
    const char *s = sim__vm_str(loop, p, &len);
    char msg[300];
    snprintf(msg, sizeof(msg), "%s: %s, %s '%.*s'", code, what, syscall,
             (int)(len > 200 ? 200 : len), s);
    struct vm_value e = sim__vm_error_new(loop, VM_ERROR, sim__vm_cstring(loop, msg));
    if (!loop->error) {
        sim__vm_put_c(loop, e.ref, "errno", vm_number(errno_value));
        sim__vm_put_c(loop, e.ref, "code", sim__vm_cstring(loop, code));
        sim__vm_put_c(loop, e.ref, "syscall", sim__vm_cstring(loop, syscall));
        sim__vm_put_c(loop, e.ref, "path", p);
    }
    return e;
}

/* The names in directory `dir`, sorted as the file system lists them (bytes). */
static struct vm_value list_dir(struct sim_loop *loop, struct vm_value dir)
{
    uint32_t out = sim__vm_array_new(loop);
    uint32_t dl;
    sim__vm_str(loop, dir, &dl);
    uint32_t table = files(loop);
    for (uint32_t i = 0; i < sim__vm_obj(loop, table)->prop_count && !loop->error; i++) {
        struct vm_prop p = loop->vm.props[sim__vm_obj(loop, table)->props + i];
        uint32_t len;
        const char *path = sim__vm_str(loop, sim__vm_key(&p), &len);
        const char *d = sim__vm_str(loop, dir, &dl);
        if (len > dl + 1 && memcmp(path, d, dl) == 0 && path[dl] == '/' &&
            memchr(path + dl + 1, '/', len - dl - 1) == NULL) {
            sim__vm_array_push(loop, out, sim__vm_string(loop, path + dl + 1, len - dl - 1));
        }
    }
    uint32_t n = sim__vm_obj(loop, out)->elem_count;
    struct vm_value *e = sim__vm_elems(loop, out);
    for (uint32_t i = 1; i < n; i++) { /* insertion sort: directories are small */
        struct vm_value key = e[i];
        uint32_t j = i;
        while (j > 0 && sim__vm_binary(loop, JS_OP_GT, e[j - 1], key).ref) {
            e[j] = e[j - 1];
            j--;
        }
        e[j] = key;
    }
    return vm_object(out);
}

static struct vm_value stats_of(struct sim_loop *loop, const struct vm_value *entry)
{
    bool dir = entry[0].ref != 0;
    uint32_t len = 0;
    sim__vm_str(loop, entry[1], &len);
    uint32_t st = sim__vm_object_new(loop, VM_OBJ_PLAIN, loop->vm.stats_proto);
    sim__vm_put(loop, st, sim__vm_name(loop, VM_NAME_SIZE), vm_number(dir ? 4096 : len));
    sim__vm_put(loop, st, sim__vm_name(loop, VM_NAME_MODE), vm_number(dir ? 16877 : 33188));
    sim__vm_put_hidden_key(loop, st, sim__vm_name(loop, VM_NAME_DIR), vm_bool(dir));
    return vm_object(st);
}

/* What fs call `op` on `path` finds, made now: the error (or null) and the result. */
struct outcome {
    struct vm_value err;
    struct vm_value value;
};

static struct outcome do_fs(struct sim_loop *loop, enum js_pool op, const struct vm_value *args,
                            uint32_t argc)
{
    struct vm_value path = argc > 0 ? args[0] : vm_undefined();
    struct vm_prop *f = find_file(loop, path);
    struct outcome o = {vm_null(), vm_undefined()};
    struct vm_value entry[2];
    if (f != NULL) {
        memcpy(entry, sim__vm_elems(loop, f->value.ref), sizeof(entry));
    }
    switch (op) {
    case JS_POOL_FS_STAT:
    case JS_POOL_FS_ACCESS:
    case JS_POOL_FS_READ_FILE:
    case JS_POOL_FS_UNLINK:
    case JS_POOL_FS_READDIR:
    case JS_POOL_FS_RENAME:
        if (f == NULL) {
            /* The system call that fails, by op (JS_POOL_MAP's order). */
            static const char *const calls[] = {"stat", "access", "open", "", "", "unlink",
                                                "rename", "", "scandir"};
            o.err = fs_error(loop, "ENOENT", calls[op], path);
            return o;
        }
        break;
    case JS_POOL_FS_MKDIR:
        if (f != NULL) {
            o.err = fs_error(loop, "EEXIST", "mkdir", path);
            return o;
        }
        break;
    default:
        break;
    }
    uint32_t table = files(loop);
    switch (op) {
    case JS_POOL_FS_STAT:
        o.value = stats_of(loop, entry);
        break;
    case JS_POOL_FS_READ_FILE:
        o.value = entry[1];
        break;
    case JS_POOL_FS_WRITE_FILE:
    case JS_POOL_FS_APPEND_FILE:
    case JS_POOL_FS_MKDIR: {
        struct vm_value data = op == JS_POOL_FS_MKDIR ? sim__vm_cstring(loop, "")
                               : argc > 1             ? sim__vm_to_string(loop, args[1])
                                                      : sim__vm_cstring(loop, "undefined");
        if (op == JS_POOL_FS_APPEND_FILE && f != NULL) {
            data = sim__vm_binary(loop, JS_OP_ADD, entry[1], data);
        }
        uint32_t e = sim__vm_array_new(loop);
        sim__vm_array_push(loop, e, vm_bool(op == JS_POOL_FS_MKDIR));
        sim__vm_array_push(loop, e, data);
        sim__vm_put(loop, table, sim__vm_to_string(loop, path), vm_object(e));
        break;
    }
    case JS_POOL_FS_UNLINK:
        sim__vm_remove(loop, table, sim__vm_to_string(loop, path));
        break;
    case JS_POOL_FS_RENAME: {
        struct vm_value moved = f->value; /* before the removal moves the properties */
        sim__vm_remove(loop, table, sim__vm_to_string(loop, path));
        sim__vm_put(loop, table, sim__vm_to_string(loop, argc > 1 ? args[1] : vm_undefined()),
                    moved);
        break;
    }
    case JS_POOL_FS_READDIR:
        o.value = list_dir(loop, sim__vm_to_string(loop, path));
        break;
    default:
        break;
    }
    return o;
}

/* A Buffer of `n` bytes, as far as a program of the subset sees one: its length. */
static struct vm_value bytes(struct sim_loop *loop, struct vm_value n)
{
    double len = sim__vm_to_number(loop, n);
    uint32_t a = sim__vm_array_new(loop);
    for (uint32_t i = 0; i < (len > 0 && len < 65536 ? (uint32_t)len : 0) && !loop->error; i++) {
        sim__vm_array_push(loop, a, vm_number(0));
    }
    return vm_object(a);
}

static struct outcome do_other(struct sim_loop *loop, enum js_pool op,
                               const struct vm_value *args, uint32_t argc)
{
    struct outcome o = {vm_null(), vm_undefined()};
    if (op == JS_POOL_CRYPTO_RANDOM_BYTES) {
        o.value = bytes(loop, argc > 0 ? args[0] : vm_undefined());
    } else if (op == JS_POOL_CRYPTO_PBKDF2) {
        o.value = bytes(loop, argc > 3 ? args[3] : vm_undefined());
    } else {
        o.value = argc > 0 ? sim__vm_to_string(loop, args[0]) : sim__vm_cstring(loop, "");
    }
    return o;
}

static struct outcome outcome_of(struct sim_loop *loop, enum js_pool op,
                                 const struct vm_value *args, uint32_t argc)
{
    return op <= JS_POOL_FS_READDIR ? do_fs(loop, op, args, argc) : do_other(loop, op, args, argc);
}

/* The statement of pool op k for the call being made: its line's duration, or the default. */
static uint32_t pool_stmt(struct sim_loop *loop, enum js_pool k)
{
    const struct js_code *c = loop->prog->js;
    uint32_t line = c->ast->nodes[loop->vm.node].line;
    for (uint32_t i = 0; i < c->line_stmt_count; i++) {
        if (c->line_stmts[i].line == line) {
            return c->line_stmts[i].first + k;
        }
    }
    return c->pool_stmts + k;
}

/* Before the pool's first request: the UV_THREADPOOL_SIZE the program put in process.env. */
static void pool_size_from_env(struct sim_loop *loop)
{
    if (loop->vm.pool_started) {
        return;
    }
    loop->vm.pool_started = true;
    struct vm_value env = sim__vm_get(loop, vm_object(loop->vm.process),
                                      sim__vm_cstring(loop, "env"));
    struct vm_value k = env.tag == VM_OBJECT
                            ? sim__vm_get(loop, env, sim__vm_cstring(loop, "UV_THREADPOOL_SIZE"))
                            : vm_undefined();
    double n = k.tag == VM_UNDEFINED ? NAN : sim__vm_to_number(loop, k);
    if (n >= 1 && n <= 1024) {
        sim__pool_resize(loop, (uint32_t)n); /* libuv: atoi, then clamped to 1..1024 */
    }
}

/* The callback-form: the request goes to the pool; its callback gets (err, value). */
static enum vm_native_result request(struct sim_loop *loop, enum js_pool op,
                                     const struct vm_value *args, uint32_t argc,
                                     struct vm_value cb, const char *name)
{
    if (!sim__vm_need_callback(loop, cb)) {
        return VM_NATIVE_THREW;
    }
    struct outcome o = outcome_of(loop, op, args, argc);
    struct vm_value results[2] = {o.err, o.value};
    uint32_t n = o.err.tag == VM_NULL && o.value.tag == VM_UNDEFINED &&
                         op != JS_POOL_FS_STAT && op != JS_POOL_FS_READ_FILE
                     ? 1
                     : 2;
    pool_size_from_env(loop);
    uint32_t rec = sim__vm_call_record(loop, name, cb, results, n);
    uint32_t stmt = sim__vm_stmt_call(loop, pool_stmt(loop, op), rec);
    sim__request_start(loop, stmt, SIM_NONE, SIM_NONE);
    return VM_NATIVE_EVENT;
}

/* The callback is the last argument that is a function. */
static enum vm_native_result callback_form(struct sim_loop *loop, enum js_pool op,
                                           const struct vm_value *args, uint32_t argc,
                                           struct vm_value *result, const char *name)
{
    *result = vm_undefined();
    uint32_t n = argc;
    while (n > 0 && !sim__vm_is_callable(loop, args[n - 1])) {
        n--;
    }
    if (n == 0) {
        sim__vm_throw_error(loop, VM_TYPE_ERROR,
                            "The \"cb\" argument must be of type function. Received undefined");
        return VM_NATIVE_THREW;
    }
    return request(loop, op, args, n - 1, args[n - 1], name);
}

/* The promise form: the same request, whose callback settles the promise. */
static enum vm_native_result promise_form(struct sim_loop *loop, enum js_pool op,
                                          const struct vm_value *args, uint32_t argc,
                                          struct vm_value *result, const char *name)
{
    uint32_t p = sim__vm_promise_new(loop);
    uint32_t rf = sim__vm_resolver_new(loop, p);
    *result = vm_object(p);
    return request(loop, op, args, argc, sim__vm_bound(loop, VM_NATIVE_PROMISIFY_CB,
                                                       vm_object(rf)), name);
}

/* The Sync form: what the call finds, at once, the loop blocked for the job's duration. */
static enum vm_native_result sync_form(struct sim_loop *loop, enum js_pool op,
                                       const struct vm_value *args, uint32_t argc,
                                       struct vm_value *result, const char *name)
{
    struct outcome o = outcome_of(loop, op, args, argc);
    const struct sim_stmt *s = &loop->prog->stmts[pool_stmt(loop, op)];
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_BLOCK, SIM_REASON_NONE, SIM_NONE);
    pe->ev.duration_ns = s->ms_ns;
    char text[64];
    snprintf(text, sizeof(text), "%s blocks the loop", name);
    sim__emit_text(loop, pe, text);
    sim__clock_advance(loop, sim__vm_clock_read(loop) + s->ms_ns);
    if (o.err.tag != VM_NULL) {
        sim__vm_throw(loop, o.err);
        return VM_NATIVE_THREW;
    }
    *result = o.value;
    return VM_NATIVE_EVENT;
}

#define FORMS(name, op, js_name)                                                               \
    NATIVE(name)                                                                               \
    {                                                                                          \
        (void)this_value;                                                                      \
        return callback_form(loop, op, args, argc, result, js_name);                          \
    }                                                                                          \
    NATIVE(name##_sync)                                                                        \
    {                                                                                          \
        (void)this_value;                                                                      \
        return sync_form(loop, op, args, argc, result, js_name "Sync");                       \
    }

#define PROMISE_FORM(name, op, js_name)                                                        \
    NATIVE(name##_promise)                                                                     \
    {                                                                                          \
        (void)this_value;                                                                      \
        return promise_form(loop, op, args, argc, result, js_name);                           \
    }

#define FS_FORMS(name, op, js_name) FORMS(name, op, js_name) PROMISE_FORM(name, op, js_name)

FS_FORMS(fs_stat, JS_POOL_FS_STAT, "fs.stat")
FS_FORMS(fs_access, JS_POOL_FS_ACCESS, "fs.access")
FS_FORMS(fs_read_file, JS_POOL_FS_READ_FILE, "fs.readFile")
FS_FORMS(fs_write_file, JS_POOL_FS_WRITE_FILE, "fs.writeFile")
FS_FORMS(fs_append_file, JS_POOL_FS_APPEND_FILE, "fs.appendFile")
FS_FORMS(fs_unlink, JS_POOL_FS_UNLINK, "fs.unlink")
FS_FORMS(fs_rename, JS_POOL_FS_RENAME, "fs.rename")
FS_FORMS(fs_mkdir, JS_POOL_FS_MKDIR, "fs.mkdir")
FS_FORMS(fs_readdir, JS_POOL_FS_READDIR, "fs.readdir")
FORMS(crypto_pbkdf2, JS_POOL_CRYPTO_PBKDF2, "crypto.pbkdf2")
FORMS(zlib_gzip, JS_POOL_ZLIB_GZIP, "zlib.gzip")
FORMS(zlib_gunzip, JS_POOL_ZLIB_GUNZIP, "zlib.gunzip")
FORMS(zlib_deflate, JS_POOL_ZLIB_DEFLATE, "zlib.deflate")
FORMS(zlib_inflate, JS_POOL_ZLIB_INFLATE, "zlib.inflate")
#undef FS_FORMS
#undef PROMISE_FORM
#undef FORMS

/* crypto.randomBytes(n[, cb]): with a callback on the pool, without one at once. */
NATIVE(crypto_random_bytes)
{
    (void)this_value;
    if (argc > 1 && sim__vm_is_callable(loop, args[argc - 1])) {
        return callback_form(loop, JS_POOL_CRYPTO_RANDOM_BYTES, args, argc, result,
                             "crypto.randomBytes");
    }
    *result = bytes(loop, argc > 0 ? args[0] : vm_undefined());
    return VM_NATIVE_OK;
}

/* Stats' isFile() and isDirectory(). */
static enum vm_native_result stats_is(struct sim_loop *loop, struct vm_value st,
                                      struct vm_value *result, bool dir)
{
    struct vm_prop *p = st.tag == VM_OBJECT ? sim__vm_own(loop, st.ref,
                                                         sim__vm_cstring(loop, "\x01dir"))
                                            : NULL;
    *result = vm_bool(p != NULL && (p->value.ref != 0) == dir);
    return VM_NATIVE_OK;
}

NATIVE(stats_is_file)
{
    (void)args;
    (void)argc;
    return stats_is(loop, this_value, result, false);
}

NATIVE(stats_is_directory)
{
    (void)args;
    (void)argc;
    return stats_is(loop, this_value, result, true);
}
