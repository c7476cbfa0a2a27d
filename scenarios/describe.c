/*
 * describe.c - the format described from its tables (sim/ops.h), for the build:
 *
 *     describe schema     scenarios/schema.json: the format as a JSON Schema (draft 2020-12)
 *     describe ops        the op table of docs/scenario-format.md (Markdown)
 *
 * The build writes both into build/scenarios/; tests/generated.sh fails when the committed
 * copies differ from them, and `ninja -C build update-format` copies them over (the docs' table
 * between its two markers). So a new op's row is the one place its keys, ranges and docs are
 * written.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

/* ---- A JSON writer: two-space indentation, as the committed schema is laid out ---------- */

struct json_out {
    int depth;
    bool first[32]; /* per open container: nothing written in it yet */
    bool after_key; /* a key was written: its value goes on the same line */
};

static void put_escaped(const char *s)
{
    putchar('"');
    for (; *s != '\0'; s++) {
        if (*s == '"' || *s == '\\') {
            printf("\\%c", *s);
        } else {
            putchar(*s);
        }
    }
    putchar('"');
}

/* Starts an element: the comma after the one before, then a new line at the depth. */
static void element(struct json_out *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth > 0) {
        printf("%s\n%*s", j->first[j->depth] ? "" : ",", j->depth * 2, "");
        j->first[j->depth] = false;
    }
}

static void open_with(struct json_out *j, char bracket)
{
    element(j);
    putchar(bracket);
    j->first[++j->depth] = true;
}

static void close_with(struct json_out *j, char bracket)
{
    bool empty = j->first[j->depth--];
    if (!empty) {
        printf("\n%*s", j->depth * 2, "");
    }
    putchar(bracket);
}

static void key(struct json_out *j, const char *name)
{
    element(j);
    put_escaped(name);
    fputs(": ", stdout);
    j->after_key = true;
}

static void string(struct json_out *j, const char *s)
{
    element(j);
    put_escaped(s);
}

/* A number as its shortest exact decimal: 4, 0.02, 1000000000000, -2147483648. */
static void number(struct json_out *j, double d)
{
    char buf[32];
    element(j);
    if (d == floor(d) && fabs(d) < 1e18) {
        printf("%.0f", d);
        return;
    }
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof(buf), "%.*g", digits, d);
        if (strtod(buf, NULL) == d) {
            break;
        }
    }
    fputs(buf, stdout);
}

/* true, false or null. */
static void literal(struct json_out *j, const char *word)
{
    element(j);
    fputs(word, stdout);
}

static void key_string(struct json_out *j, const char *k, const char *s)
{
    key(j, k);
    string(j, s);
}

static void key_ref(struct json_out *j, const char *def)
{
    char ref[64];
    snprintf(ref, sizeof(ref), "#/$defs/%s", def);
    key_string(j, "$ref", ref);
}

/* `"type": "array", "items": {"type": "string"}` */
static void strings_array(struct json_out *j)
{
    key_string(j, "type", "array");
    key(j, "items");
    open_with(j, '{');
    key_string(j, "type", "string");
    close_with(j, '}');
}

/* ---- The schema of one key, from its type ---------------------------------------------- */

/* The word at `index` of a '|'-separated list, into buf. */
static const char *choice(const char *choices, int index, char *buf, size_t size)
{
    for (; index > 0 && strchr(choices, '|') != NULL; index--) {
        choices = strchr(choices, '|') + 1;
    }
    snprintf(buf, size, "%.*s", (int)strcspn(choices, "|"), choices);
    return buf;
}

/* How many words a '|'-separated list holds. */
static int choice_count(const char *choices)
{
    int n = 1;
    for (; *choices != '\0'; choices++) {
        n += *choices == '|';
    }
    return n;
}

static void choices_enum(struct json_out *j, const struct sim_key_info *k)
{
    char word[64];
    key(j, "enum");
    open_with(j, '[');
    for (int i = 0; i < choice_count(k->choices); i++) {
        string(j, choice(k->choices, i, word, sizeof(word)));
    }
    close_with(j, ']');
    if (k->has_default) {
        key_string(j, "default", choice(k->choices, (int)k->def, word, sizeof(word)));
    }
}

static void key_schema(struct json_out *j, const struct sim_key_info *k);

/* An object of fixed keys, none required beyond `required`, nothing else allowed. */
static void keys_object(struct json_out *j, const struct sim_key_info *keys, size_t count)
{
    key_string(j, "type", "object");
    key(j, "additionalProperties");
    literal(j, "false");
    key(j, "properties");
    open_with(j, '{');
    for (size_t i = 0; i < count; i++) {
        key(j, keys[i].name);
        key_schema(j, &keys[i]);
    }
    close_with(j, '}');
}

/* What a value of the key's type is, as schema keywords (a flat switch over the types). */
static void type_schema(struct json_out *j, const struct sim_key_info *k)
{
    switch (k->type) {
    case SIM_TYPE_BODY:
        key_ref(j, "body");
        break;
    case SIM_TYPE_LABEL:
        key_ref(j, "label");
        break;
    case SIM_TYPE_ID:
        key_ref(j, "id");
        break;
    case SIM_TYPE_DURATION:
        key_ref(j, "duration");
        break;
    case SIM_TYPE_CONFIG:
        key_ref(j, "config");
        break;
    case SIM_TYPE_STRING:
        key_string(j, "type", "string");
        break;
    case SIM_TYPE_VAR:
        key_string(j, "type", "string");
        key_string(j, "pattern", "^[^{}]+$");
        break;
    case SIM_TYPE_BOOL:
        key_string(j, "type", "boolean");
        break;
    case SIM_TYPE_NUMBER:
        key_string(j, "type", "number");
        break;
    case SIM_TYPE_COUNT:
        key_string(j, "type", "integer");
        key(j, "minimum");
        number(j, k->min);
        key(j, "maximum");
        number(j, k->max);
        break;
    case SIM_TYPE_WORD:
    case SIM_TYPE_CHOICE:
    case SIM_TYPE_PROFILE:
        choices_enum(j, k);
        break;
    case SIM_TYPE_DURATIONS:
        key_string(j, "type", "array");
        key(j, "items");
        open_with(j, '{');
        key_ref(j, "duration");
        close_with(j, '}');
        break;
    case SIM_TYPE_LIMITS:
        keys_object(j, sim_limit_key_table, SIM_LIMIT_COUNT);
        break;
    case SIM_TYPE_VERSION:
        key(j, "const");
        number(j, 1);
        break;
    case SIM_TYPE_FUNCTIONS:
        key_string(j, "type", "object");
        key(j, "additionalProperties");
        open_with(j, '{');
        key_ref(j, "body");
        close_with(j, '}');
        break;
    case SIM_TYPE_LINES:
        strings_array(j);
        break;
    case SIM_TYPE_LINE_SETS:
        key_string(j, "type", "array");
        key(j, "items");
        open_with(j, '{');
        strings_array(j);
        close_with(j, '}');
        break;
    case SIM_TYPE_OP:
        break;
    }
}

static void key_schema(struct json_out *j, const struct sim_key_info *k)
{
    open_with(j, '{');
    type_schema(j, k);
    bool numeric = k->type == SIM_TYPE_COUNT || k->type == SIM_TYPE_DURATION;
    if (k->has_default && numeric) {
        key(j, "default");
        number(j, k->def);
    }
    if (k->about != NULL) {
        key_string(j, "description", k->about);
    }
    close_with(j, '}');
}

/* ---- The schema ------------------------------------------------------------------------ */

/* `"if": {op is NAME}, "then": {its keys}` for one op. */
static void op_schema(struct json_out *j, const struct sim_op_info *op)
{
    open_with(j, '{');
    key(j, "if");
    open_with(j, '{');
    key(j, "properties");
    open_with(j, '{');
    key(j, "op");
    open_with(j, '{');
    key_string(j, "const", op->name);
    close_with(j, '}');
    close_with(j, '}');
    key(j, "required");
    open_with(j, '[');
    string(j, "op");
    close_with(j, ']');
    close_with(j, '}');
    key(j, "then");
    open_with(j, '{');
    key(j, "properties");
    open_with(j, '{');
    for (int k = 0; k < SIM_KEY_COUNT; k++) {
        if ((op->keys >> k & 1) != 0 || k == SIM_KEY_OP) {
            key(j, sim_key_table[k].name);
            if (k == SIM_KEY_OP) {
                open_with(j, '{');
                key_string(j, "const", op->name);
                close_with(j, '}');
            } else {
                key_schema(j, &sim_key_table[k]);
            }
        }
    }
    close_with(j, '}');
    key(j, "required");
    open_with(j, '[');
    string(j, "op");
    for (int k = 0; k < SIM_KEY_COUNT; k++) {
        if ((op->required >> k & 1) != 0) {
            string(j, sim_key_table[k].name);
        }
    }
    close_with(j, ']');
    key(j, "additionalProperties");
    literal(j, "false");
    close_with(j, '}');
    close_with(j, '}');
}

/* $defs.op: an object with a known "op", then the keys of that op. */
static void ops_schema(struct json_out *j)
{
    open_with(j, '{');
    key_string(j, "type", "object");
    key(j, "required");
    open_with(j, '[');
    string(j, "op");
    close_with(j, ']');
    key(j, "properties");
    open_with(j, '{');
    key(j, "op");
    open_with(j, '{');
    key(j, "enum");
    open_with(j, '[');
    for (int op = 0; op < SIM_OP_COUNT; op++) {
        string(j, sim_op_table[op].name);
    }
    close_with(j, ']');
    close_with(j, '}');
    close_with(j, '}');
    key(j, "allOf");
    open_with(j, '[');
    for (int op = 0; op < SIM_OP_COUNT; op++) {
        op_schema(j, &sim_op_table[op]);
    }
    close_with(j, ']');
    close_with(j, '}');
}

/* $defs.body and $defs.statement: what a body and a statement may be. */
static void body_and_statement_defs(struct json_out *j)
{
    key(j, "body");
    open_with(j, '{');
    key_string(j, "description", "an array of statements, or \"@name\" naming a function");
    key(j, "oneOf");
    open_with(j, '[');
    open_with(j, '{');
    key_string(j, "type", "array");
    key(j, "items");
    open_with(j, '{');
    key_ref(j, "statement");
    close_with(j, '}');
    close_with(j, '}');
    open_with(j, '{');
    key_string(j, "type", "string");
    key_string(j, "pattern", "^@");
    close_with(j, '}');
    close_with(j, ']');
    close_with(j, '}');
    key(j, "statement");
    open_with(j, '{');
    key_string(j, "description", "a string (console.log of it) or an object with \"op\"");
    key(j, "oneOf");
    open_with(j, '[');
    open_with(j, '{');
    key_string(j, "type", "string");
    close_with(j, '}');
    open_with(j, '{');
    key_ref(j, "op");
    close_with(j, '}');
    close_with(j, ']');
    close_with(j, '}');
}

/* $defs: the types keys refer to, the statements, and config. */
static void defs(struct json_out *j)
{
    key(j, "$defs");
    open_with(j, '{');
    key(j, "duration");
    open_with(j, '{');
    key_string(j, "type", "number");
    key(j, "minimum");
    number(j, 0);
    key(j, "maximum");
    number(j, SIM_MAX_DURATION_MS);
    key_string(j, "description", "virtual milliseconds, fractional allowed");
    close_with(j, '}');
    key(j, "label");
    open_with(j, '{');
    key_string(j, "type", "string");
    key_string(j, "description",
               "the callback's name in traces (default: op#ordinal); {VAR} is filled at run time");
    close_with(j, '}');
    key(j, "id");
    open_with(j, '{');
    key_string(j, "type", "string");
    key_string(j, "description", "a handle name; {VAR} is filled at run time");
    close_with(j, '}');
    body_and_statement_defs(j);
    key(j, "op");
    ops_schema(j);
    key(j, "config");
    open_with(j, '{');
    keys_object(j, sim_config_key_table, SIM_CONFIG_COUNT);
    close_with(j, '}');
    close_with(j, '}');
}

static void schema(void)
{
    struct json_out j = {0};
    open_with(&j, '{');
    key_string(&j, "$schema", "https://json-schema.org/draft/2020-12/schema");
    key_string(&j, "$id", "https://github.com/loopsim/loopsim/scenarios/schema.json");
    key_string(&j, "title", "loopsim scenario, format version 1");
    key_string(&j, "description",
               "A loopsim scenario (docs/scenario-format.md), generated from the tables of "
               "sim/ops.h by scenarios/describe.c. The loader checks more than a schema can: every "
               "\"@name\" names a function, every id used by clear*/ref/unref/refresh/close/"
               "server.close is carried by some statement, socket.* ops stand only in connection "
               "bodies, and the documented limits (nesting, expansion).");
    key(&j, "required");
    open_with(&j, '[');
    for (int k = 0; k < SIM_TOP_COUNT; k++) {
        if (sim_top_key_table[k].required) {
            string(&j, sim_top_key_table[k].name);
        }
    }
    close_with(&j, ']');
    keys_object(&j, sim_top_key_table, SIM_TOP_COUNT);
    defs(&j);
    close_with(&j, '}');
    putchar('\n');
}

/* ---- The docs' op table ---------------------------------------------------------------- */

/* " (`"a"`, `"b"` or `"c"`)": the words a WORD key takes. Returns the length written. */
static size_t choices_cell(const char *choices, char *buf, size_t size)
{
    char word[64];
    int count = choice_count(choices);
    size_t n = (size_t)snprintf(buf, size, " (");
    for (int i = 0; i < count; i++) {
        const char *sep = i == 0 ? "" : i + 1 == count ? " or " : ", ";
        n += (size_t)snprintf(buf + n, size - n, "%s`\"%s\"`", sep,
                              choice(choices, i, word, sizeof(word)));
    }
    return n + (size_t)snprintf(buf + n, size - n, ")");
}

/* The keys cell: the op's own keys (required first, `?` on optional ones), then `do`. */
static void keys_cell(const struct sim_op_info *op, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < SIM_KEY_COUNT; k++) {
            bool required = (op->required >> k & 1) != 0;
            bool own = (op->keys >> k & 1) != 0 && ((SIM_SCHEDULES >> k & 1) == 0 || required);
            if (!own || required != (pass == 0)) {
                continue;
            }
            const struct sim_key_info *key = &sim_key_table[k];
            n += (size_t)snprintf(buf + n, size - n, "%s`%s`", n > 0 ? ", " : "", key->name);
            if (key->type == SIM_TYPE_WORD) {
                n += choices_cell(key->choices, buf + n, size - n);
            }
            n += (size_t)snprintf(buf + n, size - n, "%s", required ? "" : "?");
        }
    }
    if ((op->keys & SIM_K(DO)) != 0) {
        snprintf(buf + n, size - n, "%s`do`", n > 0 ? ", " : "");
    }
}

/* Do ops a and b read the same in every column but the name (one row of the table)? */
static bool same_row(const struct sim_op_info *a, const struct sim_op_info *b)
{
    char ka[256];
    char kb[256];
    keys_cell(a, ka, sizeof(ka));
    keys_cell(b, kb, sizeof(kb));
    return strcmp(ka, kb) == 0 && strcmp(a->doc, b->doc) == 0 && strcmp(a->where, b->where) == 0;
}

static void op_table(void)
{
    char keys[256];
    puts("| op | keys | Node.js it stands for | where the callback runs |");
    puts("|---|---|---|---|");
    for (int op = 0; op < SIM_OP_COUNT;) {
        int last = op;
        while (last + 1 < SIM_OP_COUNT && same_row(&sim_op_table[op], &sim_op_table[last + 1])) {
            last++;
        }
        fputs("| ", stdout);
        for (int k = op; k <= last; k++) {
            printf("%s`%s`", k > op ? ", " : "", sim_op_table[k].name);
        }
        keys_cell(&sim_op_table[op], keys, sizeof(keys));
        printf(" | %s | %s | %s |\n", keys, sim_op_table[op].doc, sim_op_table[op].where);
        op = last + 1;
    }
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "schema") == 0) {
        schema();
    } else if (argc == 2 && strcmp(argv[1], "ops") == 0) {
        op_table();
    } else {
        fprintf(stderr, "usage: %s schema|ops\n", argv[0]);
        return 2;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
