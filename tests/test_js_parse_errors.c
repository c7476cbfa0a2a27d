/*
 * test_js_parse_errors.c - what the JavaScript front end refuses, and how: every construct
 * outside the subset (at its token, saying what to write instead), syntax errors in V8's words,
 * recovery at statement boundaries, the bounds of ast.h, and bytes that are not JavaScript
 * text; never a crash. The helpers are test_js_parse.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "test_js_parse.h"
#include "test_util.h"

void js_check_refusals(const struct js_refusal *rows, size_t count, bool module)
{
    for (size_t i = 0; i < count; i++) {
        struct sim_diag d;
        struct js_ast *ast = sim__js_parse(rows[i].src, strlen(rows[i].src), module, &d);
        ck_assert_msg(ast == NULL, "row %zu accepted: %s", i, rows[i].src);
        ck_assert_msg(d.code == SIM_ESYNTAX || d.code == SIM_ELIMIT, "row %zu: code %d", i,
                      d.code);
        ck_assert_msg(strstr(d.message, rows[i].part) != NULL && d.line == rows[i].line &&
                          d.col == rows[i].col,
                      "row %zu, %s\n  got  %u:%u: %s\n  want %u:%u: ...%s...", i, rows[i].src,
                      d.line, d.col, d.message, rows[i].line, rows[i].col, rows[i].part);
    }
}

/* The errors of src, as "L:C: message" joined with " | ". */
static const char *all_errors(const char *src, size_t len, bool module)
{
    static char text[4096];
    struct sim_diag d;
    struct js_ast *ast = sim__js_parse_all(src, len, module, &d);
    ck_assert_ptr_nonnull(ast);
    size_t n = 0;
    text[0] = '\0';
    for (uint32_t i = 0; i < ast->error_count && n < sizeof(text); i++) {
        const struct js_error *e = &ast->errors[i];
        n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%u:%u: %s", i > 0 ? " | " : "",
                              e->line, e->col, e->message);
    }
    if (ast->error_count > 0) {
        ck_assert_int_eq(d.code, ast->errors[0].code);
        ck_assert_uint_eq(d.line, ast->errors[0].line);
        ck_assert_str_eq(d.message, ast->errors[0].message);
    } else {
        ck_assert_int_eq(d.code, 0);
    }
    sim__js_ast_destroy(ast);
    return text;
}

/* The errors of the NUL-terminated script src. */
static const char *errors_of(const char *src)
{
    return all_errors(src, strlen(src), false);
}

/* ---- Outside the subset (js-input.md): refused at the construct, with what to write ----- */

START_TEST(refused_constructs)
{
    static const struct js_refusal rows[] = {
        {"class A {}", 1, 1, "classes are not supported; use a function returning an object"},
        {"x = class {}", 1, 5, "classes are not supported"},
        {"function* g() {}", 1, 9, "generators (function*) are not supported"},
        {"x = function* () {}", 1, 13, "generators (function*) are not supported"},
        {"x = { *g() {} }", 1, 7, "generators (*method) are not supported"},
        {"x = { async *g() {} }", 1, 13, "generators (*method) are not supported"},
        {"function f() { yield 1 }", 1, 16, "generators (yield) are not supported"},
        {"label: for (;;) {}", 1, 1, "labels are not supported; use a flag variable"},
        {"for (;;) { break outer }", 1, 18, "labels are not supported"},
        {"for (;;) { continue outer }", 1, 21, "labels are not supported"},
        {"with (o) { x }", 1, 1, "'with' is not supported; name the object"},
        {"x = /ab+c/g", 1, 5, "regular expressions are not supported; use string methods"},
        {"x = a + /re/", 1, 9, "regular expressions are not supported"},
        {"x = /=re/", 1, 5, "regular expressions are not supported"},
        {"x = 123n", 1, 5, "BigInt literals (123n) are not supported; use a number"},
        {"x = 0x1Fn", 1, 5, "BigInt literals"},
        {"x = { get a() { return 1 } }", 1, 7, "getters and setters are not supported; use a "
                                              "method"},
        {"x = { set a(v) {} }", 1, 7, "getters and setters are not supported"},
        {"for (const k in o) {}", 1, 14, "for...in is not supported; use for (const key of "
                                         "Object.keys(obj))"},
        {"for (k in o) {}", 1, 8, "for...in is not supported"},
        {"async function f() { for await (const x of xs) {} }", 1, 26,
         "for await is not supported"},
        {"debugger", 1, 1, "'debugger' is not supported; remove it"},
        {"x = new.target", 1, 5, "new.target is not supported"},
        {"x = super.m()", 1, 5, "'super' is not supported"},
        {"x = f`tagged`", 1, 6, "tagged templates are not supported; call the function"},
        {"x = f`a${b}c`", 1, 6, "tagged templates are not supported"},
        {"x = 017", 1, 5, "legacy octal literals (017) are not supported; write 0o17"},
        {"x = 08", 1, 5, "numbers with leading zeros (08) are not supported"},
        {"x = '\\01'", 1, 6, "octal escape sequences are not supported; write \\x07"},
        {"x = 'a\\8'", 1, 7, "\\8 and \\9 are not allowed in strings"},
        {"<!-- x", 1, 1, "HTML comments (<!-- and -->) are not supported; use // comments"},
        {"y\n--> x", 2, 1, "HTML comments"},
        {"x = [1, , 2]", 1, 9, "array holes ([1, , 2]) are not supported; write undefined"},
        {"x = [, 1]", 1, 6, "array holes"},
        {"const [a, , b] = c", 1, 11, "array holes ([, b]) are not supported in patterns"},
        {"delete o.p", 1, 1, "the delete operator is not supported; set the property to "
                             "undefined"},
        {"x = import('m')", 1, 5, "dynamic import() is not supported; use an import"},
        {"x = o.#priv", 1, 7, "private names (#x) are not supported"},
        {"x = \\u0061", 1, 5, "unicode escapes in identifiers are not supported"},
        {"export * from 'm'", 1, 8, "export * from is not supported"},
        {"export { a } from 'm'", 1, 14, "export ... from is not supported"},
        {"function f() { import x from 'y' }", 1, 16, "import declarations may only appear at "
                                                      "the top level of a module"},
        {"if (a) { export const b = 1 }", 1, 10, "export declarations may only appear at the "
                                                 "top level"},
    };
    js_check_refusals(JS_ROWS(rows), false);
}
END_TEST

/* ---- Syntax errors, in V8's words --------------------------------------------------------- */

START_TEST(syntax_errors)
{
    static const struct js_refusal rows[] = {
        {"a b", 1, 3, "Unexpected identifier 'b'"},
        {"x = )", 1, 5, "Unexpected token ')'"},
        {"x = 1 2", 1, 7, "Unexpected number"},
        {"x = 1 'a'", 1, 7, "Unexpected string"},
        {"let `a`", 1, 5, "Unexpected template string"},
        {"f(a b)", 1, 5, "missing ) after argument list"},
        {"f(a", 1, 4, "missing ) after argument list"},
        {"(a", 1, 3, "Unexpected end of input"},
        {"{", 1, 2, "Unexpected end of input"},
        {"if (a) {\n  b()\n", 3, 1, "Unexpected end of input"},
        {"}", 1, 1, "Unexpected token '}'"},
        {"x = 'abc", 1, 5, "Unterminated string constant"},
        {"x = 'ab\nc'", 1, 5, "Unterminated string constant"},
        {"x = `abc", 1, 5, "Unterminated template literal"},
        {"x = `a${b", 1, 10, "Unterminated template literal"},
        {"/* never closed", 1, 1, "Unterminated comment"},
        {"x = @", 1, 5, "Invalid or unexpected token"},
        {"x = 3in", 1, 5, "Invalid or unexpected token"},
        {"x = 1.toString()", 1, 5, "Invalid or unexpected token"},
        {"x = 0x", 1, 5, "Invalid or unexpected token"},
        {"x = 1e", 1, 5, "Invalid or unexpected token"},
        {"x = 1_", 1, 5, "Numeric separators are not allowed at the end of numeric literals"},
        {"x = 1__0", 1, 5, "Only one underscore is allowed as numeric separator"},
        {"x = 0_1", 1, 5, "Numeric separator can not be used after leading 0."},
        {"x = 1._5", 1, 5, "Numeric separators are not allowed here"},
        {"x = '\\x4'", 1, 6, "Invalid hexadecimal escape sequence"},
        {"x = '\\u12'", 1, 6, "Invalid Unicode escape sequence"},
        {"x = '\\u{'", 1, 6, "Invalid Unicode escape sequence"},
        {"x = '\\u{110000}'", 1, 6, "Undefined Unicode code-point"},
        {"x = `\\u{110000}`", 1, 6, "Undefined Unicode code-point"},
        {"function f() { await x }", 1, 16, "await is only valid in async functions and the "
                                            "top level bodies of modules"},
        {"async function f() { [1].map(x => await x) }", 1, 35, "await is only valid"},
        {"break", 1, 1, "Illegal break statement"},
        {"continue", 1, 1, "Illegal continue statement: no surrounding iteration statement"},
        {"switch (a) { case 1: continue }", 1, 22, "Illegal continue statement"},
        {"for (;;) { function f() { break } }", 1, 27, "Illegal break statement"},
        {"const x;", 1, 7, "Missing initializer in const declaration"},
        {"let [a];", 1, 5, "Missing initializer in destructuring declaration"},
        {"const {a} = 1, b;", 1, 16, "Missing initializer in const declaration"},
        {"for (const i; ;) {}", 1, 12, "Missing initializer in const declaration"},
        {"-a ** b", 1, 4, "Unary operator used immediately before exponentiation expression"},
        {"typeof a ** b", 1, 10, "Unary operator used immediately before exponentiation"},
        {"async function f() { await a ** b }", 1, 30, "Unary operator used immediately"},
        {"a ?? b || c", 1, 8, "Unexpected token '||'"},
        {"a || b ?? c", 1, 8, "Unexpected token '?\?'"},
        {"a && b ?? c", 1, 8, "Unexpected token '?\?'"},
        {"a ?? b && c", 1, 8, "Unexpected token '&&'"},
        {"throw\nnew Error()", 1, 1, "Illegal newline after throw"},
        {"({a = 1})", 1, 5, "Invalid shorthand property initializer"},
        {"f({a = 1})", 1, 6, "Invalid shorthand property initializer"},
        {"x = [{a = 1}]", 1, 9, "Invalid shorthand property initializer"},
        {"a?.b = 1", 1, 1, "Invalid left-hand side in assignment"},
        {"1 = 2", 1, 1, "Invalid left-hand side in assignment"},
        {"f() = 1", 1, 1, "Invalid left-hand side in assignment"},
        {"[a] += 1", 1, 1, "Invalid left-hand side in assignment"},
        {"++1", 1, 3, "Invalid left-hand side expression in prefix operation"},
        {"f()++", 1, 1, "Invalid left-hand side expression in postfix operation"},
        {"a++ ++", 1, 5, "Unexpected token '++'"},
        {"[a + 1] = b", 1, 2, "Invalid destructuring assignment target"},
        {"({m() {}} = b)", 1, 3, "Invalid destructuring assignment target"},
        {"[...a = 1] = x", 1, 5, "Invalid destructuring assignment target"},
        {"[a += 1] = x", 1, 2, "Invalid destructuring assignment target"},
        {"[{a = 1}, b]", 1, 5, "Invalid shorthand property initializer"},
        {"const {...[a]} = x", 1, 11, "Unexpected token '['"},
        {"const {'a'} = x", 1, 11, "Unexpected token '}'"},
        {"(a.b) => 1", 1, 2, "Invalid destructuring assignment target"},
        {"(a + b) => 1", 1, 2, "Invalid destructuring assignment target"},
        {"(...a, b) => 1", 1, 2, "Rest parameter must be last formal parameter"},
        {"function f(...a, b) {}", 1, 16, "Rest parameter must be last formal parameter"},
        {"[...a, b] = c", 1, 2, "Rest element must be last element"},
        {"({...a, b} = c)", 1, 3, "Rest element must be last element"},
        {"const [...a, b] = c", 1, 12, "Rest element must be last element"},
        {"(a,)", 1, 4, "Unexpected token ')'"},
        {"()", 1, 2, "Unexpected token ')'"},
        {"(...a)", 1, 2, "Unexpected token '...'"},
        {"x = () \n=> 1", 2, 1, "Unexpected token '=>'"},
        {"a => {}.x", 1, 8, "Unexpected token '.'"},
        {"if (x) let y = 1;", 1, 8, "Lexical declaration cannot appear in a single-statement "
                                    "context"},
        {"while (x) function f() {}", 1, 11, "function declarations cannot appear in a "
                                             "single-statement context"},
        {"try {}", 1, 7, "Missing catch or finally after try"},
        {"switch (a) { default: default: }", 1, 23, "More than one default clause in switch "
                                                    "statement"},
        {"function () {}", 1, 10, "Function statements require a function name"},
        {"new a?.b()", 1, 6, "Invalid optional chain from new expression"},
        {"a?.b`t`", 1, 5, "Invalid tagged template on optional chain"},
        {"let let = 1", 1, 5, "let is disallowed as a lexically bound name"},
        {"x = {a b}", 1, 8, "Unexpected identifier 'b'"},
        {"x = [a b]", 1, 8, "Unexpected identifier 'b'"},
        {"a = b ? c", 1, 10, "Unexpected end of input"},
        {"for (let x = 1 of xs) {}", 1, 6, "for-of loop variable declaration may not have an "
                                          "initializer."},
        {"for (let a, b of xs) {}", 1, 6, "Invalid left-hand side in for-of loop: Must have a "
                                          "single binding."},
        {"for (f() of xs) {}", 1, 6, "Invalid left-hand side in for-of loop"},
        {"import { default } from 'm'", 1, 18, "Unexpected token '}'"},
        {"x = enum", 1, 5, "Unexpected token 'enum'"},
    };
    js_check_refusals(JS_ROWS(rows), false);
}
END_TEST

/* A module's top level is not a function: return is illegal there, not in CommonJS. */
START_TEST(top_level_return)
{
    static const struct js_refusal rows[] = {
        {"return 1", 1, 1, "Illegal return statement"},
        {"if (a) { return }", 1, 10, "Illegal return statement"},
    };
    js_check_refusals(JS_ROWS(rows), true);
    ck_assert_str_eq(errors_of("return 1"), "");
    /* In a .js file, module syntax found later makes the earlier return illegal. */
    ck_assert_str_eq(errors_of("f()\nreturn\nx y\nimport a from 'b'"),
                     "2:1: Illegal return statement | 3:3: Unexpected identifier 'y'");
    ck_assert_str_eq(errors_of("return 1; await x"),
                     "1:1: Illegal return statement");
}
END_TEST

/* ---- Recovery ----------------------------------------------------------------------------- */

/* After an error, the parser goes on at the next statement and reports the next error too. */
START_TEST(recovery)
{
    ck_assert_str_eq(errors_of("x = ;\ny = 1; z z"),
                     "1:5: Unexpected token ';' | 2:10: Unexpected identifier 'z'");
    ck_assert_str_eq(errors_of("class A { m() { return 1 } }\nconst y = 2; z w"),
                     "1:1: classes are not supported; use a function returning an object "
                     "literal | 2:16: Unexpected identifier 'w'");
    ck_assert_str_eq(errors_of("function f() { a b; c d }\ne f"),
                     "1:18: Unexpected identifier 'b' | 1:23: Unexpected identifier 'd' | "
                     "2:3: Unexpected identifier 'f'");
    ck_assert_str_eq(errors_of("for (const k in o) {}\ndelete o.x"),
                     "1:14: for...in is not supported; use for (const key of Object.keys(obj))"
                     " | 2:1: the delete operator is not supported; set the property to "
                     "undefined, or use a Map");
    ck_assert_str_eq(errors_of("x = {\n a b\n}\nq r"),
                     "2:4: Unexpected identifier 'b' | 4:3: Unexpected identifier 'r'");
    ck_assert_str_eq(errors_of("f(a b; c)\nlet x = 1 2"),
                     "1:5: missing ) after argument list | 2:11: Unexpected number");
    ck_assert_str_eq(errors_of("a; )\nlet b c"),
                     "1:4: Unexpected token ')' | 2:7: Unexpected identifier 'c'");
}
END_TEST

/* sim__js_parse_all keeps the partial tree and every error; sim__js_parse only the first. */
START_TEST(partial_tree)
{
    const char *src = "let a = 1\nlet b = ;\nlet c = 3";
    struct sim_diag d;
    struct js_ast *ast = js_parse_text(src, false, &d);
    ck_assert_ptr_nonnull(ast);
    ck_assert_uint_eq(ast->error_count, 1);
    ck_assert_uint_eq(ast->nodes[ast->root].count, 3);
    char buf[256];
    sim__js_dump(ast, ast->lists[ast->nodes[ast->root].list + 2], buf, sizeof(buf));
    ck_assert_str_eq(buf, "(var let (declarator (ident c) (number 3)))");
    sim__js_ast_destroy(ast);
    ck_assert_ptr_null(sim__js_parse(src, strlen(src), false, &d));
    ck_assert_int_eq(d.code, SIM_ESYNTAX);
    ck_assert_uint_eq(d.line, 2);
    ck_assert_uint_eq(d.col, 9);
    ck_assert_str_eq(d.message, "Unexpected token ';'");
    ck_assert_str_eq(d.path, "");
}
END_TEST

/* At JS_MAX_ERRORS errors the parser stops: that many are kept, the input ends there. */
START_TEST(error_limit)
{
    char src[4096] = "";
    for (int i = 0; i < 50; i++) {
        strcat(src, "a b;\n");
    }
    struct sim_diag d;
    struct js_ast *ast = js_parse_text(src, false, &d);
    ck_assert_uint_eq(ast->error_count, JS_MAX_ERRORS);
    ck_assert_uint_eq(ast->errors[JS_MAX_ERRORS - 1].line, JS_MAX_ERRORS);
    sim__js_ast_destroy(ast);
}
END_TEST

/* ---- Bounds ------------------------------------------------------------------------------- */

/* `count` copies of open, then `middle`, then `count` copies of close, in a new buffer. */
static char *nested(const char *open, const char *middle, const char *close, size_t count)
{
    size_t len = count * (strlen(open) + strlen(close)) + strlen(middle) + 32;
    char *buf = malloc(len);
    ck_assert_ptr_nonnull(buf);
    strcpy(buf, "x = ");
    for (size_t i = 0; i < count; i++) {
        strcat(buf, open);
    }
    strcat(buf, middle);
    for (size_t i = 0; i < count; i++) {
        strcat(buf, close);
    }
    return buf;
}

/* Whether the source parses (true), or is refused at JS_MAX_DEPTH with SIM_ELIMIT (false). */
static bool within_depth(const char *src)
{
    struct sim_diag d;
    struct js_ast *ast = sim__js_parse(src, strlen(src), false, &d);
    sim__js_ast_destroy(ast);
    if (ast == NULL) {
        ck_assert_msg(d.code == SIM_ELIMIT, "%s", d.message);
        ck_assert_msg(strstr(d.message, "JS_MAX_DEPTH") != NULL && strstr(d.message, "256"),
                      "%s", d.message);
    }
    return ast != NULL;
}

/* Nesting past JS_MAX_DEPTH is refused, whatever nests; 200 levels are fine. */
START_TEST(depth_bound)
{
    static const struct {
        const char *open, *middle, *close;
    } shapes[] = {
        {"(", "a", ")"},          {"[", "a", "]"},        {"{a: ", "1", "}"},
        {"f(", "a", ")"},         {"- ", "a", ""},        {"!", "a", ""},
        {"`${", "a", "}`"},       {"() => ", "a", ""},    {"a ? b : ", "c", ""},
        {"a = ", "b", ""},        {"a + ", "b", ""},      {"a.b", "", ""},
        {"f", "", "()"},          {"new ", "X", ""},      {"a ** ", "b", ""},
        {"function () { return ", "1", "}"},
    };
    for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
        char *ok = nested(shapes[i].open, shapes[i].middle, shapes[i].close, 100);
        char *deep = nested(shapes[i].open, shapes[i].middle, shapes[i].close, 5000);
        ck_assert_msg(within_depth(ok), "100 x %s", shapes[i].open);
        ck_assert_msg(!within_depth(deep), "5000 x %s", shapes[i].open);
        free(ok);
        free(deep);
    }
    char *blocks = nested("{", "", "}", 5000);
    ck_assert(!within_depth(blocks + 4));
    free(blocks);
    char *ifs = nested("if (a) ", "b", "", 5000);
    ck_assert(!within_depth(ifs + 4));
    free(ifs);
    char *patterns = nested("[", "a", "]", 5000);
    memcpy(patterns, "let ", 4);
    strcat(patterns, " = b");
    ck_assert(!within_depth(patterns));
    free(patterns);
}
END_TEST

/* The depth error names its place: the token where the bound was passed. */
START_TEST(depth_error)
{
    char *deep = nested("(", "a", ")", 300);
    struct sim_diag d;
    ck_assert_ptr_null(sim__js_parse(deep, strlen(deep), false, &d));
    ck_assert_int_eq(d.code, SIM_ELIMIT);
    ck_assert_uint_eq(d.line, 1);
    ck_assert_str_eq(d.message, "nested too deeply: more than 256 levels of statements, "
                                "expressions and patterns (JS_MAX_DEPTH)");
    free(deep);
}
END_TEST

/* A file over JS_MAX_SOURCE_BYTES is refused before a byte of it is read. */
START_TEST(source_bound)
{
    struct sim_diag d;
    ck_assert_ptr_null(sim__js_parse_all("x", (size_t)JS_MAX_SOURCE_BYTES + 1, false, &d));
    ck_assert_int_eq(d.code, SIM_ELIMIT);
    ck_assert_uint_eq(d.line, 0);
    ck_assert_ptr_nonnull(strstr(d.message, "JS_MAX_SOURCE_BYTES"));
}
END_TEST

/* The first statement's expression in the tree of buf[0..len), which must parse. */
static const struct js_node *first_expression(struct js_ast **ast, const char *buf, size_t len)
{
    struct sim_diag d;
    *ast = sim__js_parse(buf, len, false, &d);
    ck_assert_msg(*ast != NULL, "%s", d.message);
    const struct js_node *stmt = &(*ast)->nodes[(*ast)->lists[(*ast)->nodes[(*ast)->root].list]];
    return &(*ast)->nodes[stmt->a];
}

/* Long tokens and long files cost their length: linear, so this takes a fraction of a second. */
START_TEST(long_inputs)
{
    size_t n = 2u << 20;
    char *buf = malloc(n + 16);
    ck_assert_ptr_nonnull(buf);
    struct js_ast *ast = NULL;
    buf[0] = '\'';
    memset(buf + 1, 'a', n);
    memcpy(buf + n + 1, "';", 2);
    const struct js_node *x = first_expression(&ast, buf, n + 3);
    ck_assert_uint_eq(ast->strings[x->str].len, n);
    sim__js_ast_destroy(ast);
    memset(buf, 'b', n);
    x = first_expression(&ast, buf, n);
    ck_assert_uint_eq(ast->strings[x->str].len, n);
    sim__js_ast_destroy(ast);
    for (size_t i = 0; i < n; i += 2) {
        memcpy(buf + i, "a\n", 2);
    }
    x = first_expression(&ast, buf, n);
    ck_assert_uint_eq(ast->nodes[ast->root].count, n / 2);
    sim__js_ast_destroy(ast);
    for (size_t i = 0; i < n; i += 2) {
        memcpy(buf + i, "1,", 2);
    }
    x = first_expression(&ast, buf, n - 1);
    ck_assert_uint_eq(x->count, n / 2);
    sim__js_ast_destroy(ast);
    free(buf);
}
END_TEST

/* ---- Bytes -------------------------------------------------------------------------------- */

START_TEST(nul_byte)
{
    static const char src[] = "x = 1;\n  y = 'a\0b';";
    ck_assert_str_eq(all_errors(src, sizeof(src) - 1, false), "2:9: not a text file: NUL byte");
}
END_TEST

START_TEST(bad_utf8)
{
    static const char *const bad[] = {
        "x = 'caf\xC3\x28'",      /* a sequence cut short */
        "x = '\xC0\xAF'",         /* overlong */
        "x = '\xED\xA0\x80'",     /* an encoded surrogate */
        "x = '\xF4\x90\x80\x80'", /* above U+10FFFF */
        "x = '\x80'",             /* a lone continuation byte */
        "x = '\xE2\x82",          /* cut by the end of the file */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct sim_diag d;
        ck_assert_ptr_null(sim__js_parse(bad[i], strlen(bad[i]), false, &d));
        ck_assert_int_eq(d.code, SIM_ESYNTAX);
        ck_assert_msg(strncmp(d.message, "invalid UTF-8 at byte 0x", 24) == 0, "%s", d.message);
        ck_assert_uint_eq(d.line, 1);
        ck_assert_uint_eq(d.col, i == 0 ? 9 : 6);
    }
    ck_assert_str_eq(errors_of("\xEF\xBB\xBF\nx = '\xC3'"),
                     "2:6: invalid UTF-8 at byte 0xC3: a sequence cut short");
    ck_assert_str_eq(errors_of("\xEF\xBB\xBFx = '\xC3'"),
                     "1:6: invalid UTF-8 at byte 0xC3: a sequence cut short");
    ck_assert_str_eq(all_errors("\xFF\xFEx\0", 4, false),
                     "1:1: not UTF-8: the file starts with a UTF-16 byte order mark; save it as "
                     "UTF-8");
}
END_TEST

/* A byte order mark is skipped (it takes no column), and so is a `#!` line, as node does. */
START_TEST(bom_and_shebang)
{
    ck_assert_str_eq(js_statements("\xEF\xBB\xBF" "a", false), "(expr (ident a))");
    ck_assert_str_eq(errors_of("\xEF\xBB\xBF" "a b"),
                     "1:3: Unexpected identifier 'b'");
    ck_assert_str_eq(js_statements("#!/usr/bin/env node\na", false), "(expr (ident a))");
    ck_assert_str_eq(js_statements("\xEF\xBB\xBF#!/usr/bin/env node\r\na", false),
                     "(expr (ident a))");
    ck_assert_str_eq(errors_of("#!/usr/bin/env node\na b"),
                     "2:3: Unexpected identifier 'b'");
    ck_assert_str_eq(errors_of("a\n#!b"),
                     "2:1: private names (#x) are not supported: they belong to classes; use a "
                     "property");
}
END_TEST

/* Columns count characters, whatever their bytes; a tab is one. */
START_TEST(columns_count_characters)
{
    ck_assert_str_eq(errors_of("x = 'é→😀' b"), "1:11: Unexpected identifier 'b'");
    ck_assert_str_eq(errors_of("\t\tx y"), "1:5: Unexpected identifier 'y'");
    ck_assert_str_eq(errors_of("x = '\xF0\x9F\x98\x80\n'"),
                     "1:5: Unterminated string constant");
    ck_assert_str_eq(errors_of("é → x"), "1:3: Invalid or unexpected token");
}
END_TEST

/* ---- Hostile input ------------------------------------------------------------------------ */

/* Bytes that are no program end in errors, never a crash, a hang or a read past the end. */
START_TEST(hostile_input)
{
    static const char *const inputs[] = {
        "(((((((((", "[[[[[[[[", "{{{{{{{{", "`${`${`${", "'", "\"", "`", "/*", "\\", "#",
        "0x", "1e+", ".", "...", "?.", "=>", "a?.", "new", "new.", "import", "import.",
        "export", "async", "async (", "async x", "for (", "for (x of", "for (let", "switch (a) {",
        "case", "try", "try {} catch (", "function", "function f(", "({a =", "[a, ...b,",
        "x = {get", "x = {async", "`${}`", "`${a b}`", "}}}}", ")))", "]]]", "a\\u", "'\\",
        "'\\u{", "'\\x", "`\\", "x = 1 /", "<!--", "-->", "\xEF\xBB", "\xEF\xBB\xBF",
    };
    for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
        for (int module = 0; module < 2; module++) {
            struct sim_diag d;
            struct js_ast *ast = sim__js_parse_all(inputs[i], strlen(inputs[i]), module, &d);
            ck_assert_ptr_nonnull(ast);
            char buf[256];
            sim__js_dump(ast, ast->root, buf, sizeof(buf));
            sim__js_ast_destroy(ast);
        }
    }
    struct sim_diag d;
    struct js_ast *ast = sim__js_parse_all(NULL, 0, false, &d);
    ck_assert_ptr_nonnull(ast);
    ck_assert_uint_eq(ast->error_count, 0);
    sim__js_ast_destroy(ast);
}
END_TEST

/*
 * Out of memory, the parse gives up cleanly: NULL and SIM_ENOMEM. The address space is cut
 * down in the test's own process (Check forks one per test); not under a sanitizer, whose
 * shadow memory needs more, nor with CK_FORK=no, where the limit would outlive the test.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#endif

START_TEST(out_of_memory)
{
#ifdef UNDER_ASAN
    return;
#endif
    const char *fork = getenv("CK_FORK");
    if (fork != NULL && strcmp(fork, "no") == 0) {
        return;
    }
    size_t n = 16u << 20;
    char *buf = malloc(n + 1);
    ck_assert_ptr_nonnull(buf);
    for (size_t i = 0; i < n; i += 2) {
        memcpy(buf + i, "a;", 2);
    }
    struct rlimit cut = {256u << 20, 256u << 20};
    ck_assert_int_eq(setrlimit(RLIMIT_AS, &cut), 0);
    struct sim_diag d;
    struct js_ast *ast = sim__js_parse(buf, n, false, &d);
    ck_assert_ptr_null(ast);
    ck_assert_int_eq(d.code, SIM_ENOMEM);
    ck_assert_str_eq(d.message, "out of memory");
    free(buf);
}
END_TEST

void js_parse_errors_cases(Suite *s)
{
    TCase *tc = tcase_create("errors");
    tcase_add_test(tc, refused_constructs);
    tcase_add_test(tc, syntax_errors);
    tcase_add_test(tc, top_level_return);
    tcase_add_test(tc, recovery);
    tcase_add_test(tc, partial_tree);
    tcase_add_test(tc, error_limit);
    tcase_add_test(tc, depth_bound);
    tcase_add_test(tc, depth_error);
    tcase_add_test(tc, source_bound);
    tcase_add_test(tc, long_inputs);
    tcase_add_test(tc, nul_byte);
    tcase_add_test(tc, bad_utf8);
    tcase_add_test(tc, bom_and_shebang);
    tcase_add_test(tc, columns_count_characters);
    tcase_add_test(tc, hostile_input);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
}
