/*
 * check.c - `loopsim check`: loads each scenario, runs it, and compares what it prints with its
 * `expect` (exactly) or `expect_any` (any one of them).
 *
 * The comparison streams: every `log` event is matched against each accepted output as it
 * comes, so nothing is collected, and the run stops as soon as every accepted output has
 * diverged. One line per scenario:
 *
 *     ok    NAME
 *     FAIL  NAME: line K: expected "X", got "Y"
 *     valid NAME (no expectation)
 */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "source.h"
#include "ui.h"

/* How far one accepted output agrees with what the program printed. */
struct expect_track {
    const char *const *lines;   /* borrowed from the program */
    size_t count;
    size_t matched;             /* lines that agreed so far */
    bool diverged;              /* a printed line disagreed, or came after the last one */
    char *got;                  /* owned: the line that disagreed */
};

/* One scenario being checked. */
struct check_run {
    struct expect_track *tracks;
    size_t track_count;
    size_t live;                /* tracks that have not diverged */
};

/* Feeds one printed line to every track still agreeing; 0, or SIM_ENOMEM. */
static int check_line(struct check_run *run, const char *text)
{
    for (size_t i = 0; i < run->track_count; i++) {
        struct expect_track *t = &run->tracks[i];
        if (t->diverged) {
            continue;
        }
        if (t->matched < t->count && strcmp(t->lines[t->matched], text) == 0) {
            t->matched++;
            continue;
        }
        t->diverged = true;
        run->live--;
        t->got = strdup(text);
        if (t->got == NULL) {
            return SIM_ENOMEM;
        }
    }
    return 0;
}

/* The sink: log lines are compared; the run stops (1) once no accepted output is left. */
static int check_sink(void *p, const struct sim_event *ev)
{
    struct check_run *run = p;
    if (ev->kind != SIM_EVENT_LOG || ev->text == NULL) {
        return 0;
    }
    int rc = check_line(run, ev->text);
    if (rc != 0) {
        return rc;
    }
    return run->track_count != 0 && run->live == 0 ? 1 : 0;
}

/* Sets up one track per accepted output of `prog`; false when out of memory. */
static bool check_run_init(struct check_run *run, const struct sim_program *prog)
{
    size_t count = prog->has_expect ? 1 : prog->expect_any_count;
    run->tracks = calloc(count + 1, sizeof *run->tracks);
    run->track_count = run->tracks != NULL ? count : 0;
    run->live = run->track_count;
    if (run->tracks == NULL) {
        return false;
    }
    for (size_t i = 0; i < run->track_count; i++) {
        run->tracks[i].lines = prog->has_expect ? prog->expect : prog->expect_any[i].lines;
        run->tracks[i].count = prog->has_expect ? prog->expect_count : prog->expect_any[i].count;
    }
    return true;
}

/* Frees what the tracks own. */
static void check_run_finish(struct check_run *run)
{
    for (size_t i = 0; i < run->track_count; i++) {
        free(run->tracks[i].got);
    }
    free(run->tracks);
}

/* The accepted output that agreed longest (the first of equals), or NULL if one agreed fully. */
static const struct expect_track *closest_failure(const struct check_run *run)
{
    const struct expect_track *best = NULL;
    for (size_t i = 0; i < run->track_count; i++) {
        const struct expect_track *t = &run->tracks[i];
        if (!t->diverged && t->matched == t->count) {
            return NULL;
        }
        if (best == NULL || t->matched > best->matched) {
            best = t;
        }
    }
    return best;
}

/* Prints "FAIL  NAME: line K: expected ..., got ..." for the closest accepted output. */
static void print_mismatch(const char *name, const struct check_run *run,
                           const struct expect_track *t)
{
    struct ui_buf b;
    ui_buf_init(&b);
    ui_buf_puts(&b, "FAIL  ");
    ui_buf_puts(&b, name);
    ui_buf_puts(&b, ": line ");
    ui_buf_u64(&b, t->matched + 1);
    if (t->matched < t->count) {
        ui_buf_puts(&b, ": expected ");
        ui_buf_json_string(&b, t->lines[t->matched]);
    } else {
        ui_buf_puts(&b, ": expected no more output");
    }
    if (t->got != NULL) {
        ui_buf_puts(&b, ", got ");
        ui_buf_json_string(&b, t->got);
    } else {
        ui_buf_puts(&b, ", got no more output");
    }
    if (run->track_count > 1) {
        ui_buf_puts(&b, " (the closest of ");
        ui_buf_u64(&b, run->track_count);
        ui_buf_puts(&b, " accepted outputs)");
    }
    ui_buf_putc(&b, '\n');
    ui_buf_write(&b, stdout);
    ui_buf_finish(&b);
}

/* Reports how the run of `name` compares; returns its exit status. */
static int check_report(const char *name, const struct sim_program *prog,
                        const struct sim_loop *loop, const struct check_run *run)
{
    const struct expect_track *failed = closest_failure(run);
    if (failed != NULL) {
        print_mismatch(name, run, failed);
        return UI_EXIT_FAIL;
    }
    if (sim_loop_outcome(loop) == SIM_OUTCOME_MAX_CALLBACKS) {
        printf("FAIL  %s: stopped by max_callbacks = %llu: a runaway scenario?\n", name,
               (unsigned long long)prog->config.max_callbacks);
        return UI_EXIT_FAIL;
    }
    if (run->track_count == 0 && !prog->has_expect) {
        printf("valid %s (no expectation)\n", name);
    } else {
        printf("ok    %s\n", name);
    }
    return UI_EXIT_OK;
}

/* Runs `prog` and compares its output; returns the exit status for this scenario. */
static int check_program(const char *name, const struct sim_program *prog)
{
    struct check_run run;
    struct sim_loop *loop = check_run_init(&run, prog) ? sim_loop_create(prog) : NULL;
    int rc = loop != NULL ? sim_loop_run(loop, check_sink, &run) : SIM_ENOMEM;
    int status;
    if (rc < 0) {
        ui_error("%s: the simulation failed: %s", name, sim_strerror(rc));
        status = UI_EXIT_USAGE;
    } else {
        status = check_report(name, prog, loop, &run);
    }
    sim_loop_destroy(loop);
    check_run_finish(&run);
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

/* Checks one scenario; returns its exit status. */
static int check_one(const char *arg, const struct sim_overrides *ov)
{
    struct ui_source src;
    int status = ui_source_open(&src, arg, NULL, 0);
    if (status != 0) {
        return status;
    }
    if (is_json_schema(src.data, src.size)) {
        printf("skip  %s (the JSON Schema of the format, not a scenario)\n", src.name);
        ui_source_finish(&src);
        return UI_EXIT_OK;
    }
    struct sim_program *prog = ui_source_load(&src, ov);
    status = prog != NULL ? check_program(src.name, prog) : UI_EXIT_USAGE;
    sim_program_destroy(prog);
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
