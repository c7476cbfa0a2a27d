/*
 * dump.c - two commands left out of --help, for the documentation and its tests:
 *
 *     loopsim names         the engine's name tables (sim/names.h) as one JSON object: phases,
 *                           event kinds, reasons with their sentence templates and their
 *                           explanations, outcomes
 *     loopsim js SCENARIO   the program as JavaScript, its prelude included (render_js.c)
 *
 * docs/trace-format.md's list of reasons and tests/trace-schema.json's enums are checked
 * against `names`, so they cannot drift from the engine; every built-in's `js` must pass
 * `node --check`.
 */
#include "commands.h"

#include <stdio.h>

#include "buf.h"
#include "output.h"
#include "printer.h"
#include "render_js.h"
#include "source.h"
#include "ui.h"

/* `"key":[` then each name as a JSON string, then `]`. */
static void put_names(struct ui_buf *b, const char *key, const char *(*name)(int), int count)
{
    ui_buf_json_string(b, key);
    ui_buf_puts(b, ":[");
    for (int i = 0; i < count; i++) {
        ui_buf_puts(b, i > 0 ? "," : "");
        ui_buf_json_string(b, name(i));
    }
    ui_buf_puts(b, "]");
}

static const char *phase_name(int i)
{
    return sim_phase_name((enum sim_phase)i);
}

static const char *event_name(int i)
{
    return sim_event_name((enum sim_event_kind)i);
}

static const char *outcome_name(int i)
{
    return printer_outcome_key((enum sim_outcome)i);
}

static const char *queue_name(int i)
{
    return sim_queue_name((enum sim_queue)i);
}

/*
 * `"reasons":[{"key":..., "template":..., "explain":..., "queue":...}, ...]` in the table's
 * order; "queue" is the queue the callback of that reason waited in, or null.
 */
static void put_reasons(struct ui_buf *b)
{
    ui_buf_puts(b, "\"reasons\":[");
    for (int r = 0; r < SIM_REASON_COUNT; r++) {
        ui_buf_puts(b, r > 0 ? ",\n  {\"key\":" : "\n  {\"key\":");
        ui_buf_json_string(b, sim_reason_key((enum sim_reason)r));
        ui_buf_puts(b, ",\"template\":");
        ui_buf_json_string(b, sim_reason_text((enum sim_reason)r));
        ui_buf_puts(b, ",\"explain\":");
        ui_buf_json_string(b, sim_reason_explain((enum sim_reason)r));
        enum sim_queue q = sim_reason_queue((enum sim_reason)r);
        ui_buf_puts(b, ",\"queue\":");
        if (q < SIM_QUEUE_COUNT) {
            ui_buf_json_string(b, sim_queue_name(q));
        } else {
            ui_buf_puts(b, "null");
        }
        ui_buf_puts(b, "}");
    }
    ui_buf_puts(b, "]");
}

int ui_names(const struct ui_args *args)
{
    struct ui_buf b;
    ui_buf_init(&b);
    ui_buf_puts(&b, "{");
    put_names(&b, "phases", phase_name, SIM_PHASE_COUNT);
    ui_buf_puts(&b, ",\n");
    put_names(&b, "events", event_name, SIM_EVENT_COUNT);
    ui_buf_puts(&b, ",\n");
    put_names(&b, "outcomes", outcome_name, SIM_OUTCOME_FOREVER + 1);
    ui_buf_puts(&b, ",\n");
    put_names(&b, "queues", queue_name, SIM_QUEUE_COUNT);
    ui_buf_puts(&b, ",\n");
    put_reasons(&b);
    ui_buf_puts(&b, "}\n");
    int status = ui_output_stdout(&b);
    ui_buf_finish(&b);
    return status;
}

/* Renders `prog` with its prelude onto standard output. */
static int print_js(const void *ctx, const char *name, const struct sim_program *prog)
{
    struct render_js js;
    if (render_js(&js, prog, RENDER_JS_PRELUDE) < 0) {
        render_js_finish(&js);
        ui_error("%s: %s", name, sim_strerror(SIM_ENOMEM));
        return UI_EXIT_USAGE;
    }
    int status = ui_output_stdout(&js.text);
    render_js_finish(&js);
    return status;
}

int ui_js(const struct ui_args *args)
{
    return ui_source_with(args->scenarios[0], &args->overrides, false, print_js, NULL);
}
