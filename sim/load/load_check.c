/*
 * load_check.c - what no single statement shows, checked once every statement is read: the ids
 * that clear*, ref, close... use are carried by some statement of a fitting op (the op table's
 * `names`), socket.* ops stand where a connection's socket is in scope, and what repeats expand
 * to stays within the documented limits.
 */
#include "loader.h"

#include <stdlib.h>
#include <string.h>

/* Comparisons of ids with {VAR} placeholders one load may make (docs: "Limits"). */
#define MAX_ID_COMPARISONS 20000000u

#define OP_BIT(op) (1ULL << (op))

/* ---- Ids --------------------------------------------------------------------------------- */

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
 * A statement carrying an id that `id` may name, of one of the ops in `want`; or SIM_NONE. Sets
 * *too_many when the comparisons would pass MAX_ID_COMPARISONS.
 */
static uint32_t find_carrier(struct loader *ld, const char *id, uint64_t want, bool *too_many)
{
    bool pattern = strchr(id, '{') != NULL;
    uint32_t c = sim__strmap_get(&ld->carriers, id);
    if (c != SIM_NONE && (want & OP_BIT(ld->stmts[c].op)) != 0) {
        return c;
    }
    /* Plain ids are all in the map; only a pattern on either side needs a search. */
    const struct index_list *pool = pattern ? &ld->carrier_list : &ld->pattern_carriers;
    for (uint32_t i = 0; i < pool->count; i++) {
        c = pool->items[i];
        if ((want & OP_BIT(ld->stmts[c].op)) == 0) {
            continue;
        }
        if (++ld->comparisons > MAX_ID_COMPARISONS) {
            *too_many = true;
            return SIM_NONE;
        }
        if (ids_may_match(id, ld->stmts[c].id)) {
            return c;
        }
    }
    return SIM_NONE;
}

/* How a set of ops reads in a message: "a setTimeout, setInterval or setImmediate". */
static const char *op_words(uint64_t ops, char *buf, size_t size)
{
    struct text t = {buf, size, 0};
    uint32_t total = 0;
    for (int op = 0; op < SIM_OP_COUNT; op++) {
        total += (ops >> op & 1) != 0;
    }
    buf[0] = '\0';
    uint32_t written = 0;
    for (int op = 0; op < SIM_OP_COUNT; op++) {
        if ((ops >> op & 1) == 0) {
            continue;
        }
        const char *name = sim_op_name((enum sim_op)op);
        const char *article = strchr("aeiou", name[0]) != NULL ? "an " : "a ";
        const char *sep = written == 0 ? article : written + 1 == total ? " or " : ", ";
        sim__text_put(&t, "%s%s", sep, name);
        written++;
    }
    return buf;
}

/* The use of an id by statement s finds no carrier of the ops it wants: why, as a diagnostic. */
static bool bad_use(struct loader *ld, uint32_t s, uint64_t want, bool too_many)
{
    const struct sim_stmt *st = &ld->stmts[s];
    uint32_t other = too_many ? SIM_NONE : find_carrier(ld, st->id, SIM_NAMES_ANY, &too_many);
    size_t at = ld->info[s].id_offset;
    if (too_many) {
        return sim__fail_offset(ld, SIM_ELIMIT, at, in_stmt(s, "id"),
                                "too many ids with {VAR} placeholders to match "
                                "(more than %u comparisons, the loader's limit)",
                                MAX_ID_COMPARISONS);
    }
    char name[QUOTED_SIZE];
    sim__quote(st->id, false, name, sizeof(name));
    if (other != SIM_NONE) {
        char words[256];
        return sim__fail_offset(ld, SIM_ESCHEMA, at, in_stmt(s, "id"),
                                "%s needs the id of %s, but '%s' is carried by the %s at line %u",
                                sim_op_name(st->op), op_words(want, words, sizeof(words)), name,
                                sim_op_name(ld->stmts[other].op), ld->stmts[other].line);
    }
    char hint[QUOTED_SIZE + 32];
    struct sim_suggestion sg = sim_suggest_start(st->id);
    for (uint32_t i = 0; i < ld->carrier_list.count; i++) {
        sim_suggest_try(&sg, ld->stmts[ld->carrier_list.items[i]].id);
    }
    return sim__fail_offset(ld, SIM_ESCHEMA, at, in_stmt(s, "id"), "no statement carries id '%s'%s",
                            name, sim__did_you_mean(&sg, "", hint, sizeof(hint)));
}

/* Every id that clear*, ref, unref, refresh, close or server.close uses must be carried. */
static bool check_uses(struct loader *ld)
{
    for (uint32_t u = 0; u < ld->uses.count; u++) {
        uint32_t s = ld->uses.items[u];
        uint64_t want = sim_op_table[ld->stmts[s].op].names;
        bool too_many = false;
        if (find_carrier(ld, ld->stmts[s].id, want, &too_many) == SIM_NONE) {
            return bad_use(ld, s, want, too_many);
        }
    }
    return true;
}

/* ---- Socket ops -------------------------------------------------------------------------- */

/*
 * Marks the bodies a connection runs: the `do` of the ops whose `do` is a connection body
 * (listen, and connect: its listener acts on the socket it made), and every `do` and @function
 * inside.
 */
static bool *connection_bodies(struct loader *ld)
{
    bool *reach = calloc(ld->body_count + 1, sizeof(*reach));
    uint32_t *work = malloc((ld->body_count + 1) * sizeof(*work));
    uint32_t n = 0;
    if (reach == NULL || work == NULL) {
        free(reach);
        free(work);
        return NULL;
    }
    for (uint32_t s = 0; s < ld->stmt_count; s++) {
        uint32_t b = ld->stmts[s].body;
        if (sim_op_table[ld->stmts[s].op].connection_body && b != SIM_NONE && !reach[b]) {
            reach[b] = true;
            work[n++] = b;
        }
    }
    while (n > 0) {
        const struct sim_body *b = &ld->bodies[work[--n]];
        for (uint32_t s = b->first; s < b->first + b->count; s++) {
            uint32_t inner = ld->stmts[s].body;
            if (inner != SIM_NONE && !reach[inner]) {
                reach[inner] = true;
                work[n++] = inner;
            }
        }
    }
    free(work);
    return reach;
}

/* socket.* ops (the op table's `in_connection`) only where a connection's socket is in scope. */
static bool check_sockets(struct loader *ld)
{
    bool *reach = NULL;
    for (uint32_t s = 0; s < ld->stmt_count; s++) {
        enum sim_op op = ld->stmts[s].op;
        if (!sim_op_table[op].in_connection) {
            continue;
        }
        if (reach == NULL && (reach = connection_bodies(ld)) == NULL) {
            return sim__nomem(ld);
        }
        if (!reach[ld->info[s].body]) {
            free(reach);
            return sim__fail_offset(ld, SIM_ESCHEMA, ld->info[s].offset, in_stmt(s, NULL),
                                    "%s is only valid inside a connection body "
                                    "(a listen's or a connect's \"do\") or a callback scheduled "
                                    "from one",
                                    sim_op_name(op));
        }
    }
    free(reach);
    return true;
}

/* ---- What repeats expand to -------------------------------------------------------------- */

enum { UNSEEN, OPEN, DONE };

/* Per body: how many statements it runs synchronously, and how deep its repeats nest. */
struct expansion {
    uint64_t *count;
    uint8_t *depth;
    uint8_t *state;
};

static bool expand_body(struct loader *ld, struct expansion *x, uint32_t b, uint32_t depth);

/* The engine keeps one frame per repeat running inside a callback: their nesting is bounded. */
static bool too_deep(struct loader *ld, uint32_t s)
{
    return sim__fail_offset(ld, SIM_ELIMIT, ld->info[s].offset, in_stmt(s, NULL),
                            "repeats nest more than %d deep (through @functions), the loader's "
                            "limit",
                            SIM_MAX_NESTING);
}

/* Adds what repeat s runs to *total; checks recursion and nesting on the way. */
static bool expand_repeat(struct loader *ld, struct expansion *x, uint32_t s, uint32_t depth,
                          uint64_t *total, uint32_t *deepest)
{
    const struct sim_stmt *st = &ld->stmts[s];
    uint32_t inner = st->body;
    if (x->state[inner] == OPEN) {
        return sim__fail_offset(ld, SIM_ESCHEMA, ld->info[s].offset, in_stmt(s, NULL),
                                "this repeat runs its own body again inside itself%s%s: "
                                "the program would never end",
                                ld->bodies[inner].name ? " through @" : "",
                                ld->bodies[inner].name ? ld->bodies[inner].name : "");
    }
    if (depth >= SIM_MAX_NESTING) {
        return too_deep(ld, s);
    }
    if (!expand_body(ld, x, inner, depth + 1)) {
        return false;
    }
    uint64_t runs = x->count[inner];
    *total += st->times != 0 && runs > SIM_MAX_EXPANSION / st->times ? SIM_MAX_EXPANSION + 1
                                                                     : st->times * runs;
    *deepest = (uint32_t)x->depth[inner] + 1 > *deepest ? (uint32_t)x->depth[inner] + 1 : *deepest;
    return true;
}

static bool expand_body(struct loader *ld, struct expansion *x, uint32_t b, uint32_t depth)
{
    if (x->state[b] == DONE) {
        return true;
    }
    x->state[b] = OPEN;
    uint64_t total = 0;
    uint32_t deepest = 0;
    const struct sim_body *body = &ld->bodies[b];
    for (uint32_t s = body->first; s < body->first + body->count; s++) {
        total++;
        if (ld->stmts[s].op == SIM_OP_REPEAT && ld->stmts[s].body != SIM_NONE &&
            !expand_repeat(ld, x, s, depth, &total, &deepest)) {
            return false;
        }
        if (total > SIM_MAX_EXPANSION) {
            return sim__fail_offset(ld, SIM_ELIMIT, ld->info[s].offset, in_stmt(s, NULL),
                                    "this body would run more than %llu statements at once "
                                    "(repeats multiplied), the loader's limit",
                                    (unsigned long long)SIM_MAX_EXPANSION);
        }
        if (deepest > SIM_MAX_NESTING) {
            return too_deep(ld, s);
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
static bool check_expansion(struct loader *ld)
{
    size_t n = ld->body_count + 1;
    struct expansion x = {calloc(n, sizeof(uint64_t)), calloc(n, 1), calloc(n, 1)};
    bool ok = x.count != NULL && x.depth != NULL && x.state != NULL;
    if (!ok) {
        sim__nomem(ld);
    }
    for (uint32_t b = 0; ok && b < ld->body_count; b++) {
        ok = expand_body(ld, &x, b, 0);
    }
    free(x.count);
    free(x.depth);
    free(x.state);
    return ok;
}

bool sim__check_program(struct loader *ld)
{
    return check_uses(ld) && check_sockets(ld) && check_expansion(ld);
}
