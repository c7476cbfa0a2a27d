/*
 * parse_primary.c - what an expression starts with: literals, templates, array and object
 * literals, function expressions and arrows, parentheses, import.meta (the rules `primary` to
 * `function` of the grammar at the top of parse.c). What JavaScript has and the subset has not
 * is refused here at its first token: classes, regular expressions, super, dynamic import.
 */
#include "parse.h"

/* ---- Functions ---------------------------------------------------------------------------- */

/*
 * The body of an arrow whose parameters were pushed since `mark`: FUNCTION with JS_F_ARROW,
 * at token t. body = "{" statements "}" | assignment.
 */
static uint32_t arrow_body(struct parser *p, const struct js_token *t, uint32_t mark, bool async)
{
    uint32_t n = sim__js_node(p, JS_NODE_FUNCTION, t);
    at(p, n)->flags = JS_F_ARROW | (async ? JS_F_ASYNC : 0);
    sim__js_list(p, n, mark);
    sim__js_advance(p); /* => */
    struct fn_context outer = p->fn;
    p->fn = (struct fn_context){true, async, 0, 0};
    uint32_t body = 0;
    if (check(p, JS_TOK_LBRACE)) {
        body = sim__js_function_body(p);
    } else {
        at(p, n)->flags |= JS_F_EXPR_BODY;
        body = sim__js_assignment(p);
    }
    p->fn = outer;
    at(p, n)->b = body;
    return sim__js_close(p, n);
}

/* Whether `=>` follows on the same line. */
static bool at_arrow(const struct parser *p)
{
    return check(p, JS_TOK_ARROW) && !p->cur.newline_before;
}

/* function = [ "async" ] "function" [ IDENT ] params body, from token t (function or async). */
static uint32_t function_expression(struct parser *p, const struct js_token *t, bool async)
{
    uint32_t n = sim__js_node(p, JS_NODE_FUNCTION, t);
    at(p, n)->flags = async ? JS_F_ASYNC : 0;
    sim__js_advance(p); /* function */
    sim__js_refuse_generator(p);
    if (check(p, JS_TOK_IDENT)) {
        uint32_t name = sim__js_ident(p, &p->cur);
        at(p, n)->a = name;
        sim__js_advance(p);
    }
    sim__js_function_rest(p, n, async);
    return sim__js_close(p, n);
}

/*
 * cover_list = ( assignment | "..." assignment ) { "," ... } [ "," ], pushed since `mark`.
 * *only_params is set to the first token only parameters may hold: `...`, a trailing comma, or
 * the `)` of an empty list.
 */
static void cover_list(struct parser *p, uint32_t mark, struct js_token *only_params)
{
    while (!check(p, JS_TOK_RPAREN) && !check(p, JS_TOK_EOF)) {
        if (check(p, JS_TOK_ELLIPSIS) && only_params->line == 0) {
            *only_params = p->cur;
        }
        bool rest = check(p, JS_TOK_ELLIPSIS);
        sim__js_push(p, rest ? sim__js_spread(p, true) : sim__js_assignment_cover(p));
        if (!sim__js_match(p, JS_TOK_COMMA)) {
            break;
        }
        if (check(p, JS_TOK_RPAREN) && only_params->line == 0) {
            *only_params = p->cur; /* (a,) */
        }
    }
    if (p->scratch_len == mark && only_params->line == 0) {
        *only_params = p->cur; /* () */
    }
}

/* The list pushed since `mark` read as what it is without `=>`: one expression or a SEQUENCE. */
static uint32_t grouping(struct parser *p, uint32_t mark, const struct js_token *only_params)
{
    if (only_params->line != 0) {
        sim__js_unexpected(p, only_params);
    }
    sim__js_cover_check(p);
    uint32_t count = p->scratch_len - mark;
    uint32_t n = count > 0 ? p->scratch[mark] : sim__js_missing(p);
    if (count > 1) {
        n = sim__js_node_from(p, JS_NODE_SEQUENCE, n);
        at(p, n)->end = at(p, p->scratch[p->scratch_len - 1])->end;
        sim__js_list(p, n, mark);
    }
    p->scratch_len = mark;
    return n;
}

/* "(" cover_list ")": a parenthesised expression, or an arrow's parameters when `=>` follows. */
static uint32_t parenthesized(struct parser *p)
{
    struct js_token open = p->cur;
    uint32_t line = p->cover_line;
    uint32_t col = p->cover_col;
    bool no_in = p->no_in;
    p->cover_line = 0;
    p->no_in = false;
    sim__js_advance(p);
    uint32_t mark = sim__js_mark(p);
    struct js_token only_params = {0};
    cover_list(p, mark, &only_params);
    bool closed = sim__js_expect(p, JS_TOK_RPAREN);
    p->no_in = no_in;
    uint32_t n = 0;
    if (closed && check(p, JS_TOK_ARROW)) {
        if (p->cur.newline_before) {
            sim__js_unexpected(p, &p->cur); /* no line break before =>, as V8 says */
        }
        sim__js_to_params(p, mark);
        p->cover_line = 0;
        n = arrow_body(p, &open, mark, false);
    } else {
        n = grouping(p, mark, &only_params);
    }
    p->cover_line = line; /* what was pending outside, if anything: this one is settled */
    p->cover_col = col;
    return n;
}

/* async ( arguments ) [ "=>" ... ]: a call of a function named async, or an async arrow. */
static uint32_t async_call_or_arrow(struct parser *p, const struct js_token *t)
{
    uint32_t callee = sim__js_ident(p, t);
    uint32_t line = p->cover_line;
    uint32_t col = p->cover_col;
    p->cover_line = 0;
    uint32_t mark = sim__js_mark(p);
    sim__js_arguments(p, true);
    uint32_t n = 0;
    if (at_arrow(p)) {
        sim__js_to_params(p, mark);
        p->cover_line = 0;
        n = arrow_body(p, t, mark, true);
    } else {
        sim__js_cover_check(p);
        n = sim__js_node_from(p, JS_NODE_CALL, callee);
        at(p, n)->a = callee;
        sim__js_list(p, n, mark);
        sim__js_close(p, n);
    }
    p->cover_line = line;
    p->cover_col = col;
    return n;
}

/* IDENT, or what starts with one: `x => ...`, `async function`, `async x => ...`, `async (`. */
static uint32_t identifier(struct parser *p)
{
    struct js_token t = p->cur;
    const struct js_token *next = sim__js_peek(p);
    bool async = sim__js_is_word(p, &t, "async") && !next->newline_before;
    if (async && next->kind == JS_TOK_FUNCTION) {
        sim__js_advance(p);
        return function_expression(p, &t, true);
    }
    sim__js_advance(p);
    if (async && check(p, JS_TOK_LPAREN)) {
        return async_call_or_arrow(p, &t);
    }
    uint32_t mark = sim__js_mark(p);
    if (async && check(p, JS_TOK_IDENT)) {
        sim__js_push(p, sim__js_ident(p, &p->cur));
        sim__js_advance(p);
        if (!at_arrow(p)) {
            sim__js_unexpected(p, &p->cur);
            p->scratch_len = mark;
            return sim__js_missing(p);
        }
        return arrow_body(p, &t, mark, true);
    }
    uint32_t n = sim__js_ident(p, &t);
    if (!at_arrow(p)) {
        return n;
    }
    sim__js_push(p, n);
    return arrow_body(p, &t, mark, false);
}

/* ---- Literals ----------------------------------------------------------------------------- */

uint32_t sim__js_number(struct parser *p, const struct js_token *t)
{
    uint32_t n = sim__js_node(p, JS_NODE_NUMBER, t);
    size_t len = t->end - t->start;
    char small[64];
    char *buf = len < sizeof(small) ? small : sim__arena_alloc(&p->arena, len + 1, 1);
    if (buf == NULL) {
        sim__js_out_of_memory(p);
        return n;
    }
    at(p, n)->num = sim__lex_number(p->lx.src + t->start, len, buf);
    return n;
}

/* template = TEMPLATE | TEMPLATE_HEAD expression { TEMPLATE_MIDDLE expression } TEMPLATE_TAIL */
static uint32_t template_literal(struct parser *p)
{
    struct js_token t = p->cur;
    uint32_t n = sim__js_node(p, JS_NODE_TEMPLATE, &t);
    uint32_t mark = sim__js_mark(p);
    sim__js_advance(p);
    bool tail = t.kind == JS_TOK_TEMPLATE;
    sim__js_push(p, sim__js_string_node(p, &t, 1, tail ? 1 : 2));
    while (!tail) {
        sim__js_push(p, sim__js_expression_in(p));
        struct js_token part = p->cur;
        if (part.kind != JS_TOK_TEMPLATE_MIDDLE && part.kind != JS_TOK_TEMPLATE_TAIL) {
            if (part.kind == JS_TOK_EOF) {
                sim__js_error(p, &part, "Unterminated template literal");
            } else {
                sim__js_unexpected(p, &part);
            }
            break;
        }
        sim__js_advance(p);
        tail = part.kind == JS_TOK_TEMPLATE_TAIL;
        sim__js_push(p, sim__js_string_node(p, &part, 1, tail ? 1 : 2));
    }
    sim__js_list(p, n, mark);
    return sim__js_close(p, n);
}

/* array = "[" [ [ "..." ] assignment { "," ... } [ "," ] ] "]" (holes refused) */
static uint32_t array_literal(struct parser *p)
{
    uint32_t n = sim__js_node(p, JS_NODE_ARRAY, &p->cur);
    bool no_in = p->no_in;
    p->no_in = false;
    sim__js_advance(p);
    uint32_t mark = sim__js_mark(p);
    while (!check(p, JS_TOK_RBRACKET) && !check(p, JS_TOK_EOF)) {
        if (check(p, JS_TOK_COMMA)) {
            sim__js_error(p, &p->cur, "array holes ([1, , 2]) are not supported; write "
                                      "undefined where the element is missing");
            sim__js_advance(p);
            continue;
        }
        bool rest = check(p, JS_TOK_ELLIPSIS);
        sim__js_push(p, rest ? sim__js_spread(p, true) : sim__js_assignment_cover(p));
        if (!sim__js_match(p, JS_TOK_COMMA)) {
            break;
        }
    }
    sim__js_list(p, n, mark);
    sim__js_expect(p, JS_TOK_RBRACKET);
    p->no_in = no_in;
    return sim__js_close(p, n);
}

uint32_t sim__js_property_key(struct parser *p, bool *computed)
{
    struct js_token t = p->cur;
    *computed = false;
    if (sim__js_match(p, JS_TOK_LBRACKET)) {
        *computed = true;
        uint32_t key = sim__js_assignment_in(p);
        sim__js_expect(p, JS_TOK_RBRACKET);
        return key;
    }
    if (check(p, JS_TOK_STRING)) {
        sim__js_advance(p);
        return sim__js_string_node(p, &t, 1, 1);
    }
    if (check(p, JS_TOK_NUMBER)) {
        sim__js_advance(p);
        return sim__js_number(p, &t);
    }
    if (sim__js_at_name(p)) {
        sim__js_advance(p);
        return sim__js_ident(p, &t);
    }
    sim__js_unexpected(p, &t);
    return sim__js_missing(p);
}

/* Whether the token after `get`, `set` or `async` starts a key: they are then a prefix. */
static bool key_follows(struct parser *p)
{
    const struct js_token *next = sim__js_peek(p);
    enum js_tok k = (enum js_tok)next->kind;
    return k == JS_TOK_IDENT || sim__lex_is_keyword(k) || k == JS_TOK_STRING ||
           k == JS_TOK_NUMBER || k == JS_TOK_LBRACKET || k == JS_TOK_STAR;
}

/* The prefixes of a property before its key: refused get, set and `*`; async methods. */
static uint16_t property_prefix(struct parser *p)
{
    uint16_t flags = 0;
    if ((sim__js_is_word(p, &p->cur, "get") || sim__js_is_word(p, &p->cur, "set")) &&
        key_follows(p)) {
        sim__js_error(p, &p->cur, "getters and setters are not supported; use a method "
                                  "(getX()) or a plain property");
        sim__js_advance(p);
    } else if (sim__js_is_word(p, &p->cur, "async") && key_follows(p) &&
               !sim__js_peek(p)->newline_before) {
        flags = JS_F_ASYNC;
        sim__js_advance(p);
    }
    if (check(p, JS_TOK_STAR)) {
        sim__js_error(p, &p->cur, "generators (*method) are not supported; return an array, "
                                  "or use an async method");
        sim__js_advance(p);
    }
    return flags;
}

/* The value of shorthand property `name` [ "=" assignment ] (the default only in patterns). */
static uint32_t shorthand(struct parser *p, const struct js_token *name)
{
    uint32_t value = sim__js_ident(p, name);
    if (!check(p, JS_TOK_ASSIGN)) {
        return value;
    }
    if (p->cover_line == 0) {
        p->cover_line = p->cur.line;
        p->cover_col = p->cur.col;
    }
    sim__js_advance(p);
    uint32_t n = sim__js_node_from(p, JS_NODE_DEFAULT, value);
    uint32_t init = sim__js_assignment_in(p);
    at(p, n)->a = value;
    at(p, n)->b = init;
    return sim__js_close(p, n);
}

/*
 * property = "..." assignment | key ":" assignment | [ "async" ] key params body
 *          | IDENT [ "=" assignment ]
 */
static uint32_t property(struct parser *p)
{
    if (check(p, JS_TOK_ELLIPSIS)) {
        return sim__js_spread(p, true);
    }
    uint32_t n = sim__js_node(p, JS_NODE_PROPERTY, &p->cur);
    uint16_t flags = property_prefix(p);
    struct js_token name = p->cur;
    bool computed = false;
    uint32_t key = sim__js_property_key(p, &computed);
    uint32_t value = JS_NONE;
    if (check(p, JS_TOK_LPAREN)) {
        flags |= JS_F_METHOD;
        value = sim__js_node(p, JS_NODE_FUNCTION, &name);
        at(p, value)->flags = flags & JS_F_ASYNC;
        sim__js_function_rest(p, value, (flags & JS_F_ASYNC) != 0);
        sim__js_close(p, value);
    } else if (flags & JS_F_ASYNC) {
        sim__js_unexpected(p, &p->cur);
    } else if (sim__js_match(p, JS_TOK_COLON)) {
        value = sim__js_assignment_cover(p);
    } else if (name.kind == JS_TOK_IDENT && !computed) {
        flags |= JS_F_SHORTHAND;
        value = shorthand(p, &name);
    } else {
        sim__js_unexpected(p, &p->cur);
    }
    at(p, n)->a = key;
    at(p, n)->b = value != JS_NONE ? value : sim__js_missing(p);
    at(p, n)->flags = flags | (computed ? JS_F_COMPUTED : 0);
    return sim__js_close(p, n);
}

/* object = "{" [ property { "," property } [ "," ] ] "}" */
static uint32_t object_literal(struct parser *p)
{
    uint32_t n = sim__js_node(p, JS_NODE_OBJECT, &p->cur);
    bool no_in = p->no_in;
    p->no_in = false;
    sim__js_advance(p);
    uint32_t mark = sim__js_mark(p);
    while (!check(p, JS_TOK_RBRACE) && !check(p, JS_TOK_EOF)) {
        sim__js_push(p, property(p));
        if (!sim__js_match(p, JS_TOK_COMMA)) {
            break;
        }
    }
    sim__js_list(p, n, mark);
    sim__js_expect(p, JS_TOK_RBRACE);
    p->no_in = no_in;
    return sim__js_close(p, n);
}

/* ---- Primary ------------------------------------------------------------------------------ */

/* "import" "." "meta"; import() is refused. */
static uint32_t import_meta(struct parser *p)
{
    struct js_token t = p->cur;
    sim__js_advance(p);
    if (check(p, JS_TOK_LPAREN)) {
        sim__js_error(p, &t, "dynamic import() is not supported; use an import declaration at "
                             "the top of the file");
        return sim__js_missing(p);
    }
    if (!sim__js_expect(p, JS_TOK_DOT)) {
        return sim__js_missing(p);
    }
    if (!sim__js_is_word(p, &p->cur, "meta")) {
        sim__js_unexpected(p, &p->cur);
        return sim__js_missing(p);
    }
    sim__js_advance(p);
    p->program_flags |= JS_F_MODULE;
    return sim__js_close(p, sim__js_node(p, JS_NODE_IMPORT_META, &t));
}

/* A literal made of the one token t: true, false, null, this. */
static uint32_t keyword_literal(struct parser *p, const struct js_token *t)
{
    static const uint8_t kinds[JS_TOK_COUNT] = {
        [JS_TOK_TRUE] = JS_NODE_BOOL,
        [JS_TOK_FALSE] = JS_NODE_BOOL,
        [JS_TOK_NULL] = JS_NODE_NULL_LIT,
        [JS_TOK_THIS] = JS_NODE_THIS,
    };
    sim__js_advance(p);
    uint32_t n = sim__js_node(p, (enum js_node_kind)kinds[t->kind], t);
    at(p, n)->op = t->kind == JS_TOK_TRUE;
    return n;
}

/* What the subset refuses where an expression starts. */
static uint32_t refused(struct parser *p)
{
    const struct js_token *t = &p->cur;
    if (t->kind == JS_TOK_CLASS) {
        sim__js_refuse_class(p);
    } else if (t->kind == JS_TOK_SUPER) {
        sim__js_error(p, t, "'super' is not supported: it belongs to classes; call the other "
                            "function directly");
    } else if (t->kind == JS_TOK_SLASH || t->kind == JS_TOK_SLASH_ASSIGN) {
        sim__js_error(p, t, "regular expressions are not supported; use string methods such "
                            "as includes, indexOf, split or replaceAll");
    } else {
        sim__js_unexpected(p, t);
    }
    return sim__js_missing(p);
}

uint32_t sim__js_primary(struct parser *p)
{
    struct js_token t = p->cur;
    switch (t.kind) {
    case JS_TOK_IDENT:
        return identifier(p);
    case JS_TOK_NUMBER:
        sim__js_advance(p);
        return sim__js_number(p, &t);
    case JS_TOK_STRING:
        sim__js_advance(p);
        return sim__js_string_node(p, &t, 1, 1);
    case JS_TOK_TEMPLATE:
    case JS_TOK_TEMPLATE_HEAD:
        return template_literal(p);
    case JS_TOK_TRUE:
    case JS_TOK_FALSE:
    case JS_TOK_NULL:
    case JS_TOK_THIS:
        return keyword_literal(p, &t);
    case JS_TOK_LBRACKET:
        return array_literal(p);
    case JS_TOK_LBRACE:
        return object_literal(p);
    case JS_TOK_LPAREN:
        return parenthesized(p);
    case JS_TOK_FUNCTION:
        return function_expression(p, &t, false);
    case JS_TOK_IMPORT:
        return import_meta(p);
    default:
        return refused(p);
    }
}
