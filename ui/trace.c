/*
 * trace.c - `loopsim trace`: runs a scenario to the end and hands every event of the engine's
 * stream to the chosen printer, streaming (a trace may have millions of events).
 */
#include "commands.h"

#include <errno.h>
#include <string.h>

#include "output.h"
#include "source.h"
#include "ui.h"

/* One run of a printer over a loop. */
struct trace_run {
    const struct printer *printer;
    struct printer_ctx ctx;
    int write_errno;            /* why the printer failed to write, or 0 */
    char stop_why[512];         /* the sentence of the `stop` event, if the run stopped */
};

/* The sink of sim_loop_run: every event goes to the printer, in the engine's order. */
static int trace_sink(void *p, const struct sim_event *ev)
{
    struct trace_run *run = p;
    printer_ctx_note(&run->ctx, ev);
    if (ev->kind == SIM_EVENT_STOP) {
        sim_event_reason(ev, run->stop_why, sizeof(run->stop_why));
    }
    if (run->printer->event(&run->ctx, ev) != 0) {
        run->write_errno = errno;
        return 1;
    }
    return 0;
}

/*
 * Prints the whole trace of `loop`. Returns 0, a negative SIM_E* from the engine, or 1 with
 * run->write_errno set when writing failed.
 */
static int print_trace(struct trace_run *run, struct sim_loop *loop)
{
    if (run->printer->begin(&run->ctx) != 0) {
        run->write_errno = errno;
        return 1;
    }
    int rc = sim_loop_run(loop, trace_sink, run);
    if (rc < 0) {
        printer_flush(&run->ctx); /* what was traced before the engine failed */
    } else if (rc == 0 && run->printer->end(&run->ctx, loop) != 0) {
        run->write_errno = errno;
        return 1;
    }
    return rc;
}

/* The exit status once the output is closed; says on stderr what went wrong. */
static int trace_status(const char *name, const struct ui_output *out, int sim_rc, int err,
                        const struct sim_loop *loop, const char *stop_why)
{
    if (sim_rc < 0) {
        ui_error("%s: the simulation failed: %s", name, sim_strerror(sim_rc));
        return UI_EXIT_USAGE;
    }
    if (err == EPIPE && out->path == NULL) {
        return UI_EXIT_OK; /* the reader went away (e.g. `| head`): stop quietly */
    }
    if (err != 0) {
        ui_error("%s: write error: %s", out->path != NULL ? out->path : "standard output",
                 strerror(err));
        return UI_EXIT_USAGE;
    }
    if (sim_loop_outcome(loop) == SIM_OUTCOME_MAX_CALLBACKS) {
        /* The bound that stopped it (callbacks, jobs, events, memory) and how to raise it. */
        ui_error("%s: %s (exit status 1)", name, stop_why);
        return UI_EXIT_FAIL;
    }
    return UI_EXIT_OK;
}

int ui_trace_run(const struct ui_args *args, const struct ui_trace_with *with, const char *name,
                 const struct sim_program *prog)
{
    struct sim_loop *loop = sim_loop_create(prog);
    if (loop == NULL || (with->record_choices && sim_loop_set_choices(loop, NULL, NULL, 0) != 0)) {
        sim_loop_destroy(loop);
        ui_error("%s: %s", name, sim_strerror(SIM_ENOMEM));
        return UI_EXIT_USAGE;
    }
    struct ui_output out;
    if (ui_output_open(&out, args->output) != 0) {
        sim_loop_destroy(loop);
        return UI_EXIT_USAGE;
    }
    struct trace_run run = {.printer = with->printer, .write_errno = 0, .stop_why = ""};
    printer_ctx_init(&run.ctx, out.fp, name, prog);
    run.ctx.loop = loop;
    if (args->html_max_events >= 0) {
        run.ctx.html_max_events = (uint64_t)args->html_max_events;
    }
    run.ctx.command_data = with->state;
    run.ctx.brief = args->brief;
    int rc = print_trace(&run, loop);
    int err = rc > 0 ? run.write_errno : 0;
    int close_err = ui_output_close(&out, rc == 0);
    int status =
        trace_status(name, &out, rc < 0 ? rc : 0, err != 0 ? err : close_err, loop, run.stop_why);
    printer_ctx_finish(&run.ctx);
    sim_loop_destroy(loop);
    return status;
}

/* Runs `prog` through the printer into the output the arguments name. */
static int trace_program(const void *ctx, const char *name, const struct sim_program *prog)
{
    const struct ui_args *args = ctx;
    struct ui_trace_with with = {.printer = args->printer, .state = NULL, .record_choices = false};
    return ui_trace_run(args, &with, name, prog);
}

int ui_trace(const struct ui_args *args)
{
    const char *arg = args->scenario_count != 0 ? args->scenarios[0] : "default";
    return ui_source_with(arg, &args->overrides, args->command == UI_CMD_RUN, trace_program,
                          args);
}
