/*
 * json.c - a strict JSON (RFC 8259) scanner with positions, and the readers of what it scanned,
 * for the loader.
 *
 * The scanner checks that the bytes are text (no NUL, valid UTF-8), then that they are one JSON
 * value: no comments, trailing commas, NaN or Infinity, leading zeros, bad escapes, raw control
 * characters, lone surrogates or \u0000 in strings. On the way it records the offset of every
 * value and key in document pre-order (see json.h). The readers then take a value from the text
 * when the loader asks: they can trust what the scan accepted.
 *
 * It does not recurse: the arrays and objects still open live on a fixed stack of
 * SIM_MAX_NESTING entries, so no input, however deep, can exhaust the C stack. It does no I/O.
 */
#include "json.h"

#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "program.h"

/* What the scanner expects next. */
enum want {
    WANT_VALUE,   /* a value: the document, an array element, a member's value */
    WANT_KEY,     /* a member's key (after '{' or ',') */
    WANT_MORE,    /* after a value: ',', a closing bracket, or the end of the text */
    WANT_NOTHING, /* the document is complete */
};

/* One array or object still open. */
struct open_container {
    char close;     /* ']' or '}' */
    uint32_t entry; /* its entry in the positions, whose `end` is set when it closes */
};

struct scanner {
    const unsigned char *s;
    size_t len;
    size_t i; /* the next byte to read */
    struct json_doc *out;
    size_t cap;     /* room in out->pos */
    uint32_t depth; /* containers open */
    struct open_container open[SIM_MAX_NESTING];
};

/* ---- Failing ------------------------------------------------------------------------------ */

/* Records why the scan stops, at byte `offset`; returns the negated code. */
static int fail(struct scanner *sc, int code, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(struct scanner *sc, int code, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sc->out->message, sizeof(sc->out->message), fmt, ap);
    va_end(ap);
    sc->out->code = code;
    sc->out->err_offset = offset;
    return -code;
}

/* ---- Text: no NUL, valid UTF-8 ------------------------------------------------------------ */

/*
 * The length of the valid UTF-8 sequence at s[i] (i < len), or 0 with *why saying what is wrong.
 * RFC 3629: no overlong forms, no UTF-16 surrogates, nothing above U+10FFFF.
 */
static size_t utf8_length(const unsigned char *s, size_t len, size_t i, const char **why)
{
    static const uint32_t min_of[5] = {0, 0, 0x80, 0x800, 0x10000};
    unsigned char c = s[i];
    size_t n = c < 0x80 ? 1 : c < 0xC0 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF8 ? 4 : 0;
    if (n == 0) {
        *why = c < 0xC0 ? "a continuation byte without a lead byte" : "a byte UTF-8 never uses";
        return 0;
    }
    uint32_t cp = n == 1 ? c : (uint32_t)(c & (0x7F >> n));
    for (size_t k = 1; k < n; k++) {
        if (i + k >= len || (s[i + k] & 0xC0) != 0x80) {
            *why = "a sequence cut short";
            return 0;
        }
        cp = (cp << 6) | (s[i + k] & 0x3Fu);
    }
    if (cp < min_of[n]) {
        *why = "an overlong encoding";
        return 0;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
        *why = "an encoded UTF-16 surrogate";
        return 0;
    }
    if (cp > 0x10FFFF) {
        *why = "a code point above U+10FFFF";
        return 0;
    }
    return n;
}

/* True when none of the 8 bytes at p is NUL or above 0x7F: the common case, checked at once. */
static bool plain_ascii8(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof(w));
    const uint64_t ones = 0x0101010101010101ULL;
    const uint64_t highs = 0x8080808080808080ULL;
    return (w & highs) == 0 && ((w - ones) & ~w & highs) == 0;
}

size_t sim__text_check(const char *buf, size_t len, char *msg, size_t size)
{
    const unsigned char *s = (const unsigned char *)buf;
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
        snprintf(msg, size, "not UTF-8: the file starts with a UTF-16 byte order mark; "
                            "save it as UTF-8");
        return 0;
    }
    size_t i = 0;
    while (i < len) {
        if (len - i >= 8 && plain_ascii8(s + i)) {
            i += 8;
            continue;
        }
        if (s[i] == 0) {
            snprintf(msg, size, "not a text file: NUL byte");
            return i;
        }
        const char *why = NULL;
        size_t n = utf8_length(s, len, i, &why);
        if (n == 0) {
            snprintf(msg, size, "invalid UTF-8 at byte 0x%02X: %s", s[i], why);
            return i;
        }
        i += n;
    }
    return len;
}

/* Refuses bytes that are not UTF-8 text: a NUL anywhere, or an invalid sequence. */
static int check_text(struct scanner *sc)
{
    char msg[sizeof(sc->out->message)];
    size_t at = sim__text_check((const char *)sc->s, sc->len, msg, sizeof(msg));
    if (at < sc->len) {
        return fail(sc, SIM_ESYNTAX, at, "%s", msg);
    }
    return 0;
}

/* ---- Positions and containers ------------------------------------------------------------- */

/* Appends an entry for the value or key starting at the current byte. */
static int record(struct scanner *sc)
{
    struct json_doc *out = sc->out;
    if (out->count == sc->cap) {
        size_t cap = sc->cap != 0 ? sc->cap * 2 : 1024;
        struct json_pos *pos = realloc(out->pos, cap * sizeof(*pos));
        if (pos == NULL) {
            return fail(sc, SIM_ENOMEM, sc->i, "out of memory");
        }
        out->pos = pos;
        sc->cap = cap;
    }
    out->pos[out->count] = (struct json_pos){(uint32_t)sc->i, (uint32_t)out->count + 1};
    out->count++;
    return 0;
}

/* Opens the array or object whose entry was just recorded, at its bracket. */
static int open_container(struct scanner *sc, char close)
{
    if (sc->depth == SIM_MAX_NESTING) {
        return fail(sc, SIM_ELIMIT, sc->i, "nesting deeper than %d levels (the loader's limit)",
                    SIM_MAX_NESTING);
    }
    sc->open[sc->depth++] = (struct open_container){close, (uint32_t)sc->out->count - 1};
    sc->i++;
    return 0;
}

/* Closes the innermost container at its closing bracket: its entry now spans its contents. */
static void close_container(struct scanner *sc)
{
    struct open_container *c = &sc->open[--sc->depth];
    sc->out->pos[c->entry].end = (uint32_t)sc->out->count;
    sc->i++;
}

/* ---- Tokens ------------------------------------------------------------------------------- */

static void skip_space(struct scanner *sc)
{
    while (sc->i < sc->len) {
        unsigned char c = sc->s[sc->i];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
            return;
        }
        sc->i++;
    }
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_word(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c == '$' || c == '.';
}

static bool starts_with(const struct scanner *sc, size_t at, const char *word)
{
    size_t n = strlen(word);
    return sc->len - at >= n && memcmp(sc->s + at, word, n) == 0;
}

/*
 * Refuses what stands at the current byte where `expected` should be, naming it: the end of the
 * file, a comment, NaN or Infinity, a bare word, or the character itself.
 */
static int unexpected(struct scanner *sc, const char *expected)
{
    size_t i = sc->i;
    if (i == sc->len) {
        return fail(sc, SIM_ESYNTAX, i, "unexpected end of file; expected %s", expected);
    }
    const unsigned char *s = sc->s;
    if (s[i] == '/' && i + 1 < sc->len && (s[i + 1] == '/' || s[i + 1] == '*')) {
        return fail(sc, SIM_ESYNTAX, i, "comments are not allowed in JSON");
    }
    if (starts_with(sc, i, "NaN") || starts_with(sc, i, "Infinity")) {
        return fail(sc, SIM_ESYNTAX, i, "%s is not allowed in JSON: numbers must be finite",
                    s[i] == 'N' ? "NaN" : "Infinity");
    }
    if (s[i] == '\'') {
        return fail(sc, SIM_ESYNTAX, i, "expected %s; JSON strings use double quotes", expected);
    }
    if (is_word(s[i])) {
        size_t n = 0;
        while (i + n < sc->len && n < 24 && is_word(s[i + n])) {
            n++;
        }
        return fail(sc, SIM_ESYNTAX, i, "expected %s, got '%.*s'", expected, (int)n,
                    (const char *)s + i);
    }
    if (s[i] < 0x20 || s[i] == 0x7F) {
        return fail(sc, SIM_ESYNTAX, i, "expected %s, got the control character U+%04X", expected,
                    s[i]);
    }
    const char *why = NULL;
    size_t n = utf8_length(s, sc->len, i, &why);
    return fail(sc, SIM_ESYNTAX, i, "expected %s, got '%.*s'", expected, (int)n,
                (const char *)s + i);
}

/* Reads the four hex digits of a \u escape at s[at..]; -1 when they are not four hex digits. */
static long hex4(const struct scanner *sc, size_t at)
{
    if (sc->len - at < 4) {
        return -1;
    }
    long v = 0;
    for (size_t k = 0; k < 4; k++) {
        unsigned char c = sc->s[at + k];
        int d = is_digit(c)                              ? c - '0'
                : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 87
                                                         : -1;
        if (d < 0) {
            return -1;
        }
        v = v * 16 + d;
    }
    return v;
}

/* Reads a \u escape at the backslash: a character, or a surrogate pair, but never NUL. */
static int scan_unicode_escape(struct scanner *sc)
{
    size_t at = sc->i;
    long cp = hex4(sc, at + 2);
    if (cp < 0) {
        return fail(sc, SIM_ESYNTAX, at, "expected four hex digits after \\u");
    }
    sc->i += 6;
    if (cp == 0) {
        return fail(sc, SIM_ESYNTAX, at, "\\u0000 (NUL) is not allowed in a string");
    }
    if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return fail(sc, SIM_ESYNTAX, at,
                    "lone surrogate \\u%04lX: a low surrogate must follow a high one", cp);
    }
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        long low = sc->len - sc->i >= 6 && sc->s[sc->i] == '\\' && sc->s[sc->i + 1] == 'u'
                       ? hex4(sc, sc->i + 2)
                       : -1;
        if (low < 0xDC00 || low > 0xDFFF) {
            return fail(sc, SIM_ESYNTAX, at,
                        "lone surrogate \\u%04lX: a high surrogate must be "
                        "followed by a low one (\\uDC00 to \\uDFFF)",
                        cp);
        }
        sc->i += 6;
    }
    return 0;
}

/* Reads an escape sequence at its backslash. */
static int scan_escape(struct scanner *sc)
{
    size_t at = sc->i;
    if (at + 1 == sc->len) {
        return fail(sc, SIM_ESYNTAX, at, "unterminated string: the file ends in an escape");
    }
    unsigned char c = sc->s[at + 1];
    if (c == 'u') {
        return scan_unicode_escape(sc);
    }
    if (strchr("\"\\/bfnrt", c) == NULL || c == 0) {
        if (c >= 0x20 && c < 0x7F) {
            return fail(sc, SIM_ESYNTAX, at,
                        "invalid escape '\\%c' (JSON knows \\\" \\\\ \\/ "
                        "\\b \\f \\n \\r \\t \\uXXXX)",
                        c);
        }
        return fail(sc, SIM_ESYNTAX, at, "invalid escape sequence");
    }
    sc->i += 2;
    return 0;
}

/* Reads a string at its opening quote. */
static int scan_string(struct scanner *sc)
{
    size_t start = sc->i++;
    for (;;) {
        /* The common case first: bytes that stand for themselves. */
        while (sc->i < sc->len && sc->s[sc->i] >= 0x20 && sc->s[sc->i] != '"' &&
               sc->s[sc->i] != '\\') {
            sc->i++;
        }
        if (sc->i == sc->len) {
            return fail(sc, SIM_ESYNTAX, start,
                        "unterminated string: no closing quote before the end of the file");
        }
        unsigned char c = sc->s[sc->i];
        if (c == '"') {
            sc->i++;
            return 0;
        }
        if (c == '\\') {
            int r = scan_escape(sc);
            if (r != 0) {
                return r;
            }
            continue;
        }
        if (c == '\n') {
            return fail(sc, SIM_ESYNTAX, start,
                        "unterminated string: a line break inside a string must be written \\n");
        }
        return fail(sc, SIM_ESYNTAX, sc->i,
                    "control character U+%04X inside a string must be escaped", c);
    }
}

static void skip_digits(struct scanner *sc)
{
    while (sc->i < sc->len && is_digit(sc->s[sc->i])) {
        sc->i++;
    }
}

/* Reads a number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static int scan_number(struct scanner *sc)
{
    size_t start = sc->i;
    if (sc->s[sc->i] == '-') {
        sc->i++;
        if (starts_with(sc, sc->i, "Infinity")) {
            return fail(sc, SIM_ESYNTAX, start,
                        "-Infinity is not allowed in JSON: numbers must be finite");
        }
    }
    if (sc->i == sc->len || !is_digit(sc->s[sc->i])) {
        return unexpected(sc, "a digit");
    }
    if (sc->s[sc->i] == '0' && sc->i + 1 < sc->len && is_digit(sc->s[sc->i + 1])) {
        return fail(sc, SIM_ESYNTAX, start, "leading zeros are not allowed in JSON numbers");
    }
    skip_digits(sc);
    if (sc->i < sc->len && sc->s[sc->i] == '.') {
        sc->i++;
        if (sc->i == sc->len || !is_digit(sc->s[sc->i])) {
            return unexpected(sc, "a digit after the decimal point");
        }
        skip_digits(sc);
    }
    if (sc->i < sc->len && (sc->s[sc->i] == 'e' || sc->s[sc->i] == 'E')) {
        sc->i++;
        if (sc->i < sc->len && (sc->s[sc->i] == '+' || sc->s[sc->i] == '-')) {
            sc->i++;
        }
        if (sc->i == sc->len || !is_digit(sc->s[sc->i])) {
            return unexpected(sc, "a digit in the exponent");
        }
        skip_digits(sc);
    }
    if (sc->i - start > SIM_JSON_MAX_NUMBER_CHARS) {
        return fail(sc, SIM_ELIMIT, start, "number longer than %d characters (the loader's limit)",
                    SIM_JSON_MAX_NUMBER_CHARS);
    }
    return 0;
}

/* Reads true, false or null. */
static int scan_literal(struct scanner *sc)
{
    static const char *const words[] = {"true", "false", "null"};
    for (size_t k = 0; k < 3; k++) {
        if (starts_with(sc, sc->i, words[k])) {
            sc->i += strlen(words[k]);
            return 0;
        }
    }
    return unexpected(sc, "a value");
}

/* ---- The grammar, as a loop over what is expected next ------------------------------------ */

/* A value starts here: record it, then read it or open it. */
static int scan_value(struct scanner *sc, enum want *want)
{
    if (sc->i == sc->len) {
        return unexpected(sc, "a value");
    }
    unsigned char c = sc->s[sc->i];
    if (c == '+' || c == '.') {
        return fail(sc, SIM_ESYNTAX, sc->i, "a JSON number starts with a digit or '-'");
    }
    if (c != '{' && c != '[' && c != '"' && c != '-' && !is_digit(c) && c != 't' && c != 'f' &&
        c != 'n') {
        return unexpected(sc, "a value");
    }
    int r = record(sc);
    *want = WANT_MORE;
    if (r != 0) {
        return r;
    }
    switch (c) {
    case '{':
    case '[':
        r = open_container(sc, c == '{' ? '}' : ']');
        skip_space(sc);
        if (r == 0 && sc->i < sc->len && sc->s[sc->i] == (c == '{' ? '}' : ']')) {
            close_container(sc); /* empty */
        } else {
            *want = c == '{' ? WANT_KEY : WANT_VALUE;
        }
        return r;
    case '"':
        return scan_string(sc);
    case 't':
    case 'f':
    case 'n':
        return scan_literal(sc);
    default:
        return scan_number(sc);
    }
}

/* A member's key, then its colon. */
static int scan_key(struct scanner *sc, enum want *want)
{
    if (sc->i == sc->len || sc->s[sc->i] != '"') {
        return unexpected(sc, "a key in double quotes");
    }
    int r = record(sc);
    if (r == 0) {
        r = scan_string(sc);
    }
    if (r != 0) {
        return r;
    }
    skip_space(sc);
    if (sc->i == sc->len || sc->s[sc->i] != ':') {
        return unexpected(sc, "':' after the key");
    }
    sc->i++;
    *want = WANT_VALUE;
    return 0;
}

/* After a value: a comma and the next one, the container's end, or the end of the text. */
static int scan_more(struct scanner *sc, enum want *want)
{
    if (sc->depth == 0) {
        if (sc->i < sc->len) {
            return unexpected(sc, "the end of the file after the JSON value");
        }
        *want = WANT_NOTHING;
        return 0;
    }
    char close = sc->open[sc->depth - 1].close;
    if (sc->i < sc->len && sc->s[sc->i] == close) {
        close_container(sc);
        return 0;
    }
    if (sc->i == sc->len || sc->s[sc->i] != ',') {
        return unexpected(sc, close == ']' ? "',' or ']'" : "',' or '}'");
    }
    size_t comma = sc->i++;
    skip_space(sc);
    if (sc->i < sc->len && sc->s[sc->i] == close) {
        return fail(sc, SIM_ESYNTAX, comma, "trailing comma before '%c'", close);
    }
    *want = close == ']' ? WANT_VALUE : WANT_KEY;
    return 0;
}

int sim__json_scan(const char *buf, size_t len, struct json_doc *doc)
{
    memset(doc, 0, sizeof(*doc));
    doc->text = buf;
    doc->len = len;
    struct scanner sc = {.s = (const unsigned char *)buf, .len = len, .out = doc};
    int r = check_text(&sc);
    enum want want = WANT_VALUE;
    while (r == 0 && want != WANT_NOTHING) {
        skip_space(&sc);
        switch (want) {
        case WANT_VALUE:
            r = scan_value(&sc, &want);
            break;
        case WANT_KEY:
            r = scan_key(&sc, &want);
            break;
        case WANT_MORE:
            r = scan_more(&sc, &want);
            break;
        case WANT_NOTHING:
            break;
        }
    }
    return r;
}

void sim__json_finish(struct json_doc *doc)
{
    free(doc->pos);
    doc->pos = NULL;
    doc->count = 0;
}

/* ---- Reading what was scanned ------------------------------------------------------------ */

enum json_kind sim__json_kind(const struct json_doc *doc, uint32_t at)
{
    switch (doc->text[doc->pos[at].offset]) {
    case '{':
        return JSON_OBJECT;
    case '[':
        return JSON_ARRAY;
    case '"':
        return JSON_STRING;
    case 't':
        return JSON_TRUE;
    case 'f':
        return JSON_FALSE;
    case 'n':
        return JSON_NULL;
    default:
        return JSON_NUMBER;
    }
}

uint32_t sim__json_next(const struct json_doc *doc, uint32_t at)
{
    return doc->pos[at].end;
}

size_t sim__json_raw_length(const struct json_doc *doc, uint32_t at)
{
    const char *s = doc->text + doc->pos[at].offset + 1;
    size_t n = 0;
    while (s[n] != '"') {
        n += s[n] == '\\' ? 2 : 1; /* the scan saw a closing quote: this ends before it */
    }
    return n;
}

/* The four hex digits at p, which the scan checked. */
static uint32_t hex_value(const unsigned char *p)
{
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char c = p[k];
        v = v * 16 + (uint32_t)(is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

/* A decoded string being written: what fits in `size` bytes, and how long it is in all. */
struct decoded {
    char *out;
    size_t size;
    size_t len;
};

static void put_byte(struct decoded *d, unsigned char c)
{
    if (d->len < d->size) {
        d->out[d->len] = (char)c;
    }
    d->len++;
}

size_t sim__utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | cp >> 6);
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | cp >> 12);
        o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | cp >> 18);
    o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Writes code point cp (not a surrogate: the scan paired them) as UTF-8. */
static void put_utf8(struct decoded *d, uint32_t cp)
{
    char bytes[4];
    size_t n = sim__utf8_encode(cp, bytes);
    for (size_t i = 0; i < n; i++) {
        put_byte(d, (unsigned char)bytes[i]);
    }
}

/* Decodes the escape at s (its backslash) into d; returns the bytes it took. */
static size_t decode_escape(struct decoded *d, const unsigned char *s)
{
    static const char from[] = "bfnrt";
    static const char to[] = "\b\f\n\r\t";
    if (s[1] != 'u') {
        const char *k = strchr(from, s[1]);
        put_byte(d, k != NULL ? (unsigned char)to[k - from] : s[1]); /* \" \\ \/ */
        return 2;
    }
    uint32_t cp = hex_value(s + 2);
    if (cp < 0xD800 || cp > 0xDBFF) {
        put_utf8(d, cp);
        return 6;
    }
    uint32_t low = hex_value(s + 8);
    put_utf8(d, 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00));
    return 12;
}

/* Decodes a string into d, stopping once more than `stop` bytes are written. */
static void decode(const struct json_doc *doc, uint32_t at, struct decoded *d, size_t stop)
{
    const unsigned char *s = (const unsigned char *)doc->text + doc->pos[at].offset + 1;
    size_t i = 0;
    while (s[i] != '"' && d->len <= stop) {
        if (s[i] == '\\') {
            i += decode_escape(d, s + i);
        } else {
            put_byte(d, s[i++]);
        }
    }
}

size_t sim__json_decode(const struct json_doc *doc, uint32_t at, char *out, size_t size)
{
    struct decoded d = {out, size, 0};
    decode(doc, at, &d, SIZE_MAX);
    if (size > 0) {
        out[d.len < size ? d.len : size - 1] = '\0';
    }
    return d.len;
}

bool sim__json_string_is(const struct json_doc *doc, uint32_t at, const char *s)
{
    char buf[64];
    size_t want = strlen(s);
    struct decoded d = {buf, sizeof(buf), 0};
    decode(doc, at, &d, want);
    return d.len == want && want <= sizeof(buf) && memcmp(buf, s, want) == 0;
}

double sim__json_number(const struct json_doc *doc, uint32_t at)
{
    /* strtod reads the locale's decimal point (the TUI sets the locale), so write that one. */
    char point = localeconv()->decimal_point[0];
    char buf[SIM_JSON_MAX_NUMBER_CHARS + 1];
    size_t from = doc->pos[at].offset;
    size_t n = 0;
    while (from + n < doc->len && n < SIM_JSON_MAX_NUMBER_CHARS &&
           strchr("+-.0123456789eE", doc->text[from + n]) != NULL && doc->text[from + n] != '\0') {
        buf[n] = doc->text[from + n] == '.' ? point : doc->text[from + n];
        n++;
    }
    buf[n] = '\0';
    return strtod(buf, NULL);
}

/* ---- Lines and columns -------------------------------------------------------------------- */

void sim__json_locator_init(struct json_locator *loc, const char *buf, size_t len)
{
    *loc = (struct json_locator){buf, len, 0, 1, 1};
}

void sim__json_locate(struct json_locator *loc, size_t offset, uint32_t *line, uint32_t *col)
{
    if (offset > loc->len) {
        offset = loc->len;
    }
    if (offset < loc->offset) {
        sim__json_locator_init(loc, loc->buf, loc->len);
    }
    const unsigned char *s = (const unsigned char *)loc->buf;
    for (size_t i = loc->offset; i < offset; i++) {
        if (s[i] == '\n') {
            loc->line++;
            loc->col = 1;
        } else if ((s[i] & 0xC0) != 0x80) {
            loc->col++; /* a character's first byte; continuation bytes add nothing */
        }
    }
    loc->offset = offset;
    *line = loc->line;
    *col = loc->col;
}
