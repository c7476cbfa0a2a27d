/*
 * test_runaway.c - scenarios that never end by themselves stop by themselves, with a clear
 * reason: endless immediates, an endless interval, nextTick starvation, a server never closed;
 * and work that no callback counts (worker-pool jobs, events, memory) stops at its bound.
 */
#include "test_util.h"

#include "sim_internal.h"

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

/*
 * The bounds on jobs, events and memory come from the work a run may do, at least a million
 * callbacks' worth. White-box: the tests lower it, so that they run in milliseconds.
 */
struct bounded {
    enum sim_outcome outcome;
    struct sim_event stop;      /* the last event: the stop */
    char why[512];              /* its sentence */
    uint64_t worker_starts;
    uint64_t events;
    uint64_t callbacks;
    size_t footprint;           /* the loop's memory when it stopped */
};

/*
 * Runs sq with the work bound lowered to `work`; it must stop with `reason` (as a runaway:
 * exit status 1), in a sentence that says how to raise the bound.
 */
static void run_bounded(const char *sq, uint64_t work, enum sim_reason reason, struct bounded *b)
{
    struct sim_program *prog = tu_load(sq);
    struct sim_loop *loop = sim_loop_create(prog);
    loop->bounds.work = work;
    loop->bounds.max_events = work * SIM_EVENTS_PER_CALLBACK;
    loop->bounds.max_bytes = work * SIM_BYTES_PER_CALLBACK;
    memset(b, 0, sizeof(*b));
    struct sim_event ev;
    int rc;
    while ((rc = sim_loop_step(loop, &ev)) == SIM_STEP_EVENT) {
        b->worker_starts += ev.kind == SIM_EVENT_WORKER_START;
        b->events++;
        b->stop = ev;
    }
    ck_assert_int_eq(rc, SIM_STEP_DONE);
    b->callbacks = b->stop.callbacks;
    sim_event_reason(&b->stop, b->why, sizeof(b->why));
    b->outcome = sim_loop_outcome(loop);
    b->footprint = sim_loop_footprint(loop);
    struct sim_state st;
    sim_loop_state(loop, &st);
    ck_assert(!st.in_callback); /* a callback stopped half way is dropped */
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    ck_assert_int_eq(b->outcome, SIM_OUTCOME_MAX_CALLBACKS);
    ck_assert_int_eq(b->stop.reason, reason);
    ck_assert_ptr_nonnull(strstr(b->why, "--max-callbacks"));
}

/* fs.readFile of 2^53 bytes: two billion reads, and no callback until the last one. */
START_TEST(a_huge_read_file_stops_by_its_jobs)
{
    struct bounded b;
    run_bounded("{'loopsim':1,'name':'t','main':[{'op':'fs.readFile','ms':0.001,"
                "'size':9007199254740992,'do':['read']}]}",
                1000, SIM_REASON_STOP_MAX_JOBS, &b);
    ck_assert_uint_eq(b.worker_starts, 1000);
    ck_assert_int_eq(b.stop.arg_a, 1000);
    ck_assert_uint_eq(b.callbacks, 1);
}
END_TEST

/* A callback that queues a hundred thousand immediates each time it runs. */
START_TEST(immediates_queued_without_end_stop_by_memory)
{
    struct bounded b;
    run_bounded("{'loopsim':1,'name':'t','functions':{'f':[{'op':'repeat','times':100000,"
                "'do':[{'op':'setImmediate','do':'@f'}]}]},"
                "'main':[{'op':'setImmediate','do':'@f'}]}",
                1000, SIM_REASON_STOP_MAX_MEMORY, &b);
    ck_assert_uint_gt((uint64_t)b.stop.arg_a, 1000 * SIM_BYTES_PER_CALLBACK);
    ck_assert_uint_le(b.footprint, 4 * 1000 * SIM_BYTES_PER_CALLBACK); /* it stopped soon */
    ck_assert_uint_eq(b.callbacks, 2); /* inside the first f */
}
END_TEST

/* A callback that logs a thousand lines and queues itself again: no memory, only events. */
START_TEST(events_without_end_stop_by_their_count)
{
    struct bounded b;
    run_bounded("{'loopsim':1,'name':'t','functions':{'f':[{'op':'repeat','times':1000,"
                "'do':['x']},{'op':'setImmediate','do':'@f'}]},"
                "'main':[{'op':'setImmediate','do':'@f'}]}",
                100, SIM_REASON_STOP_MAX_EVENTS, &b);
    ck_assert_uint_eq(b.events, 100 * SIM_EVENTS_PER_CALLBACK + 1);
}
END_TEST

/* A low max_callbacks keeps its meaning: the other bounds never go below their defaults. */
START_TEST(a_low_max_callbacks_still_stops_by_callbacks)
{
    enum sim_reason reason;
    ck_assert_int_eq(tu_outcome("{'loopsim':1,'name':'t','config':{'max_callbacks':2},"
                                "'functions':{'f':[{'op':'repeat','times':100,'do':["
                                "  {'op':'fs.stat','ms':1}]},{'op':'setImmediate','do':'@f'}]},"
                                "'main':[{'op':'setImmediate','do':'@f'}]}",
                                &reason),
                     SIM_OUTCOME_MAX_CALLBACKS);
    ck_assert_int_eq(reason, SIM_REASON_STOP_MAX_CALLBACKS);
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
    tcase_add_test(tc, a_huge_read_file_stops_by_its_jobs);
    tcase_add_test(tc, immediates_queued_without_end_stop_by_memory);
    tcase_add_test(tc, events_without_end_stop_by_their_count);
    tcase_add_test(tc, a_low_max_callbacks_still_stops_by_callbacks);
    suite_add_tcase(s, tc);
    return s;
}
