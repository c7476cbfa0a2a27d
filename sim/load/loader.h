/*
 * loader.h - the scenario loader's state and the functions its files share (sim/load/ only).
 *
 * Loading runs in steps, and any of them may refuse the scenario with a located diagnostic
 * (struct sim_diag: code, line, column, JSON path, sentence); nothing is printed:
 *   1. the bytes: size, byte order mark, then json.c's strict scan (text, UTF-8, RFC 8259,
 *      nesting), which records where every value and key starts: the document's whole tree;
 *   2. the schema (load.c): the top level, functions and every statement, read straight from the
 *      scanned text into flat arrays, each key by the one typed reader (load_values.c) from the
 *      tables of ../ops.h; config (load_config.c) the same way;
 *   3. the command-line overrides, checked like config (load_config.c);
 *   4. the whole-program checks (load_check.c): ids, socket ops, and what repeats expand to.
 * The positions are freed before step 4: the program keeps only what it needs. Memory: the
 * caller's text, 8 bytes per JSON value while it is read, and the program (docs/performance.md,
 * "Loading").
 */
#ifndef SIM_LOADER_H
#define SIM_LOADER_H

#include <stdarg.h>

#include "arena.h"
#include "json.h"
#include "sim.h"
#include "strmap.h"
#include "suggest.h"

#include "../js/annotate.h"

/* User strings quoted in messages are cut to this many bytes. */
#define QUOTE_BYTES 40
/* Room for such a string quoted: every byte may become a \u00XX escape. */
#define QUOTED_SIZE (QUOTE_BYTES * 6 + 16)

/* The program as allocated: the public part first, so a program pointer is a box pointer. */
struct program_box {
    struct sim_program prog;
    struct chunk *arena; /* strings, expect lines, connection times */
    /* A JavaScript program's: its text, its tree and its code (sim/js/program_js.c). */
    char *source;
    struct js_ast *ast;
    struct js_code *code;
    struct js_expect expect;  /* its `// loopsim: expect` lines */
    struct js_exercise exercise; /* its `// loopsim: level|prompt|hint` texts */
    char *file_name;          /* the name sim_program_set_file_name gave it */
};

/* What the loader knows of a statement beside what the program keeps. */
struct stmt_info {
    uint32_t body;      /* the body it is in */
    uint32_t offset;    /* its value's byte offset in the document */
    uint32_t id_offset; /* its `id` value's byte offset, or SIM_NONE */
};

/* One entry of `functions`. */
struct func {
    const char *name; /* in the program's arena */
    uint32_t value;   /* its body as written (an entry): an array, or "@other" */
    uint32_t body;    /* its body; for "@other", SIM_NONE until resolved */
};

struct loader {
    struct json_doc doc; /* the bytes after any byte order mark, and where every value starts */
    struct json_locator loc;
    struct sim_diag *diag;
    struct program_box *box;
    char *key; /* the last key decoded by key_text, owned */
    size_t key_size;

    struct sim_stmt *stmts; /* the program's statements, growing */
    struct stmt_info *info; /* beside each statement */
    uint32_t stmt_count;
    uint32_t stmt_cap;
    struct sim_body *bodies;
    uint32_t *owner; /* per body: the statement whose `do` it is, or SIM_NONE */
    uint32_t body_count;
    uint32_t body_cap;
    uint32_t ordinals[SIM_OP_COUNT];

    struct func *funcs;
    uint32_t func_count;
    struct strmap func_names; /* name → index in funcs */
    struct strmap op_names;   /* op name → enum sim_op */

    struct strmap carriers;             /* id → the statement carrying it */
    struct index_list carrier_list;     /* every statement that carries an id */
    struct index_list pattern_carriers; /* those whose id holds a {VAR} placeholder */
    struct index_list uses;             /* statements that use an id: clear*, ref, close... */
    uint32_t comparisons;               /* of ids with placeholders, so far */
};

/* ---- Places and diagnostics (diag.c) ----------------------------------------------------- */

/* Where a value is, to spell its JSON path: [statement] [.key | key] [.name] [[index]]. */
struct place {
    uint32_t stmt;    /* the statement it is in, or SIM_NONE */
    const char *key;  /* under a statement ".key"; without one, the path so far */
    const char *name; /* then ".name": a function's or a config key's */
    int64_t index;    /* then "[index]" when >= 0 */
};

#define AT_TOP ((struct place){SIM_NONE, NULL, NULL, -1})

static inline struct place at_path(const char *key, const char *name)
{
    return (struct place){SIM_NONE, key, name, -1};
}

static inline struct place in_stmt(uint32_t stmt, const char *key)
{
    return (struct place){stmt, key, NULL, -1};
}

static inline struct place item_of(struct place p, int64_t index)
{
    p.index = index;
    return p;
}

/* The place of key `name` under `parent` (a statement, or a path such as "config"). */
static inline struct place key_place(struct place parent, const char *name)
{
    return parent.stmt != SIM_NONE ? in_stmt(parent.stmt, name) : at_path(parent.key, name);
}

/* A bounded string being written; what does not fit is dropped. */
struct text {
    char *buf;
    size_t size;
    size_t len;
};

/* The printf-like functions: the compiler checks every message against its arguments. */
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/* Appends printf's formatting of the arguments to t, as much as fits. */
void sim__text_put(struct text *t, const char *fmt, ...) PRINTF_LIKE(2, 3);

/*
 * Writes `s` shortened to about QUOTE_BYTES bytes, with JSON escapes for quotes, backslashes
 * and control characters, between double quotes when `quoted`. Returns buf.
 */
const char *sim__quote(const char *s, bool quoted, char *buf, size_t size);

/*
 * Fills the diagnostic (the first failure wins) about byte `offset` (SIZE_MAX: no place in the
 * file). Returns false, so that a reader can `return sim__fail...`.
 */
bool sim__vfail_offset(struct loader *ld, int code, size_t offset, struct place p, const char *fmt,
                       va_list ap) PRINTF_LIKE(5, 0);
bool sim__fail_offset(struct loader *ld, int code, size_t offset, struct place p, const char *fmt,
                      ...) PRINTF_LIKE(5, 6);

/* Fails about the value or key at entry `at` (SIM_NONE: no place in the file). */
bool sim__fail(struct loader *ld, int code, uint32_t at, struct place p, const char *fmt, ...)
    PRINTF_LIKE(5, 6);
#undef PRINTF_LIKE

/* Fails for want of memory; returns false. */
bool sim__nomem(struct loader *ld);

/* How value v is shown after "got": a string quoted and cut, a number as written, or its kind. */
const char *sim__describe(const struct loader *ld, uint32_t v, char *buf, size_t size);

/* "expected WHAT, got VALUE" about value v; returns false. */
bool sim__expected(struct loader *ld, uint32_t v, struct place p, const char *what);

/* "; did you mean 'PREFIXNAME'?" for what the search found, or "". Returns buf. */
const char *sim__did_you_mean(const struct sim_suggestion *sg, const char *prefix, char *buf,
                              size_t size);

/* The 1-based line and column of byte `offset`. */
void sim__locate(struct loader *ld, size_t offset, uint32_t *line, uint32_t *col);

/* ---- Values and keys (load_values.c) ----------------------------------------------------- */

/* The keys an object may hold: rows of one of the key tables of ops.h. */
struct keyset {
    const char *what; /* who takes them, for messages: "setTimeout", "config" */
    const struct sim_key_info *keys;
    uint32_t count;
    uint64_t allowed; /* bit k set: keys[k] is valid here */
};

#define MAX_KEYS 24

/* An object's members by key: val[k] is keys[k]'s value entry, or SIM_NONE when absent. */
struct slots {
    uint32_t val[MAX_KEYS];
    uint32_t key_at[MAX_KEYS];
};

/* The text of the key at entry `at`, decoded into the loader's buffer until the next call. */
const char *sim__key_text(struct loader *ld, uint32_t at);

/* Sorts object obj's members into slots; refuses unknown and duplicate keys. */
bool sim__collect(struct loader *ld, uint32_t obj, const struct keyset *ks, struct place p,
                  struct slots *out);

/* The same for value v, which must be an object ("expected an object" otherwise). */
bool sim__collect_object(struct loader *ld, uint32_t v, const struct keyset *ks, struct place p,
                         struct slots *out);

/* Reads every key of ks that the slots hold into the struct at base, each at its place. */
bool sim__read_present(struct loader *ld, const struct keyset *ks, const struct slots *sl,
                       struct place parent, void *base);

/* Refuses an object that lacks one of the `required` keys (bit k for keys[k]). */
bool sim__require(struct loader *ld, uint32_t obj, const struct keyset *ks, const struct slots *sl,
                  uint64_t required, struct place p);

/* "duplicate key 'x' (first at line L, column C)" about the key at entry `key_at`. */
bool sim__duplicate_key(struct loader *ld, uint32_t key_at, uint32_t first_at, struct place p);

/*
 * The one typed reader of the format's keys: reads value v of `key` (a row of a key table) into
 * the struct at `base` that the row's offsets are of, a statement or the config, checked by its
 * type and range. Bodies and ops are the caller's to read.
 */
bool sim__read_value(struct loader *ld, const struct sim_key_info *key, uint32_t v, struct place p,
                     void *base);

/* Writes a key's default into the struct at `base`, as if it were given. */
void sim__write_default(const struct sim_key_info *key, void *base);

/* The string (value or key) at entry `at`, decoded into the program's arena; NULL when out of
   memory, with the diagnostic filled. */
char *sim__arena_string(struct loader *ld, uint32_t at);

/* A string value, copied into the program's arena. */
bool sim__read_string(struct loader *ld, uint32_t v, struct place p, const char **out);

/* An array of strings (`expect`, a set of `expect_any`), into the arena. */
bool sim__read_lines(struct loader *ld, uint32_t v, struct place p, const char *const **lines,
                     size_t *count);

/* The number of elements of array `arr`. */
uint32_t sim__item_count(const struct loader *ld, uint32_t arr);

/* ---- Config and overrides (load_config.c) ------------------------------------------------ */

/* Reads `config` into *cfg. */
bool sim__load_config(struct loader *ld, uint32_t v, struct sim_config *cfg);

/* Applies the command line's overrides to the config, checked like config itself. */
bool sim__apply_overrides(struct loader *ld, const struct sim_overrides *ov,
                          struct sim_config *cfg);

/* ---- Whole-program checks (load_check.c) ------------------------------------------------- */

/* What no single statement shows: ids, socket ops, and what repeats expand to. */
bool sim__check_program(struct loader *ld);

#endif
