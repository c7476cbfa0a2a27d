/*
 * test_io.c - fds, servers and the phases that serve them (sim/io.c): I/O ready order, the
 * pending phase, close callbacks (newest first, after check), server.close by nextTick, and
 * the poll limit.
 */
#include "test_util.h"

#define MAIN(body) "{'loopsim':1,'name':'t','main':[" body "]}"
/* On the idealized clock, for tests that pin times. */
#define IDEAL(body) "{'loopsim':1,'name':'t','config':{" TU_IDEAL "},'main':[" body "]}"

START_TEST(io_events_run_in_ready_order_then_schedule_order)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'io','ms':10,'do':['b']},"
                                  "{'op':'io','ms':5,'do':['a']},"
                                  "{'op':'io','ms':10,'do':['c']}")),
                     "a|b|c");
}
END_TEST

START_TEST(deferred_io_runs_in_the_pending_phase)
{
    ck_assert_str_eq(tu_callbacks(MAIN("{'op':'io','ms':0,'deferred':true,'label':'deferred'},"
                                       "{'op':'setImmediate','label':'imm'}"),
                                  false),
                     "main@main deferred@pending imm@check");
    /* Ready during the poll sleep: fed then, run at the start of the next iteration. */
    ck_assert_str_eq(tu_callbacks(IDEAL("{'op':'io','ms':5,'deferred':true,'label':'deferred',"
                                        "'do':[{'op':'setImmediate','label':'imm'}]},"
                                        "{'op':'io','ms':5,'label':'plain'}"),
                                  true),
                     "main@main:0 plain@poll:5 deferred@pending:5 imm@check:5");
}
END_TEST

START_TEST(close_callbacks_run_after_check_newest_first)
{
    /* exp. 17: destroy() in the connection handler; 'close' comes from the close phase. */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'listen','id':'srv','connections':[1],'do':["
                                  "  'connection',"
                                  "  {'op':'socket.destroy','do':['socket close']},"
                                  "  {'op':'nextTick','do':['nextTick']},"
                                  "  {'op':'promise','do':['promise']},"
                                  "  {'op':'setImmediate','do':['setImmediate']},"
                                  "  {'op':'setTimeout','delay':0,'do':['setTimeout']},"
                                  "  {'op':'server.close','id':'srv','do':['server close']}]}")),
                     "connection|nextTick|server close|promise|setImmediate|socket close|"
                     "setTimeout");
    ck_assert_str_eq(tu_logs(MAIN("{'op':'listen','id':'srv','connections':[1],'do':["
                                  "  {'op':'io','ms':0,'id':'a'},{'op':'io','ms':0,'id':'b'},"
                                  "  {'op':'close','id':'a','do':['a closed']},"
                                  "  {'op':'close','id':'b','do':['b closed']},"
                                  "  {'op':'socket.destroy'},"
                                  "  {'op':'server.close','id':'srv'}]}")),
                     "b closed|a closed");
}
END_TEST

START_TEST(server_close_waits_for_open_connections)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'listen','id':'srv','connections':[1],'do':["
                                  "  {'op':'server.close','id':'srv','do':['server closed']},"
                                  "  {'op':'setTimeout','delay':10,'do':['later',"
                                  "    {'op':'socket.destroy','do':['socket closed']}]}]}")),
                     "later|server closed|socket closed");
}
END_TEST

START_TEST(socket_write_callback_is_a_next_tick)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'listen','id':'srv','connections':[1],'do':["
                                  "  {'op':'promise','do':['promise']},"
                                  "  {'op':'socket.write','do':['written']},"
                                  "  {'op':'socket.destroy'},"
                                  "  {'op':'server.close','id':'srv'}]}")),
                     "written|promise");
}
END_TEST

START_TEST(connections_are_one_per_poll_event)
{
    ck_assert_str_eq(tu_callbacks(IDEAL("{'op':'listen','id':'srv','connections':[5,5],"
                                        "'label':'conn','do':[{'op':'socket.destroy'}]},"
                                        "{'op':'setTimeout','delay':20,'label':'stop','do':["
                                        "  {'op':'server.close','id':'srv'}]}"),
                                  true),
                     "main@main:0 conn@poll:5 socket.destroy#1@close:5 conn@poll:5 "
                     "socket.destroy#1@close:5 stop@timers:20 server.close#1@timers:20");
    /* The second client waits for the next poll, after the first one's close and timers. */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'listen','id':'srv','connections':[5,5],'do':["
                                  "  'conn',{'op':'setImmediate','do':['immediate']},"
                                  "  {'op':'setTimeout','delay':0,'do':['timeout']}]},"
                                  "{'op':'setTimeout','delay':30,'do':["
                                  "  {'op':'server.close','id':'srv'}]}")),
                     "conn|immediate|conn|immediate|timeout|timeout");
    /* Clients of two servers are two events: both accepted in one poll. */
    ck_assert_str_eq(tu_callbacks(MAIN("{'op':'listen','id':'a','connections':[5],'label':'A',"
                                       "'do':[{'op':'server.close','id':'a'}]},"
                                       "{'op':'listen','id':'b','connections':[5],'label':'B',"
                                       "'do':[{'op':'server.close','id':'b'}]}"),
                                  false),
                     "main@main A@poll B@poll");
}
END_TEST

START_TEST(connect_reports_in_poll_or_deferred_in_pending)
{
    ck_assert_str_eq(tu_callbacks(IDEAL("{'op':'connect','ms':3,'error':'ECONNREFUSED',"
                                        "'label':'err'},"
                                        "{'op':'connect','ms':3,'deferred':true,'label':'late'}"),
                                  true),
                     "main@main:0 err@poll:3 late@pending:3");
}
END_TEST

START_TEST(poll_limit_defers_completions)
{
    ck_assert_str_eq(
        tu_callbacks("{'loopsim':1,'name':'t','config':{'limits':{'poll':1}},'main':["
                     "{'op':'fs.stat','ms':1,'label':'a','do':[{'op':'setImmediate','label':'i'}]},"
                     "{'op':'fs.stat','ms':1,'label':'b'}]}",
                     false),
        "main@main a@poll i@check b@poll");
}
END_TEST

Suite *io_suite(void)
{
    Suite *s = suite_create("io");
    TCase *tc = tcase_create("rules");
    tcase_add_test(tc, io_events_run_in_ready_order_then_schedule_order);
    tcase_add_test(tc, deferred_io_runs_in_the_pending_phase);
    tcase_add_test(tc, close_callbacks_run_after_check_newest_first);
    tcase_add_test(tc, server_close_waits_for_open_connections);
    tcase_add_test(tc, socket_write_callback_is_a_next_tick);
    tcase_add_test(tc, connections_are_one_per_poll_event);
    tcase_add_test(tc, connect_reports_in_poll_or_deferred_in_pending);
    tcase_add_test(tc, poll_limit_defers_completions);
    suite_add_tcase(s, tc);
    return s;
}
