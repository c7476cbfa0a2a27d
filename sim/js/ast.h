/*
 * ast.h - a JavaScript program as the front end reads it: a tree of nodes in one flat array.
 *
 * The scanner (lex.c) and the recursive-descent parser (parse.c) turn the bytes of a .js, .cjs or
 * .mjs file into a struct js_ast, or refuse it with located errors; nothing is printed and no
 * file is read (the caller hands the bytes in, as for a JSON scenario). The compiler of the next
 * step turns the tree into the engine's program.
 *
 * Nodes live in one array and name each other by index (JS_NONE: absent), so a tree is a few
 * allocations and a copy of it is a copy of arrays. Every node keeps the byte span and the line
 * and column of its first token, for errors and for the TUI's program pane, which marks the
 * running statement and expression in the user's own source.
 *
 * The subset is ../shared/spec/js-input.md's (docs/js-input.md says what loopsim adds); what
 * falls outside it is refused by the parser with an error that names the construct and says
 * what to write instead. parse.c holds the grammar at its top.
 */
#ifndef SIM_JS_AST_H
#define SIM_JS_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim.h"

#define JS_NONE UINT32_MAX

/* Bounds that keep a hostile file from exhausting the parser (each error names its bound). */
#define JS_MAX_SOURCE_BYTES (64u << 20) /* larger files are refused before scanning */
#define JS_MAX_DEPTH 256u               /* nesting of statements, expressions and patterns */
#define JS_MAX_ERRORS 20u               /* errors kept; the parser stops after this many */

/*
 * The kinds of node, and what each one's fields hold. a, b, c, d are child nodes (JS_NONE when
 * absent); `list`/`count` a run of child indexes in ast->lists; `str` a string of ast->strings;
 * `op` an enum js_op or a small code said below; `flags` the JS_F* bits.
 * X(enum suffix, name in dumps, what the fields hold)
 */
#define JS_NODE_MAP(X)                                                                             \
    /* The top */                                                                                  \
    X(PROGRAM, "program", "list: statements; flags: JS_F_MODULE when it is an ES module")          \
    /* Statements */                                                                               \
    X(VAR, "var", "op: JS_DECL_*; list: DECLARATORs")                                              \
    X(DECLARATOR, "declarator", "a: IDENT or a pattern; b: the initialiser or JS_NONE")            \
    X(FUNCTION_DECL, "function-decl",                                                              \
      "a: IDENT name; list: params; b: BLOCK body; flags: JS_F_ASYNC")                             \
    X(EXPR_STMT, "expr", "a: the expression")                                                      \
    X(BLOCK, "block", "list: statements")                                                          \
    X(EMPTY, "empty", "a lone ;")                                                                  \
    X(IF, "if", "a: test; b: then; c: else or JS_NONE")                                            \
    X(FOR, "for", "a: VAR, expression or JS_NONE; b: test or JS_NONE; c: update or JS_NONE; "      \
                  "d: body")                                                                       \
    X(FOR_OF, "for-of", "a: VAR with one DECLARATOR without initialiser, or an assignment "        \
                        "target (IDENT, MEMBER or a pattern); b: the iterated expression; c: body")\
    X(WHILE, "while", "a: test; b: body")                                                          \
    X(DO_WHILE, "do-while", "a: body; b: test")                                                    \
    X(BREAK, "break", "nothing (labels are refused)")                                              \
    X(CONTINUE, "continue", "nothing")                                                             \
    X(RETURN, "return", "a: the value or JS_NONE (outside any function only in CommonJS, where "   \
                        "node's module wrapper allows it: it ends the main script)")               \
    X(THROW, "throw", "a: the value")                                                              \
    X(TRY, "try", "a: BLOCK; b: catch parameter (IDENT or pattern) or JS_NONE; "                   \
                  "c: catch BLOCK or JS_NONE; d: finally BLOCK or JS_NONE")                        \
    X(SWITCH, "switch", "a: discriminant; list: CASEs in source order")                            \
    X(CASE, "case", "a: test, or JS_NONE for default; list: statements")                           \
    X(IMPORT, "import", "str: module specifier; list: IMPORT_SPECs")                               \
    X(IMPORT_SPEC, "import-spec", "op: JS_IMPORT_*; str: the imported name (named); a: IDENT")     \
    X(EXPORT, "export", "a: a declaration (VAR, FUNCTION_DECL) or, with JS_F_DEFAULT, an "         \
                        "expression or a FUNCTION_DECL (export default function f() {}); "        \
                        "list: EXPORT_SPECs for export { a, b as c }")                             \
    X(EXPORT_SPEC, "export-spec", "a: IDENT local; str: the exported name")                        \
    /* Expressions */                                                                              \
    X(NUMBER, "number", "num: the value")                                                          \
    X(STRING, "string", "str: the value, escapes decoded (a lone surrogate as 3-byte WTF-8)")      \
    X(TEMPLATE, "template", "list: STRING, expression, STRING, ... (strings cooked; first and "    \
                            "last always present, maybe empty)")                                   \
    X(IDENT, "ident", "str: the name")                                                             \
    X(BOOL, "bool", "op: 0 false, 1 true")                                                         \
    X(NULL_LIT, "null", "nothing")                                                                 \
    X(THIS, "this", "nothing")                                                                     \
    X(ARRAY, "array", "list: elements (SPREAD allowed; holes are refused)")                        \
    X(OBJECT, "object", "list: PROPERTYs and SPREADs")                                             \
    X(PROPERTY, "property", "a: key (IDENT name, STRING, NUMBER, or with JS_F_COMPUTED an "        \
                            "expression); b: value; flags: JS_F_SHORTHAND, JS_F_METHOD")          \
    X(FUNCTION, "function", "a: IDENT name or JS_NONE; list: params; b: BLOCK, or with "           \
                            "JS_F_EXPR_BODY an expression; flags: JS_F_ASYNC, JS_F_ARROW")         \
    X(UNARY, "unary", "op: JS_OP_NOT, NEG, PLUS, TYPEOF, VOID, BITNOT; a: operand")                \
    X(UPDATE, "update", "op: JS_OP_INC or DEC; a: target; flags: JS_F_PREFIX")                     \
    X(BINARY, "binary", "op: an arithmetic, comparison, bitwise or `in`/`instanceof` JS_OP_*; "    \
                        "a, b")                                                                    \
    X(LOGICAL, "logical", "op: JS_OP_AND, OR, NULLISH; a, b")                                      \
    X(ASSIGN, "assign", "op: JS_OP_ASSIGN or a compound JS_OP_*_ASSIGN; a: target (IDENT, "       \
                        "MEMBER, or with JS_OP_ASSIGN a pattern: [a, b] = [b, a]); b: value")      \
    X(CONDITIONAL, "conditional", "a: test; b: then; c: else")                                     \
    X(CALL, "call", "a: callee; list: arguments (SPREAD allowed); flags: JS_F_OPTIONAL for f?.()") \
    X(NEW, "new", "a: constructor; list: arguments")                                               \
    X(MEMBER, "member", "a: object; b: IDENT property name, or with JS_F_COMPUTED an expression; " \
                        "flags: JS_F_OPTIONAL for o?.p")                                           \
    X(CHAIN, "chain", "a: a MEMBER or CALL chain holding JS_F_OPTIONAL links: how far a?.b.c "     \
                      "stops short when a is nullish (to the parenthesis in (a?.b).c)")           \
    X(SEQUENCE, "sequence", "list: expressions (the comma operator)")                              \
    X(AWAIT, "await", "a: operand")                                                                \
    X(SPREAD, "spread", "a: operand (...x in calls, arrays and objects)")                          \
    X(IMPORT_META, "import-meta", "nothing: import.meta")                                          \
    /* Patterns (declarations, parameters, catch, for-of) */                                      \
    X(OBJECT_PATTERN, "object-pattern", "list: PROPERTYs whose value is a pattern (IDENT, or "     \
                                        "MEMBER in an assignment); a REST last")                   \
    X(ARRAY_PATTERN, "array-pattern", "list: patterns; a REST last")                               \
    X(DEFAULT, "default", "a: target pattern; b: default value (x = 1 in a pattern)")              \
    X(REST, "rest", "a: target (...rest in parameters and patterns)")

enum js_node_kind {
#define X(e, name, what) JS_NODE_##e,
    JS_NODE_MAP(X)
#undef X
    JS_NODE_COUNT
};

/*
 * Operators, by their spelling in source. X(enum suffix, spelling)
 */
#define JS_OP_MAP(X)                                                                               \
    X(NONE, "")                                                                                    \
    X(ADD, "+") X(SUB, "-") X(MUL, "*") X(DIV, "/") X(MOD, "%") X(EXP, "**")                       \
    X(EQ, "==") X(NE, "!=") X(SEQ, "===") X(SNE, "!==")                                            \
    X(LT, "<") X(LE, "<=") X(GT, ">") X(GE, ">=")                                                  \
    X(BITAND, "&") X(BITOR, "|") X(BITXOR, "^") X(SHL, "<<") X(SHR, ">>") X(USHR, ">>>")           \
    X(IN, "in") X(INSTANCEOF, "instanceof")                                                        \
    X(AND, "&&") X(OR, "||") X(NULLISH, "?\?")                                                   \
    X(NOT, "!") X(NEG, "-u") X(PLUS, "+u") X(TYPEOF, "typeof") X(VOID, "void") X(BITNOT, "~")      \
    X(INC, "++") X(DEC, "--")                                                                      \
    X(ASSIGN, "=") X(ADD_ASSIGN, "+=") X(SUB_ASSIGN, "-=") X(MUL_ASSIGN, "*=")                     \
    X(DIV_ASSIGN, "/=") X(MOD_ASSIGN, "%=") X(EXP_ASSIGN, "**=")                                   \
    X(AND_ASSIGN, "&&=") X(OR_ASSIGN, "||=") X(NULLISH_ASSIGN, "?\?=")                             \
    X(BITAND_ASSIGN, "&=") X(BITOR_ASSIGN, "|=") X(BITXOR_ASSIGN, "^=") X(SHL_ASSIGN, "<<=")       \
    X(SHR_ASSIGN, ">>=") X(USHR_ASSIGN, ">>>=")

enum js_op {
#define X(e, spelling) JS_OP_##e,
    JS_OP_MAP(X)
#undef X
    JS_OP_COUNT
};

/* VAR's op. */
enum js_decl { JS_DECL_VAR, JS_DECL_LET, JS_DECL_CONST };

/* IMPORT_SPEC's op: import d from, import { n as a } from, import * as ns from. */
enum js_import { JS_IMPORT_DEFAULT, JS_IMPORT_NAMED, JS_IMPORT_NAMESPACE };

/* Node flags. */
enum {
    JS_F_MODULE = 1u << 0,    /* PROGRAM: ES module syntax (import, export, top-level await) */
    JS_F_ASYNC = 1u << 1,     /* FUNCTION, FUNCTION_DECL, PROPERTY method */
    JS_F_ARROW = 1u << 2,     /* FUNCTION */
    JS_F_EXPR_BODY = 1u << 3, /* FUNCTION: an arrow whose body is an expression */
    JS_F_COMPUTED = 1u << 4,  /* MEMBER o[x]; PROPERTY [k]: v */
    JS_F_OPTIONAL = 1u << 5,  /* MEMBER o?.p, o?.[x]; CALL f?.() */
    JS_F_SHORTHAND = 1u << 6, /* PROPERTY { a } */
    JS_F_METHOD = 1u << 7,    /* PROPERTY { m() {} }: b is a FUNCTION */
    JS_F_PREFIX = 1u << 8,    /* UPDATE ++x */
    JS_F_DEFAULT = 1u << 9,   /* EXPORT default */
    JS_F_TOP_AWAIT = 1u << 10, /* PROGRAM: an await outside any function */
};

/* One node. */
struct js_node {
    uint8_t kind;           /* enum js_node_kind */
    uint8_t op;             /* enum js_op, enum js_decl, enum js_import, or BOOL's value */
    uint16_t flags;         /* JS_F_* */
    uint32_t line;          /* 1-based line of the first token */
    uint32_t col;           /* 1-based column of the first token, in characters */
    uint32_t start;         /* byte offset of the first token */
    uint32_t end;           /* byte offset just past the last token */
    uint32_t a, b, c, d;    /* children, JS_NONE when absent (see JS_NODE_MAP) */
    uint32_t list;          /* first index of the children in ast->lists */
    uint32_t count;         /* how many */
    uint32_t str;           /* a string of ast->strings, or JS_NONE */
    double num;             /* NUMBER's value */
};

/* A string: identifier names and decoded literals (UTF-8; may hold NUL bytes). */
struct js_string {
    const char *bytes;      /* NUL-terminated, in the tree's arena */
    uint32_t len;
};

/*
 * A `// loopsim: ...` or `/ * loopsim: ... * /` comment: the annotations of js-input.md (a
 * duration, several, or `config KEY=VALUE ...`; the compiler reads them). `text` is what follows
 * "loopsim:", trimmed.
 */
struct js_annotation {
    uint32_t line;
    uint32_t col;           /* where the comment starts */
    uint32_t start;         /* byte offset of the comment */
    bool line_comment;      /* // rather than / * * / */
    bool own_line;          /* nothing but white space before it on its line */
    const char *text;       /* in the tree's arena */
};

/* One error; the first is also copied into the caller's struct sim_diag. */
struct js_error {
    int code;               /* SIM_ESYNTAX, or SIM_ELIMIT for a bound of this header */
    uint32_t line;
    uint32_t col;
    char message[256];
};

/* A parsed program. Everything belongs to it and goes with sim__js_ast_destroy. */
struct js_ast {
    struct js_node *nodes;
    uint32_t node_count;
    uint32_t *lists;
    uint32_t list_count;
    struct js_string *strings;
    uint32_t string_count;
    struct js_annotation *annotations;
    uint32_t annotation_count;
    uint32_t root;          /* the PROGRAM node */
    struct js_error errors[JS_MAX_ERRORS];
    uint32_t error_count;   /* at most JS_MAX_ERRORS: the parser stops at the last one */
    void *arena;            /* strings and annotation texts (struct chunk *, sim/load/arena.h) */
};

/*
 * Parses `len` bytes of JavaScript. Returns the tree, which the caller frees with
 * sim__js_ast_destroy, or NULL with `diag` filled: a syntax error or a refused construct (the
 * first error; the tree-less call keeps the others nowhere, see sim__js_parse_all), a file over
 * JS_MAX_SOURCE_BYTES (SIM_ELIMIT), or SIM_ENOMEM (diag.code holds a SIM_E* value, as the JSON
 * loader's does). `module` forces ES module parsing (an .mjs file);
 * otherwise module syntax makes the program a module (node v20's detection for .js). The buffer
 * is only read.
 */
struct js_ast *sim__js_parse(const char *buf, size_t len, bool module, struct sim_diag *diag);

/*
 * Like sim__js_parse, but returns the tree even when it has errors (ast->error_count > 0; the
 * tree is then partial, and `diag` holds the first error), so that a front end can print every
 * error found. NULL only when out of memory or over JS_MAX_SOURCE_BYTES, with `diag` filled.
 */
struct js_ast *sim__js_parse_all(const char *buf, size_t len, bool module, struct sim_diag *diag);

/* Frees a tree; accepts NULL. */
void sim__js_ast_destroy(struct js_ast *ast);

/* The name of a node kind or operator, for dumps and messages; never NULL. */
const char *sim__js_node_name(enum js_node_kind kind);
const char *sim__js_op_spelling(enum js_op op);

/*
 * Writes node `n` and its subtree as one S-expression into buf (at most `size` bytes,
 * NUL-terminated), e.g. "(binary + (ident a) (binary * (ident b) (number 2)))"; returns the
 * length it needed, like snprintf. For tests and `loopsim dump --ast`.
 */
size_t sim__js_dump(const struct js_ast *ast, uint32_t n, char *buf, size_t size);

#endif
