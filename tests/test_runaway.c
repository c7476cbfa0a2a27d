/*
 * test_runaway.c - scenarios that never end by themselves stop by themselves, with a clear
 * reason: endless immediates, an endless interval, nextTick starvation, a server never closed.
 */
#include "test_util.h"

#include <string.h>

#define LIMITED(body)                                                                         \
    "{'loopsim':1,'name':'t','config':{'max_callbacks':1000},'functions':{" body "}," \
    "'main':[{'op':'setImmediate','do':'@again'}]}"

START_TEST(endless_immediates_hit_max_callbacks)
{
    enum sim_reason reason;
    ck_assert_int_eq(tu_outcome(LIMITED("'again':[{'op':'setImmediate','do':'@again'}]"),
                                &reason),
                     SIM_OUTCOME_MAX_CALLBACKS);
    ck_assert_int_eq(reason, SIM_REASON_STOP_MAX_CALLBACKS);
}
END_TEST

START_TEST(endless_interval_hits_max_callbacks)
{
    enum sim_reason reason;
    ck_assert_int_eq(tu_outcome("{'loopsim':1,'name':'t','config':{'max_callbacks':500},"
                                "'main':[{'op':'setInterval','delay':10}]}",
                                &reason),
                     SIM_OUTCOME_MAX_CALLBACKS);
}
END_TEST

START_TEST(next_tick_starvation_never_reaches_the_timer)
{
    const char *sq = "{'loopsim':1,'name':'t','config':{'max_callbacks':2000},"
                     "'functions':{'spin':[{'op':'block','ms':1},{'op':'nextTick','do':'@spin'}]},"
                     "'main':[{'op':'setTimeout','delay':50,'do':['timer']},"
                     "{'op':'nextTick','do':'@spin'}]}";
    enum sim_reason reason;
    ck_assert_int_eq(tu_outcome(sq, &reason), SIM_OUTCOME_MAX_CALLBACKS);
    ck_assert_str_eq(tu_logs(sq), "");
}
END_TEST

START_TEST(microtask_starvation_stops_too)
{
    enum sim_reason reason;
    ck_assert_int_eq(tu_outcome("{'loopsim':1,'name':'t','config':{'max_callbacks':300},"
                                "'functions':{'p':[{'op':'promise','do':'@p'}]},"
                                "'main':[{'op':'promise','do':'@p'}]}",
                                &reason),
                     SIM_OUTCOME_MAX_CALLBACKS);
}
END_TEST

START_TEST(server_never_closed_stops_forever)
{
    enum sim_reason reason;
    ck_assert_int_eq(tu_outcome("{'loopsim':1,'name':'t','main':["
                                "{'op':'listen','id':'s','connections':[1,2,3],'do':['c']}]}",
                                &reason),
                     SIM_OUTCOME_FOREVER);
    ck_assert_int_eq(reason, SIM_REASON_STOP_FOREVER);
}
END_TEST

START_TEST(until_stops_an_endless_interval)
{
    enum sim_reason reason;
    const char *sq = "{'loopsim':1,'name':'t','config':{'until_ms':35},"
                     "'main':[{'op':'setInterval','delay':10,'do':['tick']}]}";
    ck_assert_int_eq(tu_outcome(sq, &reason), SIM_OUTCOME_UNTIL);
    ck_assert_str_eq(tu_logs(sq), "tick|tick|tick");
}
END_TEST

Suite *runaway_suite(void)
{
    Suite *s = suite_create("runaway");
    TCase *tc = tcase_create("stops");
    tcase_add_test(tc, endless_immediates_hit_max_callbacks);
    tcase_add_test(tc, endless_interval_hits_max_callbacks);
    tcase_add_test(tc, next_tick_starvation_never_reaches_the_timer);
    tcase_add_test(tc, microtask_starvation_stops_too);
    tcase_add_test(tc, server_never_closed_stops_forever);
    tcase_add_test(tc, until_stops_an_endless_interval);
    suite_add_tcase(s, tc);
    return s;
}
