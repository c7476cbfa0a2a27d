/*
 * test_js_gc.c - the JavaScript heap's collector (sim/vm/gc.c): programs that reach their
 * values from every kind of root make the same events when the collector runs between almost
 * every two actions (gc_threshold 1) as with the default; a replay after a restore makes the
 * same events; and a program that makes garbage without end runs in bounded memory.
 */
#include "test_util.h"

#include "sim_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Programs whose values live in each kind of root. */
static const char *const programs[] = {
    /* timers, immediates, nextTick and their arguments; a closure's box; the global object */
    "let n = 0; const seen = [];\n"
    "function f(k, tag) { n++; seen.push(tag + k); if (k < 5) setTimeout(f, k, k + 1, 't'); }\n"
    "setTimeout(f, 1, 0, 'a');\n"
    "for (let i = 0; i < 20; i++) setImmediate((x) => { seen.push({x, s: 'i' + x}); }, i);\n"
    "process.nextTick((o) => { seen.push(o.v); }, {v: 'tick'});\n"
    "process.on('exit', () => console.log(n, seen.length, JSON.stringify(seen.slice(-3))));\n",
    /* promise chains, queueMicrotask, a pending promise's reactions held only by it */
    "const log = [];\n"
    "let resolveLater;\n"
    "const pending = new Promise((r) => { resolveLater = r; });\n"
    "pending.then((v) => log.push('late ' + v.join(',')));\n"
    "function link(k) { if (k >= 300) { resolveLater([k, 'x' + k]); return; }\n"
    "  const next = () => link(k + 1);\n"
    "  if (k % 2) queueMicrotask(next); else Promise.resolve({k}).then((o) => link(o.k + 1)); }\n"
    "link(0);\n"
    "setTimeout(() => console.log(log.join('|')), 5);\n",
    /* async functions suspended at await: the frame is only in a coroutine record */
    "async function worker(id) { let acc = ''; for (let i = 0; i < 30; i++) {\n"
    "  acc += await new Promise((r) => setTimeout(() => r('abcdefghijklmnopqrstuvwxyz'[i % 26]),"
    " id));\n"
    "  } return id + ':' + acc; }\n"
    "Promise.all([worker(1), worker(2), worker(3)]).then((r) => console.log(r.join(' ')));\n",
    /* try/catch, errors, an unhandled rejection caught by its listener, strings made at run time */
    "process.on('unhandledRejection', (e) => console.log('unhandled', e.message));\n"
    "let s = ''; for (let i = 0; i < 200; i++) { try { if (i % 7 === 0) throw new Error('e' + i);"
    " s += i; } catch (e) { s += e.message; } }\n"
    "Promise.reject(new Error('nobody'));\n"
    "setImmediate(() => console.log(s.length, s.slice(0, 40)));\n",
    /* emitters and their listeners, fs requests and their callbacks' arguments */
    "const EventEmitter = require('events'); const fs = require('fs');\n"
    "const e = new EventEmitter(); let got = [];\n"
    "e.on('x', (a, b) => got.push(a + b)); e.once('x', (a) => got.push('once ' + a));\n"
    "for (let i = 0; i < 10; i++) setImmediate(() => e.emit('x', 'v' + i, i));\n"
    "for (let i = 0; i < 10; i++) fs.stat(__filename, (err, st) => got.push(st.isFile()));\n"
    "fs.promises.readFile(__filename, 'utf8').then((t) => got.push(t.length > 0));\n"
    "process.on('exit', (c) => console.log(c, got.length, got.slice(0, 4).join()));\n",
    /* objects and arrays that grow, are dropped and are made again */
    "let keep = {}; for (let r = 0; r < 50; r++) setImmediate(() => { const tmp = [];\n"
    "  for (let i = 0; i < 40; i++) tmp.push({i, s: 'k' + i}); keep['r' + (r % 5)] = tmp; });\n"
    "setTimeout(() => { const t = setTimeout(() => console.log('never'), 10);"
    " clearTimeout(t); console.log(Object.keys(keep).join(), keep.r3[39].s); }, 1);\n",
    /* the virtual file system, its open fds and a FileHandle, held only by the interpreter */
    "const fs = require('fs'); const fsp = require('fs/promises');\n"
    "fs.writeFileSync(__dirname + '/a', 'hello');\n"
    "fs.open(__dirname + '/a', 'r', (err, fd) => setTimeout(() => {\n"
    "  for (let i = 0; i < 50; i++) [].push({i});\n"
    "  fs.read(fd, Buffer.alloc(5), 0, 5, 0, (e, n) => { console.log('read', n, e);\n"
    "    fsp.open(__dirname + '/a').then((fh) => setTimeout(() =>\n"
    "      fh.close().then(() => console.log('closed', typeof fh.fd)), 2)); }); }, 2));\n",
    /* Buffers: their bytes (a string of their own) written between callbacks, while garbage
       strings and buffers come and go around them; a file's bytes read into one */
    "const fs = require('fs'); const keep = Buffer.alloc(64, 'ab'); const got = [];\n"
    "for (let r = 0; r < 30; r++) setImmediate(() => {\n"
    "  for (let i = 0; i < 20; i++) Buffer.from('garbage ' + i + r).toString('hex');\n"
    "  keep[r] = 48 + (r % 10);\n"
    "  got.push(Buffer.concat([keep.slice(0, 2), Buffer.from([r])])); });\n"
    "fs.open(__filename, 'r', (e, fd) => { const into = Buffer.alloc(12);\n"
    "  setTimeout(() => fs.read(fd, into, 0, 12, 1, (e2, n) => {\n"
    "    console.log(n, `${into}`, `${keep}`.slice(0, 34), got.length, got[29]); }), 3); });\n",
};

struct run {
    char *text;              /* every event, one line each */
    size_t len;
    size_t cap;
    uint64_t events;
    uint32_t gc_runs;
    uint32_t objects;        /* the object array's length at the end */
};

static void add(struct run *r, const char *s)
{
    size_t n = strlen(s);
    if (r->len + n + 1 > r->cap) {
        r->cap = (r->len + n + 1) * 2;
        r->text = realloc(r->text, r->cap);
        ck_assert_ptr_nonnull(r->text);
    }
    memcpy(r->text + r->len, s, n + 1);
    r->len += n;
}

static void add_event(struct run *r, const struct sim_event *ev)
{
    char line[1200];
    snprintf(line, sizeof(line), "%llu %d %llu %d %d %lld %lld %s %s %llu\n",
             (unsigned long long)ev->seq, (int)ev->kind, (unsigned long long)ev->time_ns,
             (int)ev->phase, (int)ev->reason, (long long)ev->arg_a, (long long)ev->arg_b,
             ev->label != NULL ? ev->label : "-", ev->text != NULL ? ev->text : "-",
             (unsigned long long)ev->duration_ns);
    add(r, line);
    r->events++;
}

static struct sim_program *load(const char *src, int64_t threshold)
{
    struct sim_overrides ov;
    sim_overrides_init(&ov);
    ov.gc_threshold = threshold;
    struct sim_diag diag;
    struct sim_program *prog = sim_program_load_js(src, strlen(src), false, &ov, &diag);
    ck_assert_msg(prog != NULL, "%u:%u: %s", diag.line, diag.col, diag.message);
    return prog;
}

static struct run run_program(const char *src, int64_t threshold)
{
    struct sim_program *prog = load(src, threshold);
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_ptr_nonnull(loop);
    struct run r = {0};
    struct sim_event ev;
    int s;
    while ((s = sim_loop_step(loop, &ev)) == SIM_STEP_EVENT) {
        add_event(&r, &ev);
    }
    ck_assert_int_eq(s, SIM_STEP_DONE);
    r.gc_runs = loop->vm.gc_runs;
    r.objects = loop->vm.object_count;
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    return r;
}

/* Where two event texts first differ, for a failure's message (Check cuts long ones). */
static size_t first_difference(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] != '\0' && a[i] == b[i]) {
        i++;
    }
    return i;
}

#define SAME_EVENTS(a, b)                                                                      \
    ck_assert_msg(strcmp(a, b) == 0, "the events differ from byte %zu: %.200s",               \
                  first_difference(a, b), (a) + first_difference(a, b))

START_TEST(collecting_often_changes_no_event)
{
    struct run plain = run_program(programs[_i], -1);
    struct run often = run_program(programs[_i], 1);
    ck_assert_uint_eq(plain.gc_runs, 0); /* small programs stay under the default floor */
    ck_assert_uint_gt(often.gc_runs, 0);
    SAME_EVENTS(often.text, plain.text);
    ck_assert_ptr_nonnull(strstr(plain.text, "\n")); /* it ran */
    free(plain.text);
    free(often.text);
}
END_TEST

/* Stepping back: a restore to a snapshot and a replay from it make the same events again. */
START_TEST(a_replay_after_a_restore_collects_alike)
{
    struct sim_program *prog = load(programs[_i], 1);
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_ptr_nonnull(loop);
    struct run whole = run_program(programs[_i], 1);
    free(whole.text);
    struct sim_event ev;
    for (uint64_t i = 0; i < whole.events / 2 && sim_loop_step(loop, &ev) == SIM_STEP_EVENT;
         i++) {
    }
    struct sim_loop *snap = sim_loop_clone(loop);
    ck_assert_ptr_nonnull(snap);
    struct run first = {0};
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        add_event(&first, &ev);
    }
    ck_assert_int_eq(sim_loop_restore(loop, snap), 0);
    struct run again = {0};
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        add_event(&again, &ev);
    }
    ck_assert_ptr_nonnull(first.text);
    SAME_EVENTS(again.text, first.text);
    free(first.text);
    free(again.text);
    sim_loop_destroy(snap);
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
}
END_TEST

/* 20,000 promise reactions and microtasks, each dropped once run: the heap stays small. */
START_TEST(garbage_without_end_runs_in_bounded_memory)
{
    const char *src = "let n = 0;\n"
                      "function link(k) { n++; if (k >= 20000) return;\n"
                      "  if (k % 2) queueMicrotask(() => link(k + 1));\n"
                      "  else Promise.resolve().then(() => link(k + 1)); }\n"
                      "link(0);\n"
                      "setImmediate(() => { let s = ''; for (let i = 0; i < 5000; i++)"
                      " s = 'x' + i; console.log(n, s); });\n";
    struct run small = run_program(src, 64 * 1024);
    struct run often = run_program(src, 1);
    ck_assert_uint_gt(small.gc_runs, 5);
    /* Without collection 20,000 links make well over 100,000 objects. */
    ck_assert_uint_lt(small.objects, 10000);
    ck_assert_ptr_nonnull(strstr(small.text, "20001 x4999"));
    SAME_EVENTS(often.text, small.text);
    free(small.text);
    free(often.text);
}
END_TEST

Suite *js_gc_suite(void)
{
    Suite *s = suite_create("js_gc");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    int n = (int)(sizeof(programs) / sizeof(programs[0]));
    tcase_add_loop_test(tc, collecting_often_changes_no_event, 0, n);
    tcase_add_loop_test(tc, a_replay_after_a_restore_collects_alike, 0, n);
    tcase_add_test(tc, garbage_without_end_runs_in_bounded_memory);
    suite_add_tcase(s, tc);
    return s;
}
