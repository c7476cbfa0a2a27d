/*
 * buf.h - a growable byte buffer that printers build one output line in.
 *
 * Printers format a whole line here and hand it to stdio in one fwrite: one call per event
 * instead of one per field keeps the trace at millions of events per second. The appenders
 * never fail; an allocation failure is remembered and reported by ui_buf_write.
 */
#ifndef UI_BUF_H
#define UI_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sim.h"

struct ui_buf {
    char *data;     /* owned; not NUL-terminated */
    size_t len;
    size_t cap;
    bool oom;       /* an append could not grow the buffer; the content is incomplete */
};

/* Sets up an empty buffer in caller memory. */
void ui_buf_init(struct ui_buf *buf);

/* Frees what the buffer holds; accepts NULL. */
void ui_buf_finish(struct ui_buf *buf);

/* The slow path of ui_buf_reserve: grows the buffer; false (and `oom` set) when it cannot. */
bool ui_buf_grow(struct ui_buf *buf, size_t extra);

/*
 * The appenders below are inline: the printers call them several times per event with short
 * literal strings, whose strlen and memcpy the compiler can then fold.
 */

/* Makes room for `extra` more bytes; false (and `oom` set) when memory ran out. */
static inline bool ui_buf_reserve(struct ui_buf *buf, size_t extra)
{
    return extra <= buf->cap - buf->len || ui_buf_grow(buf, extra);
}

/* Appends `len` bytes. */
static inline void ui_buf_put(struct ui_buf *buf, const char *s, size_t len)
{
    if (len != 0 && ui_buf_reserve(buf, len)) {
        memcpy(buf->data + buf->len, s, len);
        buf->len += len;
    }
}

/* Appends a NUL-terminated string. */
static inline void ui_buf_puts(struct ui_buf *buf, const char *s)
{
    ui_buf_put(buf, s, strlen(s));
}

/* Appends one byte. */
static inline void ui_buf_putc(struct ui_buf *buf, char c)
{
    if (ui_buf_reserve(buf, 1)) {
        buf->data[buf->len++] = c;
    }
}

/*
 * Makes room for one more item of `size` bytes in the array *items holding `count` of *cap:
 * doubles it (from 64) when full. False when out of memory, the array left as it was.
 */
bool ui_array_grow(void **items, size_t *cap, size_t count, size_t size);

/*
 * Appends text[0..len) wrapped at `width` bytes: words (split at single spaces) go on while
 * they fit, each line begins with `indent` spaces, and the last ends with a newline.
 */
void ui_buf_put_wrapped(struct ui_buf *buf, const char *text, size_t len, size_t indent,
                        size_t width);

/* Appends spaces until the line is at least `col` bytes long. */
static inline void ui_buf_pad_to(struct ui_buf *buf, size_t col)
{
    /* Most pads are a few spaces: one fixed-size copy of a row of them is cheaper than memset. */
    static const char spaces[32] = "                                ";
    if (buf->len >= col || !ui_buf_reserve(buf, col - buf->len + sizeof spaces)) {
        return;
    }
    if (col - buf->len <= sizeof spaces) {
        memcpy(buf->data + buf->len, spaces, sizeof spaces);
    } else {
        memset(buf->data + buf->len, ' ', col - buf->len);
    }
    buf->len = col;
}

/* Appends `s` padded with spaces on the left to `width` bytes (nothing is cut). */
void ui_buf_put_right(struct ui_buf *buf, const char *s, size_t width);

/* The same for the `len` bytes at `s`, when the length is known. */
void ui_buf_put_right_n(struct ui_buf *buf, const char *s, size_t len, size_t width);

/* Room for any number ui_fmt_* writes, NUL included. */
#define UI_FMT_SIZE 32

/* Writes `value` in decimal into out (UI_FMT_SIZE bytes), NUL-terminated; returns its length. */
size_t ui_fmt_u64(char *out, uint64_t value);

/* Writes virtual ns as milliseconds with three decimals ("12.500") into out, like ui_fmt_u64. */
size_t ui_fmt_ms(char *out, uint64_t ns);

/* Appends an unsigned decimal number. */
void ui_buf_u64(struct ui_buf *buf, uint64_t value);

/* Appends a signed decimal number. */
void ui_buf_i64(struct ui_buf *buf, int64_t value);

/* Appends virtual nanoseconds as milliseconds with three decimals, e.g. "12.500". */
void ui_buf_ms(struct ui_buf *buf, uint64_t ns);

/*
 * Appends `len` bytes as a JSON string literal, quotes included. UTF-8 is kept as is, but not
 * control characters: C0, DEL and the C1 controls (U+0080..U+009F) are escaped, so the literal
 * is as safe to show on a terminal as it is valid JSON. A byte that is not UTF-8 becomes \u00XX.
 */
void ui_buf_json_bytes(struct ui_buf *buf, const char *s, size_t len);

/* Appends a NUL-terminated string as a JSON string literal. */
void ui_buf_json_string(struct ui_buf *buf, const char *s);

/*
 * Appends `len` bytes for a terminal, unquoted: control characters escaped as in
 * ui_buf_json_bytes (\n, \u001b ...), so text from a scenario cannot retitle, clear or move
 * about the user's terminal; everything else as is.
 */
void ui_buf_put_term(struct ui_buf *buf, const char *s, size_t len);

/* The same for a NUL-terminated string. */
void ui_buf_puts_term(struct ui_buf *buf, const char *s);

/*
 * Appends `len` bytes as XML (and HTML) text or attribute value: & < > " as entities, the
 * control characters XML 1.0 forbids as spaces, and a character it cannot hold (bytes that are
 * not UTF-8, a lone surrogate, the C1 controls) as U+FFFD, so the document stays well-formed.
 */
void ui_buf_put_xml(struct ui_buf *buf, const char *s, size_t len);

/* Appends the reason of `ev` as a sentence (sim_event_reason). */
void ui_buf_reason(struct ui_buf *buf, const struct sim_event *ev);

/* Drops trailing spaces. */
static inline void ui_buf_trim(struct ui_buf *buf)
{
    while (buf->len > 0 && buf->data[buf->len - 1] == ' ') {
        buf->len--;
    }
}

/*
 * Writes the content to `fp` and empties the buffer. Returns 0, or -1 with errno set (ENOMEM
 * when an append had failed, else fwrite's error).
 */
int ui_buf_write(struct ui_buf *buf, FILE *fp);

#endif
