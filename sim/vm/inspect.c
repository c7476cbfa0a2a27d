/*
 * inspect.c - what console.log prints: Node's util.format and util.inspect for the values of
 * the subset, written after lib/internal/util/inspect.js (v20): formatWithOptionsInternal,
 * formatValue, formatRaw, groupArrayElements, reduceToSingleString, isBelowBreakLength and
 * strEscape, with console's defaults (depth 2, breakLength 80, compact 3).
 */
#include "vm_internal.h"

#include "../strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BREAK_LENGTH 80
#define COMPACT 3
#define DEPTH 2
#define MAX_SEEN 64

static void sb_spaces(struct sim_strbuf *s, int n)
{
    for (int i = 0; i < n; i++) {
        sim__strbuf_put(s, " ", 1);
    }
}

/* The console's characters count: a UTF-8 sequence is one (wide characters are rare here). */
static size_t text_len(const char *p, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        len += ((unsigned char)p[i] & 0xc0) != 0x80;
    }
    return len;
}

struct ictx {
    struct sim_loop *loop;
    int indentation;
    int current_depth;
    int depth;
    bool show_hidden;        /* %o: an array's [length] too */
    uint32_t seen[MAX_SEEN];
    int seen_count;
};

/* ---- Primitives -------------------------------------------------------------------------- */

/* strEscape: single quotes unless the string holds one (then ", then `). */
static void quote(struct sim_strbuf *out, const char *s, uint32_t len)
{
    char q = '\'';
    if (memchr(s, '\'', len) != NULL) {
        if (memchr(s, '"', len) == NULL) {
            q = '"';
        } else if (memchr(s, '`', len) == NULL && strstr(s, "${") == NULL) {
            q = '`';
        }
    }
    sim__strbuf_put(out, &q, 1);
    for (uint32_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        char esc[8];
        const char *e = NULL;
        switch (ch) {
        case '\b':
            e = "\\b";
            break;
        case '\t':
            e = "\\t";
            break;
        case '\n':
            e = "\\n";
            break;
        case '\f':
            e = "\\f";
            break;
        case '\r':
            e = "\\r";
            break;
        case '\\':
            e = "\\\\";
            break;
        default:
            if (ch == (unsigned char)q) {
                snprintf(esc, sizeof(esc), "\\%c", q);
                e = esc;
            } else if (ch < 0x20 || ch == 0x7f) {
                snprintf(esc, sizeof(esc), "\\x%02X", ch);
                e = esc;
            }
            break;
        }
        if (e != NULL) {
            sim__strbuf_puts(out, e);
        } else {
            sim__strbuf_put(out, (const char *)&ch, 1);
        }
    }
    sim__strbuf_put(out, &q, 1);
}

static void format_number(struct sim_strbuf *out, double d)
{
    char buf[64];
    if (d == 0 && signbit(d)) {
        sim__strbuf_puts(out, "-0");
        return;
    }
    size_t n = sim__vm_format_number(d, buf, sizeof(buf));
    sim__strbuf_put(out, buf, n);
}

static void format_primitive(struct ictx *c, struct sim_strbuf *out, struct vm_value v)
{
    switch (v.tag) {
    case VM_STRING: {
        uint32_t len;
        const char *s = sim__vm_str(c->loop, v, &len);
        quote(out, s, len);
        break;
    }
    case VM_NUMBER:
        format_number(out, v.num);
        break;
    case VM_BOOL:
        sim__strbuf_puts(out, v.ref ? "true" : "false");
        break;
    case VM_NULL:
        sim__strbuf_puts(out, "null");
        break;
    default:
        sim__strbuf_puts(out, "undefined");
        break;
    }
}

/* ---- Objects ----------------------------------------------------------------------------- */

static bool is_identifier(const char *s, uint32_t len)
{
    if (len == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
                      s[0] == '_')) {
        return false;
    }
    for (uint32_t i = 1; i < len; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
              (ch >= '0' && ch <= '9'))) {
            return false;
        }
    }
    return true;
}

static void format_value(struct ictx *c, struct sim_strbuf *out, struct vm_value v, int recurse);

/* The entries of one object: formatted strings, kept until reduceToSingleString joins them. */
struct entries {
    struct sim_strbuf *items;
    uint32_t count;
    uint32_t cap;
    bool oom;
};

static struct sim_strbuf *entry_new(struct entries *e)
{
    if (e->count == e->cap) {
        uint32_t cap = e->cap ? e->cap * 2 : 8;
        struct sim_strbuf *g = realloc(e->items, cap * sizeof(*g));
        if (g == NULL) {
            e->oom = true;
            return NULL;
        }
        e->items = g;
        e->cap = cap;
    }
    e->items[e->count] = (struct sim_strbuf){0};
    return &e->items[e->count++];
}

static void entries_free(struct entries *e)
{
    for (uint32_t i = 0; i < e->count; i++) {
        free(e->items[i].b);
    }
    free(e->items);
}

/* Own enumerable keys in JavaScript's order: integer keys ascending, then insertion order. */
static uint32_t ordered_keys(struct ictx *c, uint32_t o, uint32_t *out, uint32_t max)
{
    struct sim_loop *loop = c->loop;
    struct vm_object *obj = sim__vm_obj(loop, o);
    uint32_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < obj->prop_count && n < max; i++) {
            struct vm_prop *p = &loop->vm.props[obj->props + i];
            uint32_t index;
            bool integer = sim__vm_index_key(loop, sim__vm_key(p), &index);
            if ((p->flags & VM_PROP_HIDDEN) || integer != (pass == 0)) {
                continue;
            }
            out[n++] = obj->props + i;
        }
        if (pass == 0) {
            /* insertion sort of the integer keys by value */
            for (uint32_t i = 1; i < n; i++) {
                uint32_t k = out[i];
                uint32_t ki;
                sim__vm_index_key(loop, sim__vm_key(&loop->vm.props[k]), &ki);
                uint32_t j = i;
                while (j > 0) {
                    uint32_t kj;
                    sim__vm_index_key(loop, sim__vm_key(&loop->vm.props[out[j - 1]]), &kj);
                    if (kj <= ki) {
                        break;
                    }
                    out[j] = out[j - 1];
                    j--;
                }
                out[j] = k;
            }
        }
    }
    return n;
}

static void format_property(struct ictx *c, struct entries *e, uint32_t prop, int recurse)
{
    struct sim_strbuf *s = entry_new(e);
    if (s == NULL) {
        return;
    }
    struct vm_prop p = c->loop->vm.props[prop];
    uint32_t len;
    const char *k = sim__vm_str(c->loop, sim__vm_key(&p), &len);
    if (is_identifier(k, len)) {
        sim__strbuf_put(s, k, len);
    } else {
        quote(s, k, len);
    }
    sim__strbuf_puts(s, ": ");
    c->indentation += 2;
    format_value(c, s, p.value, recurse);
    c->indentation -= 2;
}

/* groupArrayElements: more than six short entries are laid out in aligned columns. */
static void group_array_elements(struct ictx *c, struct entries *e, bool all_numbers)
{
    uint32_t n = e->count;
    size_t total = 0;
    size_t max_len = 0;
    size_t *len = malloc(n * sizeof(size_t));
    if (len == NULL) {
        e->oom = true;
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        len[i] = text_len(e->items[i].b, e->items[i].len);
        total += len[i] + 2;
        if (len[i] > max_len) {
            max_len = len[i];
        }
    }
    size_t actual_max = max_len + 2;
    if (actual_max * 3 + (size_t)c->indentation < BREAK_LENGTH &&
        ((double)total / (double)actual_max > 5 || max_len <= 6)) {
        double bias = sqrt((double)actual_max - (double)total / (double)n);
        double biased_max = fmax((double)actual_max - 3 - bias, 1);
        double fit = floor((double)(BREAK_LENGTH - c->indentation) / (double)actual_max);
        double cols = fmin(fmin(round(sqrt(2.5 * biased_max * n) / biased_max), fit),
                           fmin(COMPACT * 4, 15));
        uint32_t columns = cols < 1 ? 1 : (uint32_t)cols;
        if (columns > 1) {
            size_t *line_len = calloc(columns, sizeof(size_t));
            struct entries rows = {0};
            if (line_len == NULL) {
                e->oom = true;
                free(len);
                return;
            }
            for (uint32_t i = 0; i < columns; i++) {
                for (uint32_t j = i; j < n; j += columns) {
                    if (len[j] > line_len[i]) {
                        line_len[i] = len[j];
                    }
                }
                line_len[i] += 2;
            }
            for (uint32_t i = 0; i < n; i += columns) {
                uint32_t end = i + columns < n ? i + columns : n;
                struct sim_strbuf *row = entry_new(&rows);
                if (row == NULL) {
                    break;
                }
                for (uint32_t j = i; j < end; j++) {
                    size_t width = line_len[j - i] - (j == end - 1 && all_numbers ? 2 : 0);
                    size_t used = len[j] + (j < end - 1 ? 2 : 0);
                    if (all_numbers) {
                        sb_spaces(row, (int)(width > used ? width - used : 0));
                    }
                    sim__strbuf_put(row, e->items[j].b, e->items[j].len);
                    if (j < end - 1) {
                        sim__strbuf_puts(row, ", ");
                        if (!all_numbers) {
                            sb_spaces(row, (int)(width > used ? width - used : 0));
                        }
                    }
                }
            }
            entries_free(e);
            *e = rows;
            free(line_len);
        }
    }
    free(len);
}

/* reduceToSingleString: one line when it fits in breakLength, else one entry per line. */
static void reduce(struct ictx *c, struct sim_strbuf *out, struct entries *e, const char *base,
                   const char *open, const char *close, uint32_t entries, int recurse)
{
    if (c->current_depth - recurse < COMPACT && entries == e->count) {
        size_t start = e->count + (size_t)c->indentation + strlen(open) + strlen(base) + 10;
        size_t total = e->count + start;
        bool fits = total + e->count <= BREAK_LENGTH;
        bool newline = false;
        for (uint32_t i = 0; i < e->count && fits; i++) {
            total += text_len(e->items[i].b, e->items[i].len);
            fits = total <= BREAK_LENGTH;
            newline |= memchr(e->items[i].b, '\n', e->items[i].len) != NULL;
        }
        if (fits && !newline) {
            if (*base) {
                sim__strbuf_puts(out, base);
                sim__strbuf_puts(out, " ");
            }
            sim__strbuf_puts(out, open);
            sim__strbuf_puts(out, " ");
            for (uint32_t i = 0; i < e->count; i++) {
                if (i > 0) {
                    sim__strbuf_puts(out, ", ");
                }
                sim__strbuf_put(out, e->items[i].b, e->items[i].len);
            }
            sim__strbuf_puts(out, " ");
            sim__strbuf_puts(out, close);
            return;
        }
    }
    if (*base) {
        sim__strbuf_puts(out, base);
        sim__strbuf_puts(out, " ");
    }
    sim__strbuf_puts(out, open);
    for (uint32_t i = 0; i < e->count; i++) {
        sim__strbuf_puts(out, "\n");
        sb_spaces(out, c->indentation + 2);
        sim__strbuf_put(out, e->items[i].b, e->items[i].len);
        if (i + 1 < e->count) {
            sim__strbuf_puts(out, ",");
        }
    }
    sim__strbuf_puts(out, "\n");
    sb_spaces(out, c->indentation);
    sim__strbuf_puts(out, close);
}

static void function_base(struct ictx *c, struct sim_strbuf *out, uint32_t o)
{
    struct vm_value name = sim__vm_get(c->loop, vm_object(o), sim__vm_cstring(c->loop, "name"));
    uint32_t len = 0;
    const char *s = name.tag == VM_STRING ? sim__vm_str(c->loop, name, &len) : "";
    if (len == 0) {
        sim__strbuf_puts(out, "[Function (anonymous)]");
        return;
    }
    sim__strbuf_puts(out, "[Function: ");
    sim__strbuf_put(out, s, len);
    sim__strbuf_puts(out, "]");
}

static void error_base(struct ictx *c, struct sim_strbuf *out, uint32_t o)
{
    struct vm_value s = sim__vm_to_string(c->loop, vm_object(o));
    uint32_t len = 0;
    const char *b = s.tag == VM_STRING ? sim__vm_str(c->loop, s, &len) : "";
    sim__strbuf_put(out, b, len);
    sim__strbuf_puts(out, "\n    at <anonymous>");
}

static void format_object(struct ictx *c, struct sim_strbuf *out, uint32_t o, int recurse)
{
    struct sim_loop *loop = c->loop;
    struct vm_object *obj = sim__vm_obj(loop, o);
    uint32_t keys[256];
    uint32_t key_count = ordered_keys(c, o, keys, 256);
    bool array = obj->kind == VM_OBJ_ARRAY;
    struct sim_strbuf base = {0};
    if (obj->kind == VM_OBJ_FUNCTION || obj->kind == VM_OBJ_NATIVE) {
        function_base(c, &base, o);
    } else if (obj->kind == VM_OBJ_ERROR) {
        error_base(c, &base, o);
    }
    if (key_count == 0 && (!array || obj->elem_count == 0) && !(array && c->show_hidden)) {
        sim__strbuf_puts(out, base.len ? base.b : array ? "[]" : "{}");
        free(base.b);
        return;
    }
    if (recurse > c->depth) {
        sim__strbuf_puts(out, array ? "[Array]" : "[Object]");
        free(base.b);
        return;
    }
    for (int i = 0; i < c->seen_count; i++) {
        if (c->seen[i] == o) {
            sim__strbuf_puts(out, "[Circular *1]");
            free(base.b);
            return;
        }
    }
    recurse++;
    if (c->seen_count < MAX_SEEN) {
        c->seen[c->seen_count++] = o;
    }
    c->current_depth = recurse;
    struct entries e = {0};
    bool all_numbers = true;
    if (array) {
        for (uint32_t i = 0; i < sim__vm_obj(loop, o)->elem_count && i < 100; i++) {
            struct sim_strbuf *s = entry_new(&e);
            if (s == NULL) {
                break;
            }
            struct vm_value el = sim__vm_elems(loop, o)[i];
            all_numbers &= el.tag == VM_NUMBER;
            c->indentation += 2;
            format_value(c, s, el, recurse);
            c->indentation -= 2;
        }
        uint32_t more = sim__vm_obj(loop, o)->elem_count;
        if (more > 100) {
            struct sim_strbuf *s = entry_new(&e);
            if (s != NULL) {
                char buf[64];
                snprintf(buf, sizeof(buf), "... %u more item%s", more - 100,
                         more - 100 > 1 ? "s" : "");
                sim__strbuf_puts(s, buf);
            }
        }
    }
    uint32_t elements = e.count;
    for (uint32_t i = 0; i < key_count; i++) {
        format_property(c, &e, keys[i], recurse);
    }
    if (array && c->show_hidden) {
        struct sim_strbuf *s = entry_new(&e);
        if (s != NULL) {
            char buf[48];
            snprintf(buf, sizeof(buf), "[length]: %u", sim__vm_obj(loop, o)->elem_count);
            sim__strbuf_puts(s, buf);
        }
    }
    c->seen_count--;
    uint32_t entries = e.count;
    if (array && entries > 6 && elements == entries) {
        group_array_elements(c, &e, all_numbers);
    }
    reduce(c, out, &e, base.len ? base.b : "", array ? "[" : "{", array ? "]" : "}", entries,
           recurse);
    entries_free(&e);
    free(base.b);
}

/* lib/buffer.js Buffer.prototype[customInspectSymbol]: the first INSPECT_MAX_BYTES in hex. */
static void format_buffer(struct ictx *c, struct sim_strbuf *out, uint32_t b)
{
    enum { INSPECT_MAX_BYTES = 50 };
    uint32_t len;
    const unsigned char *bytes = sim__vm_buffer_bytes(c->loop, b, &len);
    sim__strbuf_puts(out, "<Buffer");
    for (uint32_t i = 0; i < len && i < INSPECT_MAX_BYTES; i++) {
        char hex[4];
        snprintf(hex, sizeof(hex), " %02x", bytes[i]);
        sim__strbuf_puts(out, hex);
    }
    if (len > INSPECT_MAX_BYTES) {
        char more[48];
        snprintf(more, sizeof(more), " ... %u more byte%s", len - INSPECT_MAX_BYTES,
                 len - INSPECT_MAX_BYTES > 1 ? "s" : "");
        sim__strbuf_puts(out, more);
    }
    sim__strbuf_puts(out, len == 0 ? " >" : ">");
}

static void format_value(struct ictx *c, struct sim_strbuf *out, struct vm_value v, int recurse)
{
    if (v.tag != VM_OBJECT) {
        format_primitive(c, out, v);
        return;
    }
    if (vm_is_object(v, c->loop, VM_OBJ_BUFFER)) {
        format_buffer(c, out, v.ref);
        return;
    }
    format_object(c, out, v.ref, recurse);
}

static struct vm_value finish(struct sim_loop *loop, struct sim_strbuf *s)
{
    if (s->oom) {
        free(s->b);
        loop->error = SIM_ENOMEM;
        return vm_undefined();
    }
    struct vm_value r = sim__vm_string(loop, s->b ? s->b : "", (uint32_t)s->len);
    free(s->b);
    return r;
}

static void inspect_into(struct sim_loop *loop, struct sim_strbuf *out, struct vm_value v,
                         int depth)
{
    struct ictx c = {.loop = loop, .depth = depth, .show_hidden = depth == 4};
    format_value(&c, out, v, 0);
}

struct vm_value sim__vm_inspect(struct sim_loop *loop, struct vm_value v)
{
    struct sim_strbuf s = {0};
    inspect_into(loop, &s, v, DEPTH);
    return finish(loop, &s);
}

/* ---- util.format ------------------------------------------------------------------------- */

static void put_string_of(struct sim_loop *loop, struct sim_strbuf *out, struct vm_value v)
{
    struct vm_value s = sim__vm_to_string(loop, v);
    uint32_t len = 0;
    const char *b = s.tag == VM_STRING ? sim__vm_str(loop, s, &len) : "";
    sim__strbuf_put(out, b, len);
}

/* One placeholder's text; false for a character that is not one. */
static bool placeholder(struct sim_loop *loop, struct sim_strbuf *out, char ch, struct vm_value v)
{
    switch (ch) {
    case 's':
        if (v.tag == VM_NUMBER) {
            format_number(out, v.num);
        } else if (v.tag == VM_OBJECT && !sim__vm_is_callable(loop, v) &&
                   sim__vm_obj(loop, v.ref)->kind != VM_OBJ_ERROR &&
                   sim__vm_obj(loop, v.ref)->kind != VM_OBJ_BUFFER) {
            /* a Buffer has its own toString: String(buf), its utf8 text */
            inspect_into(loop, out, v, 0);
        } else {
            put_string_of(loop, out, v);
        }
        return true;
    case 'd':
        format_number(out, sim__vm_to_number(loop, v));
        return true;
    case 'i':
    case 'f': {
        struct vm_value s = sim__vm_to_string(loop, v);
        uint32_t len;
        const char *b = sim__vm_str(loop, s, &len);
        char buf[64];
        snprintf(buf, sizeof(buf), "%.*s", (int)(len > 60 ? 60 : len), b);
        char *end;
        double d = ch == 'i' ? (double)strtoll(buf, &end, 10) : strtod(buf, &end);
        format_number(out, end == buf ? NAN : d);
        return true;
    }
    case 'j': {
        struct vm_value j = sim__vm_json(loop, v);
        if (j.tag == VM_STRING) {
            uint32_t len;
            const char *b = sim__vm_str(loop, j, &len);
            sim__strbuf_put(out, b, len);
        } else {
            sim__strbuf_puts(out, loop->vm.throwing ? "[Circular]" : "undefined");
            loop->vm.throwing = false;
        }
        return true;
    }
    case 'o':
    case 'O':
        inspect_into(loop, out, v, ch == 'o' ? 4 : DEPTH);
        return true;
    case 'c':
        return true;
    default:
        return false;
    }
}

struct vm_value sim__vm_inspect_args(struct sim_loop *loop, const struct vm_value *args,
                                     uint32_t argc)
{
    struct sim_strbuf out = {0};
    uint32_t a = 0;
    const char *join = "";
    if (argc > 0 && args[0].tag == VM_STRING) {
        uint32_t len;
        const char *f = sim__vm_str(loop, args[0], &len);
        char *first = malloc((size_t)len + 1);
        if (first == NULL) {
            loop->error = SIM_ENOMEM;
            return vm_undefined();
        }
        memcpy(first, f, len);
        first[len] = '\0';
        uint32_t last = 0;
        for (uint32_t i = 0; argc > 1 && i + 1 < len; i++) {
            if (first[i] != '%') {
                continue;
            }
            char next = first[++i];
            if (a + 1 != argc) {
                if (next == '%') {
                    sim__strbuf_put(&out, first + last, i - last);
                    last = i + 1;
                    continue;
                }
                struct sim_strbuf piece = {0};
                if (!placeholder(loop, &piece, next, args[a + 1])) {
                    continue;
                }
                a++;
                if (last != i - 1) {
                    sim__strbuf_put(&out, first + last, i - 1 - last);
                }
                sim__strbuf_put(&out, piece.b ? piece.b : "", piece.len);
                free(piece.b);
                last = i + 1;
            } else if (next == '%') {
                sim__strbuf_put(&out, first + last, i - last);
                last = i + 1;
            }
        }
        if (last != 0) {
            a++;
            join = " ";
            if (last < len) {
                sim__strbuf_put(&out, first + last, len - last);
            }
        }
        free(first);
    }
    for (; a < argc; a++) {
        sim__strbuf_puts(&out, join);
        if (args[a].tag == VM_STRING) {
            uint32_t len;
            const char *s = sim__vm_str(loop, args[a], &len);
            sim__strbuf_put(&out, s, len);
        } else {
            inspect_into(loop, &out, args[a], DEPTH);
        }
        join = " ";
    }
    return finish(loop, &out);
}
