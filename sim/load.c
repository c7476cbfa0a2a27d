/*
 * load.c - the scenario loader: a scenario's bytes in, an immutable struct sim_program out.
 *
 * Loading runs in steps, and any of them may refuse the scenario with a located diagnostic
 * (struct sim_diag: code, line, column, JSON path, sentence); nothing is printed:
 *   1. the bytes: size, byte order mark, then json.c's strict scan (text, UTF-8, RFC 8259,
 *      nesting), which records where every value and key starts;
 *   2. cJSON builds the tree. The loader walks it in document order, in step with the scan's
 *      positions (both are pre-orders of the same document), so every node has its place;
 *   3. the schema: the top level, config, functions and every statement, into flat arrays;
 *   4. the command-line overrides, checked like config;
 *   5. the whole-program checks: ids, socket ops, and what repeats expand to.
 * Only this file sees cJSON. Everything the program points at lives in its arena or in arrays it
 * owns, so sim_program_destroy frees it all.
 */
#include "sim.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define NONE UINT32_MAX
/* The largest whole number a double holds exactly: the bound of counts with no other. */
#define MAX_EXACT 9007199254740992.0
/* Comparisons of ids with {VAR} placeholders one load may make (docs: "Limits"). */
#define MAX_ID_COMPARISONS 20000000u
/* Names compared for a suggestion: at most this long, and this many candidates. */
#define SUGGEST_MAX_BYTES 32
#define SUGGEST_MAX_TRIES 100000u
/* User strings quoted in messages are cut to this many bytes. */
#define QUOTE_BYTES 40
/* Room for such a string quoted: every byte may become a \u00XX escape. */
#define QUOTED_SIZE (QUOTE_BYTES * 6 + 16)

_Static_assert(SIM_OP_COUNT <= 64, "ops are kept in 64-bit sets");

/* ---- The arena: strings and arrays the program points at -------------------------------- */

#define ARENA_CHUNK (256u * 1024u)

struct chunk {
    struct chunk *next;
    size_t used;
    size_t size;
    max_align_t data[];
};

/* `n` bytes aligned to `align` (a power of two), or NULL when out of memory. */
static void *arena_alloc(struct chunk **arena, size_t n, size_t align)
{
    struct chunk *c = *arena;
    size_t at = c != NULL ? (c->used + align - 1) & ~(align - 1) : 0;
    if (c == NULL || at > c->size || c->size - at < n) {
        size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        c = malloc(sizeof(*c) + size);
        if (c == NULL) {
            return NULL;
        }
        *c = (struct chunk){*arena, 0, size};
        *arena = c;
        at = 0;
    }
    c->used = at + n;
    return (char *)c->data + at;
}

static const char *arena_strdup(struct chunk **arena, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = arena_alloc(arena, n, 1);
    if (p != NULL) {
        memcpy(p, s, n);
    }
    return p;
}

static void arena_free(struct chunk *arena)
{
    while (arena != NULL) {
        struct chunk *next = arena->next;
        free(arena);
        arena = next;
    }
}

/* The program as allocated: the public part first, so a program pointer is a box pointer. */
struct program_box {
    struct sim_program prog;
    struct chunk *arena; /* strings, expect lines, connection times */
};

/* ---- Small containers: a string map and a list of statement indices ---------------------- */

struct strmap_slot {
    const char *key; /* borrowed; NULL: empty */
    uint32_t hash;
    uint32_t value;
};

/* An open-addressing hash map from strings to indices. */
struct strmap {
    struct strmap_slot *slots;
    uint32_t cap; /* 0 or a power of two */
    uint32_t used;
};

static uint32_t hash_string(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s != '\0'; s++) {
        h = (h ^ (unsigned char)*s) * 16777619u;
    }
    return h;
}

static struct strmap_slot *strmap_find(const struct strmap *m, const char *key, uint32_t h)
{
    for (uint32_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        struct strmap_slot *slot = &m->slots[i];
        if (slot->key == NULL || (slot->hash == h && strcmp(slot->key, key) == 0)) {
            return slot;
        }
    }
}

static bool strmap_grow(struct strmap *m)
{
    struct strmap bigger = {calloc(m->cap ? m->cap * 2 : 64, sizeof(struct strmap_slot)),
                            m->cap ? m->cap * 2 : 64, m->used};
    if (bigger.slots == NULL) {
        return false;
    }
    for (uint32_t i = 0; i < m->cap; i++) {
        if (m->slots[i].key != NULL) {
            *strmap_find(&bigger, m->slots[i].key, m->slots[i].hash) = m->slots[i];
        }
    }
    free(m->slots);
    *m = bigger;
    return true;
}

/*
 * Adds key → value unless the key is there: *old is then its value, else NONE. The key is
 * borrowed. Returns false when out of memory.
 */
static bool strmap_put(struct strmap *m, const char *key, uint32_t value, uint32_t *old)
{
    if ((m->used + 1) * 4 > m->cap * 3 && !strmap_grow(m)) {
        return false;
    }
    uint32_t h = hash_string(key);
    struct strmap_slot *slot = strmap_find(m, key, h);
    *old = slot->key != NULL ? slot->value : NONE;
    if (slot->key == NULL) {
        *slot = (struct strmap_slot){key, h, value};
        m->used++;
    }
    return true;
}

/* The value of `key`, or NONE. */
static uint32_t strmap_get(const struct strmap *m, const char *key)
{
    if (m->cap == 0) {
        return NONE;
    }
    const struct strmap_slot *slot = strmap_find(m, key, hash_string(key));
    return slot->key != NULL ? slot->value : NONE;
}

struct list {
    uint32_t *items;
    uint32_t count;
    uint32_t cap;
};

static bool list_push(struct list *l, uint32_t v)
{
    if (l->count == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 64;
        uint32_t *items = realloc(l->items, cap * sizeof(*items));
        if (items == NULL) {
            return false;
        }
        l->items = items;
        l->cap = cap;
    }
    l->items[l->count++] = v;
    return true;
}

/* ---- The loader's state ---------------------------------------------------------------- */

/* A value of the document: its cJSON node, and its entry in the scan's positions. */
struct jv {
    const cJSON *node;
    uint32_t at;
};

/* What the loader knows of a statement beside what the program keeps. */
struct stmt_info {
    uint32_t body;  /* the body it is in */
    uint32_t at;    /* its value's entry in the positions */
    uint32_t id_at; /* its `id` value's entry, or NONE */
};

/* One entry of `functions`. */
struct func {
    const char *name; /* in the program's arena */
    struct jv value;  /* its body as written: an array, or "@other" */
    uint32_t body;    /* its body; for "@other", NONE until resolved */
};

struct loader {
    const char *doc; /* the document: the bytes after any byte order mark */
    size_t len;
    struct json_scan scan; /* where every value and key starts */
    struct json_locator loc;
    struct sim_diag *diag;
    cJSON *root;
    struct program_box *box;

    struct sim_stmt *stmts; /* the program's statements, growing */
    struct stmt_info *info; /* beside each statement */
    uint32_t stmt_count;
    uint32_t stmt_cap;
    struct sim_body *bodies;
    uint32_t *owner; /* per body: the statement whose `do` it is, or NONE */
    uint32_t body_count;
    uint32_t body_cap;
    uint32_t ordinals[SIM_OP_COUNT];

    struct func *funcs;
    uint32_t func_count;
    struct strmap func_names; /* name → index in funcs */
    struct strmap op_names;   /* op name → enum sim_op */

    struct strmap carriers;       /* id → the statement carrying it */
    struct list carrier_list;     /* every statement that carries an id */
    struct list pattern_carriers; /* those whose id holds a {VAR} placeholder */
    struct list uses;             /* statements that use an id: clear*, ref, close... */
    uint32_t comparisons;         /* of ids with placeholders, so far */
};

/* ---- Diagnostics ------------------------------------------------------------------------- */

/* Where a value is, to spell its JSON path: [statement] [.key | key] [.name] [[index]]. */
struct place {
    uint32_t stmt;    /* the statement it is in, or NONE */
    const char *key;  /* under a statement ".key"; without one, the path so far */
    const char *name; /* then ".name": a function's or a config key's */
    int64_t index;    /* then "[index]" when >= 0 */
};

static const struct place AT_TOP = {NONE, NULL, NULL, -1};

static struct place at_path(const char *key, const char *name)
{
    return (struct place){NONE, key, name, -1};
}

static struct place in_stmt(uint32_t stmt, const char *key)
{
    return (struct place){stmt, key, NULL, -1};
}

static struct place item_of(struct place p, int64_t index)
{
    p.index = index;
    return p;
}

/* A bounded string being written; what does not fit is dropped. */
struct text {
    char *buf;
    size_t size;
    size_t len;
};

/* The printf-like functions: the compiler checks every message against its arguments. */
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

static void text_vput(struct text *t, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);
static void text_put(struct text *t, const char *fmt, ...) PRINTF_LIKE(2, 3);
static bool vfail_offset(struct loader *L, int code, size_t offset, struct place p, const char *fmt,
                         va_list ap) PRINTF_LIKE(5, 0);
static bool fail_offset(struct loader *L, int code, size_t offset, struct place p, const char *fmt,
                        ...) PRINTF_LIKE(5, 6);
static bool fail(struct loader *L, int code, uint32_t at, struct place p, const char *fmt, ...)
    PRINTF_LIKE(5, 6);
static bool bad_option(struct loader *L, const char *fmt, ...) PRINTF_LIKE(2, 3);
#undef PRINTF_LIKE

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

static void text_put(struct text *t, const char *fmt, ...)
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

/*
 * Writes `s` shortened to about QUOTE_BYTES bytes, with JSON escapes for quotes, backslashes
 * and control characters, between double quotes when `quoted`. Returns buf.
 */
static const char *quote(const char *s, bool quoted, char *buf, size_t size)
{
    struct text t = {buf, size, 0};
    buf[0] = '\0';
    text_put(&t, "%s", quoted ? "\"" : "");
    size_t i = 0;
    for (; s[i] != '\0' && i < QUOTE_BYTES; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' && quoted) {
            text_put(&t, "\\\"");
        } else if (c == '\\' && quoted) {
            text_put(&t, "\\\\");
        } else if (c < 0x20 || c == 0x7F) {
            if (c == '\n' || c == '\t') {
                text_put(&t, "%s", c == '\n' ? "\\n" : "\\t");
            } else {
                text_put(&t, "\\u%04X", c);
            }
        } else {
            text_put(&t, "%c", c);
        }
    }
    /* Finish a character cut at the limit, then say that the rest was left out. */
    for (; ((unsigned char)s[i] & 0xC0) == 0x80; i++) {
        text_put(&t, "%c", s[i]);
    }
    text_put(&t, "%s%s", s[i] != '\0' ? "..." : "", quoted ? "\"" : "");
    return buf;
}

/* Writes the path of statement s: main[2], functions.tick[0].do[1]... */
static void put_stmt_path(struct text *t, const struct loader *L, uint32_t s)
{
    uint32_t chain[SIM_MAX_NESTING];
    uint32_t n = 0;
    for (;;) {
        chain[n++] = s;
        uint32_t b = L->info[s].body;
        if (L->owner[b] == NONE || n == SIM_MAX_NESTING) {
            break;
        }
        s = L->owner[b];
    }
    const struct sim_body *root = &L->bodies[L->info[chain[n - 1]].body];
    char name[QUOTED_SIZE];
    if (root->name != NULL) {
        text_put(t, "functions.%s", quote(root->name, false, name, sizeof(name)));
    } else {
        text_put(t, "main");
    }
    while (n-- > 0) {
        const struct sim_body *b = &L->bodies[L->info[chain[n]].body];
        text_put(t, "[%u]%s", chain[n] - b->first, n > 0 ? ".do" : "");
    }
}

static void put_path(struct text *t, const struct loader *L, struct place p)
{
    char name[QUOTED_SIZE];
    if (p.stmt != NONE) {
        put_stmt_path(t, L, p.stmt);
        if (p.key != NULL) {
            text_put(t, ".%s", p.key);
        }
    } else if (p.key != NULL) {
        text_put(t, "%s", p.key);
    }
    if (p.name != NULL) {
        text_put(t, ".%s", quote(p.name, false, name, sizeof(name)));
    }
    if (p.index >= 0) {
        text_put(t, "[%lld]", (long long)p.index);
    }
}

/* The position of a byte offset; SIZE_MAX: no place in the file (line 0). */
static void locate(struct loader *L, size_t offset, uint32_t *line, uint32_t *col)
{
    *line = 0;
    *col = 0;
    if (offset != SIZE_MAX) {
        sim__json_locate(&L->loc, offset, line, col);
    }
}

/* Fills the diagnostic (the first failure wins) about byte `offset`. Returns false. */
static bool vfail_offset(struct loader *L, int code, size_t offset, struct place p, const char *fmt,
                         va_list ap)
{
    struct sim_diag *d = L->diag;
    if (d->code != 0) {
        return false;
    }
    d->code = code;
    locate(L, offset, &d->line, &d->col);
    struct text path = {d->path, sizeof(d->path), 0};
    put_path(&path, L, p);
    trim_partial_utf8(d->path);
    struct text msg = {d->message, sizeof(d->message), 0};
    text_vput(&msg, fmt, ap);
    trim_partial_utf8(d->message);
    return false;
}

static bool fail_offset(struct loader *L, int code, size_t offset, struct place p, const char *fmt,
                        ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail_offset(L, code, offset, p, fmt, ap);
    va_end(ap);
    return false;
}

/* Fails about the value or key at entry `at` of the positions (NONE: no place in the file). */
static bool fail(struct loader *L, int code, uint32_t at, struct place p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail_offset(L, code, at != NONE ? L->scan.pos[at].offset : SIZE_MAX, p, fmt, ap);
    va_end(ap);
    return false;
}

static bool nomem(struct loader *L)
{
    return fail(L, SIM_ENOMEM, NONE, AT_TOP, "out of memory");
}

/* How a value is shown after "got": a string quoted and cut, a number as written, or its kind. */
static const char *describe(const struct loader *L, struct jv v, char *buf, size_t size)
{
    const cJSON *n = v.node;
    if (cJSON_IsString(n)) {
        return quote(n->valuestring, true, buf, size);
    }
    if (cJSON_IsNumber(n)) {
        size_t at = L->scan.pos[v.at].offset;
        size_t len = 0;
        while (at + len < L->len && len < QUOTE_BYTES &&
               strchr("+-.0123456789eE", L->doc[at + len]) != NULL) {
            len++;
        }
        snprintf(buf, size, "%.*s", (int)len, L->doc + at);
        return buf;
    }
    return cJSON_IsTrue(n)    ? "true"
           : cJSON_IsFalse(n) ? "false"
           : cJSON_IsNull(n)  ? "null"
           : cJSON_IsArray(n) ? "an array"
                              : "an object";
}

/* "expected WHAT, got VALUE" */
static bool expected(struct loader *L, struct jv v, struct place p, const char *what)
{
    char got[QUOTED_SIZE];
    return fail(L, SIM_ESCHEMA, v.at, p, "expected %s, got %s", what,
                describe(L, v, got, sizeof(got)));
}

/* ---- Suggestions: the closest valid name ------------------------------------------------ */

/* The optimal string alignment distance (edits and swaps); long names are "far". */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a);
    size_t m = strlen(b);
    if (n > SUGGEST_MAX_BYTES || m > SUGGEST_MAX_BYTES) {
        return SIZE_MAX;
    }
    size_t d[SUGGEST_MAX_BYTES + 1][SUGGEST_MAX_BYTES + 1];
    for (size_t i = 0; i <= n; i++) {
        for (size_t j = 0; j <= m; j++) {
            if (i == 0 || j == 0) {
                d[i][j] = i + j;
                continue;
            }
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            best = d[i - 1][j] + 1 < best ? d[i - 1][j] + 1 : best;
            best = d[i][j - 1] + 1 < best ? d[i][j - 1] + 1 : best;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best) {
                best = d[i - 2][j - 2] + 1;
            }
            d[i][j] = best;
        }
    }
    return d[n][m];
}

/*
 * The closest candidate so far to a misspelt name: within a third of its length in edits, or
 * else one that begins with it ('threadpool' for 'threadpool_size').
 */
struct suggestion {
    const char *name;
    size_t limit;
    size_t best;
    const char *found;
    uint32_t tries; /* candidates looked at: a bounded search, even among millions */
};

static struct suggestion suggest_start(const char *name)
{
    size_t limit = (strlen(name) + 2) / 3;
    return (struct suggestion){name, limit > 0 ? limit : 1, SIZE_MAX, NULL, 0};
}

static void suggest_try(struct suggestion *sg, const char *candidate)
{
    if (++sg->tries > SUGGEST_MAX_TRIES) {
        return;
    }
    size_t d = edit_distance(sg->name, candidate);
    size_t n = strlen(sg->name);
    if (d > sg->limit && n >= 4 && strncmp(candidate, sg->name, n) == 0) {
        d = sg->limit;
    }
    if (d <= sg->limit && d < sg->best) {
        sg->best = d;
        sg->found = candidate;
    }
}

/* "; did you mean 'NAME'?" (with `prefix` before the name), or "" without a suggestion. */
static const char *did_you_mean(const struct suggestion *sg, const char *prefix, char *buf,
                                size_t size)
{
    char name[QUOTED_SIZE];
    buf[0] = '\0';
    if (sg->found != NULL) {
        snprintf(buf, size, "; did you mean '%s%s'?", prefix,
                 quote(sg->found, false, name, sizeof(name)));
    }
    return buf;
}

/*
 * What people type for an op when they think in JavaScript, and the op they mean. Consulted
 * before the edit-distance suggester, which would offer a name that merely looks alike
 * ('fs.readFileSync' is not 'fs.readFile': a synchronous call blocks the loop).
 * {typed (a leading '*' matches any name that ends in the rest), op meant, said after it}
 */
static const struct {
    const char *typed;
    const char *meant;
    const char *more;
} op_aliases[] = {
    {"process.nextTick", "nextTick", ""},
    {"Promise.resolve", "promise", ""},
    {"Promise.resolve().then", "promise", ""},
    {"Promise.then", "promise", ""},
    {"promise.then", "promise", ""},
    {"then", "promise", ""},
    {"console.log", "log", " (or write the string itself as the statement)"},
    {"console.info", "log", " (or write the string itself as the statement)"},
    {"net.createServer", "listen", ""},
    {"http.createServer", "listen", ""},
    {"createServer", "listen", ""},
    {"server.listen", "listen", ""},
    {"net.connect", "connect", ""},
    {"net.createConnection", "connect", ""},
    {"process.exit", "exit", ""},
    {"process.on", "on", ""},
    {"process.once", "on", " with \"once\": true"},
    {"for", "repeat", ""},
    {"*Sync", "block", " (a sync call holds the loop: its time in \"ms\", its name in \"what\")"},
};

/* "; did you mean 'OP' ...?" for a name in op_aliases, or NULL. */
static const char *alias_hint(const char *typed, char *buf, size_t size)
{
    size_t n = strlen(typed);
    for (size_t i = 0; i < sizeof(op_aliases) / sizeof(op_aliases[0]); i++) {
        const char *a = op_aliases[i].typed;
        bool suffix = a[0] == '*';
        size_t m = strlen(a + suffix);
        if (suffix ? n > m && strcmp(typed + n - m, a + 1) == 0 : strcmp(typed, a) == 0) {
            snprintf(buf, size, "; did you mean '%s'%s?", op_aliases[i].meant, op_aliases[i].more);
            return buf;
        }
    }
    return NULL;
}

/* ---- Reading values ---------------------------------------------------------------------- */

/* Iterates an object's members: the key's entry, then the value's. */
struct member {
    const char *key;
    uint32_t key_at;
    struct jv value;
};

static struct member member_at(const cJSON *c, uint32_t key_at)
{
    return (struct member){c != NULL ? c->string : NULL, key_at, {c, key_at + 1}};
}

static struct member first_member(struct jv obj)
{
    return member_at(obj.node->child, obj.at + 1);
}

static struct member next_member(const struct loader *L, struct member m)
{
    return member_at(m.value.node->next, L->scan.pos[m.value.at].end);
}

/* Iterates an array's elements. */
static struct jv first_item(struct jv arr)
{
    return (struct jv){arr.node->child, arr.at + 1};
}

static struct jv next_item(const struct loader *L, struct jv item)
{
    return (struct jv){item.node->next, L->scan.pos[item.at].end};
}

/* Counted on the positions, which lie in order in memory, rather than on the scattered nodes. */
static uint32_t item_count(const struct loader *L, struct jv arr)
{
    uint32_t n = 0;
    for (uint32_t k = arr.at + 1; k < L->scan.pos[arr.at].end; k = L->scan.pos[k].end) {
        n++;
    }
    return n;
}

static bool read_string(struct loader *L, struct jv v, struct place p, const char **out)
{
    if (!cJSON_IsString(v.node)) {
        return expected(L, v, p, "a string");
    }
    *out = arena_strdup(&L->box->arena, v.node->valuestring);
    return *out != NULL || nomem(L);
}

static bool read_bool(struct loader *L, struct jv v, struct place p, bool *out)
{
    if (!cJSON_IsBool(v.node)) {
        return expected(L, v, p, "true or false");
    }
    *out = cJSON_IsTrue(v.node);
    return true;
}

static bool read_number(struct loader *L, struct jv v, struct place p, double *out)
{
    if (!cJSON_IsNumber(v.node)) {
        return expected(L, v, p, "a number");
    }
    if (!isfinite(v.node->valuedouble)) {
        char got[QUOTED_SIZE];
        return fail(L, SIM_ELIMIT, v.at, p, "number out of range: %s",
                    describe(L, v, got, sizeof(got)));
    }
    *out = v.node->valuedouble;
    return true;
}

/* The range of a count; past `limit_of` (when set) the maximum is the loader's own limit. */
struct count_range {
    double min;
    double max;
    const char *limit_of; /* e.g. "repeat times"; NULL: the format's own range */
};

static bool read_count(struct loader *L, struct jv v, struct place p, const struct count_range *r,
                       int64_t *out)
{
    double d;
    char got[QUOTED_SIZE];
    if (!read_number(L, v, p, &d)) {
        return false;
    }
    if (d != floor(d)) {
        return expected(L, v, p, "a whole number");
    }
    if (d > r->max && r->limit_of != NULL && d >= r->min) {
        return fail(L, SIM_ELIMIT, v.at, p,
                    "expected at most %.0f (the loader's limit for %s), got %s", r->max,
                    r->limit_of, describe(L, v, got, sizeof(got)));
    }
    if (d < r->min || d > r->max) {
        return fail(L, SIM_ESCHEMA, v.at, p, "expected a whole number from %.0f to %.0f, got %s",
                    r->min, r->max, describe(L, v, got, sizeof(got)));
    }
    *out = (int64_t)d;
    return true;
}

/* A duration in milliseconds (`ms`, `*_ms`), kept in nanoseconds rounded to the nearest. */
static bool read_duration(struct loader *L, struct jv v, struct place p, uint64_t *ns)
{
    double ms;
    char got[QUOTED_SIZE];
    if (!read_number(L, v, p, &ms)) {
        return false;
    }
    if (ms < 0) {
        return fail(L, SIM_ESCHEMA, v.at, p, "expected a duration in ms (a number >= 0), got %s",
                    describe(L, v, got, sizeof(got)));
    }
    if (ms > SIM_MAX_DURATION_MS) {
        return fail(L, SIM_ELIMIT, v.at, p,
                    "expected at most %.0f ms (the loader's limit for durations, "
                    "about 31 years), got %s",
                    SIM_MAX_DURATION_MS, describe(L, v, got, sizeof(got)));
    }
    *ns = (uint64_t)llround(ms * 1e6);
    return true;
}

/* One of a few fixed strings; *index is which. */
static bool read_choice(struct loader *L, struct jv v, struct place p, const char *a, const char *b,
                        uint32_t *index)
{
    if (cJSON_IsString(v.node) &&
        (strcmp(v.node->valuestring, a) == 0 || strcmp(v.node->valuestring, b) == 0)) {
        *index = strcmp(v.node->valuestring, a) == 0 ? 0 : 1;
        return true;
    }
    char what[64];
    snprintf(what, sizeof(what), "\"%s\" or \"%s\"", a, b);
    return expected(L, v, p, what);
}

/* ---- Objects with fixed keys --------------------------------------------------------------- */

#define MAX_KEYS 24

/* The keys an object may hold. */
struct keyset {
    const char *what; /* who takes them, for messages: "setTimeout", "config" */
    const char *const *names;
    uint32_t count;
    uint64_t allowed; /* bit k set: names[k] is valid here */
};

/* An object's members by key: val[k] is names[k]'s value (node NULL when absent). */
struct slots {
    struct jv val[MAX_KEYS];
    uint32_t key_at[MAX_KEYS];
};

static uint32_t key_index(const struct keyset *ks, const char *key)
{
    for (uint32_t k = 0; k < ks->count; k++) {
        if (ks->names[k][0] == key[0] && strcmp(ks->names[k], key) == 0) {
            return k;
        }
    }
    return NONE;
}

/* "unknown key 'dealy'; did you mean 'delay'?", or the list of the keys it takes. */
static bool unknown_key(struct loader *L, struct member m, const struct keyset *ks, struct place p)
{
    char name[QUOTED_SIZE];
    char hint[QUOTED_SIZE + 32];
    struct suggestion sg = suggest_start(m.key);
    char list[256];
    struct text t = {list, sizeof(list), 0};
    list[0] = '\0';
    for (uint32_t k = 0; k < ks->count; k++) {
        if ((ks->allowed >> k & 1) != 0 && strcmp(ks->names[k], "op") != 0) {
            suggest_try(&sg, ks->names[k]);
            text_put(&t, "%s%s", t.len > 0 ? ", " : "", ks->names[k]);
        }
    }
    quote(m.key, false, name, sizeof(name));
    if (sg.found != NULL) {
        return fail(L, SIM_ESCHEMA, m.key_at, p, "unknown key '%s'%s", name,
                    did_you_mean(&sg, "", hint, sizeof(hint)));
    }
    return fail(L, SIM_ESCHEMA, m.key_at, p, "unknown key '%s'; %s takes %s", name, ks->what, list);
}

static bool duplicate_key(struct loader *L, struct member m, uint32_t first_at, struct place p)
{
    char name[QUOTED_SIZE];
    uint32_t line;
    uint32_t col;
    locate(L, L->scan.pos[first_at].offset, &line, &col);
    return fail(L, SIM_ESCHEMA, m.key_at, p, "duplicate key '%s' (first at line %u, column %u)",
                quote(m.key, false, name, sizeof(name)), line, col);
}

/* Sorts an object's members into slots; refuses unknown and duplicate keys. */
static bool collect(struct loader *L, struct jv obj, const struct keyset *ks, struct place p,
                    struct slots *out)
{
    for (uint32_t k = 0; k < ks->count; k++) {
        out->val[k].node = NULL;
    }
    for (struct member m = first_member(obj); m.value.node != NULL; m = next_member(L, m)) {
        uint32_t k = key_index(ks, m.key);
        if (k == NONE || (ks->allowed >> k & 1) == 0) {
            return unknown_key(L, m, ks, p);
        }
        if (out->val[k].node != NULL) {
            return duplicate_key(L, m, out->key_at[k], p);
        }
        out->val[k] = m.value;
        out->key_at[k] = m.key_at;
    }
    return true;
}

/* Refuses an object that lacks one of the `required` keys (bit k for names[k]). */
static bool require(struct loader *L, struct jv obj, const struct keyset *ks,
                    const struct slots *sl, uint64_t required, struct place p)
{
    for (uint32_t k = 0; k < ks->count; k++) {
        if ((required >> k & 1) != 0 && sl->val[k].node == NULL) {
            return fail(L, SIM_ESCHEMA, obj.at, p, "missing key '%s'", ks->names[k]);
        }
    }
    return true;
}

/* ---- Statements: the keys of every op ------------------------------------------------------ */

enum key {
    K_OP,
    K_DO,
    K_LABEL,
    K_ID,
    K_UNREF,
    K_MSG,
    K_MS,
    K_WHAT,
    K_TIMES,
    K_VAR,
    K_DELAY,
    K_JOBS,
    K_SIZE,
    K_DEFERRED,
    K_CONNECTIONS,
    K_ERROR,
    K_CODE,
    K_EVENT,
    K_ONCE,
    K_COUNT
};

_Static_assert(K_COUNT <= MAX_KEYS, "a statement's keys fit in its slots");

static const char *const key_names[K_COUNT] = {
    "op",    "do",   "label", "id",       "unref",       "msg",   "ms",   "what",  "times", "var",
    "delay", "jobs", "size",  "deferred", "connections", "error", "code", "event", "once",
};

#define KEY(k) (1ULL << (k))
/* The keys shared by every op that schedules a callback. */
#define SCHEDULES (KEY(K_DO) | KEY(K_LABEL) | KEY(K_ID) | KEY(K_UNREF))
#define TIMED     (SCHEDULES | KEY(K_MS))

/* The keys each op takes beside "op", and those it needs (`do` is never needed). */
static const struct {
    uint64_t allowed;
    uint64_t required;
} op_keys[SIM_OP_COUNT] = {
    [SIM_OP_LOG] = {KEY(K_MSG), KEY(K_MSG)},
    [SIM_OP_BLOCK] = {KEY(K_MS) | KEY(K_WHAT), KEY(K_MS)},
    [SIM_OP_REPEAT] = {KEY(K_TIMES) | KEY(K_VAR) | KEY(K_DO), KEY(K_TIMES)},
    [SIM_OP_SET_TIMEOUT] = {SCHEDULES | KEY(K_DELAY), KEY(K_DELAY)},
    [SIM_OP_SET_INTERVAL] = {SCHEDULES | KEY(K_DELAY) | KEY(K_TIMES), KEY(K_DELAY)},
    [SIM_OP_SET_IMMEDIATE] = {SCHEDULES, 0},
    [SIM_OP_CLEAR_TIMEOUT] = {KEY(K_ID), KEY(K_ID)},
    [SIM_OP_CLEAR_INTERVAL] = {KEY(K_ID), KEY(K_ID)},
    [SIM_OP_CLEAR_IMMEDIATE] = {KEY(K_ID), KEY(K_ID)},
    [SIM_OP_REF] = {KEY(K_ID), KEY(K_ID)},
    [SIM_OP_UNREF] = {KEY(K_ID), KEY(K_ID)},
    [SIM_OP_REFRESH] = {KEY(K_ID), KEY(K_ID)},
    [SIM_OP_NEXT_TICK] = {SCHEDULES, 0},
    [SIM_OP_PROMISE] = {SCHEDULES, 0},
    [SIM_OP_QUEUE_MICROTASK] = {SCHEDULES, 0},
    [SIM_OP_WORK] = {TIMED, KEY(K_MS)},
    [SIM_OP_CRYPTO_PBKDF2] = {TIMED, KEY(K_MS)},
    [SIM_OP_CRYPTO_SCRYPT] = {TIMED, KEY(K_MS)},
    [SIM_OP_CRYPTO_RANDOM_BYTES] = {TIMED, KEY(K_MS)},
    [SIM_OP_CRYPTO_RANDOM_FILL] = {TIMED, KEY(K_MS)},
    [SIM_OP_ZLIB_GZIP] = {TIMED | KEY(K_JOBS), KEY(K_MS)},
    [SIM_OP_ZLIB_GUNZIP] = {TIMED | KEY(K_JOBS), KEY(K_MS)},
    [SIM_OP_ZLIB_DEFLATE] = {TIMED | KEY(K_JOBS), KEY(K_MS)},
    [SIM_OP_ZLIB_INFLATE] = {TIMED | KEY(K_JOBS), KEY(K_MS)},
    [SIM_OP_FS_STAT] = {TIMED, KEY(K_MS)},
    [SIM_OP_FS_OPEN] = {TIMED, KEY(K_MS)},
    [SIM_OP_FS_READ] = {TIMED, KEY(K_MS)},
    [SIM_OP_FS_WRITE] = {TIMED, KEY(K_MS)},
    [SIM_OP_FS_CLOSE] = {TIMED, KEY(K_MS)},
    [SIM_OP_FS_ACCESS] = {TIMED, KEY(K_MS)},
    [SIM_OP_FS_UNLINK] = {TIMED, KEY(K_MS)},
    [SIM_OP_FS_MKDIR] = {TIMED, KEY(K_MS)},
    [SIM_OP_FS_READ_FILE] = {TIMED | KEY(K_SIZE), KEY(K_MS)},
    [SIM_OP_FS_WRITE_FILE] = {TIMED, KEY(K_MS)},
    [SIM_OP_DNS_LOOKUP] = {TIMED, KEY(K_MS)},
    [SIM_OP_DNS_RESOLVE] = {TIMED, KEY(K_MS)},
    [SIM_OP_IO] = {TIMED | KEY(K_DEFERRED), KEY(K_MS)},
    [SIM_OP_LISTEN] = {SCHEDULES | KEY(K_CONNECTIONS), KEY(K_ID) | KEY(K_CONNECTIONS)},
    [SIM_OP_SOCKET_WRITE] = {SCHEDULES, 0},
    [SIM_OP_SOCKET_DESTROY] = {SCHEDULES, 0},
    [SIM_OP_SERVER_CLOSE] = {SCHEDULES, KEY(K_ID)},
    [SIM_OP_CONNECT] = {TIMED | KEY(K_ERROR) | KEY(K_DEFERRED), KEY(K_MS)},
    [SIM_OP_CLOSE] = {SCHEDULES, KEY(K_ID)},
    [SIM_OP_EXIT] = {KEY(K_CODE), 0},
    [SIM_OP_ON] = {SCHEDULES | KEY(K_EVENT) | KEY(K_ONCE), KEY(K_EVENT)},
};

#undef TIMED
#undef SCHEDULES

#define OP(op)  (1ULL << (op))
#define ALL_OPS (~0ULL)

/*
 * What kind of statement an `id` of this op must name: a set of ops. 0: the op's `id` is not a
 * use but a name it gives its own handle (it carries the id).
 */
static uint64_t id_wanted(enum sim_op op)
{
    switch (op) {
    case SIM_OP_CLEAR_TIMEOUT:
    case SIM_OP_CLEAR_INTERVAL:
    case SIM_OP_CLEAR_IMMEDIATE:
        /* Node takes the other kind too: clearTimeout(immediate) does nothing, and
           clearImmediate(timeout) unlinks the Timeout (exec.c, immediates.c). */
        return OP(SIM_OP_SET_TIMEOUT) | OP(SIM_OP_SET_INTERVAL) | OP(SIM_OP_SET_IMMEDIATE);
    case SIM_OP_REFRESH:
        return OP(SIM_OP_SET_TIMEOUT) | OP(SIM_OP_SET_INTERVAL);
    case SIM_OP_SERVER_CLOSE:
        return OP(SIM_OP_LISTEN);
    case SIM_OP_REF:
    case SIM_OP_UNREF:
    case SIM_OP_CLOSE:
        return ALL_OPS;
    default:
        return 0;
    }
}

/* How the kinds of id_wanted read in a message. */
static const char *id_wanted_words(enum sim_op op)
{
    uint64_t w = id_wanted(op);
    if (w == OP(SIM_OP_LISTEN)) {
        return "a listen";
    }
    if (w == (OP(SIM_OP_SET_TIMEOUT) | OP(SIM_OP_SET_INTERVAL))) {
        return "a setTimeout or setInterval";
    }
    return "a setTimeout, setInterval or setImmediate";
}

static bool is_zlib(enum sim_op op)
{
    return op == SIM_OP_ZLIB_GZIP || op == SIM_OP_ZLIB_GUNZIP || op == SIM_OP_ZLIB_DEFLATE ||
           op == SIM_OP_ZLIB_INFLATE;
}

static const struct count_range REPEAT_TIMES = {0, (double)SIM_MAX_REPEAT, "repeat times"};
static const struct count_range INTERVAL_TIMES = {0, MAX_EXACT, NULL};
static const struct count_range ZLIB_JOBS = {1, (double)SIM_MAX_REPEAT, "zlib jobs"};
static const struct count_range FILE_SIZE = {0, MAX_EXACT, NULL};
static const struct count_range EXIT_CODE = {INT32_MIN, INT32_MAX, NULL};

/* ---- Bodies ---------------------------------------------------------------------------- */

static bool parse_stmt(struct loader *L, uint32_t s, struct jv v);

/* A new body run as the `do` of statement `owner` (NONE: main or a function). */
static uint32_t new_body(struct loader *L, uint32_t owner, const char *name)
{
    if (L->body_count == L->body_cap) {
        uint32_t cap = L->body_cap ? L->body_cap * 2 : 64;
        struct sim_body *bodies = realloc(L->bodies, cap * sizeof(*bodies));
        if (bodies != NULL) {
            L->bodies = bodies;
        }
        uint32_t *own = bodies != NULL ? realloc(L->owner, cap * sizeof(*own)) : NULL;
        if (own == NULL) {
            nomem(L);
            return NONE;
        }
        L->owner = own;
        L->body_cap = cap;
    }
    L->bodies[L->body_count] = (struct sim_body){L->stmt_count, 0, name};
    L->owner[L->body_count] = owner;
    return L->body_count++;
}

/* Makes room for the `n` statements of body b, contiguous; *first is the first's index. */
static bool reserve_stmts(struct loader *L, uint32_t n, uint32_t b, uint32_t *first)
{
    if (n > L->stmt_cap - L->stmt_count) {
        size_t cap = L->stmt_cap ? L->stmt_cap : 256;
        while (cap - L->stmt_count < n) {
            cap *= 2;
        }
        struct sim_stmt *stmts = realloc(L->stmts, cap * sizeof(*stmts));
        if (stmts != NULL) {
            L->stmts = stmts;
        }
        struct stmt_info *info = stmts != NULL ? realloc(L->info, cap * sizeof(*info)) : NULL;
        if (info == NULL) {
            return nomem(L);
        }
        L->info = info;
        L->stmt_cap = (uint32_t)cap;
    }
    *first = L->stmt_count;
    for (uint32_t i = 0; i < n; i++) {
        L->stmts[*first + i] = (struct sim_stmt){.body = SIM_NO_BODY};
        L->info[*first + i] = (struct stmt_info){b, NONE, NONE};
    }
    L->stmt_count += n;
    return true;
}

/* Reads an array of statements into body b. */
static bool build_body(struct loader *L, struct jv arr, uint32_t b)
{
    uint32_t first = 0;
    uint32_t n = item_count(L, arr);
    if (!reserve_stmts(L, n, b, &first)) {
        return false;
    }
    L->bodies[b].first = first;
    L->bodies[b].count = n;
    uint32_t s = first;
    for (struct jv item = first_item(arr); item.node != NULL; item = next_item(L, item)) {
        if (!parse_stmt(L, s++, item)) {
            return false;
        }
    }
    return true;
}

/* Looks up "@name" (v holds it); *body is the function's body. */
static bool resolve_ref(struct loader *L, struct jv v, struct place p, uint32_t *body)
{
    const char *name = v.node->valuestring + 1;
    uint32_t f = strmap_get(&L->func_names, name);
    if (f != NONE) {
        *body = L->funcs[f].body;
        return true;
    }
    char quoted[QUOTED_SIZE];
    char hint[QUOTED_SIZE + 32];
    struct suggestion sg = suggest_start(name);
    for (uint32_t i = 0; i < L->func_count; i++) {
        suggest_try(&sg, L->funcs[i].name);
    }
    return fail(L, SIM_ESCHEMA, v.at, p, "unknown function '@%s'%s%s",
                quote(name, false, quoted, sizeof(quoted)),
                L->func_count == 0 ? " (the scenario has no functions)" : "",
                did_you_mean(&sg, "@", hint, sizeof(hint)));
}

static bool is_ref(const cJSON *node)
{
    return cJSON_IsString(node) && node->valuestring[0] == '@';
}

/* A body: an array of statements (a new body run for `owner`), or "@name" (the function's). */
static bool read_body(struct loader *L, struct jv v, uint32_t owner, struct place p, uint32_t *body)
{
    if (is_ref(v.node)) {
        return resolve_ref(L, v, p, body);
    }
    if (!cJSON_IsArray(v.node)) {
        return expected(L, v, p, "a body (an array of statements, or \"@name\")");
    }
    *body = new_body(L, owner, NULL);
    return *body != NONE && build_body(L, v, *body);
}

/* ---- Statements -------------------------------------------------------------------------- */

/* Finds a statement's op; unknown ones are refused with the closest op's name. */
static bool read_op(struct loader *L, struct jv obj, uint32_t s, enum sim_op *op)
{
    struct member m = first_member(obj);
    while (m.value.node != NULL && strcmp(m.key, "op") != 0) {
        m = next_member(L, m);
    }
    if (m.value.node == NULL) {
        return fail(L, SIM_ESCHEMA, obj.at, in_stmt(s, NULL), "missing key 'op'");
    }
    if (!cJSON_IsString(m.value.node)) {
        return expected(L, m.value, in_stmt(s, "op"), "an op name (a string)");
    }
    uint32_t found = strmap_get(&L->op_names, m.value.node->valuestring);
    if (found != NONE) {
        *op = (enum sim_op)found;
        return true;
    }
    char name[QUOTED_SIZE];
    char hint[QUOTED_SIZE + 96];
    const char *said = alias_hint(m.value.node->valuestring, hint, sizeof(hint));
    if (said == NULL) {
        struct suggestion sg = suggest_start(m.value.node->valuestring);
        for (int k = 0; k < SIM_OP_COUNT; k++) {
            suggest_try(&sg, sim_op_name((enum sim_op)k));
        }
        said = did_you_mean(&sg, "", hint, sizeof(hint));
    }
    return fail(L, SIM_ESCHEMA, m.value.at, in_stmt(s, "op"), "unknown op '%s'%s",
                quote(m.value.node->valuestring, false, name, sizeof(name)), said);
}

/*
 * Notes statement s's `id`: a use (clear*, ref, close...) is checked once every statement is
 * read; a carried id must be new.
 */
static bool note_id(struct loader *L, uint32_t s, const struct sim_stmt *st, struct jv v)
{
    L->info[s].id_at = v.at;
    if (id_wanted(st->op) != 0) {
        return list_push(&L->uses, s) || nomem(L);
    }
    uint32_t other;
    if (!strmap_put(&L->carriers, st->id, s, &other)) {
        return nomem(L);
    }
    if (other != NONE) {
        char name[QUOTED_SIZE];
        return fail(L, SIM_ESCHEMA, v.at, in_stmt(s, "id"),
                    "id '%s' is already carried by the statement at line %u",
                    quote(st->id, false, name, sizeof(name)), L->stmts[other].line);
    }
    bool pattern = strchr(st->id, '{') != NULL;
    if (!list_push(&L->carrier_list, s) || (pattern && !list_push(&L->pattern_carriers, s))) {
        return nomem(L);
    }
    return true;
}

/* A repeat's `var`: a name for {VAR}, so not empty and without braces. */
static bool read_var(struct loader *L, struct jv v, struct place p, const char **out)
{
    if (cJSON_IsString(v.node) && v.node->valuestring[0] != '\0' &&
        strpbrk(v.node->valuestring, "{}") == NULL) {
        return read_string(L, v, p, out);
    }
    return expected(L, v, p, "a counter name (a non-empty string without braces)");
}

/* listen's `connections`: a list of times after the listen, in ms. */
static bool read_connections(struct loader *L, struct jv v, struct place p, struct sim_stmt *st)
{
    if (!cJSON_IsArray(v.node)) {
        return expected(L, v, p, "an array of times in ms");
    }
    uint32_t n = item_count(L, v);
    uint64_t *ns = arena_alloc(&L->box->arena, (size_t)n * sizeof(*ns) + 1, sizeof(*ns));
    if (ns == NULL) {
        return nomem(L);
    }
    uint32_t k = 0;
    for (struct jv item = first_item(v); item.node != NULL; item = next_item(L, item), k++) {
        if (!read_duration(L, item, item_of(p, k), &ns[k])) {
            return false;
        }
    }
    st->connections_ns = ns;
    st->connection_count = n;
    return true;
}

/* Reads one key of statement s into *st; a flat switch over the keys of the format. */
static bool read_key(struct loader *L, uint32_t s, struct sim_stmt *st, enum key k, struct jv v)
{
    struct place p = in_stmt(s, key_names[k]);
    int64_t n = 0;
    uint32_t choice = 0;
    bool ok = true;
    switch (k) {
    case K_LABEL:
        return read_string(L, v, p, &st->label);
    case K_ID:
        return read_string(L, v, p, &st->id) && note_id(L, s, st, v);
    case K_UNREF:
        return read_bool(L, v, p, &st->unref);
    case K_DEFERRED:
        return read_bool(L, v, p, &st->deferred);
    case K_ONCE:
        return read_bool(L, v, p, &st->once);
    case K_MSG:
    case K_WHAT:
    case K_ERROR:
        return read_string(L, v, p, &st->text);
    case K_EVENT:
        return read_choice(L, v, p, "beforeExit", "exit", &choice) &&
               read_string(L, v, p, &st->text);
    case K_VAR:
        return read_var(L, v, p, &st->text);
    case K_MS:
        return read_duration(L, v, p, &st->ms_ns);
    case K_DELAY:
        return read_number(L, v, p, &st->delay);
    case K_TIMES:
        ok = read_count(L, v, p, st->op == SIM_OP_REPEAT ? &REPEAT_TIMES : &INTERVAL_TIMES, &n);
        st->times = (uint64_t)n;
        st->has_times = true;
        return ok;
    case K_JOBS:
        ok = read_count(L, v, p, &ZLIB_JOBS, &n);
        st->jobs = (uint32_t)n;
        return ok;
    case K_SIZE:
        ok = read_count(L, v, p, &FILE_SIZE, &n);
        st->size = (uint64_t)n;
        return ok;
    case K_CODE:
        ok = read_count(L, v, p, &EXIT_CODE, &n);
        st->code = (int32_t)n;
        return ok;
    case K_CONNECTIONS:
        return read_connections(L, v, p, st);
    case K_OP:
    case K_DO:
    case K_COUNT:
        return true;
    }
    return true;
}

/* A statement object: its op, its keys, then its `do`. */
static bool parse_object_stmt(struct loader *L, uint32_t s, struct jv v, struct sim_stmt *st)
{
    if (!read_op(L, v, s, &st->op)) {
        return false;
    }
    st->ordinal = ++L->ordinals[st->op];
    const struct keyset ks = {sim_op_name(st->op), key_names, K_COUNT,
                              op_keys[st->op].allowed | KEY(K_OP)};
    struct slots sl;
    if (!collect(L, v, &ks, in_stmt(s, NULL), &sl) ||
        !require(L, v, &ks, &sl, op_keys[st->op].required, in_stmt(s, NULL))) {
        return false;
    }
    for (uint32_t k = 0; k < K_COUNT; k++) {
        if (sl.val[k].node != NULL && !read_key(L, s, st, (enum key)k, sl.val[k])) {
            return false;
        }
    }
    if (is_zlib(st->op) && sl.val[K_JOBS].node == NULL) {
        st->jobs = 1;
    }
    /* Stored before the body is read: reading it may move the statements. */
    L->stmts[s] = *st;
    uint32_t body = SIM_NO_BODY;
    if (sl.val[K_DO].node != NULL && !read_body(L, sl.val[K_DO], s, in_stmt(s, "do"), &body)) {
        return false;
    }
    L->stmts[s].body = body;
    return true;
}

/* Statement s: a string (console.log) or an object with "op". */
static bool parse_stmt(struct loader *L, uint32_t s, struct jv v)
{
    struct sim_stmt st = {.body = SIM_NO_BODY};
    L->info[s].at = v.at;
    sim__json_locate(&L->loc, L->scan.pos[v.at].offset, &st.line, &st.col);
    if (cJSON_IsObject(v.node)) {
        return parse_object_stmt(L, s, v, &st);
    }
    if (!cJSON_IsString(v.node)) {
        return expected(L, v, in_stmt(s, NULL), "a statement (a string, or an object with \"op\")");
    }
    st.op = SIM_OP_LOG;
    st.ordinal = ++L->ordinals[SIM_OP_LOG];
    if (!read_string(L, v, in_stmt(s, NULL), &st.text)) {
        return false;
    }
    L->stmts[s] = st;
    return true;
}

/* ---- Functions ------------------------------------------------------------------------- */

/* Resolves function i's "@other" (and every alias on the way) to the body it ends at. */
static bool resolve_alias(struct loader *L, uint32_t i)
{
    uint32_t f = i;
    for (uint32_t steps = 0; L->funcs[f].body == NONE; steps++) {
        struct func *fn = &L->funcs[f];
        uint32_t next = strmap_get(&L->func_names, fn->value.node->valuestring + 1);
        if (next == NONE || steps == L->func_count) {
            uint32_t ignored;
            return next == NONE
                       ? resolve_ref(L, fn->value, at_path("functions", fn->name), &ignored)
                       : fail(L, SIM_ESCHEMA, L->funcs[i].value.at,
                              at_path("functions", L->funcs[i].name),
                              "the functions name each other in a circle: no body is reached");
        }
        f = next;
    }
    uint32_t body = L->funcs[f].body;
    for (f = i; L->funcs[f].body == NONE;) {
        L->funcs[f].body = body;
        f = strmap_get(&L->func_names, L->funcs[f].value.node->valuestring + 1);
    }
    return true;
}

/* Registers one member of `functions`: its name, and its body's index if it is an array. */
static bool add_function(struct loader *L, struct member m, uint32_t i)
{
    struct func *fn = &L->funcs[i];
    fn->name = arena_strdup(&L->box->arena, m.key);
    if (fn->name == NULL) {
        return nomem(L);
    }
    fn->value = m.value;
    fn->body = NONE;
    uint32_t first;
    if (!strmap_put(&L->func_names, fn->name, i, &first)) {
        return nomem(L);
    }
    if (first != NONE) {
        return duplicate_key(L, m, L->funcs[first].value.at - 1, at_path("functions", NULL));
    }
    if (cJSON_IsArray(m.value.node)) {
        fn->body = new_body(L, NONE, fn->name);
        return fn->body != NONE;
    }
    if (is_ref(m.value.node)) {
        return true;
    }
    return expected(L, m.value, at_path("functions", fn->name),
                    "a body (an array of statements, or \"@name\")");
}

/*
 * Before any body is read: names every function and gives each its body's index, so a "@name"
 * can be resolved wherever it stands, even before `functions` in the file.
 */
static bool prepare_functions(struct loader *L, struct jv v)
{
    if (!cJSON_IsObject(v.node)) {
        return expected(L, v, at_path("functions", NULL), "an object (function name → body)");
    }
    uint32_t n = 0;
    for (const cJSON *c = v.node->child; c != NULL; c = c->next) {
        n++;
    }
    L->funcs = calloc(n ? n : 1, sizeof(*L->funcs));
    if (L->funcs == NULL) {
        return nomem(L);
    }
    for (struct member m = first_member(v); m.value.node != NULL; m = next_member(L, m)) {
        if (!add_function(L, m, L->func_count++)) {
            return false;
        }
    }
    for (uint32_t i = 0; i < L->func_count; i++) {
        if (!resolve_alias(L, i)) {
            return false;
        }
    }
    return true;
}

/* Reads every function's statements, in file order. */
static bool build_functions(struct loader *L)
{
    for (uint32_t i = 0; i < L->func_count; i++) {
        const struct func *fn = &L->funcs[i];
        if (cJSON_IsArray(fn->value.node) && !build_body(L, fn->value, fn->body)) {
            return false;
        }
    }
    return true;
}

/* ---- Config ------------------------------------------------------------------------------ */

enum config_key {
    C_THREADPOOL_SIZE,
    C_ENTRY,
    C_NODE,
    C_LOOP_START_MS,
    C_CALLBACK_MS,
    C_LIMITS,
    C_UNTIL_MS,
    C_MAX_CALLBACKS,
    C_LOG_MS,
    C_FIRST_LOG_MS,
    C_COUNT
};

static const char *const config_names[C_COUNT] = {
    "threadpool_size", "entry",    "node",          "loop_start_ms", "callback_ms",
    "limits",          "until_ms", "max_callbacks", "log_ms",        "first_log_ms",
};

/* The phases a limit may be set for, by their name in `limits` and in --limit. */
static const enum sim_phase limit_phases[] = {
    SIM_PHASE_TIMERS, SIM_PHASE_PENDING, SIM_PHASE_POLL, SIM_PHASE_CHECK, SIM_PHASE_CLOSE,
};
#define LIMIT_COUNT (sizeof(limit_phases) / sizeof(limit_phases[0]))
static const char *const limit_names[LIMIT_COUNT] = {"timers", "pending", "poll", "check", "close"};

static const struct count_range THREADPOOL = {1, SIM_MAX_THREADPOOL, NULL};
static const struct count_range PHASE_LIMIT = {0, UINT32_MAX, "a phase limit"};
static const struct count_range MAX_CALLBACKS = {1, MAX_EXACT, NULL};

void sim_config_init(struct sim_config *config)
{
    *config = (struct sim_config){
        .threadpool_size = 4,
        .entry = SIM_ENTRY_COMMONJS,
        .loop_start_ns = SIM_COST_LOOP_START_NS,
        .callback_ns = SIM_COST_CALLBACK_NS,
        .log_ns = SIM_COST_LOG_NS,
        .first_log_ns = SIM_COST_FIRST_LOG_NS,
        .max_callbacks = 1000000,
    };
}

static bool load_limits(struct loader *L, struct jv v, struct sim_config *cfg)
{
    const struct keyset ks = {"config.limits", limit_names, LIMIT_COUNT, (1u << LIMIT_COUNT) - 1};
    struct slots sl;
    if (!cJSON_IsObject(v.node)) {
        return expected(L, v, at_path("config.limits", NULL), "an object");
    }
    if (!collect(L, v, &ks, at_path("config.limits", NULL), &sl)) {
        return false;
    }
    for (uint32_t k = 0; k < LIMIT_COUNT; k++) {
        int64_t n;
        if (sl.val[k].node != NULL) {
            if (!read_count(L, sl.val[k], at_path("config.limits", limit_names[k]), &PHASE_LIMIT,
                            &n)) {
                return false;
            }
            cfg->limits[limit_phases[k]] = (uint32_t)n;
        }
    }
    return true;
}

/* `node`: the semantics profile; only "20" is simulated. */
static bool read_node(struct loader *L, struct jv v, struct place p)
{
    if (!cJSON_IsString(v.node)) {
        return expected(L, v, p, "a string such as \"20\"");
    }
    if (strcmp(v.node->valuestring, "20") != 0) {
        char got[QUOTED_SIZE];
        return fail(L, SIM_ESCHEMA, v.at, p, "unsupported node profile %s; supported: \"20\"",
                    describe(L, v, got, sizeof(got)));
    }
    return true;
}

/* One key of `config`; a flat switch. */
static bool read_config_key(struct loader *L, enum config_key k, struct jv v,
                            struct sim_config *cfg)
{
    struct place p = at_path("config", config_names[k]);
    int64_t n = 0;
    uint32_t choice = 0;
    switch (k) {
    case C_THREADPOOL_SIZE:
        if (!read_count(L, v, p, &THREADPOOL, &n)) {
            return false;
        }
        cfg->threadpool_size = (uint32_t)n;
        return true;
    case C_ENTRY:
        if (!read_choice(L, v, p, "commonjs", "module", &choice)) {
            return false;
        }
        cfg->entry = choice == 1 ? SIM_ENTRY_MODULE : SIM_ENTRY_COMMONJS;
        return true;
    case C_NODE:
        return read_node(L, v, p);
    case C_LOOP_START_MS:
        return read_duration(L, v, p, &cfg->loop_start_ns);
    case C_CALLBACK_MS:
        return read_duration(L, v, p, &cfg->callback_ns);
    case C_LIMITS:
        return load_limits(L, v, cfg);
    case C_UNTIL_MS:
        cfg->has_until = true;
        return read_duration(L, v, p, &cfg->until_ns);
    case C_MAX_CALLBACKS:
        if (!read_count(L, v, p, &MAX_CALLBACKS, &n)) {
            return false;
        }
        cfg->max_callbacks = (uint64_t)n;
        return true;
    case C_LOG_MS:
        return read_duration(L, v, p, &cfg->log_ns);
    case C_FIRST_LOG_MS:
        return read_duration(L, v, p, &cfg->first_log_ns);
    case C_COUNT:
        break;
    }
    return true;
}

static bool load_config(struct loader *L, struct jv v, struct sim_config *cfg)
{
    const struct keyset ks = {"config", config_names, C_COUNT, (1u << C_COUNT) - 1};
    struct slots sl;
    if (!cJSON_IsObject(v.node)) {
        return expected(L, v, at_path("config", NULL), "an object");
    }
    if (!collect(L, v, &ks, at_path("config", NULL), &sl)) {
        return false;
    }
    /*
     * The contract's callback_ms is what a callback costs beside its blocks: a scenario that
     * states it states the whole cost of its JavaScript, so its logs are free unless log_ms or
     * first_log_ms say otherwise (docs/scenario-format.md, "The cost model").
     */
    if (sl.val[C_CALLBACK_MS].node != NULL) {
        cfg->log_ns = 0;
        cfg->first_log_ns = 0;
    }
    for (uint32_t k = 0; k < C_COUNT; k++) {
        if (sl.val[k].node != NULL && !read_config_key(L, (enum config_key)k, sl.val[k], cfg)) {
            return false;
        }
    }
    return true;
}

/* ---- Command-line overrides ---------------------------------------------------------------- */

static bool bad_option(struct loader *L, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail_offset(L, SIM_EINVAL, SIZE_MAX, AT_TOP, fmt, ap);
    va_end(ap);
    return false;
}

static bool has_limit(enum sim_phase ph)
{
    for (size_t k = 0; k < LIMIT_COUNT; k++) {
        if (limit_phases[k] == ph) {
            return true;
        }
    }
    return false;
}

static bool override_limits(struct loader *L, const struct sim_overrides *ov,
                            struct sim_config *cfg)
{
    for (int ph = 0; ph < SIM_PHASE_COUNT; ph++) {
        int64_t n = ov->limits[ph];
        if (n >= 0 && !has_limit((enum sim_phase)ph)) {
            return bad_option(L,
                              "--limit %s: that phase has no limit; "
                              "expected timers, pending, poll, check or close",
                              sim_phase_name((enum sim_phase)ph));
        }
        if (n > (int64_t)UINT32_MAX) {
            return bad_option(L, "--limit %s: expected 0 to %u, got %lld",
                              sim_phase_name((enum sim_phase)ph), UINT32_MAX, (long long)n);
        }
        if (n >= 0) {
            cfg->limits[ph] = (uint32_t)n;
        }
    }
    return true;
}

/* Applies the command line's overrides to the config, checked like config itself. */
static bool apply_overrides(struct loader *L, const struct sim_overrides *ov,
                            struct sim_config *cfg)
{
    if (ov == NULL) {
        return true;
    }
    if (ov->threadpool_size >= 0 &&
        (ov->threadpool_size < 1 || ov->threadpool_size > SIM_MAX_THREADPOOL)) {
        return bad_option(L, "--threadpool: expected 1 to %d, got %lld", SIM_MAX_THREADPOOL,
                          (long long)ov->threadpool_size);
    }
    if (ov->entry > SIM_ENTRY_MODULE) {
        return bad_option(L, "--entry: expected commonjs or module");
    }
    if (!(ov->until_ms < 0) && !(ov->until_ms <= SIM_MAX_DURATION_MS)) {
        return bad_option(L, "--until: expected 0 to %.0f ms, got %g", SIM_MAX_DURATION_MS,
                          ov->until_ms);
    }
    if (ov->max_callbacks == 0 || ov->max_callbacks > (int64_t)MAX_EXACT) {
        return bad_option(L, "--max-callbacks: expected 1 to %.0f, got %lld", MAX_EXACT,
                          (long long)ov->max_callbacks);
    }
    if (!override_limits(L, ov, cfg)) {
        return false;
    }
    cfg->threadpool_size =
        ov->threadpool_size >= 0 ? (uint32_t)ov->threadpool_size : cfg->threadpool_size;
    cfg->entry = ov->entry >= 0 ? (enum sim_entry)ov->entry : cfg->entry;
    if (ov->until_ms >= 0) {
        cfg->has_until = true;
        cfg->until_ns = (uint64_t)llround(ov->until_ms * 1e6);
    }
    cfg->max_callbacks = ov->max_callbacks > 0 ? (uint64_t)ov->max_callbacks : cfg->max_callbacks;
    return true;
}

void sim_overrides_init(struct sim_overrides *ov)
{
    ov->threadpool_size = -1;
    for (int ph = 0; ph < SIM_PHASE_COUNT; ph++) {
        ov->limits[ph] = -1;
    }
    ov->entry = -1;
    ov->until_ms = -1;
    ov->max_callbacks = -1;
}

/* ---- The top level ------------------------------------------------------------------------- */

enum top_key {
    T_LOOPSIM,
    T_NAME,
    T_DESCRIPTION,
    T_CONFIG,
    T_FUNCTIONS,
    T_MAIN,
    T_EXPECT,
    T_EXPECT_ANY,
    T_COUNT
};

static const char *const top_names[T_COUNT] = {
    "loopsim", "name", "description", "config", "functions", "main", "expect", "expect_any",
};

/* `expect` or one set of `expect_any`: an array of strings. */
static bool read_lines(struct loader *L, struct jv v, struct place p, const char *const **lines,
                       size_t *count)
{
    if (!cJSON_IsArray(v.node)) {
        return expected(L, v, p, "an array of strings");
    }
    uint32_t n = item_count(L, v);
    const char **out = arena_alloc(&L->box->arena, (n + 1) * sizeof(*out), sizeof(*out));
    if (out == NULL) {
        return nomem(L);
    }
    uint32_t k = 0;
    for (struct jv item = first_item(v); item.node != NULL; item = next_item(L, item), k++) {
        if (!read_string(L, item, item_of(p, k), &out[k])) {
            return false;
        }
    }
    *lines = out;
    *count = n;
    return true;
}

static bool read_expect_any(struct loader *L, struct jv v, struct sim_program *prog)
{
    if (!cJSON_IsArray(v.node)) {
        return expected(L, v, at_path("expect_any", NULL), "an array of arrays of strings");
    }
    uint32_t n = item_count(L, v);
    struct sim_expect_set *sets =
        arena_alloc(&L->box->arena, (n + 1) * sizeof(*sets), sizeof(void *));
    if (sets == NULL) {
        return nomem(L);
    }
    uint32_t k = 0;
    for (struct jv item = first_item(v); item.node != NULL; item = next_item(L, item), k++) {
        char key[32];
        snprintf(key, sizeof(key), "expect_any[%u]", k);
        if (!read_lines(L, item, at_path(key, NULL), &sets[k].lines, &sets[k].count)) {
            return false;
        }
    }
    prog->expect_any = sets;
    prog->expect_any_count = n;
    return true;
}

/*
 * `loopsim` comes first: a file of another version should hear that, and a JSON file that is no
 * scenario at all (a schema, a package.json) that it lacks the version, not about its keys.
 */
static bool check_version(struct loader *L, struct jv root)
{
    for (struct member m = first_member(root); m.value.node != NULL; m = next_member(L, m)) {
        if (strcmp(m.key, "loopsim") == 0) {
            if (cJSON_IsNumber(m.value.node) && m.value.node->valuedouble == 1) {
                return true;
            }
            char got[QUOTED_SIZE];
            return fail(L, SIM_ESCHEMA, m.value.at, at_path("loopsim", NULL),
                        "unsupported format version %s; this loopsim reads version 1",
                        describe(L, m.value, got, sizeof(got)));
        }
    }
    return fail(L, SIM_ESCHEMA, root.at, AT_TOP, "missing key 'loopsim'");
}

static bool read_main(struct loader *L, struct jv v, struct sim_program *prog)
{
    uint32_t body;
    if (!read_body(L, v, NONE, at_path("main", NULL), &body)) {
        return false;
    }
    prog->main_body = body;
    return true;
}

/* One top-level key, in file order; a flat switch. */
static bool read_top_key(struct loader *L, enum top_key k, struct jv v, struct sim_program *prog)
{
    struct place p = at_path(top_names[k], NULL);
    switch (k) {
    case T_NAME:
        return read_string(L, v, p, &prog->name);
    case T_DESCRIPTION:
        return read_string(L, v, p, &prog->description);
    case T_CONFIG:
        return load_config(L, v, &prog->config);
    case T_FUNCTIONS:
        return build_functions(L);
    case T_MAIN:
        return read_main(L, v, prog);
    case T_EXPECT:
        prog->has_expect = true;
        return read_lines(L, v, p, &prog->expect, &prog->expect_count);
    case T_EXPECT_ANY:
        return read_expect_any(L, v, prog);
    case T_LOOPSIM:
    case T_COUNT:
        break;
    }
    return true;
}

static bool load_top(struct loader *L, struct sim_program *prog)
{
    struct jv root = {L->root, 0};
    if (!cJSON_IsObject(root.node)) {
        return expected(L, root, AT_TOP, "a scenario (an object with \"loopsim\": 1)");
    }
    const struct keyset ks = {"a scenario", top_names, T_COUNT, (1u << T_COUNT) - 1};
    struct slots sl;
    if (!check_version(L, root) || !collect(L, root, &ks, AT_TOP, &sl) ||
        !require(L, root, &ks, &sl, KEY(T_LOOPSIM) | KEY(T_NAME) | KEY(T_MAIN), AT_TOP)) {
        return false;
    }
    if (sl.val[T_FUNCTIONS].node != NULL && !prepare_functions(L, sl.val[T_FUNCTIONS])) {
        return false;
    }
    for (struct member m = first_member(root); m.value.node != NULL; m = next_member(L, m)) {
        if (!read_top_key(L, (enum top_key)key_index(&ks, m.key), m.value, prog)) {
            return false;
        }
    }
    return true;
}

/* ---- Whole-program checks: ids ---------------------------------------------------------- */

/*
 * Whether two ids may name the same handle. {VAR} placeholders are filled at run time, so one
 * matches any text of at least one character (a counter has a digit; an unbound {x} stays as
 * written): the ids must agree before the first placeholder and after the last one of either (as
 * far as both have text there), and a plain id must be long enough for the other's fixed text.
 */
static bool ids_may_match(const char *a, const char *b)
{
    size_t la = strlen(a);
    size_t lb = strlen(b);
    const char *oa = strchr(a, '{');
    const char *ca = strrchr(a, '}');
    const char *ob = strchr(b, '{');
    const char *cb = strrchr(b, '}');
    bool pa = oa != NULL && ca != NULL && ca > oa;
    bool pb = ob != NULL && cb != NULL && cb > ob;
    if (!pa && !pb) {
        return strcmp(a, b) == 0;
    }
    size_t head_a = pa ? (size_t)(oa - a) : la;
    size_t head_b = pb ? (size_t)(ob - b) : lb;
    size_t tail_a = pa ? la - (size_t)(ca - a) - 1 : la;
    size_t tail_b = pb ? lb - (size_t)(cb - b) - 1 : lb;
    size_t head = head_a < head_b ? head_a : head_b;
    size_t tail = tail_a < tail_b ? tail_a : tail_b;
    if ((!pa && la <= head_b + tail_b) || (!pb && lb <= head_a + tail_a)) {
        return false;
    }
    return memcmp(a, b, head) == 0 && memcmp(a + la - tail, b + lb - tail, tail) == 0;
}

/*
 * A statement carrying an id that `id` may name, of one of the ops in `want`; or NONE. Sets
 * *too_many when the comparisons would pass MAX_ID_COMPARISONS.
 */
static uint32_t find_carrier(struct loader *L, const char *id, uint64_t want, bool *too_many)
{
    bool pattern = strchr(id, '{') != NULL;
    uint32_t c = strmap_get(&L->carriers, id);
    if (c != NONE && (want & OP(L->stmts[c].op)) != 0) {
        return c;
    }
    /* Plain ids are all in the map; only a pattern on either side needs a search. */
    const struct list *pool = pattern ? &L->carrier_list : &L->pattern_carriers;
    for (uint32_t i = 0; i < pool->count; i++) {
        c = pool->items[i];
        if ((want & OP(L->stmts[c].op)) == 0) {
            continue;
        }
        if (++L->comparisons > MAX_ID_COMPARISONS) {
            *too_many = true;
            return NONE;
        }
        if (ids_may_match(id, L->stmts[c].id)) {
            return c;
        }
    }
    return NONE;
}

/* Every id that clear*, ref, unref, refresh, close or server.close uses must be carried. */
static bool check_uses(struct loader *L)
{
    for (uint32_t u = 0; u < L->uses.count; u++) {
        uint32_t s = L->uses.items[u];
        const struct sim_stmt *st = &L->stmts[s];
        uint64_t want = id_wanted(st->op);
        bool too_many = false;
        if (find_carrier(L, st->id, want, &too_many) != NONE) {
            continue;
        }
        uint32_t other = too_many ? NONE : find_carrier(L, st->id, ALL_OPS, &too_many);
        if (too_many) {
            return fail(L, SIM_ELIMIT, L->info[s].id_at, in_stmt(s, "id"),
                        "too many ids with {VAR} placeholders to match "
                        "(more than %u comparisons, the loader's limit)",
                        MAX_ID_COMPARISONS);
        }
        char name[QUOTED_SIZE];
        quote(st->id, false, name, sizeof(name));
        if (other != NONE) {
            return fail(L, SIM_ESCHEMA, L->info[s].id_at, in_stmt(s, "id"),
                        "%s needs the id of %s, but '%s' is carried by the %s at line %u",
                        sim_op_name(st->op), id_wanted_words(st->op), name,
                        sim_op_name(L->stmts[other].op), L->stmts[other].line);
        }
        char hint[QUOTED_SIZE + 32];
        struct suggestion sg = suggest_start(st->id);
        for (uint32_t i = 0; i < L->carrier_list.count; i++) {
            suggest_try(&sg, L->stmts[L->carrier_list.items[i]].id);
        }
        return fail(L, SIM_ESCHEMA, L->info[s].id_at, in_stmt(s, "id"),
                    "no statement carries id '%s'%s", name,
                    did_you_mean(&sg, "", hint, sizeof(hint)));
    }
    return true;
}

/* ---- Whole-program checks: socket ops ------------------------------------------------------ */

/*
 * Marks the bodies a connection runs: listens' and connects' `do` (a connect's listener acts on
 * the socket it made), and every `do` and @function inside.
 */
static bool *connection_bodies(struct loader *L)
{
    bool *reach = calloc(L->body_count + 1, sizeof(*reach));
    uint32_t *work = malloc((L->body_count + 1) * sizeof(*work));
    uint32_t n = 0;
    if (reach == NULL || work == NULL) {
        free(reach);
        free(work);
        return NULL;
    }
    for (uint32_t s = 0; s < L->stmt_count; s++) {
        uint32_t b = L->stmts[s].body;
        bool root = L->stmts[s].op == SIM_OP_LISTEN || L->stmts[s].op == SIM_OP_CONNECT;
        if (root && b != SIM_NO_BODY && !reach[b]) {
            reach[b] = true;
            work[n++] = b;
        }
    }
    while (n > 0) {
        const struct sim_body *b = &L->bodies[work[--n]];
        for (uint32_t s = b->first; s < b->first + b->count; s++) {
            uint32_t inner = L->stmts[s].body;
            if (inner != SIM_NO_BODY && !reach[inner]) {
                reach[inner] = true;
                work[n++] = inner;
            }
        }
    }
    free(work);
    return reach;
}

/* socket.* ops only where a connection's socket is in scope. */
static bool check_sockets(struct loader *L)
{
    bool *reach = NULL;
    for (uint32_t s = 0; s < L->stmt_count; s++) {
        enum sim_op op = L->stmts[s].op;
        if (op != SIM_OP_SOCKET_WRITE && op != SIM_OP_SOCKET_DESTROY) {
            continue;
        }
        if (reach == NULL && (reach = connection_bodies(L)) == NULL) {
            return nomem(L);
        }
        if (!reach[L->info[s].body]) {
            free(reach);
            return fail(L, SIM_ESCHEMA, L->info[s].at, in_stmt(s, NULL),
                        "%s is only valid inside a connection body "
                        "(a listen's or a connect's \"do\") or a callback scheduled from one",
                        sim_op_name(op));
        }
    }
    free(reach);
    return true;
}

/* ---- Whole-program checks: what repeats expand to ---------------------------------------- */

enum { UNSEEN, OPEN, DONE };

/* Per body: how many statements it runs synchronously, and how deep its repeats nest. */
struct expansion {
    uint64_t *count;
    uint8_t *depth;
    uint8_t *state;
};

static bool expand_body(struct loader *L, struct expansion *x, uint32_t b, uint32_t depth);

/* The engine keeps one frame per repeat running inside a callback: their nesting is bounded. */
static bool too_deep(struct loader *L, uint32_t s)
{
    return fail(L, SIM_ELIMIT, L->info[s].at, in_stmt(s, NULL),
                "repeats nest more than %d deep (through @functions), the loader's limit",
                SIM_MAX_NESTING);
}

/* Adds what repeat s runs to *total; checks recursion and nesting on the way. */
static bool expand_repeat(struct loader *L, struct expansion *x, uint32_t s, uint32_t depth,
                          uint64_t *total, uint32_t *deepest)
{
    const struct sim_stmt *st = &L->stmts[s];
    uint32_t inner = st->body;
    if (x->state[inner] == OPEN) {
        return fail(L, SIM_ESCHEMA, L->info[s].at, in_stmt(s, NULL),
                    "this repeat runs its own body again inside itself%s%s: "
                    "the program would never end",
                    L->bodies[inner].name ? " through @" : "",
                    L->bodies[inner].name ? L->bodies[inner].name : "");
    }
    if (depth >= SIM_MAX_NESTING) {
        return too_deep(L, s);
    }
    if (!expand_body(L, x, inner, depth + 1)) {
        return false;
    }
    uint64_t runs = x->count[inner];
    *total += st->times != 0 && runs > SIM_MAX_EXPANSION / st->times ? SIM_MAX_EXPANSION + 1
                                                                     : st->times * runs;
    *deepest = (uint32_t)x->depth[inner] + 1 > *deepest ? (uint32_t)x->depth[inner] + 1 : *deepest;
    return true;
}

static bool expand_body(struct loader *L, struct expansion *x, uint32_t b, uint32_t depth)
{
    if (x->state[b] == DONE) {
        return true;
    }
    x->state[b] = OPEN;
    uint64_t total = 0;
    uint32_t deepest = 0;
    const struct sim_body *body = &L->bodies[b];
    for (uint32_t s = body->first; s < body->first + body->count; s++) {
        total++;
        if (L->stmts[s].op == SIM_OP_REPEAT && L->stmts[s].body != SIM_NO_BODY &&
            !expand_repeat(L, x, s, depth, &total, &deepest)) {
            return false;
        }
        if (total > SIM_MAX_EXPANSION) {
            return fail(L, SIM_ELIMIT, L->info[s].at, in_stmt(s, NULL),
                        "this body would run more than %llu statements at once "
                        "(repeats multiplied), the loader's limit",
                        (unsigned long long)SIM_MAX_EXPANSION);
        }
        if (deepest > SIM_MAX_NESTING) {
            return too_deep(L, s);
        }
    }
    x->count[b] = total;
    x->depth[b] = (uint8_t)deepest;
    x->state[b] = DONE;
    return true;
}

/*
 * What one body runs synchronously, with repeats multiplied through @functions, must stay under
 * SIM_MAX_EXPANSION, and a repeat must not contain itself. Recursion here is bounded: a repeat
 * deeper than SIM_MAX_NESTING is refused before it is entered.
 */
static bool check_expansion(struct loader *L)
{
    size_t n = L->body_count + 1;
    struct expansion x = {calloc(n, sizeof(uint64_t)), calloc(n, 1), calloc(n, 1)};
    bool ok = x.count != NULL && x.depth != NULL && x.state != NULL;
    if (!ok) {
        nomem(L);
    }
    for (uint32_t b = 0; ok && b < L->body_count; b++) {
        ok = expand_body(L, &x, b, 0);
    }
    free(x.count);
    free(x.depth);
    free(x.state);
    return ok;
}

/* ---- Loading ----------------------------------------------------------------------------- */

/* Step 1: the bytes, then the strict scan. */
static bool scan_bytes(struct loader *L, const char *buf, size_t len)
{
    if (len > SIM_MAX_FILE_BYTES) {
        return fail(L, SIM_ELIMIT, NONE, AT_TOP, "file larger than %u MiB (the loader's limit)",
                    SIM_MAX_FILE_BYTES >> 20);
    }
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3; /* A UTF-8 byte order mark says nothing more; columns start after it. */
        len -= 3;
    }
    L->doc = buf;
    L->len = len;
    sim__json_locator_init(&L->loc, buf, len);
    size_t blank = 0;
    while (blank < len && strchr(" \t\r\n", buf[blank]) != NULL && buf[blank] != '\0') {
        blank++;
    }
    if (blank == len) {
        return fail_offset(L, SIM_ESYNTAX, len, AT_TOP,
                           len == 0 ? "empty file" : "empty file: only white space");
    }
    if (sim__json_scan(buf, len, &L->scan) != 0) {
        return fail_offset(L, L->scan.code, L->scan.err_offset, AT_TOP, "%s", L->scan.message);
    }
    return true;
}

/*
 * Step 2: the tree. The scan accepted the text, so cJSON can only fail for want of memory. Ops
 * are looked up once per statement: a map of their names beats sim_op_lookup's linear search.
 */
static bool parse_tree(struct loader *L)
{
    for (int op = 0; op < SIM_OP_COUNT; op++) {
        uint32_t old;
        if (!strmap_put(&L->op_names, sim_op_name((enum sim_op)op), (uint32_t)op, &old)) {
            return nomem(L);
        }
    }
    L->root = cJSON_ParseWithLength(L->doc, L->len);
    return L->root != NULL || nomem(L);
}

/* Step 5: what no single statement shows. */
static bool check_program(struct loader *L)
{
    return check_uses(L) && check_sockets(L) && check_expansion(L);
}

/* Hands the statements and bodies over to the program, then names the statements. */
static bool finish_program(struct loader *L, struct sim_program *prog)
{
    prog->stmts = L->stmts;
    prog->stmt_count = L->stmt_count;
    prog->bodies = L->bodies;
    prog->body_count = L->body_count;
    L->stmts = NULL;
    L->bodies = NULL;
    return sim__program_name_stmts(prog) == 0 || nomem(L);
}

static void loader_free(struct loader *L)
{
    sim__json_scan_finish(&L->scan);
    cJSON_Delete(L->root);
    free(L->stmts);
    free(L->info);
    free(L->bodies);
    free(L->owner);
    free(L->funcs);
    free(L->func_names.slots);
    free(L->op_names.slots);
    free(L->carriers.slots);
    free(L->carrier_list.items);
    free(L->pattern_carriers.items);
    free(L->uses.items);
}

struct sim_program *sim_program_load(const char *buf, size_t len, const struct sim_overrides *ov,
                                     struct sim_diag *diag)
{
    struct sim_diag spare;
    struct loader L = {.diag = diag != NULL ? diag : &spare};
    memset(L.diag, 0, sizeof(*L.diag));
    L.box = calloc(1, sizeof(*L.box));
    if (L.box == NULL) {
        nomem(&L);
        return NULL;
    }
    struct sim_program *prog = &L.box->prog;
    sim_config_init(&prog->config);
    prog->main_body = SIM_NO_BODY;
    bool ok = scan_bytes(&L, buf != NULL ? buf : "", buf != NULL ? len : 0) && parse_tree(&L) &&
              load_top(&L, prog) && apply_overrides(&L, ov, &prog->config) && check_program(&L) &&
              finish_program(&L, prog);
    loader_free(&L);
    if (!ok) {
        sim_program_destroy(prog);
        return NULL;
    }
    return prog;
}

void sim_program_destroy(struct sim_program *prog)
{
    if (prog == NULL) {
        return;
    }
    struct program_box *box = (struct program_box *)prog;
    free((void *)prog->stmts);
    free((void *)prog->bodies);
    free((void *)prog->names);
    free(prog->names_storage);
    arena_free(box->arena);
    free(box);
}
