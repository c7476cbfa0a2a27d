/*
 * dump.c - a tree as text, for tests and `loopsim dump --ast`, and the names of node kinds and
 * operators (ast.h's tables).
 *
 * One S-expression per node: "(" NAME FLAGS FIELDS CHILDREN ")", separated by single spaces.
 *   NAME      the kind's name of JS_NODE_MAP: program, var, binary, ...
 *   FLAGS     a word per JS_F_* bit set, in bit order: module async arrow expr-body computed
 *             optional shorthand method prefix default top-await
 *   FIELDS    what the kind carries besides children: an operator's spelling of JS_OP_MAP
 *             (binary +, unary -u, update ++, assign +=), var|let|const, an import-spec's
 *             default|named|namespace, true|false, an identifier's name as it is, a string
 *             quoted with JSON's escapes (\u0000 for other controls and for a lone surrogate),
 *             a number as JavaScript prints it (String(n): 10, 0.5, 1e+21, Infinity)
 *   CHILDREN  in the order ast.h gives them; a list inline when it comes last, in [ ] when
 *             children follow it (a function's parameters, before its body); an absent child
 *             is "-" when something follows it, and left out at the end.
 * For example `a + b * 2;` is
 *     (program (expr (binary + (ident a) (binary * (ident b) (number 2)))))
 * and `const f = async (x = 1) => x;` is
 *     (program (var const (declarator (ident f) (function async arrow expr-body -
 *      [(default (ident x) (number 1))] (ident x)))))        (on one line)
 */
#include "js/ast.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper trees than this (the parser makes none) are cut short with "...". */
#define DUMP_MAX_DEPTH (4u * JS_MAX_DEPTH + 16u)

static const char *const node_names[JS_NODE_COUNT] = {
#define X(e, name, what) name,
    JS_NODE_MAP(X)
#undef X
};

static const char *const op_spellings[JS_OP_COUNT] = {
#define X(e, spelling) spelling,
    JS_OP_MAP(X)
#undef X
};

const char *sim__js_node_name(enum js_node_kind kind)
{
    return (unsigned)kind < JS_NODE_COUNT ? node_names[kind] : "?";
}

const char *sim__js_op_spelling(enum js_op op)
{
    return (unsigned)op < JS_OP_COUNT ? op_spellings[op] : "?";
}

/*
 * What each kind prints after its flags, in order: a, b, c, d its children; l its list; o its
 * operator; D var|let|const; I the import's kind; B true|false; n its name; s its string
 * quoted; N its number.
 */
static const char *const layouts[JS_NODE_COUNT] = {
    [JS_NODE_PROGRAM] = "l",       [JS_NODE_VAR] = "Dl",         [JS_NODE_DECLARATOR] = "ab",
    [JS_NODE_FUNCTION_DECL] = "alb", [JS_NODE_EXPR_STMT] = "a",  [JS_NODE_BLOCK] = "l",
    [JS_NODE_EMPTY] = "",          [JS_NODE_IF] = "abc",         [JS_NODE_FOR] = "abcd",
    [JS_NODE_FOR_OF] = "abc",      [JS_NODE_WHILE] = "ab",       [JS_NODE_DO_WHILE] = "ab",
    [JS_NODE_BREAK] = "",          [JS_NODE_CONTINUE] = "",      [JS_NODE_RETURN] = "a",
    [JS_NODE_THROW] = "a",         [JS_NODE_TRY] = "abcd",       [JS_NODE_SWITCH] = "al",
    [JS_NODE_CASE] = "al",         [JS_NODE_IMPORT] = "sl",      [JS_NODE_IMPORT_SPEC] = "Isa",
    [JS_NODE_EXPORT] = "al",       [JS_NODE_EXPORT_SPEC] = "as", [JS_NODE_NUMBER] = "N",
    [JS_NODE_STRING] = "s",        [JS_NODE_TEMPLATE] = "l",     [JS_NODE_IDENT] = "n",
    [JS_NODE_BOOL] = "B",          [JS_NODE_NULL_LIT] = "",      [JS_NODE_THIS] = "",
    [JS_NODE_ARRAY] = "l",         [JS_NODE_OBJECT] = "l",       [JS_NODE_PROPERTY] = "ab",
    [JS_NODE_FUNCTION] = "alb",    [JS_NODE_UNARY] = "oa",       [JS_NODE_UPDATE] = "oa",
    [JS_NODE_BINARY] = "oab",      [JS_NODE_LOGICAL] = "oab",    [JS_NODE_ASSIGN] = "oab",
    [JS_NODE_CONDITIONAL] = "abc", [JS_NODE_CALL] = "al",        [JS_NODE_NEW] = "al",
    [JS_NODE_MEMBER] = "ab",       [JS_NODE_CHAIN] = "a",        [JS_NODE_SEQUENCE] = "l",
    [JS_NODE_AWAIT] = "a",         [JS_NODE_SPREAD] = "a",       [JS_NODE_IMPORT_META] = "",
    [JS_NODE_OBJECT_PATTERN] = "l", [JS_NODE_ARRAY_PATTERN] = "l", [JS_NODE_DEFAULT] = "ab",
    [JS_NODE_REST] = "a",
};

/* The words of the flags, bit by bit. */
static const char *const flag_words[] = {
    "module", "async",   "arrow",  "expr-body", "computed",  "optional",
    "shorthand", "method", "prefix", "default", "top-await",
};

/* Where the text goes: at most size - 1 bytes and a NUL; len counts all it would take. */
struct out {
    char *buf;
    size_t size;
    size_t len;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (o->len < o->size) {
        size_t room = o->size - 1 - o->len;
        memcpy(o->buf + o->len, s, n < room ? n : room);
        o->buf[o->len + (n < room ? n : room)] = '\0';
    }
    o->len += n;
}

static void put_str(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

/* Writes the k digits d with the point after the n-th: 123e-1, 0.05, 1e+21 as JS does. */
static void put_digits(struct out *o, const char *d, int k, int n)
{
    char e[16];
    if (k <= n && n <= 21) {
        put(o, d, (size_t)k);
        for (int i = k; i < n; i++) {
            put(o, "0", 1);
        }
    } else if (0 < n && n <= 21) {
        put(o, d, (size_t)n);
        put(o, ".", 1);
        put(o, d + n, (size_t)(k - n));
    } else if (-6 < n && n <= 0) {
        put(o, "0.", 2);
        for (int i = n; i < 0; i++) {
            put(o, "0", 1);
        }
        put(o, d, (size_t)k);
    } else {
        put(o, d, 1);
        if (k > 1) {
            put(o, ".", 1);
            put(o, d + 1, (size_t)(k - 1));
        }
        snprintf(e, sizeof(e), "e%+d", n - 1);
        put_str(o, e);
    }
}

/*
 * A number as JavaScript's String(n) writes it (ECMA-262 Number::toString): the fewest digits
 * that read back as the same double, in decimal notation from 1e-7 to 1e21, else with an
 * exponent; a '.' whatever the locale.
 */
static void put_number(struct out *o, double v)
{
    if (isinf(v) || isnan(v)) {
        put_str(o, isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
        return;
    }
    if (v == 0) {
        put_str(o, "0");
        return;
    }
    char text[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(text, sizeof(text), "%.*e", prec - 1, v);
        if (strtod(text, NULL) == v) {
            break;
        }
    }
    /* text is [-]D[.DDD]e±XX: its digits, and where the point goes (n digits before it). */
    char digits[24];
    size_t k = 0;
    const char *s = text;
    if (*s == '-') {
        put(o, "-", 1);
        s++;
    }
    for (; *s != 'e' && *s != '\0'; s++) {
        if (*s >= '0' && *s <= '9' && k < sizeof(digits) - 1) {
            digits[k++] = *s;
        }
    }
    int n = (*s == 'e' ? atoi(s + 1) : 0) + 1;
    put_digits(o, digits, (int)k, n);
}

/* A string quoted: JSON's escapes, \u00XX for other controls, \uDXXX for a lone surrogate. */
static void put_quoted(struct out *o, const struct js_string *s)
{
    static const char from[] = "\"\\\n\t\r\b\f";
    static const char to[] = "\"\\ntrbf";
    const unsigned char *b = (const unsigned char *)s->bytes;
    char esc[8];
    put(o, "\"", 1);
    for (uint32_t i = 0; i < s->len; i++) {
        const char *k = b[i] != 0 ? strchr(from, b[i]) : NULL;
        if (k != NULL) {
            char pair[2] = {'\\', to[k - from]};
            put(o, pair, 2);
        } else if (b[i] < 0x20 || b[i] == 0x7F) {
            snprintf(esc, sizeof(esc), "\\u%04X", b[i]);
            put_str(o, esc);
        } else if (b[i] == 0xED && i + 2 < s->len && b[i + 1] >= 0xA0) {
            unsigned cp = 0xD000u | ((b[i + 1] & 0x3Fu) << 6) | (b[i + 2] & 0x3Fu);
            snprintf(esc, sizeof(esc), "\\u%04X", cp);
            put_str(o, esc);
            i += 2;
        } else {
            put(o, (const char *)b + i, 1);
        }
    }
    put(o, "\"", 1);
}

static void dump_node(struct out *o, const struct js_ast *ast, uint32_t n, uint32_t depth);

/* The children of x's list, separated by spaces. */
static void dump_list(struct out *o, const struct js_ast *ast, const struct js_node *x,
                      uint32_t depth)
{
    for (uint32_t i = 0; i < x->count; i++) {
        if (i > 0) {
            put(o, " ", 1);
        }
        dump_node(o, ast, ast->lists[x->list + i], depth + 1);
    }
}

/* Whether anything of layout l after position i prints: a present child or a list. */
static bool more_follows(const struct js_node *x, const char *l)
{
    for (; *l != '\0'; l++) {
        uint32_t child = *l == 'a' ? x->a : *l == 'b' ? x->b : *l == 'c' ? x->c : x->d;
        if ((*l == 'l' && x->count > 0) || (strchr("abcd", *l) && child != JS_NONE)) {
            return true;
        }
    }
    return false;
}

/* One field of a node's layout, after a space. */
static void dump_field(struct out *o, const struct js_ast *ast, const struct js_node *x,
                       const char *l, uint32_t depth)
{
    static const char *const decls[] = {"var", "let", "const"};
    static const char *const imports[] = {"default", "named", "namespace"};
    bool has_str = x->str < ast->string_count;
    switch (*l) {
    case 'o':
        put_str(o, sim__js_op_spelling((enum js_op)x->op));
        break;
    case 'D':
        put_str(o, x->op < 3 ? decls[x->op] : "?");
        break;
    case 'I':
        put_str(o, x->op < 3 ? imports[x->op] : "?");
        break;
    case 'B':
        put_str(o, x->op ? "true" : "false");
        break;
    case 'n':
        put_str(o, has_str ? ast->strings[x->str].bytes : "?");
        break;
    case 's':
        if (has_str) {
            put_quoted(o, &ast->strings[x->str]);
        } else {
            put_str(o, "-");
        }
        break;
    case 'N':
        put_number(o, x->num);
        break;
    case 'l':
        put(o, "[", l[1] != '\0');
        dump_list(o, ast, x, depth);
        put(o, "]", l[1] != '\0');
        break;
    default:
        dump_node(o, ast, *l == 'a' ? x->a : *l == 'b' ? x->b : *l == 'c' ? x->c : x->d,
                  depth + 1);
        break;
    }
}

/* Whether a field prints at all: an absent child or an empty last list at the end do not. */
static bool field_shows(const struct js_ast *ast, const struct js_node *x, const char *l)
{
    if (*l == 's' && x->str >= ast->string_count && x->kind == JS_NODE_IMPORT_SPEC) {
        return false; /* a default or namespace import names nothing */
    }
    if (*l == 'l') {
        return x->count > 0 || l[1] != '\0';
    }
    if (strchr("abcd", *l) != NULL) {
        uint32_t child = *l == 'a' ? x->a : *l == 'b' ? x->b : *l == 'c' ? x->c : x->d;
        return child != JS_NONE || more_follows(x, l + 1);
    }
    return true;
}

static void dump_node(struct out *o, const struct js_ast *ast, uint32_t n, uint32_t depth)
{
    if (n >= ast->node_count) {
        put_str(o, "-");
        return;
    }
    if (depth > DUMP_MAX_DEPTH) {
        put_str(o, "...");
        return;
    }
    const struct js_node *x = &ast->nodes[n];
    put(o, "(", 1);
    put_str(o, sim__js_node_name((enum js_node_kind)x->kind));
    for (size_t bit = 0; bit < sizeof(flag_words) / sizeof(flag_words[0]); bit++) {
        if (x->flags & (1u << bit)) {
            put(o, " ", 1);
            put_str(o, flag_words[bit]);
        }
    }
    const char *layout = x->kind < JS_NODE_COUNT && layouts[x->kind] ? layouts[x->kind] : "";
    for (const char *l = layout; *l != '\0'; l++) {
        if (field_shows(ast, x, l)) {
            put(o, " ", 1);
            dump_field(o, ast, x, l, depth);
        }
    }
    put(o, ")", 1);
}

size_t sim__js_dump(const struct js_ast *ast, uint32_t n, char *buf, size_t size)
{
    struct out o = {buf, size, 0};
    if (size > 0) {
        buf[0] = '\0';
    }
    if (ast == NULL) {
        put_str(&o, "-");
        return o.len;
    }
    dump_node(&o, ast, n, 0);
    return o.len;
}
