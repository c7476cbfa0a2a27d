/*
 * load_values.c - reading values: objects with fixed keys, and the one typed reader that reads a
 * key of a statement or of the config from its row in ops.h (type, range, where it goes).
 */
#include "loader.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Keys -------------------------------------------------------------------------------- */

const char *sim__key_text(struct loader *ld, uint32_t at)
{
    size_t need = sim__json_raw_length(&ld->doc, at) + 1;
    if (need > ld->key_size) {
        char *bigger = realloc(ld->key, need);
        if (bigger == NULL) {
            sim__nomem(ld); /* the first failure is the one reported */
            return "";
        }
        ld->key = bigger;
        ld->key_size = need;
    }
    sim__json_decode(&ld->doc, at, ld->key, ld->key_size);
    return ld->key;
}

/* The key of ks named as the key at entry `at` is, among those allowed; SIM_NONE when none is. */
static uint32_t key_index(const struct loader *ld, const struct keyset *ks, uint32_t at)
{
    for (uint32_t k = 0; k < ks->count; k++) {
        if ((ks->allowed >> k & 1) != 0 && sim__json_string_is(&ld->doc, at, ks->keys[k].name)) {
            return k;
        }
    }
    return SIM_NONE;
}

/* "unknown key 'dealy'; did you mean 'delay'?", or the list of the keys it takes. */
static bool unknown_key(struct loader *ld, uint32_t key_at, const struct keyset *ks, struct place p)
{
    const char *key = sim__key_text(ld, key_at);
    char name[QUOTED_SIZE];
    char hint[QUOTED_SIZE + 32];
    char list[256];
    struct sim_suggestion sg = sim_suggest_start(key);
    struct text t = {list, sizeof(list), 0};
    list[0] = '\0';
    for (uint32_t k = 0; k < ks->count; k++) {
        if ((ks->allowed >> k & 1) != 0 && ks->keys[k].type != SIM_TYPE_OP) {
            sim_suggest_try(&sg, ks->keys[k].name);
            sim__text_put(&t, "%s%s", t.len > 0 ? ", " : "", ks->keys[k].name);
        }
    }
    sim__quote(key, false, name, sizeof(name));
    if (sg.found != NULL) {
        return sim__fail(ld, SIM_ESCHEMA, key_at, p, "unknown key '%s'%s", name,
                         sim__did_you_mean(&sg, "", hint, sizeof(hint)));
    }
    return sim__fail(ld, SIM_ESCHEMA, key_at, p, "unknown key '%s'; %s takes %s", name, ks->what,
                     list);
}

bool sim__duplicate_key(struct loader *ld, uint32_t key_at, uint32_t first_at, struct place p)
{
    char name[QUOTED_SIZE];
    uint32_t line;
    uint32_t col;
    sim__locate(ld, ld->doc.pos[first_at].offset, &line, &col);
    return sim__fail(ld, SIM_ESCHEMA, key_at, p, "duplicate key '%s' (first at line %u, column %u)",
                     sim__quote(sim__key_text(ld, key_at), false, name, sizeof(name)), line, col);
}

bool sim__collect(struct loader *ld, uint32_t obj, const struct keyset *ks, struct place p,
                  struct slots *out)
{
    for (uint32_t k = 0; k < ks->count; k++) {
        out->val[k] = SIM_NONE;
    }
    uint32_t end = sim__json_next(&ld->doc, obj);
    for (uint32_t key = obj + 1; key < end; key = sim__json_next(&ld->doc, key + 1)) {
        uint32_t k = key_index(ld, ks, key);
        if (k == SIM_NONE) {
            return unknown_key(ld, key, ks, p);
        }
        if (out->val[k] != SIM_NONE) {
            return sim__duplicate_key(ld, key, out->key_at[k], p);
        }
        out->val[k] = key + 1;
        out->key_at[k] = key;
    }
    return true;
}

bool sim__collect_object(struct loader *ld, uint32_t v, const struct keyset *ks, struct place p,
                         struct slots *out)
{
    if (sim__json_kind(&ld->doc, v) != JSON_OBJECT) {
        return sim__expected(ld, v, p, "an object");
    }
    return sim__collect(ld, v, ks, p, out);
}

bool sim__read_present(struct loader *ld, const struct keyset *ks, const struct slots *sl,
                       struct place parent, void *base)
{
    for (uint32_t k = 0; k < ks->count; k++) {
        const struct sim_key_info *key = &ks->keys[k];
        if (sl->val[k] != SIM_NONE &&
            !sim__read_value(ld, key, sl->val[k], key_place(parent, key->name), base)) {
            return false;
        }
    }
    return true;
}

bool sim__require(struct loader *ld, uint32_t obj, const struct keyset *ks, const struct slots *sl,
                  uint64_t required, struct place p)
{
    for (uint32_t k = 0; k < ks->count; k++) {
        if ((required >> k & 1) != 0 && sl->val[k] == SIM_NONE) {
            return sim__fail(ld, SIM_ESCHEMA, obj, p, "missing key '%s'", ks->keys[k].name);
        }
    }
    return true;
}

/* ---- Values of each type ----------------------------------------------------------------- */

uint32_t sim__item_count(const struct loader *ld, uint32_t arr)
{
    uint32_t n = 0;
    uint32_t end = sim__json_next(&ld->doc, arr);
    for (uint32_t k = arr + 1; k < end; k = sim__json_next(&ld->doc, k)) {
        n++;
    }
    return n;
}

char *sim__arena_string(struct loader *ld, uint32_t at)
{
    /* Decoded straight into the program: a string is never longer than its JSON. */
    size_t size = sim__json_raw_length(&ld->doc, at) + 1;
    char *s = sim__arena_alloc(&ld->box->arena, size, 1);
    if (s == NULL) {
        sim__nomem(ld);
        return NULL;
    }
    sim__json_decode(&ld->doc, at, s, size);
    return s;
}

bool sim__read_string(struct loader *ld, uint32_t v, struct place p, const char **out)
{
    if (sim__json_kind(&ld->doc, v) != JSON_STRING) {
        return sim__expected(ld, v, p, "a string");
    }
    *out = sim__arena_string(ld, v);
    return *out != NULL;
}

static bool read_bool(struct loader *ld, uint32_t v, struct place p, bool *out)
{
    enum json_kind kind = sim__json_kind(&ld->doc, v);
    if (kind != JSON_TRUE && kind != JSON_FALSE) {
        return sim__expected(ld, v, p, "true or false");
    }
    *out = kind == JSON_TRUE;
    return true;
}

static bool read_number(struct loader *ld, uint32_t v, struct place p, double *out)
{
    if (sim__json_kind(&ld->doc, v) != JSON_NUMBER) {
        return sim__expected(ld, v, p, "a number");
    }
    double d = sim__json_number(&ld->doc, v);
    if (!isfinite(d)) {
        char got[QUOTED_SIZE];
        return sim__fail(ld, SIM_ELIMIT, v, p, "number out of range: %s",
                         sim__describe(ld, v, got, sizeof(got)));
    }
    *out = d;
    return true;
}

/* A whole number in the key's range; past its max (when it has limit_of), the loader's limit. */
static bool read_count(struct loader *ld, uint32_t v, struct place p, const struct sim_key_info *k,
                       int64_t *out)
{
    double d;
    char got[QUOTED_SIZE];
    if (!read_number(ld, v, p, &d)) {
        return false;
    }
    if (d != floor(d)) {
        return sim__expected(ld, v, p, "a whole number");
    }
    if (d > k->max && k->limit_of != NULL && d >= k->min) {
        return sim__fail(ld, SIM_ELIMIT, v, p,
                         "expected at most %.0f (the loader's limit for %s), got %s", k->max,
                         k->limit_of, sim__describe(ld, v, got, sizeof(got)));
    }
    if (d < k->min || d > k->max) {
        return sim__fail(ld, SIM_ESCHEMA, v, p, "expected a whole number from %.0f to %.0f, got %s",
                         k->min, k->max, sim__describe(ld, v, got, sizeof(got)));
    }
    *out = (int64_t)d;
    return true;
}

/* A duration in milliseconds (`ms`, `*_ms`), kept in nanoseconds rounded to the nearest. */
static bool read_duration(struct loader *ld, uint32_t v, struct place p, uint64_t *ns)
{
    double ms;
    char got[QUOTED_SIZE];
    if (!read_number(ld, v, p, &ms)) {
        return false;
    }
    if (ms < 0) {
        return sim__fail(ld, SIM_ESCHEMA, v, p, "expected a duration in ms (a number >= 0), got %s",
                         sim__describe(ld, v, got, sizeof(got)));
    }
    if (ms > SIM_MAX_DURATION_MS) {
        return sim__fail(ld, SIM_ELIMIT, v, p,
                         "expected at most %.0f ms (the loader's limit for durations, "
                         "about 31 years), got %s",
                         SIM_MAX_DURATION_MS, sim__describe(ld, v, got, sizeof(got)));
    }
    *ns = (uint64_t)llround(ms * 1e6);
    return true;
}

/* An array of durations (listen's `connections`), into the arena. */
static bool read_durations(struct loader *ld, uint32_t v, struct place p, const uint64_t **out,
                           uint32_t *count)
{
    if (sim__json_kind(&ld->doc, v) != JSON_ARRAY) {
        return sim__expected(ld, v, p, "an array of times in ms");
    }
    uint32_t n = sim__item_count(ld, v);
    uint64_t *ns = sim__arena_alloc(&ld->box->arena, (size_t)n * sizeof(*ns) + 1, sizeof(*ns));
    if (ns == NULL) {
        return sim__nomem(ld);
    }
    uint32_t k = 0;
    uint32_t end = sim__json_next(&ld->doc, v);
    for (uint32_t item = v + 1; item < end; item = sim__json_next(&ld->doc, item), k++) {
        if (!read_duration(ld, item, item_of(p, k), &ns[k])) {
            return false;
        }
    }
    *out = ns;
    *count = n;
    return true;
}

/* Which of the key's '|'-separated choices the string at v is, or SIM_NONE. */
static uint32_t choice_index(const struct loader *ld, uint32_t v, const char *choices)
{
    char word[32];
    uint32_t i = 0;
    for (const char *c = choices; *c != '\0'; i++) {
        size_t n = strcspn(c, "|");
        snprintf(word, sizeof(word), "%.*s", (int)n, c);
        if (sim__json_string_is(&ld->doc, v, word)) {
            return i;
        }
        c += n + (c[n] == '|');
    }
    return SIM_NONE;
}

/* "\"a\" or \"b\"" (or "\"a\", \"b\" or \"c\"") for the key's choices. */
static const char *choice_words(const char *choices, char *buf, size_t size)
{
    struct text t = {buf, size, 0};
    buf[0] = '\0';
    for (const char *c = choices; *c != '\0';) {
        size_t n = strcspn(c, "|");
        const char *sep = t.len == 0 ? "" : c[n] == '\0' ? " or " : ", ";
        sim__text_put(&t, "%s\"%.*s\"", sep, (int)n, c);
        c += n + (c[n] == '|');
    }
    return buf;
}

/* One of a few fixed strings; *index is which. */
static bool read_choice(struct loader *ld, uint32_t v, struct place p, const char *choices,
                        uint32_t *index)
{
    if (sim__json_kind(&ld->doc, v) == JSON_STRING) {
        *index = choice_index(ld, v, choices);
        if (*index != SIM_NONE) {
            return true;
        }
    }
    char what[96];
    return sim__expected(ld, v, p, choice_words(choices, what, sizeof(what)));
}

/* `node`: the semantics profile; only the key's choices are simulated. */
static bool read_profile(struct loader *ld, uint32_t v, struct place p, const char *choices)
{
    char what[96];
    if (sim__json_kind(&ld->doc, v) != JSON_STRING) {
        char such[112];
        snprintf(such, sizeof(such), "a string such as %s", choice_words(choices, what, 96));
        return sim__expected(ld, v, p, such);
    }
    if (choice_index(ld, v, choices) == SIM_NONE) {
        char got[QUOTED_SIZE];
        return sim__fail(ld, SIM_ESCHEMA, v, p, "unsupported node profile %s; supported: %s",
                         sim__describe(ld, v, got, sizeof(got)),
                         choice_words(choices, what, sizeof(what)));
    }
    return true;
}

/* A repeat's `var`: a name for {VAR}, so not empty and without braces. */
static bool read_var(struct loader *ld, uint32_t v, struct place p, const char **out)
{
    if (sim__json_kind(&ld->doc, v) == JSON_STRING) {
        const char *s;
        if (!sim__read_string(ld, v, p, &s)) {
            return false;
        }
        if (s[0] != '\0' && strpbrk(s, "{}") == NULL) {
            *out = s;
            return true;
        }
    }
    return sim__expected(ld, v, p, "a counter name (a non-empty string without braces)");
}

/* A count's value in `width` bytes: the low bytes of the whole number, whatever its sign. */
static void store_count(char *dst, uint32_t width, int64_t n)
{
    if (width == sizeof(uint64_t)) {
        uint64_t u = (uint64_t)n;
        memcpy(dst, &u, sizeof(u));
    } else {
        uint32_t u = (uint32_t)n;
        memcpy(dst, &u, sizeof(u));
    }
}

/* config.limits: an object of the limit keys, each a count into the config. */
static bool read_limits(struct loader *ld, uint32_t v, void *base)
{
    const struct keyset ks = {"config.limits", sim_limit_key_table, SIM_LIMIT_COUNT,
                              (1u << SIM_LIMIT_COUNT) - 1};
    struct place p = at_path("config.limits", NULL);
    struct slots sl;
    return sim__collect_object(ld, v, &ks, p, &sl) && sim__read_present(ld, &ks, &sl, p, base);
}

/* The typed reader's flat switch over the types; every value lands at base + key->field. */
bool sim__read_value(struct loader *ld, const struct sim_key_info *key, uint32_t v, struct place p,
                     void *base)
{
    char *dst = (char *)base + key->field;
    int64_t n = 0;
    uint32_t index = 0;
    if (key->aux != 0 && key->type != SIM_TYPE_DURATIONS) {
        *(bool *)((char *)base + key->aux) = true; /* has_times, has_until */
    }
    switch (key->type) {
    case SIM_TYPE_STRING:
    case SIM_TYPE_LABEL:
    case SIM_TYPE_ID:
        return sim__read_string(ld, v, p, (const char **)dst);
    case SIM_TYPE_BOOL:
        return read_bool(ld, v, p, (bool *)dst);
    case SIM_TYPE_NUMBER:
        return read_number(ld, v, p, (double *)dst);
    case SIM_TYPE_DURATION:
        return read_duration(ld, v, p, (uint64_t *)dst);
    case SIM_TYPE_DURATIONS:
        return read_durations(ld, v, p, (const uint64_t **)dst,
                              (uint32_t *)((char *)base + key->aux));
    case SIM_TYPE_COUNT:
        if (!read_count(ld, v, p, key, &n)) {
            return false;
        }
        store_count(dst, key->width, n);
        return true;
    case SIM_TYPE_WORD:
        return read_choice(ld, v, p, key->choices, &index) &&
               sim__read_string(ld, v, p, (const char **)dst);
    case SIM_TYPE_CHOICE:
        if (!read_choice(ld, v, p, key->choices, &index)) {
            return false;
        }
        store_count(dst, key->width, index);
        return true;
    case SIM_TYPE_VAR:
        return read_var(ld, v, p, (const char **)dst);
    case SIM_TYPE_PROFILE:
        if (!read_profile(ld, v, p, key->choices)) {
            return false;
        }
        store_count(dst, key->width, choice_index(ld, v, key->choices));
        return true;
    case SIM_TYPE_LIMITS:
        return read_limits(ld, v, base);
    default:
        return true; /* an op, a body, the top level's: read where they are used */
    }
}

void sim__write_default(const struct sim_key_info *key, void *base)
{
    char *dst = (char *)base + key->field;
    switch (key->type) {
    case SIM_TYPE_COUNT:
    case SIM_TYPE_CHOICE:
    case SIM_TYPE_PROFILE:
        store_count(dst, key->width, (int64_t)key->def);
        break;
    case SIM_TYPE_DURATION:
        *(uint64_t *)dst = (uint64_t)llround(key->def * 1e6);
        break;
    default:
        break;
    }
}

bool sim__read_lines(struct loader *ld, uint32_t v, struct place p, const char *const **lines,
                     size_t *count)
{
    if (sim__json_kind(&ld->doc, v) != JSON_ARRAY) {
        return sim__expected(ld, v, p, "an array of strings");
    }
    uint32_t n = sim__item_count(ld, v);
    const char **out = sim__arena_alloc(&ld->box->arena, (n + 1) * sizeof(*out), sizeof(*out));
    if (out == NULL) {
        return sim__nomem(ld);
    }
    uint32_t k = 0;
    uint32_t end = sim__json_next(&ld->doc, v);
    for (uint32_t item = v + 1; item < end; item = sim__json_next(&ld->doc, item), k++) {
        if (!sim__read_string(ld, item, item_of(p, k), &out[k])) {
            return false;
        }
    }
    *lines = out;
    *count = n;
    return true;
}
