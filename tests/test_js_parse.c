/*
 * test_js_parse.c - the JavaScript front end (sim/js/): every construct of the subset of
 * ../shared/spec/js-input.md, each source with the tree it must give, written as the dump
 * writes it (sim/js/dump.c says how); modules and their detection, positions, annotations and
 * the dump itself. Operators, literals, semicolons and comments are in test_js_parse_syntax.c;
 * refusals, errors, recovery and limits in test_js_parse_errors.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_js_parse.h"
#include "test_util.h"

/* ---- Helpers ------------------------------------------------------------------------------ */

struct js_ast *js_parse_text(const char *src, bool module, struct sim_diag *d)
{
    return sim__js_parse_all(src, strlen(src), module, d);
}

/* Room for the dumps the tables compare. */
static char dumped[1 << 16];

/* The tree of src without errors, failing the test with the first one otherwise. */
static struct js_ast *parsed(const char *src, bool module)
{
    struct sim_diag d;
    struct js_ast *ast = js_parse_text(src, module, &d);
    ck_assert_msg(ast != NULL, "%s: %s", src, d.message);
    ck_assert_msg(ast->error_count == 0, "%s: %u:%u: %s", src, d.line, d.col, d.message);
    return ast;
}

/* Dumps the children of list node n, separated by spaces, into `dumped`. */
static const char *dump_children(const struct js_ast *ast, uint32_t n)
{
    const struct js_node *x = &ast->nodes[n];
    size_t len = 0;
    dumped[0] = '\0';
    for (uint32_t i = 0; i < x->count; i++) {
        if (i > 0 && len + 1 < sizeof(dumped)) {
            dumped[len++] = ' ';
        }
        len += sim__js_dump(ast, ast->lists[x->list + i], dumped + len, sizeof(dumped) - len);
        ck_assert_uint_lt(len, sizeof(dumped));
    }
    return dumped;
}

const char *js_statements(const char *src, bool module)
{
    struct js_ast *ast = parsed(src, module);
    dump_children(ast, ast->root);
    sim__js_ast_destroy(ast);
    return dumped;
}

/* The dump of the expression of src's first statement, an expression statement. */
static const char *js_expression(const char *src)
{
    struct js_ast *ast = parsed(src, false);
    const struct js_node *program = &ast->nodes[ast->root];
    ck_assert_uint_ge(program->count, 1);
    const struct js_node *stmt = &ast->nodes[ast->lists[program->list]];
    ck_assert_msg(stmt->kind == JS_NODE_EXPR_STMT, "%s: not an expression statement", src);
    sim__js_dump(ast, stmt->a, dumped, sizeof(dumped));
    sim__js_ast_destroy(ast);
    return dumped;
}

void js_check_rows(const struct js_row *rows, size_t count, bool expression, bool module)
{
    for (size_t i = 0; i < count; i++) {
        const char *got = expression ? js_expression(rows[i].src) : js_statements(rows[i].src,
                                                                                    module);
        ck_assert_msg(strcmp(got, rows[i].dump) == 0, "row %zu, %s\n  got  %s\n  want %s", i,
                      rows[i].src, got, rows[i].dump);
    }
}

unsigned js_program_flags(const char *src, bool module)
{
    struct js_ast *ast = parsed(src, module);
    unsigned flags = ast->nodes[ast->root].flags;
    sim__js_ast_destroy(ast);
    return flags;
}

/* ---- Values, declarations, functions, statements, expressions (js-input.md's rows) ----- */

START_TEST(values)
{
    static const struct js_row rows[] = {
    {"undefined",
     "(ident undefined)"},
    {"null",
     "(null)"},
    {"true",
     "(bool true)"},
    {"false",
     "(bool false)"},
    {"NaN",
     "(ident NaN)"},
    {"Infinity",
     "(ident Infinity)"},
    {"42",
     "(number 42)"},
    {"'str'",
     "(string \"str\")"},
    {"\"dq\"",
     "(string \"dq\")"},
    {"[1, 'a', [true]]",
     "(array (number 1) (string \"a\") (array (bool true)))"},
    {"({a: 1, 'b': null})",
     "(object (property (ident a) (number 1)) (property (string \"b\") (null)))"},
    {"new Error('boom')",
     "(new (ident Error) (string \"boom\"))"},
    {"new TypeError('t').message",
     "(member (new (ident TypeError) (string \"t\")) (ident message))"},
    {"x => x",
     "(function arrow expr-body - [(ident x)] (ident x))"},
    {"this",
     "(this)"},
    {"({[k]: 1, 2: 'two', [a + b]() {}, async [c]() {}})",
     "(object (property computed (ident k) (number 1)) (property (number 2) (string \"two\")) "
     "(property computed method (binary + (ident a) (ident b)) (function - [] (block))) (property "
     "async computed method (ident c) (function async - [] (block))))"},
    };
    js_check_rows(JS_ROWS(rows), true, false);
}
END_TEST

START_TEST(declarations)
{
    static const struct js_row rows[] = {
    {"const a = 1;",
     "(var const (declarator (ident a) (number 1)))"},
    {"let b;",
     "(var let (declarator (ident b)))"},
    {"var c = 1, d = 2;",
     "(var var (declarator (ident c) (number 1)) (declarator (ident d) (number 2)))"},
    {"let e = 1, f;",
     "(var let (declarator (ident e) (number 1)) (declarator (ident f)))"},
    {"function g(x, y) { return x + y; }",
     "(function-decl (ident g) [(ident x) (ident y)] (block (return (binary + (ident x) (ident "
     "y)))))"},
    {"async function h() {}",
     "(function-decl async (ident h) [] (block))"},
    {"const {a, b: c} = o;",
     "(var const (declarator (object-pattern (property shorthand (ident a) (ident a)) (property "
     "(ident b) (ident c))) (ident o)))"},
    {"const [x, y] = arr;",
     "(var const (declarator (array-pattern (ident x) (ident y)) (ident arr)))"},
    {"function f(a = 1, {b, c = 2} = {}, [d, e] = [], ...rest) {}",
     "(function-decl (ident f) [(default (ident a) (number 1)) (default (object-pattern "
     "(property shorthand (ident b) (ident b)) (property shorthand (ident c) (default (ident c) "
     "(number 2)))) (object)) (default (array-pattern (ident d) (ident e)) (array)) (rest "
     "(ident rest))] (block))"},
    {"f(...args, 1, ...more);",
     "(expr (call (ident f) (spread (ident args)) (number 1) (spread (ident more))))"},
    {"const {[k]: v, 0: z, 's': t} = o;",
     "(var const (declarator (object-pattern (property computed (ident k) (ident v)) (property "
     "(number 0) (ident z)) (property (string \"s\") (ident t))) (ident o)))"},
    {"var [a = 1, [b], ...c] = x, {d: {e}, ...f} = y;",
     "(var var (declarator (array-pattern (default (ident a) (number 1)) (array-pattern (ident "
     "b)) (rest (ident c))) (ident x)) (declarator (object-pattern (property (ident d) "
     "(object-pattern (property shorthand (ident e) (ident e)))) (rest (ident f))) (ident y)))"},
    };
    js_check_rows(JS_ROWS(rows), false, false);
}
END_TEST

START_TEST(functions)
{
    static const struct js_row rows[] = {
    {"(function () {})",
     "(function - [] (block))"},
    {"(function named(a) { return a; })",
     "(function (ident named) [(ident a)] (block (return (ident a))))"},
    {"(a, b) => a + b",
     "(function arrow expr-body - [(ident a) (ident b)] (binary + (ident a) (ident b)))"},
    {"() => {}",
     "(function arrow - [] (block))"},
    {"(a) => { return a; }",
     "(function arrow - [(ident a)] (block (return (ident a))))"},
    {"a => b => a + b",
     "(function arrow expr-body - [(ident a)] (function arrow expr-body - [(ident b)] (binary + "
     "(ident a) (ident b))))"},
    {"(async function () { await x; })",
     "(function async - [] (block (expr (await (ident x)))))"},
    {"async () => await x",
     "(function async arrow expr-body - [] (await (ident x)))"},
    {"async x => x",
     "(function async arrow expr-body - [(ident x)] (ident x))"},
    {"async (a, b) => { await a; }",
     "(function async arrow - [(ident a) (ident b)] (block (expr (await (ident a)))))"},
    {"({m() { return 1; }, async n() { await this.m(); }})",
     "(object (property method (ident m) (function - [] (block (return (number 1))))) (property "
     "async method (ident n) (function async - [] (block (expr (await (call (member (this) "
     "(ident m)))))))))"},
    {"(function fact(n) { return n ? n * fact(n - 1) : 1; })",
     "(function (ident fact) [(ident n)] (block (return (conditional (ident n) (binary * (ident "
     "n) (call (ident fact) (binary - (ident n) (number 1)))) (number 1)))))"},
    {"([a, b], {c}) => a",
     "(function arrow expr-body - [(array-pattern (ident a) (ident b)) (object-pattern "
     "(property shorthand (ident c) (ident c)))] (ident a))"},
    {"(a = 1, ...r) => r",
     "(function arrow expr-body - [(default (ident a) (number 1)) (rest (ident r))] (ident r))"},
    {"async ({a = 1}) => a",
     "(function async arrow expr-body - [(object-pattern (property shorthand (ident a) (default "
     "(ident a) (number 1))))] (ident a))"},
    {"() => ({})",
     "(function arrow expr-body - [] (object))"},
    {"(() => {})()",
     "(call (function arrow - [] (block)))"},
    {"async(x)",
     "(call (ident async) (ident x))"},
    {"async",
     "(ident async)"},
    {"f(function () { return; })",
     "(call (ident f) (function - [] (block (return))))"},
    };
    js_check_rows(JS_ROWS(rows), true, false);
}
END_TEST

START_TEST(statements)
{
    static const struct js_row rows[] = {
    {"{ a; b; }",
     "(block (expr (ident a)) (expr (ident b)))"},
    {"{}",
     "(block)"},
    {"a;",
     "(expr (ident a))"},
    {";",
     "(empty)"},
    {"if (a) b;",
     "(if (ident a) (expr (ident b)))"},
    {"if (a) b; else c;",
     "(if (ident a) (expr (ident b)) (expr (ident c)))"},
    {"if (a) { b } else if (c) { d } else { e }",
     "(if (ident a) (block (expr (ident b))) (if (ident c) (block (expr (ident d))) (block "
     "(expr (ident e)))))"},
    {"for (let i = 0; i < n; i++) {}",
     "(for (var let (declarator (ident i) (number 0))) (binary < (ident i) (ident n)) (update "
     "++ (ident i)) (block))"},
    {"for (;;) {}",
     "(for - - - (block))"},
    {"for (i = 0, j = 1; ; ) break;",
     "(for (sequence (assign = (ident i) (number 0)) (assign = (ident j) (number 1))) - - "
     "(break))"},
    {"for (const x of xs) f(x);",
     "(for-of (var const (declarator (ident x))) (ident xs) (expr (call (ident f) (ident x))))"},
    {"for (let [k, v] of m) {}",
     "(for-of (var let (declarator (array-pattern (ident k) (ident v)))) (ident m) (block))"},
    {"for (var x of xs);",
     "(for-of (var var (declarator (ident x))) (ident xs) (empty))"},
    {"for (x of xs);",
     "(for-of (ident x) (ident xs) (empty))"},
    {"for (o.p of xs);",
     "(for-of (member (ident o) (ident p)) (ident xs) (empty))"},
    {"for ([a, b] of pairs);",
     "(for-of (array-pattern (ident a) (ident b)) (ident pairs) (empty))"},
    {"while (a) b();",
     "(while (ident a) (expr (call (ident b))))"},
    {"do a(); while (b)",
     "(do-while (expr (call (ident a))) (ident b))"},
    {"do { a() } while (b);",
     "(do-while (block (expr (call (ident a)))) (ident b))"},
    {"while (1) { break; continue; }",
     "(while (number 1) (block (break) (continue)))"},
    {"switch (x) { case 1: a(); break; case 2: case 3: b(); default: c(); }",
     "(switch (ident x) (case (number 1) (expr (call (ident a))) (break)) (case (number 2)) "
     "(case (number 3) (expr (call (ident b)))) (case - (expr (call (ident c)))))"},
    {"switch (x) {}",
     "(switch (ident x))"},
    {"throw new Error('x');",
     "(throw (new (ident Error) (string \"x\")))"},
    {"try { a() } catch (e) { b(e) }",
     "(try (block (expr (call (ident a)))) (ident e) (block (expr (call (ident b) (ident e)))))"},
    {"try { a() } catch { b() }",
     "(try (block (expr (call (ident a)))) - (block (expr (call (ident b)))))"},
    {"try { a() } finally { c() }",
     "(try (block (expr (call (ident a)))) - - (block (expr (call (ident c)))))"},
    {"try { a() } catch ({message}) {} finally {}",
     "(try (block (expr (call (ident a)))) (object-pattern (property shorthand (ident message) "
     "(ident message))) (block) (block))"},
    {"function f() { return 1; }",
     "(function-decl (ident f) [] (block (return (number 1))))"},
    {"function f() { return }",
     "(function-decl (ident f) [] (block (return)))"},
    {"return x;",
     "(return (ident x))"},
    };
    js_check_rows(JS_ROWS(rows), false, false);
}
END_TEST

START_TEST(expressions)
{
    static const struct js_row rows[] = {
    {"1 + 2 - 3 * 4 / 5 % 6",
     "(binary - (binary + (number 1) (number 2)) (binary % (binary / (binary * (number 3) "
     "(number 4)) (number 5)) (number 6)))"},
    {"2 ** 10",
     "(binary ** (number 2) (number 10))"},
    {"a++",
     "(update ++ (ident a))"},
    {"a--",
     "(update -- (ident a))"},
    {"++a",
     "(update prefix ++ (ident a))"},
    {"--a",
     "(update prefix -- (ident a))"},
    {"o.p++",
     "(update ++ (member (ident o) (ident p)))"},
    {"a === b",
     "(binary === (ident a) (ident b))"},
    {"a !== b",
     "(binary !== (ident a) (ident b))"},
    {"a == b",
     "(binary == (ident a) (ident b))"},
    {"a != b",
     "(binary != (ident a) (ident b))"},
    {"a < b",
     "(binary < (ident a) (ident b))"},
    {"a <= b",
     "(binary <= (ident a) (ident b))"},
    {"a > b",
     "(binary > (ident a) (ident b))"},
    {"a >= b",
     "(binary >= (ident a) (ident b))"},
    {"a && b",
     "(logical && (ident a) (ident b))"},
    {"a || b",
     "(logical || (ident a) (ident b))"},
    {"!a",
     "(unary ! (ident a))"},
    {"a ?? b",
     "(logical ?? (ident a) (ident b))"},
    {"a ? b : c",
     "(conditional (ident a) (ident b) (ident c))"},
    {"a = 1",
     "(assign = (ident a) (number 1))"},
    {"a += 1",
     "(assign += (ident a) (number 1))"},
    {"a -= 1",
     "(assign -= (ident a) (number 1))"},
    {"a *= 2",
     "(assign *= (ident a) (number 2))"},
    {"a /= 2",
     "(assign /= (ident a) (number 2))"},
    {"a %= 2",
     "(assign %= (ident a) (number 2))"},
    {"a **= 2",
     "(assign **= (ident a) (number 2))"},
    {"a ||= b",
     "(assign ||= (ident a) (ident b))"},
    {"a &&= b",
     "(assign &&= (ident a) (ident b))"},
    {"a ?\?= b",
     "(assign ?\?= (ident a) (ident b))"},
    {"a &= b, a |= b, a ^= b, a <<= 1, a >>= 1, a >>>= 1",
     "(sequence (assign &= (ident a) (ident b)) (assign |= (ident a) (ident b)) (assign ^= "
     "(ident a) (ident b)) (assign <<= (ident a) (number 1)) (assign >>= (ident a) (number 1)) "
     "(assign >>>= (ident a) (number 1)))"},
    {"typeof a",
     "(unary typeof (ident a))"},
    {"void 0",
     "(unary void (number 0))"},
    {"-a",
     "(unary -u (ident a))"},
    {"+a",
     "(unary +u (ident a))"},
    {"~a",
     "(unary ~ (ident a))"},
    {"a & b | c ^ d",
     "(binary | (binary & (ident a) (ident b)) (binary ^ (ident c) (ident d)))"},
    {"a << 1 >> 2 >>> 3",
     "(binary >>> (binary >> (binary << (ident a) (number 1)) (number 2)) (number 3))"},
    {"a in o",
     "(binary in (ident a) (ident o))"},
    {"a instanceof B",
     "(binary instanceof (ident a) (ident B))"},
    {"(a, b, c)",
     "(sequence (ident a) (ident b) (ident c))"},
    {"o.p",
     "(member (ident o) (ident p))"},
    {"o['p']",
     "(member computed (ident o) (string \"p\"))"},
    {"o.p.q[0]",
     "(member computed (member (member (ident o) (ident p)) (ident q)) (number 0))"},
    {"f()",
     "(call (ident f))"},
    {"f(a, b)",
     "(call (ident f) (ident a) (ident b))"},
    {"o.m(1)",
     "(call (member (ident o) (ident m)) (number 1))"},
    {"f()()",
     "(call (call (ident f)))"},
    {"new Foo",
     "(new (ident Foo))"},
    {"new Foo()",
     "(new (ident Foo))"},
    {"new Foo(1, 2)",
     "(new (ident Foo) (number 1) (number 2))"},
    {"new a.b.C()",
     "(new (member (member (ident a) (ident b)) (ident C)))"},
    {"new (f())()",
     "(new (call (ident f)))"},
    {"new new X()()",
     "(new (new (ident X)))"},
    {"new X().y",
     "(member (new (ident X)) (ident y))"},
    {"new a[b]()",
     "(new (member computed (ident a) (ident b)))"},
    {"a?.b",
     "(chain (member optional (ident a) (ident b)))"},
    {"a?.[0]",
     "(chain (member computed optional (ident a) (number 0)))"},
    {"a?.()",
     "(chain (call optional (ident a)))"},
    {"a?.b.c",
     "(chain (member (member optional (ident a) (ident b)) (ident c)))"},
    {"a?.b?.()",
     "(chain (call optional (member optional (ident a) (ident b))))"},
    {"(a?.b).c",
     "(member (chain (member optional (ident a) (ident b))) (ident c))"},
    {"a.b?.c.d()",
     "(chain (call (member (member optional (member (ident a) (ident b)) (ident c)) (ident d))))"},
    {"[...a, ...b]",
     "(array (spread (ident a)) (spread (ident b)))"},
    {"({...a, b})",
     "(object (spread (ident a)) (property shorthand (ident b) (ident b)))"},
    {"[a, b] = [b, a]",
     "(assign = (array-pattern (ident a) (ident b)) (array (ident b) (ident a)))"},
    {"({a, b: [c]} = o)",
     "(assign = (object-pattern (property shorthand (ident a) (ident a)) (property (ident b) "
     "(array-pattern (ident c)))) (ident o))"},
    {"[o.x, o.y] = pair",
     "(assign = (array-pattern (member (ident o) (ident x)) (member (ident o) (ident y))) "
     "(ident pair))"},
    {"({a = 1} = {})",
     "(assign = (object-pattern (property shorthand (ident a) (default (ident a) (number 1)))) "
     "(object))"},
    {"[{a = 1}, {b = 2}] = x",
     "(assign = (array-pattern (object-pattern (property shorthand (ident a) (default (ident a) "
     "(number 1)))) (object-pattern (property shorthand (ident b) (default (ident b) (number "
     "2))))) (ident x))"},
    {"await x",
     "(await (ident x))"},
    };
    js_check_rows(JS_ROWS(rows), true, false);
}
END_TEST

/* What js-input.md leaves to run time (eval, symbols, Proxy) is the parser's to read. */
START_TEST(runtime_refusals_parse)
{
    static const struct js_row rows[] = {
        {"eval('1')", "(call (ident eval) (string \"1\"))"},
        {"Symbol('s')", "(call (ident Symbol) (string \"s\"))"},
        {"new Proxy({}, {})", "(new (ident Proxy) (object) (object))"},
        {"arguments[0]", "(member computed (ident arguments) (number 0))"},
    };
    js_check_rows(JS_ROWS(rows), true, false);
}
END_TEST

/* ---- Modules ------------------------------------------------------------------------------ */

START_TEST(modules)
{
    static const struct js_row rows[] = {
    {"import 'side-effect';",
     "(import \"side-effect\")"},
    {"import fs from 'fs';",
     "(import \"fs\" (import-spec default (ident fs)))"},
    {"import { readFile } from 'node:fs';",
     "(import \"node:fs\" (import-spec named \"readFile\" (ident readFile)))"},
    {"import { readFile as read, stat, } from 'fs';",
     "(import \"fs\" (import-spec named \"readFile\" (ident read)) (import-spec named \"stat\" "
     "(ident stat)))"},
    {"import { default as def, 'str name' as s } from 'm';",
     "(import \"m\" (import-spec named \"default\" (ident def)) (import-spec named \"str name\" "
     "(ident s)))"},
    {"import * as ns from 'm';",
     "(import \"m\" (import-spec namespace (ident ns)))"},
    {"import def, * as ns from 'm';",
     "(import \"m\" (import-spec default (ident def)) (import-spec namespace (ident ns)))"},
    {"import def, { a } from 'm';",
     "(import \"m\" (import-spec default (ident def)) (import-spec named \"a\" (ident a)))"},
    {"import {} from 'm';",
     "(import \"m\")"},
    {"export const a = 1, b = 2;",
     "(export (var const (declarator (ident a) (number 1)) (declarator (ident b) (number 2))))"},
    {"export let c;",
     "(export (var let (declarator (ident c))))"},
    {"export function f() {}",
     "(export (function-decl (ident f) [] (block)))"},
    {"export async function g() {}",
     "(export (function-decl async (ident g) [] (block)))"},
    {"export default 42;",
     "(export default (number 42))"},
    {"export default function () {}",
     "(export default (function - [] (block)))"},
    {"export default function named() {}",
     "(export default (function-decl (ident named) [] (block)))"},
    {"export default async () => {};",
     "(export default (function async arrow - [] (block)))"},
    {"export { a, b as c, d as default, e as 'str' };",
     "(export - (export-spec (ident a) \"a\") (export-spec (ident b) \"c\") (export-spec (ident "
     "d) \"default\") (export-spec (ident e) \"str\"))"},
    {"export {};",
     "(export)"},
    {"console.log(import.meta.url);",
     "(expr (call (member (ident console) (ident log)) (member (import-meta) (ident url))))"},
    {"await Promise.resolve(1);",
     "(expr (await (call (member (ident Promise) (ident resolve)) (number 1))))"},
    {"for (const x of await list()) {}",
     "(for-of (var const (declarator (ident x))) (await (call (ident list))) (block))"},
    };
    js_check_rows(JS_ROWS(rows), false, true);
}
END_TEST

/* node v20 runs a .js file with import, export or top-level await as a module. */
START_TEST(module_detection)
{
    ck_assert_uint_eq(js_program_flags("console.log(1)", false), 0);
    ck_assert_uint_eq(js_program_flags("console.log(1)", true), JS_F_MODULE);
    ck_assert_uint_eq(js_program_flags("import fs from 'fs'", false), JS_F_MODULE);
    ck_assert_uint_eq(js_program_flags("x(); export const a = 1", false), JS_F_MODULE);
    ck_assert_uint_eq(js_program_flags("const u = import.meta.url", false), JS_F_MODULE);
    ck_assert_uint_eq(js_program_flags("await null", false), JS_F_MODULE | JS_F_TOP_AWAIT);
    ck_assert_uint_eq(js_program_flags("if (a) { await null }", true),
                      JS_F_MODULE | JS_F_TOP_AWAIT);
    ck_assert_uint_eq(js_program_flags("async function f() { await x }", false), 0);
    ck_assert_uint_eq(js_program_flags("const f = async () => await x", false), 0);
    ck_assert_uint_eq(js_program_flags("x = { async m() { await y } }", false), 0);
    /* CommonJS runs the file inside a function: a top-level return is allowed there. */
    ck_assert_uint_eq(js_program_flags("if (done) return; go()", false), 0);
}
END_TEST

/* ---- Positions ---------------------------------------------------------------------------- */

/* The first node of `kind` in the tree. */
static const struct js_node *first_of(const struct js_ast *ast, enum js_node_kind kind)
{
    for (uint32_t i = 0; i < ast->node_count; i++) {
        if (ast->nodes[i].kind == kind) {
            return &ast->nodes[i];
        }
    }
    ck_abort_msg("no %s node", sim__js_node_name(kind));
    return NULL;
}

/* Lines and columns of the first token, in characters; byte spans over the whole node. */
START_TEST(node_positions)
{
    const char *src = "let a = 1;\n\tconst é = \"→\", b = f(x,\n  y);";
    struct js_ast *ast = parsed(src, false);
    const struct js_node *call = first_of(ast, JS_NODE_CALL);
    ck_assert_uint_eq(call->line, 2);
    ck_assert_uint_eq(call->col, 21);
    ck_assert_str_eq(src + call->end, ";");
    ck_assert_int_eq(strncmp(src + call->start, "f(x,", 4), 0);
    const struct js_node *str = first_of(ast, JS_NODE_STRING);
    ck_assert_uint_eq(str->line, 2);
    ck_assert_uint_eq(str->col, 12);
    const struct js_node *program = &ast->nodes[ast->root];
    ck_assert_uint_eq(program->start, 0);
    ck_assert_uint_eq(program->end, strlen(src));
    const struct js_node *var = &ast->nodes[ast->lists[program->list + 1]];
    ck_assert_uint_eq(var->line, 2);
    ck_assert_uint_eq(var->col, 2); /* a tab is one column */
    sim__js_ast_destroy(ast);
}
END_TEST

/* CR LF, CR, U+2028 and U+2029 each end a line, for positions as for semicolons. */
START_TEST(line_breaks)
{
    const char *src = "a\r\nb\rc\xE2\x80\xA8" "d\xE2\x80\xA9" "e";
    struct js_ast *ast = parsed(src, false);
    const struct js_node *program = &ast->nodes[ast->root];
    ck_assert_uint_eq(program->count, 5);
    for (uint32_t i = 0; i < 5; i++) {
        const struct js_node *stmt = &ast->nodes[ast->lists[program->list + i]];
        ck_assert_uint_eq(stmt->line, i + 1);
        ck_assert_uint_eq(stmt->col, 1);
    }
    sim__js_ast_destroy(ast);
}
END_TEST

/* ---- Annotations -------------------------------------------------------------------------- */

START_TEST(annotations)
{
    const char *src = "// loopsim: config threadpool_size=2\n"
                      "crypto.pbkdf2(a, b, c); // loopsim: 30ms\n"
                      "  /* loopsim: 5ms */ fs.stat(f, cb); /* loopsim:2ms,  3ms */\n"
                      "// not an annotation: loopsim: 1ms\n"
                      "//loopsim:   padded   \n";
    struct js_ast *ast = parsed(src, false);
    static const struct {
        uint32_t line, col;
        bool line_comment, own_line;
        const char *text;
    } want[] = {
        {1, 1, true, true, "config threadpool_size=2"},
        {2, 25, true, false, "30ms"},
        {3, 3, false, true, "5ms"},
        {3, 38, false, false, "2ms,  3ms"},
        {5, 1, true, true, "padded"},
    };
    ck_assert_uint_eq(ast->annotation_count, 5);
    for (size_t i = 0; i < 5; i++) {
        const struct js_annotation *a = &ast->annotations[i];
        ck_assert_uint_eq(a->line, want[i].line);
        ck_assert_uint_eq(a->col, want[i].col);
        ck_assert_int_eq(a->line_comment, want[i].line_comment);
        ck_assert_int_eq(a->own_line, want[i].own_line);
        ck_assert_str_eq(a->text, want[i].text);
        ck_assert_int_eq(src[a->start], '/');
    }
    sim__js_ast_destroy(ast);
    /* A comment after a literal that spans lines shares the literal's last line. */
    ast = parsed("x = `a\nb` // loopsim: 7ms\n/* loopsim: 8ms */ y = 'c\\\nd'; // loopsim: 9ms",
                 false);
    ck_assert_uint_eq(ast->annotation_count, 3);
    ck_assert_uint_eq(ast->annotations[0].line, 2);
    ck_assert_int_eq(ast->annotations[0].own_line, false);
    ck_assert_int_eq(ast->annotations[1].own_line, true);
    ck_assert_uint_eq(ast->annotations[2].line, 4);
    ck_assert_uint_eq(ast->annotations[2].col, 5);
    ck_assert_int_eq(ast->annotations[2].own_line, false);
    sim__js_ast_destroy(ast);
}
END_TEST

/* ---- The dump ----------------------------------------------------------------------------- */

START_TEST(dump_program)
{
    struct js_ast *ast = parsed("a + b * 2", false);
    char buf[128];
    size_t len = sim__js_dump(ast, ast->root, buf, sizeof(buf));
    ck_assert_str_eq(buf, "(program (expr (binary + (ident a) (binary * (ident b) (number 2)))))");
    ck_assert_uint_eq(len, strlen(buf));
    /* Cut short like snprintf: NUL-terminated, the whole length returned. */
    char small[10];
    ck_assert_uint_eq(sim__js_dump(ast, ast->root, small, sizeof(small)), len);
    ck_assert_str_eq(small, "(program ");
    ck_assert_uint_eq(sim__js_dump(ast, ast->root, NULL, 0), len);
    ck_assert_uint_eq(sim__js_dump(ast, JS_NONE, buf, sizeof(buf)), 1);
    ck_assert_str_eq(buf, "-");
    sim__js_ast_destroy(ast);
}
END_TEST

/* Every kind and operator has its name, the dumps' and messages' one spelling. */
START_TEST(names)
{
    ck_assert_str_eq(sim__js_node_name(JS_NODE_PROGRAM), "program");
    ck_assert_str_eq(sim__js_node_name(JS_NODE_FOR_OF), "for-of");
    ck_assert_str_eq(sim__js_node_name(JS_NODE_REST), "rest");
    ck_assert_str_eq(sim__js_node_name(JS_NODE_COUNT), "?");
    ck_assert_str_eq(sim__js_op_spelling(JS_OP_NULLISH_ASSIGN), "?\?=");
    ck_assert_str_eq(sim__js_op_spelling(JS_OP_NEG), "-u");
    ck_assert_str_eq(sim__js_op_spelling(JS_OP_COUNT), "?");
    for (int k = 0; k < JS_NODE_COUNT; k++) {
        ck_assert_str_ne(sim__js_node_name((enum js_node_kind)k), "");
    }
    for (int op = 1; op < JS_OP_COUNT; op++) {
        ck_assert_str_ne(sim__js_op_spelling((enum js_op)op), "");
    }
}
END_TEST

/* Strings are quoted with JSON's escapes, controls and lone surrogates as \u escapes. */
START_TEST(dump_escapes)
{
    static const struct js_row rows[] = {
        {"'q\"b\\\\'", "(string \"q\\\"b\\\\\")"},
        {"'\\x01\\x7f\\x1b'", "(string \"\\u0001\\u007F\\u001B\")"},
        {"'\\uDBFF'", "(string \"\\uDBFF\")"},
        {"'\\u{10FFFF}'", "(string \"\xF4\x8F\xBF\xBF\")"},
    };
    js_check_rows(JS_ROWS(rows), true, false);
}
END_TEST

Suite *js_parse_suite(void)
{
    Suite *s = suite_create("js_parse");
    TCase *tc = tcase_create("subset");
    tcase_add_test(tc, values);
    tcase_add_test(tc, declarations);
    tcase_add_test(tc, functions);
    tcase_add_test(tc, statements);
    tcase_add_test(tc, expressions);
    tcase_add_test(tc, runtime_refusals_parse);
    tcase_add_test(tc, modules);
    tcase_add_test(tc, module_detection);
    tcase_add_test(tc, node_positions);
    tcase_add_test(tc, line_breaks);
    tcase_add_test(tc, annotations);
    tcase_add_test(tc, dump_program);
    tcase_add_test(tc, names);
    tcase_add_test(tc, dump_escapes);
    suite_add_tcase(s, tc);
    js_parse_syntax_cases(s);
    js_parse_errors_cases(s);
    return s;
}
