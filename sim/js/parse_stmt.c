/*
 * parse_stmt.c - statements, functions and modules: the rules from `program` to `export_decl`
 * of the grammar at the top of parse.c, one function each.
 *
 * Where a statement may stand (enum stmt_place) decides what it may declare; what the
 * innermost function allows (struct fn_context) decides return, break, continue and await.
 * What falls outside the subset is refused here at its keyword, with what to write instead.
 */
#include "parse.h"

static uint32_t statement(struct parser *p, enum stmt_place place);

static const char labels_refused[] = "labels are not supported; use a flag variable, or move "
                                     "the loops into a function and return";

/* A placeholder where a statement could not be read (the tree is then partial). */
static uint32_t nothing(struct parser *p)
{
    return sim__js_node(p, JS_NODE_EMPTY, &p->cur);
}

/* Where a statement list ends: the end, `}`, and in a switch the next case. */
static bool list_ends(const struct parser *p, enum stmt_place place, bool in_case)
{
    if (check(p, JS_TOK_EOF)) {
        return true;
    }
    if (place == STMT_TOP) {
        return false;
    }
    return check(p, JS_TOK_RBRACE) ||
           (in_case && (check(p, JS_TOK_CASE) || check(p, JS_TOK_DEFAULT)));
}

/*
 * { statement }, pushed onto the current list. After an error, skips to the next statement; a
 * token no statement can start with (a stray `)`) is stepped over first, so the loop always
 * moves on.
 */
static void statement_list(struct parser *p, enum stmt_place place, bool in_case)
{
    uint32_t braces = p->cur.braces;
    uint32_t parens = p->cur.parens;
    while (!list_ends(p, place, in_case)) {
        uint32_t before = p->cur.start;
        sim__js_push(p, statement(p, place));
        if (p->cur.start == before && !check(p, JS_TOK_EOF)) {
            sim__js_advance(p);
        }
        if (p->panic) {
            sim__js_synchronize(p, braces, parens);
        }
    }
}

/* block = "{" { statement } "}" */
static uint32_t block(struct parser *p)
{
    uint32_t n = sim__js_node(p, JS_NODE_BLOCK, &p->cur);
    if (!sim__js_expect(p, JS_TOK_LBRACE)) {
        return n;
    }
    uint32_t mark = sim__js_mark(p);
    statement_list(p, STMT_LIST, false);
    sim__js_list(p, n, mark);
    sim__js_expect(p, JS_TOK_RBRACE);
    return sim__js_close(p, n);
}

/* Reports a declaration left without an initialiser where one is needed. */
static void check_initialised(struct parser *p, uint32_t declarator, enum js_decl decl)
{
    uint32_t target = at(p, declarator)->a;
    enum js_node_kind kind = at(p, target)->kind;
    if (at(p, declarator)->b != JS_NONE) {
        return;
    }
    if (kind == JS_NODE_OBJECT_PATTERN || kind == JS_NODE_ARRAY_PATTERN) {
        sim__js_error_node(p, target, "Missing initializer in destructuring declaration");
    } else if (decl == JS_DECL_CONST) {
        sim__js_error_node(p, target, "Missing initializer in const declaration");
    }
}

/* declarator = binding [ "=" assignment ]; in a for's head the caller checks the initialiser. */
static uint32_t declarator(struct parser *p, enum js_decl decl, bool in_for)
{
    uint32_t target = sim__js_binding(p);
    uint32_t n = sim__js_node_from(p, JS_NODE_DECLARATOR, target);
    at(p, n)->a = target;
    if (sim__js_match(p, JS_TOK_ASSIGN)) {
        uint32_t value = sim__js_assignment(p);
        at(p, n)->b = value;
    } else if (!in_for) {
        check_initialised(p, n, decl);
    }
    return sim__js_close(p, n);
}

/* var = ( "var" | "let" | "const" ) declarator { "," declarator } */
static uint32_t var_declaration(struct parser *p, bool in_for)
{
    enum js_decl decl = check(p, JS_TOK_VAR)   ? JS_DECL_VAR
                        : check(p, JS_TOK_LET) ? JS_DECL_LET
                                               : JS_DECL_CONST;
    uint32_t n = sim__js_node(p, JS_NODE_VAR, &p->cur);
    at(p, n)->op = (uint8_t)decl;
    sim__js_advance(p);
    uint32_t mark = sim__js_mark(p);
    do {
        sim__js_push(p, declarator(p, decl, in_for));
    } while (sim__js_match(p, JS_TOK_COMMA));
    sim__js_list(p, n, mark);
    return sim__js_close(p, n);
}

static uint32_t var_statement(struct parser *p)
{
    uint32_t n = var_declaration(p, false);
    sim__js_semicolon(p);
    return sim__js_close(p, n);
}

void sim__js_refuse_generator(struct parser *p)
{
    if (check(p, JS_TOK_STAR)) {
        sim__js_error(p, &p->cur, "generators (function*) are not supported; return an array, "
                                  "or use an async function");
        sim__js_advance(p);
    }
}

/*
 * function_decl = [ "async" ] "function" IDENT params body. With `anonymous` (export default),
 * the name may be left out, and the node is then a FUNCTION expression.
 */
static uint32_t function_decl(struct parser *p, bool anonymous)
{
    bool async = check(p, JS_TOK_IDENT);
    uint32_t n = sim__js_node(p, JS_NODE_FUNCTION_DECL, &p->cur);
    if (async) {
        sim__js_advance(p);
        at(p, n)->flags |= JS_F_ASYNC;
    }
    sim__js_advance(p); /* function */
    sim__js_refuse_generator(p);
    if (check(p, JS_TOK_IDENT)) {
        uint32_t name = sim__js_ident(p, &p->cur);
        at(p, n)->a = name;
        sim__js_advance(p);
    } else if (anonymous) {
        at(p, n)->kind = JS_NODE_FUNCTION;
    } else {
        sim__js_error(p, &p->cur, "Function statements require a function name");
    }
    sim__js_function_rest(p, n, async);
    return sim__js_close(p, n);
}

/* Whether `async function` starts here (no line break between the two). */
static bool at_async_function(struct parser *p)
{
    if (!sim__js_is_word(p, &p->cur, "async")) {
        return false;
    }
    const struct js_token *next = sim__js_peek(p);
    return next->kind == JS_TOK_FUNCTION && !next->newline_before;
}

void sim__js_function_rest(struct parser *p, uint32_t fn, bool async)
{
    struct fn_context outer = p->fn;
    p->fn = (struct fn_context){true, async, 0, 0};
    uint32_t mark = sim__js_mark(p);
    sim__js_params(p);
    sim__js_list(p, fn, mark);
    uint32_t body = sim__js_function_body(p);
    at(p, fn)->b = body;
    p->fn = outer;
}

uint32_t sim__js_function_body(struct parser *p)
{
    bool no_in = p->no_in;
    uint32_t cover_line = p->cover_line;
    uint32_t cover_col = p->cover_col;
    p->no_in = false;
    p->cover_line = 0;
    uint32_t n = block(p);
    p->no_in = no_in;
    p->cover_line = cover_line;
    p->cover_col = cover_col;
    return n;
}

/* The body of a loop: break and continue allowed. */
static uint32_t loop_body(struct parser *p)
{
    p->fn.loops++;
    p->fn.breakables++;
    uint32_t n = statement(p, STMT_SINGLE);
    p->fn.loops--;
    p->fn.breakables--;
    return n;
}

/* "(" expression ")" */
static uint32_t condition(struct parser *p)
{
    sim__js_expect(p, JS_TOK_LPAREN);
    uint32_t n = sim__js_expression_in(p);
    sim__js_expect(p, JS_TOK_RPAREN);
    return n;
}

/* if = "if" "(" expression ")" statement [ "else" statement ] */
static uint32_t if_statement(struct parser *p)
{
    uint32_t n = sim__js_node(p, JS_NODE_IF, &p->cur);
    sim__js_advance(p);
    uint32_t test = condition(p);
    at(p, n)->a = test;
    uint32_t then = statement(p, STMT_SINGLE);
    at(p, n)->b = then;
    if (sim__js_match(p, JS_TOK_ELSE)) {
        uint32_t otherwise = statement(p, STMT_SINGLE);
        at(p, n)->c = otherwise;
    }
    return sim__js_close(p, n);
}

/* for_of = ( declaration | target ) "of" assignment ")" statement, after the head's start. */
static uint32_t for_of_rest(struct parser *p, uint32_t n, uint32_t head)
{
    at(p, n)->kind = JS_NODE_FOR_OF;
    if (at(p, head)->kind == JS_NODE_VAR) {
        uint32_t first = p->ast->lists[at(p, head)->list];
        if (at(p, head)->count != 1) {
            sim__js_error_node(p, head, "Invalid left-hand side in for-of loop: Must have a "
                                        "single binding.");
        } else if (at(p, first)->b != JS_NONE) {
            sim__js_error_node(p, head, "for-of loop variable declaration may not have an "
                                        "initializer.");
        }
    } else {
        enum js_node_kind kind = at(p, head)->kind;
        if (kind == JS_NODE_OBJECT || kind == JS_NODE_ARRAY) {
            sim__js_to_pattern(p, head, false);
            p->cover_line = 0;
        } else if (kind != JS_NODE_IDENT && kind != JS_NODE_MEMBER) {
            sim__js_error_node(p, head, "Invalid left-hand side in for-of loop");
        }
    }
    sim__js_advance(p); /* of */
    at(p, n)->a = head;
    uint32_t iterated = sim__js_assignment_in(p);
    at(p, n)->b = iterated;
    sim__js_expect(p, JS_TOK_RPAREN);
    uint32_t body = loop_body(p);
    at(p, n)->c = body;
    return sim__js_close(p, n);
}

/* The rest of for(;;) after its initialiser: [ expression ] ";" [ expression ] ")" statement. */
static uint32_t for_rest(struct parser *p, uint32_t n, uint32_t init)
{
    if (init != JS_NONE && at(p, init)->kind == JS_NODE_VAR) {
        for (uint32_t i = 0; i < at(p, init)->count; i++) {
            check_initialised(p, p->ast->lists[at(p, init)->list + i], at(p, init)->op);
        }
    }
    sim__js_cover_check(p);
    at(p, n)->a = init;
    sim__js_expect(p, JS_TOK_SEMICOLON);
    if (!check(p, JS_TOK_SEMICOLON)) {
        uint32_t test = sim__js_expression_in(p);
        at(p, n)->b = test;
    }
    sim__js_expect(p, JS_TOK_SEMICOLON);
    if (!check(p, JS_TOK_RPAREN)) {
        uint32_t update = sim__js_expression_in(p);
        at(p, n)->c = update;
    }
    sim__js_expect(p, JS_TOK_RPAREN);
    uint32_t body = loop_body(p);
    at(p, n)->d = body;
    return sim__js_close(p, n);
}

/* for = "for" "(" ( for_of | [ var | expression ] ";" ... ) ")" statement */
static uint32_t for_statement(struct parser *p)
{
    uint32_t n = sim__js_node(p, JS_NODE_FOR, &p->cur);
    sim__js_advance(p);
    if (check(p, JS_TOK_AWAIT)) {
        sim__js_error(p, &p->cur, "for await is not supported; use for...of and await each "
                                  "value inside the loop");
    }
    sim__js_expect(p, JS_TOK_LPAREN);
    uint32_t cover_line = p->cover_line;
    uint32_t cover_col = p->cover_col;
    p->cover_line = 0;
    p->no_in = true;
    uint32_t init = JS_NONE;
    if (check(p, JS_TOK_VAR) || check(p, JS_TOK_LET) || check(p, JS_TOK_CONST)) {
        init = var_declaration(p, true);
    } else if (!check(p, JS_TOK_SEMICOLON)) {
        init = sim__js_expression_cover(p);
    }
    p->no_in = false;
    if (check(p, JS_TOK_IN)) {
        sim__js_error(p, &p->cur, "for...in is not supported; use for (const key of "
                                  "Object.keys(obj))");
    }
    uint32_t r = init != JS_NONE && sim__js_is_word(p, &p->cur, "of") ? for_of_rest(p, n, init)
                                                                      : for_rest(p, n, init);
    p->cover_line = cover_line;
    p->cover_col = cover_col;
    return r;
}

/* while = "while" "(" expression ")" statement */
static uint32_t while_statement(struct parser *p)
{
    uint32_t n = sim__js_node(p, JS_NODE_WHILE, &p->cur);
    sim__js_advance(p);
    uint32_t test = condition(p);
    at(p, n)->a = test;
    uint32_t body = loop_body(p);
    at(p, n)->b = body;
    return sim__js_close(p, n);
}

/* do_while = "do" statement "while" "(" expression ")" [ ";" ] (a `;` is always inserted) */
static uint32_t do_while_statement(struct parser *p)
{
    uint32_t n = sim__js_node(p, JS_NODE_DO_WHILE, &p->cur);
    sim__js_advance(p);
    uint32_t body = loop_body(p);
    at(p, n)->a = body;
    sim__js_expect(p, JS_TOK_WHILE);
    uint32_t test = condition(p);
    at(p, n)->b = test;
    sim__js_match(p, JS_TOK_SEMICOLON);
    return sim__js_close(p, n);
}

/* break = "break" ";" and continue = "continue" ";", where a loop (or switch) allows them. */
static uint32_t jump_statement(struct parser *p)
{
    bool is_break = check(p, JS_TOK_BREAK);
    struct js_token t = p->cur;
    uint32_t n = sim__js_node(p, is_break ? JS_NODE_BREAK : JS_NODE_CONTINUE, &t);
    sim__js_advance(p);
    if (check(p, JS_TOK_IDENT) && !p->cur.newline_before) {
        sim__js_error(p, &p->cur, "%s", labels_refused);
        sim__js_advance(p);
    } else if (is_break && p->fn.breakables == 0) {
        sim__js_error(p, &t, "Illegal break statement");
    } else if (!is_break && p->fn.loops == 0) {
        sim__js_error(p, &t, "Illegal continue statement: no surrounding iteration statement");
    }
    sim__js_semicolon(p);
    return sim__js_close(p, n);
}

/* return = "return" [ expression ] ";" (the value on the same line). */
static uint32_t return_statement(struct parser *p)
{
    struct js_token t = p->cur;
    uint32_t n = sim__js_node(p, JS_NODE_RETURN, &t);
    sim__js_advance(p);
    if (!p->fn.in_function && p->module) {
        sim__js_error(p, &t, "Illegal return statement");
    } else if (!p->fn.in_function && p->return_line == 0) {
        p->return_line = t.line; /* CommonJS allows it; a module found later does not */
        p->return_col = t.col;
    }
    if (!check(p, JS_TOK_SEMICOLON) && !check(p, JS_TOK_RBRACE) && !check(p, JS_TOK_EOF) &&
        !p->cur.newline_before) {
        uint32_t value = sim__js_expression_in(p);
        at(p, n)->a = value;
    }
    sim__js_semicolon(p);
    return sim__js_close(p, n);
}

/* throw = "throw" expression ";" (the value on the same line). */
static uint32_t throw_statement(struct parser *p)
{
    struct js_token t = p->cur;
    uint32_t n = sim__js_node(p, JS_NODE_THROW, &t);
    sim__js_advance(p);
    if (p->cur.newline_before) {
        sim__js_error(p, &t, "Illegal newline after throw");
    }
    uint32_t value = sim__js_expression_in(p);
    at(p, n)->a = value;
    sim__js_semicolon(p);
    return sim__js_close(p, n);
}

/* try = "try" block [ "catch" [ "(" binding ")" ] block ] [ "finally" block ] */
static uint32_t try_statement(struct parser *p)
{
    uint32_t n = sim__js_node(p, JS_NODE_TRY, &p->cur);
    sim__js_advance(p);
    uint32_t body = block(p);
    at(p, n)->a = body;
    if (sim__js_match(p, JS_TOK_CATCH)) {
        if (sim__js_match(p, JS_TOK_LPAREN)) {
            uint32_t param = sim__js_binding(p);
            at(p, n)->b = param;
            sim__js_expect(p, JS_TOK_RPAREN);
        }
        uint32_t handler = block(p);
        at(p, n)->c = handler;
    }
    if (sim__js_match(p, JS_TOK_FINALLY)) {
        uint32_t finalizer = block(p);
        at(p, n)->d = finalizer;
    }
    if (at(p, n)->c == JS_NONE && at(p, n)->d == JS_NONE) {
        sim__js_error(p, &p->cur, "Missing catch or finally after try");
    }
    return sim__js_close(p, n);
}

/* case = ( "case" expression | "default" ) ":" { statement } */
static uint32_t case_clause(struct parser *p, bool *seen_default)
{
    uint32_t n = sim__js_node(p, JS_NODE_CASE, &p->cur);
    if (sim__js_match(p, JS_TOK_CASE)) {
        uint32_t test = sim__js_expression_in(p);
        at(p, n)->a = test;
    } else {
        if (*seen_default) {
            sim__js_error(p, &p->cur, "More than one default clause in switch statement");
        }
        *seen_default = true;
        sim__js_advance(p);
    }
    sim__js_expect(p, JS_TOK_COLON);
    uint32_t mark = sim__js_mark(p);
    statement_list(p, STMT_LIST, true);
    sim__js_list(p, n, mark);
    return sim__js_close(p, n);
}

/* switch = "switch" "(" expression ")" "{" { case } "}" */
static uint32_t switch_statement(struct parser *p)
{
    uint32_t n = sim__js_node(p, JS_NODE_SWITCH, &p->cur);
    sim__js_advance(p);
    uint32_t discriminant = condition(p);
    at(p, n)->a = discriminant;
    sim__js_expect(p, JS_TOK_LBRACE);
    uint32_t mark = sim__js_mark(p);
    bool seen_default = false;
    p->fn.breakables++;
    while (check(p, JS_TOK_CASE) || check(p, JS_TOK_DEFAULT)) {
        sim__js_push(p, case_clause(p, &seen_default));
    }
    p->fn.breakables--;
    sim__js_list(p, n, mark);
    sim__js_expect(p, JS_TOK_RBRACE);
    return sim__js_close(p, n);
}

/* ---- Modules ------------------------------------------------------------------------------ */

/* A local name bound by an import: an identifier. */
static uint32_t local_name(struct parser *p)
{
    uint32_t n = sim__js_ident(p, &p->cur);
    sim__js_expect(p, JS_TOK_IDENT);
    return n;
}

/* Takes the contextual word `word`, or reports the current token. */
static void expect_word(struct parser *p, const char *word)
{
    if (sim__js_is_word(p, &p->cur, word)) {
        sim__js_advance(p);
    } else {
        sim__js_unexpected(p, &p->cur);
    }
}

/* One IMPORT_SPEC of `op` starting here. */
static uint32_t import_spec(struct parser *p, enum js_import op)
{
    uint32_t n = sim__js_node(p, JS_NODE_IMPORT_SPEC, &p->cur);
    at(p, n)->op = (uint8_t)op;
    return n;
}

/* named = "{" [ ( name | STRING ) [ "as" IDENT ] { "," ... } [ "," ] ] "}" */
static void named_imports(struct parser *p)
{
    sim__js_advance(p);
    while (!check(p, JS_TOK_RBRACE) && !check(p, JS_TOK_EOF)) {
        struct js_token name = p->cur;
        uint32_t n = import_spec(p, JS_IMPORT_NAMED);
        if (check(p, JS_TOK_STRING)) {
            at(p, n)->str = sim__js_cook(p, &name, 1, 1);
        } else if (sim__js_at_name(p)) {
            at(p, n)->str = sim__js_name(p, &name);
        } else {
            sim__js_unexpected(p, &name);
            break;
        }
        sim__js_advance(p);
        uint32_t local = JS_NONE;
        if (sim__js_is_word(p, &p->cur, "as")) {
            sim__js_advance(p);
            local = local_name(p);
        } else if (name.kind == JS_TOK_IDENT) {
            local = sim__js_ident(p, &name);
        } else {
            sim__js_unexpected(p, &p->cur); /* import { default } needs `as name` */
        }
        at(p, n)->a = local;
        sim__js_push(p, sim__js_close(p, n));
        if (!sim__js_match(p, JS_TOK_COMMA)) {
            break;
        }
    }
    sim__js_expect(p, JS_TOK_RBRACE);
}

/* import_clause = IDENT [ "," ( namespace | named ) ] | namespace | named */
static void import_clause(struct parser *p)
{
    if (check(p, JS_TOK_IDENT)) {
        uint32_t n = import_spec(p, JS_IMPORT_DEFAULT);
        uint32_t local = local_name(p);
        at(p, n)->a = local;
        sim__js_push(p, sim__js_close(p, n));
        if (!sim__js_match(p, JS_TOK_COMMA)) {
            return;
        }
    }
    if (check(p, JS_TOK_STAR)) {
        uint32_t n = import_spec(p, JS_IMPORT_NAMESPACE);
        sim__js_advance(p);
        expect_word(p, "as");
        uint32_t local = local_name(p);
        at(p, n)->a = local;
        sim__js_push(p, sim__js_close(p, n));
    } else if (check(p, JS_TOK_LBRACE)) {
        named_imports(p);
    } else {
        sim__js_unexpected(p, &p->cur);
    }
}

/* Refuses import and export inside a block or a function. */
static void check_top(struct parser *p, enum stmt_place place, const struct js_token *t)
{
    if (place != STMT_TOP) {
        sim__js_error(p, t, "%s declarations may only appear at the top level of a module",
                      t->kind == JS_TOK_IMPORT ? "import" : "export");
    }
    p->program_flags |= JS_F_MODULE;
}

/* import_decl = "import" ( STRING | import_clause "from" STRING ) ";" */
static uint32_t import_decl(struct parser *p, enum stmt_place place)
{
    struct js_token t = p->cur;
    uint32_t n = sim__js_node(p, JS_NODE_IMPORT, &t);
    sim__js_advance(p);
    check_top(p, place, &t);
    uint32_t mark = sim__js_mark(p);
    if (!check(p, JS_TOK_STRING)) {
        import_clause(p);
        expect_word(p, "from");
    }
    if (check(p, JS_TOK_STRING)) {
        at(p, n)->str = sim__js_cook(p, &p->cur, 1, 1);
        sim__js_advance(p);
    } else {
        sim__js_unexpected(p, &p->cur);
    }
    sim__js_list(p, n, mark);
    sim__js_semicolon(p);
    return sim__js_close(p, n);
}

/* "{" [ IDENT [ "as" name ] { "," ... } [ "," ] ] "}" of export, pushed. */
static void export_specs(struct parser *p)
{
    sim__js_advance(p);
    while (!check(p, JS_TOK_RBRACE) && !check(p, JS_TOK_EOF)) {
        uint32_t n = sim__js_node(p, JS_NODE_EXPORT_SPEC, &p->cur);
        uint32_t local = local_name(p);
        at(p, n)->a = local;
        at(p, n)->str = at(p, local)->str;
        if (sim__js_is_word(p, &p->cur, "as")) {
            sim__js_advance(p);
            if (check(p, JS_TOK_STRING) || sim__js_at_name(p)) {
                at(p, n)->str = check(p, JS_TOK_STRING) ? sim__js_cook(p, &p->cur, 1, 1)
                                                        : sim__js_name(p, &p->cur);
                sim__js_advance(p);
            } else {
                sim__js_unexpected(p, &p->cur);
            }
        }
        sim__js_push(p, sim__js_close(p, n));
        if (!sim__js_match(p, JS_TOK_COMMA)) {
            break;
        }
    }
    sim__js_expect(p, JS_TOK_RBRACE);
}

void sim__js_refuse_class(struct parser *p)
{
    sim__js_error(p, &p->cur, "classes are not supported; use a function returning an object "
                              "literal");
}

/* export default ( function | assignment ";" ) */
static uint32_t export_default(struct parser *p)
{
    sim__js_advance(p);
    if (check(p, JS_TOK_FUNCTION) || at_async_function(p)) {
        return function_decl(p, true);
    }
    if (check(p, JS_TOK_CLASS)) {
        sim__js_refuse_class(p);
    }
    uint32_t value = sim__js_assignment_in(p);
    sim__js_semicolon(p);
    return value;
}

/* export_decl = "export" ( var ";" | function_decl | "default" ... | "{" ... "}" ";" ) */
static uint32_t export_decl(struct parser *p, enum stmt_place place)
{
    struct js_token t = p->cur;
    uint32_t n = sim__js_node(p, JS_NODE_EXPORT, &t);
    sim__js_advance(p);
    check_top(p, place, &t);
    uint32_t decl = JS_NONE;
    uint32_t mark = sim__js_mark(p);
    if (check(p, JS_TOK_DEFAULT)) {
        at(p, n)->flags |= JS_F_DEFAULT;
        decl = export_default(p);
    } else if (check(p, JS_TOK_VAR) || check(p, JS_TOK_LET) || check(p, JS_TOK_CONST)) {
        decl = var_statement(p);
    } else if (check(p, JS_TOK_FUNCTION) || at_async_function(p)) {
        decl = function_decl(p, false);
    } else if (check(p, JS_TOK_LBRACE)) {
        export_specs(p);
        if (sim__js_is_word(p, &p->cur, "from")) {
            sim__js_error(p, &p->cur, "export ... from is not supported; import the names, "
                                      "then export them");
        }
        sim__js_semicolon(p);
    } else if (check(p, JS_TOK_STAR)) {
        sim__js_error(p, &p->cur, "export * from is not supported; import the names, then "
                                  "export them");
    } else if (check(p, JS_TOK_CLASS)) {
        sim__js_refuse_class(p);
    } else {
        sim__js_unexpected(p, &p->cur);
    }
    at(p, n)->a = decl;
    sim__js_list(p, n, mark);
    return sim__js_close(p, n);
}

/* ---- Statements --------------------------------------------------------------------------- */

/* expression ";", where `name:` is a label, refused. */
static uint32_t expression_statement(struct parser *p)
{
    struct js_token first = p->cur;
    uint32_t n = sim__js_node(p, JS_NODE_EXPR_STMT, &first);
    uint32_t e = sim__js_expression_in(p);
    at(p, n)->a = e;
    if (check(p, JS_TOK_COLON) && first.kind == JS_TOK_IDENT && p->prev.start == first.start) {
        sim__js_error(p, &first, "%s", labels_refused);
    }
    sim__js_semicolon(p);
    return sim__js_close(p, n);
}

/* A statement that begins with a keyword outside the subset, refused at it. */
static uint32_t refused_statement(struct parser *p)
{
    switch (p->cur.kind) {
    case JS_TOK_CLASS:
        sim__js_refuse_class(p);
        break;
    case JS_TOK_WITH:
        sim__js_error(p, &p->cur, "'with' is not supported; name the object: obj.prop");
        break;
    default:
        sim__js_error(p, &p->cur, "'debugger' is not supported; remove it");
        break;
    }
    return nothing(p);
}

/*
 * A declaration where only a statement may stand (if (x) let y = 1;): refused, then read, so
 * that what follows it is read as it should be.
 */
static uint32_t misplaced_declaration(struct parser *p)
{
    if (check(p, JS_TOK_LET) || check(p, JS_TOK_CONST)) {
        sim__js_error(p, &p->cur, "Lexical declaration cannot appear in a single-statement "
                                  "context; wrap it in { }");
        return var_statement(p);
    }
    sim__js_error(p, &p->cur, "function declarations cannot appear in a single-statement "
                              "context; wrap it in { }");
    return function_decl(p, false);
}

/* Whether an import here is a declaration (not import.meta or import()). */
static bool at_import_decl(struct parser *p)
{
    enum js_tok next = (enum js_tok)sim__js_peek(p)->kind;
    return next != JS_TOK_DOT && next != JS_TOK_LPAREN;
}

/* The statement at a keyword, or an expression statement. */
static uint32_t statement_at(struct parser *p, enum stmt_place place)
{
    bool single = place == STMT_SINGLE;
    switch (p->cur.kind) {
    case JS_TOK_LBRACE:
        return block(p);
    case JS_TOK_VAR:
        return var_statement(p);
    case JS_TOK_LET:
    case JS_TOK_CONST:
        return single ? misplaced_declaration(p) : var_statement(p);
    case JS_TOK_FUNCTION:
        return single ? misplaced_declaration(p) : function_decl(p, false);
    case JS_TOK_IF:
        return if_statement(p);
    case JS_TOK_FOR:
        return for_statement(p);
    case JS_TOK_WHILE:
        return while_statement(p);
    case JS_TOK_DO:
        return do_while_statement(p);
    case JS_TOK_BREAK:
    case JS_TOK_CONTINUE:
        return jump_statement(p);
    case JS_TOK_RETURN:
        return return_statement(p);
    case JS_TOK_THROW:
        return throw_statement(p);
    case JS_TOK_TRY:
        return try_statement(p);
    case JS_TOK_SWITCH:
        return switch_statement(p);
    case JS_TOK_SEMICOLON:
        sim__js_advance(p);
        return sim__js_node(p, JS_NODE_EMPTY, &p->prev);
    case JS_TOK_IMPORT:
        return at_import_decl(p) ? import_decl(p, place) : expression_statement(p);
    case JS_TOK_EXPORT:
        return export_decl(p, place);
    case JS_TOK_CLASS:
    case JS_TOK_WITH:
    case JS_TOK_DEBUGGER:
        return refused_statement(p);
    default:
        if (at_async_function(p)) {
            return single ? misplaced_declaration(p) : function_decl(p, false);
        }
        return expression_statement(p);
    }
}

/* statement, one level deeper. */
static uint32_t statement(struct parser *p, enum stmt_place place)
{
    if (!sim__js_enter(p)) {
        return nothing(p);
    }
    uint32_t n = statement_at(p, place);
    sim__js_leave(p);
    return n;
}

uint32_t sim__js_program(struct parser *p)
{
    uint32_t n = sim__js_node(p, JS_NODE_PROGRAM, &p->cur);
    uint32_t mark = sim__js_mark(p);
    statement_list(p, STMT_TOP, false);
    sim__js_list(p, n, mark);
    return sim__js_close(p, n);
}
