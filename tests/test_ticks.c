/*
 * test_ticks.c - process.nextTick and microtasks (sim/ticks.c): Node's drain rule for the
 * CommonJS and ES module entries, and ticks dropped while exiting.
 */
#include "test_util.h"

#define EXP1_MAIN                                                                    \
    "'sync start',"                                                                  \
    "{'op':'nextTick','do':['T1',{'op':'nextTick','do':['T-from-T1']},"              \
    "  {'op':'promise','do':['P-from-T1']}]},"                                       \
    "{'op':'nextTick','do':['T2']},"                                                 \
    "{'op':'promise','do':['P1',{'op':'nextTick','do':['T-from-P1']},"               \
    "  {'op':'promise','do':['P-from-P1']}]},"                                       \
    "{'op':'queueMicrotask','do':['QM1']},"                                          \
    "'sync end'"

START_TEST(commonjs_runs_all_ticks_then_microtasks)
{
    /* exp. 1 */
    ck_assert_str_eq(tu_logs("{'loopsim':1,'name':'t','main':[" EXP1_MAIN "]}"),
                     "sync start|sync end|T1|T2|T-from-T1|P1|QM1|P-from-T1|P-from-P1|T-from-P1");
}
END_TEST

START_TEST(module_entry_runs_its_microtasks_before_its_ticks)
{
    /* exp. 2 */
    ck_assert_str_eq(
        tu_logs("{'loopsim':1,'name':'t','config':{'entry':'module'},'main':[" EXP1_MAIN "]}"),
        "sync start|sync end|P1|QM1|P-from-P1|T1|T2|T-from-P1|T-from-T1|P-from-T1");
}
END_TEST

START_TEST(microtasks_first_when_no_tick_is_queued)
{
    /* exp. 3 */
    ck_assert_str_eq(tu_logs("{'loopsim':1,'name':'t','main':["
                             "{'op':'promise','do':['P1',{'op':'nextTick','do':['T-from-P1']}]},"
                             "{'op':'promise','do':['P2']}]}"),
                     "P1|P2|T-from-P1");
}
END_TEST

START_TEST(tick_queued_by_a_tick_runs_before_a_timer)
{
    /* test-next-tick-ordering2 */
    ck_assert_str_eq(tu_logs("{'loopsim':1,'name':'t','main':["
                             "{'op':'nextTick','do':["
                             "  {'op':'setTimeout','delay':0,'do':['T']},"
                             "  {'op':'nextTick','do':['N']}]}]}"),
                     "N|T");
}
END_TEST

START_TEST(module_entry_timeout_vs_immediate_is_fixed)
{
    /* exp. 22: the module is evaluated in the poll phase, so check comes first. */
    ck_assert_str_eq(tu_logs("{'loopsim':1,'name':'t','config':{'entry':'module'},'main':["
                             "{'op':'setTimeout','delay':0,'do':['timeout']},"
                             "{'op':'setImmediate','do':['immediate']}]}"),
                     "immediate|timeout");
}
END_TEST

START_TEST(natural_exit_drops_ticks_but_runs_microtasks)
{
    /* measured on node v20: 'exit' listeners' promises run, their nextTicks do not. */
    ck_assert_str_eq(tu_logs("{'loopsim':1,'name':'t','main':["
                             "{'op':'on','event':'exit','do':['exit1',"
                             "  {'op':'nextTick','do':['tick in exit']},"
                             "  {'op':'promise','do':['promise in exit']}]},"
                             "{'op':'on','event':'exit','do':['exit2']},"
                             "'main']}"),
                     "main|exit1|exit2|promise in exit");
}
END_TEST

START_TEST(process_exit_runs_exit_listeners_and_nothing_else)
{
    ck_assert_str_eq(tu_logs("{'loopsim':1,'name':'t','main':["
                             "{'op':'on','event':'exit','do':['exit',"
                             "  {'op':'promise','do':['promise in exit']}]},"
                             "{'op':'setTimeout','delay':1,'do':['t1',"
                             "  {'op':'nextTick','do':['tick before exit']},"
                             "  {'op':'exit','code':3},"
                             "  'after exit']},"
                             "{'op':'setTimeout','delay':1,'do':['t2']}]}"),
                     "t1|exit");
}
END_TEST

Suite *ticks_suite(void)
{
    Suite *s = suite_create("ticks");
    TCase *tc = tcase_create("rules");
    tcase_add_test(tc, commonjs_runs_all_ticks_then_microtasks);
    tcase_add_test(tc, module_entry_runs_its_microtasks_before_its_ticks);
    tcase_add_test(tc, microtasks_first_when_no_tick_is_queued);
    tcase_add_test(tc, tick_queued_by_a_tick_runs_before_a_timer);
    tcase_add_test(tc, module_entry_timeout_vs_immediate_is_fixed);
    tcase_add_test(tc, natural_exit_drops_ticks_but_runs_microtasks);
    tcase_add_test(tc, process_exit_runs_exit_listeners_and_nothing_else);
    suite_add_tcase(s, tc);
    return s;
}
