/*
 * parse.c - the recursive-descent parser of loopsim's JavaScript: the grammar, the token stream,
 * errors and their recovery, and the tree's arrays (ast.h says what the tree holds).
 *
 * One function per rule, named after it, in parse_stmt.c (statements, functions, modules),
 * parse_expr.c (expressions) and parse_pattern.c (patterns). The subset of
 * ../shared/spec/js-input.md, as EBNF; `;` is a semicolon or where JavaScript inserts one (a
 * line break before the next token, a `}`, the end):
 *
 *   program      = { statement } EOF
 *   statement    = block | var ";" | function_decl | if | for | while | do_while | break
 *                | continue | return | throw | try | switch | import_decl | export_decl
 *                | ";" | expression ";"
 *   block        = "{" { statement } "}"
 *   var          = ( "var" | "let" | "const" ) declarator { "," declarator }
 *   declarator   = binding [ "=" assignment ]
 *   function_decl = [ "async" ] "function" IDENT params body
 *   if           = "if" "(" expression ")" statement [ "else" statement ]
 *   for          = "for" "(" ( for_of | [ var | expression ] ";" [ expression ] ";"
 *                  [ expression ] ) ")" statement          (no `in` operator in the initialiser)
 *   for_of       = ( ( "var" | "let" | "const" ) binding | target ) "of" assignment
 *   while        = "while" "(" expression ")" statement
 *   do_while     = "do" statement "while" "(" expression ")" [ ";" ]
 *   break        = "break" ";"       continue = "continue" ";"       (labels are refused)
 *   return       = "return" [ expression ] ";"   (the expression on the same line)
 *   throw        = "throw" expression ";"        (the expression on the same line)
 *   try          = "try" block [ "catch" [ "(" binding ")" ] block ] [ "finally" block ]
 *   switch       = "switch" "(" expression ")" "{" { case } "}"
 *   case         = ( "case" expression | "default" ) ":" { statement }
 *   import_decl  = "import" ( STRING | import_clause "from" STRING ) ";"
 *   import_clause = IDENT [ "," ( namespace | named ) ] | namespace | named
 *   namespace    = "*" "as" IDENT
 *   named        = "{" [ ( name | STRING ) [ "as" IDENT ] { "," ... } [ "," ] ] "}"
 *   export_decl  = "export" ( var ";" | function_decl | "default" ( function | assignment ";" )
 *                | "{" [ IDENT [ "as" name ] { "," ... } [ "," ] ] "}" ";" )
 *
 *   expression   = assignment { "," assignment }
 *   assignment   = arrow | conditional [ assign_op assignment ]   (the target: IDENT, member,
 *                  or with "=" an array or object literal read as a pattern)
 *   arrow        = [ "async" ] ( IDENT | "(" [ cover_list ] ")" ) "=>" ( body | assignment )
 *   cover_list   = ( assignment | "..." assignment ) { "," ... } [ "," ]   (read as params)
 *   conditional  = binary [ "?" assignment ":" assignment ]
 *   binary       = unary { binary_op unary }   (precedence climbing, table in parse_expr.c)
 *   unary        = ( "!" | "-" | "+" | "~" | "typeof" | "void" | "await" ) unary
 *                | ( "++" | "--" ) unary | postfix
 *   postfix      = call [ "++" | "--" ]         (the operator on the same line)
 *   call         = ( new | primary ) { "." name | "[" expression "]" | arguments
 *                | "?." ( name | "[" expression "]" | arguments ) }
 *   new          = "new" ( new | primary ) { "." name | "[" expression "]" } [ arguments ]
 *   arguments    = "(" [ ( [ "..." ] assignment ) { "," ... } [ "," ] ] ")"
 *   primary      = IDENT | NUMBER | STRING | template | "true" | "false" | "null" | "this"
 *                | array | object | function | "(" expression ")" | "import" "." "meta"
 *   template     = TEMPLATE | TEMPLATE_HEAD expression { TEMPLATE_MIDDLE expression }
 *                  TEMPLATE_TAIL
 *   array        = "[" [ [ "..." ] assignment { "," ... } [ "," ] ] "]"     (no holes)
 *   object       = "{" [ property { "," property } [ "," ] ] "}"
 *   property     = "..." assignment | key ":" assignment | [ "async" ] key params body
 *                | IDENT [ "=" assignment ]       (the default only in a pattern)
 *   key          = name | STRING | NUMBER | "[" assignment "]"
 *   function     = [ "async" ] "function" [ IDENT ] params body
 *
 *   binding      = IDENT | object_pattern | array_pattern
 *   object_pattern = "{" [ ( key ":" element | IDENT [ "=" assignment ] ) { "," ... }
 *                  [ "," "..." IDENT ] ] "}"
 *   array_pattern = "[" [ element { "," element } [ "," "..." binding ] ] "]"
 *   element      = binding [ "=" assignment ]
 *   params       = "(" [ element { "," element } [ "," "..." binding ] [ "," ] ] ")"
 *   body         = "{" { statement } "}"
 *
 * Errors: each is reported at its token with V8's words where V8 has them, and then nothing
 * more until the parser is back at a statement boundary (clox's panic mode): the next `;` or
 * `}` outside the braces skipped, or a statement keyword first on its line. At JS_MAX_ERRORS
 * errors, past JS_MAX_DEPTH levels, or out of memory, the input ends there.
 */
#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Identifiers quoted in messages are cut to this many bytes (at a character boundary). */
#define NAME_BYTES 40

/* ---- Growing arrays ----------------------------------------------------------------------- */

/* The array `arr` of *cap elements of `size` bytes, doubled; NULL (arr kept) out of memory. */
static void *grow(void *arr, uint32_t *cap, size_t size)
{
    uint32_t want = *cap != 0 ? *cap * 2 : 64;
    if (*cap > UINT32_MAX / 4 || (size_t)want > SIZE_MAX / size) {
        return NULL;
    }
    void *grown = realloc(arr, (size_t)want * size);
    if (grown != NULL) {
        *cap = want;
    }
    return grown;
}

/* Ends the input: the parse stops at once, every loop seeing the end. */
static void halt(struct parser *p)
{
    p->stop = true;
    p->has_ahead = false;
    p->cur.kind = JS_TOK_EOF;
}

void sim__js_out_of_memory(struct parser *p)
{
    p->nomem = true;
    halt(p);
}

/* ---- Tokens ------------------------------------------------------------------------------- */

void sim__js_advance(struct parser *p)
{
    p->prev = p->cur;
    for (;;) {
        if (p->stop) {
            p->cur.kind = JS_TOK_EOF;
            return;
        }
        if (p->has_ahead) {
            p->cur = p->ahead;
            p->has_ahead = false;
        } else {
            p->cur = sim__lex_next(&p->lx);
        }
        if (p->lx.nomem) {
            sim__js_out_of_memory(p);
        } else if (p->cur.kind != JS_TOK_ERROR) {
            return;
        } else {
            sim__js_error(p, &p->cur, "%s", p->cur.error);
        }
    }
}

bool sim__js_match(struct parser *p, enum js_tok kind)
{
    if (!check(p, kind)) {
        return false;
    }
    sim__js_advance(p);
    return true;
}

bool sim__js_expect(struct parser *p, enum js_tok kind)
{
    if (sim__js_match(p, kind)) {
        return true;
    }
    sim__js_unexpected(p, &p->cur);
    return false;
}

const struct js_token *sim__js_peek(struct parser *p)
{
    if (!p->has_ahead && !p->stop) {
        p->ahead = sim__lex_next(&p->lx);
        p->has_ahead = true;
    }
    if (p->stop) {
        p->ahead = p->cur;
    }
    return &p->ahead;
}

bool sim__js_is_word(const struct parser *p, const struct js_token *t, const char *name)
{
    size_t n = strlen(name);
    return t->kind == JS_TOK_IDENT && t->end - t->start == n &&
           memcmp(p->lx.src + t->start, name, n) == 0;
}

bool sim__js_at_name(const struct parser *p)
{
    return check(p, JS_TOK_IDENT) || sim__lex_is_keyword((enum js_tok)p->cur.kind);
}

/* ---- Errors ------------------------------------------------------------------------------- */

/* Records an error (whatever the panic: the caller decided). */
static void record(struct parser *p, int code, uint32_t line, uint32_t col, const char *fmt,
                   va_list ap) __attribute__((format(printf, 5, 0)));

static void record(struct parser *p, int code, uint32_t line, uint32_t col, const char *fmt,
                   va_list ap)
{
    struct js_ast *ast = p->ast;
    if (ast->error_count >= JS_MAX_ERRORS) {
        return;
    }
    struct js_error *e = &ast->errors[ast->error_count++];
    e->code = code;
    e->line = line;
    e->col = col;
    vsnprintf(e->message, sizeof(e->message), fmt, ap);
    p->panic = true;
    if (ast->error_count == JS_MAX_ERRORS) {
        halt(p);
    }
}

/* Records an error with its code, even while recovering (a bound was reached). */
static void report(struct parser *p, int code, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void report(struct parser *p, int code, uint32_t line, uint32_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(p, code, line, col, fmt, ap);
    va_end(ap);
}

void sim__js_error_at(struct parser *p, uint32_t line, uint32_t col, const char *fmt, ...)
{
    if (p->panic || p->stop) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    record(p, SIM_ESYNTAX, line, col, fmt, ap);
    va_end(ap);
}

void sim__js_error(struct parser *p, const struct js_token *t, const char *fmt, ...)
{
    if (p->panic || p->stop) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    record(p, SIM_ESYNTAX, t->line, t->col, fmt, ap);
    va_end(ap);
}

void sim__js_error_node(struct parser *p, uint32_t n, const char *fmt, ...)
{
    if (p->panic || p->stop) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    record(p, SIM_ESYNTAX, at(p, n)->line, at(p, n)->col, fmt, ap);
    va_end(ap);
}

/* How many bytes of s[0..n) to quote: at most NAME_BYTES, never half a character. */
static int quoted_len(const char *s, size_t n)
{
    if (n <= NAME_BYTES) {
        return (int)n;
    }
    n = NAME_BYTES;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) {
        n--;
    }
    return (int)n;
}

void sim__js_unexpected(struct parser *p, const struct js_token *t)
{
    const char *text = p->lx.src + t->start;
    switch (t->kind) {
    case JS_TOK_EOF:
        sim__js_error(p, t, "Unexpected end of input");
        break;
    case JS_TOK_IDENT:
        sim__js_error(p, t, "Unexpected identifier '%.*s'", quoted_len(text, t->end - t->start),
                      text);
        break;
    case JS_TOK_NUMBER:
        sim__js_error(p, t, "Unexpected number");
        break;
    case JS_TOK_STRING:
        sim__js_error(p, t, "Unexpected string");
        break;
    case JS_TOK_TEMPLATE:
    case JS_TOK_TEMPLATE_HEAD:
    case JS_TOK_TEMPLATE_MIDDLE:
    case JS_TOK_TEMPLATE_TAIL:
        sim__js_error(p, t, "Unexpected template string");
        break;
    case JS_TOK_ERROR:
        sim__js_error(p, t, "%s", t->error);
        break;
    default:
        sim__js_error(p, t, "Unexpected token '%s'", sim__lex_token_name((enum js_tok)t->kind));
        break;
    }
}

bool sim__js_enter(struct parser *p)
{
    if (p->depth < JS_MAX_DEPTH) {
        p->depth++;
        return true;
    }
    if (!p->stop) {
        report(p, SIM_ELIMIT, p->cur.line, p->cur.col,
               "nested too deeply: more than %u levels of statements, expressions and patterns "
               "(JS_MAX_DEPTH)", JS_MAX_DEPTH);
    }
    halt(p);
    return false;
}

void sim__js_leave(struct parser *p)
{
    p->depth--;
}

/* ---- The tree ----------------------------------------------------------------------------- */

uint32_t sim__js_node(struct parser *p, enum js_node_kind kind, const struct js_token *t)
{
    struct js_ast *ast = p->ast;
    if (ast->node_count == p->node_cap) {
        void *grown = grow(ast->nodes, &p->node_cap, sizeof(*ast->nodes));
        if (grown == NULL) {
            sim__js_out_of_memory(p);
            return 0;
        }
        ast->nodes = grown;
    }
    uint32_t n = ast->node_count++;
    ast->nodes[n] = (struct js_node){
        .kind = (uint8_t)kind,
        .line = t->line,
        .col = t->col,
        .start = t->start,
        .end = t->end,
        .a = JS_NONE,
        .b = JS_NONE,
        .c = JS_NONE,
        .d = JS_NONE,
        .str = JS_NONE,
    };
    return n;
}

uint32_t sim__js_missing(struct parser *p)
{
    return sim__js_node(p, JS_NODE_NULL_LIT, &p->cur);
}

uint32_t sim__js_node_from(struct parser *p, enum js_node_kind kind, uint32_t first)
{
    struct js_node f = *at(p, first);
    struct js_token t = {0, false, f.line, f.col, f.start, f.end, 0, 0, NULL};
    return sim__js_node(p, kind, &t);
}

uint32_t sim__js_close(struct parser *p, uint32_t n)
{
    if (p->prev.end > at(p, n)->start) {
        at(p, n)->end = p->prev.end;
    }
    return n;
}

uint32_t sim__js_mark(const struct parser *p)
{
    return p->scratch_len;
}

void sim__js_push(struct parser *p, uint32_t child)
{
    if (p->scratch_len == p->scratch_cap) {
        void *grown = grow(p->scratch, &p->scratch_cap, sizeof(*p->scratch));
        if (grown == NULL) {
            sim__js_out_of_memory(p);
            return;
        }
        p->scratch = grown;
    }
    p->scratch[p->scratch_len++] = child;
}

void sim__js_list(struct parser *p, uint32_t n, uint32_t mark)
{
    struct js_ast *ast = p->ast;
    uint32_t count = p->scratch_len - mark;
    p->scratch_len = mark;
    at(p, n)->count = 0;
    if (count == 0) {
        return;
    }
    while (p->list_cap - ast->list_count < count) {
        void *grown = grow(ast->lists, &p->list_cap, sizeof(*ast->lists));
        if (grown == NULL) {
            sim__js_out_of_memory(p);
            return;
        }
        ast->lists = grown;
    }
    memcpy(ast->lists + ast->list_count, p->scratch + mark, count * sizeof(*ast->lists));
    at(p, n)->list = ast->list_count;
    at(p, n)->count = count;
    ast->list_count += count;
}

/* Room for a string of len bytes and its NUL in the arena, with its entry; JS_NONE on failure. */
static uint32_t new_string(struct parser *p, size_t len, char **bytes)
{
    struct js_ast *ast = p->ast;
    if (ast->string_count == p->string_cap) {
        void *grown = grow(ast->strings, &p->string_cap, sizeof(*ast->strings));
        if (grown == NULL) {
            sim__js_out_of_memory(p);
            return JS_NONE;
        }
        ast->strings = grown;
    }
    *bytes = sim__arena_alloc(&p->arena, len + 1, 1);
    if (*bytes == NULL) {
        sim__js_out_of_memory(p);
        return JS_NONE;
    }
    ast->strings[ast->string_count] = (struct js_string){*bytes, (uint32_t)len};
    return ast->string_count++;
}

uint32_t sim__js_string(struct parser *p, const char *s, size_t len)
{
    char *bytes = NULL;
    uint32_t k = new_string(p, len, &bytes);
    if (k != JS_NONE) {
        memcpy(bytes, s, len);
        bytes[len] = '\0';
    }
    return k;
}

uint32_t sim__js_name(struct parser *p, const struct js_token *t)
{
    return sim__js_string(p, p->lx.src + t->start, t->end - t->start);
}

uint32_t sim__js_cook(struct parser *p, const struct js_token *t, uint32_t front, uint32_t back)
{
    size_t raw = t->end - t->start - front - back;
    char *bytes = NULL;
    uint32_t k = new_string(p, raw, &bytes);
    if (k != JS_NONE) {
        bool tmpl = p->lx.src[t->start] == '`' || p->lx.src[t->start] == '}';
        size_t len = sim__lex_cook(p->lx.src + t->start + front, raw, tmpl, bytes);
        bytes[len] = '\0';
        p->ast->strings[k].len = (uint32_t)len;
    }
    return k;
}

uint32_t sim__js_ident(struct parser *p, const struct js_token *t)
{
    uint32_t n = sim__js_node(p, JS_NODE_IDENT, t);
    at(p, n)->str = sim__js_name(p, t);
    return n;
}

uint32_t sim__js_string_node(struct parser *p, const struct js_token *t, uint32_t front,
                             uint32_t back)
{
    uint32_t n = sim__js_node(p, JS_NODE_STRING, t);
    at(p, n)->str = sim__js_cook(p, t, front, back);
    return n;
}

void sim__js_semicolon(struct parser *p)
{
    if (sim__js_match(p, JS_TOK_SEMICOLON)) {
        return;
    }
    if (!check(p, JS_TOK_RBRACE) && !check(p, JS_TOK_EOF) && !p->cur.newline_before) {
        sim__js_unexpected(p, &p->cur);
    }
}

/* ---- Recovery ----------------------------------------------------------------------------- */

/* Whether a token first on its line starts a statement again, after an error. */
static bool restarts(enum js_tok kind)
{
    switch (kind) {
    case JS_TOK_VAR:
    case JS_TOK_LET:
    case JS_TOK_CONST:
    case JS_TOK_FUNCTION:
    case JS_TOK_CLASS:
    case JS_TOK_IF:
    case JS_TOK_FOR:
    case JS_TOK_WHILE:
    case JS_TOK_DO:
    case JS_TOK_RETURN:
    case JS_TOK_THROW:
    case JS_TOK_TRY:
    case JS_TOK_SWITCH:
    case JS_TOK_CASE:
    case JS_TOK_DEFAULT:
    case JS_TOK_BREAK:
    case JS_TOK_CONTINUE:
    case JS_TOK_IMPORT:
    case JS_TOK_EXPORT:
        return true;
    default:
        return false;
    }
}

/* Whether t was a `}` back to the list's level at the end of a line: a statement may follow. */
static bool ended_block(const struct parser *p, const struct js_token *t, uint32_t braces)
{
    return t->kind == JS_TOK_RBRACE && t->braces == braces + 1 && p->cur.newline_before;
}

void sim__js_synchronize(struct parser *p, uint32_t braces, uint32_t parens)
{
    p->panic = false;
    if (p->prev.kind == JS_TOK_SEMICOLON || ended_block(p, &p->prev, braces)) {
        return;
    }
    while (!check(p, JS_TOK_EOF)) {
        bool level = p->cur.braces == braces;
        if (level && (check(p, JS_TOK_RBRACE) ||
                      (p->cur.newline_before && restarts((enum js_tok)p->cur.kind)))) {
            return;
        }
        struct js_token t = p->cur;
        sim__js_advance(p);
        if (level && t.parens == parens && t.kind == JS_TOK_SEMICOLON) {
            return; /* past the `;` of this list, not of a for's head */
        }
        if (ended_block(p, &t, braces)) {
            return;
        }
    }
}

/* ---- The API ------------------------------------------------------------------------------ */

/* Puts the errors in the order of the source (a CommonJS return found late is earlier). */
static void sort_errors(struct js_ast *ast)
{
    for (uint32_t i = 1; i < ast->error_count; i++) {
        struct js_error e = ast->errors[i];
        uint32_t k = i;
        while (k > 0 && (ast->errors[k - 1].line > e.line ||
                         (ast->errors[k - 1].line == e.line && ast->errors[k - 1].col > e.col))) {
            ast->errors[k] = ast->errors[k - 1];
            k--;
        }
        ast->errors[k] = e;
    }
}

/* Parses the text once it is known to be UTF-8; the tree's root is the PROGRAM. */
static void parse_text(struct parser *p)
{
    char msg[sizeof(p->ast->errors[0].message)];
    uint32_t line = 1;
    uint32_t col = 1;
    if (!sim__lex_check_text(p->lx.src, p->lx.len, &line, &col, msg, sizeof(msg))) {
        struct js_token start = {JS_TOK_EOF, false, 1, 1, 0, 0, 0, 0, NULL};
        p->ast->root = sim__js_node(p, JS_NODE_PROGRAM, &start);
        report(p, SIM_ESYNTAX, line, col, "%s", msg);
        return;
    }
    sim__js_advance(p);
    p->ast->root = sim__js_program(p);
    struct js_ast *ast = p->ast;
    if (p->module) {
        p->program_flags |= JS_F_MODULE;
    }
    if ((p->program_flags & JS_F_MODULE) && p->return_line != 0) {
        report(p, SIM_ESYNTAX, p->return_line, p->return_col, "Illegal return statement");
    }
    at(p, ast->root)->flags |= p->program_flags;
    sort_errors(ast);
}

/* Fills diag with error e. */
static void copy_error(struct sim_diag *diag, const struct js_error *e)
{
    diag->code = e->code;
    diag->line = e->line;
    diag->col = e->col;
    snprintf(diag->message, sizeof(diag->message), "%s", e->message);
}

struct js_ast *sim__js_parse_all(const char *buf, size_t len, bool module, struct sim_diag *diag)
{
    memset(diag, 0, sizeof(*diag));
    if (len > JS_MAX_SOURCE_BYTES) {
        diag->code = SIM_ELIMIT;
        snprintf(diag->message, sizeof(diag->message),
                 "the file is larger than %u MiB (JS_MAX_SOURCE_BYTES)", JS_MAX_SOURCE_BYTES >> 20);
        return NULL;
    }
    struct js_ast *ast = calloc(1, sizeof(*ast));
    struct parser *p = calloc(1, sizeof(*p));
    if (ast != NULL && p != NULL) {
        p->ast = ast;
        p->module = module;
        sim__lex_init(&p->lx, buf != NULL ? buf : "", buf != NULL ? (uint32_t)len : 0, ast,
                      &p->arena);
        parse_text(p);
        ast->arena = p->arena;
        free(p->scratch);
    }
    bool failed = p == NULL || ast == NULL || p->nomem;
    free(p);
    if (failed) {
        sim__js_ast_destroy(ast);
        diag->code = SIM_ENOMEM;
        snprintf(diag->message, sizeof(diag->message), "out of memory");
        return NULL;
    }
    if (ast->error_count > 0) {
        copy_error(diag, &ast->errors[0]);
    }
    return ast;
}

struct js_ast *sim__js_parse(const char *buf, size_t len, bool module, struct sim_diag *diag)
{
    struct js_ast *ast = sim__js_parse_all(buf, len, module, diag);
    if (ast != NULL && ast->error_count > 0) {
        sim__js_ast_destroy(ast);
        return NULL;
    }
    return ast;
}

void sim__js_ast_destroy(struct js_ast *ast)
{
    if (ast == NULL) {
        return;
    }
    free(ast->nodes);
    free(ast->lists);
    free(ast->strings);
    free(ast->annotations);
    sim__arena_free(ast->arena);
    free(ast);
}
