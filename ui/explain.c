/*
 * explain.c - `loopsim explain SCENARIO`: runs a scenario (JSON, JavaScript or a built-in, as
 * `trace` finds it) through the narrator (printers/narrator.c), which tells the run in plain
 * English or Markdown, streaming.
 */
#include "commands.h"

#include "narrator.h"
#include "source.h"
#include "ui.h"

/* Narrates `prog` with a narrator of its own, choice points recorded. */
static int explain_program(const void *ctx, const char *name, const struct sim_program *prog)
{
    const struct ui_args *args = ctx;
    struct narrator *n = narrator_create();
    if (n == NULL) {
        ui_error("%s: %s", name, sim_strerror(SIM_ENOMEM));
        return UI_EXIT_USAGE;
    }
    struct ui_trace_with with = {
        .printer = args->explain != NULL ? args->explain : &printer_explain_text,
        .state = n,
        .record_choices = true,
    };
    int status = ui_trace_run(args, &with, name, prog);
    narrator_destroy(n);
    return status;
}

int ui_explain(const struct ui_args *args)
{
    return ui_source_with(args->scenarios[0], &args->overrides, false, explain_program, args);
}
