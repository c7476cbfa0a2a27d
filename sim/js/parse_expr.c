/*
 * parse_expr.c - expressions: the rules from `expression` to `function` of the grammar at the
 * top of parse.c, one function each; binary operators by precedence climbing over one table.
 *
 * Arrows are found without looking ahead: `(a, b = 1, ...c)` is read as an expression (the
 * cover), and when `=>` follows, parse_pattern.c reads it again as parameters. The same goes
 * for `[a, b] = ...` and `({ a = 1 } = ...)`: an object literal may then hold `a = 1`, which
 * is an error unless the literal becomes a pattern (p->cover_line remembers the first).
 */
#include "parse.h"

/* Binary operators: how tightly each binds (0: not one) and what it makes. */
struct binary_op {
    uint8_t prec;
    uint8_t op; /* enum js_op */
};

static const struct binary_op binary_ops[JS_TOK_COUNT] = {
    [JS_TOK_NULLISH] = {1, JS_OP_NULLISH}, /* never beside && or || without parentheses */
    [JS_TOK_OR] = {2, JS_OP_OR},
    [JS_TOK_AND] = {3, JS_OP_AND},
    [JS_TOK_PIPE] = {4, JS_OP_BITOR},
    [JS_TOK_CARET] = {5, JS_OP_BITXOR},
    [JS_TOK_AMP] = {6, JS_OP_BITAND},
    [JS_TOK_EQ] = {7, JS_OP_EQ},
    [JS_TOK_NE] = {7, JS_OP_NE},
    [JS_TOK_SEQ] = {7, JS_OP_SEQ},
    [JS_TOK_SNE] = {7, JS_OP_SNE},
    [JS_TOK_LT] = {8, JS_OP_LT},
    [JS_TOK_GT] = {8, JS_OP_GT},
    [JS_TOK_LE] = {8, JS_OP_LE},
    [JS_TOK_GE] = {8, JS_OP_GE},
    [JS_TOK_INSTANCEOF] = {8, JS_OP_INSTANCEOF},
    [JS_TOK_IN] = {8, JS_OP_IN},
    [JS_TOK_SHL] = {9, JS_OP_SHL},
    [JS_TOK_SHR] = {9, JS_OP_SHR},
    [JS_TOK_USHR] = {9, JS_OP_USHR},
    [JS_TOK_PLUS] = {10, JS_OP_ADD},
    [JS_TOK_MINUS] = {10, JS_OP_SUB},
    [JS_TOK_STAR] = {11, JS_OP_MUL},
    [JS_TOK_SLASH] = {11, JS_OP_DIV},
    [JS_TOK_PERCENT] = {11, JS_OP_MOD},
    [JS_TOK_STAR_STAR] = {12, JS_OP_EXP}, /* right-associative */
};

/* The prefix operators of `unary` that make a UNARY node. */
static const uint8_t unary_ops[JS_TOK_COUNT] = {
    [JS_TOK_BANG] = JS_OP_NOT,     [JS_TOK_MINUS] = JS_OP_NEG,   [JS_TOK_PLUS] = JS_OP_PLUS,
    [JS_TOK_TILDE] = JS_OP_BITNOT, [JS_TOK_TYPEOF] = JS_OP_TYPEOF, [JS_TOK_VOID] = JS_OP_VOID,
};

/* The assignment operators (JS_OP_NONE: not one). */
static const uint8_t assign_ops[JS_TOK_COUNT] = {
    [JS_TOK_ASSIGN] = JS_OP_ASSIGN,
    [JS_TOK_PLUS_ASSIGN] = JS_OP_ADD_ASSIGN,
    [JS_TOK_MINUS_ASSIGN] = JS_OP_SUB_ASSIGN,
    [JS_TOK_STAR_ASSIGN] = JS_OP_MUL_ASSIGN,
    [JS_TOK_SLASH_ASSIGN] = JS_OP_DIV_ASSIGN,
    [JS_TOK_PERCENT_ASSIGN] = JS_OP_MOD_ASSIGN,
    [JS_TOK_STAR_STAR_ASSIGN] = JS_OP_EXP_ASSIGN,
    [JS_TOK_AND_ASSIGN] = JS_OP_AND_ASSIGN,
    [JS_TOK_OR_ASSIGN] = JS_OP_OR_ASSIGN,
    [JS_TOK_NULLISH_ASSIGN] = JS_OP_NULLISH_ASSIGN,
    [JS_TOK_AMP_ASSIGN] = JS_OP_BITAND_ASSIGN,
    [JS_TOK_PIPE_ASSIGN] = JS_OP_BITOR_ASSIGN,
    [JS_TOK_CARET_ASSIGN] = JS_OP_BITXOR_ASSIGN,
    [JS_TOK_SHL_ASSIGN] = JS_OP_SHL_ASSIGN,
    [JS_TOK_SHR_ASSIGN] = JS_OP_SHR_ASSIGN,
    [JS_TOK_USHR_ASSIGN] = JS_OP_USHR_ASSIGN,
};

static uint32_t conditional(struct parser *p);
static uint32_t binary(struct parser *p, int min);
static uint32_t unary(struct parser *p);
static uint32_t call(struct parser *p);

/*
 * Whether n is an arrow with a block body just read: nothing may follow it as an operand
 * (`() => {}.x` is an error, as in V8), unless it was parenthesised.
 */
static bool bare_arrow(struct parser *p, uint32_t n)
{
    const struct js_node *x = at(p, n);
    return x->kind == JS_NODE_FUNCTION && (x->flags & JS_F_ARROW) &&
           !(x->flags & JS_F_EXPR_BODY) && p->prev.kind == JS_TOK_RBRACE && x->end == p->prev.end;
}

/* Whether n may be the target of ++, -- or a compound assignment. */
static bool simple_target(struct parser *p, uint32_t n)
{
    return at(p, n)->kind == JS_NODE_IDENT || at(p, n)->kind == JS_NODE_MEMBER;
}

/* ---- The cover ---------------------------------------------------------------------------- */

void sim__js_cover_check(struct parser *p)
{
    if (p->cover_line != 0) {
        sim__js_error_at(p, p->cover_line, p->cover_col, "Invalid shorthand property initializer");
        p->cover_line = 0;
    }
}

/* Runs rule(p) where no `{ a = 1 }` may stay pending, and where `in` is an operator if `in`. */
static uint32_t checked(struct parser *p, uint32_t (*rule)(struct parser *), bool in)
{
    uint32_t line = p->cover_line;
    uint32_t col = p->cover_col;
    bool no_in = p->no_in;
    p->cover_line = 0;
    p->no_in = in ? false : no_in;
    uint32_t n = rule(p);
    sim__js_cover_check(p);
    p->cover_line = line;
    p->cover_col = col;
    p->no_in = no_in;
    return n;
}

uint32_t sim__js_assignment(struct parser *p)
{
    return checked(p, sim__js_assignment_cover, false);
}

uint32_t sim__js_expression_in(struct parser *p)
{
    return checked(p, sim__js_expression_cover, true);
}

uint32_t sim__js_assignment_in(struct parser *p)
{
    return checked(p, sim__js_assignment_cover, true);
}

/* expression = assignment { "," assignment } */
uint32_t sim__js_spread(struct parser *p, bool cover)
{
    uint32_t n = sim__js_node(p, JS_NODE_SPREAD, &p->cur);
    sim__js_advance(p);
    uint32_t operand = cover ? sim__js_assignment_cover(p) : sim__js_assignment(p);
    at(p, n)->a = operand;
    return sim__js_close(p, n);
}

uint32_t sim__js_expression_cover(struct parser *p)
{
    uint32_t first = sim__js_assignment_cover(p);
    if (!check(p, JS_TOK_COMMA)) {
        return first;
    }
    uint32_t n = sim__js_node_from(p, JS_NODE_SEQUENCE, first);
    uint32_t mark = sim__js_mark(p);
    sim__js_push(p, first);
    while (sim__js_match(p, JS_TOK_COMMA)) {
        sim__js_push(p, sim__js_assignment_cover(p));
    }
    sim__js_list(p, n, mark);
    return sim__js_close(p, n);
}

/* ---- Operators ---------------------------------------------------------------------------- */

/* Checks the target of `lhs op= ...`, reading an array or object literal as a pattern. */
static void assignment_target(struct parser *p, uint32_t lhs, enum js_op op)
{
    enum js_node_kind kind = (enum js_node_kind)at(p, lhs)->kind;
    if (op == JS_OP_ASSIGN && (kind == JS_NODE_OBJECT || kind == JS_NODE_ARRAY)) {
        sim__js_to_pattern(p, lhs, false);
        p->cover_line = 0; /* its `a = 1`s were defaults after all */
    } else if (!simple_target(p, lhs)) {
        sim__js_error_node(p, lhs, "Invalid left-hand side in assignment");
    }
}

/* assignment = arrow | conditional [ assign_op assignment ] (arrows come from primary) */
uint32_t sim__js_assignment_cover(struct parser *p)
{
    if (!sim__js_enter(p)) {
        return sim__js_missing(p);
    }
    uint32_t line = p->cover_line;
    uint32_t col = p->cover_col;
    p->cover_line = 0;
    uint32_t n = conditional(p);
    enum js_op op = (enum js_op)assign_ops[p->cur.kind];
    if (op != JS_OP_NONE && !bare_arrow(p, n)) {
        assignment_target(p, n, op);
        sim__js_advance(p);
        uint32_t lhs = n;
        n = sim__js_node_from(p, JS_NODE_ASSIGN, lhs);
        uint32_t value = sim__js_assignment(p);
        at(p, n)->op = (uint8_t)op;
        at(p, n)->a = lhs;
        at(p, n)->b = value;
        sim__js_close(p, n);
    }
    if (line != 0) {
        p->cover_line = line; /* the first pending one is the one to report */
        p->cover_col = col;
    }
    sim__js_leave(p);
    return n;
}

/* conditional = binary [ "?" assignment ":" assignment ] */
static uint32_t conditional(struct parser *p)
{
    uint32_t test = binary(p, 1);
    if (!check(p, JS_TOK_QUESTION) || bare_arrow(p, test)) {
        return test;
    }
    sim__js_advance(p);
    uint32_t n = sim__js_node_from(p, JS_NODE_CONDITIONAL, test);
    uint32_t then = sim__js_assignment_in(p);
    sim__js_expect(p, JS_TOK_COLON);
    uint32_t otherwise = sim__js_assignment(p);
    at(p, n)->a = test;
    at(p, n)->b = then;
    at(p, n)->c = otherwise;
    return sim__js_close(p, n);
}

/*
 * Refuses ?? beside || or && without parentheses (`a ?? b || c`, as V8 does): `mixed` says
 * which of them this level has combined so far.
 */
static void check_mixing(struct parser *p, enum js_op op, int *mixed)
{
    int family = op == JS_OP_NULLISH ? 2 : (op == JS_OP_AND || op == JS_OP_OR) ? 1 : 0;
    if (family == 0) {
        return;
    }
    if (*mixed != 0 && *mixed != family) {
        sim__js_unexpected(p, &p->cur);
    }
    *mixed = family;
}

/*
 * How tightly the right operand of b must bind: more than b (left-associative), as much for
 * ** (right-associative), and for ?? as much as | (so that a ?? b || c is refused).
 */
static int right_prec(struct binary_op b)
{
    if (b.op == JS_OP_EXP) {
        return b.prec;
    }
    return b.op == JS_OP_NULLISH ? binary_ops[JS_TOK_PIPE].prec : b.prec + 1;
}

/*
 * binary = unary { binary_op unary }: operators binding at least as tightly as `min`; each
 * level combined counts as nesting, so a long chain is bounded like a deep one.
 */
static uint32_t binary(struct parser *p, int min)
{
    uint32_t left = unary(p);
    uint32_t levels = 0;
    int mixed = 0;
    for (;;) {
        struct binary_op b = binary_ops[p->cur.kind];
        if (b.prec == 0 || b.prec < min || (check(p, JS_TOK_IN) && p->no_in) ||
            bare_arrow(p, left) || !sim__js_enter(p)) {
            break;
        }
        levels++;
        check_mixing(p, (enum js_op)b.op, &mixed);
        sim__js_advance(p);
        uint32_t right = binary(p, right_prec(b));
        bool logical = b.op == JS_OP_AND || b.op == JS_OP_OR || b.op == JS_OP_NULLISH;
        uint32_t n = sim__js_node_from(p, logical ? JS_NODE_LOGICAL : JS_NODE_BINARY, left);
        at(p, n)->op = b.op;
        at(p, n)->a = left;
        at(p, n)->b = right;
        left = sim__js_close(p, n);
    }
    while (levels-- > 0) {
        sim__js_leave(p);
    }
    return left;
}

/* An await at token t: allowed in async functions, and at the top level (a module then). */
static void check_await(struct parser *p, const struct js_token *t)
{
    if (p->fn.in_async) {
        return;
    }
    if (!p->fn.in_function) {
        p->program_flags |= JS_F_MODULE | JS_F_TOP_AWAIT;
        return;
    }
    sim__js_error(p, t, "await is only valid in async functions and the top level bodies of "
                        "modules");
}

/* A prefix operator at token t and its operand: UNARY, AWAIT or UPDATE. */
static uint32_t prefix(struct parser *p, const struct js_token *t)
{
    enum js_tok kind = (enum js_tok)t->kind;
    uint32_t operand = unary(p);
    bool update = kind == JS_TOK_INC || kind == JS_TOK_DEC;
    enum js_node_kind node = update                    ? JS_NODE_UPDATE
                             : kind == JS_TOK_AWAIT    ? JS_NODE_AWAIT
                                                       : JS_NODE_UNARY;
    uint32_t n = sim__js_node(p, node, t);
    at(p, n)->a = operand;
    if (update) {
        at(p, n)->op = kind == JS_TOK_INC ? JS_OP_INC : JS_OP_DEC;
        at(p, n)->flags |= JS_F_PREFIX;
        if (!simple_target(p, operand)) {
            sim__js_error_node(p, operand, "Invalid left-hand side expression in prefix "
                                           "operation");
        }
    } else {
        at(p, n)->op = unary_ops[kind];
        if (check(p, JS_TOK_STAR_STAR)) {
            sim__js_error(p, &p->cur, "Unary operator used immediately before exponentiation "
                                      "expression. Parenthesis must be used to disambiguate "
                                      "operator precedence");
        }
    }
    return sim__js_close(p, n);
}

/* postfix = call [ "++" | "--" ] (on the same line: a line break ends the statement first) */
static uint32_t postfix(struct parser *p)
{
    uint32_t operand = call(p);
    bool inc = check(p, JS_TOK_INC);
    if ((!inc && !check(p, JS_TOK_DEC)) || p->cur.newline_before || bare_arrow(p, operand)) {
        return operand;
    }
    if (!simple_target(p, operand)) {
        sim__js_error_node(p, operand, "Invalid left-hand side expression in postfix operation");
    }
    sim__js_advance(p);
    uint32_t n = sim__js_node_from(p, JS_NODE_UPDATE, operand);
    at(p, n)->op = inc ? JS_OP_INC : JS_OP_DEC;
    at(p, n)->a = operand;
    return sim__js_close(p, n);
}

/* unary = prefix_op unary | postfix */
static uint32_t unary(struct parser *p)
{
    struct js_token t = p->cur;
    enum js_tok kind = (enum js_tok)t.kind;
    if (kind == JS_TOK_DELETE) {
        sim__js_error(p, &t, "the delete operator is not supported; set the property to "
                             "undefined, or use a Map");
    } else if (kind == JS_TOK_YIELD) {
        sim__js_error(p, &t, "generators (yield) are not supported; return an array, or use "
                             "an async function");
    } else if (unary_ops[kind] == JS_OP_NONE && kind != JS_TOK_AWAIT && kind != JS_TOK_INC &&
               kind != JS_TOK_DEC) {
        return postfix(p);
    }
    if (!sim__js_enter(p)) {
        return sim__js_missing(p);
    }
    sim__js_advance(p);
    if (kind == JS_TOK_AWAIT) {
        check_await(p, &t);
    }
    uint32_t n = prefix(p, &t);
    sim__js_leave(p);
    return n;
}

/* ---- Calls and members -------------------------------------------------------------------- */

void sim__js_arguments(struct parser *p, bool cover)
{
    bool no_in = p->no_in;
    p->no_in = false;
    sim__js_advance(p); /* ( */
    while (!check(p, JS_TOK_RPAREN) && !check(p, JS_TOK_EOF)) {
        if (check(p, JS_TOK_ELLIPSIS)) {
            sim__js_push(p, sim__js_spread(p, cover));
        } else {
            sim__js_push(p, cover ? sim__js_assignment_cover(p) : sim__js_assignment(p));
        }
        if (!sim__js_match(p, JS_TOK_COMMA)) {
            break;
        }
    }
    if (!sim__js_match(p, JS_TOK_RPAREN)) {
        sim__js_error(p, &p->cur, "missing ) after argument list");
    }
    p->no_in = no_in;
}

/* A CALL of callee with the arguments here. */
static uint32_t call_arguments(struct parser *p, uint32_t callee, uint16_t flags)
{
    uint32_t n = sim__js_node_from(p, JS_NODE_CALL, callee);
    at(p, n)->a = callee;
    at(p, n)->flags = flags;
    uint32_t mark = sim__js_mark(p);
    sim__js_arguments(p, false);
    sim__js_list(p, n, mark);
    return sim__js_close(p, n);
}

/* object "." name, after the dot: any identifier or keyword (o.default). */
static uint32_t member_name(struct parser *p, uint32_t object, uint16_t flags)
{
    if (!sim__js_at_name(p)) {
        sim__js_unexpected(p, &p->cur);
        return object;
    }
    uint32_t n = sim__js_node_from(p, JS_NODE_MEMBER, object);
    uint32_t name = sim__js_ident(p, &p->cur);
    sim__js_advance(p);
    at(p, n)->a = object;
    at(p, n)->b = name;
    at(p, n)->flags = flags;
    return sim__js_close(p, n);
}

/* object "[" expression "]", after the bracket. */
static uint32_t member_computed(struct parser *p, uint32_t object, uint16_t flags)
{
    uint32_t n = sim__js_node_from(p, JS_NODE_MEMBER, object);
    uint32_t key = sim__js_expression_in(p);
    sim__js_expect(p, JS_TOK_RBRACKET);
    at(p, n)->a = object;
    at(p, n)->b = key;
    at(p, n)->flags = flags | JS_F_COMPUTED;
    return sim__js_close(p, n);
}

/* Whether a template follows an expression: a tagged template, refused. */
static bool refuse_tagged(struct parser *p, bool optional)
{
    if (!check(p, JS_TOK_TEMPLATE) && !check(p, JS_TOK_TEMPLATE_HEAD)) {
        return false;
    }
    sim__js_error(p, &p->cur, optional ? "Invalid tagged template on optional chain"
                                       : "tagged templates are not supported; call the "
                                         "function with the string: f(`...`)");
    return true;
}

/* "?." ( name | "[" expression "]" | arguments ), after the `?.`. */
static uint32_t optional_link(struct parser *p, uint32_t n)
{
    if (check(p, JS_TOK_LPAREN)) {
        return call_arguments(p, n, JS_F_OPTIONAL);
    }
    if (sim__js_match(p, JS_TOK_LBRACKET)) {
        return member_computed(p, n, JS_F_OPTIONAL);
    }
    return member_name(p, n, JS_F_OPTIONAL);
}

/*
 * One link of a call chain on n, or n itself when none follows. *optional is set by `?.`, and
 * the caller wraps the chain in a CHAIN.
 */
static uint32_t link(struct parser *p, uint32_t n, bool *optional, bool *done)
{
    *done = false;
    if (sim__js_match(p, JS_TOK_DOT)) {
        return member_name(p, n, 0);
    }
    if (sim__js_match(p, JS_TOK_QUESTION_DOT)) {
        *optional = true;
        return optional_link(p, n);
    }
    if (sim__js_match(p, JS_TOK_LBRACKET)) {
        return member_computed(p, n, 0);
    }
    if (check(p, JS_TOK_LPAREN)) {
        return call_arguments(p, n, 0);
    }
    refuse_tagged(p, *optional);
    *done = true;
    return n;
}

/* new = "new" ( new | primary ) { "." name | "[" expression "]" } [ arguments ] */
static uint32_t new_expression(struct parser *p)
{
    struct js_token t = p->cur;
    sim__js_advance(p);
    if (check(p, JS_TOK_DOT)) {
        sim__js_error(p, &t, "new.target is not supported; pass what you need as an argument");
        return sim__js_missing(p);
    }
    if (!sim__js_enter(p)) {
        return sim__js_missing(p);
    }
    uint32_t callee = check(p, JS_TOK_NEW) ? new_expression(p) : sim__js_primary(p);
    uint32_t levels = 0;
    bool more = true;
    while (more && sim__js_enter(p)) {
        levels++;
        if (sim__js_match(p, JS_TOK_DOT)) {
            callee = member_name(p, callee, 0);
        } else if (sim__js_match(p, JS_TOK_LBRACKET)) {
            callee = member_computed(p, callee, 0);
        } else if (check(p, JS_TOK_QUESTION_DOT)) {
            sim__js_error(p, &p->cur, "Invalid optional chain from new expression");
            more = false;
        } else {
            refuse_tagged(p, false);
            more = false;
        }
    }
    while (levels-- > 0) {
        sim__js_leave(p);
    }
    uint32_t n = sim__js_node(p, JS_NODE_NEW, &t);
    at(p, n)->a = callee;
    uint32_t mark = sim__js_mark(p);
    if (check(p, JS_TOK_LPAREN)) {
        sim__js_arguments(p, false);
    }
    sim__js_list(p, n, mark);
    sim__js_leave(p);
    return sim__js_close(p, n);
}

/* call = ( new | primary ) { link }; a chain with `?.` is wrapped in a CHAIN. */
static uint32_t call(struct parser *p)
{
    uint32_t n = check(p, JS_TOK_NEW) ? new_expression(p) : sim__js_primary(p);
    bool optional = false;
    uint32_t levels = 0;
    bool done = bare_arrow(p, n);
    while (!done && sim__js_enter(p)) {
        levels++;
        n = link(p, n, &optional, &done);
    }
    while (levels-- > 0) {
        sim__js_leave(p);
    }
    if (optional) {
        uint32_t chain = sim__js_node_from(p, JS_NODE_CHAIN, n);
        at(p, chain)->a = n;
        n = sim__js_close(p, chain);
    }
    return n;
}

