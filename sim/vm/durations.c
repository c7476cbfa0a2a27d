/*
 * durations.c - how long a timed call of a JavaScript program takes, from its own arguments:
 * the defaults of docs/js-durations.md (JS_POOL_MAP holds the linear parts; the shapes of
 * readFile, writeFile, pbkdf2, scrypt and zlib are below), or the `// loopsim: Nms` of its line.
 *
 * A request is `steps` worker-pool jobs of one length each: a chain's jobs (readFile's open,
 * fstat, reads and close; zlib's 16 KiB chunks) each take the chain's total divided by its
 * count, as docs/js-durations.md divides zlib's. A `Sync` call blocks the loop for its total.
 */
#include "natives.h"
#include "vm_internal.h"

#include <math.h>
#include <string.h>

static const struct {
    double ms, kib_ms, sync_ms, sync_kib_ms;
} costs[JS_POOL_COUNT] = {
#define X(e, op, ms, kib, sync_ms, sync_kib) {ms, kib, sync_ms, sync_kib},
    JS_POOL_MAP(X)
#undef X
};

/* No job is shorter than this (docs/js-durations.md: figures below it are noise, not 0). */
#define MIN_JOB_MS 0.0001

#define CHUNK_KIB 512.0  /* readFile's reads, fs.promises' writes (kReadFileBufferLength) */
#define OPEN_CREATE_MS 0.006 /* an open that creates its file, more than one that finds it */
#define ZLIB_OUT_KIB 16.0 /* a zlib job fills one output chunk (Z_DEFAULT_CHUNK) */

/* pbkdf2's digests: the bytes of key one chain of HMACs makes, and one HMAC's cost in ms. */
static const struct {
    const char *name;
    double block;
    double ms;
} digests[] = {
    {"sha1", 20, 0.00016},   {"sha224", 28, 0.00016}, {"sha256", 32, 0.00016},
    {"sha384", 48, 0.00035}, {"sha512", 64, 0.00035},
};

static double number_arg(struct sim_loop *loop, const struct vm_value *args, uint32_t argc,
                         uint32_t i, double dflt)
{
    if (i >= argc || args[i].tag == VM_UNDEFINED) {
        return dflt;
    }
    double v = sim__vm_to_number(loop, args[i]);
    return isfinite(v) && v >= 0 ? v : dflt;
}

/* pbkdf2(password, salt, iterations, keylen, digest, cb) */
static double pbkdf2_ms(struct sim_loop *loop, const struct vm_value *args, uint32_t argc)
{
    double iterations = number_arg(loop, args, argc, 2, 1);
    double keylen = number_arg(loop, args, argc, 3, 0);
    size_t d = 2; /* sha256 when the digest is not one measured */
    if (argc > 4 && args[4].tag == VM_STRING) {
        uint32_t len;
        const char *name = sim__vm_str(loop, args[4], &len);
        for (size_t i = 0; i < sizeof(digests) / sizeof(digests[0]); i++) {
            if (strlen(digests[i].name) == len && strncmp(digests[i].name, name, len) == 0) {
                d = i;
            }
        }
    }
    return costs[JS_POOL_CRYPTO_PBKDF2].ms + iterations * ceil(keylen / digests[d].block) *
                                                 digests[d].ms;
}

/* An option of scrypt's options object, by either of its names. */
static double scrypt_option(struct sim_loop *loop, struct vm_value options, const char *name,
                            const char *alias, double dflt)
{
    if (options.tag != VM_OBJECT) {
        return dflt;
    }
    struct vm_value v = sim__vm_get(loop, options, sim__vm_cstring(loop, name));
    if (v.tag == VM_UNDEFINED) {
        v = sim__vm_get(loop, options, sim__vm_cstring(loop, alias));
    }
    return number_arg(loop, &v, 1, 0, dflt);
}

/* scrypt(password, salt, keylen[, options], cb): 0.2 ms per N·r·p/1024 while 128·N·r ≤ 16 MiB. */
static double scrypt_ms(struct sim_loop *loop, const struct vm_value *args, uint32_t argc)
{
    struct vm_value options = argc > 3 ? args[3] : vm_undefined();
    double n = scrypt_option(loop, options, "N", "cost", 16384);
    double r = scrypt_option(loop, options, "r", "blockSize", 8);
    double p = scrypt_option(loop, options, "p", "parallelization", 1);
    double per_unit = 128 * n * r <= 16.0 * 1024 * 1024 ? 0.2 : 0.27;
    return per_unit * n * r * p / 1024;
}

/* zlib: ⌊out/16 KiB⌋ + 2 jobs; the compressed output of text is about a third of it. */
static uint32_t zlib_jobs(enum js_pool k, double kib)
{
    bool compress = k == JS_POOL_ZLIB_GZIP || k == JS_POOL_ZLIB_DEFLATE ||
                    k == JS_POOL_ZLIB_BROTLI_COMPRESS;
    double out = compress ? kib / 3 : kib;
    return (uint32_t)fmin(floor(out / ZLIB_OUT_KIB) + 2, 1e6);
}

/* readFile's cost per KiB: mostly the result buffer's fresh pages, from 128 KiB. */
static double read_file_kib_ms(double kib)
{
    return kib >= 128 ? 0.00045 : 0.0001;
}

/* No job is longer than this either: an annotation's bound (about 11.6 days), which a call's
   arguments (pbkdf2 of 1e65 iterations) may not pass. */
#define MAX_JOB_MS 1e9

static uint64_t ns_of(double ms)
{
    return (uint64_t)(fmin(fmax(ms, MIN_JOB_MS), MAX_JOB_MS) * 1e6 + 0.5);
}

struct vm_job_time sim__vm_duration(struct sim_loop *loop, enum js_pool k, enum vm_form form,
                                    const struct vm_value *args, uint32_t argc, double kib,
                                    double old_kib)
{
    bool sync = form == VM_FORM_SYNC;
    double fixed = sync ? costs[k].sync_ms : costs[k].ms;
    double per = sync ? costs[k].sync_kib_ms : costs[k].kib_ms;
    double total = fixed + per * kib;
    uint32_t steps = 1;
    switch (k) {
    case JS_POOL_FS_READ_FILE:
        if (sync) {
            total = fixed + read_file_kib_ms(kib) * kib;
        } else {
            /* open, fstat, a read per 512 KiB (at least one), close */
            double reads = fmax(ceil(kib / CHUNK_KIB), 1);
            total = costs[JS_POOL_FS_OPEN].ms + costs[JS_POOL_FS_STAT].ms +
                    costs[JS_POOL_FS_READ].ms * reads + read_file_kib_ms(kib) * kib +
                    costs[JS_POOL_FS_CLOSE].ms;
            steps = (uint32_t)fmin(3 + reads, 1e6);
        }
        break;
    case JS_POOL_FS_WRITE_FILE:
    case JS_POOL_FS_APPEND_FILE:
        if (k == JS_POOL_FS_WRITE_FILE && old_kib >= 0) {
            /* over an existing file: ext4 frees its blocks at the open, starts writeback at
               the close */
            total += 0.07 + 0.0003 * old_kib + 0.02 + 0.000025 * kib;
        }
        /* fs.promises writes in chunks of 512 KiB; the callback form in one write */
        steps = sync ? 1
                     : 2 + (uint32_t)(form == VM_FORM_PROMISE
                                          ? fmin(fmax(ceil(kib / CHUNK_KIB), 1), 1e6)
                                          : 1);
        break;
    case JS_POOL_FS_OPEN:
        if (old_kib < 0) {
            total += OPEN_CREATE_MS; /* it creates the file */
        }
        break;
    case JS_POOL_CRYPTO_PBKDF2:
        total = pbkdf2_ms(loop, args, argc);
        break;
    case JS_POOL_CRYPTO_SCRYPT:
        total = scrypt_ms(loop, args, argc);
        break;
    case JS_POOL_ZLIB_GZIP:
    case JS_POOL_ZLIB_DEFLATE:
        /* cheaper per KiB within deflate's 32 KiB window: the row's 0.01, then 0.021 */
        total = fixed + per * fmin(kib, 32) + 0.021 * fmax(kib - 32, 0);
        steps = sync ? 1 : zlib_jobs(k, kib);
        break;
    case JS_POOL_ZLIB_GUNZIP:
    case JS_POOL_ZLIB_INFLATE:
    case JS_POOL_ZLIB_BROTLI_COMPRESS:
        steps = sync ? 1 : zlib_jobs(k, kib);
        break;
    default:
        break;
    }
    return (struct vm_job_time){.job_ns = ns_of(total / steps), .steps = steps};
}
