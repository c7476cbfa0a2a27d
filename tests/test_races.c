/*
 * test_races.c - choice points and their exploration (sim/races.c, docs/races.md): where a
 * choice point arises and where it must not, what each alternative does, and what
 * sim_races_explore finds, keeps and reports.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A scenario with the default cost model; `config` holds extra config keys (may be ""). */
static const char *scenario(const char *config, const char *body)
{
    static char buf[2048];
    snprintf(buf, sizeof(buf), "{'loopsim':1,'name':'t','config':{%s},'main':[%s]}", config,
             body);
    return buf;
}

/*
 * Explores a single-quoted scenario: its outputs, each joined with '|', the default's marked
 * '*', separated by " ; " in the order found. Freed by the next call.
 */
static const char *outputs(const char *single_quoted, uint32_t budget)
{
    static char buf[2048];
    struct sim_program *prog = tu_load(single_quoted);
    struct sim_races_options opt;
    sim_races_options_init(&opt);
    opt.budget = budget;
    int err = 0;
    struct sim_races *r = sim_races_explore(prog, &opt, &err);
    ck_assert_ptr_nonnull(r);
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->output_count && at < sizeof(buf); i++) {
        const struct sim_race_output *o = &r->outputs[i];
        at += (size_t)snprintf(buf + at, sizeof(buf) - at, "%s%s", i > 0 ? " ; " : "",
                               o->is_default ? "*" : "");
        for (size_t j = 0; j < o->line_count && at < sizeof(buf); j++) {
            at += (size_t)snprintf(buf + at, sizeof(buf) - at, "%s%s", j > 0 ? "|" : "",
                                   o->lines[j]);
        }
    }
    sim_races_destroy(r);
    sim_program_destroy(prog);
    return buf;
}

/* Runs a scenario along `taken` (n entries); returns its logs joined with '|'. */
static const char *logs_along(const char *single_quoted, const uint32_t *taken, size_t n,
                              uint64_t *choices)
{
    static char buf[1024];
    struct sim_program *prog = tu_load(single_quoted);
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_int_eq(sim_loop_set_choices(loop, NULL, taken, n), 0);
    struct sim_event ev;
    size_t at = 0;
    buf[0] = '\0';
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        if (ev.kind == SIM_EVENT_LOG && at < sizeof(buf)) {
            at += (size_t)snprintf(buf + at, sizeof(buf) - at, "%s%s", at > 0 ? "|" : "",
                                   ev.text);
        }
    }
    *choices = sim_loop_choice_count(loop);
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    return buf;
}

#define PAIR                                                                                       \
    "{'op':'setTimeout','delay':0,'do':['timeout']},{'op':'setImmediate','do':['immediate']}"

START_TEST(the_main_module_pair_is_a_start_up_choice_point)
{
    uint64_t n = 0;
    uint32_t later = 1;
    ck_assert_str_eq(logs_along(scenario("", PAIR), NULL, 0, &n), "immediate|timeout");
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(logs_along(scenario("", PAIR), &later, 1, &n), "timeout|immediate");
    ck_assert_uint_eq(n, 1);
}
END_TEST

START_TEST(the_choice_point_says_where_and_what)
{
    struct sim_program *prog = tu_load(scenario("", PAIR));
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_int_eq(sim_loop_set_choices(loop, NULL, NULL, 0), 0);
    struct sim_event ev;
    uint64_t last_seq = 0;
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT && sim_loop_choice_count(loop) == 0) {
        last_seq = ev.seq;
    }
    const struct sim_choice *c = sim_loop_choice_at(loop, 0);
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(c->kind, SIM_CHOICE_START);
    ck_assert_uint_eq(c->taken, 0);
    ck_assert_int_eq(c->arg_a, 1000000);          /* the timer is due at 1 ms */
    ck_assert_uint_eq(c->time_ns, 40000);        /* the main script and start-up: 0.04 ms */
    ck_assert_uint_eq(c->event_seq, last_seq + 1); /* it sits before the first event after it */
    char s[256];
    sim_choice_sentence(c, 1, s, sizeof s);
    ck_assert_ptr_nonnull(strstr(s, "the timer due at 1 ms runs before the first iteration"));
    ck_assert_ptr_null(sim_loop_choice_at(loop, 1));
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(without_choices_a_loop_records_nothing)
{
    struct sim_program *prog = tu_load(scenario("", PAIR));
    struct sim_loop *loop = sim_loop_create(prog);
    struct sim_event ev;
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
    }
    ck_assert_uint_eq(sim_loop_choice_count(loop), 0);
    ck_assert_int_eq(sim_loop_set_choices(loop, NULL, NULL, 0), -SIM_ESTATE); /* it has stepped */
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(the_pair_inside_an_io_callback_has_no_choice_point)
{
    const char *body = "{'op':'fs.stat','ms':2,'do':[" PAIR "]}";
    uint64_t n = 0;
    ck_assert_str_eq(logs_along(scenario("", body), NULL, 0, &n), "immediate|timeout");
    ck_assert_uint_eq(n, 0);
    ck_assert_str_eq(outputs(scenario("", body), 0), "*immediate|timeout");
}
END_TEST

START_TEST(a_timer_already_due_or_two_ms_away_is_no_choice_point)
{
    /* 1.5 ms of blocking: the 1 ms timer is due at the loop's reading whatever the start-up. */
    const char *due = "{'op':'setTimeout','delay':0,'do':['timeout']},{'op':'block','ms':1.5},"
                      "{'op':'setImmediate','do':['immediate']}";
    /* A 2 ms timer: a millisecond more of start-up still leaves it waiting. */
    const char *far = "{'op':'setTimeout','delay':2,'do':['timeout']},"
                      "{'op':'setImmediate','do':['immediate']}";
    uint64_t n = 0;
    ck_assert_str_eq(logs_along(scenario("", due), NULL, 0, &n), "timeout|immediate");
    ck_assert_uint_eq(n, 0);
    ck_assert_str_eq(logs_along(scenario("", far), NULL, 0, &n), "immediate|timeout");
    ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(half_a_millisecond_of_blocking_leaves_the_race_open)
{
    const char *body = "{'op':'setTimeout','delay':0,'do':['timeout']},{'op':'block','ms':0.5},"
                       "{'op':'setImmediate','do':['immediate']}";
    ck_assert_str_eq(outputs(scenario("", body), 0),
                     "*immediate|timeout ; timeout|immediate");
}
END_TEST

START_TEST(a_choice_point_whose_alternatives_print_the_same_gives_one_output)
{
    /* The timer runs before or after the first iteration; nothing else prints. */
    const char *body = "{'op':'setTimeout','delay':1,'do':['timeout']}";
    uint64_t n = 0;
    ck_assert_str_eq(logs_along(scenario("", body), NULL, 0, &n), "timeout");
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(outputs(scenario("", body), 0), "*timeout");
}
END_TEST

START_TEST(before_exit_enters_the_loop_again_with_its_own_choice_point)
{
    const char *body = "{'op':'on','event':'beforeExit','once':true,'do':[" PAIR "]}";
    ck_assert_str_eq(outputs(scenario("", body), 0), "*immediate|timeout ; timeout|immediate");
}
END_TEST

START_TEST(the_node10_profile_races_too)
{
    ck_assert_str_eq(outputs(scenario("'node':'10'", PAIR), 0),
                     "*immediate|timeout ; timeout|immediate");
}
END_TEST

START_TEST(an_es_module_has_no_start_up_race)
{
    /* Its body runs inside the first poll phase, after the loop's first clock reading. */
    ck_assert_str_eq(outputs(scenario("'entry':'module'", PAIR), 0), "*immediate|timeout");
}
END_TEST

START_TEST(two_choice_points_make_up_to_four_runs)
{
    /* The main pair, and a second pair that beforeExit queues: four paths, two outputs each. */
    const char *body = PAIR ",{'op':'on','event':'beforeExit','once':true,'do':["
                            "{'op':'setTimeout','delay':0,'do':['t2']},"
                            "{'op':'setImmediate','do':['i2']}]}";
    struct sim_program *prog = tu_load(scenario("", body));
    int err = 0;
    struct sim_races *r = sim_races_explore(prog, NULL, &err);
    ck_assert_uint_eq(r->runs, 4);
    ck_assert_uint_eq(r->output_count, 4);
    ck_assert_uint_eq(r->open_count, 0);
    ck_assert(r->outputs[0].is_default);
    ck_assert_uint_eq(r->outputs[0].choice_count, 2); /* the default lists what it met */
    ck_assert_uint_eq(r->outputs[3].choice_count, 2); /* the last flips both */
    ck_assert_uint_eq(r->outputs[1].choice_count, 1);
    sim_races_destroy(r);
    /* A budget of 2 runs: the default and one flip; the rest is reported, not explored. */
    struct sim_races_options opt;
    sim_races_options_init(&opt);
    opt.budget = 2;
    r = sim_races_explore(prog, &opt, &err);
    ck_assert_uint_eq(r->runs, 2);
    ck_assert_uint_eq(r->output_count, 2);
    ck_assert_uint_gt(r->open_count, 0);
    sim_races_destroy(r);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(a_clone_keeps_the_choices)
{
    struct sim_program *prog = tu_load(scenario("", PAIR));
    struct sim_loop *loop = sim_loop_create(prog);
    uint32_t later = 1;
    ck_assert_int_eq(sim_loop_set_choices(loop, NULL, &later, 1), 0);
    struct sim_event ev;
    while (sim_loop_choice_count(loop) == 0 && sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
    }
    struct sim_loop *copy = sim_loop_clone(loop);
    sim_loop_destroy(loop);
    ck_assert_uint_eq(sim_loop_choice_count(copy), 1);
    ck_assert_uint_eq(sim_loop_choice_at(copy, 0)->taken, 1);
    const char *first = NULL;
    while (sim_loop_step(copy, &ev) == SIM_STEP_EVENT) {
        if (ev.kind == SIM_EVENT_LOG && first == NULL) {
            first = strcmp(ev.text, "timeout") == 0 ? "timeout" : "other";
        }
    }
    ck_assert_str_eq(first, "timeout");
    sim_loop_destroy(copy);
    sim_program_destroy(prog);
}
END_TEST

/* Explores with a window and a spread of its own; like outputs() otherwise. */
static const char *outputs_with(const char *single_quoted, double window_ms, double spread)
{
    static char buf[2048];
    struct sim_program *prog = tu_load(single_quoted);
    struct sim_races_options opt;
    sim_races_options_init(&opt);
    opt.window_ms = window_ms;
    opt.spread = spread;
    int err = 0;
    struct sim_races *r = sim_races_explore(prog, &opt, &err);
    ck_assert_ptr_nonnull(r);
    snprintf(buf, sizeof(buf), "%zu outputs", r->output_count);
    sim_races_destroy(r);
    sim_program_destroy(prog);
    return buf;
}

START_TEST(two_pool_jobs_that_end_together_may_end_in_either_order)
{
    const char *body = "{'op':'fs.stat','ms':1,'do':['a']},{'op':'fs.stat','ms':1,'do':['b']}";
    ck_assert_str_eq(outputs(scenario("", body), 0), "*a|b ; b|a");
    /* A pool of one runs them one after the other: no choice point. */
    uint64_t n = 0;
    ck_assert_str_eq(logs_along(scenario("'threadpool_size':1", body), NULL, 0, &n), "a|b");
    ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(the_spread_of_long_jobs_opens_their_order)
{
    /* 100 ms against 105 ms: 5 ms apart, beyond the window, within 10 % of their lengths. */
    const char *body = "{'op':'crypto.pbkdf2','ms':100,'do':['a']},"
                       "{'op':'crypto.pbkdf2','ms':105,'do':['b']}";
    ck_assert_str_eq(outputs(scenario("", body), 0), "*a|b ; b|a");
    ck_assert_str_eq(outputs_with(scenario("", body), 1, 0.01), "1 outputs");
    /* 100 ms against 150 ms: no spread of 10 % reaches. */
    const char *far = "{'op':'crypto.pbkdf2','ms':100,'do':['a']},"
                      "{'op':'crypto.pbkdf2','ms':150,'do':['b']}";
    ck_assert_str_eq(outputs(scenario("", far), 0), "*a|b");
}
END_TEST

START_TEST(the_swapped_job_ends_where_the_other_would_have)
{
    const char *body = "{'op':'crypto.pbkdf2','ms':10,'do':['a']},"
                       "{'op':'crypto.pbkdf2','ms':10.5,'do':['b']}";
    const char *times = tu_callbacks(scenario(TU_IDEAL, body), true);
    ck_assert_str_eq(times, "main@main:0 crypto.pbkdf2#1@poll:10 crypto.pbkdf2#2@poll:10.5");
    struct sim_program *prog = tu_load(scenario(TU_IDEAL, body));
    struct sim_loop *loop = sim_loop_create(prog);
    uint32_t swap = 1;
    ck_assert_int_eq(sim_loop_set_choices(loop, NULL, &swap, 1), 0);
    struct sim_event ev;
    char seen[256] = "";
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        if (ev.kind == SIM_EVENT_WORKER_DONE) {
            size_t at = strlen(seen);
            snprintf(seen + at, sizeof(seen) - at, "%s%s@%llu", at > 0 ? " " : "", ev.label,
                     (unsigned long long)ev.time_ns);
        }
    }
    ck_assert_str_eq(seen, "crypto.pbkdf2#2@10000000 crypto.pbkdf2#1@10500001");
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(two_io_events_close_together_may_be_seen_in_either_order)
{
    const char *body = "{'op':'io','ms':5,'do':['a']},{'op':'io','ms':5.5,'do':['b']},"
                       "{'op':'io','ms':9,'do':['c']}";
    ck_assert_str_eq(outputs(scenario("", body), 0), "*a|b|c ; b|a|c");
    ck_assert_str_eq(outputs_with(scenario("", body), 0.4, 0.1), "1 outputs");
    ck_assert_str_eq(outputs_with(scenario("", body), 4, 0.1), "3 outputs");
}
END_TEST

START_TEST(a_late_wake_up_merges_the_next_timer_list)
{
    /* Node's lists of 10 and 11 ms: a pass at 11 ms runs both before the immediate. */
    const char *body = "{'op':'setTimeout','delay':10,'do':['t10',"
                       "  {'op':'setImmediate','do':['immediate']}]},"
                       "{'op':'setTimeout','delay':11,'do':['t11']}";
    ck_assert_str_eq(outputs(scenario("", body), 0), "*t10|immediate|t11 ; t10|t11|immediate");
    /* Two milliseconds apart, one late millisecond merges nothing. */
    const char *apart = "{'op':'setTimeout','delay':10,'do':['t10',"
                        "  {'op':'setImmediate','do':['immediate']}]},"
                        "{'op':'setTimeout','delay':12,'do':['t12']}";
    uint64_t n = 0;
    ck_assert_str_eq(logs_along(scenario("", apart), NULL, 0, &n), "t10|immediate|t12");
    ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(a_late_wake_up_lets_io_ready_just_after_the_timer_come_first)
{
    const char *body = "{'op':'setTimeout','delay':5,'do':['timer']},"
                       "{'op':'io','ms':5.5,'do':['io']}";
    ck_assert_str_eq(outputs(scenario("", body), 0), "*timer|io ; io|timer");
    ck_assert_str_eq(outputs_with(scenario("", body), 0.4, 0.1), "1 outputs");
}
END_TEST

START_TEST(an_immediate_against_a_timer_it_queues_with_an_immediate_is_a_clock_race)
{
    /* Reference experiment 9: B (the next check phase) or T (this iteration's timers phase, if
       the millisecond turns before it). */
    const char *body = "{'op':'setImmediate','do':['A',{'op':'setImmediate','do':['B']},"
                       "  {'op':'setTimeout','delay':0,'do':['T']}]}";
    ck_assert_str_eq(outputs(scenario("", body), 0), "*A|B|T ; A|T|B");
}
END_TEST

START_TEST(each_millisecond_is_offered_once)
{
    /* busy-loop-still-runs-timers: an immediate that re-queues itself passes many timers
       phases within each millisecond before its interval is due. One clock choice point per
       millisecond keeps the exploration far below its budget; one per pass would exhaust it. */
    struct sim_program *spin = tu_load_builtin("busy-loop-still-runs-timers");
    int err = 0;
    struct sim_races *r = sim_races_explore(spin, NULL, &err);
    ck_assert_uint_lt(r->runs, SIM_RACES_BUDGET);
    ck_assert_uint_eq(r->open_count, 0);
    ck_assert_uint_eq(r->output_count, 1);
    sim_races_destroy(r);
    sim_program_destroy(spin);
}
END_TEST

START_TEST(a_poll_whose_timeout_is_already_spent_does_not_wake_late)
{
    /* The 1 ms timer blocks until 6 ms: the next poll's timeout, measured from the stale loop
       time (1 ms), is spent, so poll does not sleep and cannot oversleep into the fd at 6.5. */
    const char *body = "{'op':'setTimeout','delay':1,'do':[{'op':'block','ms':5}]},"
                       "{'op':'setTimeout','delay':3,'do':['timer']},"
                       "{'op':'io','ms':6.5,'do':['io']}";
    uint64_t n = 0;
    ck_assert_str_eq(logs_along(scenario(TU_IDEAL, body), NULL, 0, &n), "timer|io");
    ck_assert_str_eq(outputs(scenario(TU_IDEAL, body), 0), "*timer|io");
}
END_TEST

START_TEST(two_jobs_of_one_instant_may_come_in_two_batches)
{
    /* One uv__work_done delivers both (the immediate last); split, the immediate that the
       first queues runs between them; swapped, the second comes first. */
    const char *body = "{'op':'crypto.pbkdf2','ms':20,'do':['a',"
                       "  {'op':'setImmediate','do':['immediate']}]},"
                       "{'op':'crypto.pbkdf2','ms':20,'do':['b']}";
    ck_assert_str_eq(outputs(scenario("", body), 0),
                     "*a|b|immediate ; b|a|immediate ; a|immediate|b");
    /* No window: an exact tie is never split. */
    ck_assert_str_eq(outputs_with(scenario("", body), 0, 0), "2 outputs");
}
END_TEST

START_TEST(two_fds_close_together_may_come_in_one_batch)
{
    const char *body = "{'op':'io','ms':5,'do':['a',{'op':'setImmediate','do':['immediate']}]},"
                       "{'op':'io','ms':5.2,'do':['b']}";
    ck_assert_str_eq(outputs(scenario("", body), 0),
                     "*a|immediate|b ; b|a|immediate ; a|b|immediate");
    /* Ready at one instant: one epoll_pwait by default, two when split. */
    const char *tie = "{'op':'io','ms':5,'do':['a',{'op':'setImmediate','do':['immediate']}]},"
                      "{'op':'io','ms':5,'do':['b']}";
    ck_assert_str_eq(outputs(scenario("", tie), 0),
                     "*a|b|immediate ; b|a|immediate ; a|immediate|b");
}
END_TEST

START_TEST(jobs_sharing_one_core_race_too)
{
    /* With `cpus` 1 the two computing jobs share the core and end together, at 40 ms: their
       ends move by work (cores.c), not by their starts. */
    const char *body = "{'op':'crypto.pbkdf2','ms':20,'do':['a',"
                       "  {'op':'setImmediate','do':['immediate']}]},"
                       "{'op':'crypto.pbkdf2','ms':20,'do':['b']}";
    ck_assert_str_eq(tu_callbacks(scenario("'cpus':1," TU_IDEAL, body), true),
                     "main@main:0 crypto.pbkdf2#1@poll:40 crypto.pbkdf2#2@poll:40 "
                     "setImmediate#1@check:40");
    ck_assert_str_eq(outputs(scenario("'cpus':1", body), 0),
                     "*a|b|immediate ; b|a|immediate ; a|immediate|b");
}
END_TEST

/*
 * Runs a scenario along `taken` (n entries); returns its worker-done events, each as label@ms
 * (to the nearest microsecond), with '+' after one that ran ahead. Freed by the next call.
 */
static const char *ends_along(const char *single_quoted, const uint32_t *taken, size_t n)
{
    static char buf[1024];
    struct sim_program *prog = tu_load(single_quoted);
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_int_eq(sim_loop_set_choices(loop, NULL, taken, n), 0);
    struct sim_event ev;
    size_t at = 0;
    buf[0] = '\0';
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        if (ev.kind == SIM_EVENT_WORKER_DONE && at < sizeof(buf)) {
            at += (size_t)snprintf(buf + at, sizeof(buf) - at, "%s%s@%.3f%s", at > 0 ? " " : "",
                                   ev.label, (double)((ev.time_ns + 500) / 1000) / 1000.0,
                                   ev.reason == SIM_REASON_WORKER_DONE_AHEAD ? "+" : "");
        }
    }
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    return buf;
}

/* How many cpu-ahead choice points a run along `taken` (n entries) meets. */
static uint32_t aheads_along(const char *single_quoted, const uint32_t *taken, size_t n)
{
    struct sim_program *prog = tu_load(single_quoted);
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_int_eq(sim_loop_set_choices(loop, NULL, taken, n), 0);
    struct sim_event ev;
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
    }
    uint32_t count = 0;
    for (size_t i = 0; sim_loop_choice_at(loop, i) != NULL; i++) {
        count += sim_loop_choice_at(loop, i)->kind == SIM_CHOICE_AHEAD ? 1 : 0;
    }
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    return count;
}

/* Two 20 ms jobs share one core; a 30 ms timer. */
#define TWO_ON_ONE                                                                                 \
    "{'op':'crypto.pbkdf2','ms':20,'label':'a','do':['a']},"                                       \
    "{'op':'crypto.pbkdf2','ms':20,'label':'b','do':['b']},"                                       \
    "{'op':'setTimeout','delay':30,'do':['timer']}"

START_TEST(a_computing_job_may_run_ahead_of_its_fair_share)
{
    /* Fairly, both end at 40 ms, after the timer. Ahead, a has the core first and ends at
       20 ms, its own work; b, which gave up the 10 ms it had been served by then, still ends
       at 40. b cannot end by 30 ms too: 40 ms of work on one core. */
    const char *sc = scenario("'cpus':1," TU_IDEAL, TWO_ON_ONE);
    uint32_t ahead = 1;
    uint64_t n = 0;
    ck_assert_str_eq(ends_along(sc, NULL, 0), "a@40.000 b@40.000");
    ck_assert_str_eq(logs_along(sc, NULL, 0, &n), "timer|a|b");
    ck_assert_uint_eq(aheads_along(sc, NULL, 0), 1);
    ck_assert_str_eq(ends_along(sc, &ahead, 1), "a@20.000+ b@40.000");
    ck_assert_str_eq(logs_along(sc, &ahead, 1, &n), "a|timer|b");
    ck_assert_uint_eq(aheads_along(sc, &ahead, 1), 1); /* b: none, it could not end by 30 */
    /* b ahead of a is not explored: the jobs keep their fair order (here a's; pool-order
       swaps their ends, which come together). */
    ck_assert_str_eq(outputs(sc, 0), "*timer|a|b ; a|timer|b ; timer|b|a");
}
END_TEST

START_TEST(the_cpu_ahead_choice_point_says_both_ends)
{
    struct sim_program *prog = tu_load(scenario("'cpus':1," TU_IDEAL, TWO_ON_ONE));
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_int_eq(sim_loop_set_choices(loop, NULL, NULL, 0), 0);
    struct sim_event ev;
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
    }
    const struct sim_choice *c = sim_loop_choice_at(loop, 0);
    ck_assert_int_eq(c->kind, SIM_CHOICE_AHEAD);
    ck_assert_int_eq(c->arg_a, 20000000); /* as early as it could end */
    ck_assert_int_eq(c->arg_b, 40000000); /* its fair end */
    ck_assert_uint_eq(c->time_ns, 0);     /* the first poll, which sleeps until the timer */
    char s[512];
    sim_choice_sentence(c, 1, s, sizeof s);
    ck_assert_ptr_nonnull(strstr(s, "it ends at 20 ms, as early as its own work and the cores"));
    ck_assert_str_eq(sim_choice_name(c->kind), "cpu-ahead");
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
}
END_TEST

START_TEST(no_job_runs_ahead_without_a_crowd)
{
    /* Two cores for two jobs (or no `cpus`): each has a core; none can end sooner. */
    uint64_t n = 0;
    ck_assert_str_eq(logs_along(scenario("'cpus':2," TU_IDEAL, TWO_ON_ONE), NULL, 0, &n),
                     "a|b|timer");
    ck_assert_uint_eq(aheads_along(scenario("'cpus':2," TU_IDEAL, TWO_ON_ONE), NULL, 0), 0);
    const char *later = "{'op':'crypto.pbkdf2','ms':20,'do':['a']},"
                        "{'op':'crypto.pbkdf2','ms':20,'do':['b']},"
                        "{'op':'setTimeout','delay':30,'do':['timer']}";
    ck_assert_str_eq(outputs(scenario("'cpus':0", later), 0), "*a|b|timer ; b|a|timer");
    ck_assert_str_eq(outputs(scenario("'cpus':2", later), 0), "*a|b|timer ; b|a|timer");
}
END_TEST

/* Eight 40 ms jobs on a pool of eight share two cores; an 80 ms timer (pool-shares-two-cores). */
#define EIGHT_ON_TWO_COSTS(costs, cost)                                                            \
    scenario(costs "'cpus':2,'threadpool_size':8," TU_IDEAL,                                       \
             "{'op':'repeat','times':8,'do':[{'op':'crypto.pbkdf2','ms':40,'label':'j{i}',"      \
             "  'do':['job']}]},{'op':'setTimeout','delay':80,'do':['timer']}" cost)
#define EIGHT_ON_TWO(cost) EIGHT_ON_TWO_COSTS("", cost)

START_TEST(jobs_run_ahead_one_after_another_as_far_as_two_cores_allow)
{
    /* No main-thread work: the first ends at 40 ms (its own work), the second at 40 too (80 ms
       of work on two cores), the third at 60 (120 ms), the fourth at 80, the timer's instant,
       where poll returns and finds it: a job that ends then is there, ahead or not. */
    const char *sc = EIGHT_ON_TWO("");
    uint32_t taken[4] = {1, 1, 1, 1};
    ck_assert_str_eq(ends_along(sc, taken, 1),
                     "j1@40.000+ j2@160.000 j3@160.000 j4@160.000 j5@160.000 j6@160.000 "
                     "j7@160.000 j8@160.000");
    ck_assert_str_eq(ends_along(sc, taken, 2),
                     "j1@40.000+ j2@40.000+ j3@160.000 j4@160.000 j5@160.000 j6@160.000 "
                     "j7@160.000 j8@160.000");
    ck_assert_str_eq(ends_along(sc, taken, 3),
                     "j1@40.000+ j2@40.000+ j3@60.000+ j4@160.000 j5@160.000 j6@160.000 "
                     "j7@160.000 j8@160.000");
    ck_assert_str_eq(ends_along(sc, taken, 4),
                     "j1@40.000+ j2@40.000+ j3@60.000+ j4@80.000+ j5@160.000 j6@160.000 "
                     "j7@160.000 j8@160.000");
    uint64_t n = 0;
    ck_assert_str_eq(logs_along(sc, taken, 3, &n), "job|job|job|timer|job|job|job|job|job");
    ck_assert_str_eq(logs_along(sc, taken, 4, &n), "job|job|job|job|timer|job|job|job|job");
}
END_TEST

START_TEST(a_fourth_job_needs_the_poll_to_wake_late)
{
    /* 2.5 ms of main-thread work (the first console.log) take their share of the cores: a
       fourth job could end no sooner than 81.25 ms, after the timer's poll (80 ms), so it is
       no cpu-ahead choice there; only a poll that wakes a window late (poll-late, offered for
       it) finds it, and a fifth could not end before 100 ms. */
    const char *sc = EIGHT_ON_TWO_COSTS("'first_log_ms':2.5,", ",'submitted'");
    uint32_t taken[5] = {1, 1, 1, 0, 0};
    ck_assert_str_eq(ends_along(sc, taken, 3),
                     "j1@40.000+ j2@41.250+ j3@61.250+ j4@161.250 j5@161.250 j6@161.250 "
                     "j7@161.250 j8@161.250");
    struct sim_program *prog = tu_load(sc);
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_int_eq(sim_loop_set_choices(loop, NULL, taken, 3), 0);
    struct sim_event ev;
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
    }
    const struct sim_choice *late = sim_loop_choice_at(loop, 3);
    ck_assert_int_eq(late->kind, SIM_CHOICE_LATE);
    ck_assert_int_eq(late->arg_a, 80000000);
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    taken[3] = 1; /* late: the fourth job is offered at the late instant */
    taken[4] = 1;
    ck_assert_str_eq(ends_along(sc, taken, 5),
                     "j1@40.000+ j2@41.250+ j3@61.250+ j4@81.250+ j5@161.250 j6@161.250 "
                     "j7@161.250 j8@161.250");
    uint64_t n = 0;
    ck_assert_str_eq(logs_along(sc, taken, 5, &n),
                     "submitted|job|job|job|job|timer|job|job|job|job");
    ck_assert_str_eq(outputs(sc, 0),
                     "*submitted|timer|job|job|job|job|job|job|job|job ; "
                     "submitted|job|timer|job|job|job|job|job|job|job ; "
                     "submitted|job|job|timer|job|job|job|job|job|job ; "
                     "submitted|job|job|job|timer|job|job|job|job|job ; "
                     "submitted|job|job|job|job|timer|job|job|job|job");
}
END_TEST

Suite *races_suite(void)
{
    Suite *s = suite_create("races");
    TCase *tc = tcase_create("races");
    tcase_add_test(tc, the_main_module_pair_is_a_start_up_choice_point);
    tcase_add_test(tc, the_choice_point_says_where_and_what);
    tcase_add_test(tc, without_choices_a_loop_records_nothing);
    tcase_add_test(tc, the_pair_inside_an_io_callback_has_no_choice_point);
    tcase_add_test(tc, a_timer_already_due_or_two_ms_away_is_no_choice_point);
    tcase_add_test(tc, half_a_millisecond_of_blocking_leaves_the_race_open);
    tcase_add_test(tc, a_choice_point_whose_alternatives_print_the_same_gives_one_output);
    tcase_add_test(tc, before_exit_enters_the_loop_again_with_its_own_choice_point);
    tcase_add_test(tc, the_node10_profile_races_too);
    tcase_add_test(tc, an_es_module_has_no_start_up_race);
    tcase_add_test(tc, two_choice_points_make_up_to_four_runs);
    tcase_add_test(tc, a_clone_keeps_the_choices);
    tcase_add_test(tc, two_pool_jobs_that_end_together_may_end_in_either_order);
    tcase_add_test(tc, the_spread_of_long_jobs_opens_their_order);
    tcase_add_test(tc, the_swapped_job_ends_where_the_other_would_have);
    tcase_add_test(tc, two_io_events_close_together_may_be_seen_in_either_order);
    tcase_add_test(tc, a_late_wake_up_merges_the_next_timer_list);
    tcase_add_test(tc, a_late_wake_up_lets_io_ready_just_after_the_timer_come_first);
    tcase_add_test(tc, an_immediate_against_a_timer_it_queues_with_an_immediate_is_a_clock_race);
    tcase_add_test(tc, each_millisecond_is_offered_once);
    tcase_add_test(tc, a_poll_whose_timeout_is_already_spent_does_not_wake_late);
    tcase_add_test(tc, two_jobs_of_one_instant_may_come_in_two_batches);
    tcase_add_test(tc, two_fds_close_together_may_come_in_one_batch);
    tcase_add_test(tc, jobs_sharing_one_core_race_too);
    tcase_add_test(tc, a_computing_job_may_run_ahead_of_its_fair_share);
    tcase_add_test(tc, the_cpu_ahead_choice_point_says_both_ends);
    tcase_add_test(tc, no_job_runs_ahead_without_a_crowd);
    tcase_add_test(tc, jobs_run_ahead_one_after_another_as_far_as_two_cores_allow);
    tcase_add_test(tc, a_fourth_job_needs_the_poll_to_wake_late);
    suite_add_tcase(s, tc);
    return s;
}
