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
 * finds is decided when it is made. A file's data is a string of its bytes; a read copies them
 * into a Buffer (buffer.c), a write copies a Buffer's bytes (or a string's UTF-8) into it.
 * What crypto makes is deterministic, zeros, and zlib's results are the data's own bytes: only
 * their lengths and order compare with node's.
 */
#include "natives.h"
#include "vm_internal.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* The file system: an object from path to [is a directory, its bytes (a string)]. */
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

/* The errors a call of the virtual file system can fail with, as libuv names them. */
static const struct {
    const char *code;
    int errno_value;
    const char *what;
} fs_errors[] = {
    {"ENOENT", -2, "no such file or directory"},
    {"EEXIST", -17, "file already exists"},
    {"ENOTDIR", -20, "not a directory"},
    {"EBADF", -9, "bad file descriptor"},
};

/*
 * Node's error of a failed call: "ENOENT: no such file or directory, stat 'x'" and its fields;
 * with no path (a call on an fd), "EBADF: bad file descriptor, close".
 */
static struct vm_value fs_error(struct sim_loop *loop, const char *code, const char *syscall,
                                struct vm_value path)
{
    size_t k = 0;
    while (k + 1 < sizeof(fs_errors) / sizeof(fs_errors[0]) && strcmp(fs_errors[k].code, code)) {
        k++;
    }
    char msg[300];
    struct vm_value p = vm_undefined();
    if (path.tag != VM_UNDEFINED) {
        p = sim__vm_to_string(loop, path);
        uint32_t len;
        const char *s = sim__vm_str(loop, p, &len);
        snprintf(msg, sizeof(msg), "%s: %s, %s '%.*s'", code, fs_errors[k].what, syscall,
                 (int)(len > 200 ? 200 : len), s);
    } else {
        snprintf(msg, sizeof(msg), "%s: %s, %s", code, fs_errors[k].what, syscall);
    }
    struct vm_value e = sim__vm_error_new(loop, VM_ERROR, sim__vm_cstring(loop, msg));
    if (!loop->error) {
        sim__vm_put_c(loop, e.ref, "errno", vm_number(fs_errors[k].errno_value));
        sim__vm_put_c(loop, e.ref, "code", sim__vm_cstring(loop, code));
        sim__vm_put_c(loop, e.ref, "syscall", sim__vm_cstring(loop, syscall));
        if (p.tag != VM_UNDEFINED) {
            sim__vm_put_c(loop, e.ref, "path", p);
        }
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

/* What a stat finds, as a number until the program is given its Stats: the file's size, or
   -1 for a directory (a million pending stats hold no object each). */
static struct vm_value stat_code(struct sim_loop *loop, const struct vm_value *entry)
{
    uint32_t len = 0;
    if (entry[0].ref == 0) {
        sim__vm_str(loop, entry[1], &len);
    }
    return vm_number(entry[0].ref != 0 ? -1.0 : (double)len);
}

struct vm_value sim__vm_stats_new(struct sim_loop *loop, struct vm_value code)
{
    bool dir = code.num < 0;
    double len = dir ? 0 : code.num;
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
    struct vm_value extra;   /* a third result (read's buffer, write's data), or undefined */
    double kib;              /* the call's data, which its duration grows with (durations.c) */
    double old_kib;          /* a write over an existing file: its old size; else -1 */
    bool stats;              /* value is a stat's code: sim__vm_stats_new makes its Stats */
};

/* The outcome's value as the program sees it. */
static struct vm_value outcome_value(struct sim_loop *loop, const struct outcome *o)
{
    return o->stats ? sim__vm_stats_new(loop, o->value) : o->value;
}

static double kib_of(struct sim_loop *loop, struct vm_value data)
{
    uint32_t len = 0;
    if (data.tag == VM_STRING) {
        sim__vm_str(loop, data, &len);
    } else {
        len = sim__vm_buffer_length(loop, data);
    }
    return len / 1024.0;
}

/* The encoding readFile's options name: the options (a string), their `encoding`, or none. */
static struct vm_value encoding_option(struct sim_loop *loop, struct vm_value options)
{
    if (options.tag == VM_OBJECT && !sim__vm_is_callable(loop, options)) {
        return sim__vm_get(loop, options, sim__vm_cstring(loop, "encoding"));
    }
    return options.tag == VM_STRING ? options : vm_undefined();
}

/* readFile's result: with an encoding, the file's text in it; else a Buffer of its bytes. */
static struct vm_value file_data(struct sim_loop *loop, struct vm_value bytes,
                                 struct vm_value options)
{
    struct vm_value enc = encoding_option(loop, options);
    if (enc.tag != VM_STRING) {
        uint32_t len;
        const char *s = sim__vm_str(loop, bytes, &len);
        return sim__vm_buffer_new(loop, s, len);
    }
    struct vm_value text = vm_undefined();
    sim__vm_decode(loop, bytes, enc, &text); /* the call checked the encoding (bad_options) */
    return text;
}

/*
 * Is what the call is given refused before it is made? readFile's encoding must be one Node
 * knows (lib/internal/fs/utils.js assertEncoding): else true, with Node's TypeError thrown.
 */
static bool bad_options(struct sim_loop *loop, enum js_pool op, const struct vm_value *args,
                        uint32_t argc)
{
    if (op != JS_POOL_FS_READ_FILE) {
        return false;
    }
    struct vm_value enc = encoding_option(loop, sim__vm_arg(args, argc, 1));
    struct vm_value ignored;
    if (enc.tag != VM_STRING || sim__vm_decode(loop, sim__vm_cstring(loop, ""), enc, &ignored)) {
        return false;
    }
    uint32_t len;
    const char *name = sim__vm_str(loop, enc, &len);
    loop->vm.throwing = false;
    struct vm_value e = sim__vm_error_new(loop, VM_TYPE_ERROR, vm_undefined());
    char msg[160];
    snprintf(msg, sizeof(msg), "The argument 'encoding' is invalid encoding. Received '%.*s'",
             (int)(len > 60 ? 60 : len), name);
    if (!loop->error) {
        sim__vm_put_hidden(loop, e.ref, "message", sim__vm_cstring(loop, msg));
        sim__vm_put_c(loop, e.ref, "code", sim__vm_cstring(loop, "ERR_INVALID_ARG_VALUE"));
    }
    sim__vm_throw(loop, e);
    return true;
}

static struct outcome do_fs(struct sim_loop *loop, enum js_pool op, const struct vm_value *args,
                            uint32_t argc)
{
    struct vm_value path = argc > 0 ? args[0] : vm_undefined();
    struct vm_prop *f = find_file(loop, path);
    struct outcome o = {vm_null(), vm_undefined(), vm_undefined(), 0, -1, false};
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
        o.value = stat_code(loop, entry);
        o.stats = true;
        break;
    case JS_POOL_FS_READ_FILE:
        o.value = file_data(loop, entry[1], sim__vm_arg(args, argc, 1));
        o.kib = kib_of(loop, entry[1]);
        break;
    case JS_POOL_FS_WRITE_FILE:
    case JS_POOL_FS_APPEND_FILE:
    case JS_POOL_FS_MKDIR: {
        struct vm_value data = op == JS_POOL_FS_MKDIR ? sim__vm_cstring(loop, "")
                               : argc > 1             ? sim__vm_bytes_of(loop, args[1])
                                                      : sim__vm_cstring(loop, "undefined");
        o.kib = kib_of(loop, data);
        if (op == JS_POOL_FS_WRITE_FILE && f != NULL) {
            o.old_kib = kib_of(loop, entry[1]);
        }
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
        o.kib = sim__vm_obj(loop, o.value.ref)->elem_count; /* per entry, not per KiB */
        break;
    default:
        break;
    }
    return o;
}

/* A Buffer of `n` zeros: crypto's random bytes and derived keys, deterministic here. */
static struct vm_value zeros(struct sim_loop *loop, struct vm_value n)
{
    double len = sim__vm_to_number(loop, n);
    return sim__vm_buffer_new(loop, NULL, len > 0 && len < VM_MAX_STRING ? (uint32_t)len : 0);
}

/* randomFill(buf[, offset[, size]]): bytes [offset, offset + size) of buf become zeros. */
static void fill_zeros(struct sim_loop *loop, const struct vm_value *args, uint32_t argc)
{
    struct vm_value buf = sim__vm_arg(args, argc, 0);
    uint32_t len = sim__vm_buffer_length(loop, buf);
    struct vm_value off = sim__vm_arg(args, argc, 1);
    struct vm_value size = sim__vm_arg(args, argc, 2);
    double from = off.tag == VM_NUMBER ? fmin(fmax(off.num, 0), len) : 0;
    double n = size.tag == VM_NUMBER ? fmin(fmax(size.num, 0), len - from) : len - from;
    if (len > 0 && n > 0) {
        memset(sim__vm_buffer_bytes(loop, buf.ref, &len) + (uint32_t)from, 0, (uint32_t)n);
    }
}

static struct outcome do_other(struct sim_loop *loop, enum js_pool op,
                               const struct vm_value *args, uint32_t argc)
{
    struct outcome o = {vm_null(), vm_undefined(), vm_undefined(), 0, -1, false};
    struct vm_value first = argc > 0 ? args[0] : vm_undefined();
    switch (op) {
    case JS_POOL_CRYPTO_RANDOM_BYTES:
        o.value = zeros(loop, first);
        o.kib = kib_of(loop, o.value);
        break;
    case JS_POOL_CRYPTO_RANDOM_FILL:
        fill_zeros(loop, args, argc);
        o.value = first;
        o.kib = kib_of(loop, first);
        break;
    case JS_POOL_CRYPTO_PBKDF2:
        o.value = zeros(loop, argc > 3 ? args[3] : vm_undefined());
        break;
    case JS_POOL_CRYPTO_SCRYPT:
        o.value = zeros(loop, argc > 2 ? args[2] : vm_undefined());
        break;
    default: { /* zlib: a Buffer of the data's own bytes (so a round trip gives them back) */
        struct vm_value data = sim__vm_bytes_of(loop, argc > 0 ? first
                                                               : sim__vm_cstring(loop, ""));
        uint32_t len = 0;
        const char *s = data.tag == VM_STRING ? sim__vm_str(loop, data, &len) : "";
        o.value = sim__vm_buffer_new(loop, s, len);
        o.kib = len / 1024.0;
        break;
    }
    }
    return o;
}

/* ---- Calls on file descriptors ---------------------------------------------------------- */

/* The first fd node v20 hands a program on Linux (libuv's and Node's own come before it). */
#define FIRST_FD 18

/* The open fds: an object from fd to [path, position, readable, writable, appending]. */
enum { FD_PATH, FD_POSITION, FD_READABLE, FD_WRITABLE, FD_APPEND, FD_FIELDS };

static uint32_t fds(struct sim_loop *loop)
{
    if (loop->vm.fds == 0) {
        loop->vm.fds = sim__vm_object_new(loop, VM_OBJ_PLAIN, VM_NONE);
    }
    return loop->vm.fds;
}

/* The open file of `fd`, or NULL. */
static struct vm_value *fd_entry(struct sim_loop *loop, struct vm_value fd)
{
    if (fd.tag != VM_NUMBER) {
        return NULL;
    }
    struct vm_prop *p = sim__vm_own(loop, fds(loop), sim__vm_to_string(loop, fd));
    return p != NULL ? sim__vm_elems(loop, p->value.ref) : NULL;
}

/* open(path, flags): 'r' and 'r+' need the file; 'w' truncates it; 'x' refuses one there. */
static struct outcome fd_open(struct sim_loop *loop, const struct vm_value *args, uint32_t argc)
{
    struct outcome o = {vm_null(), vm_undefined(), vm_undefined(), 0, 0, false};
    struct vm_value path = sim__vm_arg(args, argc, 0);
    struct vm_value flags = argc > 1 && args[1].tag == VM_STRING ? args[1]
                                                                 : sim__vm_cstring(loop, "r");
    uint32_t len;
    const char *f = sim__vm_str(loop, flags, &len);
    bool reads = memchr(f, 'r', len) != NULL || memchr(f, '+', len) != NULL;
    bool writes = f[0] != 'r' || memchr(f, '+', len) != NULL;
    struct vm_prop *file = find_file(loop, path);
    if (file == NULL && f[0] == 'r') {
        o.err = fs_error(loop, "ENOENT", "open", path);
        return o;
    }
    if (file != NULL && memchr(f, 'x', len) != NULL) {
        o.err = fs_error(loop, "EEXIST", "open", path);
        return o;
    }
    if (file == NULL || f[0] == 'w') {
        uint32_t e = sim__vm_array_new(loop);
        sim__vm_array_push(loop, e, vm_bool(false));
        sim__vm_array_push(loop, e, sim__vm_cstring(loop, ""));
        o.old_kib = file == NULL ? -1 : 0; /* durations.c: an open that creates the file */
        sim__vm_put(loop, files(loop), sim__vm_to_string(loop, path), vm_object(e));
    }
    uint32_t fd = FIRST_FD;
    while (fd_entry(loop, vm_number(fd)) != NULL && !loop->error) {
        fd++; /* the lowest free one, as open(2) gives */
    }
    uint32_t e = sim__vm_array_new(loop);
    struct vm_value fields[FD_FIELDS] = {sim__vm_to_string(loop, path), vm_number(0),
                                         vm_bool(reads), vm_bool(writes),
                                         vm_bool(f[0] == 'a')};
    for (int i = 0; i < FD_FIELDS; i++) {
        sim__vm_array_push(loop, e, fields[i]);
    }
    sim__vm_put(loop, fds(loop), sim__vm_to_string(loop, vm_number(fd)), vm_object(e));
    o.value = vm_number(fd);
    return o;
}

/* The text of an fd's file. */
static struct vm_value *fd_text(struct sim_loop *loop, const struct vm_value *entry)
{
    struct vm_prop *file = find_file(loop, entry[FD_PATH]);
    return file != NULL ? &sim__vm_elems(loop, file->value.ref)[1] : NULL;
}

/* An offset or length argument of a read or write into a buffer of `cap` bytes: in [0, max],
   `dflt` when it is not a number. (Node throws ERR_OUT_OF_RANGE where this cuts it.) */
static uint32_t bounded(struct vm_value v, double max, double dflt)
{
    double d = v.tag == VM_NUMBER && !isnan(v.num) ? v.num : dflt;
    return (uint32_t)fmin(fmax(d, 0), fmax(max, 0));
}

/*
 * read(fd, buffer, offset, length, position), read(fd, {buffer, offset, length, position}, cb)
 * or read(fd, cb) (a buffer of 16384 bytes): the file's bytes from `position` (null or -1: the
 * fd's own, which moves on), as many as `length` or as are left, copied into the buffer at
 * `offset` now; the callback gets (err, bytesRead, buffer).
 */
static struct outcome fd_read(struct sim_loop *loop, const struct vm_value *args, uint32_t argc)
{
    struct outcome o = {vm_null(), vm_number(0), vm_undefined(), 0, -1, false};
    struct vm_value *entry = fd_entry(loop, sim__vm_arg(args, argc, 0));
    struct vm_value *text = entry != NULL ? fd_text(loop, entry) : NULL;
    if (text == NULL || !entry[FD_READABLE].ref) {
        o.err = fs_error(loop, "EBADF", "read", vm_undefined());
        return o;
    }
    struct vm_value buf = sim__vm_arg(args, argc, 1);
    struct vm_value parts[3] = {sim__vm_arg(args, argc, 2), sim__vm_arg(args, argc, 3),
                                sim__vm_arg(args, argc, 4)}; /* offset, length, position */
    if (vm_is_object(buf, loop, VM_OBJ_PLAIN)) {
        static const char *const names[] = {"offset", "length", "position"};
        for (int i = 0; i < 3; i++) {
            parts[i] = sim__vm_get(loop, buf, sim__vm_cstring(loop, names[i]));
        }
        buf = sim__vm_get(loop, buf, sim__vm_cstring(loop, "buffer"));
    }
    if (!vm_is_object(buf, loop, VM_OBJ_BUFFER)) {
        buf = sim__vm_buffer_new(loop, NULL, 16384);
    }
    uint32_t cap = sim__vm_buffer_length(loop, buf);
    uint32_t offset = bounded(parts[0], cap, 0);
    uint32_t length = bounded(parts[1], cap - offset, cap - offset);
    bool own_position = parts[2].tag != VM_NUMBER || parts[2].num < 0;
    double pos = own_position ? entry[FD_POSITION].num : parts[2].num;
    uint32_t size;
    const char *file = sim__vm_str(loop, *text, &size);
    uint32_t n = pos < size ? (uint32_t)fmin(length, size - pos) : 0;
    if (n > 0 && !loop->error) {
        memcpy(sim__vm_buffer_bytes(loop, buf.ref, &cap) + offset, file + (uint32_t)pos, n);
    }
    if (own_position) {
        entry[FD_POSITION] = vm_number(pos + n);
    }
    o.value = vm_number(n);
    o.extra = buf;
    o.kib = n / 1024.0;
    return o;
}

/*
 * The bytes a write writes: a buffer's [offset, offset + length) (by default all of it), or a
 * string's UTF-8; *at is the position argument (after the string, or after offset and length).
 */
static struct vm_value written(struct sim_loop *loop, const struct vm_value *args,
                               uint32_t argc, struct vm_value *at)
{
    struct vm_value data = sim__vm_arg(args, argc, 1);
    if (!vm_is_object(data, loop, VM_OBJ_BUFFER)) {
        *at = sim__vm_arg(args, argc, 2);
        return data.tag == VM_STRING ? data : sim__vm_to_string(loop, data);
    }
    *at = sim__vm_arg(args, argc, 4);
    uint32_t cap = sim__vm_buffer_length(loop, data);
    uint32_t offset = bounded(sim__vm_arg(args, argc, 2), cap, 0);
    uint32_t length = bounded(sim__vm_arg(args, argc, 3), cap - offset, cap - offset);
    const unsigned char *bytes = sim__vm_buffer_bytes(loop, data.ref, &cap);
    return sim__vm_string(loop, (const char *)bytes + offset, length);
}

/* write(fd, string[, position]) or write(fd, buffer[, offset[, length[, position]]]): the
   bytes go into the file now; the callback gets (err, bytesWritten, the string or buffer). */
static struct outcome fd_write(struct sim_loop *loop, const struct vm_value *args, uint32_t argc)
{
    struct outcome o = {vm_null(), vm_number(0), sim__vm_arg(args, argc, 1), 0, -1, false};
    struct vm_value *entry = fd_entry(loop, sim__vm_arg(args, argc, 0));
    struct vm_value *text = entry != NULL ? fd_text(loop, entry) : NULL;
    if (text == NULL || !entry[FD_WRITABLE].ref) {
        o.err = fs_error(loop, "EBADF", "write", vm_undefined());
        return o;
    }
    struct vm_value at;
    struct vm_value data = written(loop, args, argc, &at);
    uint32_t size, n;
    const char *old = sim__vm_str(loop, *text, &size);
    sim__vm_str(loop, data, &n);
    bool own_position = at.tag != VM_NUMBER || at.num < 0;
    uint32_t pos = entry[FD_APPEND].ref ? size
                   : own_position       ? (uint32_t)entry[FD_POSITION].num
                                        : (uint32_t)fmin(at.num, UINT32_MAX / 2);
    /* The file: what is before `pos` (padded with zeros), the data, what is after it. */
    struct vm_value before = sim__vm_string(loop, old, pos < size ? pos : size);
    if (pos > size) {
        /* a hole up to `pos`, read back as zeros (one string: a far position is a limit) */
        char *zeros = pos - size <= VM_MAX_STRING ? calloc(pos - size, 1) : NULL;
        if (zeros == NULL) {
            loop->error = pos - size <= VM_MAX_STRING ? SIM_ENOMEM : SIM_ELIMIT;
            return o;
        }
        before = sim__vm_binary(loop, JS_OP_ADD, before,
                                sim__vm_string(loop, zeros, pos - size));
        free(zeros);
    }
    old = sim__vm_str(loop, *text, &size);
    struct vm_value after = pos + n < size ? sim__vm_string(loop, old + pos + n, size - pos - n)
                                           : sim__vm_cstring(loop, "");
    struct vm_value joined = sim__vm_binary(loop, JS_OP_ADD, before, data);
    joined = sim__vm_binary(loop, JS_OP_ADD, joined, after);
    entry = fd_entry(loop, args[0]); /* the strings above may have moved the heap */
    text = fd_text(loop, entry);
    *text = joined;
    if (own_position) {
        entry[FD_POSITION] = vm_number(pos + n);
    }
    o.value = vm_number(n);
    o.kib = n / 1024.0;
    return o;
}

static struct outcome fd_close(struct sim_loop *loop, const struct vm_value *args, uint32_t argc)
{
    struct outcome o = {vm_null(), vm_undefined(), vm_undefined(), 0, -1, false};
    struct vm_value fd = sim__vm_arg(args, argc, 0);
    if (fd_entry(loop, fd) == NULL) {
        o.err = fs_error(loop, "EBADF", "close", vm_undefined());
        return o;
    }
    sim__vm_remove(loop, fds(loop), sim__vm_to_string(loop, fd));
    return o;
}

/* ---- dns -------------------------------------------------------------------------------- */

/* Is `host` an IP address (lookup answers it without asking the system)? */
static int ip_family(const char *s, uint32_t len)
{
    if (memchr(s, ':', len) != NULL) {
        return 6;
    }
    for (uint32_t i = 0; i < len; i++) {
        if ((s[i] < '0' || s[i] > '9') && s[i] != '.') {
            return 0;
        }
    }
    return len > 0 ? 4 : 0;
}

/*
 * The simulated machine's names: /etc/hosts has `localhost` (127.0.0.1), and no DNS server
 * knows any name, as on a machine whose resolver has no records for it: lookup finds
 * localhost, resolve finds nothing (ENOTFOUND).
 */
static struct vm_value dns_error(struct sim_loop *loop, const char *syscall, struct vm_value host,
                                 bool with_errno)
{
    uint32_t len;
    const char *h = sim__vm_str(loop, host, &len);
    char msg[300];
    snprintf(msg, sizeof(msg), "%s ENOTFOUND %.*s", syscall, (int)(len > 200 ? 200 : len), h);
    struct vm_value e = sim__vm_error_new(loop, VM_ERROR, sim__vm_cstring(loop, msg));
    if (!loop->error) {
        sim__vm_put_c(loop, e.ref, "errno", with_errno ? vm_number(-3008) : vm_undefined());
        sim__vm_put_c(loop, e.ref, "code", sim__vm_cstring(loop, "ENOTFOUND"));
        sim__vm_put_c(loop, e.ref, "syscall", sim__vm_cstring(loop, syscall));
        sim__vm_put_c(loop, e.ref, "hostname", host);
    }
    return e;
}

/* lookup(host[, options], cb): (err, address, family), or (err, [{address, family}]). */
static struct outcome dns_lookup(struct sim_loop *loop, const struct vm_value *args,
                                 uint32_t argc)
{
    struct outcome o = {vm_null(), vm_undefined(), vm_undefined(), 0, -1, false};
    struct vm_value host = sim__vm_to_string(loop, sim__vm_arg(args, argc, 0));
    struct vm_value options = sim__vm_arg(args, argc, 1);
    double family = options.tag == VM_NUMBER ? options.num : 0;
    bool all = false;
    if (options.tag == VM_OBJECT) {
        struct vm_value f = sim__vm_get(loop, options, sim__vm_cstring(loop, "family"));
        family = f.tag == VM_NUMBER ? f.num : 0;
        all = sim__vm_truthy(loop, sim__vm_get(loop, options, sim__vm_cstring(loop, "all")));
    }
    uint32_t len;
    const char *h = sim__vm_str(loop, host, &len);
    int ip = ip_family(h, len);
    struct vm_value address = host;
    if (ip == 0) {
        if (len != 9 || memcmp(h, "localhost", 9) != 0 || family == 6) {
            o.err = dns_error(loop, "getaddrinfo", host, true);
            return o;
        }
        address = sim__vm_cstring(loop, "127.0.0.1");
        ip = 4;
    }
    if (all) {
        uint32_t a = sim__vm_array_new(loop);
        uint32_t one = sim__vm_object_new(loop, VM_OBJ_PLAIN, loop->vm.object_proto);
        sim__vm_put_c(loop, one, "address", address);
        sim__vm_put_c(loop, one, "family", vm_number(ip));
        sim__vm_array_push(loop, a, vm_object(one));
        o.value = vm_object(a);
    } else {
        o.value = address;
        o.extra = vm_number(ip);
    }
    return o;
}

/* resolve(host[, rrtype], cb), resolve4(host, cb): c-ares asks the DNS server: ENOTFOUND. */
static struct outcome dns_resolve(struct sim_loop *loop, const struct vm_value *args,
                                  uint32_t argc, const char *rrtype)
{
    struct outcome o = {vm_null(), vm_undefined(), vm_undefined(), 0, -1, false};
    struct vm_value host = sim__vm_to_string(loop, sim__vm_arg(args, argc, 0));
    char type[16] = "A";
    if (rrtype != NULL) {
        snprintf(type, sizeof(type), "%s", rrtype);
    } else if (argc > 1 && args[1].tag == VM_STRING) {
        uint32_t len;
        const char *t = sim__vm_str(loop, args[1], &len);
        snprintf(type, sizeof(type), "%.*s", (int)(len < 15 ? len : 15), t);
    }
    /* Node's syscall: query, then the type with only its first letter upper case (queryAaaa) */
    char syscall[24];
    for (size_t i = 1; type[i] != '\0'; i++) {
        type[i] = (char)(type[i] >= 'A' && type[i] <= 'Z' ? type[i] + 32 : type[i]);
    }
    snprintf(syscall, sizeof(syscall), "query%s", type);
    o.err = dns_error(loop, syscall, host, false);
    return o;
}

static struct outcome outcome_of(struct sim_loop *loop, enum js_pool op,
                                 const struct vm_value *args, uint32_t argc)
{
    switch (op) {
    case JS_POOL_FS_OPEN:
        return fd_open(loop, args, argc);
    case JS_POOL_FS_READ:
        return fd_read(loop, args, argc);
    case JS_POOL_FS_WRITE:
        return fd_write(loop, args, argc);
    case JS_POOL_FS_CLOSE:
        return fd_close(loop, args, argc);
    case JS_POOL_DNS_LOOKUP:
        return dns_lookup(loop, args, argc);
    case JS_POOL_DNS_RESOLVE:
        return dns_resolve(loop, args, argc, NULL);
    default:
        return op <= JS_POOL_FS_READDIR ? do_fs(loop, op, args, argc)
                                        : do_other(loop, op, args, argc);
    }
}

/*
 * The statement of timed op k for the call being made, and how long it takes: its line's
 * `// loopsim: Nms` (the i-th operation the line starts takes the list's (i mod n)-th), else
 * the default of its arguments (durations.c).
 */
static uint32_t timed_stmt(struct sim_loop *loop, enum js_pool k, enum vm_form form,
                           const struct vm_value *args, uint32_t argc, const struct outcome *o,
                           struct vm_job_time *time)
{
    const struct js_code *c = loop->prog->js;
    uint32_t line = sim__vm_call_line(loop);
    *time = sim__vm_duration(loop, k, form, args, argc, o->kib, o->old_kib);
    for (uint32_t i = 0; i < c->line_stmt_count; i++) {
        const struct js_line_stmts *ls = &c->line_stmts[i];
        if (ls->line == line) {
            uint64_t started = 0;
            for (uint32_t j = 0; j < JS_POOL_COUNT; j++) {
                started += loop->stmt_runs[ls->first + j];
            }
            double ms = c->line_ms[ls->ms_first + started % ls->ms_count];
            time->job_ns = (uint64_t)(ms * 1e6 + 0.5);
            return ls->first + k;
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
static enum vm_native_result request_of(struct sim_loop *loop, enum js_pool op,
                                        enum vm_form form, const struct vm_value *args,
                                        uint32_t argc, struct vm_value cb, const char *name,
                                        struct outcome o)
{
    struct vm_value results[3] = {o.err, o.value, o.extra};
    uint32_t n = o.extra.tag != VM_UNDEFINED ? 3
                 : o.err.tag == VM_NULL && o.value.tag == VM_UNDEFINED &&
                         op != JS_POOL_FS_STAT && op != JS_POOL_FS_READ_FILE
                     ? 1
                     : 2;
    uint32_t rec = sim__vm_call_record(loop, name, cb, results, n);
    if (o.stats && !loop->error) {
        sim__vm_obj(loop, rec)->flags |= VM_RECORD_STATS; /* its Stats is made when called */
    }
    struct vm_job_time time;
    uint32_t stmt = sim__vm_stmt_call(loop, timed_stmt(loop, op, form, args, argc, &o, &time),
                                      rec);
    loop->vm.next_time = time;
    if (sim_op_table[loop->prog->stmts[stmt].op].family == SIM_FAMILY_IO) {
        sim__io_start(loop, stmt, SIM_NONE, SIM_NONE); /* dns.resolve: c-ares, no worker */
    } else {
        pool_size_from_env(loop);
        sim__request_start(loop, stmt, SIM_NONE, SIM_NONE);
    }
    loop->vm.next_time.steps = 0;
    return VM_NATIVE_EVENT;
}

/* The continuation of a callback a native calls at once: the native returns undefined. */
enum vm_native_result sim__vm_discard_cont(struct sim_loop *loop, uint32_t state,
                                           struct vm_value called, bool threw,
                                           struct vm_value *result)
{
    (void)loop;
    (void)state;
    (void)called;
    (void)threw;
    *result = vm_undefined();
    return VM_NATIVE_OK;
}

/*
 * randomBytes(0, cb) and a randomFill of 0 bytes send no request: Node calls the callback at
 * once, inside the call (lib/internal/crypto/random.js: `if (size === 0) { callback(null,
 * buf); return; }`).
 */
static bool fills_nothing(struct sim_loop *loop, enum js_pool op, const struct vm_value *args,
                          uint32_t argc)
{
    if (op == JS_POOL_CRYPTO_RANDOM_BYTES) {
        return argc > 0 && sim__vm_to_number(loop, args[0]) == 0;
    }
    if (op != JS_POOL_CRYPTO_RANDOM_FILL || argc == 0 || args[0].tag != VM_OBJECT) {
        return false;
    }
    double len = sim__vm_buffer_length(loop, args[0]);
    double offset = argc > 1 ? sim__vm_to_number(loop, args[1]) : 0;
    double size = argc > 2 ? sim__vm_to_number(loop, args[2]) : len - offset;
    return size == 0;
}

static enum vm_native_result request(struct sim_loop *loop, enum js_pool op,
                                     enum vm_form form, const struct vm_value *args,
                                     uint32_t argc, struct vm_value cb, const char *name)
{
    if (!sim__vm_need_callback(loop, cb)) {
        return VM_NATIVE_THREW;
    }
    return request_of(loop, op, form, args, argc, cb, name, outcome_of(loop, op, args, argc));
}

/* The callback is the last argument that is a function. */
static enum vm_native_result callback_form(struct sim_loop *loop, enum js_pool op,
                                           const struct vm_value *args, uint32_t argc,
                                           struct vm_value *result, const char *name)
{
    *result = vm_undefined();
    if (bad_options(loop, op, args, argc)) {
        return VM_NATIVE_THREW;
    }
    uint32_t n = argc;
    while (n > 0 && !sim__vm_is_callable(loop, args[n - 1])) {
        n--;
    }
    if (n == 0) {
        sim__vm_throw_error(loop, VM_TYPE_ERROR,
                            "The \"cb\" argument must be of type function. Received undefined");
        return VM_NATIVE_THREW;
    }
    if (fills_nothing(loop, op, args, n - 1)) {
        struct outcome o = outcome_of(loop, op, args, n - 1);
        struct vm_value results[2] = {vm_null(), o.value};
        return sim__vm_call_out(loop, args[n - 1], vm_undefined(), results, 2, VM_CONT_DISCARD,
                                sim__vm_array_new(loop), false);
    }
    return request(loop, op, VM_FORM_CALLBACK, args, n - 1, args[n - 1], name);
}

/* The promise form: the same request, whose callback settles the promise. */
static enum vm_native_result promise_form(struct sim_loop *loop, enum js_pool op,
                                          const struct vm_value *args, uint32_t argc,
                                          struct vm_value *result, const char *name)
{
    uint32_t p = sim__vm_promise_new(loop);
    uint32_t rf = sim__vm_resolver_new(loop, p);
    *result = vm_object(p);
    struct vm_value cb = sim__vm_bound(loop, VM_NATIVE_PROMISIFY_CB, vm_object(rf));
    if (bad_options(loop, op, args, argc)) {
        /* fs.promises' functions are async: what they throw rejects their promise */
        loop->vm.throwing = false;
        sim__vm_promise_reject(loop, p, loop->vm.exception);
        return VM_NATIVE_OK;
    }
    return request(loop, op, VM_FORM_PROMISE, args, argc, cb, name);
}

/* ---- fs.promises.open: a FileHandle -------------------------------------------------- */

/* A promise settled by request `op`, whose outcome (already made) `o` is. */
static enum vm_native_result promise_of(struct sim_loop *loop, enum js_pool op,
                                        const struct vm_value *args, uint32_t argc,
                                        struct vm_value *result, const char *name,
                                        struct outcome o)
{
    uint32_t p = sim__vm_promise_new(loop);
    uint32_t rf = sim__vm_resolver_new(loop, p);
    *result = vm_object(p);
    struct vm_value cb = sim__vm_bound(loop, VM_NATIVE_PROMISIFY_CB, vm_object(rf));
    return request_of(loop, op, VM_FORM_PROMISE, args, argc, cb, name, o);
}

/* The fd call `op` on FileHandle `fh`: the same request as fs's with fh.fd first. */
static struct outcome handle_call(struct sim_loop *loop, enum js_pool op, struct vm_value fh,
                                  const struct vm_value *args, uint32_t *argc,
                                  struct vm_value *with_fd)
{
    uint32_t n = *argc < 7 ? *argc : 7;
    with_fd[0] = fh.tag == VM_OBJECT ? sim__vm_get(loop, fh, sim__vm_cstring(loop, "fd"))
                                     : vm_undefined();
    memcpy(with_fd + 1, args, n * sizeof(args[0]));
    *argc = n + 1;
    return outcome_of(loop, op, with_fd, *argc);
}

/* {bytesRead, buffer} or {bytesWritten, buffer}: what a FileHandle's read or write gives. */
static void result_object(struct sim_loop *loop, struct outcome *o, const char *count)
{
    if (o->err.tag != VM_NULL) {
        return;
    }
    uint32_t r = sim__vm_object_new(loop, VM_OBJ_PLAIN, loop->vm.object_proto);
    sim__vm_put_c(loop, r, count, o->value);
    sim__vm_put_c(loop, r, "buffer", o->extra);
    o->value = vm_object(r);
    o->extra = vm_undefined();
}

NATIVE(fsp_open)
{
    (void)this_value;
    struct outcome o = fd_open(loop, args, argc);
    if (o.err.tag == VM_NULL) {
        uint32_t fh = sim__vm_object_new(loop, VM_OBJ_PLAIN, loop->vm.filehandle_proto);
        sim__vm_put_c(loop, fh, "fd", o.value);
        o.value = vm_object(fh);
    }
    return promise_of(loop, JS_POOL_FS_OPEN, args, argc, result, "fs.promises.open", o);
}

NATIVE(filehandle_read)
{
    struct vm_value with_fd[8];
    struct outcome o = handle_call(loop, JS_POOL_FS_READ, this_value, args, &argc, with_fd);
    result_object(loop, &o, "bytesRead");
    return promise_of(loop, JS_POOL_FS_READ, with_fd, argc, result, "filehandle.read", o);
}

NATIVE(filehandle_write)
{
    struct vm_value with_fd[8];
    struct outcome o = handle_call(loop, JS_POOL_FS_WRITE, this_value, args, &argc, with_fd);
    result_object(loop, &o, "bytesWritten");
    return promise_of(loop, JS_POOL_FS_WRITE, with_fd, argc, result, "filehandle.write", o);
}

NATIVE(filehandle_close)
{
    struct vm_value with_fd[8];
    argc = 0;
    struct outcome o = handle_call(loop, JS_POOL_FS_CLOSE, this_value, args, &argc, with_fd);
    return promise_of(loop, JS_POOL_FS_CLOSE, with_fd, argc, result, "filehandle.close", o);
}

/* The Sync form: what the call finds, at once, the loop blocked for the job's duration. */
static enum vm_native_result sync_form(struct sim_loop *loop, enum js_pool op,
                                       const struct vm_value *args, uint32_t argc,
                                       struct vm_value *result, const char *name)
{
    if (bad_options(loop, op, args, argc)) {
        return VM_NATIVE_THREW;
    }
    struct outcome o = outcome_of(loop, op, args, argc);
    struct vm_job_time time;
    uint32_t stmt = timed_stmt(loop, op, VM_FORM_SYNC, args, argc, &o, &time);
    loop->stmt_runs[stmt]++;
    struct pending_event *pe = sim__emit(loop, SIM_EVENT_BLOCK, SIM_REASON_NONE, SIM_NONE);
    pe->ev.duration_ns = time.job_ns;
    char text[64];
    snprintf(text, sizeof(text), "%s blocks the loop", name);
    sim__emit_text(loop, pe, text);
    uint64_t from = sim__vm_clock_read(loop);
    if (sim_op_table[loop->prog->stmts[stmt].op].cpu) {
        sim__clock_compute(loop, from, time.job_ns); /* crypto, zlib: shares the cores */
    } else {
        sim__clock_advance(loop, from + time.job_ns);
    }
    if (o.err.tag != VM_NULL) {
        sim__vm_throw(loop, o.err);
        return VM_NATIVE_THREW;
    }
    *result = outcome_value(loop, &o);
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
FORMS(fs_open, JS_POOL_FS_OPEN, "fs.open")
FORMS(fs_read, JS_POOL_FS_READ, "fs.read")
FORMS(fs_write, JS_POOL_FS_WRITE, "fs.write")
FORMS(fs_close, JS_POOL_FS_CLOSE, "fs.close")
FORMS(crypto_pbkdf2, JS_POOL_CRYPTO_PBKDF2, "crypto.pbkdf2")
FORMS(crypto_scrypt, JS_POOL_CRYPTO_SCRYPT, "crypto.scrypt")
FORMS(crypto_random_fill, JS_POOL_CRYPTO_RANDOM_FILL, "crypto.randomFill")
FORMS(zlib_brotli_compress, JS_POOL_ZLIB_BROTLI_COMPRESS, "zlib.brotliCompress")
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
    return sync_form(loop, JS_POOL_CRYPTO_RANDOM_BYTES, args, argc, result, "crypto.randomBytes");
}

/* dns.lookup(host[, options], cb): an IP address is answered in a nextTick, a name on the pool
   (lib/dns.js: `if (matchedFamily) process.nextTick(callback, null, hostname, family)`). */
NATIVE(dns_lookup)
{
    (void)this_value;
    uint32_t len;
    struct vm_value host = argc > 0 ? sim__vm_to_string(loop, args[0]) : vm_undefined();
    const char *h = host.tag == VM_STRING ? sim__vm_str(loop, host, &len) : "";
    if (host.tag != VM_STRING || ip_family(h, len) == 0) {
        return callback_form(loop, JS_POOL_DNS_LOOKUP, args, argc, result, "dns.lookup");
    }
    struct vm_value cb = argc > 0 ? args[argc - 1] : vm_undefined();
    if (!sim__vm_need_callback(loop, cb)) {
        return VM_NATIVE_THREW;
    }
    struct outcome o = dns_lookup(loop, args, argc - 1);
    struct vm_value results[3] = {o.err, o.value, o.extra};
    uint32_t rec = sim__vm_call_record(loop, "dns.lookup", cb, results,
                                       o.extra.tag != VM_UNDEFINED ? 3 : 2);
    uint32_t stmt = sim__vm_stmt_call(loop, loop->prog->js->api_stmts[JS_API_NEXT_TICK], rec);
    sim__tick_queue(loop, stmt, loop->prog->main_body, SIM_NONE, SIM_NONE, SIM_REASON_TICK);
    *result = vm_undefined();
    return VM_NATIVE_EVENT;
}

NATIVE(dns_resolve)
{
    (void)this_value;
    return callback_form(loop, JS_POOL_DNS_RESOLVE, args, argc, result, "dns.resolve");
}

/* dns.resolve4(host, cb): resolve with rrtype 'A'. */
NATIVE(dns_resolve4)
{
    (void)this_value;
    struct vm_value two[2] = {sim__vm_arg(args, argc, 0), sim__vm_cstring(loop, "A")};
    if (argc < 2) {
        return callback_form(loop, JS_POOL_DNS_RESOLVE, args, argc, result, "dns.resolve4");
    }
    struct vm_value with_type[3] = {two[0], two[1], args[argc - 1]};
    return callback_form(loop, JS_POOL_DNS_RESOLVE, with_type, 3, result, "dns.resolve4");
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
