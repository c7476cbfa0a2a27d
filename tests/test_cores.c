/*
 * test_cores.c - config.cpus (sim/cores.c): the pool's computing jobs and the main thread share
 * N cores, each runnable thread served min(1, N / R) of one; jobs that wait on the disk use no
 * core; a wait on the clock holds a core without stretching, the main thread's computing
 * stretches; the integer arithmetic; the reasons; snapshots; the config key and --cpus.
 */
#include "test_util.h"

#include "sim_internal.h"

#include <stdio.h>
#include <string.h>

#define WITH(config, body)                                                                      \
    "{'loopsim':1,'name':'t','config':{" TU_IDEAL "," config "},'main':[" body "]}"
#define JOBS(n, ms) "{'op':'repeat','times':" #n ",'do':[{'op':'crypto.pbkdf2','ms':" #ms      \
                    ",'label':'job{i}'}]}"

/* floor(dt * N / R) served, ceil(w * R / N) taken: a span serves exactly its work. */
START_TEST(arithmetic_is_exact_integers)
{
    ck_assert_uint_eq(sim__cores_gain(0, 9, 1000), 1000);  /* unlimited */
    ck_assert_uint_eq(sim__cores_gain(2, 2, 1000), 1000);  /* no more threads than cores */
    ck_assert_uint_eq(sim__cores_gain(2, 4, 1000), 500);
    ck_assert_uint_eq(sim__cores_gain(2, 3, 1000), 666);   /* floor(2000 / 3) */
    ck_assert_uint_eq(sim__cores_span(2, 3, 666), 999);    /* ceil(1998 / 2) */
    ck_assert_uint_eq(sim__cores_span(2, 3, 667), 1001);   /* ceil(2001 / 2) */
    ck_assert_uint_eq(sim__cores_span(0, 9, 1234), 1234);
    for (uint32_t n = 1; n <= 5; n++) {
        for (uint32_t r = 1; r <= 11; r++) {
            for (uint64_t w = 0; w < 200; w++) {
                ck_assert_uint_eq(sim__cores_gain(n, r, sim__cores_span(n, r, w)), w);
            }
        }
    }
    /* No product overflows, and a span too long for the clock saturates. */
    ck_assert_uint_eq(sim__cores_gain(1024, 1025, UINT64_MAX), UINT64_MAX / 1025 * 1024 +
                                                                   UINT64_MAX % 1025 * 1024 / 1025);
    ck_assert_uint_eq(sim__cores_span(1, 1025, UINT64_MAX / 2), UINT64_MAX);
}
END_TEST

START_TEST(unlimited_is_a_core_per_thread)
{
    ck_assert_str_eq(tu_callbacks(WITH("'cpus':0", JOBS(4, 100)), true),
                     "main@main:0 job1@poll:100 job2@poll:100 job3@poll:100 job4@poll:100");
    ck_assert_str_eq(tu_callbacks(WITH("'cpus':4", JOBS(4, 100)), true),
                     "main@main:0 job1@poll:100 job2@poll:100 job3@poll:100 job4@poll:100");
}
END_TEST

/* The case: a pool of 4 with 8 jobs on 2 cores, half speed each, two waves. */
START_TEST(four_workers_on_two_cores_run_at_half_speed)
{
    ck_assert_str_eq(tu_callbacks(WITH("'cpus':2", JOBS(8, 100)), true),
                     "main@main:0 job1@poll:200 job2@poll:200 job3@poll:200 job4@poll:200 "
                     "job5@poll:400 job6@poll:400 job7@poll:400 job8@poll:400");
    ck_assert_str_eq(tu_callbacks(WITH("'cpus':1,'threadpool_size':2", JOBS(3, 100)), true),
                     "main@main:0 job1@poll:200 job2@poll:200 job3@poll:300");
}
END_TEST

/* Shares change as jobs come and go: a short job leaves, the long one speeds up. */
START_TEST(a_job_speeds_up_when_another_finishes)
{
    /* 0-100: both at half a core (short is done, 50 of long served); then long alone: 150. */
    ck_assert_str_eq(tu_callbacks(WITH("'cpus':1",
                                       "{'op':'crypto.pbkdf2','ms':50,'label':'short'},"
                                       "{'op':'crypto.pbkdf2','ms':100,'label':'long'}"),
                                  true),
                     "main@main:0 short@poll:100 long@poll:150");
}
END_TEST

/* fs and dns jobs wait on the disk or a name server: no core, no sharing, either way. */
START_TEST(jobs_that_wait_use_no_core)
{
    ck_assert_str_eq(tu_callbacks(WITH("'cpus':1",
                                       "{'op':'repeat','times':3,'do':["
                                       "  {'op':'fs.stat','ms':100,'label':'stat{i}'}]},"
                                       "{'op':'dns.lookup','ms':100,'label':'dns'}"),
                                  true),
                     "main@main:0 stat1@poll:100 stat2@poll:100 stat3@poll:100 dns@poll:100");
    /* Two pbkdf2 share the core and fall behind a stat that is longer than either alone. */
    ck_assert_str_eq(tu_callbacks(WITH("'cpus':1",
                                       "{'op':'fs.stat','ms':150,'label':'stat'}," JOBS(2, 100)),
                                  true),
                     "main@main:0 stat@poll:150 job1@poll:200 job2@poll:200");
    ck_assert_str_eq(tu_callbacks(WITH("'cpus':0",
                                       "{'op':'fs.stat','ms':150,'label':'stat'}," JOBS(2, 100)),
                                  true),
                     "main@main:0 job1@poll:100 job2@poll:100 stat@poll:150");
}
END_TEST

/* A block waits on the clock (its JavaScript is a Date.now() loop): it ends on time, but holds
   a core while it spins, so the job on the only other thread is served half of one meanwhile. */
START_TEST(a_block_holds_a_core_without_stretching)
{
    ck_assert_str_eq(tu_callbacks(WITH("'cpus':1",
                                       "{'op':'crypto.pbkdf2','ms':100,'label':'job'},"
                                       "{'op':'block','ms':100},"
                                       "{'op':'setImmediate','label':'imm'}"),
                                  true),
                     "main@main:0 imm@check:100 job@poll:150");
}
END_TEST

/* The main thread's computing (here the first log's cost) stretches as a job's does. */
START_TEST(the_main_threads_work_stretches)
{
    /* 0-20: the log's 10 ms of work and the job share one core; then the job alone: 110. */
    const char *shared = WITH("'cpus':1,'first_log_ms':10",
                              "{'op':'crypto.pbkdf2','ms':100,'label':'job'},'hello',"
                              "{'op':'setImmediate','label':'imm'}");
    ck_assert_str_eq(tu_callbacks(shared, true), "main@main:0 imm@check:20 job@poll:110");
    ck_assert_str_eq(tu_callbacks(WITH("'cpus':0,'first_log_ms':10",
                                       "{'op':'crypto.pbkdf2','ms':100,'label':'job'},'hello',"
                                       "{'op':'setImmediate','label':'imm'}"),
                                  true),
                     "main@main:0 imm@check:10 job@poll:100");
}
END_TEST

/* What the events say: the late job's reason, and the note on the stretched work. */
START_TEST(late_events_say_why)
{
    struct sim_program *prog = tu_load(WITH("'cpus':1,'first_log_ms':10",
                                            "{'op':'crypto.pbkdf2','ms':100,'label':'job'},"
                                            "'hello'"));
    struct sim_loop *loop = sim_loop_create(prog);
    struct sim_event ev;
    char why[256];
    int notes = 0;
    int late = 0;
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        if (ev.reason == SIM_REASON_CORES_MAIN) {
            sim_event_reason(&ev, why, sizeof(why));
            ck_assert_str_eq(why, "the main thread's 10 ms of work took 20 ms: up to 2 threads "
                                  "shared 1 cores (cpus)");
            notes++;
        }
        if (ev.kind == SIM_EVENT_WORKER_DONE) {
            ck_assert_int_eq(ev.reason, SIM_REASON_WORKER_DONE_SHARED);
            sim_event_reason(&ev, why, sizeof(why));
            ck_assert_str_eq(why, "worker 1 finished after 110 ms, later than alone: up to 2 "
                                  "threads shared 1 cores (cpus); the loop is woken through its "
                                  "eventfd");
            late++;
        }
    }
    ck_assert_int_eq(notes, 1);
    ck_assert_int_eq(late, 1);
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    /* Without a crowd, the plain reason. */
    ck_assert_str_eq(tu_events(WITH("'cpus':4", JOBS(4, 10)), SIM_EVENT_NOTE), "");
}
END_TEST

/* The rest of a run, as "seq:time " for each event. */
static void rest_of_run(struct sim_loop *loop, char *out, size_t size)
{
    struct sim_event ev;
    size_t n = 0;
    out[0] = '\0';
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT && n + 32 < size) {
        n += (size_t)snprintf(out + n, size - n, "%llu:%llu ", (unsigned long long)ev.seq,
                              (unsigned long long)ev.time_ns);
    }
}

/* A snapshot taken while jobs share the cores replays the same future: the state is arrays. */
START_TEST(a_snapshot_in_the_middle_replays_the_same)
{
    struct sim_program *prog = tu_load(WITH("'cpus':2,'first_log_ms':3",
                                            JOBS(6, 30) ",'hello',{'op':'block','ms':7},"
                                            "{'op':'setTimeout','delay':10,'do':["
                                            "{'op':'crypto.pbkdf2','ms':5}]}"));
    for (int at = 1; at < 40; at += 3) {
        struct sim_loop *loop = sim_loop_create(prog);
        struct sim_event ev;
        for (int i = 0; i < at && sim_loop_step(loop, &ev) == SIM_STEP_EVENT; i++) {
        }
        struct sim_loop *copy = sim_loop_clone(loop);
        ck_assert_ptr_nonnull(copy);
        static char a[8192];
        static char b[8192];
        rest_of_run(loop, a, sizeof(a));
        rest_of_run(copy, b, sizeof(b));
        ck_assert_str_eq(a, b);
        sim_loop_destroy(copy);
        sim_loop_destroy(loop);
    }
    sim_program_destroy(prog);
}
END_TEST

/* The config key, its range, the command line's override, and a JavaScript config line. */
START_TEST(cpus_from_config_command_line_and_javascript)
{
    struct sim_diag diag;
    const char *bad = "{\"loopsim\":1,\"name\":\"t\",\"config\":{\"cpus\":1025},\"main\":[]}";
    ck_assert_ptr_null(sim_program_load(bad, strlen(bad), NULL, &diag));
    ck_assert_str_eq(diag.path, "config.cpus");
    ck_assert_str_eq(diag.message, "expected a whole number from 0 to 1024, got 1025");
    const char *good = "{\"loopsim\":1,\"name\":\"t\",\"config\":{\"cpus\":3},\"main\":[]}";
    struct sim_overrides ov;
    sim_overrides_init(&ov);
    struct sim_program *prog = sim_program_load(good, strlen(good), &ov, &diag);
    ck_assert_uint_eq(prog->config.cpus, 3);
    sim_program_destroy(prog);
    ov.cpus = 2;
    prog = sim_program_load(good, strlen(good), &ov, &diag);
    ck_assert_uint_eq(prog->config.cpus, 2);
    sim_program_destroy(prog);
    ov.cpus = 2000;
    ck_assert_ptr_null(sim_program_load(good, strlen(good), &ov, &diag));
    ck_assert_str_eq(diag.message, "--cpus: expected 0 to 1024, got 2000");
    const char *js = "// loopsim: config cpus=2\nconsole.log('x');\n";
    prog = sim_program_load_js(js, strlen(js), false, NULL, &diag);
    ck_assert_msg(prog != NULL, "%s", diag.message);
    ck_assert_uint_eq(prog->config.cpus, 2);
    sim_program_destroy(prog);
}
END_TEST

/* JavaScript: pbkdf2Sync computes on the main thread and stretches; the jobs are shared. */
START_TEST(javascript_sync_crypto_shares_the_cores)
{
    const char *js = "// loopsim: config cpus=1 callback_ms=0 loop_start_ms=0\n"
                     "const crypto = require('crypto');\n"
                     "crypto.pbkdf2('a', 'b', 1, 64, 'sha512', () => console.log('job'));"
                     " // loopsim: 10ms\n"
                     "crypto.pbkdf2Sync('a', 'b', 1, 64, 'sha512'); // loopsim: 10ms\n"
                     "setImmediate(() => console.log('imm'));\n";
    struct sim_diag diag;
    struct sim_program *prog = sim_program_load_js(js, strlen(js), false, NULL, &diag);
    ck_assert_msg(prog != NULL, "%s", diag.message);
    struct sim_loop *loop = sim_loop_create(prog);
    struct sim_event ev;
    static char got[256];
    size_t n = 0;
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        if (ev.kind == SIM_EVENT_LOG) {
            n += (size_t)snprintf(got + n, sizeof(got) - n, "%s@%g ", ev.text,
                                  (double)ev.time_ns / 1e6);
        }
    }
    /* 0-20: the Sync call and the job share the core, each done at 20 ms. */
    ck_assert_str_eq(got, "job@20 imm@20 ");
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
}
END_TEST

Suite *cores_suite(void)
{
    Suite *s = suite_create("cores");
    TCase *tc = tcase_create("sharing");
    tcase_add_test(tc, arithmetic_is_exact_integers);
    tcase_add_test(tc, unlimited_is_a_core_per_thread);
    tcase_add_test(tc, four_workers_on_two_cores_run_at_half_speed);
    tcase_add_test(tc, a_job_speeds_up_when_another_finishes);
    tcase_add_test(tc, jobs_that_wait_use_no_core);
    tcase_add_test(tc, a_block_holds_a_core_without_stretching);
    tcase_add_test(tc, the_main_threads_work_stretches);
    tcase_add_test(tc, late_events_say_why);
    tcase_add_test(tc, a_snapshot_in_the_middle_replays_the_same);
    tcase_add_test(tc, cpus_from_config_command_line_and_javascript);
    tcase_add_test(tc, javascript_sync_crypto_shares_the_cores);
    suite_add_tcase(s, tc);
    return s;
}
