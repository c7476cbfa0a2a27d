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

void ui_buf_put_wrapped(struct ui_buf *buf, const char *text, size_t len, size_t indent,
                        size_t width)
{
    size_t col = 0;
    bool fresh = true; /* at the start of a line, its indent not written yet */
    for (size_t i = 0; i < len;) {
        size_t end = i;
        while (end < len && text[end] != ' ') {
            end++;
        }
        if (!fresh && col > indent && col + 1 + (end - i) > width) {
            ui_buf_putc(buf, '\n');
            fresh = true;
        }
        if (fresh) {
            for (size_t k = 0; k < indent; k++) {
                ui_buf_putc(buf, ' ');
            }
            col = indent;
            fresh = false;
        } else if (col > indent) {
            ui_buf_putc(buf, ' ');
            col++;
        }
        ui_buf_put(buf, text + i, end - i);
        col += end - i;
        i = end < len ? end + 1 : end;
    }
    ui_buf_putc(buf, '\n');
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

size_t ui_fmt_u64(char *out, uint64_t value)
{
    size_t len = sim_format_u64(out, value);
    out[len] = '\0';
    return len;
}

size_t ui_fmt_ms(char *out, uint64_t ns)
{
    size_t len = sim_format_ms(out, ns, false);
    out[len] = '\0';
    return len;
}

void ui_buf_u64(struct ui_buf *buf, uint64_t value)
{
    if (ui_buf_reserve(buf, SIM_FORMAT_U64_MAX)) {
        buf->len += sim_format_u64(buf->data + buf->len, value);
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
    if (ui_buf_reserve(buf, SIM_FORMAT_MS_MAX)) {
        buf->len += sim_format_ms(buf->data + buf->len, ns, false);
    }
}

/*
 * The length of the valid UTF-8 sequence at p that starts with a byte >= 0x80, or 0 when it is
 * not one (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF). `end`
 * bounds it; NULL: the text ends at a NUL, which no continuation byte is, so nothing past it is
 * read.
 */
static size_t utf8_length(const unsigned char *p, const unsigned char *end)
{
    size_t n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : 2;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (p[0] < 0xC2 || p[0] > 0xF4 || (end != NULL && (size_t)(end - p) < n)) {
        return 0;
    }
    if (p[0] == 0xE0) {
        lo = 0xA0;
    } else if (p[0] == 0xED) {
        hi = 0x9F;
    } else if (p[0] == 0xF0) {
        lo = 0x90;
    } else if (p[0] == 0xF4) {
        hi = 0x8F;
    }
    if (p[1] < lo || p[1] > hi) {
        return 0;
    }
    for (size_t i = 2; i < n; i++) {
        if (p[i] < 0x80 || p[i] > 0xBF) {
            return 0;
        }
    }
    return n;
}

/* Is c printable ASCII that stands for itself (in JSON, '"' and '\\' do not)? */
static inline bool plain_ascii(unsigned char c, bool json)
{
    return (unsigned)(c - 0x20) < 0x5f && !(json && (c == '"' || c == '\\'));
}

/*
 * How many bytes at p (a byte that is not plain ASCII) stand for themselves, 0 when the
 * character must be escaped. Control characters never do: C0, DEL, and the C1 controls
 * U+0080..U+009F, which a terminal may obey as well (U+009B is CSI). Nor do bytes that are not
 * UTF-8, nor '"' and '\\' in JSON.
 */
static size_t plain_length(const unsigned char *p, const unsigned char *end)
{
    if (*p < 0x80) {
        return 0;
    }
    size_t n = utf8_length(p, end);
    return n == 2 && p[0] == 0xC2 && p[1] < 0xA0 ? 0 : n;
}

/*
 * Appends the escape of the character at p, which plain_length refused, and returns the bytes it
 * stood for: \\n and the like, \\u00XX for other controls (the C1 code point for a C1 one, the
 * byte's value for a byte that is not UTF-8).
 */
static size_t put_escape(struct ui_buf *buf, const unsigned char *p)
{
    static const char hex[] = "0123456789abcdef";
    static const char shorts[][2] = {
        {'"', '"'}, {'\\', '\\'}, {'\n', 'n'}, {'\r', 'r'}, {'\t', 't'}, {'\b', 'b'}, {'\f', 'f'},
    };
    for (size_t i = 0; i < sizeof shorts / sizeof shorts[0]; i++) {
        if (*p == (unsigned char)shorts[i][0]) {
            char esc[2] = {'\\', shorts[i][1]};
            ui_buf_put(buf, esc, 2);
            return 1;
        }
    }
    /* plain_length refused C2 80..9F as a whole: p[1] is there and a continuation byte. */
    bool c1 = p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0;
    unsigned char c = c1 ? p[1] : p[0];
    char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
    ui_buf_put(buf, esc, sizeof esc);
    return c1 ? 2 : 1;
}

/*
 * Appends the text at s with what must be escaped escaped: `len` bytes, or up to its NUL when
 * `len` is SIZE_MAX (one pass, no strlen). Runs of plain ASCII, nearly all of a trace, are
 * copied whole.
 */
static void put_escaped(struct ui_buf *buf, const char *s, size_t len, bool json)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = len == SIZE_MAX ? NULL : p + len;
    const unsigned char *run = p;
    for (;;) {
        while ((end == NULL || p < end) && plain_ascii(*p, json)) {
            p++;
        }
        if ((end != NULL && p == end) || (end == NULL && *p == '\0')) {
            break;
        }
        size_t n = plain_length(p, end);
        if (n != 0) {
            p += n;
            continue;
        }
        ui_buf_put(buf, (const char *)run, (size_t)(p - run));
        p += put_escape(buf, p);
        run = p;
    }
    ui_buf_put(buf, (const char *)run, (size_t)(p - run));
}

void ui_buf_json_bytes(struct ui_buf *buf, const char *s, size_t len)
{
    ui_buf_putc(buf, '"');
    put_escaped(buf, s, len, true);
    ui_buf_putc(buf, '"');
}

void ui_buf_json_string(struct ui_buf *buf, const char *s)
{
    ui_buf_putc(buf, '"');
    put_escaped(buf, s, SIZE_MAX, true);
    ui_buf_putc(buf, '"');
}

void ui_buf_put_term(struct ui_buf *buf, const char *s, size_t len)
{
    put_escaped(buf, s, len, false);
}

void ui_buf_puts_term(struct ui_buf *buf, const char *s)
{
    put_escaped(buf, s, SIZE_MAX, false);
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

/*
 * The length of the UTF-8 character at `s` (at most `len` bytes) that XML may hold, or 0: a
 * byte that starts no character, an overlong form, a surrogate, a C1 control or past U+10FFFF.
 */
static size_t xml_char_length(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = u[0] >= 0xF0 && u[0] <= 0xF4 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || n > len || (n == 3 && u[0] > 0xEF)) {
        return 0;
    }
    uint32_t cp = u[0] & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            return 0;
        }
        cp = cp << 6 | (u[i] & 0x3Fu);
    }
    bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    bool bad = (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF || (cp >= 0x80 && cp <= 0x9F) ||
               cp == 0xFFFE || cp == 0xFFFF;
    return overlong || bad ? 0 : n;
}

void ui_buf_put_xml(struct ui_buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&':
            ui_buf_puts(b, "&amp;");
            continue;
        case '<':
            ui_buf_puts(b, "&lt;");
            continue;
        case '>':
            ui_buf_puts(b, "&gt;");
            continue;
        case '"':
            ui_buf_puts(b, "&quot;");
            continue;
        default:
            break;
        }
        if (c < 0x80) {
            /* XML 1.0 has no control characters but tab and newline; DEL is discouraged. */
            ui_buf_putc(b, (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F ? ' ' : (char)c);
            continue;
        }
        size_t n = xml_char_length(s + i, len - i);
        if (n == 0) {
            /* U+FFFD for a character XML cannot hold (a lone surrogate, as JavaScript strings
             * may have): its lead byte and the continuation bytes after it. */
            ui_buf_puts(b, "\xEF\xBF\xBD");
            for (size_t k = 0; k < 3 && i + 1 < len && ((unsigned char)s[i + 1] & 0xC0) == 0x80;
                 k++) {
                i++;
            }
        } else {
            ui_buf_put(b, s + i, n);
            i += n - 1;
        }
    }
}
