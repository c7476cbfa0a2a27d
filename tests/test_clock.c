/*
 * test_clock.c - the default cost model (docs/cost-model.md): what a console.log, the first
 * console.log, a callback and Node's start-up cost in virtual time, where each cost falls, how
 * the contract's callback_ms and loop_start_ms override it, and the three programs of issue 6
 * whose order depends on it.
 */
#include "test_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAIN(body) "{'loopsim':1,'name':'t','main':[" body "]}"
#define WITH(config, body) "{'loopsim':1,'name':'t','config':{" config "},'main':[" body "]}"

/* issue 6 §3 (a): setTimeout 0 against a chain of three immediates in the main module. */
#define CHAIN                                                                                   \
    "{'op':'setTimeout','delay':0,'do':['timeout']},"                                          \
    "{'op':'setImmediate','do':['immediate 1',"                                                \
    "  {'op':'setImmediate','do':['immediate 2',"                                              \
    "    {'op':'setImmediate','do':['immediate 3']}]}]}"
/* (b): an immediate that re-queues itself forever, a 10 ms interval, an exit at 80 ms. */
#define SPIN_FUNCTIONS "'functions':{'spin':[{'op':'setImmediate','do':'@spin'}]},"
#define SPIN                                                                                    \
    "{'op':'setImmediate','do':'@spin'},"                                                      \
    "{'op':'setInterval','delay':10,'times':3,'do':['interval']},"                             \
    "{'op':'setTimeout','delay':80,'do':[{'op':'exit','code':0}]}"
/* (c): the race, plus a nextTick that logs before the loop starts. */
#define TICK_LOGS                                                                               \
    "{'op':'setTimeout','delay':0,'do':['timeout']},"                                          \
    "{'op':'setImmediate','do':['immediate']},"                                                \
    "{'op':'nextTick','do':['nextTick']}"

static char line[4096];
static size_t line_len;

static void put(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line + line_len, sizeof(line) - line_len, fmt, ap);
    va_end(ap);
    ck_assert(n >= 0 && (size_t)n < sizeof(line) - line_len);
    line_len += (size_t)n;
}

/*
 * Runs a scenario; returns its logs ("text@ms+cost", and "(reason)" when it has one),
 * callbacks ("label@ms") and worker completions ("done:label@ms") in order, joined with ' '.
 * Overwritten by the next call.
 */
static const char *timeline(const char *single_quoted)
{
    struct sim_program *prog = tu_load(single_quoted);
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_ptr_nonnull(loop);
    struct sim_event ev;
    line_len = 0;
    line[0] = '\0';
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        const char *sep = line_len > 0 ? " " : "";
        double ms = (double)ev.time_ns / 1e6;
        if (ev.kind == SIM_EVENT_LOG) {
            put("%s%s@%g+%g", sep, ev.text, ms, (double)ev.duration_ns / 1e6);
            if (ev.reason != SIM_REASON_NONE) {
                put("(%s)", sim_reason_key(ev.reason));
            }
        } else if (ev.kind == SIM_EVENT_CALLBACK) {
            put("%s%s@%g", sep, ev.label, ms);
        } else if (ev.kind == SIM_EVENT_WORKER_DONE) {
            put("%sdone:%s@%g", sep, ev.label, ms);
        }
    }
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    return line;
}

START_TEST(a_log_costs_time_and_the_first_one_more)
{
    /* The event is at the log's start and carries its cost; the clock moves after it. */
    ck_assert_str_eq(timeline(MAIN("'a','b','c'")),
                     "main@0 a@0+2.5(first-log) b@2.5+0.02 c@2.52+0.02");
    /*
     * The first log of the process, wherever it is: here in a timer, not in main. (The timer
     * runs at 5.04: poll slept its 5 ms from 0.04, when start-up ended.)
     */
    ck_assert_str_eq(timeline(MAIN("{'op':'setTimeout','delay':5,'label':'t','do':['x','y']}")),
                     "main@0 t@5.04 x@5.04+2.5(first-log) y@7.54+0.02");
    /* No cost, no reason. */
    ck_assert_str_eq(timeline(WITH("'first_log_ms':0", "'a','b'")), "main@0 a@0+0 b@0+0.02");
}
END_TEST

START_TEST(a_callback_costs_time_after_its_body)
{
    /* main ends at 0.02; start-up 0.02; each immediate starts 0.02 after the one before. */
    ck_assert_str_eq(timeline(MAIN("{'op':'setImmediate','label':'i1'},"
                                   "{'op':'setImmediate','label':'i2'},"
                                   "{'op':'nextTick','label':'t'}")),
                     "main@0 t@0.02 i1@0.06 i2@0.08");
    ck_assert_str_eq(timeline(WITH("'callback_ms':1", "{'op':'setImmediate','label':'i'}")),
                     "main@0 i@1.02");
}
END_TEST

START_TEST(start_up_comes_between_the_drain_and_the_loop)
{
    /* An unref'd 1 ms timer never fires; the ref'd immediate runs once start-up is over. */
    ck_assert_str_eq(
        timeline(WITH("'loop_start_ms':3,'callback_ms':0", "{'op':'setImmediate','label':'i'}")),
        "main@0 i@3");
    /* Start-up is paid once: a loop revived by beforeExit does not pay it again. */
    ck_assert_str_eq(timeline(WITH("'loop_start_ms':3,'callback_ms':0",
                                   "{'op':'on','event':'beforeExit','once':true,'label':'be',"
                                   "'do':[{'op':'setImmediate','label':'i'}]}")),
                     "main@0 be@3 i@3");
}
END_TEST

START_TEST(workers_finish_during_a_log_at_their_own_time)
{
    /* The pool job ends at 1 ms, inside the first log's 2.5 ms. */
    ck_assert_str_eq(timeline(MAIN("{'op':'fs.stat','ms':1,'label':'stat'},'first'")),
                     "main@0 first@0+2.5(first-log) done:stat@1 stat@2.54");
}
END_TEST

START_TEST(main_module_race_keeps_the_common_order)
{
    /* Node: the immediate first in most runs (89/100 here); start-up is well under 1 ms. */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':0,'do':['timeout']},"
                                  "{'op':'setImmediate','do':['immediate']}")),
                     "immediate|timeout");
}
END_TEST

START_TEST(chain_of_immediates_lets_the_timeout_in_after_the_first)
{
    ck_assert_str_eq(tu_logs(MAIN(CHAIN)), "immediate 1|timeout|immediate 2|immediate 3");
    /* The first log settles it; logs that cost nothing leave the timer behind the chain. */
    ck_assert_str_eq(tu_logs(WITH("'first_log_ms':0,'log_ms':0", CHAIN)),
                     "immediate 1|immediate 2|immediate 3|timeout");
}
END_TEST

START_TEST(loop_that_never_sleeps_still_runs_timers)
{
    const char *spin = "{'loopsim':1,'name':'t'," SPIN_FUNCTIONS "'main':[" SPIN "]}";
    enum sim_reason last;
    ck_assert_str_eq(tu_logs(spin), "interval|interval|interval");
    ck_assert_int_eq(tu_outcome(spin, &last), SIM_OUTCOME_EXITED);
    /* 80 ms of 0.02 ms callbacks: about 3,900 iterations, far below max_callbacks. */
    ck_assert_str_eq(strrchr(tu_callbacks(spin, true), ' '), " setTimeout#1@timers:80");
    /* On the idealized clock time never moves: the run is stopped as a runaway. */
    const char *ideal = "{'loopsim':1,'name':'t','config':{" TU_IDEAL ",'max_callbacks':5000},"
                        SPIN_FUNCTIONS "'main':[" SPIN "]}";
    ck_assert_str_eq(tu_logs(ideal), "");
    ck_assert_int_eq(tu_outcome(ideal, &last), SIM_OUTCOME_MAX_CALLBACKS);
}
END_TEST

START_TEST(first_log_before_the_loop_makes_the_timeout_due)
{
    ck_assert_str_eq(tu_logs(MAIN(TICK_LOGS)), "nextTick|timeout|immediate");
    ck_assert_str_eq(tu_logs(WITH(TU_IDEAL, TICK_LOGS)), "nextTick|immediate|timeout");
}
END_TEST

START_TEST(stated_costs_override_the_model)
{
    /* callback_ms stated: logs are part of the callback's cost and free on their own. */
    ck_assert_str_eq(timeline(WITH("'callback_ms':0.5", "'a','b'")), "main@0 a@0+0 b@0+0");
    ck_assert_str_eq(timeline(WITH("'callback_ms':0.5,'first_log_ms':1", "'a','b'")),
                     "main@0 a@0+1(first-log) b@1+0");
    /* The contract's own defaults: nothing costs time but blocks, waits and the pool. */
    ck_assert_str_eq(timeline(WITH(TU_IDEAL, "{'op':'setTimeout','delay':2,'label':'t',"
                                             "'do':['x',{'op':'block','ms':3},'y']}")),
                     "main@0 t@2 x@2+0 y@5+0");
}
END_TEST

Suite *clock_suite(void)
{
    Suite *s = suite_create("clock");
    TCase *costs = tcase_create("costs");
    tcase_add_test(costs, a_log_costs_time_and_the_first_one_more);
    tcase_add_test(costs, a_callback_costs_time_after_its_body);
    tcase_add_test(costs, start_up_comes_between_the_drain_and_the_loop);
    tcase_add_test(costs, workers_finish_during_a_log_at_their_own_time);
    tcase_add_test(costs, stated_costs_override_the_model);
    suite_add_tcase(s, costs);
    TCase *orders = tcase_create("orders");
    tcase_add_test(orders, main_module_race_keeps_the_common_order);
    tcase_add_test(orders, chain_of_immediates_lets_the_timeout_in_after_the_first);
    tcase_add_test(orders, loop_that_never_sleeps_still_runs_timers);
    tcase_add_test(orders, first_log_before_the_loop_makes_the_timeout_due);
    suite_add_tcase(s, orders);
    return s;
}
