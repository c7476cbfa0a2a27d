/*
 * buffer.c - Node's Buffer: an object of kind VM_OBJ_BUFFER whose bytes are a runtime string
 * of its own, held in its internal slot. The collector marks and compacts that string as any
 * other, and a snapshot copies it with the character array; nothing else names it, so a write
 * of a byte changes the string where it is. Its text is made when asked for (toString, a
 * template literal, String(buf)), written after lib/buffer.js and src/string_bytes.cc (v20):
 * utf8 (ill-formed sequences become U+FFFD, as the WHATWG decoder does), hex, base64,
 * base64url, latin1 (binary) and ascii.
 *
 * A slice or subarray is a copy here, where Node's shares the bytes of the buffer it was cut
 * from (docs/js-input.md says so).
 */
#include "natives.h"
#include "vm_internal.h"

#include "../strbuf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The encodings Buffer.from and toString know, by every name Node gives them. */
enum encoding { ENC_UTF8, ENC_HEX, ENC_BASE64, ENC_BASE64URL, ENC_LATIN1, ENC_ASCII };

static const struct {
    const char *name;
    enum encoding enc;
} encodings[] = {
    {"utf8", ENC_UTF8},     {"utf-8", ENC_UTF8},         {"hex", ENC_HEX},
    {"base64", ENC_BASE64}, {"base64url", ENC_BASE64URL}, {"latin1", ENC_LATIN1},
    {"binary", ENC_LATIN1}, {"ascii", ENC_ASCII},
};

static const char BASE64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char BASE64URL[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* ---- Errors as Node words them ---------------------------------------------------------- */

/* Throws Node's error `code` (a TypeError or RangeError with a code property). */
static void throw_coded(struct sim_loop *loop, enum vm_error_class cls, const char *code,
                        const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    struct vm_value e = sim__vm_error_new(loop, cls, sim__vm_cstring(loop, msg));
    if (!loop->error) {
        sim__vm_put_c(loop, e.ref, "code", sim__vm_cstring(loop, code));
        sim__vm_throw(loop, e);
    }
}

/* ERR_INVALID_ARG_TYPE's "Received ..." (lib/internal/errors.js determineSpecificType). */
static void received(struct sim_loop *loop, struct vm_value v, char *buf, size_t size)
{
    switch (v.tag) {
    case VM_UNDEFINED:
    case VM_NULL:
        snprintf(buf, size, "%s", v.tag == VM_NULL ? "null" : "undefined");
        return;
    case VM_STRING: {
        uint32_t len;
        const char *s = sim__vm_str(loop, v, &len);
        snprintf(buf, size, "type string ('%.*s%s')", (int)(len > 25 ? 25 : len), s,
                 len > 25 ? "..." : "");
        return;
    }
    case VM_OBJECT:
        if (sim__vm_is_callable(loop, v)) {
            snprintf(buf, size, "function ");
        } else {
            snprintf(buf, size, "an instance of %s",
                     vm_is_object(v, loop, VM_OBJ_ARRAY) ? "Array" : "Object");
            return;
        }
        break;
    default: {
        struct vm_value s = sim__vm_to_string(loop, v);
        uint32_t len = 0;
        const char *t = s.tag == VM_STRING ? sim__vm_str(loop, s, &len) : "";
        snprintf(buf, size, "type %s (%.*s)", v.tag == VM_BOOL ? "boolean" : "number",
                 (int)(len > 40 ? 40 : len), t);
        return;
    }
    }
    struct vm_value name = sim__vm_function_name(loop, v.ref);
    uint32_t len = 0;
    const char *n = name.tag == VM_STRING ? sim__vm_str(loop, name, &len) : "";
    snprintf(buf + strlen(buf), size - strlen(buf), "%.*s", (int)(len > 40 ? 40 : len), n);
}

static void throw_arg_type(struct sim_loop *loop, const char *what, struct vm_value v)
{
    char got[96];
    received(loop, v, got, sizeof(got));
    throw_coded(loop, VM_TYPE_ERROR, "ERR_INVALID_ARG_TYPE", "%s. Received %s", what, got);
}

/* Is name[0, len) `lower`, in any case? */
static bool same_name(const char *lower, const char *name, uint32_t len)
{
    if (strlen(lower) != len) {
        return false;
    }
    for (uint32_t i = 0; i < len; i++) {
        char c = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] + 32) : name[i];
        if (c != lower[i]) {
            return false;
        }
    }
    return true;
}

/* The encoding an argument names (undefined: utf8); false, with Node's TypeError thrown, for
   one it does not know. */
static bool encoding_of(struct sim_loop *loop, struct vm_value v, enum encoding *enc)
{
    *enc = ENC_UTF8;
    if (v.tag == VM_UNDEFINED) {
        return true;
    }
    struct vm_value s = sim__vm_to_string(loop, v);
    uint32_t len = 0;
    const char *name = s.tag == VM_STRING ? sim__vm_str(loop, s, &len) : "";
    for (size_t k = 0; k < sizeof(encodings) / sizeof(encodings[0]); k++) {
        if (same_name(encodings[k].name, name, len)) {
            *enc = encodings[k].enc;
            return true;
        }
    }
    throw_coded(loop, VM_TYPE_ERROR, "ERR_UNKNOWN_ENCODING", "Unknown encoding: %.*s",
                (int)(len > 60 ? 60 : len), name);
    return false;
}

/* ---- The object -------------------------------------------------------------------------- */

struct vm_value sim__vm_buffer_new(struct sim_loop *loop, const char *bytes, uint32_t len)
{
    struct vm_value store = sim__vm_string_store(loop, bytes, len);
    if (loop->error) {
        return vm_undefined();
    }
    uint32_t b = sim__vm_object_new(loop, VM_OBJ_BUFFER, loop->vm.buffer_proto);
    if (loop->error) {
        return vm_undefined();
    }
    sim__vm_obj(loop, b)->inner = store;
    return vm_object(b);
}

unsigned char *sim__vm_buffer_bytes(struct sim_loop *loop, uint32_t b, uint32_t *len)
{
    const struct vm_string *s = &loop->vm.strings[sim__vm_obj(loop, b)->inner.ref];
    *len = s->len;
    return (unsigned char *)loop->vm.chars + s->off;
}

uint32_t sim__vm_buffer_length(struct sim_loop *loop, struct vm_value v)
{
    uint32_t len = 0;
    if (vm_is_object(v, loop, VM_OBJ_BUFFER)) {
        sim__vm_buffer_bytes(loop, v.ref, &len);
    }
    return len;
}

/* What a Uint8Array keeps of a value written into it: ToNumber, truncated, modulo 256. */
static unsigned char to_uint8(struct sim_loop *loop, struct vm_value v)
{
    double d = sim__vm_to_number(loop, v);
    if (!isfinite(d)) {
        return 0;
    }
    d = fmod(trunc(d), 256);
    return (unsigned char)(d < 0 ? d + 256 : d);
}

bool sim__vm_buffer_get(struct sim_loop *loop, uint32_t b, struct vm_value key,
                        struct vm_value *out)
{
    uint32_t len;
    const unsigned char *bytes = sim__vm_buffer_bytes(loop, b, &len);
    uint32_t index;
    if (sim__vm_index_key(loop, key, &index)) {
        *out = index < len ? vm_number(bytes[index]) : vm_undefined();
        return true;
    }
    if (sim__vm_is_length(loop, key)) {
        *out = vm_number(len);
        return true;
    }
    return false;
}

bool sim__vm_buffer_set(struct sim_loop *loop, uint32_t b, struct vm_value key,
                        struct vm_value v)
{
    uint32_t index;
    if (sim__vm_index_key(loop, key, &index)) {
        unsigned char byte = to_uint8(loop, v);
        uint32_t len;
        unsigned char *bytes = sim__vm_buffer_bytes(loop, b, &len);
        if (index < len) {
            bytes[index] = byte; /* past the end: dropped, as a typed array drops it */
        }
        return true;
    }
    return sim__vm_is_length(loop, key); /* a getter of the prototype: the write is dropped */
}

/* The bytes of `v` as a string: a buffer's (a copy), or the UTF-8 of its string form. */
struct vm_value sim__vm_bytes_of(struct sim_loop *loop, struct vm_value v)
{
    if (!vm_is_object(v, loop, VM_OBJ_BUFFER)) {
        return sim__vm_to_string(loop, v);
    }
    uint32_t len;
    const unsigned char *bytes = sim__vm_buffer_bytes(loop, v.ref, &len);
    return sim__vm_string(loop, (const char *)bytes, len);
}

/* ---- Bytes to text ----------------------------------------------------------------------- */

/*
 * The length of the well-formed UTF-8 sequence at s (n bytes left), or 0 when there is none:
 * then *bad is how many bytes one U+FFFD replaces (the maximal subpart, Unicode 3.9).
 */
static uint32_t utf8_sequence(const unsigned char *s, uint32_t n, uint32_t *bad)
{
    unsigned char c = s[0];
    unsigned char lo = 0x80;
    unsigned char hi = 0xbf;
    uint32_t need;
    if (c < 0x80) {
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        lo = c == 0xe0 ? 0xa0 : 0x80;
        hi = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf;
    } else {
        *bad = 1;
        return 0;
    }
    for (uint32_t i = 1; i <= need; i++) {
        if (i >= n || s[i] < lo || s[i] > hi) {
            *bad = i;
            return 0;
        }
        lo = 0x80;
        hi = 0xbf;
    }
    return need + 1;
}

/* A code point below U+0800 as UTF-8. */
static void put_code_point(struct sim_strbuf *out, unsigned cp)
{
    char u[2] = {(char)cp, 0};
    if (cp >= 0x80) {
        u[0] = (char)(0xc0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3f));
    }
    sim__strbuf_put(out, u, cp >= 0x80 ? 2 : 1);
}

static void put_base64(struct sim_strbuf *out, const unsigned char *s, uint32_t n, bool url)
{
    const char *alphabet = url ? BASE64URL : BASE64;
    for (uint32_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16 | (i + 1 < n ? (uint32_t)s[i + 1] << 8 : 0) |
                     (i + 2 < n ? s[i + 2] : 0);
        char quad[4] = {alphabet[v >> 18], alphabet[(v >> 12) & 63], alphabet[(v >> 6) & 63],
                        alphabet[v & 63]};
        uint32_t keep = i + 2 < n ? 4 : i + 1 < n ? 3 : 2;
        sim__strbuf_put(out, quad, keep);
        if (!url) {
            sim__strbuf_put(out, "==", 4 - keep); /* base64url has no padding */
        }
    }
}

/* The text of n bytes in an encoding, into out. */
static void decode(struct sim_strbuf *out, const unsigned char *s, uint32_t n, enum encoding enc)
{
    switch (enc) {
    case ENC_BASE64:
    case ENC_BASE64URL:
        put_base64(out, s, n, enc == ENC_BASE64URL);
        break;
    case ENC_HEX:
        for (uint32_t i = 0; i < n; i++) {
            char two[3];
            snprintf(two, sizeof(two), "%02x", s[i]);
            sim__strbuf_put(out, two, 2);
        }
        break;
    case ENC_LATIN1:
    case ENC_ASCII:
        for (uint32_t i = 0; i < n; i++) {
            put_code_point(out, enc == ENC_ASCII ? s[i] & 0x7fu : s[i]);
        }
        break;
    case ENC_UTF8:
        for (uint32_t i = 0; i < n;) {
            uint32_t bad = 0;
            uint32_t k = utf8_sequence(s + i, n - i, &bad);
            sim__strbuf_put(out, k > 0 ? (const char *)s + i : "\xef\xbf\xbd", k > 0 ? k : 3);
            i += k > 0 ? k : bad;
        }
        break;
    }
}

/* The string of a strbuf's text (then freed), or undefined when memory ran out. */
static struct vm_value string_of(struct sim_loop *loop, struct sim_strbuf *t)
{
    struct vm_value r = vm_undefined();
    if (t->oom) {
        loop->error = SIM_ELIMIT;
    } else {
        r = sim__vm_string(loop, t->b != NULL ? t->b : "", (uint32_t)t->len);
    }
    free(t->b);
    return r;
}

/* Bytes [from, to) of buffer b as text. */
static struct vm_value text_of(struct sim_loop *loop, uint32_t b, uint32_t from, uint32_t to,
                               enum encoding enc)
{
    uint32_t len;
    const unsigned char *bytes = sim__vm_buffer_bytes(loop, b, &len);
    struct sim_strbuf t = {0};
    decode(&t, bytes + from, to > from ? to - from : 0, enc);
    return string_of(loop, &t);
}

struct vm_value sim__vm_buffer_text(struct sim_loop *loop, uint32_t b)
{
    uint32_t len;
    sim__vm_buffer_bytes(loop, b, &len);
    return text_of(loop, b, 0, len, ENC_UTF8);
}

/* A file's bytes as readFile gives them with an encoding: false if it names none Node has. */
bool sim__vm_decode(struct sim_loop *loop, struct vm_value bytes, struct vm_value encoding,
                    struct vm_value *out)
{
    enum encoding enc;
    if (!encoding_of(loop, encoding, &enc)) {
        return false;
    }
    uint32_t len;
    const char *s = sim__vm_str(loop, bytes, &len);
    struct sim_strbuf t = {0};
    decode(&t, (const unsigned char *)s, len, enc);
    *out = string_of(loop, &t);
    return true;
}

/* ---- Text to bytes ----------------------------------------------------------------------- */

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* base64 and base64url alike: other characters are skipped, '=' ends the data. */
static void put_unbase64(struct sim_strbuf *out, const char *s, uint32_t n)
{
    uint32_t acc = 0;
    int bits = 0;
    for (uint32_t i = 0; i < n && s[i] != '='; i++) {
        const char *at = s[i] != '\0' ? strchr(BASE64, s[i]) : NULL;
        int v = at != NULL ? (int)(at - BASE64) : s[i] == '-' ? 62 : s[i] == '_' ? 63 : -1;
        if (v < 0) {
            continue;
        }
        acc = (acc << 6 | (uint32_t)v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            char c = (char)(acc >> bits);
            sim__strbuf_put(out, &c, 1);
        }
    }
}

/* latin1 and ascii: each UTF-16 code unit of the string, its low byte. */
static void put_code_units(struct sim_strbuf *out, const unsigned char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n;) {
        uint32_t bad = 1;
        uint32_t k = utf8_sequence(s + i, n - i, &bad);
        unsigned cp = k == 1 ? s[i]
                      : k == 2 ? (s[i] & 0x1fu) << 6 | (s[i + 1] & 0x3fu)
                      : k == 3 ? (s[i] & 0x0fu) << 12 | (s[i + 1] & 0x3fu) << 6 | (s[i + 2] & 0x3fu)
                      : k == 4 ? ((s[i] & 0x07u) << 18 | (s[i + 1] & 0x3fu) << 12 |
                                  (s[i + 2] & 0x3fu) << 6 | (s[i + 3] & 0x3fu))
                               : 0xfffd;
        if (cp > 0xffff) {
            char pair[2] = {(char)((0xd800 + ((cp - 0x10000) >> 10)) & 0xff),
                            (char)((0xdc00 + ((cp - 0x10000) & 0x3ff)) & 0xff)};
            sim__strbuf_put(out, pair, 2);
        } else {
            char c = (char)(cp & 0xff);
            sim__strbuf_put(out, &c, 1);
        }
        i += k > 0 ? k : bad;
    }
}

/* The bytes of string `s` in an encoding, into out. */
static void encode(struct sim_strbuf *out, const char *s, uint32_t n, enum encoding enc)
{
    switch (enc) {
    case ENC_UTF8:
        sim__strbuf_put(out, s, n);
        break;
    case ENC_HEX:
        for (uint32_t i = 0; i + 1 < n && hex_digit(s[i]) >= 0 && hex_digit(s[i + 1]) >= 0;
             i += 2) {
            char c = (char)(hex_digit(s[i]) << 4 | hex_digit(s[i + 1]));
            sim__strbuf_put(out, &c, 1);
        }
        break;
    case ENC_BASE64:
    case ENC_BASE64URL:
        put_unbase64(out, s, n);
        break;
    case ENC_LATIN1:
    case ENC_ASCII:
        put_code_units(out, (const unsigned char *)s, n);
        break;
    }
}

/* A buffer of the bytes of string v in encoding `encoding` (undefined when it threw). */
static struct vm_value from_string(struct sim_loop *loop, struct vm_value v,
                                   struct vm_value encoding)
{
    enum encoding enc;
    if (!encoding_of(loop, encoding, &enc)) {
        return vm_undefined();
    }
    uint32_t len;
    const char *s = sim__vm_str(loop, v, &len);
    struct sim_strbuf t = {0};
    encode(&t, s, len, enc);
    struct vm_value b = vm_undefined();
    if (t.oom) {
        loop->error = SIM_ELIMIT;
    } else {
        b = sim__vm_buffer_new(loop, t.b != NULL ? t.b : "", (uint32_t)t.len);
    }
    free(t.b);
    return b;
}

/* ---- Buffer's statics -------------------------------------------------------------------- */

/* Buffer.alloc(size[, fill[, encoding]]): zeros, or the fill's bytes over and over. */
NATIVE(buffer_alloc)
{
    (void)this_value;
    struct vm_value size = sim__vm_arg(args, argc, 0);
    if (size.tag != VM_NUMBER) {
        throw_arg_type(loop, "The \"size\" argument must be of type number", size);
        return VM_NATIVE_THREW;
    }
    if (!(size.num >= 0 && size.num <= 4294967296.0)) {
        char got[64];
        sim__vm_format_number(size.num, got, sizeof(got));
        throw_coded(loop, VM_RANGE_ERROR, "ERR_OUT_OF_RANGE",
                    "The value of \"size\" is out of range. It must be >= 0 && <= 4294967296. "
                    "Received %s", got);
        return VM_NATIVE_THREW;
    }
    double n = trunc(size.num);
    if (n > VM_MAX_STRING) {
        loop->error = SIM_ELIMIT;
        return VM_NATIVE_THREW;
    }
    *result = sim__vm_buffer_new(loop, NULL, (uint32_t)n);
    struct vm_value fill = sim__vm_arg(args, argc, 1);
    if (loop->error || fill.tag == VM_UNDEFINED || n == 0) {
        return loop->error ? VM_NATIVE_THREW : VM_NATIVE_OK;
    }
    struct vm_value pattern = fill.tag == VM_NUMBER ? vm_undefined()
                              : vm_is_object(fill, loop, VM_OBJ_BUFFER)
                                  ? fill
                                  : from_string(loop, sim__vm_to_string(loop, fill),
                                                sim__vm_arg(args, argc, 2));
    if (loop->vm.throwing || loop->error) {
        return VM_NATIVE_THREW;
    }
    unsigned char one = fill.tag == VM_NUMBER ? to_uint8(loop, fill) : 0;
    uint32_t plen = 1;
    const unsigned char *p = pattern.tag == VM_OBJECT
                                 ? sim__vm_buffer_bytes(loop, pattern.ref, &plen)
                                 : &one;
    uint32_t len;
    unsigned char *bytes = sim__vm_buffer_bytes(loop, result->ref, &len);
    for (uint32_t i = 0; plen > 0 && i < len; i++) {
        bytes[i] = p[i % plen]; /* an empty fill leaves zeros */
    }
    return VM_NATIVE_OK;
}

/* Buffer.from(string[, encoding]), Buffer.from(buffer) (a copy), Buffer.from(array). */
NATIVE(buffer_from)
{
    (void)this_value;
    struct vm_value v = sim__vm_arg(args, argc, 0);
    if (v.tag == VM_STRING) {
        *result = from_string(loop, v, sim__vm_arg(args, argc, 1));
    } else if (vm_is_object(v, loop, VM_OBJ_BUFFER)) {
        *result = sim__vm_buffer_new(loop, NULL, sim__vm_buffer_length(loop, v));
        uint32_t len;
        const unsigned char *from = sim__vm_buffer_bytes(loop, v.ref, &len);
        if (!loop->error) {
            memcpy(sim__vm_buffer_bytes(loop, result->ref, &len), from, len);
        }
    } else if (vm_is_object(v, loop, VM_OBJ_ARRAY)) {
        *result = sim__vm_buffer_new(loop, NULL, sim__vm_obj(loop, v.ref)->elem_count);
        for (uint32_t i = 0; !loop->error && i < sim__vm_obj(loop, v.ref)->elem_count; i++) {
            unsigned char byte = to_uint8(loop, sim__vm_elems(loop, v.ref)[i]);
            uint32_t len;
            sim__vm_buffer_bytes(loop, result->ref, &len)[i] = byte;
        }
    } else {
        throw_arg_type(loop, "The first argument must be of type string or an instance of "
                             "Buffer, ArrayBuffer, or Array or an Array-like Object", v);
    }
    return loop->vm.throwing || loop->error ? VM_NATIVE_THREW : VM_NATIVE_OK;
}

NATIVE(buffer_is_buffer)
{
    (void)this_value;
    *result = vm_bool(vm_is_object(sim__vm_arg(args, argc, 0), loop, VM_OBJ_BUFFER));
    return VM_NATIVE_OK;
}

/* Buffer.byteLength(string[, encoding]) or of a buffer: the bytes it is (or would be). */
NATIVE(buffer_byte_length)
{
    (void)this_value;
    struct vm_value v = sim__vm_arg(args, argc, 0);
    if (vm_is_object(v, loop, VM_OBJ_BUFFER)) {
        *result = vm_number(sim__vm_buffer_length(loop, v));
        return VM_NATIVE_OK;
    }
    if (v.tag != VM_STRING) {
        throw_arg_type(loop, "The \"string\" argument must be of type string or an instance of "
                             "Buffer or ArrayBuffer", v);
        return VM_NATIVE_THREW;
    }
    struct vm_value b = from_string(loop, v, sim__vm_arg(args, argc, 1));
    *result = vm_number(sim__vm_buffer_length(loop, b));
    return loop->vm.throwing || loop->error ? VM_NATIVE_THREW : VM_NATIVE_OK;
}

/* Buffer.concat(list[, totalLength]): the buffers one after another, cut or padded with zeros
   to totalLength. */
NATIVE(buffer_concat)
{
    (void)this_value;
    struct vm_value list = sim__vm_arg(args, argc, 0);
    if (!vm_is_object(list, loop, VM_OBJ_ARRAY)) {
        throw_arg_type(loop, "The \"list\" argument must be an instance of Array", list);
        return VM_NATIVE_THREW;
    }
    uint32_t count = sim__vm_obj(loop, list.ref)->elem_count;
    double total = 0;
    for (uint32_t i = 0; i < count; i++) {
        struct vm_value el = sim__vm_elems(loop, list.ref)[i];
        if (!vm_is_object(el, loop, VM_OBJ_BUFFER)) {
            char what[96];
            snprintf(what, sizeof(what), "The \"list[%u]\" argument must be an instance of "
                     "Buffer or Uint8Array", i);
            throw_arg_type(loop, what, el);
            return VM_NATIVE_THREW;
        }
        total += sim__vm_buffer_length(loop, el);
    }
    struct vm_value want = sim__vm_arg(args, argc, 1);
    if (want.tag == VM_NUMBER && want.num >= 0) {
        total = trunc(want.num);
    }
    if (total > VM_MAX_STRING) {
        loop->error = SIM_ELIMIT;
        return VM_NATIVE_THREW;
    }
    *result = sim__vm_buffer_new(loop, NULL, (uint32_t)total);
    for (uint32_t i = 0, at = 0; i < count && !loop->error && at < total; i++) {
        uint32_t n;
        const unsigned char *from = sim__vm_buffer_bytes(loop, sim__vm_elems(loop, list.ref)[i].ref,
                                                         &n);
        uint32_t len;
        unsigned char *to = sim__vm_buffer_bytes(loop, result->ref, &len);
        n = n < len - at ? n : len - at;
        memcpy(to + at, from, n);
        at += n;
    }
    return loop->error ? VM_NATIVE_THREW : VM_NATIVE_OK;
}

/* ---- Buffer.prototype -------------------------------------------------------------------- */

/* `this` as a buffer, or a TypeError as V8 throws for a typed array method on another value. */
static bool need_buffer(struct sim_loop *loop, struct vm_value v)
{
    if (vm_is_object(v, loop, VM_OBJ_BUFFER)) {
        return true;
    }
    sim__vm_throw_error(loop, VM_TYPE_ERROR, "this is not a typed array.");
    return false;
}

/* buf.toString([encoding[, start[, end]]]). */
NATIVE(buffer_to_string)
{
    if (!need_buffer(loop, this_value)) {
        return VM_NATIVE_THREW;
    }
    enum encoding enc;
    if (!encoding_of(loop, sim__vm_arg(args, argc, 0), &enc)) {
        return VM_NATIVE_THREW;
    }
    uint32_t len = sim__vm_buffer_length(loop, this_value);
    struct vm_value from = sim__vm_arg(args, argc, 1);
    struct vm_value to = sim__vm_arg(args, argc, 2);
    double start = from.tag == VM_UNDEFINED ? 0 : fmax(trunc(sim__vm_to_number(loop, from)), 0);
    double end = to.tag == VM_UNDEFINED ? len : fmin(trunc(sim__vm_to_number(loop, to)), len);
    start = isnan(start) ? 0 : start;
    end = isnan(end) ? 0 : end;
    *result = start >= end ? sim__vm_cstring(loop, "")
                           : text_of(loop, this_value.ref, (uint32_t)start, (uint32_t)end, enc);
    return loop->error ? VM_NATIVE_THREW : VM_NATIVE_OK;
}

/* buf.slice([start[, end]]) and buf.subarray: bytes [start, end), a negative one from the end
   (a copy: see the top of the file). */
NATIVE(buffer_slice)
{
    if (!need_buffer(loop, this_value)) {
        return VM_NATIVE_THREW;
    }
    uint32_t len = sim__vm_buffer_length(loop, this_value);
    uint32_t from = sim__vm_rel_index(loop, sim__vm_arg(args, argc, 0), len, 0);
    uint32_t to = sim__vm_rel_index(loop, sim__vm_arg(args, argc, 1), len, len);
    *result = sim__vm_buffer_new(loop, NULL, to > from ? to - from : 0);
    if (!loop->error && to > from) {
        const unsigned char *bytes = sim__vm_buffer_bytes(loop, this_value.ref, &len);
        memcpy(sim__vm_buffer_bytes(loop, result->ref, &len), bytes + from, to - from);
    }
    return loop->error ? VM_NATIVE_THREW : VM_NATIVE_OK;
}

/* buf.equals(other): the same bytes. */
NATIVE(buffer_equals)
{
    struct vm_value other = sim__vm_arg(args, argc, 0);
    if (!need_buffer(loop, this_value)) {
        return VM_NATIVE_THREW;
    }
    if (!vm_is_object(other, loop, VM_OBJ_BUFFER)) {
        throw_arg_type(loop, "The \"otherBuffer\" argument must be an instance of Buffer or "
                             "Uint8Array", other);
        return VM_NATIVE_THREW;
    }
    uint32_t a;
    uint32_t b;
    const unsigned char *x = sim__vm_buffer_bytes(loop, this_value.ref, &a);
    const unsigned char *y = sim__vm_buffer_bytes(loop, other.ref, &b);
    *result = vm_bool(a == b && memcmp(x, y, a) == 0);
    return VM_NATIVE_OK;
}

/* buf.toJSON(), which JSON.stringify calls: { type: 'Buffer', data: [the bytes] }. */
struct vm_value sim__vm_buffer_json(struct sim_loop *loop, uint32_t b)
{
    uint32_t o = sim__vm_object_new(loop, VM_OBJ_PLAIN, loop->vm.object_proto);
    uint32_t data = sim__vm_array_new(loop);
    uint32_t len;
    sim__vm_buffer_bytes(loop, b, &len);
    for (uint32_t i = 0; i < len && !loop->error; i++) {
        sim__vm_array_push(loop, data, vm_number(sim__vm_buffer_bytes(loop, b, &len)[i]));
    }
    sim__vm_put_c(loop, o, "type", sim__vm_cstring(loop, "Buffer"));
    sim__vm_put_c(loop, o, "data", vm_object(data));
    return loop->error ? vm_undefined() : vm_object(o);
}

NATIVE(buffer_to_json)
{
    (void)args;
    (void)argc;
    if (!need_buffer(loop, this_value)) {
        return VM_NATIVE_THREW;
    }
    *result = sim__vm_buffer_json(loop, this_value.ref);
    return loop->error ? VM_NATIVE_THREW : VM_NATIVE_OK;
}
