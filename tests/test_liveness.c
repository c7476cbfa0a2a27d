/*
 * test_liveness.c - refs and loop liveness (sim/loop.c): what keeps the loop alive, beforeExit
 * reviving it, process.exit, until_ms, and the loop that nothing can wake.
 */
#include "test_util.h"

#include <string.h>

#define MAIN(body) "{'loopsim':1,'name':'t','main':[" body "]}"

START_TEST(empty_program_exits_after_main)
{
    enum sim_reason reason;
    ck_assert_int_eq(tu_outcome(MAIN("'hello'"), &reason), SIM_OUTCOME_EXITED);
    ck_assert_str_eq(tu_logs(MAIN("'hello'")), "hello");
}
END_TEST

START_TEST(server_without_close_waits_forever)
{
    enum sim_reason reason;
    const char *sq = MAIN("{'op':'listen','id':'srv','connections':[5],'do':["
                          "  'conn',{'op':'socket.destroy'}]}");
    ck_assert_int_eq(tu_outcome(sq, &reason), SIM_OUTCOME_FOREVER);
    ck_assert_int_eq(reason, SIM_REASON_STOP_FOREVER);
    ck_assert_str_eq(tu_logs(sq), "conn");
    ck_assert_ptr_nonnull(strstr(tu_events(sq, SIM_EVENT_STOP), "server listen#1 is listening"));
}
END_TEST

START_TEST(unrefd_server_does_not_keep_the_loop)
{
    enum sim_reason reason;
    ck_assert_int_eq(tu_outcome(MAIN("{'op':'listen','id':'srv','unref':true,"
                                     "'connections':[5],'do':['conn']}"),
                                &reason),
                     SIM_OUTCOME_EXITED);
}
END_TEST

START_TEST(before_exit_can_revive_the_loop)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'on','event':'beforeExit','once':true,'do':["
                                  "  'beforeExit',"
                                  "  {'op':'setTimeout','delay':1,'do':['revived']}]},"
                                  "{'op':'on','event':'beforeExit','do':['again']},"
                                  "{'op':'on','event':'exit','do':['exit']},"
                                  "'main'")),
                     "main|beforeExit|again|revived|again|exit");
}
END_TEST

START_TEST(until_stops_a_server_that_never_closes)
{
    enum sim_reason reason;
    const char *sq = "{'loopsim':1,'name':'t','config':{'until_ms':50},'main':["
                     "{'op':'listen','id':'srv','connections':[10,100],'do':['conn']}]}";
    ck_assert_int_eq(tu_outcome(sq, &reason), SIM_OUTCOME_UNTIL);
    ck_assert_str_eq(tu_logs(sq), "conn");
}
END_TEST

START_TEST(pending_request_keeps_the_loop_alive)
{
    ck_assert_str_eq(tu_logs(MAIN("{'op':'work','ms':50,'do':['done']}")), "done");
    ck_assert_str_eq(tu_logs(MAIN("{'op':'work','ms':50,'unref':true,'do':['never']},'main'")),
                     "main");
}
END_TEST

static int ignore(void *ctx, const struct sim_event *ev)
{
    (void)ctx;
    (void)ev;
    return 0;
}

START_TEST(exit_code_is_kept)
{
    struct sim_program *prog = tu_load(MAIN("{'op':'exit','code':7},'never'"));
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_int_eq(sim_loop_run(loop, ignore, NULL), SIM_STEP_DONE);
    ck_assert_int_eq(sim_loop_outcome(loop), SIM_OUTCOME_EXITED);
    ck_assert_int_eq(sim_loop_exit_code(loop), 7);
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(clone_replays_identically)
{
    struct sim_program *prog = tu_load(MAIN("{'op':'repeat','times':3,'do':["
                                            "  {'op':'setTimeout','delay':2,'do':['t{i}']},"
                                            "  {'op':'fs.stat','ms':1,'do':['s{i}']},"
                                            "  {'op':'setImmediate','do':['i{i}']}]}"));
    struct sim_loop *loop = sim_loop_create(prog);
    struct sim_event ev;
    for (int i = 0; i < 10; i++) {
        ck_assert_int_eq(sim_loop_step(loop, &ev), SIM_STEP_EVENT);
    }
    struct sim_loop *copy = sim_loop_clone(loop);
    ck_assert_ptr_nonnull(copy);
    struct sim_event a;
    struct sim_event b;
    int ra;
    int rb;
    do {
        ra = sim_loop_step(loop, &a);
        rb = sim_loop_step(copy, &b);
        ck_assert_int_eq(ra, rb);
        if (ra == SIM_STEP_EVENT) {
            ck_assert_uint_eq(a.seq, b.seq);
            ck_assert_uint_eq(a.time_ns, b.time_ns);
            ck_assert_int_eq(a.kind, b.kind);
            ck_assert_str_eq(a.label != NULL ? a.label : "", b.label != NULL ? b.label : "");
            ck_assert_str_eq(a.text != NULL ? a.text : "", b.text != NULL ? b.text : "");
        }
    } while (ra == SIM_STEP_EVENT);
    sim_loop_destroy(copy);
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(restore_brings_back_an_earlier_state)
{
    struct sim_program *prog = tu_load(MAIN("{'op':'repeat','times':50,'do':["
                                            "  {'op':'setTimeout','delay':3,'do':['t{i}']},"
                                            "  {'op':'setImmediate','id':'i{i}','do':['i{i}']}]}"));
    struct sim_loop *loop = sim_loop_create(prog);
    struct sim_event ev;
    for (int i = 0; i < 7; i++) {
        sim_loop_step(loop, &ev);
    }
    struct sim_loop *snap = sim_loop_clone(loop);
    ck_assert_uint_ge(sim_loop_footprint(snap), sizeof(ev));
    uint64_t want[400];
    int n = 0;
    while (n < 400 && sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        want[n++] = ev.seq * 1000003u + ev.time_ns + (uint64_t)ev.kind;
    }
    ck_assert_int_eq(sim_loop_restore(loop, snap), 0); /* into a loop that grew meanwhile */
    for (int i = 0; i < n; i++) {
        ck_assert_int_eq(sim_loop_step(loop, &ev), SIM_STEP_EVENT);
        ck_assert_uint_eq(ev.seq * 1000003u + ev.time_ns + (uint64_t)ev.kind, want[i]);
    }
    sim_loop_destroy(snap);
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
}
END_TEST

Suite *liveness_suite(void)
{
    Suite *s = suite_create("liveness");
    TCase *tc = tcase_create("rules");
    tcase_add_test(tc, empty_program_exits_after_main);
    tcase_add_test(tc, server_without_close_waits_forever);
    tcase_add_test(tc, unrefd_server_does_not_keep_the_loop);
    tcase_add_test(tc, before_exit_can_revive_the_loop);
    tcase_add_test(tc, until_stops_a_server_that_never_closes);
    tcase_add_test(tc, pending_request_keeps_the_loop_alive);
    tcase_add_test(tc, exit_code_is_kept);
    tcase_add_test(tc, clone_replays_identically);
    tcase_add_test(tc, restore_brings_back_an_earlier_state);
    suite_add_tcase(s, tc);
    return s;
}
