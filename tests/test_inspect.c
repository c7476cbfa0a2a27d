/*
 * test_inspect.c - the inspection API after event N says what events 1..N imply: one test per
 * defect of issue 6 §1, each at the event where a front end showed a later state. The shadow
 * model (tests/shadow.c) checks the same rule after every event of many programs; these pin
 * the cases people saw.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A built-in scenario, stepped to its event `n` (1-based). */
struct at {
    struct sim_program *prog;
    struct sim_loop *loop;
    struct sim_event ev;
    struct sim_state st;
};

/* Steps one event, which must come, and reads the state after it. */
static void step(struct at *a)
{
    ck_assert_int_eq(sim_loop_step(a->loop, &a->ev), SIM_STEP_EVENT);
    sim_loop_state(a->loop, &a->st);
}

/* Starts a loop of the loaded a->prog and steps it to its event `n`. */
static void start_at(struct at *a, uint64_t n)
{
    a->loop = sim_loop_create(a->prog);
    sim_loop_state(a->loop, &a->st);
    for (uint64_t i = 0; i < n; i++) {
        step(a);
    }
}

/* A built-in scenario, stepped to its event `n`. */
static void open_at(struct at *a, const char *name, uint64_t n)
{
    a->prog = tu_load_builtin(name);
    start_at(a, n);
}

static void open_inline(struct at *a, const char *single_quoted, uint64_t n)
{
    a->prog = tu_load(single_quoted);
    start_at(a, n);
}

static void close_at(struct at *a)
{
    sim_loop_destroy(a->loop);
    sim_program_destroy(a->prog);
}

static uint32_t busy_workers(const struct at *a)
{
    struct sim_worker w[16];
    size_t n = sim_loop_workers(a->loop, w, 16);
    uint32_t busy = 0;
    for (size_t i = 0; i < n; i++) {
        busy += w[i].busy;
    }
    return busy;
}

/* Does queue q list an item whose label starts with `label`? */
static bool lists(const struct at *a, enum sim_queue q, const char *label)
{
    struct sim_item items[64];
    size_t n = sim_loop_queue(a->loop, q, 0, items, 64);
    for (size_t i = 0; i < n; i++) {
        if (strncmp(items[i].label, label, strlen(label)) == 0) {
            return true;
        }
    }
    return false;
}

static const char *alive_why(const struct at *a)
{
    static char why[256];
    sim_loop_alive_why(a->loop, why, sizeof(why));
    return why;
}

/* Steps to the n-th event (from 1) of `kind`, counting from the current one. */
static void step_to_nth(struct at *a, enum sim_event_kind kind, int n)
{
    while (a->ev.kind != kind || --n > 0) {
        step(a);
    }
}

/* Skips to the first event of `kind` at or after the current one. */
static void step_to(struct at *a, enum sim_event_kind kind)
{
    step_to_nth(a, kind, 1);
}

START_TEST(poll_wait_shows_jobs_still_running)
{
    /* pool-of-4-five-jobs, the first poll-wait: poll sleeps; the jobs end 200 ms later. */
    struct at a;
    open_at(&a, "pool-of-4-five-jobs", 1);
    step_to(&a, SIM_EVENT_POLL_WAIT);
    ck_assert_uint_eq(a.st.time_ns, a.ev.time_ns);
    ck_assert_uint_eq(a.st.queue_len[SIM_QUEUE_DONE], 0);
    ck_assert_uint_eq(busy_workers(&a), 4);
    ck_assert_uint_eq(a.st.queue_len[SIM_QUEUE_WORK], 1);
    close_at(&a);
}
END_TEST

START_TEST(worker_done_frees_its_worker)
{
    /* default: worker 1 finished readFile's first job; the next starts at the next event. */
    struct at a;
    open_at(&a, "default", 1);
    step_to(&a, SIM_EVENT_WORKER_DONE);
    ck_assert_uint_eq(busy_workers(&a), 0);
    ck_assert(lists(&a, SIM_QUEUE_DONE, "readFile (open)"));
    step(&a);
    ck_assert_int_eq(a.ev.kind, SIM_EVENT_WORKER_START);
    ck_assert_uint_eq(busy_workers(&a), 1);
    close_at(&a);
}
END_TEST

START_TEST(asleep_until_a_client_connects)
{
    /* default, the fifth poll-wait: poll sleeps after readFile; the client connects at 100 ms. */
    struct at a;
    open_at(&a, "default", 1);
    step_to_nth(&a, SIM_EVENT_POLL_WAIT, 5);
    ck_assert_int_eq(a.ev.reason, SIM_REASON_POLL_WAKE_CLIENT);
    ck_assert_uint_lt(a.st.time_ns, 100 * 1000000ULL);
    ck_assert_uint_eq(a.st.time_ns, a.ev.time_ns);
    ck_assert(!a.st.in_callback);
    ck_assert(lists(&a, SIM_QUEUE_IO, "connection"));
    ck_assert_ptr_null(strstr(alive_why(&a), "socket"));
    close_at(&a);
}
END_TEST

START_TEST(the_last_job_keeps_the_loop_alive)
{
    /* pool-of-4-five-jobs: from the second poll-wait to the fifth job's callback. */
    struct at a;
    open_at(&a, "pool-of-4-five-jobs", 1);
    step_to_nth(&a, SIM_EVENT_POLL_WAIT, 2);
    for (;;) {
        ck_assert_msg(a.st.alive, "event %llu: not alive (%s)", (unsigned long long)a.ev.seq,
                      alive_why(&a));
        ck_assert_str_ne(alive_why(&a), "nothing");
        bool queued = a.st.queue_len[SIM_QUEUE_DONE] + busy_workers(&a) > 0;
        ck_assert_msg(queued, "event %llu: the fifth job is nowhere", (unsigned long long)a.ev.seq);
        step(&a);
        if (a.ev.kind == SIM_EVENT_CALLBACK) {
            break;
        }
    }
    ck_assert_str_eq(a.ev.label, "crypto.pbkdf2#2");
    close_at(&a);
}
END_TEST

START_TEST(server_close_is_listed_once)
{
    /* server-keeps-process-alive: server.close's callback waits in nextTick, not in close. */
    struct at a;
    open_at(&a, "server-keeps-process-alive", 1);
    while (!(a.ev.kind == SIM_EVENT_SCHEDULE && a.ev.reason == SIM_REASON_SCHED_TICK &&
             a.ev.label != NULL && strncmp(a.ev.label, "server.close", 12) == 0)) {
        step(&a);
    }
    ck_assert(lists(&a, SIM_QUEUE_TICKS, "server.close"));
    ck_assert(!lists(&a, SIM_QUEUE_CLOSE, "server.close"));
    close_at(&a);
}
END_TEST

START_TEST(microtasks_before_waiting_ticks_say_why)
{
    /* esm-entry: the module's microtasks run while nextTick#1 waits: the checkpoint goes first. */
    struct at a;
    open_at(&a, "esm-entry", 1);
    while (!(a.ev.kind == SIM_EVENT_CALLBACK && a.ev.label != NULL &&
             strcmp(a.ev.label, "promise#1") == 0)) {
        step(&a);
    }
    ck_assert(lists(&a, SIM_QUEUE_TICKS, "nextTick#1"));
    ck_assert_int_eq(a.ev.reason, SIM_REASON_MICROTASK_FIRST);
    close_at(&a);
}
END_TEST

START_TEST(a_stop_keeps_the_taken_tick_listed)
{
    struct at a;
    open_inline(&a,
                "{'loopsim':1,'name':'t','config':{'max_callbacks':2},'main':["
                "{'op':'nextTick','label':'a','do':[{'op':'nextTick','label':'b'}]}]}",
                1);
    step_to(&a, SIM_EVENT_STOP);
    ck_assert(lists(&a, SIM_QUEUE_TICKS, "b"));
    ck_assert_uint_eq(a.st.queue_len[SIM_QUEUE_TICKS], 1);
    close_at(&a);
}
END_TEST

START_TEST(a_phase_event_comes_before_its_callback)
{
    struct at a;
    open_inline(&a, "{'loopsim':1,'name':'t','main':[{'op':'setImmediate','label':'i'}]}", 1);
    step(&a);
    while (!(a.ev.kind == SIM_EVENT_PHASE && a.ev.phase == SIM_PHASE_CHECK)) {
        step(&a);
    }
    ck_assert(!a.st.in_callback);
    ck_assert(lists(&a, SIM_QUEUE_IMMEDIATES, "i"));
    ck_assert(a.st.alive);
    step(&a);
    ck_assert_int_eq(a.ev.kind, SIM_EVENT_CALLBACK);
    ck_assert(a.st.in_callback);
    ck_assert(!lists(&a, SIM_QUEUE_IMMEDIATES, "i"));
    close_at(&a);
}
END_TEST

START_TEST(a_block_moves_the_clock_after_its_event)
{
    /* A job finishing during a block is its own event, at its own instant. */
    struct at a;
    open_inline(&a,
                "{'loopsim':1,'name':'t','main':[{'op':'work','ms':5,'label':'w'},"
                "{'op':'block','ms':20},{'op':'log','msg':'after'}]}",
                1);
    step_to(&a, SIM_EVENT_BLOCK);
    ck_assert_uint_eq(a.st.time_ns, 0);
    ck_assert_uint_eq(busy_workers(&a), 1);
    step(&a);
    ck_assert_int_eq(a.ev.kind, SIM_EVENT_WORKER_DONE);
    ck_assert_uint_eq(a.st.time_ns, 5 * 1000000ULL);
    ck_assert_uint_eq(busy_workers(&a), 0);
    step(&a);
    ck_assert_int_eq(a.ev.kind, SIM_EVENT_LOG);
    ck_assert_uint_eq(a.ev.time_ns, 20 * 1000000ULL);
    close_at(&a);
}
END_TEST

START_TEST(poll_wait_names_what_wakes_it)
{
    struct at a;
    open_at(&a, "default", 1);
    step_to(&a, SIM_EVENT_POLL_WAIT);
    ck_assert_int_eq(a.ev.reason, SIM_REASON_POLL_WAKE_JOB);
    ck_assert_str_eq(a.ev.text, "readFile (open)");
    close_at(&a);
    open_at(&a, "clear-from-nexttick", 1);
    step_to(&a, SIM_EVENT_POLL_WAIT);
    ck_assert_int_eq(a.ev.reason, SIM_REASON_POLL_TIMER);
    close_at(&a);
}
END_TEST

/* Before its first step a loop has allocated almost nothing: every queue is empty, safely. */
START_TEST(a_fresh_loops_queues_are_empty)
{
    struct at a;
    open_inline(&a, "{'loopsim':1,'name':'t','main':['x']}", 0);
    struct sim_item items[4];
    for (int q = 0; q < SIM_QUEUE_COUNT; q++) {
        ck_assert_uint_eq(sim_loop_queue(a.loop, (enum sim_queue)q, 0, items, 4), 0);
        ck_assert_uint_eq(sim_loop_queue(a.loop, (enum sim_queue)q, 3, items, 0), 0);
        ck_assert_uint_eq(a.st.queue_len[q], 0);
    }
    close_at(&a);
}
END_TEST

/* The whole trace of a built-in scenario, as one string of "seq kind label text" lines. */
static void trace_rest(struct sim_loop *loop, char *out, size_t size)
{
    struct sim_event ev;
    size_t len = 0;
    out[0] = '\0';
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT && len < size) {
        char why[256];
        sim_event_reason(&ev, why, sizeof(why));
        len += (size_t)snprintf(out + len, size - len, "%llu %s %s %s %s\n",
                                (unsigned long long)ev.seq, sim_event_name(ev.kind),
                                ev.label != NULL ? ev.label : "-",
                                ev.text != NULL ? ev.text : "-", why);
    }
}

/*
 * A snapshot is a copy of every array the loop owns (SIM_LOOP_ARRAYS): a clone taken at any
 * event, and a loop restored from it in place, go on exactly as the original does.
 */
START_TEST(a_clone_and_a_restored_loop_go_on_as_the_original)
{
    static const char *const names[] = {"default", "pool-of-4-five-jobs", "writes-share-one-tick",
                                        "close-listeners-all-run", "timer-refresh"};
    static char want[1 << 16];
    static char got[1 << 16];
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        for (uint64_t n = 0; n < 60; n += 7) {
            struct at a;
            open_at(&a, names[k], 0);
            struct sim_event ev;
            for (uint64_t i = 0; i < n && sim_loop_step(a.loop, &ev) == SIM_STEP_EVENT; i++) {
            }
            struct sim_loop *clone = sim_loop_clone(a.loop);
            struct sim_loop *restored = sim_loop_create(a.prog);
            ck_assert_int_eq(sim_loop_step(restored, &ev), SIM_STEP_EVENT); /* memory of its own */
            ck_assert_int_eq(sim_loop_restore(restored, clone), 0);
            trace_rest(a.loop, want, sizeof(want));
            trace_rest(clone, got, sizeof(got));
            ck_assert_str_eq(got, want);
            trace_rest(restored, got, sizeof(got));
            ck_assert_str_eq(got, want);
            sim_loop_destroy(clone);
            sim_loop_destroy(restored);
            close_at(&a);
        }
    }
}
END_TEST

/* The one number formatter (format.c) every printer and the TUI use. */
static const char *fmt_ms(uint64_t ns, bool trim)
{
    static char buf[SIM_FORMAT_MS_MAX + 1];
    buf[sim_format_ms(buf, ns, trim)] = '\0';
    return buf;
}

START_TEST(numbers_format_once_for_everyone)
{
    char buf[SIM_FORMAT_U64_MAX + 1];
    buf[sim_format_u64(buf, 0)] = '\0';
    ck_assert_str_eq(buf, "0");
    buf[sim_format_u64(buf, 1000)] = '\0';
    ck_assert_str_eq(buf, "1000");
    buf[sim_format_u64(buf, UINT64_MAX)] = '\0';
    ck_assert_str_eq(buf, "18446744073709551615");
    ck_assert_str_eq(fmt_ms(12500000, false), "12.500");
    ck_assert_str_eq(fmt_ms(12500000, true), "12.5");
    ck_assert_str_eq(fmt_ms(12000000, true), "12");
    ck_assert_str_eq(fmt_ms(1000, true), "0.001");
    ck_assert_str_eq(fmt_ms(999, true), "0");          /* truncated to whole microseconds */
    ck_assert_str_eq(fmt_ms(1999999, false), "1.999"); /* never later than it is */
}
END_TEST

Suite *inspect_suite(void)
{
    Suite *s = suite_create("inspect");
    TCase *tc = tcase_create("at-event");
    tcase_add_test(tc, poll_wait_shows_jobs_still_running);
    tcase_add_test(tc, worker_done_frees_its_worker);
    tcase_add_test(tc, asleep_until_a_client_connects);
    tcase_add_test(tc, the_last_job_keeps_the_loop_alive);
    tcase_add_test(tc, server_close_is_listed_once);
    tcase_add_test(tc, microtasks_before_waiting_ticks_say_why);
    tcase_add_test(tc, a_stop_keeps_the_taken_tick_listed);
    tcase_add_test(tc, a_phase_event_comes_before_its_callback);
    tcase_add_test(tc, a_block_moves_the_clock_after_its_event);
    tcase_add_test(tc, poll_wait_names_what_wakes_it);
    tcase_add_test(tc, numbers_format_once_for_everyone);
    tcase_add_test(tc, a_fresh_loops_queues_are_empty);
    tcase_add_test(tc, a_clone_and_a_restored_loop_go_on_as_the_original);
    suite_add_tcase(s, tc);
    return s;
}
