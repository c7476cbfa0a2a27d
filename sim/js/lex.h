/*
 * lex.h - the JavaScript scanner (sim/js/ only): bytes in, one token at a time out.
 *
 * Like clox's scanner, it is pulled by the parser: sim__lex_next returns the next token with its
 * line and column (1-based, in characters: a tab is one) and its byte span, and whether a line
 * break came before it (automatic semicolon insertion, `return`'s and postfix `++`'s rules). It
 * never allocates for tokens: a string or template token is a span whose value the parser cooks
 * with sim__lex_cook, a number one that sim__lex_number reads. What the scanner refuses comes
 * back as a JS_TOK_ERROR token whose `error` says why; the parser reports it.
 *
 * Comments are skipped, except `// loopsim: ...` and `/ * loopsim: ... * /`, which it appends to
 * the tree's annotations (their text in the tree's arena). A `/` is always division: the parser
 * refuses a regular expression where an expression starts, so the scanner needs no context.
 * Template literals are scanned in parts (`a${`, `}b${`, `}c``), the scanner keeping which `}`
 * closes a substitution.
 */
#ifndef SIM_JS_LEX_H
#define SIM_JS_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "js/ast.h"
#include "load/arena.h"

/*
 * The tokens: X(enum suffix, spelling in messages). The punctuators run from LPAREN to
 * NULLISH_ASSIGN, and the scanner takes the longest spelling that matches (`?\?=` is how C
 * writes "??=" without reading a trigraph). Keywords run from AWAIT to YIELD, in alphabetical
 * order; every one of them may also be a property name (o.default, {new: 1}).
 */
#define JS_TOKEN_MAP(X)                                                                            \
    X(EOF, "end of input") X(ERROR, "error")                                                       \
    X(IDENT, "identifier") X(NUMBER, "number") X(STRING, "string")                                 \
    X(TEMPLATE, "template") X(TEMPLATE_HEAD, "template") X(TEMPLATE_MIDDLE, "template")            \
    X(TEMPLATE_TAIL, "template")                                                                   \
    X(LPAREN, "(") X(RPAREN, ")") X(LBRACE, "{") X(RBRACE, "}") X(LBRACKET, "[")                   \
    X(RBRACKET, "]") X(SEMICOLON, ";") X(COMMA, ",") X(DOT, ".") X(ELLIPSIS, "...")                \
    X(QUESTION, "?") X(QUESTION_DOT, "?.") X(COLON, ":") X(ARROW, "=>")                            \
    X(LT, "<") X(GT, ">") X(LE, "<=") X(GE, ">=") X(EQ, "==") X(NE, "!=") X(SEQ, "===")            \
    X(SNE, "!==") X(PLUS, "+") X(MINUS, "-") X(STAR, "*") X(SLASH, "/") X(PERCENT, "%")            \
    X(STAR_STAR, "**") X(INC, "++") X(DEC, "--") X(SHL, "<<") X(SHR, ">>") X(USHR, ">>>")          \
    X(AMP, "&") X(PIPE, "|") X(CARET, "^") X(BANG, "!") X(TILDE, "~") X(AND, "&&") X(OR, "||")     \
    X(NULLISH, "??")                                                                               \
    X(ASSIGN, "=") X(PLUS_ASSIGN, "+=") X(MINUS_ASSIGN, "-=") X(STAR_ASSIGN, "*=")                 \
    X(SLASH_ASSIGN, "/=") X(PERCENT_ASSIGN, "%=") X(STAR_STAR_ASSIGN, "**=")                       \
    X(SHL_ASSIGN, "<<=") X(SHR_ASSIGN, ">>=") X(USHR_ASSIGN, ">>>=") X(AMP_ASSIGN, "&=")           \
    X(PIPE_ASSIGN, "|=") X(CARET_ASSIGN, "^=") X(AND_ASSIGN, "&&=") X(OR_ASSIGN, "||=")            \
    X(NULLISH_ASSIGN, "?\?=")                                                                      \
    X(AWAIT, "await") X(BREAK, "break") X(CASE, "case") X(CATCH, "catch") X(CLASS, "class")        \
    X(CONST, "const") X(CONTINUE, "continue") X(DEBUGGER, "debugger") X(DEFAULT, "default")        \
    X(DELETE, "delete") X(DO, "do") X(ELSE, "else") X(ENUM, "enum") X(EXPORT, "export")            \
    X(EXTENDS, "extends") X(FALSE, "false") X(FINALLY, "finally") X(FOR, "for")                    \
    X(FUNCTION, "function") X(IF, "if") X(IMPORT, "import") X(IN, "in")                            \
    X(INSTANCEOF, "instanceof") X(LET, "let") X(NEW, "new") X(NULL, "null") X(RETURN, "return")    \
    X(SUPER, "super") X(SWITCH, "switch") X(THIS, "this") X(THROW, "throw") X(TRUE, "true")        \
    X(TRY, "try") X(TYPEOF, "typeof") X(VAR, "var") X(VOID, "void") X(WHILE, "while")              \
    X(WITH, "with") X(YIELD, "yield")

enum js_tok {
#define X(e, spelling) JS_TOK_##e,
    JS_TOKEN_MAP(X)
#undef X
    JS_TOK_COUNT
};

/* One token. */
struct js_token {
    uint8_t kind;           /* enum js_tok */
    bool newline_before;    /* a line break (or a comment holding one) since the last token */
    uint32_t line;          /* 1-based */
    uint32_t col;           /* 1-based, in characters */
    uint32_t start;         /* byte offset of its first byte */
    uint32_t end;           /* byte offset just past it */
    uint32_t braces;        /* `{` open before it (a `}` counts the one it closes) */
    uint32_t parens;        /* `(` open before it, the same way */
    const char *error;      /* JS_TOK_ERROR: why, a static sentence */
};

/* Template literals nested deeper than this are refused (the parser's bound comes first). */
#define JS_LEX_MAX_TEMPLATES (JS_MAX_DEPTH + 8u)

/* The scanner's state: where it is, and where the annotations go. */
struct lexer {
    const char *src;        /* borrowed; valid UTF-8 without NUL (sim__lex_check_text) */
    uint32_t len;
    uint32_t pos;           /* the next byte */
    uint32_t line;
    uint32_t col;           /* of the next byte */
    bool newline;           /* a line break since the last token */
    bool first;             /* no token yet */
    bool line_blank;        /* nothing but white space so far on this line */
    uint32_t braces;        /* `{` open, for knowing which `}` ends a substitution */
    uint32_t parens;        /* `(` open, for recovery: a `;` inside them ends no statement */
    uint32_t templates;     /* open substitutions */
    uint32_t template_braces[JS_LEX_MAX_TEMPLATES]; /* `braces` when each one opened */
    struct js_ast *ast;     /* gets the annotations */
    uint32_t annotation_cap;
    struct chunk **arena;   /* their text */
    bool nomem;             /* an annotation could not be stored */
};

/*
 * Starts scanning src[0..len) (at most JS_MAX_SOURCE_BYTES, checked by sim__lex_check_text),
 * past a byte order mark and a `#!` line. Annotations go to `ast`, their text to *arena.
 */
void sim__lex_init(struct lexer *lx, const char *src, uint32_t len, struct js_ast *ast,
                   struct chunk **arena);

/* The next token; JS_TOK_EOF at the end, again and again. */
struct js_token sim__lex_next(struct lexer *lx);

/*
 * Checks that src[0..len) is text the scanner may read: UTF-8 without NUL bytes. Returns true,
 * or false with the place of the first bad byte and a sentence in msg.
 */
bool sim__lex_check_text(const char *src, uint32_t len, uint32_t *line, uint32_t *col, char *msg,
                         size_t size);

/*
 * Decodes the body of a string or template token (between its delimiters, escapes checked by
 * the scanner) into `out`, which has room for `n` bytes: a value is never longer than its
 * source. A lone surrogate escape is written as its 3-byte (WTF-8) form; `tmpl` turns CR and
 * CR LF into LF. Returns the length written.
 */
size_t sim__lex_cook(const char *s, size_t n, bool tmpl, char *out);

/*
 * The value of the number token s[0..n), written into `buf` (n + 1 bytes) on the way for
 * strtod. 1e999 is infinity, as in JavaScript.
 */
double sim__lex_number(const char *s, size_t n, char *buf);

/* A token kind's spelling (its keyword or punctuator, or a word for the others); never NULL. */
const char *sim__lex_token_name(enum js_tok kind);

/* True for the keyword tokens (AWAIT to YIELD). */
bool sim__lex_is_keyword(enum js_tok kind);

#endif
