/*
 * test_io.c - fds, servers and the phases that serve them (sim/io.c): I/O ready order, the
 * pending phase, close callbacks (newest first, after check), server.close by nextTick, the
 * poll limit; and handles as Node's objects: a connect's socket, 'close' listeners, writes that
 * share an after-write tick.
 */
#include "test_util.h"

#include "sim_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAIN(body) "{'loopsim':1,'name':'t','main':[" body "]}"
#define WITH_W(body) "{'loopsim':1,'name':'t','functions':{'w':['w']},'main':[" body "]}"

static char said[4096];

/*
 * Runs a scenario; returns its events of `kind` as "label:reason-key", joined by ' ' (text
 * after '=' when the event has one, as a schedule for socket.destroy does).
 */
static const char *reasons(const char *sq, enum sim_event_kind kind)
{
    struct sim_program *prog = tu_load(sq);
    struct sim_loop *loop = sim_loop_create(prog);
    struct sim_event ev;
    size_t len = 0;
    said[0] = '\0';
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        if (ev.kind != kind || len >= sizeof(said)) {
            continue;
        }
        len += (size_t)snprintf(said + len, sizeof(said) - len, "%s%s:%s%s%s", len ? " " : "",
                                ev.label ? ev.label : "-", sim_reason_key(ev.reason),
                                ev.text && kind != SIM_EVENT_LOG ? "=" : "",
                                ev.text && kind != SIM_EVENT_LOG ? ev.text : "");
    }
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    return said;
}

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
                     "socket.destroy#1 run 2@close:5 stop@timers:20 server.close#1@timers:20");
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
    /* A failed attempt destroys its socket: 'close' follows in the close phase. */
    ck_assert_str_eq(tu_callbacks(IDEAL("{'op':'connect','ms':3,'error':'ECONNREFUSED',"
                                        "'label':'err'},"
                                        "{'op':'connect','ms':3,'deferred':true,'error':'EX',"
                                        "'label':'late'}"),
                                  true),
                     "main@main:0 err@poll:3 err@close:3 late@pending:3 late@close:3");
}
END_TEST

START_TEST(a_connected_socket_keeps_the_loop_alive_until_closed)
{
    /* node v20: a connected socket alone keeps the process running (nothing can wake it). */
    enum sim_reason why;
    ck_assert_int_eq(tu_outcome(MAIN("{'op':'connect','ms':1,'do':['connected']}"), &why),
                     SIM_OUTCOME_FOREVER);
    ck_assert_int_eq(why, SIM_REASON_STOP_FOREVER);
    ck_assert_str_eq(tu_events(MAIN("{'op':'connect','ms':1}"), SIM_EVENT_STOP),
                     "the loop is alive but nothing can ever wake it: a real process would wait "
                     "forever (an open socket of connect#1)");
    /* An unref'd socket still connects: its attempt is a request, and requests keep it alive. */
    ck_assert_int_eq(tu_outcome(MAIN("{'op':'connect','ms':1,'unref':true}"), NULL),
                     SIM_OUTCOME_EXITED);
    ck_assert_str_eq(tu_logs(MAIN("{'op':'connect','ms':1,'unref':true,'do':['connected']}")),
                     "connected");
    /* `close` on its id and socket.destroy in its listener close it; 'close' runs in close. */
    ck_assert_str_eq(tu_callbacks(IDEAL("{'op':'connect','ms':1,'id':'c','label':'c'},"
                                        "{'op':'setTimeout','delay':5,'label':'t','do':["
                                        "  {'op':'close','id':'c','label':'closed'}]}"),
                                  true),
                     "main@main:0 c@poll:1 t@timers:5 closed@close:5");
    ck_assert_str_eq(tu_logs(MAIN("{'op':'connect','ms':1,'do':['connected',"
                                  "  {'op':'socket.destroy','do':['close']},"
                                  "  {'op':'setImmediate','do':['check']},"
                                  "  {'op':'nextTick','do':['tick']}]}")),
                     "connected|tick|check|close");
}
END_TEST

START_TEST(a_socket_closed_while_connecting_never_connects)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'connect','ms':5,'id':'c','do':['connected']},"
                                  "{'op':'close','id':'c','do':['closed']}")),
                     "closed");
    /* Closed by an earlier callback of the same poll, and deferred to pending: the same. */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'io','ms':5,'do':['io',{'op':'close','id':'c'}]},"
                                  "{'op':'connect','ms':5,'id':'c','do':['connected']}")),
                     "io");
    ck_assert_str_eq(tu_logs(MAIN("{'op':'io','ms':5,'do':['io',{'op':'close','id':'c'}]},"
                                  "{'op':'connect','ms':5,'id':'c','deferred':true,"
                                  "'error':'ENOENT','do':['error']}")),
                     "io");
}
END_TEST

START_TEST(a_failed_connect_destroys_its_socket_first)
{
    /* destroy() in the 'error' listener does nothing, but its listener hears the 'close'. */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'connect','ms':1,'error':'ECONNREFUSED','do':["
                                  "  'error',{'op':'socket.destroy','do':['close']},"
                                  "  {'op':'setImmediate','do':['check']}]}")),
                     "error|check|close");
    ck_assert_str_eq(reasons(MAIN("{'op':'connect','ms':1,'error':'ECONNREFUSED','do':["
                                  "  {'op':'socket.destroy','do':['close']}]}"),
                             SIM_EVENT_SCHEDULE),
                     "connect#1:sched-connect connect#1:sched-connect-failed=ECONNREFUSED");
    ck_assert_str_eq(reasons(MAIN("{'op':'connect','ms':1,'error':'ECONNREFUSED','do':["
                                  "  {'op':'socket.destroy','do':['close']}]}"),
                             SIM_EVENT_NOTE),
                     "socket.destroy#1:already-destroyed=socket of connect#1");
}
END_TEST

START_TEST(every_close_listener_of_a_server_runs_on_the_first_close)
{
    /* node v20: close(a); nextTick(t); close(b) prints a, b, t: one emit runs both. */
    const char *sq = MAIN("{'op':'listen','id':'s','connections':[],'do':[]},"
                          "{'op':'server.close','id':'s','do':['a']},"
                          "{'op':'nextTick','do':['t']},"
                          "{'op':'server.close','id':'s','do':['b']}");
    ck_assert_str_eq(tu_logs(sq), "a|b|t");
    /* Each server.close queues a tick; the second finds every once listener spent. */
    ck_assert_str_eq(reasons(sq, SIM_EVENT_CALLBACK),
                     "main:main-script server.close#1:server-close-cb "
                     "server.close#2:close-listener nextTick#1:tick "
                     "server.close#2:close-emit-again");
    ck_assert_str_eq(reasons(sq, SIM_EVENT_SCHEDULE),
                     "listen#1:sched-listen listen#1:sched-server-close "
                     "server.close#1:sched-tick nextTick#1:sched-tick "
                     "server.close#2:server-not-running server.close#2:sched-tick");
    /* With a connection open, the listeners wait for it: one tick, after the destroy. */
    ck_assert_str_eq(tu_logs(MAIN("{'op':'listen','id':'s','connections':[1],'do':["
                                  "  {'op':'server.close','id':'s','do':['a']},"
                                  "  {'op':'nextTick','do':['t']},"
                                  "  {'op':'server.close','id':'s','do':['b']},"
                                  "  {'op':'socket.destroy'}]}")),
                     "t|a|b");
}
END_TEST

START_TEST(every_close_listener_of_a_socket_hears_the_one_close)
{
    const char *sq = MAIN("{'op':'listen','id':'s','connections':[1],'do':["
                          "  {'op':'socket.destroy','do':['close 1']},"
                          "  {'op':'socket.destroy','do':['close 2']},"
                          "  {'op':'server.close','id':'s'},"
                          "  {'op':'setTimeout','delay':1,'do':["
                          "    {'op':'socket.destroy','do':['never']}]}]}");
    ck_assert_str_eq(tu_logs(sq), "close 1|close 2");
    ck_assert_str_eq(reasons(sq, SIM_EVENT_NOTE),
                     "socket.destroy#2:already-destroyed=socket of listen#1 "
                     "listen#1:close-cb=the listen handle's internal close (HandleWrap::OnClose): "
                     "server.close() gave it no JavaScript callback "
                     "socket.destroy#3:close-emitted=socket of listen#1");
    /* The `close` op on the socket is a destroy too; both listeners, in the order added. */
    ck_assert_str_eq(tu_callbacks(MAIN("{'op':'connect','ms':1,'id':'c','do':["
                                       "  {'op':'close','id':'c','label':'x','do':[]},"
                                       "  {'op':'socket.destroy','label':'y','do':[]}]}"),
                                  false),
                     "main@main connect#1@poll x@close y@close");
}
END_TEST

START_TEST(socket_destroy_is_named_after_itself)
{
    ck_assert_str_eq(reasons(MAIN("{'op':'listen','id':'s','connections':[1],'label':'conn',"
                                  "'do':[{'op':'socket.destroy'},"
                                  "      {'op':'server.close','id':'s'}]}"),
                             SIM_EVENT_SCHEDULE),
                     "conn:sched-listen socket.destroy#1:sched-close=socket of conn "
                     "conn:sched-server-close server.close#1:sched-tick");
}
END_TEST

START_TEST(the_listen_handles_internal_close_is_one_item)
{
    /* After server.close: its 'close' tick is server.close#1, the close queue's item listen#1. */
    struct sim_program *prog = tu_load(MAIN("{'op':'listen','id':'s','connections':[]},"
                                            "{'op':'server.close','id':'s','do':['closed']}"));
    struct sim_loop *loop = sim_loop_create(prog);
    struct sim_event ev;
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT && ev.reason != SIM_REASON_SCHED_TICK) {
    }
    struct sim_item ticks[4];
    struct sim_item closing[4];
    ck_assert_uint_eq(sim_loop_queue(loop, SIM_QUEUE_TICKS, 0, ticks, 4), 1);
    ck_assert_uint_eq(sim_loop_queue(loop, SIM_QUEUE_CLOSE, 0, closing, 4), 1);
    ck_assert_str_eq(ticks[0].label, "server.close#1");
    ck_assert_str_eq(closing[0].label, "listen#1");
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(writes_passing_the_same_function_share_one_tick)
{
    /* node v20: write(a, w); nextTick(t); write(b, w); write(c, w2); write(d, w) prints
       w, w, t, w2, w: only a write right after one with the same function joins its tick. */
    const char *sq = WITH_W("{'op':'listen','id':'s','connections':[1],'do':["
                            "  {'op':'socket.write','do':'@w'},"
                            "  {'op':'nextTick','do':['t']},"
                            "  {'op':'socket.write','do':'@w'},"
                            "  {'op':'socket.write','do':['w2']},"
                            "  {'op':'socket.write','do':'@w'},"
                            "  {'op':'socket.destroy'},{'op':'server.close','id':'s'}]}");
    ck_assert_str_eq(tu_logs(sq), "w|w|t|w2|w");
    ck_assert_str_eq(reasons(sq, SIM_EVENT_CALLBACK),
                     "main:main-script listen#1:connection socket.write#1:write-cb "
                     "socket.write#2:write-cb-again nextTick#1:tick socket.write#3:write-cb "
                     "socket.write#4:write-cb server.close#1:server-close-cb "
                     "socket.destroy#1:close-cb");
    /* An inline `do` is a new closure each time: a repeat's writes do not share. */
    ck_assert_str_eq(tu_logs(WITH_W("{'op':'listen','id':'s','connections':[1],'do':["
                                    "  {'op':'repeat','times':2,'do':["
                                    "    {'op':'socket.write','do':['x{i}']},"
                                    "    {'op':'nextTick','do':['t{i}']}]},"
                                    "  {'op':'repeat','times':2,'do':["
                                    "    {'op':'socket.write','do':'@w'},"
                                    "    {'op':'nextTick','do':['u{i}']}]},"
                                    "  {'op':'socket.destroy'},{'op':'server.close','id':'s'}]}")),
                     "x1|t1|x2|t2|w|w|u1|u2");
    /* The tick is taken when it runs: a write from inside it starts a new one. */
    ck_assert_str_eq(tu_logs(WITH_W("{'op':'listen','id':'s','connections':[1],'do':["
                                    "  {'op':'socket.write','do':'@w'},"
                                    "  {'op':'nextTick','do':['t1',{'op':'socket.write','do':'@w'},"
                                    "    {'op':'nextTick','do':['t2']},"
                                    "    {'op':'socket.write','do':'@w'}]},"
                                    "  {'op':'socket.write','do':'@w'},"
                                    "  {'op':'setTimeout','delay':1,'do':[{'op':'socket.destroy'},"
                                    "    {'op':'server.close','id':'s'}]}]}")),
                     "w|w|t1|w|w|t2");
    /* On a destroyed socket every write's callback has a tick of its own (ERR_STREAM_DESTROYED). */
    ck_assert_str_eq(tu_logs(WITH_W("{'op':'listen','id':'s','connections':[1],'do':["
                                    "  {'op':'socket.destroy'},{'op':'server.close','id':'s'},"
                                    "  {'op':'socket.write','do':'@w'},"
                                    "  {'op':'nextTick','do':['t']},"
                                    "  {'op':'socket.write','do':'@w'}]}")),
                     "w|t|w");
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

/*
 * 100,000 clients connect at the same instant: one accept per poll event, so 100,000 polls.
 * Each poll must collect only the server's next client, not look at (and put back) every client
 * behind it: that was quadratic (10,000 clients took 10 s, 100,000 never finished). White-box:
 * the fd heap never holds more than the server's one client.
 */
START_TEST(a_hundred_thousand_clients_at_one_instant_take_linear_work)
{
    enum { CLIENTS = 100000 };
    char *sq = malloc(CLIENTS * 2 + 512);
    size_t n = (size_t)sprintf(sq, "{'loopsim':1,'name':'t','main':[{'op':'listen','id':'s',"
                                   "'label':'conn','connections':[");
    for (int i = 0; i < CLIENTS; i++) {
        n += (size_t)sprintf(sq + n, "%s5", i > 0 ? "," : "");
    }
    sprintf(sq + n, "],'do':[{'op':'socket.destroy'}]},{'op':'setTimeout','delay':1e6,"
                    "'do':[{'op':'server.close','id':'s'}]}]}");
    struct sim_program *prog = tu_load(sq);
    struct sim_loop *loop = sim_loop_create(prog);
    struct sim_event ev;
    uint32_t accepted = 0;
    uint32_t most = 0;
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        accepted += ev.kind == SIM_EVENT_CALLBACK && ev.reason == SIM_REASON_CONNECTION;
        most = loop->io.heap.len > most ? loop->io.heap.len : most;
    }
    ck_assert_uint_eq(accepted, CLIENTS);
    ck_assert_uint_le(most, 1);
    ck_assert_int_eq(sim_loop_outcome(loop), SIM_OUTCOME_EXITED);
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    free(sq);
}
END_TEST

/* The io queue's labels joined by ' ', after the first event of `kind` with `reason`. */
static const char *io_queue_at(const char *sq, enum sim_event_kind kind, enum sim_reason reason)
{
    struct sim_program *prog = tu_load(sq);
    struct sim_loop *loop = sim_loop_create(prog);
    struct sim_event ev;
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT &&
           !(ev.kind == kind && ev.reason == reason)) {
    }
    struct sim_item items[16];
    size_t got = sim_loop_queue(loop, SIM_QUEUE_IO, 0, items, 16);
    struct sim_state st;
    sim_loop_state(loop, &st);
    ck_assert_uint_eq(st.queue_len[SIM_QUEUE_IO], got);
    size_t len = 0;
    said[0] = '\0';
    for (size_t i = 0; i < got; i++) {
        len += (size_t)snprintf(said + len, sizeof(said) - len, "%s%s@%g", i ? " " : "",
                                items[i].label, (double)items[i].when_ns / 1e6);
    }
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    return said;
}

/*
 * Only a server's first client waits in the fd heap; the io queue still lists every client, by
 * the time it connects, then the order it was listed in: whatever order `connections` gives.
 */
START_TEST(a_servers_clients_are_listed_by_time_in_either_order)
{
    const char *both = "a@1 b@1 a@2 b@2 a@3 b@3";
    ck_assert_str_eq(io_queue_at(MAIN("{'op':'listen','id':'a','label':'a','connections':[3,1,2]},"
                                      "{'op':'listen','id':'b','label':'b','connections':[1,2,3]}"),
                                 SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_LISTEN),
                     "a@1 a@2 a@3");
    ck_assert_str_eq(io_queue_at(MAIN("{'op':'listen','id':'a','label':'a','connections':[3,1,2]},"
                                      "{'op':'listen','id':'b','label':'b','connections':[1,2,3]},"
                                      "{'op':'setTimeout','delay':9}"),
                                 SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_TIMER),
                     both);
    ck_assert_str_eq(io_queue_at(MAIN("{'op':'listen','id':'a','label':'a','connections':[1,2,3]},"
                                      "{'op':'listen','id':'b','label':'b','connections':[2,3,1]},"
                                      "{'op':'setTimeout','delay':9}"),
                                 SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_TIMER),
                     both);
    /* Asleep until the first clients: both wait; once a's is taken, b's and the rest still do. */
    ck_assert_str_eq(io_queue_at(MAIN("{'op':'listen','id':'a','label':'a','connections':[2,1,1]},"
                                      "{'op':'listen','id':'b','label':'b','connections':[1]},"
                                      "{'op':'setTimeout','delay':9}"),
                                 SIM_EVENT_CALLBACK, SIM_REASON_CONNECTION),
                     "b@1 a@1 a@2");
}
END_TEST

/*
 * server.close refuses every client still to come. (It used to remove them from the fd heap
 * while walking it, and could miss one: poll then slept until a client of the closed server.)
 */
START_TEST(a_closed_server_drops_every_client_to_come)
{
    const char *sq = MAIN("{'op':'listen','id':'a','label':'kept','connections':[6,4,2,6]},"
                          "{'op':'listen','id':'s','label':'closed','connections':[5,5,5,6,4]},"
                          "{'op':'setTimeout','delay':1,'do':[{'op':'server.close','id':'s'}]}");
    ck_assert_ptr_null(strstr(reasons(sq, SIM_EVENT_POLL_WAIT), "closed"));
    ck_assert_ptr_null(strstr(reasons(sq, SIM_EVENT_CALLBACK), "closed"));
    ck_assert_str_eq(io_queue_at(sq, SIM_EVENT_SCHEDULE, SIM_REASON_SCHED_SERVER_CLOSE),
                     "kept@2 kept@4 kept@6 kept@6");
}
END_TEST

/*
 * Adding a 'close' listener makes a task, which may grow the task array: the socket's and the
 * server's lists of listeners must not be left behind in the old array (a use-after-free that
 * lost the listener). Each count of tasks before it puts the growth somewhere else.
 */
START_TEST(a_close_listener_survives_the_task_array_growing)
{
    for (int before = 0; before < 140; before += 3) {
        char sq[1024];
        snprintf(sq, sizeof(sq),
                 MAIN("{'op':'repeat','times':%d,'do':[{'op':'setImmediate'}]},"
                      "{'op':'listen','id':'s','connections':[1],'do':["
                      "  {'op':'repeat','times':%d,'do':[{'op':'nextTick'}]},"
                      "  {'op':'socket.destroy','do':['destroyed']},"
                      "  {'op':'repeat','times':%d,'do':[{'op':'nextTick'}]},"
                      "  {'op':'server.close','id':'s','do':['closed']}]}"),
                 before, before, before + 1);
        ck_assert_str_eq(tu_logs(sq), "closed|destroyed");
    }
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
    tcase_add_test(tc, a_connected_socket_keeps_the_loop_alive_until_closed);
    tcase_add_test(tc, a_socket_closed_while_connecting_never_connects);
    tcase_add_test(tc, a_failed_connect_destroys_its_socket_first);
    tcase_add_test(tc, every_close_listener_of_a_server_runs_on_the_first_close);
    tcase_add_test(tc, every_close_listener_of_a_socket_hears_the_one_close);
    tcase_add_test(tc, socket_destroy_is_named_after_itself);
    tcase_add_test(tc, the_listen_handles_internal_close_is_one_item);
    tcase_add_test(tc, writes_passing_the_same_function_share_one_tick);
    tcase_add_test(tc, poll_limit_defers_completions);
    tcase_add_test(tc, a_hundred_thousand_clients_at_one_instant_take_linear_work);
    tcase_add_test(tc, a_servers_clients_are_listed_by_time_in_either_order);
    tcase_add_test(tc, a_closed_server_drops_every_client_to_come);
    tcase_add_test(tc, a_close_listener_survives_the_task_array_growing);
    suite_add_tcase(s, tc);
    return s;
}
