/*
 * test_timers.c - Node's timer rules (sim/timers.c): clamping, per-duration FIFO lists ordered
 * by (expiry, id), the frozen `now` of a pass, ticks between timers, intervals, refresh, clear,
 * ref and unref.
 */
#include "test_util.h"

#include <stdio.h>

#define MAIN(body) "{'loopsim':1,'name':'t','main':[" body "]}"
/* On the idealized clock, for tests that pin times. */
#define IDEAL(body) "{'loopsim':1,'name':'t','config':{" TU_IDEAL "},'main':[" body "]}"

START_TEST(same_duration_is_fifo)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':5,'do':['a']},"
                                  "{'op':'setTimeout','delay':5,'do':['b']},"
                                  "{'op':'setTimeout','delay':5,'do':['c']}")),
                     "a|b|c");
}
END_TEST

START_TEST(shorter_delay_first_in_both_insertion_orders)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':10,'do':['long']},"
                                  "{'op':'setTimeout','delay':5,'do':['short']}")),
                     "short|long");
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':5,'do':['short']},"
                                  "{'op':'setTimeout','delay':10,'do':['long']}")),
                     "short|long");
}
END_TEST

START_TEST(out_of_range_delays_become_one_ms)
{
    ck_assert_str_eq(tu_callbacks(IDEAL("{'op':'setTimeout','delay':0,'label':'zero'},"
                                        "{'op':'setTimeout','delay':-5,'label':'neg'},"
                                        "{'op':'setTimeout','delay':0.5,'label':'half'},"
                                        "{'op':'setTimeout','delay':2147483648,'label':'big'}"),
                                  true),
                     "main@main:0 zero@timers:1 neg@timers:1 half@timers:1 big@timers:1");
}
END_TEST

/*
 * Delays far out of range are clamped like any other, and the clamp's event says them as
 * written: the whole part, or past 2^64 a mantissa and a power of ten. (A delay of 2^63 or more
 * used to be cast to an int64_t, and -2^63 negated: undefined behaviour, caught by
 * -fsanitize=float-cast-overflow.)
 */
START_TEST(huge_delays_are_clamped_and_said_as_written)
{
    const char *delays[][2] = {
        {"1e308", "1e+308"},
        {"-1e308", "-1e+308"},
        {"1.7976931348623157e308", "1.79769e+308"},
        {"-9223372036854775808", "-9223372036854775808"},
        {"9223372036854775808", "9223372036854775808"},
        {"18446744073709551616", "1.84467e+19"},
        {"1.5e300", "1.5e+300"},
        {"3e9", "3000000000"},
        {"-2.5", "-2..."},
    };
    for (size_t i = 0; i < sizeof(delays) / sizeof(delays[0]); i++) {
        char sq[256];
        snprintf(sq, sizeof(sq), MAIN("{'op':'setTimeout','delay':%s}"), delays[i][0]);
        ck_assert_str_eq(tu_events(sq, SIM_EVENT_SCHEDULE), delays[i][1]); /* the clamp's %S */
    }
}
END_TEST

START_TEST(fractional_delay_joins_the_truncated_list)
{
    /* test-timers-non-integer-delay: 1, 1.8, 1.1, 1 all share list 1, so FIFO. */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':1,'do':['1']},"
                                  "{'op':'setTimeout','delay':1.8,'do':['2']},"
                                  "{'op':'setTimeout','delay':1.1,'do':['3']},"
                                  "{'op':'setTimeout','delay':1,'do':['4']}")),
                     "1|2|3|4");
}
END_TEST

START_TEST(only_a_fractional_delay_is_said_to_be_truncated)
{
    ck_assert_str_eq(tu_events(MAIN("{'op':'setTimeout','delay':5},"
                                    "{'op':'setTimeout','delay':1.5},"
                                    "{'op':'setInterval','delay':20,'times':1}"),
                               SIM_EVENT_SCHEDULE),
                     "joins timer list 5 ms, due at 5 ms|"
                     "a fractional delay is truncated: joins timer list 1 ms, due at 1 ms|"
                     "joins timer list 20 ms, due at 20 ms");
}
END_TEST

START_TEST(timer_created_in_a_pass_waits_for_the_next)
{
    /* test-timers-nested: B is created inside A and A then blocks past B's delay. */
    ck_assert_str_eq(
        tu_callbacks(IDEAL("{'op':'setTimeout','delay':10,'label':'A','do':["
                           "  {'op':'setTimeout','delay':10,'label':'B'},"
                           "  {'op':'block','ms':30}]},"
                           "{'op':'setTimeout','delay':10,'label':'A2'},"
                           "{'op':'setTimeout','delay':20,'label':'C'}"),
                     true),
        "main@main:0 A@timers:10 A2@timers:40 C@timers:40 B@timers:40");
}
END_TEST

START_TEST(lists_due_after_the_pass_started_wait)
{
    /* exp. 11: B (d=20) became due while A blocked, but `now` is frozen: next timers phase. */
    ck_assert_str_eq(
        tu_callbacks(MAIN("{'op':'setTimeout','delay':10,'label':'A','do':["
                          "  {'op':'setTimeout','delay':1,'label':'N'},"
                          "  {'op':'block','ms':100},"
                          "  {'op':'nextTick','label':'tick'}]},"
                          "{'op':'setTimeout','delay':10,'label':'A2'},"
                          "{'op':'setTimeout','delay':20,'label':'B'},"
                          "{'op':'setTimeout','delay':50,'label':'C'}"),
                     false),
        "main@main A@timers tick@timers A2@timers N@timers B@timers C@timers");
}
END_TEST

START_TEST(ticks_and_microtasks_run_between_timers)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':1,'do':['T1',"
                                  "  {'op':'nextTick','do':['tick from T1']},"
                                  "  {'op':'promise','do':['promise from T1']},"
                                  "  {'op':'setImmediate','do':['I']},"
                                  "  {'op':'setTimeout','delay':0,'do':['T3']}]},"
                                  "{'op':'setTimeout','delay':1,'do':['T2']}")),
                     "T1|tick from T1|promise from T1|T2|I|T3");
}
END_TEST

START_TEST(equal_expiry_lists_break_ties_by_list_age)
{
    /* exp. 10: C1 (d=32) and C2 (d=30, created 2 ms later) both expire at 32. */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':32,'do':['C1']},"
                                  "{'op':'block','ms':2},"
                                  "{'op':'setTimeout','delay':30,'do':['C2']}")),
                     "C1|C2");
}
END_TEST

START_TEST(rekeyed_list_takes_a_fresh_id_and_loses_ties)
{
    /*
     * List 20 holds X (start 0) and B (start 1). At 20, X runs and the list is re-keyed to 21
     * with the newest id, so list 21 (A, created before) wins the tie at 21. Real Node prints
     * X, B, A when it wakes a millisecond late (exp. 10): on the virtual clock it is on time.
     */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':20,'do':['X']},"
                                  "{'op':'setTimeout','delay':21,'do':['A']},"
                                  "{'op':'block','ms':1},"
                                  "{'op':'setTimeout','delay':20,'do':['B']}")),
                     "X|A|B");
}
END_TEST

START_TEST(interval_is_rearmed_from_the_start_of_its_callback)
{
    ck_assert_str_eq(
        tu_callbacks(IDEAL("{'op':'setInterval','delay':10,'times':3,'label':'iv','do':["
                           "  {'op':'block','ms':4}]}"),
                     true),
        "main@main:0 iv@timers:10 iv@timers:20 iv@timers:30");
}
END_TEST

START_TEST(interval_times_stops_it)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setInterval','delay':1,'times':4,'do':['tick {i}']}")),
                     "tick {i}|tick {i}|tick {i}|tick {i}");
}
END_TEST

START_TEST(interval_times_zero_never_runs)
{
    /* const t = setInterval(cb, 5); clearInterval(t): cleared before its first run. */
    const char *sq = MAIN("{'op':'setInterval','delay':5,'times':0,'do':['never']},"
                          "{'op':'setTimeout','delay':10,'do':['timeout']}");
    ck_assert_str_eq(tu_logs(sq), "timeout");
    ck_assert_str_eq(tu_events(sq, SIM_EVENT_SCHEDULE),
                     "joins timer list 5 ms, due at 5 ms|cleared: it will not run|"
                     "joins timer list 10 ms, due at 10 ms");
    enum sim_reason why;
    ck_assert_int_eq(tu_outcome(MAIN("{'op':'setInterval','delay':5,'times':0}"), &why),
                     SIM_OUTCOME_EXITED);
}
END_TEST

START_TEST(clear_immediate_of_a_timeout_unlinks_it_as_node_does)
{
    /* node v20: clearImmediate(timeout) clears it. */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':5,'id':'t','do':['never']},"
                                  "{'op':'clearImmediate','id':'t'},"
                                  "{'op':'setTimeout','delay':10,'do':['other']}")),
                     "other");
    /* It never gives back the Timeout's ref (timeoutInfo): an unref'd timer keeps the loop
       alive then, and fires (node v20 prints it). */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':5,'id':'t'},"
                                  "{'op':'clearImmediate','id':'t'},"
                                  "{'op':'setTimeout','delay':50,'unref':true,"
                                  "'do':['unrefd']}")),
                     "unrefd");
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':5,'id':'t'},"
                                  "{'op':'clearTimeout','id':'t'},"
                                  "{'op':'setTimeout','delay':50,'unref':true,"
                                  "'do':['unrefd']}")),
                     "");
    /* A fired Timeout is _destroyed: clearImmediate does nothing to it (or to immediates). */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':1,'id':'t','do':["
                                  "  {'op':'setTimeout','delay':1,'do':["
                                  "    {'op':'clearImmediate','id':'t'},"
                                  "    {'op':'setImmediate','do':['immediate']}]}]}")),
                     "immediate");
    /* The peeked head of a list still runs: Node checks only _onTimeout (see listOnTimeout). */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':5,'do':['a',"
                                  "  {'op':'nextTick','do':[{'op':'clearImmediate','id':'b'}]}]},"
                                  "{'op':'setTimeout','delay':5,'id':'b','do':['b']}")),
                     "a|b");
}
END_TEST

START_TEST(clear_interval_inside_its_callback)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setInterval','delay':5,'id':'iv','do':['run',"
                                  "  {'op':'clearInterval','id':'iv'}]},"
                                  "{'op':'setTimeout','delay':30,'do':['later']}")),
                     "run|later");
}
END_TEST

START_TEST(clear_from_a_tick_between_timers)
{
    /* test-timers-next-tick: T1's nextTick clears T2 and T3 before they run. */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':1,'do':['T1',"
                                  "  {'op':'nextTick','do':["
                                  "    {'op':'clearTimeout','id':'t2'},"
                                  "    {'op':'clearTimeout','id':'t3'}]}]},"
                                  "{'op':'setTimeout','delay':1,'id':'t2','do':['T2']},"
                                  "{'op':'setTimeout','delay':1,'id':'t3','do':['T3']},"
                                  "{'op':'setTimeout','delay':1,'do':['T4']}")),
                     "T1|T4");
}
END_TEST

START_TEST(refresh_reappends_to_the_tail)
{
    /* test-timers-refresh: the refreshed timer runs after the other one. */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':1,'id':'t','do':['a']},"
                                  "{'op':'setTimeout','delay':1,'do':['b']},"
                                  "{'op':'refresh','id':'t'}")),
                     "b|a");
}
END_TEST

START_TEST(refresh_rearms_a_fired_timeout)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':5,'id':'t','do':['fired']},"
                                  "{'op':'setTimeout','delay':10,'do':["
                                  "  {'op':'refresh','id':'t'}]}")),
                     "fired|fired");
}
END_TEST

START_TEST(unref_timer_does_not_keep_the_loop_alive)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':10,'unref':true,'do':['never']},"
                                  "'main'")),
                     "main");
}
END_TEST

START_TEST(unref_timer_fires_while_something_else_keeps_the_loop)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':10,'unref':true,'do':['u']},"
                                  "{'op':'setTimeout','delay':20,'do':['r']}")),
                     "u|r");
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':10,'id':'t','do':['u']},"
                                  "{'op':'unref','id':'t'},"
                                  "{'op':'ref','id':'t'}")),
                     "u");
}
END_TEST

START_TEST(timeout_vs_immediate_in_main_depends_on_start_up_time)
{
    /* exp. 4/6: on time, the immediate wins; if the loop starts >= 1 ms late, the timeout. */
    const char *racy = "{'op':'setTimeout','delay':0,'do':['timeout']},"
                       "{'op':'setImmediate','do':['immediate']}";
    ck_assert_str_eq(tu_logs(MAIN("{'op':'setTimeout','delay':0,'do':['timeout']},"
                                  "{'op':'setImmediate','do':['immediate']}")),
                     "immediate|timeout");
    ck_assert_str_eq(tu_logs("{'loopsim':1,'name':'t','config':{'loop_start_ms':1},'main':["
                             "{'op':'setTimeout','delay':0,'do':['timeout']},"
                             "{'op':'setImmediate','do':['immediate']}]}"),
                     "timeout|immediate");
    (void)racy;
}
END_TEST

START_TEST(timeout_vs_immediate_in_io_is_fixed)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'fs.stat','ms':2,'do':["
                                  "  {'op':'setTimeout','delay':0,'do':['timeout']},"
                                  "  {'op':'setImmediate','do':['immediate']}]}")),
                     "immediate|timeout");
}
END_TEST

START_TEST(timers_limit_defers_the_rest)
{
    ck_assert_str_eq(
        tu_callbacks("{'loopsim':1,'name':'t','config':{" TU_IDEAL ",'limits':{'timers':2}},"
                     "'main':["
                     "{'op':'setTimeout','delay':5,'label':'a'},"
                     "{'op':'setTimeout','delay':5,'label':'b'},"
                     "{'op':'setTimeout','delay':5,'label':'c'}]}",
                     true),
        "main@main:0 a@timers:5 b@timers:5 c@timers:6");
}
END_TEST

Suite *timers_suite(void)
{
    Suite *s = suite_create("timers");
    TCase *tc = tcase_create("rules");
    tcase_add_test(tc, same_duration_is_fifo);
    tcase_add_test(tc, shorter_delay_first_in_both_insertion_orders);
    tcase_add_test(tc, out_of_range_delays_become_one_ms);
    tcase_add_test(tc, huge_delays_are_clamped_and_said_as_written);
    tcase_add_test(tc, fractional_delay_joins_the_truncated_list);
    tcase_add_test(tc, only_a_fractional_delay_is_said_to_be_truncated);
    tcase_add_test(tc, timer_created_in_a_pass_waits_for_the_next);
    tcase_add_test(tc, lists_due_after_the_pass_started_wait);
    tcase_add_test(tc, ticks_and_microtasks_run_between_timers);
    tcase_add_test(tc, equal_expiry_lists_break_ties_by_list_age);
    tcase_add_test(tc, rekeyed_list_takes_a_fresh_id_and_loses_ties);
    tcase_add_test(tc, interval_is_rearmed_from_the_start_of_its_callback);
    tcase_add_test(tc, interval_times_stops_it);
    tcase_add_test(tc, interval_times_zero_never_runs);
    tcase_add_test(tc, clear_immediate_of_a_timeout_unlinks_it_as_node_does);
    tcase_add_test(tc, clear_interval_inside_its_callback);
    tcase_add_test(tc, clear_from_a_tick_between_timers);
    tcase_add_test(tc, refresh_reappends_to_the_tail);
    tcase_add_test(tc, refresh_rearms_a_fired_timeout);
    tcase_add_test(tc, unref_timer_does_not_keep_the_loop_alive);
    tcase_add_test(tc, unref_timer_fires_while_something_else_keeps_the_loop);
    tcase_add_test(tc, timeout_vs_immediate_in_main_depends_on_start_up_time);
    tcase_add_test(tc, timeout_vs_immediate_in_io_is_fixed);
    tcase_add_test(tc, timers_limit_defers_the_rest);
    suite_add_tcase(s, tc);
    return s;
}
