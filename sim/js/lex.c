/*
 * lex.c - the JavaScript scanner (see lex.h): white space and comments, identifiers and
 * keywords, numbers, strings and template parts, punctuators by longest match.
 *
 * The text was checked first (sim__lex_check_text: UTF-8, no NUL), so every multi-byte
 * sequence here is whole and valid. Positions: `line` counts LF, CR, CR LF, U+2028 and U+2029,
 * as V8 does; `col` counts characters, so it moves on a UTF-8 lead byte and never on a
 * continuation byte.
 */
#include "lex.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "load/json.h"

/* cp of an escape that stands for nothing: a line continuation. */
#define NO_CHAR UINT32_MAX

static const char *const token_names[JS_TOK_COUNT] = {
#define X(e, spelling) spelling,
    JS_TOKEN_MAP(X)
#undef X
};

const char *sim__lex_token_name(enum js_tok kind)
{
    return kind < JS_TOK_COUNT ? token_names[kind] : "?";
}

bool sim__lex_is_keyword(enum js_tok kind)
{
    return kind >= JS_TOK_AWAIT && kind <= JS_TOK_YIELD;
}

/* ---- Characters --------------------------------------------------------------------------- */

/* The code point of the valid UTF-8 sequence at s; its length in *n. */
static uint32_t decode_utf8(const unsigned char *s, size_t *n)
{
    unsigned char c = s[0];
    *n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = *n == 1 ? c : (uint32_t)(c & (0x7F >> *n));
    for (size_t k = 1; k < *n; k++) {
        cp = (cp << 6) | (s[k] & 0x3Fu);
    }
    return cp;
}

/* White space beyond ASCII: NBSP, the BOM, and Unicode's space separators (ECMA-262 12.2). */
static bool is_space_cp(uint32_t cp)
{
    return cp == 0xA0 || cp == 0xFEFF || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/*
 * Whether a character beyond ASCII may be part of an identifier. Without Unicode's tables this
 * takes letters broadly: every code point but white space, line breaks, and the blocks of
 * punctuation, symbols, arrows, shapes and emoji that are never identifier characters.
 */
static bool is_id_cp(uint32_t cp)
{
    if (is_space_cp(cp) || cp == 0x2028 || cp == 0x2029) {
        return false;
    }
    if (cp <= 0xBF) {
        return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
    }
    if (cp == 0xD7 || cp == 0xF7) {
        return false;
    }
    if (cp >= 0x2000 && cp <= 0x206F) {
        return cp == 0x200C || cp == 0x200D || cp == 0x203F || cp == 0x2040 || cp == 0x2054;
    }
    return !((cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x3001 && cp <= 0x3004) ||
             (cp >= 0x3008 && cp <= 0x3020) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
             (cp >= 0x1F000 && cp <= 0x1FAFF));
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int hex_value(unsigned char c)
{
    if (is_digit(c)) {
        return c - '0';
    }
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        return (c | 0x20) - 'a' + 10;
    }
    return -1;
}

static bool is_id_start_ascii(unsigned char c)
{
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '$' || c == '_';
}

/* Whether the character at s[0..n) continues an identifier; its length in *len. */
static bool id_part_at(const char *s, size_t n, size_t *len)
{
    *len = 1;
    if (n == 0) {
        return false;
    }
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) {
        return is_id_start_ascii(c) || is_digit(c);
    }
    return is_id_cp(decode_utf8((const unsigned char *)s, len));
}

/* The length of the line break at s[0..n) (LF, CR, CR LF, U+2028, U+2029), or 0. */
static size_t line_break_len(const char *s, size_t n)
{
    if (n == 0) {
        return 0;
    }
    if (s[0] == '\n') {
        return 1;
    }
    if (s[0] == '\r') {
        return n > 1 && s[1] == '\n' ? 2 : 1;
    }
    bool ls = n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
              ((unsigned char)s[2] == 0xA8 || (unsigned char)s[2] == 0xA9);
    return ls ? 3 : 0;
}

/* ---- Escapes ------------------------------------------------------------------------------ */

/* Reads \u{...} from s[0] == '{': at least one hex digit, then '}'. 0 when malformed. */
static size_t read_braced(const char *s, size_t n, uint32_t *cp, const char **err)
{
    size_t i = 1;
    uint32_t v = 0;
    while (i < n && hex_value((unsigned char)s[i]) >= 0) {
        v = v > 0x10FFFF ? v : v * 16 + (uint32_t)hex_value((unsigned char)s[i]);
        i++;
    }
    if (i == 1 || i >= n || s[i] != '}') {
        *err = "Invalid Unicode escape sequence";
        return 0;
    }
    if (v > 0x10FFFF) {
        *err = "Undefined Unicode code-point";
        return 0;
    }
    *cp = v;
    return i + 1;
}

/* Reads `count` hex digits from s into *cp; false when there are fewer. */
static bool read_hex(const char *s, size_t n, size_t count, uint32_t *cp)
{
    uint32_t v = 0;
    for (size_t i = 0; i < count; i++) {
        int d = i < n ? hex_value((unsigned char)s[i]) : -1;
        if (d < 0) {
            return false;
        }
        v = v * 16 + (uint32_t)d;
    }
    *cp = v;
    return true;
}

/*
 * Reads the escape whose backslash is just before s[0..n): returns its length (without the
 * backslash) and its code point in *cp (NO_CHAR for a line continuation), or 0 with *err.
 * Octal escapes and \8 \9 are refused (strict mode's rules, which modules follow anyway).
 */
static size_t read_escape(const char *s, size_t n, uint32_t *cp, const char **err)
{
    static const char simple_from[] = "nrtbfv";
    static const char simple_to[] = "\n\r\t\b\f\v";
    if (n == 0) {
        *err = "Unterminated string constant";
        return 0;
    }
    size_t lb = line_break_len(s, n);
    if (lb > 0) {
        *cp = NO_CHAR;
        return lb;
    }
    const char *k = strchr(simple_from, s[0]);
    if (k != NULL && s[0] != '\0') {
        *cp = (unsigned char)simple_to[k - simple_from];
        return 1;
    }
    if (s[0] == '0' && !(n > 1 && is_digit((unsigned char)s[1]))) {
        *cp = 0;
        return 1;
    }
    if (s[0] >= '0' && s[0] <= '7') {
        *err = "octal escape sequences are not supported; write \\x07 or \\u0007";
        return 0;
    }
    if (s[0] == '8' || s[0] == '9') {
        *err = "\\8 and \\9 are not allowed in strings; write 8 or 9";
        return 0;
    }
    if (s[0] == 'x') {
        if (!read_hex(s + 1, n - 1, 2, cp)) {
            *err = "Invalid hexadecimal escape sequence";
            return 0;
        }
        return 3;
    }
    if (s[0] == 'u') {
        if (n > 1 && s[1] == '{') {
            size_t m = read_braced(s + 1, n - 1, cp, err);
            return m == 0 ? 0 : m + 1;
        }
        if (!read_hex(s + 1, n - 1, 4, cp)) {
            *err = "Invalid Unicode escape sequence";
            return 0;
        }
        return 5;
    }
    size_t len = 1;
    *cp = decode_utf8((const unsigned char *)s, &len);
    return len;
}

size_t sim__lex_cook(const char *s, size_t n, bool tmpl, char *out)
{
    size_t i = 0;
    size_t o = 0;
    while (i < n) {
        if (s[i] == '\r' && tmpl) {
            out[o++] = '\n';
            i += i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
            continue;
        }
        if (s[i] != '\\' || i + 1 >= n) {
            out[o++] = s[i++];
            continue;
        }
        uint32_t cp = 0;
        const char *err = NULL;
        size_t len = read_escape(s + i + 1, n - i - 1, &cp, &err);
        i += 1 + len;
        if (cp == NO_CHAR || len == 0) {
            continue; /* a line continuation (len 0 cannot happen: the scanner checked) */
        }
        uint32_t low = 0;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < n && s[i] == '\\' && s[i + 1] == 'u') {
            size_t len2 = read_escape(s + i + 1, n - i - 1, &low, &err);
            if (len2 > 0 && low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 1 + len2;
            }
        }
        o += sim__utf8_encode(cp, out + o);
    }
    return o;
}

double sim__lex_number(const char *s, size_t n, char *buf)
{
    if (n >= 2 && s[0] == '0' && strchr("xXoObB", s[1]) != NULL && s[1] != '\0') {
        unsigned radix = (s[1] | 0x20) == 'x' ? 16 : (s[1] | 0x20) == 'o' ? 8 : 2;
        uint64_t whole = 0; /* exact while it fits: one rounding to double, as JavaScript's */
        double big = -1;    /* past 2^64, rounded at every digit: close enough */
        for (size_t i = 2; i < n; i++) {
            if (s[i] == '_') {
                continue;
            }
            unsigned d = (unsigned)hex_value((unsigned char)s[i]);
            if (big < 0 && whole <= (UINT64_MAX - d) / radix) {
                whole = whole * radix + d;
            } else {
                big = (big < 0 ? (double)whole : big) * radix + d;
            }
        }
        return big < 0 ? (double)whole : big;
    }
    /* strtod reads the locale's decimal point (the TUI sets the locale), so write that one. */
    char point = localeconv()->decimal_point[0];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '_') {
            buf[k++] = s[i] == '.' ? point : s[i];
        }
    }
    buf[k] = '\0';
    return strtod(buf, NULL);
}

/* ---- Moving ------------------------------------------------------------------------------- */

static size_t left(const struct lexer *lx)
{
    return lx->len - lx->pos;
}

/* The byte `ahead` places on, or NUL past the end. */
static unsigned char peek(const struct lexer *lx, size_t ahead)
{
    return ahead < left(lx) ? (unsigned char)lx->src[lx->pos + ahead] : '\0';
}

/* Steps over one byte that is not a line break. */
static void bump(struct lexer *lx)
{
    lx->col += ((unsigned char)lx->src[lx->pos] & 0xC0) != 0x80;
    lx->pos++;
}

/* Steps over a line break of n bytes. */
static void take_newline(struct lexer *lx, size_t n)
{
    lx->pos += (uint32_t)n;
    lx->line++;
    lx->col = 1;
    lx->newline = true;
    lx->line_blank = true;
}

/* Steps over a line break inside a string or template: it inserts no semicolon, and the line
 * it starts is not blank (a comment after the literal is not on a line of its own). */
static void take_inner_newline(struct lexer *lx, size_t n)
{
    take_newline(lx, n);
    lx->newline = false;
    lx->line_blank = false;
}

static bool starts(const struct lexer *lx, const char *s)
{
    size_t n = strlen(s);
    return left(lx) >= n && memcmp(lx->src + lx->pos, s, n) == 0;
}

/* Steps to the next line break (not over it). */
static void skip_line(struct lexer *lx)
{
    while (lx->pos < lx->len && line_break_len(lx->src + lx->pos, left(lx)) == 0) {
        bump(lx);
    }
}

void sim__lex_init(struct lexer *lx, const char *src, uint32_t len, struct js_ast *ast,
                   struct chunk **arena)
{
    memset(lx, 0, sizeof(*lx));
    lx->src = src;
    lx->len = len;
    lx->line = 1;
    lx->col = 1;
    lx->first = true;
    lx->line_blank = true;
    lx->ast = ast;
    lx->arena = arena;
    if (starts(lx, "\xEF\xBB\xBF")) {
        lx->pos = 3; /* the byte order mark takes no column */
    }
    if (starts(lx, "#!")) {
        skip_line(lx); /* node allows a `#!` line first */
    }
}

/* ---- Comments and annotations ------------------------------------------------------------- */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Keeps the comment text s[0..n) if it is a `loopsim:` annotation. */
static void annotate(struct lexer *lx, struct js_annotation at, const char *s, size_t n)
{
    while (n > 0 && is_blank(s[0])) {
        s++;
        n--;
    }
    if (n < 8 || memcmp(s, "loopsim:", 8) != 0) {
        return;
    }
    s += 8;
    n -= 8;
    while (n > 0 && is_blank(s[0])) {
        s++;
        n--;
    }
    while (n > 0 && is_blank(s[n - 1])) {
        n--;
    }
    struct js_ast *ast = lx->ast;
    if (ast->annotation_count == lx->annotation_cap) {
        uint32_t cap = lx->annotation_cap != 0 ? lx->annotation_cap * 2 : 16;
        void *grown = realloc(ast->annotations, cap * sizeof(*ast->annotations));
        if (grown == NULL) {
            lx->nomem = true;
            return;
        }
        ast->annotations = grown;
        lx->annotation_cap = cap;
    }
    char *text = sim__arena_alloc(lx->arena, n + 1, 1);
    if (text == NULL) {
        lx->nomem = true;
        return;
    }
    memcpy(text, s, n);
    text[n] = '\0';
    at.text = text;
    ast->annotations[ast->annotation_count++] = at;
}

/* Where a comment starting here begins, for its annotation. */
static struct js_annotation comment_at(const struct lexer *lx, bool line_comment)
{
    return (struct js_annotation){lx->line, lx->col, lx->pos, line_comment, lx->line_blank, NULL};
}

static void line_comment(struct lexer *lx)
{
    struct js_annotation at = comment_at(lx, true);
    lx->pos += 2;
    lx->col += 2;
    uint32_t from = lx->pos;
    skip_line(lx);
    annotate(lx, at, lx->src + from, lx->pos - from);
}

/* Skips a block comment; false when it never ends (the scanner is then at the end). */
static bool block_comment(struct lexer *lx)
{
    struct js_annotation at = comment_at(lx, false);
    lx->pos += 2;
    lx->col += 2;
    uint32_t from = lx->pos;
    while (lx->pos < lx->len && !starts(lx, "*/")) {
        size_t lb = line_break_len(lx->src + lx->pos, left(lx));
        if (lb > 0) {
            take_newline(lx, lb);
        } else {
            bump(lx);
        }
    }
    if (lx->pos >= lx->len) {
        return false;
    }
    annotate(lx, at, lx->src + from, lx->pos - from);
    lx->pos += 2;
    lx->col += 2;
    return true;
}

/* Where the scanner is, as the start of a token. */
static struct js_token here(const struct lexer *lx)
{
    return (struct js_token){JS_TOK_EOF, lx->newline, lx->line,   lx->col,
                             lx->pos,    lx->pos,     lx->braces, lx->parens, NULL};
}

/*
 * Skips white space and comments. Returns NULL, or why a comment is refused (unterminated, or
 * an HTML comment) with *at where it starts, the scanner then past it.
 */
static const char *skip_space(struct lexer *lx, struct js_token *at)
{
    while (lx->pos < lx->len) {
        unsigned char c = peek(lx, 0);
        size_t lb = line_break_len(lx->src + lx->pos, left(lx));
        size_t n = 1;
        *at = here(lx);
        if (lb > 0) {
            take_newline(lx, lb);
        } else if (c == ' ' || c == '\t' || c == '\v' || c == '\f') {
            bump(lx);
        } else if (c >= 0x80 && is_space_cp(decode_utf8((const unsigned char *)lx->src + lx->pos,
                                                        &n))) {
            lx->pos += (uint32_t)n;
            lx->col++;
        } else if (starts(lx, "//")) {
            line_comment(lx);
            lx->line_blank = false;
        } else if (starts(lx, "/*")) {
            if (!block_comment(lx)) {
                return "Unterminated comment";
            }
            lx->line_blank = false;
        } else if (starts(lx, "<!--") || (starts(lx, "-->") && (lx->newline || lx->first))) {
            skip_line(lx);
            return "HTML comments (<!-- and -->) are not supported; use // comments";
        } else {
            break;
        }
    }
    return NULL;
}

/* ---- Tokens ------------------------------------------------------------------------------- */

/* A token of `kind` from `start` (its line and column already in *t) to the scanner. */
static struct js_token finish(const struct lexer *lx, struct js_token t, enum js_tok kind)
{
    t.kind = (uint8_t)kind;
    t.end = lx->pos;
    return t;
}

static struct js_token error_token(const struct lexer *lx, struct js_token t, const char *why)
{
    t = finish(lx, t, JS_TOK_ERROR);
    t.error = why;
    return t;
}

/* Steps over identifier characters. */
static void skip_ident(struct lexer *lx)
{
    size_t n = 1;
    while (id_part_at(lx->src + lx->pos, left(lx), &n)) {
        for (size_t i = 0; i < n; i++) {
            bump(lx);
        }
    }
}

static enum js_tok keyword(const char *s, size_t n)
{
    if (n < 2 || n > 10 || s[0] < 'a' || s[0] > 'y') {
        return JS_TOK_IDENT;
    }
    for (int k = JS_TOK_AWAIT; k <= JS_TOK_YIELD; k++) {
        if (strncmp(token_names[k], s, n) == 0 && token_names[k][n] == '\0') {
            return (enum js_tok)k;
        }
    }
    return JS_TOK_IDENT;
}

static struct js_token identifier(struct lexer *lx, struct js_token t)
{
    skip_ident(lx);
    if (peek(lx, 0) == '\\') {
        bump(lx);
        skip_ident(lx);
        return error_token(lx, t, "unicode escapes in identifiers are not supported; "
                                  "write the character itself");
    }
    return finish(lx, t, keyword(lx->src + t.start, lx->pos - t.start));
}

/*
 * Steps over digits of `radix` and the single `_` separators between them. Returns how many
 * digits, or sets *err for a misplaced separator.
 */
static size_t digits(struct lexer *lx, int radix, const char **err)
{
    size_t count = 0;
    for (;;) {
        unsigned char c = peek(lx, 0);
        int d = hex_value(c);
        if (d >= 0 && d < radix) {
            count++;
            bump(lx);
        } else if (c == '_') {
            int next = hex_value(peek(lx, 1));
            if (count == 0 || (next < 0 || next >= radix)) {
                *err = peek(lx, 1) == '_' ? "Only one underscore is allowed as numeric separator"
                       : count == 0       ? "Numeric separators are not allowed here"
                         : "Numeric separators are not allowed at the end of numeric literals";
            }
            bump(lx);
        } else {
            return count;
        }
    }
}

/* A number after `0`: 0x.., 0o.., 0b.., or a refused legacy octal or leading zero. */
static const char *radix_number(struct lexer *lx)
{
    const char *err = NULL;
    unsigned char r = peek(lx, 1) | 0x20;
    if (r == 'x' || r == 'o' || r == 'b') {
        lx->pos += 2;
        lx->col += 2;
        if (digits(lx, r == 'x' ? 16 : r == 'o' ? 8 : 2, &err) == 0 && err == NULL) {
            err = "Invalid or unexpected token";
        }
        return err;
    }
    bump(lx);
    if (peek(lx, 0) == '_') {
        bump(lx);
        return "Numeric separator can not be used after leading 0.";
    }
    bool octal = true;
    while (is_digit(peek(lx, 0))) {
        octal = octal && peek(lx, 0) < '8';
        bump(lx);
    }
    return octal ? "legacy octal literals (017) are not supported; write 0o17"
                 : "numbers with leading zeros (08) are not supported; write 8";
}

/* A decimal number: digits, a fraction, an exponent. */
static const char *decimal_number(struct lexer *lx)
{
    const char *err = NULL;
    digits(lx, 10, &err);
    if (peek(lx, 0) == '.') {
        bump(lx);
        if (peek(lx, 0) == '_') {
            err = "Numeric separators are not allowed here";
        }
        digits(lx, 10, &err);
    }
    if ((peek(lx, 0) | 0x20) == 'e') {
        bump(lx);
        if (peek(lx, 0) == '+' || peek(lx, 0) == '-') {
            bump(lx);
        }
        if (digits(lx, 10, &err) == 0 && err == NULL) {
            err = "Invalid or unexpected token";
        }
    }
    return err;
}

static struct js_token number(struct lexer *lx, struct js_token t)
{
    unsigned char c = peek(lx, 1);
    bool radix = peek(lx, 0) == '0' && (is_digit(c) || (c != '\0' && strchr("xXoObB_", c)));
    const char *err = radix ? radix_number(lx) : decimal_number(lx);
    size_t n = 1;
    if (peek(lx, 0) == 'n') {
        bump(lx);
        err = err != NULL ? err : "BigInt literals (123n) are not supported; use a number";
    } else if (id_part_at(lx->src + lx->pos, left(lx), &n)) {
        skip_ident(lx); /* 3in, 1.toString(): V8 refuses the digits and the letters together */
        err = err != NULL ? err : "Invalid or unexpected token";
    }
    return err != NULL ? error_token(lx, t, err) : finish(lx, t, JS_TOK_NUMBER);
}

/*
 * Steps over an escape (the scanner is on its backslash) or a line continuation. Returns NULL,
 * or why it is refused, with *at where it starts.
 */
static const char *escape(struct lexer *lx, struct js_token *at)
{
    *at = here(lx);
    bump(lx);
    uint32_t cp = 0;
    const char *err = NULL;
    size_t len = read_escape(lx->src + lx->pos, left(lx), &cp, &err);
    if (cp == NO_CHAR) {
        take_inner_newline(lx, len);
        return NULL;
    }
    for (size_t i = 0; i < len && lx->pos < lx->len; i++) {
        bump(lx);
    }
    return len == 0 ? err : NULL;
}

static struct js_token string(struct lexer *lx, struct js_token t)
{
    unsigned char quote = peek(lx, 0);
    struct js_token bad = t;
    const char *err = NULL;
    bump(lx);
    for (;;) {
        unsigned char c = peek(lx, 0);
        if (lx->pos >= lx->len || c == '\n' || c == '\r') {
            return error_token(lx, t, "Unterminated string constant");
        }
        if (c == quote) {
            bump(lx);
            break;
        }
        struct js_token at;
        const char *why = c == '\\' ? escape(lx, &at) : NULL;
        if (why != NULL && err == NULL) {
            err = why;
            bad = at;
        }
        size_t lb = c == '\\' ? 0 : line_break_len(lx->src + lx->pos, left(lx));
        if (lb > 0) {
            take_inner_newline(lx, lb); /* U+2028 and U+2029 may stand in a string */
        } else if (c != '\\') {
            bump(lx);
        }
    }
    return err != NULL ? error_token(lx, bad, err) : finish(lx, t, JS_TOK_STRING);
}

/*
 * A template part, from its ` or } to its ` or ${: TEMPLATE, TEMPLATE_HEAD, TEMPLATE_MIDDLE or
 * TEMPLATE_TAIL. A part that ends in ${ opens a substitution, whose } the scanner watches for.
 */
static struct js_token template_part(struct lexer *lx, struct js_token t)
{
    bool head = peek(lx, 0) == '`';
    struct js_token bad = t;
    const char *err = NULL;
    bump(lx);
    for (;;) {
        unsigned char c = peek(lx, 0);
        size_t lb = line_break_len(lx->src + lx->pos, left(lx));
        struct js_token at;
        const char *why = NULL;
        if (lx->pos >= lx->len) {
            return error_token(lx, t, "Unterminated template literal");
        } else if (c == '`') {
            bump(lx);
            t = finish(lx, t, head ? JS_TOK_TEMPLATE : JS_TOK_TEMPLATE_TAIL);
            break;
        } else if (c == '$' && peek(lx, 1) == '{') {
            bump(lx);
            bump(lx);
            if (lx->templates == JS_LEX_MAX_TEMPLATES) {
                return error_token(lx, t, "template literals nested too deeply");
            }
            lx->template_braces[lx->templates++] = lx->braces;
            t = finish(lx, t, head ? JS_TOK_TEMPLATE_HEAD : JS_TOK_TEMPLATE_MIDDLE);
            break;
        } else if (c == '\\') {
            why = escape(lx, &at);
        } else if (lb > 0) {
            take_inner_newline(lx, lb);
        } else {
            bump(lx);
        }
        if (why != NULL && err == NULL) {
            err = why;
            bad = at;
        }
    }
    return err != NULL ? error_token(lx, bad, err) : t;
}

/* The longest punctuator at the scanner, or JS_TOK_ERROR; its length in *n. */
static enum js_tok punctuator(const struct lexer *lx, size_t *n)
{
    enum js_tok best = JS_TOK_ERROR;
    *n = 0;
    for (int k = JS_TOK_LPAREN; k <= JS_TOK_NULLISH_ASSIGN; k++) {
        const char *s = token_names[k];
        size_t len = strlen(s);
        if (len > *n && s[0] == lx->src[lx->pos] && starts(lx, s)) {
            best = (enum js_tok)k;
            *n = len;
        }
    }
    if (best == JS_TOK_QUESTION_DOT && is_digit(peek(lx, 2))) {
        best = JS_TOK_QUESTION; /* a?.5:b is a conditional */
        *n = 1;
    }
    return best;
}

static struct js_token operator(struct lexer *lx, struct js_token t)
{
    size_t n = 0;
    enum js_tok kind = punctuator(lx, &n);
    if (kind == JS_TOK_ERROR) {
        bool hash = peek(lx, 0) == '#';
        size_t len = 1;
        decode_utf8((const unsigned char *)lx->src + lx->pos, &len);
        lx->pos += (uint32_t)len;
        lx->col++;
        if (hash) {
            skip_ident(lx);
            return error_token(lx, t, "private names (#x) are not supported: they belong to "
                                      "classes; use a property");
        }
        return error_token(lx, t, "Invalid or unexpected token");
    }
    lx->pos += (uint32_t)n;
    lx->col += (uint32_t)n;
    if (kind == JS_TOK_LBRACE) {
        lx->braces++;
    } else if (kind == JS_TOK_RBRACE && lx->braces > 0) {
        lx->braces--;
    } else if (kind == JS_TOK_LPAREN) {
        lx->parens++;
    } else if (kind == JS_TOK_RPAREN && lx->parens > 0) {
        lx->parens--;
    }
    return finish(lx, t, kind);
}

/* The token at the scanner, which is past white space and comments. */
static struct js_token scan(struct lexer *lx, struct js_token t)
{
    unsigned char c = peek(lx, 0);
    size_t n = 1;
    if (is_id_start_ascii(c) || c == '\\' ||
        (c >= 0x80 && is_id_cp(decode_utf8((const unsigned char *)lx->src + lx->pos, &n)))) {
        return identifier(lx, t);
    }
    if (is_digit(c) || (c == '.' && is_digit(peek(lx, 1)))) {
        return number(lx, t);
    }
    if (c == '"' || c == '\'') {
        return string(lx, t);
    }
    if (c == '`') {
        return template_part(lx, t);
    }
    if (c == '}' && lx->templates > 0 && lx->template_braces[lx->templates - 1] == lx->braces) {
        lx->templates--;
        return template_part(lx, t);
    }
    return operator(lx, t);
}

struct js_token sim__lex_next(struct lexer *lx)
{
    struct js_token at;
    const char *err = skip_space(lx, &at);
    struct js_token t = err != NULL ? at : here(lx);
    lx->newline = false;
    lx->first = false;
    lx->line_blank = false;
    if (err != NULL) {
        return error_token(lx, t, err);
    }
    if (lx->pos >= lx->len) {
        return t;
    }
    return scan(lx, t);
}

/* ---- The text ----------------------------------------------------------------------------- */

bool sim__lex_check_text(const char *src, uint32_t len, uint32_t *line, uint32_t *col, char *msg,
                         size_t size)
{
    size_t bad = sim__text_check(src, len, msg, size);
    if (bad >= len) {
        return true;
    }
    struct lexer lx = {.src = src, .len = (uint32_t)bad, .line = 1, .col = 1};
    if (starts(&lx, "\xEF\xBB\xBF")) {
        lx.pos = 3; /* the byte order mark takes no column */
    }
    while (lx.pos < lx.len) {
        size_t lb = line_break_len(lx.src + lx.pos, left(&lx));
        if (lb > 0) {
            take_newline(&lx, lb);
        } else {
            bump(&lx);
        }
    }
    *line = lx.line;
    *col = lx.col;
    return false;
}
