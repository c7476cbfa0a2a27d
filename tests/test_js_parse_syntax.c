/*
 * test_js_parse_syntax.c - the js_parse suite's lexical and operator cases: precedence and
 * associativity, `in`, templates, numbers, strings and their escapes, keywords as property
 * names, automatic semicolon insertion and its restricted productions, comments. Each source
 * with the tree it must give (test_js_parse.c has the helpers).
 */
#include <string.h>

#include "test_js_parse.h"
#include "test_util.h"

/* ---- Operators ---------------------------------------------------------------------------- */

START_TEST(precedence_and_associativity)
{
    static const struct js_row rows[] = {
    {"a + b * c",
     "(binary + (ident a) (binary * (ident b) (ident c)))"},
    {"(a + b) * c",
     "(binary * (binary + (ident a) (ident b)) (ident c))"},
    {"a - b - c",
     "(binary - (binary - (ident a) (ident b)) (ident c))"},
    {"a - (b - c)",
     "(binary - (ident a) (binary - (ident b) (ident c)))"},
    {"a / b * c",
     "(binary * (binary / (ident a) (ident b)) (ident c))"},
    {"a ** b ** c",
     "(binary ** (ident a) (binary ** (ident b) (ident c)))"},
    {"(a ** b) ** c",
     "(binary ** (binary ** (ident a) (ident b)) (ident c))"},
    {"-a * b",
     "(binary * (unary -u (ident a)) (ident b))"},
    {"(-a) ** b",
     "(binary ** (unary -u (ident a)) (ident b))"},
    {"a ** -b",
     "(binary ** (ident a) (unary -u (ident b)))"},
    {"!a && b",
     "(logical && (unary ! (ident a)) (ident b))"},
    {"a || b && c",
     "(logical || (ident a) (logical && (ident b) (ident c)))"},
    {"a && b || c",
     "(logical || (logical && (ident a) (ident b)) (ident c))"},
    {"a ?? b ?? c",
     "(logical ?? (logical ?? (ident a) (ident b)) (ident c))"},
    {"(a || b) ?? c",
     "(logical ?? (logical || (ident a) (ident b)) (ident c))"},
    {"a ?? (b && c)",
     "(logical ?? (ident a) (logical && (ident b) (ident c)))"},
    {"a == b < c",
     "(binary == (ident a) (binary < (ident b) (ident c)))"},
    {"a < b + c",
     "(binary < (ident a) (binary + (ident b) (ident c)))"},
    {"a & b == c",
     "(binary & (ident a) (binary == (ident b) (ident c)))"},
    {"a + b << c",
     "(binary << (binary + (ident a) (ident b)) (ident c))"},
    {"a = b = c",
     "(assign = (ident a) (assign = (ident b) (ident c)))"},
    {"a = b ? c : d",
     "(assign = (ident a) (conditional (ident b) (ident c) (ident d)))"},
    {"a ? b : c ? d : e",
     "(conditional (ident a) (ident b) (conditional (ident c) (ident d) (ident e)))"},
    {"a ? b = 1 : c",
     "(conditional (ident a) (assign = (ident b) (number 1)) (ident c))"},
    {"a, b = c",
     "(sequence (ident a) (assign = (ident b) (ident c)))"},
    {"typeof a + b",
     "(binary + (unary typeof (ident a)) (ident b))"},
    {"!a.b()",
     "(unary ! (call (member (ident a) (ident b))))"},
    {"new A().b()",
     "(call (member (new (ident A)) (ident b)))"},
    {"a++ + ++b",
     "(binary + (update ++ (ident a)) (update prefix ++ (ident b)))"},
    {"a + +b",
     "(binary + (ident a) (unary +u (ident b)))"},
    {"a - -b",
     "(binary - (ident a) (unary -u (ident b)))"},
    {"a-- - b",
     "(binary - (update -- (ident a)) (ident b))"},
    {"x = a || b ? c : d",
     "(assign = (ident x) (conditional (logical || (ident a) (ident b)) (ident c) (ident d)))"},
    {"a ?? b ? c : d",
     "(conditional (logical ?? (ident a) (ident b)) (ident c) (ident d))"},
    {"a?.5:b",
     "(conditional (ident a) (number 0.5) (ident b))"},
    {"async () => a || b",
     "(function async arrow expr-body - [] (logical || (ident a) (ident b)))"},
    };
    js_check_rows(JS_ROWS(rows), true, false);
}
END_TEST

/* `in` is an operator, except in a for's initialiser, where it would make a for...in. */
START_TEST(in_operator)
{
    static const struct js_row rows[] = {
        {"for (var i = (a in b); ;) {}",
         "(for (var var (declarator (ident i) (binary in (ident a) (ident b)))) - - (block))"},
        {"for (x = [a in b]; ;) {}",
         "(for (assign = (ident x) (array (binary in (ident a) (ident b)))) - - (block))"},
        {"for (f = function () { return a in b; }; ;) {}",
         "(for (assign = (ident f) (function - [] (block (return (binary in (ident a) "
         "(ident b)))))) - - (block))"},
        {"for (;a in b;) {}", "(for - (binary in (ident a) (ident b)) - (block))"},
    };
    js_check_rows(JS_ROWS(rows), false, false);
}
END_TEST

/* ---- Literals ----------------------------------------------------------------------------- */

START_TEST(templates)
{
    static const struct js_row rows[] = {
    {"`plain`",
     "(template (string \"plain\"))"},
    {"``",
     "(template (string \"\"))"},
    {"`a${b}c`",
     "(template (string \"a\") (ident b) (string \"c\"))"},
    {"`${a}${b}`",
     "(template (string \"\") (ident a) (string \"\") (ident b) (string \"\"))"},
    {"`x${`y${z}`}`",
     "(template (string \"x\") (template (string \"y\") (ident z) (string \"\")) (string \"\"))"},
    {"`${{a: 1}.a}`",
     "(template (string \"\") (member (object (property (ident a) (number 1))) (ident a)) "
     "(string \"\"))"},
    {"`${() => {}}`",
     "(template (string \"\") (function arrow - [] (block)) (string \"\"))"},
    {"`line1\nline2`",
     "(template (string \"line1\\nline2\"))"},
    {"`\\`\\${x}`",
     "(template (string \"`${x}\"))"},
    {"`a\\\nb`",
     "(template (string \"ab\"))"},
    {"`\\u{41}\\x42\\n`",
     "(template (string \"AB\\n\"))"},
    {"`$`",
     "(template (string \"$\"))"},
    {"`${a}$`",
     "(template (string \"\") (ident a) (string \"$\"))"},
    {"`a\r\nb\rc`",
     "(template (string \"a\\nb\\nc\"))"},
    {"`{}${'}'}`",
     "(template (string \"{}\") (string \"}\") (string \"\"))"},
    };
    js_check_rows(JS_ROWS(rows), true, false);
}
END_TEST

START_TEST(numbers)
{
    static const struct js_row rows[] = {
    {"0",
     "(number 0)"},
    {"1",
     "(number 1)"},
    {"1.5",
     "(number 1.5)"},
    {".5",
     "(number 0.5)"},
    {"5.",
     "(number 5)"},
    {"1e3",
     "(number 1000)"},
    {"1E-3",
     "(number 0.001)"},
    {"1.5e+2",
     "(number 150)"},
    {"0x1f",
     "(number 31)"},
    {"0XFF",
     "(number 255)"},
    {"0o17",
     "(number 15)"},
    {"0O7",
     "(number 7)"},
    {"0b101",
     "(number 5)"},
    {"0B11",
     "(number 3)"},
    {"1_000_000",
     "(number 1000000)"},
    {"1_0.0_1e1_0",
     "(number 100100000000)"},
    {"1e999",
     "(number Infinity)"},
    {"1e-999",
     "(number 0)"},
    {"9007199254740993",
     "(number 9007199254740992)"},
    {"0.1",
     "(number 0.1)"},
    {"123456789012345680000",
     "(number 123456789012345680000)"},
    {"1e21",
     "(number 1e+21)"},
    {"5e-7",
     "(number 5e-7)"},
    {"0.000001",
     "(number 0.000001)"},
    {"2e-7",
     "(number 2e-7)"},
    {"0xFFFFFFFFFFFFFFFF",
     "(number 18446744073709552000)"},
    {"0x1FFFFFFFFFFFFF",
     "(number 9007199254740991)"},
    {"0x10000000000000000",
     "(number 18446744073709552000)"},
    {"0b1_0000_0000",
     "(number 256)"},
    {"1.5e300",
     "(number 1.5e+300)"},
    };
    js_check_rows(JS_ROWS(rows), true, false);
}
END_TEST

START_TEST(strings)
{
    static const struct js_row rows[] = {
    {"'a'",
     "(string \"a\")"},
    {"\"a\"",
     "(string \"a\")"},
    {"''",
     "(string \"\")"},
    {"'\\n\\t\\r\\b\\f\\v\\0'",
     "(string \"\\n\\t\\r\\b\\f\\u000B\\u0000\")"},
    {"'\\\\\\'\\\"'",
     "(string \"\\\\'\\\"\")"},
    {"'\\x41\\x7a'",
     "(string \"Az\")"},
    {"'\\u0041\\u00e9'",
     "(string \"Aé\")"},
    {"'\\u{1F600}'",
     "(string \"😀\")"},
    {"'\\uD83D\\uDE00'",
     "(string \"😀\")"},
    {"'\\uD800'",
     "(string \"\\uD800\")"},
    {"'\\uDC00\\uD800'",
     "(string \"\\uDC00\\uD800\")"},
    {"'line\\\ncontinued'",
     "(string \"linecontinued\")"},
    {"'line\\\r\ncontinued'",
     "(string \"linecontinued\")"},
    {"'\\a\\c\\d'",
     "(string \"acd\")"},
    {"'é→😀'",
     "(string \"é→😀\")"},
    {"'\\u{0000000041}'",
     "(string \"A\")"},
    {"'a b'",
     "(string \"a b\")"},
    };
    js_check_rows(JS_ROWS(rows), true, false);
}
END_TEST

/* A string's value keeps what C strings cannot: NUL, and its length says so. */
START_TEST(string_values)
{
    struct sim_diag d;
    struct js_ast *ast = js_parse_text("x = 'a\\0b\\u{1F600}'", false, &d);
    ck_assert_uint_eq(ast->error_count, 0);
    const struct js_string *s = NULL;
    for (uint32_t i = 0; i < ast->node_count; i++) {
        if (ast->nodes[i].kind == JS_NODE_STRING) {
            s = &ast->strings[ast->nodes[i].str];
        }
    }
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(s->len, 7);
    ck_assert_int_eq(memcmp(s->bytes, "a\0b\xF0\x9F\x98\x80", 8), 0);
    sim__js_ast_destroy(ast);
}
END_TEST

/* Keywords are property names after a dot and as keys; contextual words are identifiers. */
START_TEST(keywords_as_names)
{
    static const struct js_row rows[] = {
    {"o.default",
     "(member (ident o) (ident default))"},
    {"o.new",
     "(member (ident o) (ident new))"},
    {"o.if.else.for",
     "(member (member (member (ident o) (ident if)) (ident else)) (ident for))"},
    {"o.class",
     "(member (ident o) (ident class))"},
    {"o.await",
     "(member (ident o) (ident await))"},
    {"o.let",
     "(member (ident o) (ident let))"},
    {"o.typeof",
     "(member (ident o) (ident typeof))"},
    {"o.null",
     "(member (ident o) (ident null))"},
    {"({new: 1, if: 2, class: 3, default: 4})",
     "(object (property (ident new) (number 1)) (property (ident if) (number 2)) (property "
     "(ident class) (number 3)) (property (ident default) (number 4)))"},
    {"({true: 1, function: 2})",
     "(object (property (ident true) (number 1)) (property (ident function) (number 2)))"},
    {"o?.import",
     "(chain (member optional (ident o) (ident import)))"},
    {"({get: 1, set: 2, async: 3, of: 4})",
     "(object (property (ident get) (number 1)) (property (ident set) (number 2)) (property "
     "(ident async) (number 3)) (property (ident of) (number 4)))"},
    {"({get() {}, set(v) {}, async() {}})",
     "(object (property method (ident get) (function - [] (block))) (property method (ident "
     "set) (function - [(ident v)] (block))) (property method (ident async) (function - [] "
     "(block))))"},
    {"({get, set, async})",
     "(object (property shorthand (ident get) (ident get)) (property shorthand (ident set) "
     "(ident set)) (property shorthand (ident async) (ident async)))"},
    {"of",
     "(ident of)"},
    {"let_ = get + set + as + from + of + meta + target",
     "(assign = (ident let_) (binary + (binary + (binary + (binary + (binary + (binary + (ident "
     "get) (ident set)) (ident as)) (ident from)) (ident of)) (ident meta)) (ident target)))"},
    {"({await: 1}).await",
     "(member (object (property (ident await) (number 1))) (ident await))"},
    };
    js_check_rows(JS_ROWS(rows), true, false);
}
END_TEST

/* ---- Automatic semicolon insertion -------------------------------------------------------- */

START_TEST(semicolons)
{
    static const struct js_row rows[] = {
    {"a\nb",
     "(expr (ident a)) (expr (ident b))"},
    {"a = 1\nb = 2",
     "(expr (assign = (ident a) (number 1))) (expr (assign = (ident b) (number 2)))"},
    {"let x = 1\nlet y = 2",
     "(var let (declarator (ident x) (number 1))) (var let (declarator (ident y) (number 2)))"},
    {"a\n++b",
     "(expr (ident a)) (expr (update prefix ++ (ident b)))"},
    {"a\n--b",
     "(expr (ident a)) (expr (update prefix -- (ident b)))"},
    {"a++\nb",
     "(expr (update ++ (ident a))) (expr (ident b))"},
    {"return\nx",
     "(return) (expr (ident x))"},
    {"x = y\n(z)",
     "(expr (assign = (ident x) (call (ident y) (ident z))))"},
    {"x = y\n[0]",
     "(expr (assign = (ident x) (member computed (ident y) (number 0))))"},
    {"i\n++\nj",
     "(expr (ident i)) (expr (update prefix ++ (ident j)))"},
    {"do x(); while (a) y()",
     "(do-while (expr (call (ident x))) (ident a)) (expr (call (ident y)))"},
    {"{ a } b",
     "(block (expr (ident a))) (expr (ident b))"},
    {"a; b",
     "(expr (ident a)) (expr (ident b))"},
    {"const f = () => {}\nf()",
     "(var const (declarator (ident f) (function arrow - [] (block)))) (expr (call (ident f)))"},
    {"var a = 1, b\n= 2",
     "(var var (declarator (ident a) (number 1)) (declarator (ident b) (number 2)))"},
    };
    js_check_rows(JS_ROWS(rows), false, false);
}
END_TEST

/* return, break and continue end at a line break; so do ++ and --, and `async`. */
START_TEST(restricted_productions)
{
    static const struct js_row rows[] = {
    {"function f() { return\n1 }",
     "(function-decl (ident f) [] (block (return) (expr (number 1))))"},
    {"for (;;) { break\nx }",
     "(for - - - (block (break) (expr (ident x))))"},
    {"for (;;) { continue\nx }",
     "(for - - - (block (continue) (expr (ident x))))"},
    {"a\n++\nb",
     "(expr (ident a)) (expr (update prefix ++ (ident b)))"},
    {"async\nx => x",
     "(expr (ident async)) (expr (function arrow expr-body - [(ident x)] (ident x)))"},
    };
    js_check_rows(JS_ROWS(rows), false, false);
}
END_TEST

/* A block comment that holds a line break stands for one: a semicolon is inserted. */
START_TEST(comments)
{
    static const struct js_row rows[] = {
        {"a /* one line */ + b", "(expr (binary + (ident a) (ident b)))"},
        {"a /* two\nlines */ b", "(expr (ident a)) (expr (ident b))"},
        {"a // to the end\nb", "(expr (ident a)) (expr (ident b))"},
        {"return /*\n*/ x", "(return) (expr (ident x))"},
        {"x = 1 /* c */ / 2 // d", "(expr (assign = (ident x) (binary / (number 1) "
                                   "(number 2))))"},
    };
    js_check_rows(JS_ROWS(rows), false, false);
}
END_TEST

void js_parse_syntax_cases(Suite *s)
{
    TCase *tc = tcase_create("syntax");
    tcase_add_test(tc, precedence_and_associativity);
    tcase_add_test(tc, in_operator);
    tcase_add_test(tc, templates);
    tcase_add_test(tc, numbers);
    tcase_add_test(tc, strings);
    tcase_add_test(tc, string_values);
    tcase_add_test(tc, keywords_as_names);
    tcase_add_test(tc, semicolons);
    tcase_add_test(tc, restricted_productions);
    tcase_add_test(tc, comments);
    suite_add_tcase(s, tc);
}
