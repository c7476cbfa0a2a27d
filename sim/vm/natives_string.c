/*
 * natives_string.c - String and Number built-ins: case, slicing, searching, splitting,
 * padding, trimming, toFixed and toString. Strings are UTF-8; the methods that index count
 * bytes, which is what JavaScript counts for the ASCII text programs print.
 */
#include "natives.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Strings and numbers ----------------------------------------------------------------- */

/* The string `this` is, for String.prototype methods. */
static struct vm_value this_string(struct sim_loop *loop, struct vm_value this_value)
{
    return sim__vm_to_string(loop, this_value);
}

static enum vm_native_result change_case(struct sim_loop *loop, struct vm_value this_value,
                                         struct vm_value *result, bool upper)
{
    struct vm_value s = this_string(loop, this_value);
    uint32_t len;
    const char *b = sim__vm_str(loop, s, &len);
    char *buf = malloc((size_t)len + 1);
    if (buf == NULL) {
        loop->error = SIM_ENOMEM;
        return VM_NATIVE_THREW;
    }
    for (uint32_t i = 0; i < len; i++) {
        char ch = b[i];
        buf[i] = upper && ch >= 'a' && ch <= 'z'    ? (char)(ch - 32)
                 : !upper && ch >= 'A' && ch <= 'Z' ? (char)(ch + 32)
                                                    : ch;
    }
    *result = sim__vm_string(loop, buf, len);
    free(buf);
    return VM_NATIVE_OK;
}

NATIVE(string_to_upper)
{
    (void)args;
    (void)argc;
    return change_case(loop, this_value, result, true);
}

NATIVE(string_to_lower)
{
    (void)args;
    (void)argc;
    return change_case(loop, this_value, result, false);
}

/* Byte-indexed substring methods; strings outside ASCII are indexed by bytes (documented). */
static enum vm_native_result substring_of(struct sim_loop *loop, struct vm_value this_value,
                                          uint32_t from, uint32_t to, struct vm_value *result)
{
    struct vm_value s = this_string(loop, this_value);
    uint32_t len;
    const char *b = sim__vm_str(loop, s, &len);
    if (from > len) {
        from = len;
    }
    if (to > len) {
        to = len;
    }
    if (to < from) {
        to = from;
    }
    char *buf = malloc((size_t)(to - from) + 1);
    if (buf == NULL) {
        loop->error = SIM_ENOMEM;
        return VM_NATIVE_THREW;
    }
    memcpy(buf, b + from, to - from);
    *result = sim__vm_string(loop, buf, to - from);
    free(buf);
    return VM_NATIVE_OK;
}

NATIVE(string_slice)
{
    uint32_t len;
    sim__vm_str(loop, this_string(loop, this_value), &len);
    return substring_of(loop, this_value,
                        sim__vm_rel_index(loop, sim__vm_arg(args, argc, 0), len, 0),
                        sim__vm_rel_index(loop, sim__vm_arg(args, argc, 1), len, len), result);
}

NATIVE(string_substring)
{
    uint32_t len;
    sim__vm_str(loop, this_string(loop, this_value), &len);
    double a = sim__vm_to_number(loop, sim__vm_arg(args, argc, 0));
    double b = argc > 1 && args[1].tag != VM_UNDEFINED ? sim__vm_to_number(loop, args[1]) : len;
    a = isnan(a) || a < 0 ? 0 : a > len ? len : a;
    b = isnan(b) || b < 0 ? 0 : b > len ? len : b;
    uint32_t from = (uint32_t)(a < b ? a : b);
    uint32_t to = (uint32_t)(a < b ? b : a);
    return substring_of(loop, this_value, from, to, result);
}

NATIVE(string_char_at)
{
    uint32_t i = (uint32_t)fmax(0, sim__vm_to_number(loop, sim__vm_arg(args, argc, 0)));
    return substring_of(loop, this_value, i, i + 1, result);
}

/* The byte offset of `needle` in the string from `from`, or -1. */
static int64_t find(struct sim_loop *loop, struct vm_value hay, struct vm_value needle,
                    uint32_t from)
{
    uint32_t hl;
    uint32_t nl;
    const char *h = sim__vm_str(loop, hay, &hl);
    const char *n = sim__vm_str(loop, needle, &nl);
    for (uint32_t i = from; i + nl <= hl; i++) {
        if (memcmp(h + i, n, nl) == 0) {
            return i;
        }
    }
    return -1;
}

NATIVE(string_index_of)
{
    struct vm_value s = this_string(loop, this_value);
    struct vm_value n = sim__vm_to_string(loop, sim__vm_arg(args, argc, 0));
    *result = vm_number((double)find(loop, s, n, 0));
    return VM_NATIVE_OK;
}

NATIVE(string_includes)
{
    struct vm_value s = this_string(loop, this_value);
    struct vm_value n = sim__vm_to_string(loop, sim__vm_arg(args, argc, 0));
    *result = vm_bool(find(loop, s, n, 0) >= 0);
    return VM_NATIVE_OK;
}

NATIVE(string_starts_with)
{
    struct vm_value s = this_string(loop, this_value);
    struct vm_value n = sim__vm_to_string(loop, sim__vm_arg(args, argc, 0));
    uint32_t sl;
    uint32_t nl;
    const char *sb = sim__vm_str(loop, s, &sl);
    const char *nb = sim__vm_str(loop, n, &nl);
    *result = vm_bool(nl <= sl && memcmp(sb, nb, nl) == 0);
    return VM_NATIVE_OK;
}

NATIVE(string_ends_with)
{
    struct vm_value s = this_string(loop, this_value);
    struct vm_value n = sim__vm_to_string(loop, sim__vm_arg(args, argc, 0));
    uint32_t sl;
    uint32_t nl;
    const char *sb = sim__vm_str(loop, s, &sl);
    const char *nb = sim__vm_str(loop, n, &nl);
    *result = vm_bool(nl <= sl && memcmp(sb + sl - nl, nb, nl) == 0);
    return VM_NATIVE_OK;
}

NATIVE(string_trim)
{
    (void)args;
    (void)argc;
    struct vm_value s = this_string(loop, this_value);
    uint32_t len;
    const char *b = sim__vm_str(loop, s, &len);
    uint32_t from = 0;
    while (from < len && strchr(" \t\n\r\v\f", b[from]) != NULL) {
        from++;
    }
    uint32_t to = len;
    while (to > from && strchr(" \t\n\r\v\f", b[to - 1]) != NULL) {
        to--;
    }
    return substring_of(loop, s, from, to, result);
}

NATIVE(string_repeat)
{
    struct vm_value s = this_string(loop, this_value);
    double n = trunc(sim__vm_to_number(loop, sim__vm_arg(args, argc, 0)));
    uint32_t len;
    sim__vm_str(loop, s, &len);
    if (n < 0 || isinf(n) || (double)len * n > VM_MAX_STRING) {
        sim__vm_throw_error(loop, VM_RANGE_ERROR, "Invalid count value: %g", n);
        return VM_NATIVE_THREW;
    }
    uint32_t times = isnan(n) ? 0 : (uint32_t)n;
    char *buf = malloc((size_t)len * times + 1);
    if (buf == NULL) {
        loop->error = SIM_ENOMEM;
        return VM_NATIVE_THREW;
    }
    const char *b = sim__vm_str(loop, s, &len);
    for (uint32_t i = 0; i < times; i++) {
        memcpy(buf + (size_t)i * len, b, len);
    }
    *result = sim__vm_string(loop, buf, len * times); /* one string, not `times` of them */
    free(buf);
    return loop->error ? VM_NATIVE_THREW : VM_NATIVE_OK;
}

static enum vm_native_result pad(struct sim_loop *loop, struct vm_value this_value,
                                 const struct vm_value *args, uint32_t argc,
                                 struct vm_value *result, bool start)
{
    struct vm_value s = this_string(loop, this_value);
    double want = sim__vm_to_number(loop, sim__vm_arg(args, argc, 0));
    struct vm_value fill = argc > 1 && args[1].tag != VM_UNDEFINED
                               ? sim__vm_to_string(loop, args[1])
                               : sim__vm_cstring(loop, " ");
    uint32_t len;
    uint32_t fl;
    sim__vm_str(loop, s, &len);
    const char *f = sim__vm_str(loop, fill, &fl);
    if (isnan(want) || want <= len || fl == 0 || want > VM_MAX_STRING) {
        *result = s;
        return VM_NATIVE_OK;
    }
    uint32_t n = (uint32_t)want - len;
    char *buf = malloc(n + 1);
    if (buf == NULL) {
        loop->error = SIM_ENOMEM;
        return VM_NATIVE_THREW;
    }
    for (uint32_t i = 0; i < n; i++) {
        buf[i] = f[i % fl];
    }
    struct vm_value p = sim__vm_string(loop, buf, n);
    free(buf);
    *result = start ? sim__vm_binary(loop, JS_OP_ADD, p, s) : sim__vm_binary(loop, JS_OP_ADD, s, p);
    return VM_NATIVE_OK;
}

NATIVE(string_pad_start)
{
    return pad(loop, this_value, args, argc, result, true);
}

NATIVE(string_pad_end)
{
    return pad(loop, this_value, args, argc, result, false);
}

NATIVE(string_split)
{
    struct vm_value s = this_string(loop, this_value);
    uint32_t out = sim__vm_array_new(loop);
    *result = vm_object(out);
    struct vm_value sep = sim__vm_arg(args, argc, 0);
    if (sep.tag == VM_UNDEFINED) {
        sim__vm_array_push(loop, out, s);
        return VM_NATIVE_OK;
    }
    sep = sim__vm_to_string(loop, sep);
    uint32_t len;
    uint32_t sl;
    sim__vm_str(loop, s, &len);
    sim__vm_str(loop, sep, &sl);
    if (sl == 0) {
        for (uint32_t i = 0; i < len && !loop->error; i++) {
            struct vm_value piece;
            substring_of(loop, s, i, i + 1, &piece);
            sim__vm_array_push(loop, out, piece);
        }
        return VM_NATIVE_OK;
    }
    uint32_t from = 0;
    for (;;) {
        int64_t at = find(loop, s, sep, from);
        struct vm_value piece;
        substring_of(loop, s, from, at < 0 ? len : (uint32_t)at, &piece);
        sim__vm_array_push(loop, out, piece);
        if (at < 0 || loop->error) {
            break;
        }
        from = (uint32_t)at + sl;
    }
    return VM_NATIVE_OK;
}

NATIVE(value_to_string)
{
    (void)args;
    (void)argc;
    *result = sim__vm_to_string(loop, this_value);
    return VM_NATIVE_OK;
}

NATIVE(number_to_fixed)
{
    double d = sim__vm_to_number(loop, this_value);
    double digits = trunc(sim__vm_to_number(loop, sim__vm_arg(args, argc, 0)));
    if (isnan(digits)) {
        digits = 0;
    }
    if (digits < 0 || digits > 100) {
        sim__vm_throw_error(loop, VM_RANGE_ERROR,
                            "toFixed() digits argument must be between 0 and 100");
        return VM_NATIVE_THREW;
    }
    if (!isfinite(d) || fabs(d) >= 1e21) {
        *result = sim__vm_to_string(loop, vm_number(d));
        return VM_NATIVE_OK;
    }
    char buf[160];
    int n = snprintf(buf, sizeof(buf), "%.*f", (int)digits, d);
    if (n > 0 && buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1) && d > -0.5 &&
        d <= 0) {
        memmove(buf, buf + 1, strlen(buf)); /* (-0).toFixed(2) is "0.00" */
        n--;
    }
    *result = sim__vm_string(loop, buf, (uint32_t)n);
    return VM_NATIVE_OK;
}

