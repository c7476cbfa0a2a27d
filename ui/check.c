/*
 * check.c - `loopsim check`: loads each scenario, runs it, and compares what it prints with its
 * `expect` (exactly) or `expect_any` (any one of them). One line per scenario:
 *
 *     ok    NAME
 *     FAIL  NAME: what it prints differs from `expect` (- expected, + printed):
 *     valid NAME (no expectation)
 *
 * A FAIL is followed by a unified diff of the whole expected and printed output (every line of
 * both when they are short, else each change with three lines around it); for `expect_any`, of
 * the accepted output closest to what was printed.
 *
 * A scenario that states `expect` although real Node may print something else (the engine's
 * exploration of its choice points finds more than one output: sim_races_explore) gets a
 * warning on stderr with every output, as the `expect_any` to state instead.
 */
#include "commands.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diff.h"
#include "lines.h"
#include "source.h"
#include "ui.h"

enum {
    WHOLE_LINES = 200,          /* outputs up to this long are diffed with every line shown */
    CONTEXT_LINES = 3,          /* else, like diff -u */
};

/* One accepted output of `prog`: `expect`, or expect_any[i]. */
struct accepted {
    const char *const *lines;
    size_t count;
};

static struct accepted accepted_at(const struct sim_program *prog, size_t i)
{
    if (prog->has_expect) {
        return (struct accepted){prog->expect, prog->expect_count};
    }
    return (struct accepted){prog->expect_any[i].lines, prog->expect_any[i].count};
}

/* The diff of `want` against what was printed; -1 out of memory. */
static int diff_with(struct ui_diff *d, struct accepted want, const struct ui_lines *out)
{
    return ui_diff_make(d, want.lines, want.count, (const char *const *)out->lines, out->count);
}

/*
 * Compares what was printed with every accepted output. Returns the index of the closest (the
 * fewest changed lines, the first of equals) with its diff in *best, or SIZE_MAX when one
 * matches exactly (or there is no expectation), or SIZE_MAX - 1 out of memory.
 */
static size_t closest(const struct sim_program *prog, const struct ui_lines *out,
                      struct ui_diff *best)
{
    size_t sets = prog->has_expect ? 1 : prog->expect_any_count;
    size_t found = SIZE_MAX;
    memset(best, 0, sizeof(*best));
    for (size_t i = 0; i < sets; i++) {
        struct ui_diff d;
        if (diff_with(&d, accepted_at(prog, i), out) < 0) {
            ui_diff_finish(best);
            return SIZE_MAX - 1;
        }
        if (d.changes == 0) {
            ui_diff_finish(&d);
            ui_diff_finish(best);
            return SIZE_MAX;
        }
        if (found == SIZE_MAX || d.changes < best->changes) {
            ui_diff_finish(best);
            *best = d;
            found = i;
        } else {
            ui_diff_finish(&d);
        }
    }
    return found;
}

/* Prints the FAIL line and the diff of accepted output `which` against what was printed. */
static void print_mismatch(const char *name, const struct sim_program *prog, size_t which,
                           const struct ui_diff *d, const struct ui_lines *out)
{
    char what[64];
    if (prog->has_expect) {
        snprintf(what, sizeof what, "expect");
    } else {
        snprintf(what, sizeof what, "expect_any[%zu]", which);
    }
    if (prog->has_expect) {
        printf("FAIL  %s: what it prints differs from `expect` (- expected, + printed):\n", name);
    } else {
        printf("FAIL  %s: what it prints is none of the %zu outputs of `expect_any`; the closest "
               "is %s (- expected, + printed):\n",
               name, prog->expect_any_count, what);
    }
    char a_name[512];
    char b_name[512];
    snprintf(a_name, sizeof a_name, "%s: %s", name, what);
    snprintf(b_name, sizeof b_name, "%s: printed by the simulation", name);
    struct accepted want = accepted_at(prog, which);
    bool whole = want.count <= WHOLE_LINES && out->count <= WHOLE_LINES;
    ui_diff_print(stdout, d, want.lines, (const char *const *)out->lines, a_name, b_name,
                  whole ? SIZE_MAX : CONTEXT_LINES);
}

/* Reports how the run of `name` compares; returns its exit status. */
static int check_report(const char *name, const struct sim_program *prog,
                        const struct sim_loop *loop, const struct ui_lines *out)
{
    struct ui_diff d;
    size_t which = closest(prog, out, &d);
    if (which == SIZE_MAX - 1) {
        ui_error("%s: %s", name, sim_strerror(SIM_ENOMEM));
        return UI_EXIT_USAGE;
    }
    if (which != SIZE_MAX) {
        print_mismatch(name, prog, which, &d, out);
        ui_diff_finish(&d);
        return UI_EXIT_FAIL;
    }
    if (sim_loop_outcome(loop) == SIM_OUTCOME_MAX_CALLBACKS) {
        printf("FAIL  %s: stopped by max_callbacks = %llu: a runaway scenario?\n", name,
               (unsigned long long)prog->config.max_callbacks);
        return UI_EXIT_FAIL;
    }
    if (!prog->has_expect && prog->expect_any_count == 0) {
        printf("valid %s (no expectation)\n", name);
    } else {
        printf("ok    %s\n", name);
    }
    return UI_EXIT_OK;
}

/* The outputs of `races` as the JSON of an `expect_any`, on stderr. */
static void print_expect_any(const struct sim_races *r)
{
    fputs("  \"expect_any\": [", stderr);
    for (size_t i = 0; i < r->output_count; i++) {
        struct ui_buf b;
        ui_buf_init(&b);
        ui_buf_puts(&b, i == 0 ? "[" : ", [");
        for (size_t j = 0; j < r->outputs[i].line_count; j++) {
            ui_buf_puts(&b, j == 0 ? "" : ", ");
            ui_buf_json_string(&b, r->outputs[i].lines[j]);
        }
        ui_buf_putc(&b, ']');
        ui_buf_write(&b, stderr);
        ui_buf_finish(&b);
    }
    fputs("]\n", stderr);
}

/*
 * A scenario that states `expect` and whose run met a choice point: when the exploration finds
 * more than one output, a warning on stderr suggests `expect_any` with all of them. The status
 * stays what the comparison said.
 */
static void warn_if_racy(const char *name, const struct sim_program *prog,
                         const struct sim_loop *loop)
{
    if (!prog->has_expect || sim_loop_choice_count(loop) == 0) {
        return;
    }
    int err = 0;
    struct sim_races *r = sim_races_explore(prog, NULL, &err);
    if (r == NULL) {
        ui_error("%s: the exploration of its races failed: %s", name, sim_strerror(err));
        return;
    }
    if (r->output_count > 1) {
        fflush(stdout);
        fprintf(stderr, "loopsim: warning: %s: it states `expect`, but real Node may print "
                        "%zu outputs (loopsim races %s); state them all as `expect_any`:\n",
                name, r->output_count, name);
        print_expect_any(r);
    }
    sim_races_destroy(r);
}

/* Runs `prog` and compares its output; returns the exit status for this scenario. */
static int check_program(const char *name, const struct sim_program *prog)
{
    struct ui_lines out = {NULL, 0, 0};
    struct sim_loop *loop = sim_loop_create(prog);
    int rc = loop != NULL ? sim_loop_set_choices(loop, NULL, NULL, 0) : -SIM_ENOMEM;
    if (rc == 0) {
        rc = sim_loop_run(loop, ui_lines_sink, &out);
    }
    int status;
    if (rc != 0) {
        ui_error("%s: the simulation failed: %s", name, sim_strerror(rc));
        status = UI_EXIT_USAGE;
    } else {
        status = check_report(name, prog, loop, &out);
        warn_if_racy(name, prog, loop);
    }
    sim_loop_destroy(loop);
    ui_lines_finish(&out);
    return status;
}

/*
 * Is this the format's JSON Schema (scenarios/schema.json), whose first key is "$schema"? It
 * lives beside the scenarios, so checking every scenarios/ file meets it and passes over it.
 */
static bool is_json_schema(const char *buf, size_t len)
{
    static const char key[] = "\"$schema\"";
    size_t i = 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r')) {
        i++;
    }
    if (i >= len || buf[i++] != '{') {
        return false;
    }
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r')) {
        i++;
    }
    return len - i >= sizeof(key) - 1 && memcmp(buf + i, key, sizeof(key) - 1) == 0;
}

/* Checks the scenario in `src`, called `name` on the terminal; returns its exit status. */
static int check_source(struct ui_source *src, const char *name, const struct sim_overrides *ov)
{
    if (is_json_schema(src->data, src->size)) {
        printf("skip  %s (the JSON Schema of the format, not a scenario)\n", name);
        return UI_EXIT_OK;
    }
    struct sim_program *prog = ui_source_load(src, ov);
    int status = prog != NULL ? check_program(name, prog) : UI_EXIT_USAGE;
    sim_program_destroy(prog);
    return status;
}

/* Checks one scenario; returns its exit status. */
static int check_one(const char *arg, const struct sim_overrides *ov)
{
    struct ui_source src;
    int status = ui_source_open(&src, arg, NULL, 0);
    if (status != 0) {
        return status;
    }
    /* The name goes to the terminal in every line about the scenario: escape it once. */
    struct ui_buf name;
    ui_buf_init(&name);
    ui_buf_puts_term(&name, src.name);
    ui_buf_putc(&name, '\0');
    if (name.oom) {
        ui_error("%s", sim_strerror(SIM_ENOMEM));
        status = UI_EXIT_USAGE;
    } else {
        status = check_source(&src, name.data, ov);
    }
    ui_buf_finish(&name);
    ui_source_finish(&src);
    return status;
}

int ui_check(const struct ui_args *args)
{
    int worst = UI_EXIT_OK;
    for (size_t i = 0; i < args->scenario_count; i++) {
        /* Flush so that ok/FAIL lines and stderr's diagnostics come out in order. */
        int status = check_one(args->scenarios[i], &args->overrides);
        fflush(stdout);
        worst = status > worst ? status : worst;
    }
    return worst;
}
