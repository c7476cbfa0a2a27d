/*
 * parse_pattern.c - destructuring patterns: read where a declaration, a parameter list or a
 * catch expects one (`binding` and below in the grammar at the top of parse.c), or read again
 * from an expression already parsed, when `=>`, `=` or `of` shows that it was one.
 *
 * The second way changes the expression's nodes in place (ARRAY becomes ARRAY_PATTERN,
 * `a = 1` a DEFAULT, `...x` a REST) and refuses what no pattern can be (`[a + 1] = x`).
 * Binding patterns (declarations, parameters) name variables only; assignment patterns may
 * also name members (`[o.a, o.b] = pair`).
 */
#include "parse.h"

static uint32_t object_pattern(struct parser *p);
static uint32_t array_pattern(struct parser *p);

uint32_t sim__js_binding(struct parser *p)
{
    struct js_token t = p->cur;
    if (sim__js_match(p, JS_TOK_IDENT)) {
        return sim__js_ident(p, &t);
    }
    if (!check(p, JS_TOK_LBRACE) && !check(p, JS_TOK_LBRACKET)) {
        if (check(p, JS_TOK_LET)) {
            sim__js_error(p, &t, "let is disallowed as a lexically bound name");
        } else {
            sim__js_unexpected(p, &t);
        }
        return sim__js_missing(p);
    }
    if (!sim__js_enter(p)) {
        return sim__js_missing(p);
    }
    uint32_t n = check(p, JS_TOK_LBRACE) ? object_pattern(p) : array_pattern(p);
    sim__js_leave(p);
    return n;
}

/* A DEFAULT of target, if `=` follows. */
static uint32_t with_default(struct parser *p, uint32_t target)
{
    if (!sim__js_match(p, JS_TOK_ASSIGN)) {
        return target;
    }
    uint32_t n = sim__js_node_from(p, JS_NODE_DEFAULT, target);
    uint32_t value = sim__js_assignment_in(p);
    at(p, n)->a = target;
    at(p, n)->b = value;
    return sim__js_close(p, n);
}

uint32_t sim__js_binding_element(struct parser *p)
{
    return with_default(p, sim__js_binding(p));
}

/*
 * "..." binding, the last element of a list: a REST. `message` reports an element after it.
 * `name_only`: an object pattern's rest is a name.
 */
static uint32_t rest(struct parser *p, bool name_only, const char *message)
{
    uint32_t n = sim__js_node(p, JS_NODE_REST, &p->cur);
    sim__js_advance(p);
    uint32_t target = 0;
    if (name_only && !check(p, JS_TOK_IDENT)) {
        sim__js_unexpected(p, &p->cur);
        target = sim__js_missing(p);
    } else {
        target = sim__js_binding(p);
    }
    at(p, n)->a = target;
    if (check(p, JS_TOK_COMMA) || check(p, JS_TOK_ASSIGN)) {
        sim__js_error(p, &p->cur, "%s", message);
    }
    return sim__js_close(p, n);
}

/* key ":" element | IDENT [ "=" assignment ] */
static uint32_t binding_property(struct parser *p)
{
    uint32_t n = sim__js_node(p, JS_NODE_PROPERTY, &p->cur);
    struct js_token name = p->cur;
    bool computed = false;
    uint32_t key = sim__js_property_key(p, &computed);
    uint32_t value = 0;
    if (sim__js_match(p, JS_TOK_COLON)) {
        value = sim__js_binding_element(p);
    } else if (name.kind == JS_TOK_IDENT && !computed) {
        at(p, n)->flags |= JS_F_SHORTHAND;
        value = with_default(p, sim__js_ident(p, &name));
    } else {
        sim__js_unexpected(p, &p->cur);
        value = sim__js_missing(p);
    }
    at(p, n)->a = key;
    at(p, n)->b = value;
    at(p, n)->flags |= computed ? JS_F_COMPUTED : 0;
    return sim__js_close(p, n);
}

/* object_pattern = "{" [ property { "," property } [ "," "..." IDENT ] [ "," ] ] "}" */
static uint32_t object_pattern(struct parser *p)
{
    uint32_t n = sim__js_node(p, JS_NODE_OBJECT_PATTERN, &p->cur);
    sim__js_advance(p);
    uint32_t mark = sim__js_mark(p);
    while (!check(p, JS_TOK_RBRACE) && !check(p, JS_TOK_EOF)) {
        if (check(p, JS_TOK_ELLIPSIS)) {
            sim__js_push(p, rest(p, true, "Rest element must be last element"));
            break;
        }
        sim__js_push(p, binding_property(p));
        if (!sim__js_match(p, JS_TOK_COMMA)) {
            break;
        }
    }
    sim__js_list(p, n, mark);
    sim__js_expect(p, JS_TOK_RBRACE);
    return sim__js_close(p, n);
}

/* array_pattern = "[" [ element { "," element } [ "," "..." binding ] [ "," ] ] "]" */
static uint32_t array_pattern(struct parser *p)
{
    uint32_t n = sim__js_node(p, JS_NODE_ARRAY_PATTERN, &p->cur);
    sim__js_advance(p);
    uint32_t mark = sim__js_mark(p);
    while (!check(p, JS_TOK_RBRACKET) && !check(p, JS_TOK_EOF)) {
        if (check(p, JS_TOK_COMMA)) {
            sim__js_error(p, &p->cur, "array holes ([, b]) are not supported in patterns; name "
                                      "every element ([_, b])");
            sim__js_advance(p);
            continue;
        }
        if (check(p, JS_TOK_ELLIPSIS)) {
            sim__js_push(p, rest(p, false, "Rest element must be last element"));
            break;
        }
        sim__js_push(p, sim__js_binding_element(p));
        if (!sim__js_match(p, JS_TOK_COMMA)) {
            break;
        }
    }
    sim__js_list(p, n, mark);
    sim__js_expect(p, JS_TOK_RBRACKET);
    return sim__js_close(p, n);
}

void sim__js_params(struct parser *p)
{
    if (!sim__js_expect(p, JS_TOK_LPAREN)) {
        return;
    }
    while (!check(p, JS_TOK_RPAREN) && !check(p, JS_TOK_EOF)) {
        if (check(p, JS_TOK_ELLIPSIS)) {
            sim__js_push(p, rest(p, false, "Rest parameter must be last formal parameter"));
            break;
        }
        sim__js_push(p, sim__js_binding_element(p));
        if (!sim__js_match(p, JS_TOK_COMMA)) {
            break;
        }
    }
    sim__js_expect(p, JS_TOK_RPAREN);
}

/* ---- An expression read as a pattern ------------------------------------------------------ */

/* Reads SPREAD n, the `last` element or not of its list, as a REST. */
static void to_rest(struct parser *p, uint32_t n, bool last, bool binding, const char *message)
{
    uint32_t target = at(p, n)->a;
    enum js_node_kind kind = (enum js_node_kind)at(p, target)->kind;
    at(p, n)->kind = JS_NODE_REST;
    if (!last) {
        sim__js_error_node(p, n, "%s", message);
    } else if (kind == JS_NODE_ASSIGN || kind == JS_NODE_DEFAULT) {
        sim__js_error_node(p, target, "Invalid destructuring assignment target");
    } else {
        sim__js_to_pattern(p, target, binding);
    }
}

/* Reads the elements of ARRAY or the properties of OBJECT n as a pattern's. */
static void to_elements(struct parser *p, uint32_t n, bool binding)
{
    uint32_t count = at(p, n)->count;
    for (uint32_t i = 0; i < count && !p->stop; i++) {
        uint32_t e = p->ast->lists[at(p, n)->list + i];
        enum js_node_kind kind = (enum js_node_kind)at(p, e)->kind;
        if (kind == JS_NODE_SPREAD || kind == JS_NODE_REST) {
            to_rest(p, e, i + 1 == count, binding, "Rest element must be last element");
        } else if (kind == JS_NODE_PROPERTY && (at(p, e)->flags & JS_F_METHOD)) {
            sim__js_error_node(p, e, "Invalid destructuring assignment target");
        } else if (kind == JS_NODE_PROPERTY) {
            sim__js_to_pattern(p, at(p, e)->b, binding);
        } else {
            sim__js_to_pattern(p, e, binding);
        }
    }
}

void sim__js_to_pattern(struct parser *p, uint32_t n, bool binding)
{
    struct js_node *x = at(p, n);
    if (p->stop) {
        return; /* out of memory, node 0 may stand anywhere: walk nothing */
    }
    switch (x->kind) {
    case JS_NODE_IDENT:
        break;
    case JS_NODE_MEMBER:
        if (binding) {
            sim__js_error_node(p, n, "Invalid destructuring assignment target");
        }
        break;
    case JS_NODE_ASSIGN:
        if (x->op != JS_OP_ASSIGN) {
            sim__js_error_node(p, n, "Invalid destructuring assignment target");
        }
        x->kind = JS_NODE_DEFAULT;
        x->op = JS_OP_NONE;
        sim__js_to_pattern(p, x->a, binding);
        break;
    case JS_NODE_DEFAULT:
        sim__js_to_pattern(p, x->a, binding);
        break;
    case JS_NODE_ARRAY:
    case JS_NODE_ARRAY_PATTERN:
        x->kind = JS_NODE_ARRAY_PATTERN;
        to_elements(p, n, binding);
        break;
    case JS_NODE_OBJECT:
    case JS_NODE_OBJECT_PATTERN:
        x->kind = JS_NODE_OBJECT_PATTERN;
        to_elements(p, n, binding);
        break;
    default:
        sim__js_error_node(p, n, "Invalid destructuring assignment target");
        break;
    }
}

void sim__js_to_params(struct parser *p, uint32_t mark)
{
    for (uint32_t i = mark; i < p->scratch_len && !p->stop; i++) {
        uint32_t e = p->scratch[i];
        if (at(p, e)->kind == JS_NODE_SPREAD) {
            to_rest(p, e, i + 1 == p->scratch_len, true,
                    "Rest parameter must be last formal parameter");
        } else {
            sim__js_to_pattern(p, e, true);
        }
    }
}
