/*
 * diag.c - the loader's diagnostics: a sentence, the JSON path of the value it is about, and
 * that value's line and column, in a caller-owned struct sim_diag (the first failure wins).
 */
#include "loader.h"

#include <stdio.h>
#include <string.h>

static void text_vput(struct text *t, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void text_vput(struct text *t, const char *fmt, va_list ap)
{
    if (t->len + 1 >= t->size) {
        return;
    }
    int n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
    if (n > 0) {
        t->len = t->len + (size_t)n < t->size ? t->len + (size_t)n : t->size - 1;
    }
}

void sim__text_put(struct text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_vput(t, fmt, ap);
    va_end(ap);
}

/* Cuts a string back to a whole UTF-8 character if truncation split one. */
static void trim_partial_utf8(char *s)
{
    size_t n = strlen(s);
    size_t k = n;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80) {
        k--;
    }
    if (k > 0 && (unsigned char)s[k - 1] >= 0xC0) {
        unsigned char lead = (unsigned char)s[k - 1];
        size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (n - (k - 1) < want) {
            s[k - 1] = '\0';
        }
    }
}

/* One byte of a quoted string: itself, or its JSON escape. */
static void quote_byte(struct text *t, unsigned char c, bool quoted)
{
    if (c == '"' && quoted) {
        sim__text_put(t, "\\\"");
    } else if (c == '\\' && quoted) {
        sim__text_put(t, "\\\\");
    } else if (c == '\n' || c == '\t') {
        sim__text_put(t, "%s", c == '\n' ? "\\n" : "\\t");
    } else if (c < 0x20 || c == 0x7F) {
        sim__text_put(t, "\\u%04X", c);
    } else {
        sim__text_put(t, "%c", c);
    }
}

const char *sim__quote(const char *s, bool quoted, char *buf, size_t size)
{
    struct text t = {buf, size, 0};
    buf[0] = '\0';
    sim__text_put(&t, "%s", quoted ? "\"" : "");
    size_t i = 0;
    for (; s[i] != '\0' && i < QUOTE_BYTES; i++) {
        quote_byte(&t, (unsigned char)s[i], quoted);
    }
    /* Finish a character cut at the limit, then say that the rest was left out. */
    for (; ((unsigned char)s[i] & 0xC0) == 0x80; i++) {
        sim__text_put(&t, "%c", s[i]);
    }
    sim__text_put(&t, "%s%s", s[i] != '\0' ? "..." : "", quoted ? "\"" : "");
    return buf;
}

/* Writes the path of statement s: main[2], functions.tick[0].do[1]... */
static void put_stmt_path(struct text *t, const struct loader *ld, uint32_t s)
{
    uint32_t chain[SIM_MAX_NESTING];
    uint32_t n = 0;
    for (;;) {
        chain[n++] = s;
        uint32_t b = ld->info[s].body;
        if (ld->owner[b] == SIM_NONE || n == SIM_MAX_NESTING) {
            break;
        }
        s = ld->owner[b];
    }
    const struct sim_body *root = &ld->bodies[ld->info[chain[n - 1]].body];
    char name[QUOTED_SIZE];
    if (root->name != NULL) {
        sim__text_put(t, "functions.%s", sim__quote(root->name, false, name, sizeof(name)));
    } else {
        sim__text_put(t, "main");
    }
    while (n-- > 0) {
        const struct sim_body *b = &ld->bodies[ld->info[chain[n]].body];
        sim__text_put(t, "[%u]%s", chain[n] - b->first, n > 0 ? ".do" : "");
    }
}

static void put_path(struct text *t, const struct loader *ld, struct place p)
{
    char name[QUOTED_SIZE];
    if (p.stmt != SIM_NONE) {
        put_stmt_path(t, ld, p.stmt);
        if (p.key != NULL) {
            sim__text_put(t, ".%s", p.key);
        }
    } else if (p.key != NULL) {
        sim__text_put(t, "%s", p.key);
    }
    if (p.name != NULL) {
        sim__text_put(t, ".%s", sim__quote(p.name, false, name, sizeof(name)));
    }
    if (p.index >= 0) {
        sim__text_put(t, "[%lld]", (long long)p.index);
    }
}

void sim__locate(struct loader *ld, size_t offset, uint32_t *line, uint32_t *col)
{
    sim__json_locate(&ld->loc, offset, line, col);
}

bool sim__vfail_offset(struct loader *ld, int code, size_t offset, struct place p, const char *fmt,
                       va_list ap)
{
    struct sim_diag *d = ld->diag;
    if (d->code != 0) {
        return false;
    }
    d->code = code;
    d->line = 0;
    d->col = 0;
    if (offset != SIZE_MAX) {
        sim__locate(ld, offset, &d->line, &d->col);
    }
    struct text path = {d->path, sizeof(d->path), 0};
    put_path(&path, ld, p);
    trim_partial_utf8(d->path);
    struct text msg = {d->message, sizeof(d->message), 0};
    text_vput(&msg, fmt, ap);
    trim_partial_utf8(d->message);
    return false;
}

bool sim__fail_offset(struct loader *ld, int code, size_t offset, struct place p, const char *fmt,
                      ...)
{
    va_list ap;
    va_start(ap, fmt);
    sim__vfail_offset(ld, code, offset, p, fmt, ap);
    va_end(ap);
    return false;
}

bool sim__fail(struct loader *ld, int code, uint32_t at, struct place p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sim__vfail_offset(ld, code, at != SIM_NONE ? ld->doc.pos[at].offset : SIZE_MAX, p, fmt, ap);
    va_end(ap);
    return false;
}

bool sim__nomem(struct loader *ld)
{
    return sim__fail(ld, SIM_ENOMEM, SIM_NONE, AT_TOP, "out of memory");
}

/* A number as written in the file, cut to QUOTE_BYTES. */
static const char *number_text(const struct loader *ld, uint32_t v, char *buf, size_t size)
{
    size_t at = ld->doc.pos[v].offset;
    size_t len = 0;
    while (at + len < ld->doc.len && len < QUOTE_BYTES &&
           strchr("+-.0123456789eE", ld->doc.text[at + len]) != NULL &&
           ld->doc.text[at + len] != '\0') {
        len++;
    }
    snprintf(buf, size, "%.*s", (int)len, ld->doc.text + at);
    return buf;
}

const char *sim__describe(const struct loader *ld, uint32_t v, char *buf, size_t size)
{
    switch (sim__json_kind(&ld->doc, v)) {
    case JSON_STRING: {
        /* Only the first bytes are shown: decode no more than a quote takes. */
        char head[QUOTE_BYTES + 8];
        sim__json_decode(&ld->doc, v, head, sizeof(head));
        return sim__quote(head, true, buf, size);
    }
    case JSON_NUMBER:
        return number_text(ld, v, buf, size);
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    case JSON_NULL:
        return "null";
    case JSON_ARRAY:
        return "an array";
    case JSON_OBJECT:
        break;
    }
    return "an object";
}

const char *sim__did_you_mean(const struct sim_suggestion *sg, const char *prefix, char *buf,
                              size_t size)
{
    char name[QUOTED_SIZE];
    buf[0] = '\0';
    if (sg->found != NULL) {
        snprintf(buf, size, "; did you mean '%s%s'?", prefix,
                 sim__quote(sg->found, false, name, sizeof(name)));
    }
    return buf;
}

bool sim__expected(struct loader *ld, uint32_t v, struct place p, const char *what)
{
    char got[QUOTED_SIZE];
    return sim__fail(ld, SIM_ESCHEMA, v, p, "expected %s, got %s", what,
                     sim__describe(ld, v, got, sizeof(got)));
}
