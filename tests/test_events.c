/*
 * test_events.c - the event records (sim/events.c): a callback event names, in `cause`, the
 * callback that was running when it was queued (the seq of that callback's event).
 */
#include "test_util.h"

#include <stdio.h>
#include <string.h>

/* The callbacks of one run: their labels by the seq of their event. */
enum { MAX_CALLBACKS = 32 };

struct seen {
    uint64_t seq[MAX_CALLBACKS];
    char label[MAX_CALLBACKS][48];
    size_t count;
    char out[1024];             /* "label<cause" for each callback, joined with ' ' */
};

/* The label of the callback whose event is `seq`; "-" for 0, "?" for an unknown seq. */
static const char *label_of(const struct seen *s, uint64_t seq)
{
    if (seq == 0) {
        return "-";
    }
    for (size_t i = 0; i < s->count; i++) {
        if (s->seq[i] == seq) {
            return s->label[i];
        }
    }
    return "?";
}

/* Records callback event `ev` and appends "label<cause-label" to the description. */
static void note_callback(struct seen *s, const struct sim_event *ev)
{
    ck_assert_uint_lt(s->count, MAX_CALLBACKS);
    ck_assert_uint_lt(ev->cause, ev->seq); /* what queued it ran before it */
    s->seq[s->count] = ev->seq;
    snprintf(s->label[s->count], sizeof(s->label[0]), "%s", ev->label);
    size_t len = strlen(s->out);
    snprintf(s->out + len, sizeof(s->out) - len, "%s%s<%s", len > 0 ? " " : "", ev->label,
             label_of(s, ev->cause));
    s->count++;
}

/* Runs `prog` to its end (and frees it); returns each callback with the callback that queued it. */
static const char *causes(struct sim_program *prog)
{
    static struct seen s;
    memset(&s, 0, sizeof(s));
    struct sim_loop *loop = sim_loop_create(prog);
    ck_assert_ptr_nonnull(loop);
    struct sim_event ev;
    while (sim_loop_step(loop, &ev) == SIM_STEP_EVENT) {
        if (ev.kind == SIM_EVENT_CALLBACK) {
            note_callback(&s, &ev);
        } else {
            ck_assert_uint_eq(ev.cause, 0); /* only callbacks name one */
        }
    }
    sim_loop_destroy(loop);
    sim_program_destroy(prog);
    return s.out;
}

static struct sim_program *load_js(const char *js)
{
    struct sim_diag diag;
    struct sim_program *prog = sim_program_load_js(js, strlen(js), false, NULL, &diag);
    ck_assert_msg(prog != NULL, "%u:%u: %s", diag.line, diag.col, diag.message);
    return prog;
}

START_TEST(cause_is_the_callback_that_queued_it)
{
    ck_assert_str_eq(causes(tu_load("{'loopsim':1,'name':'t','main':["
                                    "{'op':'setTimeout','delay':1,'label':'T','do':["
                                    "  {'op':'nextTick','label':'N','do':["
                                    "    {'op':'setImmediate','label':'I','do':['i']}]},"
                                    "  {'op':'promise','label':'P','do':["
                                    "    {'op':'setTimeout','delay':0,'label':'T2','do':['t']}]}"
                                    "]}]}")),
                     "main<- T<main N<T P<T I<N T2<P");
}
END_TEST

START_TEST(cause_of_a_second_run_of_one_statement_is_its_own)
{
    /* One statement queues a tick from two callbacks: each tick names the callback it came
       from, not the first one. */
    ck_assert_str_eq(causes(tu_load("{'loopsim':1,'name':'t','main':["
                                    "{'op':'setTimeout','delay':1,'label':'A','do':'@F'},"
                                    "{'op':'setTimeout','delay':2,'label':'B','do':'@F'}],"
                                    "'functions':{'F':[{'op':'nextTick','label':'N','do':['n']}]}"
                                    "}")),
                     "main<- A<main N<A B<main N run 2<B");
}
END_TEST

START_TEST(cause_in_javascript)
{
    ck_assert_str_eq(causes(load_js("setTimeout(function t() {\n"
                                    "  process.nextTick(function n() {});\n"
                                    "  Promise.resolve().then(function p() {\n"
                                    "    setImmediate(function i() {});\n"
                                    "  });\n"
                                    "}, 1);\n")),
                     "main<- t<main n<t p<t i<p");
}
END_TEST

Suite *events_suite(void)
{
    Suite *s = suite_create("events");
    TCase *tc = tcase_create("cause");
    tcase_add_test(tc, cause_is_the_callback_that_queued_it);
    tcase_add_test(tc, cause_of_a_second_run_of_one_statement_is_its_own);
    tcase_add_test(tc, cause_in_javascript);
    suite_add_tcase(s, tc);
    return s;
}
