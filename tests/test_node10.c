/*
 * test_node10.c - the Node 10 profile (config.node "10", docs/node-profiles.md): nextTicks and
 * microtasks after each timer list and after the whole check phase instead of after every
 * callback (what nodejs/node#22842 changed in Node 11), a fresh `now` per timer list, libuv
 * <= 1.44's phase order (timers begin each iteration), and V8 6.8's three-job await. Each rule
 * is run under both profiles, so each test shows the difference it pins.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A scenario under profile `node` ("10" or "20"), on the idealized clock. */
static const char *scenario(const char *node, const char *body)
{
    static char buf[2048];
    snprintf(buf, sizeof(buf),
             "{'loopsim':1,'name':'t','config':{" TU_IDEAL ",'node':'%s'},'main':[%s]}", node,
             body);
    return buf;
}

#define LOGS(node, body) tu_logs(scenario(node, body))
#define CALLBACKS(node, body) tu_callbacks(scenario(node, body), true)

/* Two timers of one list, a nextTick and a promise queued by the first (PR #22842's test). */
#define TWO_TIMERS                                                                                 \
    "{'op':'setTimeout','delay':1,'do':['t1',{'op':'nextTick','do':['tick1']},"                    \
    "  {'op':'promise','do':['promise1']}]},"                                                      \
    "{'op':'setTimeout','delay':1,'do':['t2']}"

START_TEST(timers_of_one_list_run_before_the_ticks_they_queue)
{
    ck_assert_str_eq(LOGS("20", TWO_TIMERS), "t1|tick1|promise1|t2");
    ck_assert_str_eq(LOGS("10", TWO_TIMERS), "t1|t2|tick1|promise1");
}
END_TEST

START_TEST(a_tick_from_the_last_timer_of_a_list_runs_at_once_in_both)
{
    /* The other insertion order: the tick comes from the list's last callback. */
    const char *body = "{'op':'setTimeout','delay':1,'do':['t1']},"
                       "{'op':'setTimeout','delay':1,'do':['t2',{'op':'nextTick','do':['tick2']}]}";
    ck_assert_str_eq(LOGS("20", body), "t1|t2|tick2");
    ck_assert_str_eq(LOGS("10", body), "t1|t2|tick2");
}
END_TEST

START_TEST(node10_drains_between_two_lists)
{
    /* Each list is a uv timer of its own in Node 10: its MakeCallback drains before the next. */
    const char *body = "{'op':'setTimeout','delay':1,'do':['a',{'op':'nextTick','do':['tick a']}]},"
                       "{'op':'setTimeout','delay':2,'do':['b']},"
                       "{'op':'block','ms':5}";
    ck_assert_str_eq(LOGS("20", body), "a|tick a|b");
    ck_assert_str_eq(LOGS("10", body), "a|tick a|b");
}
END_TEST

START_TEST(immediates_run_before_the_ticks_they_queue)
{
    const char *body = "{'op':'setImmediate','do':['i1',{'op':'nextTick','do':['tick i1']},"
                       "  {'op':'promise','do':['promise i1']}]},"
                       "{'op':'setImmediate','do':['i2']}";
    ck_assert_str_eq(LOGS("20", body), "i1|tick i1|promise i1|i2");
    ck_assert_str_eq(LOGS("10", body), "i1|i2|tick i1|promise i1");
}
END_TEST

START_TEST(the_wait_is_a_note_with_its_reason)
{
    /* Where Node 11 would drain, Node 10's trace says why nothing runs: the check phase. */
    const char *body = "{'op':'setImmediate','do':['i1',{'op':'nextTick','do':['tick']}]},"
                       "{'op':'setImmediate','do':['i2']}";
    ck_assert_ptr_nonnull(strstr(tu_events(scenario("10", body), SIM_EVENT_NOTE), "|check phase"));
    ck_assert_ptr_null(strstr(tu_events(scenario("20", body), SIM_EVENT_NOTE), "check phase"));
    /* No note when nothing waits. */
    ck_assert_ptr_null(strstr(tu_events(scenario("10", "{'op':'setImmediate'},"
                                                       "{'op':'setImmediate'}"),
                                        SIM_EVENT_NOTE),
                              "check phase"));
}
END_TEST

START_TEST(a_list_due_during_a_long_timer_runs_in_the_same_phase_in_node10)
{
    /* A blocks 100 ms, then reads the clock (setTimeout): libuv <= 1.47 runs B's uv timer in
       the same uv__run_timers, before I; Node 20's processTimers froze `now` at 10. */
    const char *body = "{'op':'setTimeout','delay':10,'label':'A','do':[{'op':'block','ms':100},"
                       "  {'op':'setImmediate','label':'I'},"
                       "  {'op':'setTimeout','delay':1,'label':'N'}]},"
                       "{'op':'setTimeout','delay':20,'label':'B'}";
    ck_assert_str_eq(CALLBACKS("20", body),
                     "main@main:0 A@timers:10 I@check:110 B@timers:111 N@timers:111");
    ck_assert_str_eq(CALLBACKS("10", body),
                     "main@main:0 A@timers:10 B@timers:110 I@check:110 N@timers:111");
}
END_TEST

START_TEST(timers_begin_the_iteration_so_a_due_unref_timer_is_dropped)
{
    /* libuv >= 1.45 runs timers after close, before the liveness check: U (unref'd, due at
       1 ms) runs once the immediate has taken 2 ms. libuv <= 1.44 checks liveness first, and
       an unref'd timer keeps nothing alive: the loop ends without it. */
    const char *body = "{'op':'setTimeout','delay':1,'unref':true,'do':['U']},"
                       "{'op':'setImmediate','do':['I',{'op':'block','ms':2}]}";
    ck_assert_str_eq(LOGS("20", body), "I|U");
    ck_assert_str_eq(LOGS("10", body), "I");
}
END_TEST

START_TEST(the_first_timers_phase_is_in_iteration_one)
{
    /* No pre-loop timers in libuv <= 1.44: the first timers phase opens iteration 1. */
    const char *body = "{'op':'setTimeout','delay':1,'label':'T'},{'op':'block','ms':2}";
    struct sim_program *prog = tu_load(scenario("10", body));
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_ptr_nonnull(loop);
    struct sim_event ev;
    uint32_t iteration = UINT32_MAX;
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        if (ev.kind == SIM_EVENT_CALLBACK && ev.phase == SIM_PHASE_TIMERS) {
            iteration = ev.iteration;
        }
    }
    ck_assert_uint_eq(iteration, 1);
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
}
END_TEST

/* A JavaScript program's console output, joined with '|'. */
static const char *js_logs(const char *src)
{
    static char out[512];
    struct sim_diag diag;
    struct sim_program *prog = sim_program_load_js(src, strlen(src), false, NULL, &diag);
    ck_assert_msg(prog != NULL, "%u:%u: %s", diag.line, diag.col, diag.message);
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_ptr_nonnull(loop);
    out[0] = '\0';
    struct sim_event ev;
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        if (ev.kind == SIM_EVENT_LOG && ev.text != NULL) {
            size_t used = strlen(out);
            snprintf(out + used, sizeof(out) - used, "%s%s", used > 0 ? "|" : "", ev.text);
        }
    }
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    return out;
}

/* v8.dev/blog/fast-async's example; reference/promises-and-async.md §4 (exp. 29 H). */
#define AWAIT_PROGRAM                                                                              \
    "const p = Promise.resolve();\n"                                                               \
    "(async () => { await p; console.log('after:await'); })();\n"                                  \
    "p.then(() => console.log('tick:a')).then(() => console.log('tick:b'));\n"

START_TEST(await_of_a_native_promise_takes_three_jobs_in_node10)
{
    ck_assert_str_eq(js_logs(AWAIT_PROGRAM), "after:await|tick:a|tick:b");
    ck_assert_str_eq(js_logs("// loopsim: config node=10\n" AWAIT_PROGRAM),
                     "tick:a|tick:b|after:await");
}
END_TEST

START_TEST(await_of_a_plain_value_takes_one_job_in_both)
{
    const char *prog = "(async () => { await 1; console.log('after:await'); })();\n"
                       "Promise.resolve().then(() => console.log('tick:a'));\n";
    char with[512];
    snprintf(with, sizeof(with), "// loopsim: config node=10\n%s", prog);
    ck_assert_str_eq(js_logs(prog), "after:await|tick:a");
    ck_assert_str_eq(js_logs(with), "after:await|tick:a");
}
END_TEST

START_TEST(the_js_config_line_takes_node_and_refuses_others)
{
    const char *src = "// loopsim: config node=12\nconsole.log(1);\n";
    struct sim_diag diag;
    struct sim_program *prog = sim_program_load_js(src, strlen(src), false, NULL, &diag);
    ck_assert_ptr_null(prog);
    ck_assert_uint_eq(diag.line, 1);
    ck_assert_msg(strstr(diag.message, "unsupported node profile \"12\"") != NULL, "%s",
                  diag.message);
}
END_TEST

Suite *node10_suite(void)
{
    Suite *s = suite_create("node10");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, timers_of_one_list_run_before_the_ticks_they_queue);
    tcase_add_test(tc, a_tick_from_the_last_timer_of_a_list_runs_at_once_in_both);
    tcase_add_test(tc, node10_drains_between_two_lists);
    tcase_add_test(tc, immediates_run_before_the_ticks_they_queue);
    tcase_add_test(tc, the_wait_is_a_note_with_its_reason);
    tcase_add_test(tc, a_list_due_during_a_long_timer_runs_in_the_same_phase_in_node10);
    tcase_add_test(tc, timers_begin_the_iteration_so_a_due_unref_timer_is_dropped);
    tcase_add_test(tc, the_first_timers_phase_is_in_iteration_one);
    tcase_add_test(tc, await_of_a_native_promise_takes_three_jobs_in_node10);
    tcase_add_test(tc, await_of_a_plain_value_takes_one_job_in_both);
    tcase_add_test(tc, the_js_config_line_takes_node_and_refuses_others);
    suite_add_tcase(s, tc);
    return s;
}
