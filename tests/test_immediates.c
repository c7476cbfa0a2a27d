/*
 * test_immediates.c - setImmediate and the check phase (sim/immediates.c): FIFO, the queue
 * swap, ticks between immediates, clearImmediate, and what ref'd and unref'd immediates do to
 * poll and to liveness.
 */
#include "test_util.h"

#define MAIN(body) "{'loopsim':1,'name':'t','main':[" body "]}"
/* On the idealized clock, for tests that pin times. */
#define IDEAL(body) "{'loopsim':1,'name':'t','config':{" TU_IDEAL "},'main':[" body "]}"

START_TEST(immediates_are_fifo)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setImmediate','do':['a']},"
                                  "{'op':'setImmediate','do':['b']},"
                                  "{'op':'setImmediate','do':['c']}")),
                     "a|b|c");
}
END_TEST

START_TEST(immediates_queued_during_check_wait_for_the_next_iteration)
{
    /* exp. 7 and test-timers-immediate-queue. */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setImmediate','do':['I1',"
                                  "  {'op':'nextTick','do':['tick from I1']},"
                                  "  {'op':'promise','do':['promise from I1']},"
                                  "  {'op':'setImmediate','do':['I3 (queued by I1)']}]},"
                                  "{'op':'setImmediate','do':['I2',"
                                  "  {'op':'nextTick','do':['tick from I2']}]}")),
                     "I1|tick from I1|promise from I1|I2|tick from I2|I3 (queued by I1)");
    ck_assert_str_eq(tu_callbacks(MAIN("{'op':'setImmediate','label':'I1','do':["
                                       "  {'op':'setImmediate','label':'I3'}]},"
                                       "{'op':'setImmediate','label':'I2'}"),
                                  false),
                     "main@main I1@check I2@check I3@check");
}
END_TEST

START_TEST(clear_immediate_from_a_tick_between_immediates)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setImmediate','do':['I1',"
                                  "  {'op':'nextTick','do':["
                                  "    {'op':'clearImmediate','id':'i2'},"
                                  "    {'op':'clearImmediate','id':'i3'}]}]},"
                                  "{'op':'setImmediate','id':'i2','do':['I2']},"
                                  "{'op':'setImmediate','id':'i3','do':['I3']},"
                                  "{'op':'setImmediate','do':['I4']}")),
                     "I1|I4");
}
END_TEST

START_TEST(refd_immediate_keeps_poll_from_blocking)
{
    /* exp. 20: the immediate runs at once, the timer at 100 ms. */
    ck_assert_str_eq(tu_callbacks(IDEAL("{'op':'setImmediate','label':'imm'},"
                                        "{'op':'setTimeout','delay':100,'label':'timer'}"),
                                  true),
                     "main@main:0 imm@check:0 timer@timers:100");
    /* The idle phase says why: Node's idle handle is active while a ref'd immediate waits. */
    ck_assert_str_eq(tu_events(MAIN("{'op':'setImmediate','label':'imm'}"), SIM_EVENT_NOTE),
                     "Node's immediate idle handle is active (a ref'd setImmediate waits), so "
                     "poll will not block");
    ck_assert_str_eq(tu_events(MAIN("{'op':'setImmediate','unref':true},"
                                    "{'op':'setTimeout','delay':5}"),
                               SIM_EVENT_NOTE),
                     "");
}
END_TEST

START_TEST(unrefd_immediate_lets_poll_sleep_until_the_timer)
{
    /* exp. 20: unref'd, the immediate runs only when poll wakes for the timer, just before it. */
    ck_assert_str_eq(tu_callbacks(IDEAL("{'op':'setImmediate','label':'imm','unref':true},"
                                        "{'op':'setTimeout','delay':100,'label':'timer'}"),
                                  true),
                     "main@main:0 imm@check:100 timer@timers:100");
}
END_TEST

START_TEST(unrefd_immediate_alone_never_runs)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setImmediate','unref':true,'do':['never']},'main'")),
                     "main");
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setImmediate','id':'i','do':['runs']},"
                                  "{'op':'unref','id':'i'},{'op':'ref','id':'i'}")),
                     "runs");
}
END_TEST

START_TEST(immediate_from_timer_runs_before_timeout_zero)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':1,'do':["
                                  "  {'op':'setTimeout','delay':0,'do':['timeout']},"
                                  "  {'op':'setImmediate','do':['immediate']}]}")),
                     "immediate|timeout");
}
END_TEST

START_TEST(check_limit_defers_the_rest_to_the_next_iteration)
{
    const char *sq = "{'loopsim':1,'name':'t','config':{" TU_IDEAL ",'limits':{'check':2}},"
                     "'main':["
                     "{'op':'setImmediate','label':'a','do':[{'op':'setImmediate','label':'d'}]},"
                     "{'op':'setImmediate','label':'b'},"
                     "{'op':'setImmediate','label':'c'},"
                     "{'op':'setTimeout','delay':0,'label':'t'}]}";
    /* c is left over: it runs first in the next check phase, before d queued during check. */
    ck_assert_str_eq(tu_callbacks(sq, true),
                     "main@main:0 a@check:0 b@check:0 c@check:0 d@check:0 t@timers:1");
}
END_TEST

Suite *immediates_suite(void)
{
    Suite *s = suite_create("immediates");
    TCase *tc = tcase_create("rules");
    tcase_add_test(tc, immediates_are_fifo);
    tcase_add_test(tc, immediates_queued_during_check_wait_for_the_next_iteration);
    tcase_add_test(tc, clear_immediate_from_a_tick_between_immediates);
    tcase_add_test(tc, refd_immediate_keeps_poll_from_blocking);
    tcase_add_test(tc, unrefd_immediate_lets_poll_sleep_until_the_timer);
    tcase_add_test(tc, unrefd_immediate_alone_never_runs);
    tcase_add_test(tc, immediate_from_timer_runs_before_timeout_zero);
    tcase_add_test(tc, check_limit_defers_the_rest_to_the_next_iteration);
    suite_add_tcase(s, tc);
    return s;
}
