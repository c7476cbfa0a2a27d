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

START_TEST(clear_timeout_of_an_immediate_does_nothing)
{
    /* node v20: clearTimeout and clearInterval look for _onTimeout; the immediate runs. */
    const char *sq = MAIN("{'op':'setImmediate','id':'i','do':['immediate']},"
                          "{'op':'clearTimeout','id':'i'},"
                          "{'op':'clearInterval','id':'i'}");
    ck_assert_str_eq(tu_logs(sq), "immediate");
    ck_assert_str_eq(tu_events(sq, SIM_EVENT_NOTE),
                     "i|i|Node's immediate idle handle is active (a ref'd setImmediate waits), so "
                     "poll will not block");
}
END_TEST

START_TEST(clear_immediate_of_a_timeout_miscounts_the_immediates)
{
    /* node v20: kCount goes one down for the Timeout, so CheckImmediate sees 0 and a queued
       immediate never runs; after 0 it wraps, and one queued later never runs either. */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setImmediate','do':['never']},"
                                  "{'op':'setTimeout','delay':5,'id':'t'},"
                                  "{'op':'clearImmediate','id':'t'},"
                                  "{'op':'setTimeout','delay':10,'do':['other']}")),
                     "other");
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':5,'id':'t'},"
                                  "{'op':'clearImmediate','id':'t'},"
                                  "{'op':'setImmediate','do':['never']},"
                                  "{'op':'setTimeout','delay':10,'do':['other']}")),
                     "other");
}
END_TEST

START_TEST(clear_immediate_of_a_timeout_can_leave_the_idle_handle_on)
{
    /* Two immediates, one miscount: both run, then kRefCount wraps below 0, so CheckImmediate
       never stops the idle handle and the loop spins (node v20: an unref'd timer at 300 ms
       still fires; without it node never exits). */
    struct sim_program *prog = tu_load(MAIN("{'op':'setImmediate','do':['a']},"
                                            "{'op':'setImmediate','do':['b']},"
                                            "{'op':'setTimeout','delay':5,'id':'t'},"
                                            "{'op':'clearImmediate','id':'t'}"));
    struct sim_loop *loop = sim_loop_create(prog);
    struct sim_event ev;
    int logs = 0;
    for (int i = 0; i < 5000 && sim_loop_step(loop, &ev) == SIM_STEP_EVENT; i++) {
        logs += ev.kind == SIM_EVENT_LOG;
    }
    ck_assert_int_eq(logs, 2);
    ck_assert_int_eq(sim_loop_outcome(loop), SIM_OUTCOME_RUNNING);
    struct sim_state st;
    sim_loop_state(loop, &st);
    ck_assert(st.alive);
    ck_assert_int_eq(st.poll_timeout_ms, 0);
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
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

START_TEST(check_limit_still_drains_the_last_callbacks_ticks)
{
    /* processImmediate returns at the limit as at the end of a batch: the nextTick the last
       immediate queued runs before the loop goes on, as after every other immediate. */
    const char *sq = "{'loopsim':1,'name':'t','config':{" TU_IDEAL ",'limits':{'check':2}},"
                     "'main':["
                     "{'op':'setImmediate','do':['a',{'op':'nextTick','do':['tick a']}]},"
                     "{'op':'setImmediate','do':['b',{'op':'nextTick','do':['tick b']}]},"
                     "{'op':'setImmediate','do':['c',{'op':'nextTick','do':['tick c']}]}]}";
    ck_assert_str_eq(tu_logs(sq), "a|tick a|b|tick b|c|tick c");
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
    tcase_add_test(tc, clear_timeout_of_an_immediate_does_nothing);
    tcase_add_test(tc, clear_immediate_of_a_timeout_miscounts_the_immediates);
    tcase_add_test(tc, clear_immediate_of_a_timeout_can_leave_the_idle_handle_on);
    tcase_add_test(tc, check_limit_defers_the_rest_to_the_next_iteration);
    tcase_add_test(tc, check_limit_still_drains_the_last_callbacks_ticks);
    suite_add_tcase(s, tc);
    return s;
}
