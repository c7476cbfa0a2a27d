/*
 * parse.h - the parser's state and what its files share (sim/js/ only).
 *
 * parse.c holds the grammar, the token stream, errors and recovery, and the tree's arrays;
 * parse_stmt.c the statements, functions and modules; parse_expr.c the operators, calls and
 * members; parse_primary.c literals, function expressions and arrows; parse_pattern.c
 * destructuring patterns and the reading of an expression as one (the "cover" of
 * `(a, b) => ...` and `[a, b] = ...`).
 */
#ifndef SIM_JS_PARSE_H
#define SIM_JS_PARSE_H

#include <stdarg.h>

#include "js/ast.h"
#include "js/lex.h"

/* What the innermost function allows. */
struct fn_context {
    bool in_function;       /* return is allowed */
    bool in_async;          /* await is allowed */
    uint32_t loops;         /* loops open in this function: continue is allowed */
    uint32_t breakables;    /* loops and switches open: break is allowed */
};

/* Where a statement may stand: which declarations it may be. */
enum stmt_place {
    STMT_TOP,               /* the program's body: import and export too */
    STMT_LIST,              /* a block, a function body, a case: let, const, function */
    STMT_SINGLE,            /* the body of if, for, while, do: no let or const */
};

struct parser {
    struct lexer lx;
    struct js_ast *ast;
    struct chunk *arena;    /* the tree's strings; ast->arena at the end */
    struct js_token prev;   /* the token just taken */
    struct js_token cur;    /* the token being looked at */
    struct js_token ahead;  /* the one after, when has_ahead */
    bool has_ahead;
    uint32_t node_cap;
    uint32_t list_cap;
    uint32_t string_cap;
    uint32_t *scratch;      /* children of the lists being built, innermost last */
    uint32_t scratch_len;
    uint32_t scratch_cap;
    uint32_t depth;         /* nesting, against JS_MAX_DEPTH */
    bool panic;             /* an error was reported: say nothing until the next statement */
    bool stop;              /* too many errors, too deep, or out of memory: the input ends */
    bool nomem;
    bool no_in;             /* a for's initialiser: `in` is not an operator */
    bool module;            /* parsed as an ES module from the start (.mjs) */
    uint16_t program_flags; /* JS_F_MODULE, JS_F_TOP_AWAIT as found */
    uint32_t cover_line;    /* the first `{ a = 1 }` not yet known to be a pattern; 0: none */
    uint32_t cover_col;
    uint32_t return_line;   /* the first return outside functions (CommonJS allows it); 0: none */
    uint32_t return_col;
    struct fn_context fn;
};

static inline bool check(const struct parser *p, enum js_tok kind)
{
    return p->cur.kind == kind;
}

static inline struct js_node *at(struct parser *p, uint32_t n)
{
    return &p->ast->nodes[n];
}

/* ---- parse.c: tokens ---------------------------------------------------------------------- */

/* Takes the current token; reports a scanner error it meets. */
void sim__js_advance(struct parser *p);

/* Takes the current token if it is `kind`. */
bool sim__js_match(struct parser *p, enum js_tok kind);

/* Takes a token of `kind`, or reports the current one as unexpected. */
bool sim__js_expect(struct parser *p, enum js_tok kind);

/* The token after the current one. */
const struct js_token *sim__js_peek(struct parser *p);

/* Whether token t is the identifier `name` (a contextual word: async, of, as, from...). */
bool sim__js_is_word(const struct parser *p, const struct js_token *t, const char *name);

/* Whether the current token may be a property name: an identifier or any keyword. */
bool sim__js_at_name(const struct parser *p);

/* ---- parse.c: errors ---------------------------------------------------------------------- */

/* Reports an error at a line and column (SIM_ESYNTAX), unless one is being recovered from. */
void sim__js_error_at(struct parser *p, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reports an error at token t. */
void sim__js_error(struct parser *p, const struct js_token *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reports an error at node n's first token. */
void sim__js_error_node(struct parser *p, uint32_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reports token t as V8 does: "Unexpected token ')'", "Unexpected end of input", ... */
void sim__js_unexpected(struct parser *p, const struct js_token *t);

/*
 * After an error: skips to a statement boundary of the statement list whose tokens have
 * `braces` and `parens` open, and ends the panic. The boundary is past the list's `;` (not one
 * inside parentheses the list did not open), before its `}` or a statement keyword first on
 * its line, or past a `}` that closes back to it at the end of a line; what stands inside
 * further braces is skipped whole.
 */
void sim__js_synchronize(struct parser *p, uint32_t braces, uint32_t parens);

/* Gives up: out of memory, the parse stops, and the tree is thrown away. */
void sim__js_out_of_memory(struct parser *p);

/* Counts one more level of nesting; false (the input then ends) past JS_MAX_DEPTH. */
bool sim__js_enter(struct parser *p);
void sim__js_leave(struct parser *p);

/* ---- parse.c: the tree -------------------------------------------------------------------- */

/*
 * A new node of `kind` at token t, every child absent; its end is t's until sim__js_close. Out
 * of memory, the parse stops and node 0 stands in (the tree is then thrown away).
 */
uint32_t sim__js_node(struct parser *p, enum js_node_kind kind, const struct js_token *t);

/* A new node of `kind` that starts where node `first` starts. */
uint32_t sim__js_node_from(struct parser *p, enum js_node_kind kind, uint32_t first);

/* A placeholder (a NULL_LIT) where an expression could not be read: the tree is partial. */
uint32_t sim__js_missing(struct parser *p);

/* Ends node n at the last token taken. */
uint32_t sim__js_close(struct parser *p, uint32_t n);

/* Starts a list: its children are pushed after the mark, then sim__js_list makes it n's. */
uint32_t sim__js_mark(const struct parser *p);
void sim__js_push(struct parser *p, uint32_t child);
void sim__js_list(struct parser *p, uint32_t n, uint32_t mark);

/* Copies s[0..len) into the tree's strings; returns its index, or JS_NONE out of memory. */
uint32_t sim__js_string(struct parser *p, const char *s, size_t len);

/* The text of token t as a string of the tree; JS_NONE out of memory. */
uint32_t sim__js_name(struct parser *p, const struct js_token *t);

/*
 * The value of string or template token t as a string of the tree, escapes decoded, without
 * `front` and `back` bytes of delimiters; JS_NONE out of memory.
 */
uint32_t sim__js_cook(struct parser *p, const struct js_token *t, uint32_t front, uint32_t back);

/* An IDENT node for name token t (an identifier or a keyword). */
uint32_t sim__js_ident(struct parser *p, const struct js_token *t);

/* A STRING node for the string or template token t, cooked as sim__js_cook does. */
uint32_t sim__js_string_node(struct parser *p, const struct js_token *t, uint32_t front,
                             uint32_t back);

/* Takes `;`, or inserts one where JavaScript does (a line break before, `}`, the end). */
void sim__js_semicolon(struct parser *p);

/* ---- parse_stmt.c ------------------------------------------------------------------------- */

/* program = { statement } EOF; returns the PROGRAM node. */
uint32_t sim__js_program(struct parser *p);

/* params body, after `function [name]`, into FUNCTION or FUNCTION_DECL node fn. */
void sim__js_function_rest(struct parser *p, uint32_t fn, bool async);

/* Refuses `function*` (or `*method`) at its star, which it takes. */
void sim__js_refuse_generator(struct parser *p);

/* Refuses `class` at the current token. */
void sim__js_refuse_class(struct parser *p);

/* body = "{" statements "}" of a function whose context is set; returns the BLOCK. */
uint32_t sim__js_function_body(struct parser *p);

/* ---- parse_expr.c ------------------------------------------------------------------------- */

/* assignment, where no `{ a = 1 }` may stay pending; `in` an operator unless p->no_in. */
uint32_t sim__js_assignment(struct parser *p);

/* expression and assignment where `in` is an operator again (inside brackets, say, of a
 * for's initialiser, or a statement's own expression). */
uint32_t sim__js_expression_in(struct parser *p);
uint32_t sim__js_assignment_in(struct parser *p);

/* An expression that may be a pattern: a pending `{ a = 1 }` stays in p->cover_line. */
uint32_t sim__js_expression_cover(struct parser *p);
uint32_t sim__js_assignment_cover(struct parser *p);

/*
 * "..." assignment in a call, an array or an object literal, or a parenthesised list; with
 * `cover` the operand may become a rest element's target (a pending `{ a = 1 }` stays).
 */
uint32_t sim__js_spread(struct parser *p, bool cover);

/* Reports a pending `{ a = 1 }` that did not become a pattern. */
void sim__js_cover_check(struct parser *p);

/*
 * arguments = "(" [ [ "..." ] assignment { "," ... } [ "," ] ] ")", at the `(`, pushed onto the
 * current list; with `cover`, they may be an async arrow's parameters.
 */
void sim__js_arguments(struct parser *p, bool cover);

/* ---- parse_primary.c ---------------------------------------------------------------------- */

/* primary = IDENT | literals | function | arrow | "(" expression ")" | "import" "." "meta" */
uint32_t sim__js_primary(struct parser *p);

/* A NUMBER node for token t. */
uint32_t sim__js_number(struct parser *p, const struct js_token *t);

/* ---- parse_pattern.c ---------------------------------------------------------------------- */

/* binding = IDENT | object pattern | array pattern (declarations, parameters, catch). */
uint32_t sim__js_binding(struct parser *p);

/* binding [ "=" assignment ]: a DEFAULT when there is a default. */
uint32_t sim__js_binding_element(struct parser *p);

/* params = "(" [ param { "," param } ] ")", pushed onto the current list. */
void sim__js_params(struct parser *p);

/*
 * Reads expression n, already parsed, as a pattern, changing its nodes' kinds in place: an
 * assignment target when `binding` is false (members allowed), parameters or declarations
 * otherwise. Reports what cannot be one.
 */
void sim__js_to_pattern(struct parser *p, uint32_t n, bool binding);

/* Reads the expressions pushed since `mark` (a parenthesised list before =>) as parameters. */
void sim__js_to_params(struct parser *p, uint32_t mark);

/* key = name | STRING | NUMBER | "[" assignment "]"; *computed for the last. */
uint32_t sim__js_property_key(struct parser *p, bool *computed);

#endif
