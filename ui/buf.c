/*
 * buf.c - the growable line buffer and its formatters (numbers, milliseconds, JSON strings).
 *
 * Hand-written formatters instead of snprintf: the trace calls them several times per event,
 * and a trace may have millions of events.
 */
#include "buf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void ui_buf_init(struct ui_buf *buf)
{
    buf->data = NULL;
    buf->len = 0;
    buf->cap = 0;
    buf->oom = false;
}

void ui_buf_finish(struct ui_buf *buf)
{
    if (buf == NULL) {
        return;
    }
    free(buf->data);
    ui_buf_init(buf);
}

bool ui_buf_grow(struct ui_buf *buf, size_t extra)
{
    if (buf->oom) {
        return false;
    }
    size_t cap = buf->cap ? buf->cap : 256;
    while (cap - buf->len < extra) {
        if (cap > SIZE_MAX / 2) {
            buf->oom = true;
            return false;
        }
        cap *= 2;
    }
    char *data = realloc(buf->data, cap);
    if (data == NULL) {
        buf->oom = true;
        return false;
    }
    buf->data = data;
    buf->cap = cap;
    return true;
}

bool ui_array_grow(void **items, size_t *cap, size_t count, size_t size)
{
    if (count < *cap) {
        return true;
    }
    size_t ncap = *cap != 0 ? *cap * 2 : 64;
    if (ncap > SIZE_MAX / size) {
        return false;
    }
    void *bigger = realloc(*items, ncap * size);
    if (bigger == NULL) {
        return false;
    }
    *items = bigger;
    *cap = ncap;
    return true;
}

void ui_buf_pad_to(struct ui_buf *buf, size_t col)
{
    if (buf->len >= col || !ui_buf_reserve(buf, col - buf->len)) {
        return;
    }
    memset(buf->data + buf->len, ' ', col - buf->len);
    buf->len = col;
}

void ui_buf_put_right(struct ui_buf *buf, const char *s, size_t width)
{
    ui_buf_put_right_n(buf, s, strlen(s), width);
}

void ui_buf_put_right_n(struct ui_buf *buf, const char *s, size_t len, size_t width)
{
    if (len < width) {
        ui_buf_pad_to(buf, buf->len + (width - len));
    }
    ui_buf_put(buf, s, len);
}

/* The number of decimal digits of `value`: from its bit length, then one comparison. */
static size_t digits_u64(uint64_t value)
{
    static const uint64_t powers[20] = {
        1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u,
        10000000000u, 100000000000u, 1000000000000u, 10000000000000u, 100000000000000u,
        1000000000000000u, 10000000000000000u, 100000000000000000u, 1000000000000000000u,
        10000000000000000000u,
    };
    /* 1233 / 4096 is just above log10(2): a number of `bits` bits has at least
     * floor(bits * 1233 / 4096) digits (at most 19 for 64 bits), and one more where it reaches
     * the next power of ten. `| 1` makes 0 a one-digit number and changes no other answer. */
    unsigned bits = 64u - (unsigned)__builtin_clzll(value | 1u);
    size_t n = (bits * 1233u) >> 12;
    return n + ((value | 1u) >= powers[n]);
}

/*
 * Writes `value` in decimal at `out`, exactly digits_u64(value) bytes, no NUL: the digits go
 * straight to where they belong, two per division, with no scratch copy.
 */
static size_t put_digits(char *out, uint64_t value)
{
    static const char pairs[201] = "000102030405060708091011121314151617181920212223242526272829"
                                   "303132333435363738394041424344454647484950515253545556575859"
                                   "606162636465666768697071727374757677787980818283848586878889"
                                   "90919293949596979899";
    size_t len = digits_u64(value);
    char *p = out + len;
    while (value >= 100) {
        unsigned d = (unsigned)(value % 100) * 2;
        value /= 100;
        *--p = pairs[d + 1];
        *--p = pairs[d];
    }
    if (value >= 10) {
        unsigned d = (unsigned)value * 2;
        *--p = pairs[d + 1];
        *--p = pairs[d];
    } else {
        *--p = (char)('0' + value);
    }
    return len;
}

/* Writes virtual ns as milliseconds with three decimals at `out`, no NUL; returns the length. */
static size_t put_ms(char *out, uint64_t ns)
{
    /* Truncated to whole microseconds, so a time never shows later than it is. */
    uint64_t us = (ns / 1000) % 1000;
    size_t len = put_digits(out, ns / 1000000);
    out[len++] = '.';
    out[len++] = (char)('0' + us / 100);
    out[len++] = (char)('0' + us / 10 % 10);
    out[len++] = (char)('0' + us % 10);
    return len;
}

size_t ui_fmt_u64(char *out, uint64_t value)
{
    size_t len = put_digits(out, value);
    out[len] = '\0';
    return len;
}

size_t ui_fmt_ms(char *out, uint64_t ns)
{
    size_t len = put_ms(out, ns);
    out[len] = '\0';
    return len;
}

/* The most bytes put_digits and put_ms write. */
enum { DIGITS_MAX = 20, MS_MAX = DIGITS_MAX + 4 };

void ui_buf_u64(struct ui_buf *buf, uint64_t value)
{
    if (ui_buf_reserve(buf, DIGITS_MAX)) {
        buf->len += put_digits(buf->data + buf->len, value);
    }
}

void ui_buf_i64(struct ui_buf *buf, int64_t value)
{
    if (value < 0) {
        ui_buf_putc(buf, '-');
        /* Negate in unsigned arithmetic so INT64_MIN does not overflow. */
        ui_buf_u64(buf, (uint64_t)0 - (uint64_t)value);
    } else {
        ui_buf_u64(buf, (uint64_t)value);
    }
}

void ui_buf_ms(struct ui_buf *buf, uint64_t ns)
{
    if (ui_buf_reserve(buf, MS_MAX)) {
        buf->len += put_ms(buf->data + buf->len, ns);
    }
}

/* Whether a byte may stand for itself in a JSON string (0x7f is escaped too, for the eyes). */
static bool json_plain(unsigned char c)
{
    return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f;
}

/* The escape of a byte json_plain refuses; `tmp` holds a \u00XX one. */
static const char *json_escape(unsigned char c, char tmp[7])
{
    static const char hex[] = "0123456789abcdef";
    switch (c) {
    case '"':
        return "\\\"";
    case '\\':
        return "\\\\";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    case '\b':
        return "\\b";
    case '\f':
        return "\\f";
    default:
        memcpy(tmp, "\\u00", 4);
        tmp[4] = hex[c >> 4];
        tmp[5] = hex[c & 15];
        tmp[6] = '\0';
        return tmp;
    }
}

void ui_buf_json_bytes(struct ui_buf *buf, const char *s, size_t len)
{
    ui_buf_putc(buf, '"');
    const char *run = s;
    for (const char *p = s; p < s + len; p++) {
        if (!json_plain((unsigned char)*p)) {
            char tmp[7];
            ui_buf_put(buf, run, (size_t)(p - run));
            ui_buf_puts(buf, json_escape((unsigned char)*p, tmp));
            run = p + 1;
        }
    }
    ui_buf_put(buf, run, (size_t)(s + len - run));
    ui_buf_putc(buf, '"');
}

void ui_buf_json_string(struct ui_buf *buf, const char *s)
{
    ui_buf_json_bytes(buf, s, strlen(s));
}

void ui_buf_reason(struct ui_buf *buf, const struct sim_event *ev)
{
    /* Format straight into the buffer's tail; retry once with the length it asked for. */
    if (!ui_buf_reserve(buf, 256)) {
        return;
    }
    size_t room = buf->cap - buf->len;
    size_t need = sim_event_reason(ev, buf->data + buf->len, room);
    if (need >= room) {
        if (!ui_buf_reserve(buf, need + 1)) {
            return;
        }
        sim_event_reason(ev, buf->data + buf->len, need + 1);
    }
    buf->len += need;
}

void ui_buf_trim(struct ui_buf *buf)
{
    while (buf->len > 0 && buf->data[buf->len - 1] == ' ') {
        buf->len--;
    }
}

int ui_buf_write(struct ui_buf *buf, FILE *fp)
{
    if (buf->oom) {
        errno = ENOMEM;
        return -1;
    }
    size_t len = buf->len;
    buf->len = 0;
    if (len != 0 && fwrite(buf->data, 1, len, fp) != len) {
        return -1;
    }
    return 0;
}
