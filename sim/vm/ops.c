/*
 * ops.c - JavaScript's conversions and operators (ECMA-262 §7.1, §7.2, §13), for the values
 * of the subset: ToBoolean, ToNumber, ToString (Number::toString's shortest round trip),
 * typeof, strict and loose equality, and the arithmetic, comparison and bitwise operators.
 */
#include "vm_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool sim__vm_truthy(const struct sim_loop *loop, struct vm_value v)
{
    switch (v.tag) {
    case VM_BOOL:
        return v.ref != 0;
    case VM_NUMBER:
        return !(v.num == 0 || isnan(v.num));
    case VM_STRING: {
        uint32_t len;
        sim__vm_str(loop, v, &len);
        return len > 0;
    }
    case VM_OBJECT:
        return true;
    default:
        return false;
    }
}

bool sim__vm_is_callable(const struct sim_loop *loop, struct vm_value v)
{
    return vm_is_object(v, loop, VM_OBJ_FUNCTION) || vm_is_object(v, loop, VM_OBJ_NATIVE);
}

/* ---- ToNumber ---------------------------------------------------------------------------- */

static bool is_space(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

static double radix_number(const char *s, size_t len, int radix)
{
    if (len == 0) {
        return NAN;
    }
    double n = 0;
    for (size_t i = 0; i < len; i++) {
        int d = s[i] >= '0' && s[i] <= '9'   ? s[i] - '0'
                : s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 10
                : s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 10
                                             : 99;
        if (d >= radix) {
            return NAN;
        }
        n = n * radix + d;
    }
    return n;
}

/* StringToNumber: white space trimmed; decimal, Infinity, 0x, 0o, 0b; anything else NaN. */
static double string_number(const char *s, uint32_t len)
{
    while (len > 0 && is_space((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len > 0 && is_space((unsigned char)s[len - 1])) {
        len--;
    }
    if (len == 0) {
        return 0;
    }
    if (len > 2 && s[0] == '0' && strchr("xXoObB", s[1]) != NULL) {
        int radix = (s[1] == 'x' || s[1] == 'X') ? 16 : (s[1] == 'o' || s[1] == 'O') ? 8 : 2;
        return radix_number(s + 2, len - 2, radix);
    }
    size_t i = 0;
    bool neg = false;
    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        i = 1;
    }
    if (len - i == 8 && memcmp(s + i, "Infinity", 8) == 0) {
        return neg ? -INFINITY : INFINITY;
    }
    size_t digits = 0;
    size_t j = i;
    while (j < len && s[j] >= '0' && s[j] <= '9') {
        j++;
        digits++;
    }
    if (j < len && s[j] == '.') {
        j++;
        while (j < len && s[j] >= '0' && s[j] <= '9') {
            j++;
            digits++;
        }
    }
    if (digits == 0) {
        return NAN;
    }
    if (j < len && (s[j] == 'e' || s[j] == 'E')) {
        size_t k = j + 1;
        if (k < len && (s[k] == '+' || s[k] == '-')) {
            k++;
        }
        size_t exp_digits = 0;
        while (k < len && s[k] >= '0' && s[k] <= '9') {
            k++;
            exp_digits++;
        }
        if (exp_digits == 0) {
            return NAN;
        }
        j = k;
    }
    if (j != len) {
        return NAN;
    }
    char buf[512];
    if (len >= sizeof(buf)) {
        char *big = malloc(len + 1);
        if (big == NULL) {
            return NAN;
        }
        memcpy(big, s, len);
        big[len] = '\0';
        double d = strtod(big, NULL);
        free(big);
        return d;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    return strtod(buf, NULL);
}

static struct vm_value to_primitive(struct sim_loop *loop, struct vm_value v);

double sim__vm_to_number(struct sim_loop *loop, struct vm_value v)
{
    switch (v.tag) {
    case VM_NUMBER:
        return v.num;
    case VM_BOOL:
        return v.ref ? 1 : 0;
    case VM_NULL:
        return 0;
    case VM_STRING: {
        uint32_t len;
        const char *s = sim__vm_str(loop, v, &len);
        return string_number(s, len);
    }
    case VM_OBJECT:
        return sim__vm_to_number(loop, to_primitive(loop, v));
    default:
        return NAN;
    }
}

static int32_t to_int32(double d)
{
    if (!isfinite(d)) {
        return 0;
    }
    double t = trunc(d);
    double m = fmod(t, 4294967296.0);
    if (m < 0) {
        m += 4294967296.0;
    }
    return (int32_t)(uint32_t)m;
}

/* ---- ToString ---------------------------------------------------------------------------- */

/*
 * Number::toString(10): the shortest digits that read back as d, placed as ECMA-262 §6.1.6.1.20
 * says (plain up to 21 integer digits, 0.000001 and up plain, else an exponent).
 */
size_t sim__vm_format_number(double d, char *buf, size_t size)
{
    if (isnan(d)) {
        return (size_t)snprintf(buf, size, "NaN");
    }
    if (d == 0) {
        return (size_t)snprintf(buf, size, "0");
    }
    if (isinf(d)) {
        return (size_t)snprintf(buf, size, d < 0 ? "-Infinity" : "Infinity");
    }
    char e[40];
    int p = 1;
    for (; p <= 17; p++) {
        snprintf(e, sizeof(e), "%.*e", p - 1, d);
        if (strtod(e, NULL) == d) {
            break;
        }
    }
    /* e: [-]D[.DDD]e[+-]XX */
    char digits[24];
    size_t k = 0;
    const char *q = e;
    bool neg = *q == '-';
    if (neg) {
        q++;
    }
    for (; *q != 'e'; q++) {
        if (*q != '.') {
            digits[k++] = *q;
        }
    }
    while (k > 1 && digits[k - 1] == '0') {
        k--;
    }
    int n = atoi(q + 1) + 1; /* the decimal point is n digits from the left */
    char out[64];
    size_t o = 0;
    if (neg) {
        out[o++] = '-';
    }
    if ((int)k <= n && n <= 21) {
        memcpy(out + o, digits, k);
        o += k;
        for (int i = (int)k; i < n; i++) {
            out[o++] = '0';
        }
    } else if (0 < n && n <= 21) {
        memcpy(out + o, digits, (size_t)n);
        o += (size_t)n;
        out[o++] = '.';
        memcpy(out + o, digits + n, k - (size_t)n);
        o += k - (size_t)n;
    } else if (-6 < n && n <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (int i = 0; i < -n; i++) {
            out[o++] = '0';
        }
        memcpy(out + o, digits, k);
        o += k;
    } else {
        out[o++] = digits[0];
        if (k > 1) {
            out[o++] = '.';
            memcpy(out + o, digits + 1, k - 1);
            o += k - 1;
        }
        o += (size_t)snprintf(out + o, sizeof(out) - o, "e%c%d", n - 1 < 0 ? '-' : '+',
                              abs(n - 1));
    }
    out[o] = '\0';
    return (size_t)snprintf(buf, size, "%s", out);
}

struct vm_value sim__vm_number_string(struct sim_loop *loop, double d)
{
    char buf[64];
    size_t len = sim__vm_format_number(d, buf, sizeof(buf));
    return sim__vm_string(loop, buf, (uint32_t)len);
}

/* Array.prototype.join(','), the string form of an array. */
static struct vm_value array_string(struct sim_loop *loop, uint32_t a, uint32_t depth)
{
    struct vm_object *obj = sim__vm_obj(loop, a);
    uint32_t count = obj->elem_count;
    if (depth > 64) {
        return sim__vm_cstring(loop, "");
    }
    size_t cap = 64;
    size_t len = 0;
    char *buf = malloc(cap);
    if (buf == NULL) {
        loop->error = SIM_ENOMEM;
        return vm_undefined();
    }
    for (uint32_t i = 0; i < count && !loop->error; i++) {
        struct vm_value el = sim__vm_elems(loop, a)[i];
        uint32_t l = 0;
        const char *s = "";
        if (el.tag != VM_UNDEFINED && el.tag != VM_NULL) {
            struct vm_value str = vm_is_object(el, loop, VM_OBJ_ARRAY)
                                      ? array_string(loop, el.ref, depth + 1)
                                      : sim__vm_to_string(loop, el);
            if (loop->error || str.tag != VM_STRING) {
                break;
            }
            s = sim__vm_str(loop, str, &l);
        }
        if (len + l + 2 > cap) {
            while (len + l + 2 > cap) {
                cap *= 2;
            }
            char *grown = realloc(buf, cap);
            if (grown == NULL) {
                loop->error = SIM_ENOMEM;
                break;
            }
            buf = grown;
        }
        if (i > 0) {
            buf[len++] = ',';
        }
        memcpy(buf + len, s, l);
        len += l;
    }
    struct vm_value r = loop->error ? vm_undefined() : sim__vm_string(loop, buf, (uint32_t)len);
    free(buf);
    return r;
}

/* OrdinaryToPrimitive with hint "default" for the objects of the subset. */
static struct vm_value to_primitive(struct sim_loop *loop, struct vm_value v)
{
    if (v.tag != VM_OBJECT) {
        return v;
    }
    struct vm_object *obj = sim__vm_obj(loop, v.ref);
    switch (obj->kind) {
    case VM_OBJ_ARRAY:
        return array_string(loop, v.ref, 0);
    case VM_OBJ_ERROR: {
        /* Error.prototype.toString: "name: message", or one of them when the other is empty. */
        struct vm_value name = sim__vm_to_string(
            loop, sim__vm_get(loop, v, sim__vm_cstring(loop, "name")));
        struct vm_value msg = sim__vm_to_string(
            loop, sim__vm_get(loop, v, sim__vm_cstring(loop, "message")));
        uint32_t nl;
        uint32_t ml;
        const char *n = sim__vm_str(loop, name, &nl);
        const char *m = sim__vm_str(loop, msg, &ml);
        if (ml == 0) {
            return name;
        }
        if (nl == 0) {
            return msg;
        }
        char *buf = malloc((size_t)nl + ml + 3);
        if (buf == NULL) {
            loop->error = SIM_ENOMEM;
            return vm_undefined();
        }
        memcpy(buf, n, nl);
        memcpy(buf + nl, ": ", 2);
        memcpy(buf + nl + 2, m, ml);
        struct vm_value r = sim__vm_string(loop, buf, nl + ml + 2);
        free(buf);
        return r;
    }
    case VM_OBJ_FUNCTION:
    case VM_OBJ_NATIVE:
        return sim__vm_describe(loop, v.ref);
    case VM_OBJ_BUFFER:
        return sim__vm_buffer_text(loop, v.ref); /* Buffer.prototype.toString: utf8 */
    default:
        return sim__vm_cstring(loop, "[object Object]");
    }
}

struct vm_value sim__vm_to_string(struct sim_loop *loop, struct vm_value v)
{
    switch (v.tag) {
    case VM_STRING:
        return v;
    case VM_NUMBER:
        return sim__vm_number_string(loop, v.num);
    case VM_BOOL:
        return sim__vm_cstring(loop, v.ref ? "true" : "false");
    case VM_NULL:
        return sim__vm_cstring(loop, "null");
    case VM_OBJECT:
        return sim__vm_to_string(loop, to_primitive(loop, v));
    default:
        return sim__vm_cstring(loop, "undefined");
    }
}

struct vm_value sim__vm_typeof(struct sim_loop *loop, struct vm_value v)
{
    const char *t = "undefined";
    switch (v.tag) {
    case VM_NULL:
        t = "object";
        break;
    case VM_BOOL:
        t = "boolean";
        break;
    case VM_NUMBER:
        t = "number";
        break;
    case VM_STRING:
        t = "string";
        break;
    case VM_OBJECT:
        t = sim__vm_is_callable(loop, v) ? "function" : "object";
        break;
    default:
        break;
    }
    return sim__vm_cstring(loop, t);
}

/* ---- Equality and comparison ------------------------------------------------------------- */

bool sim__vm_strict_equal(const struct sim_loop *loop, struct vm_value a, struct vm_value b)
{
    if (a.tag != b.tag) {
        return false;
    }
    switch (a.tag) {
    case VM_NUMBER:
        return a.num == b.num;
    case VM_STRING:
        return sim__vm_str_eq(loop, a, b);
    case VM_UNDEFINED:
    case VM_NULL:
        return true;
    default:
        return a.ref == b.ref;
    }
}

static bool loose_equal(struct sim_loop *loop, struct vm_value a, struct vm_value b)
{
    if (a.tag == b.tag) {
        return sim__vm_strict_equal(loop, a, b);
    }
    bool an = a.tag == VM_NULL || a.tag == VM_UNDEFINED;
    bool bn = b.tag == VM_NULL || b.tag == VM_UNDEFINED;
    if (an || bn) {
        return an && bn;
    }
    if (a.tag == VM_OBJECT) {
        return loose_equal(loop, to_primitive(loop, a), b);
    }
    if (b.tag == VM_OBJECT) {
        return loose_equal(loop, a, to_primitive(loop, b));
    }
    return sim__vm_to_number(loop, a) == sim__vm_to_number(loop, b);
}

/* a < b per IsLessThan; NaN compares false (returned as -1: "undefined"). */
static int less_than(struct sim_loop *loop, struct vm_value a, struct vm_value b)
{
    a = to_primitive(loop, a);
    b = to_primitive(loop, b);
    if (a.tag == VM_STRING && b.tag == VM_STRING) {
        uint32_t la;
        uint32_t lb;
        const char *sa = sim__vm_str(loop, a, &la);
        const char *sb = sim__vm_str(loop, b, &lb);
        int c = memcmp(sa, sb, la < lb ? la : lb);
        return c < 0 || (c == 0 && la < lb);
    }
    double x = sim__vm_to_number(loop, a);
    double y = sim__vm_to_number(loop, b);
    if (isnan(x) || isnan(y)) {
        return -1;
    }
    return x < y;
}

static struct vm_value concat(struct sim_loop *loop, struct vm_value a, struct vm_value b)
{
    uint32_t la;
    uint32_t lb;
    const char *sa = sim__vm_str(loop, a, &la);
    const char *sb = sim__vm_str(loop, b, &lb);
    if ((uint64_t)la + lb > VM_MAX_STRING) {
        sim__vm_throw_error(loop, VM_RANGE_ERROR, "Invalid string length");
        return vm_undefined();
    }
    char *buf = malloc((size_t)la + lb + 1);
    if (buf == NULL) {
        loop->error = SIM_ENOMEM;
        return vm_undefined();
    }
    memcpy(buf, sa, la);
    sa = NULL;
    /* sim__vm_str's pointer may move when the string array grows: b is read before. */
    memcpy(buf + la, sb, lb);
    struct vm_value r = sim__vm_string(loop, buf, la + lb);
    free(buf);
    return r;
}

static struct vm_value add(struct sim_loop *loop, struct vm_value a, struct vm_value b)
{
    a = to_primitive(loop, a);
    b = to_primitive(loop, b);
    if (a.tag == VM_STRING || b.tag == VM_STRING) {
        struct vm_value sa = sim__vm_to_string(loop, a);
        struct vm_value sb = sim__vm_to_string(loop, b);
        return concat(loop, sa, sb);
    }
    return vm_number(sim__vm_to_number(loop, a) + sim__vm_to_number(loop, b));
}

double sim__vm_remainder(double a, double b)
{
    if (a >= 1 && a <= 9007199254740991.0 && b >= 1 && b <= 9007199254740991.0 &&
        a == (double)(int64_t)a && b == (double)(int64_t)b) {
        /* positive whole numbers (k % 2; not -0 % 2, which is -0): exact in integers and many
           times cheaper than fmod */
        return (double)((int64_t)a % (int64_t)b);
    }
    return fmod(a, b); /* the dividend's sign, as JavaScript's % */
}

struct vm_value sim__vm_binary(struct sim_loop *loop, enum js_op op, struct vm_value a,
                               struct vm_value b)
{
    switch (op) {
    case JS_OP_ADD:
        return add(loop, a, b);
    case JS_OP_SEQ:
        return vm_bool(sim__vm_strict_equal(loop, a, b));
    case JS_OP_SNE:
        return vm_bool(!sim__vm_strict_equal(loop, a, b));
    case JS_OP_EQ:
        return vm_bool(loose_equal(loop, a, b));
    case JS_OP_NE:
        return vm_bool(!loose_equal(loop, a, b));
    case JS_OP_LT:
        return vm_bool(less_than(loop, a, b) == 1);
    case JS_OP_GT:
        return vm_bool(less_than(loop, b, a) == 1);
    case JS_OP_LE:
        return vm_bool(less_than(loop, b, a) == 0);
    case JS_OP_GE:
        return vm_bool(less_than(loop, a, b) == 0);
    default:
        break;
    }
    double x = sim__vm_to_number(loop, a);
    double y = sim__vm_to_number(loop, b);
    struct vm_value r;
    if (sim__vm_number_op(op, x, y, &r)) {
        return r; /* - * / % */
    }
    switch (op) {
    case JS_OP_EXP:
        return vm_number(isnan(y) || ((x == 1 || x == -1) && isinf(y)) ? NAN : pow(x, y));
    case JS_OP_BITAND:
        return vm_number(to_int32(x) & to_int32(y));
    case JS_OP_BITOR:
        return vm_number(to_int32(x) | to_int32(y));
    case JS_OP_BITXOR:
        return vm_number(to_int32(x) ^ to_int32(y));
    case JS_OP_SHL:
        return vm_number((int32_t)((uint32_t)to_int32(x) << (to_int32(y) & 31)));
    case JS_OP_SHR:
        return vm_number(to_int32(x) >> (to_int32(y) & 31));
    case JS_OP_USHR:
        return vm_number((uint32_t)to_int32(x) >> (to_int32(y) & 31));
    default:
        return vm_number(NAN);
    }
}

struct vm_value sim__vm_unary(struct sim_loop *loop, enum js_op op, struct vm_value a)
{
    switch (op) {
    case JS_OP_NOT:
        return vm_bool(!sim__vm_truthy(loop, a));
    case JS_OP_NEG:
        return vm_number(-sim__vm_to_number(loop, a));
    case JS_OP_PLUS:
        return vm_number(sim__vm_to_number(loop, a));
    case JS_OP_BITNOT:
        return vm_number(~to_int32(sim__vm_to_number(loop, a)));
    case JS_OP_VOID:
        return vm_undefined();
    default:
        return vm_undefined();
    }
}
