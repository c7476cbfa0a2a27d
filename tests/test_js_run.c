/*
 * test_js_run.c - JavaScript programs run on the engine: each test is a small program and the
 * console output node v20 prints for it (checked by running it in node), joined with '|'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "js/code.h"
#include "program.h"

static char out[8192];
static size_t out_len;

static int collect(void *ctx, const struct sim_event *ev)
{
    (void)ctx;
    const char *text = NULL;
    char note[600];
    if (ev->kind == SIM_EVENT_LOG) {
        text = ev->text;
    } else if (ev->kind == SIM_EVENT_NOTE && ev->reason == SIM_REASON_UNCAUGHT) {
        snprintf(note, sizeof(note), "!%s", ev->text);
        text = note;
    }
    if (text == NULL) {
        return 0;
    }
    size_t n = strlen(text);
    if (out_len + n + 2 < sizeof(out)) {
        if (out_len > 0) {
            out[out_len++] = '|';
        }
        memcpy(out + out_len, text, n);
        out_len += n;
        out[out_len] = '\0';
    }
    return 0;
}

/* Runs a program; its console output joined with '|' ("!text" for an uncaught exception). */
static const char *js_logs(const char *src)
{
    struct sim_diag diag;
    struct sim_program *prog = sim_program_load_js(src, strlen(src), false, NULL, &diag);
    ck_assert_msg(prog != NULL, "%u:%u: %s", diag.line, diag.col, diag.message);
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_ptr_nonnull(loop);
    out_len = 0;
    out[0] = '\0';
    ck_assert_int_eq(sim_loop_run(loop, collect, NULL), 0);
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    return out;
}

/* Collects each schedule and callback event's label and text as "label/text", joined by '|'. */
static int collect_labels(void *ctx, const struct sim_event *ev)
{
    (void)ctx;
    if (ev->kind != SIM_EVENT_SCHEDULE && ev->kind != SIM_EVENT_CALLBACK) {
        return 0;
    }
    char item[600];
    snprintf(item, sizeof(item), "%s/%s", ev->label != NULL ? ev->label : "-",
             ev->text != NULL ? ev->text : "-");
    size_t n = strlen(item);
    if (out_len + n + 2 < sizeof(out)) {
        if (out_len > 0) {
            out[out_len++] = '|';
        }
        memcpy(out + out_len, item, n + 1);
        out_len += n;
    }
    return 0;
}

/* Runs a program; its schedule and callback events as collect_labels writes them. */
static const char *js_labels(const char *src)
{
    struct sim_diag diag;
    struct sim_program *prog = sim_program_load_js(src, strlen(src), false, NULL, &diag);
    ck_assert_msg(prog != NULL, "%u:%u: %s", diag.line, diag.col, diag.message);
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_ptr_nonnull(loop);
    out_len = 0;
    out[0] = '\0';
    ck_assert_int_eq(sim_loop_run(loop, collect_labels, NULL), 0);
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    return out;
}

/* Loads a program that must be refused; returns "LINE:COL: message". */
static const char *js_refusal(const char *src)
{
    static char msg[700];
    struct sim_diag diag;
    struct sim_program *prog = sim_program_load_js(src, strlen(src), false, NULL, &diag);
    ck_assert_ptr_null(prog);
    snprintf(msg, sizeof(msg), "%u:%u: %s", diag.line, diag.col, diag.message);
    return msg;
}

#define LOGS(src, want) ck_assert_str_eq(js_logs(src), want)

START_TEST(logs_values_as_node_prints_them)
{
    LOGS("console.log('a', 1, true, null, undefined)", "a 1 true null undefined");
    LOGS("console.log(-0, [-0], 1e21, 0.1 + 0.2, NaN, 2 ** 53)",
         "-0 [ -0 ] 1e+21 0.30000000000000004 NaN 9007199254740992");
    LOGS("console.log([1, 'x', [2, []]], {a: 1, 'b-c': 'it\\'s', d: {}})",
         "[ 1, 'x', [ 2, [] ] ] { a: 1, 'b-c': \"it's\", d: {} }");
    LOGS("console.log({a: {b: {c: {d: 1}}}})", "{ a: { b: { c: [Object] } } }");
    LOGS("console.log([1, 2, 3, 4, 5, 6, 7])", "[\n  1, 2, 3, 4,\n  5, 6, 7\n]");
    LOGS("console.log('%s is %d years', 'Bob', 42.5, 'extra')", "Bob is 42.5 years extra");
    LOGS("console.log('%i|%f|%j|%%', 3.9, '2.5', {a: [1]})", "3|2.5|{\"a\":[1]}|%");
    LOGS("console.log(function foo() {}, () => {})", "[Function: foo] [Function (anonymous)]");
    LOGS("const f = () => 1; console.log(f, {g() {}})", "[Function: f] { g: [Function: g] }");
}
END_TEST

START_TEST(closures_capture_variables_not_values)
{
    LOGS("function counter() { let n = 0; return () => ++n; }\n"
         "const c = counter(); c(); c(); console.log(c());",
         "3");
    LOGS("const fs = []; for (let i = 0; i < 3; i++) { fs.push(() => i); }\n"
         "console.log(fs.length, fs[0](), fs[1](), fs[2]());",
         "3 0 1 2");
    LOGS("const fs = []; for (var i = 0; i < 3; i++) { fs.push(() => i); }\n"
         "console.log(fs[0](), fs[2]());",
         "3 3");
}
END_TEST

START_TEST(hoisting_and_the_dead_zone)
{
    LOGS("console.log(typeof f, v); var v = 1; function f() {}", "function undefined");
    LOGS("try { x; } catch (e) { console.log(e.name, e.message); } let x = 1;",
         "ReferenceError Cannot access 'x' before initialization");
    LOGS("const c = 1; try { c = 2; } catch (e) { console.log(e.message); }",
         "Assignment to constant variable.");
    LOGS("try { nope(); } catch (e) { console.log(String(e)); }",
         "ReferenceError: nope is not defined");
}
END_TEST

/* The compiler drops a let's dead-zone check where it cannot throw: these still must. */
START_TEST(the_dead_zone_where_the_check_stays)
{
    LOGS("function f(v) { switch (v) { case 0: let y = 1; break;\n"
         "case 1: try { console.log(y); } catch (e) { console.log(e.message); } } } f(1);",
         "Cannot access 'y' before initialization");
    LOGS("try { let z = z; } catch (e) { console.log(e.message); }",
         "Cannot access 'z' before initialization");
    LOGS("for (let i = 0; i < 2; i++) {\n"
         "try { w; } catch (e) { console.log(e.name); } let w = i; console.log(w); }",
         "ReferenceError|0|ReferenceError|1");
    LOGS("try { let {a = b, b} = {}; } catch (e) { console.log(e.message); }",
         "Cannot access 'b' before initialization");
    LOGS("{ try { q = 1; } catch (e) { console.log(e.message); } let q; console.log(q); }",
         "Cannot access 'q' before initialization|undefined");
    LOGS("{ let r = 1; r = 2; r += 1; const s = r * 2; console.log(r, s); }", "3 6");
}
END_TEST

/*
 * A let or const of a function's own body starts in the hole its frame began with (no HOLE
 * instruction): every way to reach it early still throws, extra arguments (which once lay in
 * the locals' slots) included, and a parameter a caller left out is still undefined.
 */
START_TEST(the_dead_zone_of_a_function_body)
{
    LOGS("function f(a) { try { console.log(y); } catch (e) { console.log(e.message); }\n"
         "let y = a; console.log(y); } f(1, 2, 3); f();",
         "Cannot access 'y' before initialization|1|"
         "Cannot access 'y' before initialization|undefined");
    LOGS("function g(a, b) { try { typeof c; } catch (e) { console.log(e.name); }\n"
         "try { d++; } catch (e) { console.log(e.name); }\n"
         "try { d = 1; } catch (e) { console.log(e.name); } const c = b; let d = c;\n"
         "return [a, b, d]; }\n"
         "console.log(g(1), g(1, 2, 3, 4));",
         "ReferenceError|ReferenceError|ReferenceError|ReferenceError|ReferenceError|"
         "ReferenceError|[ 1, undefined, undefined ] [ 1, 2, 2 ]");
    LOGS("function h(...rest) { const read = () => k; try { read(); } catch (e) {\n"
         "console.log(e.message); } let k = rest.length; return read(); }\n"
         "console.log(h(5, 6));",
         "Cannot access 'k' before initialization|2");
    LOGS("try { m; } catch (e) { console.log(e.message); } let m = 1; console.log(m);",
         "Cannot access 'm' before initialization|1");
}
END_TEST

/*
 * o.k remembers where it found k (interp.c, get_prop): on o itself, or on the prototype of an
 * object without properties of its own. Each of these reads must still see what is there now.
 */
START_TEST(a_property_read_remembers_where_it_found_the_key)
{
    LOGS("const o = {a: 1, b: 2}; const read = (x) => x.b;\n"
         "console.log(read(o), read({b: 3}), read({}), read([]));\n"
         "o.b = 5; console.log(read(o)); o.a = undefined; console.log(read(o));\n"
         "o.b = undefined; console.log(read(o));",
         "2 3 undefined undefined|5|5|undefined");
    LOGS("const p = Promise.resolve(1); const q = Promise.resolve(2); const then = (x) => x.then;\n"
         "console.log(then(p) === then(q), typeof then(p));\n"
         "q.then = 'own'; console.log(then(p) === Promise.prototype.then, then(q));\n"
         "Promise.prototype.then = 'changed'; console.log(then(p), then(Promise.resolve(3)));",
         "true function|true own|changed changed");
    LOGS("const len = (x) => x.length; const nm = (x) => x.name;\n"
         "console.log(len({length: 7}), len([1, 2]), len('abc'), len(function f(a, b) {}),\n"
         "len({})); console.log(nm(function g() {}), nm({name: 'n'}), nm(() => 0), nm(nm));",
         "7 2 3 2 undefined|g n  nm");
    LOGS("const k = (x) => x.k; const objs = [];\n"
         "for (let i = 0; i < 3; i++) { objs.push({k: i}); } console.log(objs.map(k).join(','));\n"
         "function C() {} const proto = C.prototype; proto.m = 'proto'; const child = new C();\n"
         "console.log(child.m, k(child)); proto.m = 'again'; console.log(child.m);\n"
         "child.m = 'own'; console.log(child.m, proto.m);",
         "0,1,2|proto undefined|again|own again");
}
END_TEST

/*
 * A task's label that is a constant of the program (a function's name) is handed out as the
 * program's own bytes, one made at run time as a copy: both read the same, a NUL inside a name
 * ending it in both.
 */
START_TEST(labels_of_javascript_tasks)
{
    ck_assert_str_eq(js_labels("const o = {'a\\0b': () => {}, named() {}};\n"
                               "queueMicrotask(o['a\\0b']); Promise.resolve().then(o.named);\n"
                               "Promise.resolve().then(() => {}); queueMicrotask(() => {});"),
                     "main/-|a/-|-/named|-/then (line 3)|queueMicrotask (line 3)/-|a/-|"
                     "named/-|then (line 3)/-|queueMicrotask (line 3)/-");
    /* a name over 80 bytes labels a queueMicrotask cut to 80, and a promise job whole */
    char src[400];
    char name[91];
    memset(name, 'n', 90);
    name[90] = '\0';
    snprintf(src, sizeof(src), "function %s() {}\nqueueMicrotask(%s);\n"
             "Promise.resolve().then(%s);", name, name, name);
    char want[600];
    snprintf(want, sizeof(want), "main/-|%.80s/-|-/%s|%.80s/-|%s/-", name, name, name, name);
    ck_assert_str_eq(js_labels(src), want);
}
END_TEST

/* `x++;` is one instruction (INC_LOCAL, INC_BOXED, INC_CAPTURE): ToNumber, then 1 more. */
START_TEST(an_increment_statement)
{
    LOGS("let a = '5'; a++; let b; b--; var c = null; c++; let d = 1.5; d--;\n"
         "console.log(a, b, c, d);",
         "6 NaN 1 0.5");
    LOGS("let n = 0; const f = () => { n++; n++; }; f(); console.log(n);", "2");
    LOGS("function g() { let k = 10; const h = () => k; k--; k--; return h(); }\n"
         "console.log(g());",
         "8");
    LOGS("try { q++; } catch (e) { console.log(e.message); } let q = 1;",
         "Cannot access 'q' before initialization");
    LOGS("try { const z = 1; z++; } catch (e) { console.log(e.message); }",
         "Assignment to constant variable.");
    LOGS("let s = 0; for (let i = 0; i < 5; i++) { s++; } console.log(s);", "5");
}
END_TEST

START_TEST(control_flow)
{
    LOGS("let s = ''; for (const x of [1, 2, 3, 4]) { if (x === 2) continue; if (x === 4) break;"
         " s += x; } console.log(s);",
         "13");
    LOGS("let i = 0; do { i++; } while (i < 5); console.log(i);", "5");
    LOGS("function k(x) { switch (x) { case 1: return 'one'; case 2: case 3: return 'few';"
         " default: return 'many'; } } console.log(k(1), k(3), k(9));",
         "one few many");
    LOGS("function f() { try { return 'try'; } finally { console.log('finally'); } }"
         " console.log(f());",
         "finally|try");
    LOGS("for (let i = 0; i < 2; i++) { try { if (i === 0) continue; console.log('i', i); }"
         " finally { console.log('f', i); } }",
         "f 0|i 1|f 1");
    LOGS("try { throw new TypeError('bad'); }"
         " catch ({name, message}) { console.log(name, message); }",
         "TypeError bad");
}
END_TEST

START_TEST(values_and_operators)
{
    LOGS("const {a, b: [c, ...d], e = 5} = {a: 1, b: [2, 3, 4]}; console.log(a, c, d, e);",
         "1 2 [ 3, 4 ] 5");
    LOGS("const o = {x: 1, ...{y: 2}}; const arr = [0, ...[1, 2]]; console.log(o, arr);",
         "{ x: 1, y: 2 } [ 0, 1, 2 ]");
    LOGS("console.log(`a${1 + 1}b${'c'}`, '5' * '2', '5' + 2, 7 % 3, -7 % 3, 1 / 0)",
         "a2bc 10 52 1 -1 Infinity");
    LOGS("console.log(null ?? 'd', 0 || 'o', 0 && 'x', undefined?.p, ({a: {b: 1}}).a?.b)",
         "d o 0 undefined 1");
    LOGS("console.log(1 == '1', null == undefined, NaN === NaN, [1] == 1, typeof null)",
         "true true false true object");
    LOGS("let b = 6; b &= 3; let o = 1; o |= 4; o <<= 2; let u = -1; u >>>= 28;"
         " console.log(b, o, u)",
         "2 20 15");
    LOGS("let x = 1; x += 2; x **= 2; let y = null; y ?\?= 'z'; console.log(x, y, x++, ++x);",
         "9 z 9 11");
    LOGS("const a = [3, 1, 10, 2]; console.log(a.sort(), [...a].sort((x, y) => x - y),"
         " ['b', undefined, 'a'].sort())",
         "[ 1, 10, 2, 3 ] [ 1, 2, 3, 10 ] [ 'a', 'b', undefined ]");
    LOGS("console.log((1.005).toFixed(2), 'abc'.toUpperCase(), 'a,b'.split(','), [3, 1].join('-'))",
         "1.00 ABC [ 'a', 'b' ] 3-1");
}
END_TEST

/* % of positive whole numbers takes an integer path: it must agree with fmod everywhere. */
START_TEST(the_remainder_of_whole_numbers)
{
    LOGS("const v = [[5, 2], [0, 3], [-0, 2], [7.5, 2], [2 ** 53 - 1, 3], [4, 1], [-7, 3],"
         " [7, -3], [2 ** 60, 7], [1, 0.5], [3, Infinity], [1e300, 3]];\n"
         "console.log(v.map(([a, b]) => a % b).join(' '), 1 / (v[2][0] % v[2][1]));",
         "1 0 0 1.5 1 0 -1 1 1 0 3 0 -Infinity");
}
END_TEST

/* How many instructions `op` the compiled program has (white box: sim/js/code.h). */
static int count_op(const char *src, enum js_opcode op)
{
    struct sim_diag diag;
    struct sim_program *prog = sim_program_load_js(src, strlen(src), false, NULL, &diag);
    ck_assert_ptr_nonnull(prog);
    const struct js_code *code = prog->js;
    int n = 0;
    for (uint32_t i = 0; i < code->proto_count; i++) {
        const struct js_proto *p = &code->protos[i];
        for (uint32_t at = p->code; at < p->code + p->code_len;) {
            n += code->bytes[at] == op;
            at += 1 + (uint32_t)sim__js_opcode_operands((enum js_opcode)code->bytes[at]);
        }
    }
    sim_program_destroy(prog);
    return n;
}

/*
 * Two instructions become one (compile.c's JS_FUSION_MAP) except where a jump lands on the
 * second: there both stay, or the jump would skip half of the pair.
 */
START_TEST(fused_instructions_and_the_jumps_between_them)
{
    const char *src =
        "let c = false, y = 1; c && (y = 5); console.log(y); c = true; c && (y = 5);\n"
        "console.log(y, 10 - (c ? 1 : 2), 10 - (!c ? 1 : 2));\n"
        "const o = {x: 1}; o.x += 2; let k = 0; for (let i = 0; i < 3; i++) { k = i * 2; }\n"
        "function f(b) { let z = 0; if (b) { z = 7; } else { return; } return z; }\n"
        "let s = 0; let n = 4; while (n > 0) { s = s + n; n--; }\n"
        "console.log(o.x, k, f(1), f(0), s);";
    LOGS(src, "1|5 9 8|3 4 7 undefined 10");
    /* `c && (y = 5);` keeps SET_LOCAL and POP apart, its falsy jump landing on the POP; the
       two declarations are fused (PUT_LOCAL). Their dead zones need no mark: a frame's
       locals start as holes. In a block they do: `{ let y; }` has two PUT_LOCALs. */
    ck_assert_int_eq(count_op("let c = 0, y = 1; c && (y = 5);", JS_OPC_PUT_LOCAL), 2);
    ck_assert_int_eq(count_op("let c = 0, y = 1; c && (y = 5);", JS_OPC_SET_LOCAL), 1);
    ck_assert_int_eq(count_op("let y; y = 5;", JS_OPC_PUT_LOCAL), 2);
    ck_assert_int_eq(count_op("{ let y; }", JS_OPC_PUT_LOCAL), 2);
    ck_assert_int_eq(count_op("{ let y; }", JS_OPC_HOLE), 1);
    ck_assert_int_eq(count_op("let y; function f() { const z = 1; return z; }", JS_OPC_HOLE), 0);
    /* The else branch's 2 and the subtraction meet where the then branch's jump lands. */
    ck_assert_int_eq(count_op("let a = 1; console.log(a - (a ? 1 : 2));", JS_OPC_BINARY_NUM), 0);
    ck_assert_int_eq(count_op("let a = 1; console.log(a - 1, a * 2);", JS_OPC_BINARY_NUM), 2);
    /* the main script's end, and f's return and end */
    ck_assert_int_eq(count_op("function f() { return; } f();", JS_OPC_RETURN_UNDEFINED), 3);
    ck_assert_int_eq(count_op("console.log(1);", JS_OPC_GET_PROP_KEEP), 1);
}
END_TEST

/*
 * A test and its branch are one instruction (BINARY_JUMP_IF_FALSE and the others of code.h):
 * numbers compared inline, anything else through the operator, whose throw is still caught;
 * a result that is not a boolean is tested for truthiness.
 */
START_TEST(a_test_and_its_branch_in_one_instruction)
{
    const char *src =
        "const out = [];\n"
        "for (let i = 0; i < 3; i++) { out.push(i); }\n"
        "let j = 5; do { j -= 2; } while (j > 0); out.push(j);\n"
        "const a = 'b', b = 'a'; if (a > b) { out.push('str'); }\n"
        "if (1 - 1) { out.push('no'); } else { out.push('zero'); }\n"
        "if ('x' + 1) { out.push('x1'); }\n"
        "if (NaN < 1 || NaN >= 1) { out.push('nan'); } else { out.push('no nan'); }\n"
        "const o = {k: 1}; if ('k' in o) { out.push('in'); }\n"
        "try { if ('k' in 5) { out.push('never'); } } catch (e) { out.push(e.constructor.name); }\n"
        "try { if (o instanceof 3) { out.push('never'); } } catch (e) { out.push(e.name); }\n"
        "switch (2) { case 1: out.push('one'); break; case 2: out.push('two'); break; }\n"
        "function f(v = 7) { return v; } out.push(f(), f(null), f(undefined));\n"
        "let n = 0; while (n !== 3 && n < 10) { n++; } out.push(n);\n"
        "if ({} == '[object Object]') { out.push('eq'); }\n"
        "console.log(out.join(' '));";
    LOGS(src, "0 1 2 -1 str zero x1 no nan in TypeError TypeError two 7  7 3 eq");
    ck_assert_int_eq(count_op("let i = 0; if (i < 2) { i = 1; }", JS_OPC_BINARY_NUM_JUMP_IF_FALSE),
                     1);
    ck_assert_int_eq(count_op("let i = 0, k = 1; do { i++; } while (i < k);",
                              JS_OPC_BINARY_JUMP_IF_TRUE),
                     1);
    /* `(a < b) || c` jumps past the test when it holds: the comparison stays a value */
    ck_assert_int_eq(count_op("let a = 1, b = 2; if ((a < b) || a) { a = 3; }",
                              JS_OPC_BINARY_JUMP_IF_FALSE),
                     0);
}
END_TEST

/*
 * A native called from bytecode gets a copy of its arguments, and its result takes the call's
 * lowest slot (calls.c, call_native): as a method or not, when it calls out to a function of
 * the program (map, forEach, sort) with values of the expression below it, when it throws or
 * its callee throws, and past 16 arguments or with `new` (the generic path).
 */
START_TEST(natives_called_from_bytecode)
{
    LOGS("const out = [];\n"
         "out.push([1, 2, 3].map((x) => x * 2).join('-'));\n"
         "let acc = 0; [4, 5].forEach(function (v) { acc += v; }); out.push(acc);\n"
         "out.push(Math.max(1, 9, 3),\n"
         "  Math.max(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20));\n"
         "out.push([3, 1, 2].sort((a, b) => a - b).join(''), 'abc'.toUpperCase(),\n"
         "  String(12) + 1);\n"
         "try { [1].map(() => { throw new Error('in map'); }); }\n"
         "catch (e) { out.push(e.message); }\n"
         "try { null.f(); } catch (e) { out.push(e.name); }\n"
         "out.push([1, [2, [3]]].concat([4]).length, new Error('e').message);\n"
         "out.push(1 + [10, 20].indexOf(20) * 3, [...'hi'].reverse().join(''));\n"
         "const obj = {f: Math.abs}; out.push(obj.f(-4));\n"
         "console.log(out.join(' '));\n"
         "console.log('p' + [1, 2].map((x) => [x].map((y) => y + 1)[0]).join(',') + 'q',\n"
         "  7 * [3].reduce((a, b) => a + b, 2));",
         "2-4-6 9 9 20 123 ABC 121 in map TypeError 3 e 4 ih 4|p2,3q 35");
}
END_TEST

/* Promise.resolve() and Promise.resolve(a primitive) make a fulfilled promise at once. */
START_TEST(promise_resolve_of_a_primitive)
{
    LOGS("const p = Promise.resolve(); const q = Promise.resolve(7);\n"
         "const r = Promise.resolve(p);\n"
         "const t = Promise.resolve({then(res) { res('thenable'); }});\n"
         "const o = Promise.resolve({v: 1});\n"
         "console.log(r === p, p instanceof Promise, typeof Promise.resolve(null).then);\n"
         "Promise.resolve('s').then((v) => console.log('s', v));\n"
         "p.then((v) => console.log('p', v)); q.then((v) => console.log('q', v));\n"
         "t.then((v) => console.log('t', v)); o.then((v) => console.log('o', v.v));\n"
         "Promise.resolve(null).then((v) => console.log('null', v));",
         "true true function|s s|p undefined|q 7|o 1|null null|t thenable");
}
END_TEST

/*
 * A promise job whose handler is a function of the program is called by the job's task itself
 * (node.c, start_reaction): its return value, a promise it returns, its throw and its `this`
 * settle the derived as the job's native would.
 */
START_TEST(reaction_handlers_settle_their_derived)
{
    LOGS("const p = Promise.resolve(1);\n"
         "p.then((v) => v + 1).then((v) => { console.log('value', v);"
         " return Promise.resolve(v * 10); })\n"
         "  .then((v) => { console.log('adopted', v); throw new Error('boom'); })\n"
         "  .then(() => console.log('skipped'))"
         ".catch((e) => { console.log('caught', e.message); return 'after'; })\n"
         "  .then(function (v) { console.log(v, this === globalThis); });\n"
         "Promise.reject(new Error('r'))"
         ".then(null, (e) => { console.log('onRejected', e.message); });\n"
         "queueMicrotask(() => console.log('microtask'));",
         "onRejected r|microtask|value 2|adopted 20|caught boom|after true");
    LOGS("Promise.resolve().then(() => { throw new Error('lost'); });",
         "!Error: lost"); /* node: the rejection is unhandled, the process ends */
}
END_TEST

/*
 * A parameter that closures use and nothing assigns is held by value, without a box (inner.c's
 * targets, compile.c's `frozen`); every kind of target keeps the box. And `var k` of a
 * parameter is the same binding: it keeps the argument (it was reset to undefined).
 */
START_TEST(closures_hold_parameters_nothing_assigns)
{
    LOGS("function a(k) { return () => k; }\n"
         "function b(k) { const f = () => k; k = k + 1; return f; }\n"
         "function c(k) { const f = () => k; const g = () => { k *= 2; }; g(); return f; }\n"
         "function d(k) { const f = () => k; [k] = [k + 10]; return f; }\n"
         "function e(k) { var k; const f = () => k; return f; }\n"
         "function g(k) { var k = 5; return () => k; }\n"
         "function h(k) { const f = () => k; for (k of [7, 8]) {} return f; }\n"
         "function i(k) { function k() { return 'fn'; } return () => typeof k; }\n"
         "function j(k) { try { throw 3; } catch (k) { return [() => k, k]; } }\n"
         "function m(k) { return (x) => (y) => k + x + y; }\n"
         "function n(k, o) { o.k = 9; return () => [k, o.k]; }\n"
         "const r = j(1);\n"
         "console.log(a(1)(), b(1)(), c(3)(), d(1)(), e(4)(), g(1)(), h(1)(), i(1)(), r[0](),"
         " r[1], m(1)(2)(3), n(1, {})());",
         "1 2 6 11 4 5 8 function 3 3 6 [ 1, 9 ]");
    LOGS("function f(a) { var a; console.log(a); var a = 2; console.log(a); } f(1);\n"
         "function g(b) { { var b; } return () => b; } console.log(g(5)());",
         "1|2|5");
    ck_assert_int_eq(count_op("function a(k) { return () => k; }", JS_OPC_BOX), 0);
    ck_assert_int_eq(count_op("function a(k) { return () => k; }", JS_OPC_GET_CAPTURE_VALUE), 1);
    ck_assert_int_eq(count_op("function m(k) { return (x) => (y) => k + x + y; }",
                              JS_OPC_GET_CAPTURE_VALUE), 2);
    ck_assert_int_eq(count_op("function b(k) { const f = () => k; k++; return f; }",
                              JS_OPC_BOX), 1);
}
END_TEST

START_TEST(uncaught_exceptions_end_the_process)
{
    LOGS("console.log('before'); throw new Error('boom'); console.log('after');",
         "before|!Error: boom");
    LOGS("null.x", "!TypeError: Cannot read properties of null (reading 'x')");
}
END_TEST

START_TEST(callbacks_run_in_node_order)
{
    LOGS("setTimeout(() => console.log('timeout'), 0);\n"
         "setImmediate(() => console.log('immediate'));\n"
         "process.nextTick(() => console.log('tick'));\n"
         "queueMicrotask(() => console.log('microtask'));\n"
         "console.log('main');",
         "main|tick|microtask|timeout|immediate");
    LOGS("let n = 0; const id = setInterval(() => { console.log('tick', ++n);"
         " if (n === 3) clearInterval(id); }, 10);",
         "tick 1|tick 2|tick 3");
    LOGS("setTimeout((a, b) => console.log(a + b), 5, 'x', 'y');", "xy");
    LOGS("const t = setTimeout(() => console.log('never'), 10); clearTimeout(t);"
         " setImmediate(function later() { console.log('later'); });",
         "later");
}
END_TEST

/* The reason of the run's last event: how it ended. */
static enum sim_reason js_end_reason(const char *src)
{
    struct sim_diag diag;
    struct sim_program *prog = sim_program_load_js(src, strlen(src), false, NULL, &diag);
    ck_assert_ptr_nonnull(prog);
    struct sim_loop *loop = sim_loop_create(prog);
    struct sim_event ev;
    enum sim_reason last = SIM_REASON_NONE;
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        last = ev.reason;
    }
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    return last;
}

START_TEST(runaways_stop_themselves)
{
    ck_assert_int_eq(js_end_reason("let n = 0; while (true) { n++; }"),
                     SIM_REASON_STOP_RUNAWAY_CALLBACK);
    ck_assert_int_eq(js_end_reason("function f() { return f(); } try { f(); }"
                                   " catch (e) { console.log(e.name); }"),
                     SIM_REASON_LOOP_DEAD);
    LOGS("function f(n) { return f(n + 1); } try { f(0); } catch (e) { console.log(e.message); }",
         "Maximum call stack size exceeded");
    LOGS("const s = Date.now(); while (Date.now() - s < 50) {} console.log(Date.now() - s >= 50);",
         "true");
}
END_TEST

/* `// loopsim: config` lines set the config, read by the scenario loader; `expect` is kept. */
START_TEST(annotations_set_config_and_expect)
{
    const char *src = "// loopsim: config threadpool_size=2 callback_ms=0\n"
                      "// loopsim: config limits.check=1\n"
                      "// loopsim: expect\n"
                      "//   two spaces kept\n"
                      "//\n"
                      "console.log('x');\n";
    struct sim_diag diag;
    struct sim_program *prog = sim_program_load_js(src, strlen(src), false, NULL, &diag);
    ck_assert_msg(prog != NULL, "%s", diag.message);
    ck_assert_uint_eq(prog->config.threadpool_size, 2);
    ck_assert_uint_eq(prog->config.callback_ns, 0);
    ck_assert_uint_eq(prog->config.log_ns, 0); /* stating callback_ms states the whole cost */
    ck_assert_uint_eq(prog->config.limits[SIM_PHASE_CHECK], 1);
    ck_assert(prog->has_expect);
    ck_assert_uint_eq(prog->expect_count, 2);
    ck_assert_str_eq(prog->expect[0], "  two spaces kept");
    ck_assert_str_eq(prog->expect[1], "");
    sim_program_destroy(prog);
    ck_assert_str_eq(js_refusal("\n// loopsim: config threadpool_size=0\n"),
                     "2:1: loopsim: config: config.threadpool_size: expected a whole number "
                     "from 1 to 1024, got 0");
    ck_assert_str_eq(js_refusal("// loopsim: config nonsense\n"),
                     "1:1: 'nonsense' in a loopsim: config line is not KEY=VALUE");
}
END_TEST

/* fs over the virtual file system: the program's own file, what it writes, ENOENT, EEXIST. */
START_TEST(fs_on_the_pool_and_a_virtual_file_system)
{
    LOGS("const fs = require('fs');\n"
         "fs.stat(__filename, (err, st) => {\n"
         "  console.log('stat', err, st.isFile(), st.size > 0);\n"
         "  fs.readFile('/nowhere', (e) => console.log('missing', e.code));\n"
         "});\n"
         "process.nextTick(() => console.log('tick first'));",
         "tick first|stat null true true|missing ENOENT");
    LOGS("const fs = require('fs');\n"
         "fs.writeFileSync(__dirname + '/a.txt', 'ab');\n"
         "fs.appendFileSync(__dirname + '/a.txt', 'c');\n"
         "console.log(fs.readFileSync(__dirname + '/a.txt', 'utf8'));\n"
         "try { fs.mkdirSync(__dirname); } catch (e) { console.log(e.code, e.syscall); }\n"
         "fs.writeFileSync(__dirname + '/b', 'x'); fs.writeFileSync(__dirname + '/c', 'y');\n"
         "fs.renameSync(__dirname + '/b', __dirname + '/d');\n"
         "console.log(fs.readFileSync(__dirname + '/d', 'utf8'),"
         " fs.readFileSync(__dirname + '/c', 'utf8'));\n"
         "fs.promises.stat('/no').catch((e) => console.log(e.message));",
         "abc|EEXIST mkdir|x y|ENOENT: no such file or directory, stat '/no'");
}
END_TEST

/*
 * A call's default duration follows its arguments (docs/js-durations.md): pbkdf2's iterations,
 * key length and digest, scrypt's N, r and p, a Sync call's data; an annotation overrides it,
 * one duration per operation its line starts. The figures are the model's, not node's (node's
 * vary with the machine), so these programs print times only where the rule fixes them.
 */
START_TEST(durations_follow_the_arguments)
{
    LOGS("const crypto = require('crypto');\n"
         "const t0 = performance.now();\n"
         "const at = (what) => () => console.log(what, (performance.now() - t0).toFixed(3));\n"
         "crypto.pbkdf2('pw', 'salt', 100000, 64, 'sha512', at('sha512'));\n"
         "crypto.pbkdf2('pw', 'salt', 1000, 20, 'sha1', at('sha1'));\n"
         "crypto.scrypt('pw', 'salt', 64, at('scrypt'));\n",
         /* 0.003 + 1000·⌈20/20⌉·0.00016; 0.2·16384·8/1024; 0.003 + 100000·1·0.00035 */
         "sha1 0.163|scrypt 25.600|sha512 35.003");
    /* statSync 0.002; writeFileSync of 1 MiB to a new path 0.012 + 0.00016·1024; readFileSync
       0.005 + 0.00045·1024 (a buffer of 128 KiB or more is fresh memory); each interval also
       holds its statements' own costs (reading the clock, 40 ns) */
    LOGS("const fs = require('fs');\n"
         "const t = [performance.now()];\n"
         "fs.statSync(__filename); t.push(performance.now());\n"
         "fs.writeFileSync(__dirname + '/big', 'x'.repeat(1024 * 1024));\n"
         "t.push(performance.now());\n"
         "fs.readFileSync(__dirname + '/big'); t.push(performance.now());\n"
         "console.log(t.slice(1).map((x, i) => (x - t[i]).toFixed(4)).join(' '));",
         "0.0021 0.1760 0.4660");
    /* The i-th operation a line starts takes the i-th duration of its list (modulo its length). */
    LOGS("const fs = require('fs');\n"
         "fs.stat(__filename, () => console.log('a')); fs.stat(__filename, () => console.log('b'));"
         " // loopsim: 30ms, 2ms\n"
         "for (let i = 0; i < 2; i++) fs.stat(__filename, () => console.log('loop', i));"
         " // loopsim: 9ms, 1ms",
         "loop 1|b|loop 0|a");
}
END_TEST

/* fs's calls on fds, dns, scrypt, randomFill and brotliCompress, each as node v20 runs them. */
START_TEST(fds_dns_and_more_pool_work)
{
    LOGS("const fs = require('fs');\n"
         "const fd0 = fs.openSync(__filename, 'r');\n"
         "console.log('sync fd', fd0 > 2, fs.readSync(fd0, Buffer.alloc(5), 0, 5, null));\n"
         "fs.closeSync(fd0);\n"
         "fs.open(__filename, 'r', (err, fd) => {\n"
         "  const buf = Buffer.alloc(10);\n"
         "  fs.read(fd, buf, 0, 10, 0, (err, n, b) => {\n"
         "    console.log('read', err, n, b === buf, fd > 2);\n"
         "    fs.write(fd, 'hello', (err, w, s) => {\n"
         "      console.log('write', err.code, w, s);\n"
         "      fs.close(fd, (err) => { console.log('close', err);\n"
         "        fs.close(fd, (e) => console.log(e.message, e.code, e.errno, e.syscall)); });\n"
         "    });\n"
         "  });\n"
         "});\n"
         "fs.open('/nowhere/x', 'r', (err, fd) => console.log(err.message, fd));",
         "sync fd true 5|ENOENT: no such file or directory, open '/nowhere/x' undefined|"
         "read null 10 true true|write EBADF 0 hello|close null|"
         "EBADF: bad file descriptor, close EBADF -9 close");
    LOGS("const fs = require('fs');\n"
         "const p = __dirname + '/f.tmp';\n"
         "fs.open(p, 'w', (err, fd) => fs.write(fd, 'abc', (err, w, s) => {\n"
         "  fs.writeSync(fd, 'Z', 1); fs.closeSync(fd);\n"
         "  const a = fs.openSync(p, 'a'); fs.writeSync(a, '!'); fs.closeSync(a);\n"
         "  console.log(w, s, fs.readFileSync(p, 'utf8'));\n"
         "  try { fs.openSync(p, 'wx'); } catch (e) { console.log(e.code); }\n"
         "}));",
         "3 abc aZc!|EEXIST");
    /* An IP address is answered in a nextTick queued at the call; a name on the pool (slow
       I/O); resolve by c-ares, which knows no name here. */
    LOGS("const dns = require('dns');\n"
         "dns.lookup('localhost', (err, a, f) => console.log('lookup', err, a, f));\n"
         "dns.lookup('localhost', { all: true }, (err, a) => console.log('all', a));\n"
         "dns.lookup('::1', (err, a, f) => console.log('ip6', a, f));\n"
         "process.nextTick(() => console.log('tick'));\n"
         "dns.lookup('nowhere.invalid', (e) => console.log(e.message, e.errno, e.code));\n"
         "dns.resolve4('localhost', (e, a) => {\n"
         "  console.log(e.message, e.errno, e.syscall, a);\n"
         "  dns.resolve('localhost', 'MX', (e) => console.log(e.message, e.hostname));\n"
         "});",
         "ip6 ::1 6|tick|lookup null 127.0.0.1 4|all [ { address: '127.0.0.1', family: 4 } ]|"
         "getaddrinfo ENOTFOUND nowhere.invalid -3008 ENOTFOUND|"
         "queryA ENOTFOUND localhost undefined queryA undefined|"
         "queryMx ENOTFOUND localhost localhost");
    LOGS("const crypto = require('crypto'); const zlib = require('zlib');\n"
         "crypto.scrypt('pw', 'salt', 64, { N: 1024 }, (err, key) => {\n"
         "  console.log('scrypt', key.length);\n"
         "  crypto.randomFill(Buffer.alloc(16), (err, buf) => {\n"
         "    console.log('randomFill', buf.length);\n"
         "    zlib.brotliCompress('hello', (err) => console.log('brotli', err));\n"
         "  });\n"
         "});\n"
         "console.log(crypto.scryptSync('pw', 'salt', 16).length,"
         " crypto.randomFillSync(Buffer.alloc(8)).length, crypto.randomBytes(4).length);",
         "16 8 4|scrypt 64|randomFill 16|brotli null");
    /* fs.promises.open: a FileHandle whose read, write and close are the same requests. */
    LOGS("const fsp = require('fs/promises');\n"
         "(async () => {\n"
         "  const fh = await fsp.open(__filename, 'r');\n"
         "  const r = await fh.read(Buffer.alloc(4), 0, 4, 0);\n"
         "  console.log(typeof fh.fd, r.bytesRead, r.buffer.length, Object.keys(r));\n"
         "  await fh.close();\n"
         "  const w = await fsp.open(__dirname + '/fh.tmp', 'w');\n"
         "  const wr = await w.write('hello');\n"
         "  console.log(wr.bytesWritten, wr.buffer, Object.keys(wr));\n"
         "  await w.close();\n"
         "  console.log(await fsp.readFile(__dirname + '/fh.tmp', 'utf8'));\n"
         "  try { await fsp.open('/nowhere'); } catch (e) { console.log(e.code); }\n"
         "})();",
         "number 4 4 [ 'bytesRead', 'buffer' ]|5 hello [ 'bytesWritten', 'buffer' ]|hello|ENOENT");
    /* No bytes to make: node calls the callback at once, inside the call. */
    LOGS("const crypto = require('crypto');\n"
         "console.log('a');\n"
         "crypto.randomBytes(0, (err, buf) => console.log('cb0', err, buf.length));\n"
         "crypto.randomFill(Buffer.alloc(8), 8, (err, buf) => console.log('fill', buf.length));\n"
         "process.nextTick(() => console.log('tick'));\n"
         "try { crypto.randomBytes(0, () => { throw new Error('boom'); }); }\n"
         "catch (e) { console.log('caught', e.message); }\n"
         "console.log('b');",
         "a|cb0 null 0|fill 8|caught boom|b|tick");
}
END_TEST

/*
 * require('net') (sim/vm/net.c), checked in node: a server's close before its listen and after
 * it, EADDRINUSE by a nextTick, an options object, a second destroy, the accepted socket's
 * 'close' after its peer's; and what is refused at run time, since it would never run.
 */
START_TEST(net_servers_and_sockets_of_the_program)
{
    LOGS("const net = require('net');\n"
         "const s = net.createServer();\n"
         "s.close((e) => console.log('close before listen', e.code));\n"
         "process.nextTick(() => console.log('tick'));\n"
         "const t = net.createServer();\n"
         "t.listen(0, () => {\n"
         "  t.close((e) => console.log('first close', e));\n"
         "  t.close((e) => console.log('second close', e.code));\n"
         "});",
         "close before listen ERR_SERVER_NOT_RUNNING|tick|first close undefined|"
         "second close ERR_SERVER_NOT_RUNNING");
    LOGS("const net = require('net');\n"
         "const a = net.createServer().listen(0, () => {\n"
         "  const b = net.createServer();\n"
         "  b.on('error', (e) => { console.log('error', e.code, e.syscall); a.close(); });\n"
         "  b.on('listening', () => console.log('never'));\n"
         "  b.listen(a.address().port);\n"
         "  console.log('listen returned', b.address());\n"
         "});",
         "listen returned null|error EADDRINUSE listen");
    LOGS("const net = require('net');\n"
         "const server = net.createServer((s) => {\n"
         "  console.log('connection', typeof s.write, s === server);\n"
         "  s.on('close', (h) => console.log('accepted close', h));\n"
         "});\n"
         "server.listen(0, () => {\n"
         "  const c1 = net.connect({ port: server.address().port, host: '127.0.0.1' });\n"
         "  c1.on('connect', () => { console.log('c1 connect'); c1.destroy(); c1.destroy(); });\n"
         "  c1.on('close', () => { console.log('c1 close');\n"
         "    server.close(() => console.log('server close')); });\n"
         "});",
         "connection function false|c1 connect|c1 close|server close|accepted close false");
    /* Refused as it runs: bytes, end() and a name to look up are not simulated. */
    LOGS("const net = require('net');\n"
         "const server = net.createServer((s) => s.on('data', () => {}));\n"
         "server.listen(0, () => net.connect(server.address().port, '::1'));",
         "!Error: loopsim: a socket's 'data' event is not simulated; its events are 'connect', "
         "'close', 'error', 'end', 'finish' and 'lookup' (docs/js-input.md, net)");
    LOGS("const net = require('net');\n"
         "net.connect(80, 'example.com');",
         "!Error: loopsim: net.connect to the name 'example.com' is not simulated: the simulated "
         "machine knows only localhost; name the address, such as '127.0.0.1' (docs/js-input.md, "
         "net)");
    /* localhost is looked up first (a pool job), and the connect begins in its callback. */
    LOGS("const net = require('net');\n"
         "const c = net.connect(1);\n"
         "c.on('error', (e) => console.log('error', e.code, e.message, e.address, e.port));\n"
         "c.on('lookup', (err, addr, fam, host) => console.log('lookup', err, addr, fam, host));\n"
         "c.on('close', (h) => console.log('close', h));",
         "lookup null 127.0.0.1 4 localhost|"
         "error ECONNREFUSED connect ECONNREFUSED 127.0.0.1:1 127.0.0.1 1|close true");
    LOGS("const net = require('net');\n"
         "const server = net.createServer((s) => s.pipe(s));\n"
         "server.listen(0, () => net.connect(server.address().port, '127.0.0.1'));",
         "!Error: loopsim: socket.pipe() is not simulated; socket.write() and socket.destroy() "
         "are (docs/js-input.md, net)");
    LOGS("const net = require('net');\n"
         "const s = net.connect(1, '127.0.0.1');\n"
         "s.on('error', () => {});\n"
         "s.destroy();",
         "!Error: loopsim: socket.destroy() before its connect begins is not simulated (node "
         "connects to an address in a nextTick): call it from a later callback, such as "
         "'connect' (docs/js-input.md, net)");
    LOGS("const net = require('net');\n"
         "const server = net.createServer((s) => { s.end(); s.write('x'); });\n"
         "server.listen(0, () => net.connect(server.address().port, '127.0.0.1'));",
         "!Error: loopsim: socket.write after end() is not simulated (node reports "
         "ERR_STREAM_WRITE_AFTER_END) (docs/js-input.md, net)");
}
END_TEST

/*
 * Buffers hold bytes (sim/vm/buffer.c): a write keeps a byte modulo 256 and past the end is
 * dropped, ill-formed UTF-8 reads as U+FFFD per maximal subpart, each encoding both ways, the
 * inspect form, and what fs, crypto and zlib give and take.
 */
START_TEST(buffers_hold_bytes)
{
    LOGS("const b = Buffer.alloc(4); b[0] = 256 + 65; b[1] = -190; b[2] = 66.9; b[3] = 'z';\n"
         "b[9] = 1; b.length = 9;\n"
         "console.log(b.length, b[0], b[1], b[2], b[3], b[9], b.toString('hex'));",
         "4 65 66 66 0 undefined 41424200");
    LOGS("console.log(Buffer.from([0xe2, 0x82, 0x41, 0xf0, 0x9f, 0x98, 0x80, 0xed, 0xa0, 0x80,"
         " 0xc0, 0xf4, 0x90]).toString());",
         "\xef\xbf\xbd" "A\xf0\x9f\x98\x80\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
         "\xef\xbf\xbd\xef\xbf\xbd");
    LOGS("console.log(['a', 'ab', 'abc'].map((s) => Buffer.from(s).toString('base64')).join(),"
         " Buffer.from('ab?').toString('base64url'), Buffer.from(' YW\\nJj ', 'base64') + '');\n"
         "console.log(Buffer.from('\xe2\x82\xac\xe2\x82\xac', 'latin1'),"
         " Buffer.from('x\xf0\x9f\x98\x80', 'ascii'), Buffer.from([200]).toString('ascii'));",
         "YQ==,YWI=,YWJj YWI_ abc|<Buffer ac ac> <Buffer 78 3d 00> H");
    LOGS("console.log(Buffer.alloc(51, 'z'));",
         "<Buffer 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a"
         " 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a 7a ... 1 more "
         "byte>");
    /* A write of part of a buffer at a position past the end leaves a hole of zeros. */
    LOGS("const fs = require('fs'); const p = __dirname + '/u.tmp';"
         " const fd = fs.openSync(p, 'w+');\n"
         "console.log(fs.writeSync(fd, Buffer.from('abcdef'), 1, 3, 0),"
         " fs.writeSync(fd, Buffer.from('XY'), 0, 2, 5), fs.readFileSync(p));\n"
         "try { fs.readFile(p, 'bogus', () => {}); } catch (e) { console.log(e.code, e.message); }",
         "3 2 <Buffer 62 63 64 00 00 58 59>|ERR_INVALID_ARG_VALUE The argument 'encoding' is "
         "invalid encoding. Received 'bogus'");
    /* crypto's bytes are zeros here (only their length compares with node's); zlib's results
       are Buffers that a round trip gives back. */
    LOGS("const crypto = require('crypto'); const zlib = require('zlib');\n"
         "console.log(Buffer.isBuffer(crypto.randomBytes(3)),"
         " crypto.pbkdf2Sync('a', 'b', 1, 7, 'sha1').length,"
         " zlib.gunzipSync(zlib.gzipSync('hi')).toString(), Buffer.isBuffer(zlib.gzipSync('x')));",
         "true 7 hi true");
    LOGS("const crypto = require('crypto');\n"
         "console.log(crypto.randomBytes(3), crypto.randomFillSync(Buffer.alloc(4, 9), 1, 2));",
         "<Buffer 00 00 00> <Buffer 09 00 00 09>");
    /* Errors as node words them. */
    LOGS("for (const f of [() => Buffer.alloc('x'), () => Buffer.from(5), () => Buffer.from({}),"
         " () => Buffer.concat('x'), () => Buffer.byteLength(5), () => Buffer.from('x', 'zz')])"
         " { try { f(); } catch (e) { console.log(e.name, e.code, e.message); } }",
         "TypeError ERR_INVALID_ARG_TYPE The \"size\" argument must be of type number. Received "
         "type string ('x')|TypeError ERR_INVALID_ARG_TYPE The first argument must be of type "
         "string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object. "
         "Received type number (5)|TypeError ERR_INVALID_ARG_TYPE The first argument must be of "
         "type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object. "
         "Received an instance of Object|TypeError ERR_INVALID_ARG_TYPE The \"list\" argument "
         "must be an instance of Array. Received type string ('x')|TypeError "
         "ERR_INVALID_ARG_TYPE The \"string\" argument must be of type string or an instance of "
         "Buffer or ArrayBuffer. Received type number (5)|TypeError ERR_UNKNOWN_ENCODING "
         "Unknown encoding: zz");
}
END_TEST

/* What a review of the interpreter found: each a program that once overflowed or misread. */
START_TEST(review_findings_stay_fixed)
{
    /* Strings built from strings inside the array that grows (repeat, join, s[i]). */
    LOGS("const a = []; for (let i = 0; i < 20000; i++) a.push(i);"
         " let t = ''; const s = 'abc'.repeat(10); for (let i = 0; i < 300; i++) t += s[i % 30];"
         " console.log('x'.repeat(50000).length, a.join(',').length, t.length)",
         "50000 108889 300");
    /* A try inside a finally block left by continue: the other finally still runs. */
    LOGS("for (let i = 0; i < 2; i++) { try { if (i === 0) continue; } finally {"
         " try { console.log('FA', i); } catch (e) {} } }",
         "FA 0|FA 1");
    /* A break out of a try whose finally holds a loop, 17 loops deep (the loop table moves). */
    char src[2048] = "";
    for (int i = 0; i < 17; i++) {
        strcat(src, "for (let a = 0; a < 1; a++) ");
    }
    strcat(src, "{ try { break; } finally { for (let b = 0; b < 1; b++) {} } }"
                " console.log('done');");
    LOGS(src, "done");
}
END_TEST

START_TEST(refuses_what_it_cannot_run)
{
    ck_assert_ptr_nonnull(strstr(js_refusal("class A {}"), "classes are not supported"));
    ck_assert_str_eq(js_refusal("const x = 1;\nconst http = require('http');"),
                     "2:22: the 'http' module is not simulated in JavaScript programs yet; "
                     "loopsim simulates dns, events, fs, fs/promises, crypto, net, timers, "
                     "timers/promises, util and zlib");
    ck_assert_str_eq(js_refusal("const net = require('net');\nnet.Socket();"),
                     "2:1: 'net.Socket' is not simulated; loopsim simulates net: createServer, "
                     "connect, createConnection");
    /* What Node has and loopsim does not simulate is refused where the program names it. */
    ck_assert_str_eq(js_refusal("const m = new Map();"),
                     "1:15: 'Map' is not simulated; loopsim simulates the JavaScript and Node.js "
                     "of docs/js-input.md");
    ck_assert_ptr_nonnull(strstr(js_refusal("fetch('x');"), "1:1: 'fetch' is not simulated"));
    ck_assert_ptr_nonnull(strstr(js_refusal("const fs = require('fs');\nfs.watch('.');"),
                                 "2:1: 'fs.watch' is not simulated; loopsim simulates fs: stat, "));
    ck_assert_ptr_nonnull(strstr(js_refusal("require('node:fs').watchFile('.');"),
                                 "'fs.watchFile' is not simulated"));
    ck_assert_ptr_nonnull(strstr(js_refusal("const { stat, watch } = require('fs');"),
                                 "1:15: 'fs.watch' is not simulated"));
    ck_assert_ptr_nonnull(strstr(js_refusal("var crypto = require('crypto');\n"
                                            "function h() { return crypto.createHash('sha1'); }"),
                                 "2:23: 'crypto.createHash' is not simulated"));
    ck_assert_ptr_nonnull(strstr(js_refusal("require('fs').promises.watch('x');"),
                                 "'fs/promises.watch' is not simulated"));
    ck_assert_ptr_nonnull(strstr(js_refusal("console.table([1]);"),
                                 "'console.table' is not simulated; loopsim simulates console: "
                                 "log, info, error, warn"));
    ck_assert_ptr_nonnull(strstr(js_refusal("process.stdout.write('x');"),
                                 "'process.stdout' is not simulated"));
    ck_assert_ptr_nonnull(strstr(js_refusal("JSON.parse('1');"), "'JSON.parse' is not simulated"));
    /* The program's own names are its own; an unknown global is node's ReferenceError. */
    LOGS("const Map = (x) => x; function fetch() { return 2; }\n"
         "const o = { watch: 1 }; const fs = require('fs');\n"
         "console.log(Map(1), fetch(), o.watch, typeof fs.stat, process.env.X);\n"
         "try { nope(); } catch (e) { console.log(e.name); }",
         "1 2 1 function undefined|ReferenceError");
    LOGS("console.log(1); return; console.log(2);", "1");
}
END_TEST

Suite *js_run_suite(void)
{
    Suite *s = suite_create("js_run");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, logs_values_as_node_prints_them);
    tcase_add_test(tc, closures_capture_variables_not_values);
    tcase_add_test(tc, hoisting_and_the_dead_zone);
    tcase_add_test(tc, the_dead_zone_where_the_check_stays);
    tcase_add_test(tc, the_dead_zone_of_a_function_body);
    tcase_add_test(tc, a_property_read_remembers_where_it_found_the_key);
    tcase_add_test(tc, labels_of_javascript_tasks);
    tcase_add_test(tc, a_test_and_its_branch_in_one_instruction);
    tcase_add_test(tc, natives_called_from_bytecode);
    tcase_add_test(tc, promise_resolve_of_a_primitive);
    tcase_add_test(tc, an_increment_statement);
    tcase_add_test(tc, control_flow);
    tcase_add_test(tc, values_and_operators);
    tcase_add_test(tc, the_remainder_of_whole_numbers);
    tcase_add_test(tc, fused_instructions_and_the_jumps_between_them);
    tcase_add_test(tc, reaction_handlers_settle_their_derived);
    tcase_add_test(tc, closures_hold_parameters_nothing_assigns);
    tcase_add_test(tc, uncaught_exceptions_end_the_process);
    tcase_add_test(tc, callbacks_run_in_node_order);
    tcase_add_test(tc, runaways_stop_themselves);
    tcase_add_test(tc, annotations_set_config_and_expect);
    tcase_add_test(tc, fs_on_the_pool_and_a_virtual_file_system);
    tcase_add_test(tc, durations_follow_the_arguments);
    tcase_add_test(tc, fds_dns_and_more_pool_work);
    tcase_add_test(tc, net_servers_and_sockets_of_the_program);
    tcase_add_test(tc, buffers_hold_bytes);
    tcase_add_test(tc, review_findings_stay_fixed);
    tcase_add_test(tc, refuses_what_it_cannot_run);
    suite_add_tcase(s, tc);
    return s;
}
