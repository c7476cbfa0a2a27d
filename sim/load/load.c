/*
 * load.c - the scenario loader: a scenario's bytes in, an immutable struct sim_program out.
 *
 * This file holds the steps (see loader.h) and the grammar of the format: the top level,
 * functions, bodies and statements, read straight from the scanned text. Each statement's keys
 * come from its op's row in ops.h and are read by the one typed reader (load_values.c).
 * Everything the program points at lives in its arena or in arrays it owns, so
 * sim_program_destroy frees it all.
 */
#include "loader.h"

#include "../js/code.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Op names, and the JavaScript names people type for them ----------------------------- */

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

/* "unknown op 'setTimout'; did you mean 'setTimeout'?" about the op name at entry v. */
static bool unknown_op(struct loader *ld, uint32_t v, uint32_t s)
{
    const char *typed = sim__key_text(ld, v);
    char name[QUOTED_SIZE];
    char hint[QUOTED_SIZE + 96];
    const char *said = alias_hint(typed, hint, sizeof(hint));
    if (said == NULL) {
        struct sim_suggestion sg = sim_suggest_start(typed);
        for (int k = 0; k < SIM_OP_COUNT; k++) {
            sim_suggest_try(&sg, sim_op_name((enum sim_op)k));
        }
        said = sim__did_you_mean(&sg, "", hint, sizeof(hint));
    }
    return sim__fail(ld, SIM_ESCHEMA, v, in_stmt(s, "op"), "unknown op '%s'%s",
                     sim__quote(typed, false, name, sizeof(name)), said);
}

/* Finds a statement's op; unknown ones are refused with the closest op's name. */
static bool read_op(struct loader *ld, uint32_t obj, uint32_t s, enum sim_op *op)
{
    uint32_t end = sim__json_next(&ld->doc, obj);
    uint32_t key = obj + 1;
    while (key < end && !sim__json_string_is(&ld->doc, key, "op")) {
        key = sim__json_next(&ld->doc, key + 1);
    }
    if (key >= end) {
        return sim__fail(ld, SIM_ESCHEMA, obj, in_stmt(s, NULL), "missing key 'op'");
    }
    uint32_t v = key + 1;
    if (sim__json_kind(&ld->doc, v) != JSON_STRING) {
        return sim__expected(ld, v, in_stmt(s, "op"), "an op name (a string)");
    }
    uint32_t found = sim__strmap_get(&ld->op_names, sim__key_text(ld, v));
    if (found == SIM_NONE) {
        return unknown_op(ld, v, s);
    }
    *op = (enum sim_op)found;
    return true;
}

/* ---- Bodies ------------------------------------------------------------------------------ */

static bool parse_stmt(struct loader *ld, uint32_t s, uint32_t v);

/* A new body run as the `do` of statement `owner` (SIM_NONE: main or a function). */
static uint32_t new_body(struct loader *ld, uint32_t owner, const char *name)
{
    if (ld->body_count == ld->body_cap) {
        uint32_t cap = ld->body_cap ? ld->body_cap * 2 : 64;
        struct sim_body *bodies = realloc(ld->bodies, cap * sizeof(*bodies));
        if (bodies != NULL) {
            ld->bodies = bodies;
        }
        uint32_t *own = bodies != NULL ? realloc(ld->owner, cap * sizeof(*own)) : NULL;
        if (own == NULL) {
            sim__nomem(ld);
            return SIM_NONE;
        }
        ld->owner = own;
        ld->body_cap = cap;
    }
    ld->bodies[ld->body_count] = (struct sim_body){ld->stmt_count, 0, name};
    ld->owner[ld->body_count] = owner;
    return ld->body_count++;
}

/* Makes room for the `n` statements of body b, contiguous; *first is the first's index. */
static bool reserve_stmts(struct loader *ld, uint32_t n, uint32_t b, uint32_t *first)
{
    if (n > ld->stmt_cap - ld->stmt_count) {
        size_t cap = ld->stmt_cap ? ld->stmt_cap : 256;
        while (cap - ld->stmt_count < n) {
            cap *= 2;
        }
        struct sim_stmt *stmts = realloc(ld->stmts, cap * sizeof(*stmts));
        if (stmts != NULL) {
            ld->stmts = stmts;
        }
        struct stmt_info *info = stmts != NULL ? realloc(ld->info, cap * sizeof(*info)) : NULL;
        if (info == NULL) {
            return sim__nomem(ld);
        }
        ld->info = info;
        ld->stmt_cap = (uint32_t)cap;
    }
    *first = ld->stmt_count;
    for (uint32_t i = 0; i < n; i++) {
        ld->stmts[*first + i] = (struct sim_stmt){.body = SIM_NONE};
        ld->info[*first + i] = (struct stmt_info){b, SIM_NONE, SIM_NONE};
    }
    ld->stmt_count += n;
    return true;
}

/* Reads array arr of statements into body b. */
static bool build_body(struct loader *ld, uint32_t arr, uint32_t b)
{
    uint32_t first = 0;
    uint32_t n = sim__item_count(ld, arr);
    if (!reserve_stmts(ld, n, b, &first)) {
        return false;
    }
    ld->bodies[b].first = first;
    ld->bodies[b].count = n;
    uint32_t s = first;
    uint32_t end = sim__json_next(&ld->doc, arr);
    for (uint32_t item = arr + 1; item < end; item = sim__json_next(&ld->doc, item)) {
        if (!parse_stmt(ld, s++, item)) {
            return false;
        }
    }
    return true;
}

/* Is value v a string that begins with '@' (once decoded)? */
static bool is_ref(const struct loader *ld, uint32_t v)
{
    char first[2];
    return sim__json_kind(&ld->doc, v) == JSON_STRING &&
           sim__json_decode(&ld->doc, v, first, sizeof(first)) > 0 && first[0] == '@';
}

/* Looks up "@name" (value v holds it); *body is the function's body. */
static bool resolve_ref(struct loader *ld, uint32_t v, struct place p, uint32_t *body)
{
    const char *name = sim__key_text(ld, v) + 1;
    uint32_t f = sim__strmap_get(&ld->func_names, name);
    if (f != SIM_NONE) {
        *body = ld->funcs[f].body;
        return true;
    }
    char quoted[QUOTED_SIZE];
    char hint[QUOTED_SIZE + 32];
    struct sim_suggestion sg = sim_suggest_start(name);
    for (uint32_t i = 0; i < ld->func_count; i++) {
        sim_suggest_try(&sg, ld->funcs[i].name);
    }
    return sim__fail(ld, SIM_ESCHEMA, v, p, "unknown function '@%s'%s%s",
                     sim__quote(name, false, quoted, sizeof(quoted)),
                     ld->func_count == 0 ? " (the scenario has no functions)" : "",
                     sim__did_you_mean(&sg, "@", hint, sizeof(hint)));
}

/* A body: an array of statements (a new body run for `owner`), or "@name" (the function's). */
static bool read_body(struct loader *ld, uint32_t v, uint32_t owner, struct place p, uint32_t *body)
{
    if (is_ref(ld, v)) {
        return resolve_ref(ld, v, p, body);
    }
    if (sim__json_kind(&ld->doc, v) != JSON_ARRAY) {
        return sim__expected(ld, v, p, "a body (an array of statements, or \"@name\")");
    }
    *body = new_body(ld, owner, NULL);
    return *body != SIM_NONE && build_body(ld, v, *body);
}

/* ---- Statements -------------------------------------------------------------------------- */

/*
 * Notes statement s's `id` (value v): a use (clear*, ref, close...: its op's row `names` ops) is
 * checked once every statement is read; a carried id must be new.
 */
static bool note_id(struct loader *ld, uint32_t s, const struct sim_stmt *st, uint32_t v)
{
    ld->info[s].id_offset = ld->doc.pos[v].offset;
    if (sim_op_table[st->op].names != 0) {
        return sim__list_push(&ld->uses, s) || sim__nomem(ld);
    }
    uint32_t other;
    if (!sim__strmap_put(&ld->carriers, st->id, s, &other)) {
        return sim__nomem(ld);
    }
    if (other != SIM_NONE) {
        char name[QUOTED_SIZE];
        return sim__fail(ld, SIM_ESCHEMA, v, in_stmt(s, "id"),
                         "id '%s' is already carried by the statement at line %u",
                         sim__quote(st->id, false, name, sizeof(name)), ld->stmts[other].line);
    }
    bool pattern = strchr(st->id, '{') != NULL;
    if (!sim__list_push(&ld->carrier_list, s) ||
        (pattern && !sim__list_push(&ld->pattern_carriers, s))) {
        return sim__nomem(ld);
    }
    return true;
}

/* Reads the keys of statement s that its op takes (`allowed`), each from its row in ops.h. */
static bool read_keys(struct loader *ld, uint32_t s, struct sim_stmt *st, const struct slots *sl,
                      uint64_t allowed)
{
    for (uint32_t k = 0; k < SIM_KEY_COUNT; k++) {
        const struct sim_key_info *key = &sim_key_table[k];
        if (sl->val[k] == SIM_NONE) {
            if ((allowed >> k & 1) != 0 && key->has_default) {
                sim__write_default(key, st);
            }
            continue;
        }
        if (!sim__read_value(ld, key, sl->val[k], in_stmt(s, key->name), st) ||
            (key->type == SIM_TYPE_ID && !note_id(ld, s, st, sl->val[k]))) {
            return false;
        }
    }
    return true;
}

/* A statement object: its op, its keys, then its `do`. */
static bool parse_object_stmt(struct loader *ld, uint32_t s, uint32_t v, struct sim_stmt *st)
{
    if (!read_op(ld, v, s, &st->op)) {
        return false;
    }
    st->ordinal = ++ld->ordinals[st->op];
    const struct sim_op_info *op = &sim_op_table[st->op];
    const struct keyset ks = {op->name, sim_key_table, SIM_KEY_COUNT, op->keys | SIM_K(OP)};
    struct slots sl;
    if (!sim__collect(ld, v, &ks, in_stmt(s, NULL), &sl) ||
        !sim__require(ld, v, &ks, &sl, op->required, in_stmt(s, NULL)) ||
        !read_keys(ld, s, st, &sl, op->keys)) {
        return false;
    }
    /* Stored before the body is read: reading it may move the statements. */
    ld->stmts[s] = *st;
    uint32_t body = SIM_NONE;
    uint32_t v_do = sl.val[SIM_KEY_DO];
    if (v_do != SIM_NONE && !read_body(ld, v_do, s, in_stmt(s, "do"), &body)) {
        return false;
    }
    ld->stmts[s].body = body;
    return true;
}

/* Statement s (value v): a string (console.log) or an object with "op". */
static bool parse_stmt(struct loader *ld, uint32_t s, uint32_t v)
{
    struct sim_stmt st = {.body = SIM_NONE};
    ld->info[s].offset = ld->doc.pos[v].offset;
    sim__locate(ld, ld->doc.pos[v].offset, &st.line, &st.col);
    enum json_kind kind = sim__json_kind(&ld->doc, v);
    if (kind == JSON_OBJECT) {
        return parse_object_stmt(ld, s, v, &st);
    }
    if (kind != JSON_STRING) {
        return sim__expected(ld, v, in_stmt(s, NULL),
                             "a statement (a string, or an object with \"op\")");
    }
    st.op = SIM_OP_LOG;
    st.ordinal = ++ld->ordinals[SIM_OP_LOG];
    if (!sim__read_string(ld, v, in_stmt(s, NULL), &st.text)) {
        return false;
    }
    ld->stmts[s] = st;
    return true;
}

/* ---- Functions --------------------------------------------------------------------------- */

/* The function "@name" at value v names, or SIM_NONE. */
static uint32_t func_named(struct loader *ld, uint32_t v)
{
    return sim__strmap_get(&ld->func_names, sim__key_text(ld, v) + 1);
}

/* Resolves function i's "@other" (and every alias on the way) to the body it ends at. */
static bool resolve_alias(struct loader *ld, uint32_t i)
{
    uint32_t f = i;
    for (uint32_t steps = 0; ld->funcs[f].body == SIM_NONE; steps++) {
        struct func *fn = &ld->funcs[f];
        uint32_t next = func_named(ld, fn->value);
        if (next == SIM_NONE) {
            uint32_t ignored;
            return resolve_ref(ld, fn->value, at_path("functions", fn->name), &ignored);
        }
        if (steps == ld->func_count) {
            return sim__fail(ld, SIM_ESCHEMA, ld->funcs[i].value,
                             at_path("functions", ld->funcs[i].name),
                             "the functions name each other in a circle: no body is reached");
        }
        f = next;
    }
    uint32_t body = ld->funcs[f].body;
    for (f = i; ld->funcs[f].body == SIM_NONE;) {
        ld->funcs[f].body = body;
        f = func_named(ld, ld->funcs[f].value);
    }
    return true;
}

/* Registers the member of `functions` whose key is at entry key_at as function i. */
static bool add_function(struct loader *ld, uint32_t key_at, uint32_t i)
{
    struct func *fn = &ld->funcs[i];
    char *name = sim__arena_string(ld, key_at);
    if (name == NULL) {
        return false;
    }
    *fn = (struct func){name, key_at + 1, SIM_NONE};
    uint32_t first;
    if (!sim__strmap_put(&ld->func_names, name, i, &first)) {
        return sim__nomem(ld);
    }
    if (first != SIM_NONE) {
        return sim__duplicate_key(ld, key_at, ld->funcs[first].value - 1,
                                  at_path("functions", NULL));
    }
    if (sim__json_kind(&ld->doc, fn->value) == JSON_ARRAY) {
        fn->body = new_body(ld, SIM_NONE, fn->name);
        return fn->body != SIM_NONE;
    }
    if (is_ref(ld, fn->value)) {
        return true;
    }
    return sim__expected(ld, fn->value, at_path("functions", fn->name),
                         "a body (an array of statements, or \"@name\")");
}

/*
 * Before any body is read: names every function and gives each its body's index, so a "@name"
 * can be resolved wherever it stands, even before `functions` in the file.
 */
static bool prepare_functions(struct loader *ld, uint32_t v)
{
    if (sim__json_kind(&ld->doc, v) != JSON_OBJECT) {
        return sim__expected(ld, v, at_path("functions", NULL), "an object (function name → body)");
    }
    uint32_t end = sim__json_next(&ld->doc, v);
    uint32_t n = 0;
    for (uint32_t key = v + 1; key < end; key = sim__json_next(&ld->doc, key + 1)) {
        n++;
    }
    ld->funcs = calloc(n ? n : 1, sizeof(*ld->funcs));
    if (ld->funcs == NULL) {
        return sim__nomem(ld);
    }
    for (uint32_t key = v + 1; key < end; key = sim__json_next(&ld->doc, key + 1)) {
        if (!add_function(ld, key, ld->func_count++)) {
            return false;
        }
    }
    for (uint32_t i = 0; i < ld->func_count; i++) {
        if (!resolve_alias(ld, i)) {
            return false;
        }
    }
    return true;
}

/* Reads every function's statements, in file order. */
static bool build_functions(struct loader *ld)
{
    for (uint32_t i = 0; i < ld->func_count; i++) {
        const struct func *fn = &ld->funcs[i];
        if (sim__json_kind(&ld->doc, fn->value) == JSON_ARRAY &&
            !build_body(ld, fn->value, fn->body)) {
            return false;
        }
    }
    return true;
}

/* ---- The top level ----------------------------------------------------------------------- */

static bool read_expect_any(struct loader *ld, uint32_t v, struct sim_program *prog)
{
    if (sim__json_kind(&ld->doc, v) != JSON_ARRAY) {
        return sim__expected(ld, v, at_path("expect_any", NULL), "an array of arrays of strings");
    }
    uint32_t n = sim__item_count(ld, v);
    struct sim_expect_set *sets =
        sim__arena_alloc(&ld->box->arena, (n + 1) * sizeof(*sets), sizeof(void *));
    if (sets == NULL) {
        return sim__nomem(ld);
    }
    uint32_t k = 0;
    uint32_t end = sim__json_next(&ld->doc, v);
    for (uint32_t item = v + 1; item < end; item = sim__json_next(&ld->doc, item), k++) {
        char key[32];
        snprintf(key, sizeof(key), "expect_any[%u]", k);
        if (!sim__read_lines(ld, item, at_path(key, NULL), &sets[k].lines, &sets[k].count)) {
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
static bool check_version(struct loader *ld)
{
    uint32_t end = sim__json_next(&ld->doc, 0);
    for (uint32_t key = 1; key < end; key = sim__json_next(&ld->doc, key + 1)) {
        if (sim__json_string_is(&ld->doc, key, "loopsim")) {
            uint32_t v = key + 1;
            if (sim__json_kind(&ld->doc, v) == JSON_NUMBER && sim__json_number(&ld->doc, v) == 1) {
                return true;
            }
            char got[QUOTED_SIZE];
            return sim__fail(ld, SIM_ESCHEMA, v, at_path("loopsim", NULL),
                             "unsupported format version %s; this loopsim reads version 1",
                             sim__describe(ld, v, got, sizeof(got)));
        }
    }
    return sim__fail(ld, SIM_ESCHEMA, 0, AT_TOP, "missing key 'loopsim'");
}

static bool read_main(struct loader *ld, uint32_t v, struct sim_program *prog)
{
    uint32_t body;
    if (!read_body(ld, v, SIM_NONE, at_path("main", NULL), &body)) {
        return false;
    }
    prog->main_body = body;
    return true;
}

/* One top-level key (a row of the top key table), in file order; a flat switch. */
static bool read_top_key(struct loader *ld, enum sim_top_key k, uint32_t v,
                         struct sim_program *prog)
{
    struct place p = at_path(sim_top_key_table[k].name, NULL);
    switch (k) {
    case SIM_TOP_NAME:
        return sim__read_string(ld, v, p, &prog->name);
    case SIM_TOP_DESCRIPTION:
        return sim__read_string(ld, v, p, &prog->description);
    case SIM_TOP_CONFIG:
        return sim__load_config(ld, v, &prog->config);
    case SIM_TOP_FUNCTIONS:
        return build_functions(ld);
    case SIM_TOP_MAIN:
        return read_main(ld, v, prog);
    case SIM_TOP_EXPECT:
        prog->has_expect = true;
        return sim__read_lines(ld, v, p, &prog->expect, &prog->expect_count);
    case SIM_TOP_EXPECT_ANY:
        return read_expect_any(ld, v, prog);
    case SIM_TOP_LOOPSIM:
    case SIM_TOP_COUNT:
        break;
    }
    return true;
}

/* The top-level keys a scenario needs, as a set. */
static uint64_t required_top_keys(void)
{
    uint64_t required = 0;
    for (uint32_t k = 0; k < SIM_TOP_COUNT; k++) {
        required |= sim_top_key_table[k].required ? 1ULL << k : 0;
    }
    return required;
}

/* Step 2: the top level, then every key in the order the file has them. */
static bool load_top(struct loader *ld, struct sim_program *prog)
{
    if (sim__json_kind(&ld->doc, 0) != JSON_OBJECT) {
        return sim__expected(ld, 0, AT_TOP, "a scenario (an object with \"loopsim\": 1)");
    }
    const struct keyset ks = {"a scenario", sim_top_key_table, SIM_TOP_COUNT,
                              (1u << SIM_TOP_COUNT) - 1};
    struct slots sl;
    if (!check_version(ld) || !sim__collect(ld, 0, &ks, AT_TOP, &sl) ||
        !sim__require(ld, 0, &ks, &sl, required_top_keys(), AT_TOP)) {
        return false;
    }
    if (sl.val[SIM_TOP_FUNCTIONS] != SIM_NONE &&
        !prepare_functions(ld, sl.val[SIM_TOP_FUNCTIONS])) {
        return false;
    }
    uint32_t end = sim__json_next(&ld->doc, 0);
    for (uint32_t key = 1; key < end; key = sim__json_next(&ld->doc, key + 1)) {
        uint32_t k = 0;
        while (sl.val[k] == SIM_NONE || sl.key_at[k] != key) {
            k++; /* collect saw every key: one of the slots holds it */
        }
        if (!read_top_key(ld, (enum sim_top_key)k, key + 1, prog)) {
            return false;
        }
    }
    return true;
}

/* ---- Loading ----------------------------------------------------------------------------- */

/* Step 1: the bytes, then the strict scan. */
static bool scan_bytes(struct loader *ld, const char *buf, size_t len)
{
    if (len > SIM_MAX_FILE_BYTES) {
        return sim__fail(ld, SIM_ELIMIT, SIM_NONE, AT_TOP,
                         "file larger than %u MiB (the loader's limit)", SIM_MAX_FILE_BYTES >> 20);
    }
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3; /* A UTF-8 byte order mark says nothing more; columns start after it. */
        len -= 3;
    }
    sim__json_locator_init(&ld->loc, buf, len);
    size_t blank = 0;
    while (blank < len && strchr(" \t\r\n", buf[blank]) != NULL && buf[blank] != '\0') {
        blank++;
    }
    if (blank == len) {
        return sim__fail_offset(ld, SIM_ESYNTAX, len, AT_TOP,
                                len == 0 ? "empty file" : "empty file: only white space");
    }
    if (sim__json_scan(buf, len, &ld->doc) != 0) {
        return sim__fail_offset(ld, ld->doc.code, ld->doc.err_offset, AT_TOP, "%s",
                                ld->doc.message);
    }
    return true;
}

/* The map of op names: ops are looked up once per statement, in one probe. */
static bool map_op_names(struct loader *ld)
{
    for (int op = 0; op < SIM_OP_COUNT; op++) {
        uint32_t old;
        if (!sim__strmap_put(&ld->op_names, sim_op_name((enum sim_op)op), (uint32_t)op, &old)) {
            return sim__nomem(ld);
        }
    }
    return true;
}

/* Step 2: the program, read from the scanned text; the positions go once it is read. */
static bool read_program(struct loader *ld, struct sim_program *prog)
{
    bool ok = map_op_names(ld) && load_top(ld, prog);
    sim__json_finish(&ld->doc);
    return ok;
}

/* Hands the statements and bodies over to the program, then names the statements. */
static bool finish_program(struct loader *ld, struct sim_program *prog)
{
    /* Give back what growing by doubling reserved (in place: it only shrinks). */
    struct sim_stmt *stmts = realloc(ld->stmts, (ld->stmt_count + 1) * sizeof(*stmts));
    ld->stmts = stmts != NULL ? stmts : ld->stmts;
    prog->stmts = ld->stmts;
    prog->stmt_count = ld->stmt_count;
    prog->bodies = ld->bodies;
    prog->body_count = ld->body_count;
    ld->stmts = NULL;
    ld->bodies = NULL;
    free(ld->info); /* the names below are the last allocation: make room for them first */
    ld->info = NULL;
    return sim__program_name_stmts(prog) == 0 || sim__nomem(ld);
}

static void loader_free(struct loader *ld)
{
    sim__json_finish(&ld->doc);
    free(ld->key);
    free(ld->stmts);
    free(ld->info);
    free(ld->bodies);
    free(ld->owner);
    free(ld->funcs);
    sim__strmap_finish(&ld->func_names);
    sim__strmap_finish(&ld->op_names);
    sim__strmap_finish(&ld->carriers);
    sim__list_finish(&ld->carrier_list);
    sim__list_finish(&ld->pattern_carriers);
    sim__list_finish(&ld->uses);
}

int sim_text_check(const char *buf, size_t len, struct sim_diag *diag)
{
    *diag = (struct sim_diag){0};
    size_t bad = sim__text_check(buf, len, diag->message, sizeof diag->message);
    if (bad == len) {
        return 0;
    }
    diag->code = SIM_EINVAL;
    diag->line = 1;
    diag->col = 1;
    for (size_t i = 0; i < bad; i++) {
        if (buf[i] == '\n') {
            diag->line++;
            diag->col = 1;
        } else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
            diag->col++;
        }
    }
    return -SIM_EINVAL;
}

struct sim_program *sim_program_load(const char *buf, size_t len, const struct sim_overrides *ov,
                                     struct sim_diag *diag)
{
    struct sim_diag spare;
    struct loader ld = {.diag = diag != NULL ? diag : &spare};
    memset(ld.diag, 0, sizeof(*ld.diag));
    ld.box = calloc(1, sizeof(*ld.box));
    if (ld.box == NULL) {
        sim__nomem(&ld);
        return NULL;
    }
    struct sim_program *prog = &ld.box->prog;
    sim_config_init(&prog->config);
    prog->main_body = SIM_NONE;
    bool ok = scan_bytes(&ld, buf != NULL ? buf : "", buf != NULL ? len : 0) &&
              read_program(&ld, prog) && sim__apply_overrides(&ld, ov, &prog->config) &&
              sim__check_program(&ld) && finish_program(&ld, prog);
    loader_free(&ld);
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
    sim__arena_free(box->arena);
    sim__js_code_destroy(box->code);
    sim__js_ast_destroy(box->ast);
    sim__js_expect_finish(&box->expect);
    sim__js_exercise_finish(&box->exercise);
    free(box->file_name);
    free(box->source);
    free(box);
}
