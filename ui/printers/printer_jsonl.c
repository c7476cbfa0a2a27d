/*
 * printer_jsonl.c - the machine-readable trace: one JSON object per line and event, then a
 * final {"event":"end",...} object with the outcome and the counts.
 *
 *     {"seq":1,"time_ns":0,"time_ms":0.000,"iteration":0,"phase":"main","event":"log",
 *      "label":null,"text":"hello","reason":"main-script","why":"CommonJS entry: ...",
 *      "callbacks":0}
 *
 * Keys always present: seq, time_ns, time_ms, iteration, phase, event, label, text, reason,
 * why, callbacks. Present only when set: stmt, worker, duration_ns, arg_a, arg_b, cause.
 */
#include "printer.h"

/* Appends `key` (its JSON punctuation included) and a number. */
static void put_u64(struct ui_buf *b, const char *key, uint64_t value)
{
    ui_buf_puts(b, key);
    ui_buf_u64(b, value);
}

/* Appends what `field` holds as a JSON string and empties it. */
static void put_json_field(struct ui_buf *b, struct ui_buf *field)
{
    ui_buf_json_bytes(b, field->data, field->len);
    b->oom |= field->oom;
    field->len = 0;
}

static int jsonl_begin(struct printer_ctx *ctx)
{
    return 0;
}

static int jsonl_event(struct printer_ctx *ctx, const struct sim_event *ev)
{
    printer_put_event_json(ctx, &ctx->line, ev, true);
    ui_buf_putc(&ctx->line, '\n');
    return printer_line_done(ctx);
}

static int jsonl_end(struct printer_ctx *ctx, const struct sim_loop *loop)
{
    struct ui_buf *b = &ctx->line;
    enum sim_outcome outcome = sim_loop_outcome(loop);
    ui_buf_puts(b, "{\"event\":\"end\",\"outcome\":\"");
    ui_buf_puts(b, printer_outcome_key(outcome));
    ui_buf_puts(b, "\",\"exit_code\":");
    ui_buf_i64(b, sim_loop_exit_code(loop));
    ui_buf_puts(b, ",\"status\":");
    ui_buf_u64(b, outcome == SIM_OUTCOME_MAX_CALLBACKS ? 1 : 0);
    put_u64(b, ",\"events\":", ctx->events);
    put_u64(b, ",\"callbacks\":", ctx->callbacks);
    put_u64(b, ",\"time_ns\":", ctx->time_ns);
    ui_buf_puts(b, ",\"time_ms\":");
    ui_buf_ms(b, ctx->time_ns);
    ui_buf_puts(b, ",\"message\":");
    ctx->scratch.len = 0;
    printer_outcome_text(ctx, loop, &ctx->scratch);
    put_json_field(b, &ctx->scratch);
    ui_buf_puts(b, "}\n");
    return printer_flush(ctx);
}

const struct printer printer_jsonl = {
    .name = "jsonl",
    .summary = "one JSON object per event, then an \"end\" object with the outcome",
    .begin = jsonl_begin,
    .event = jsonl_event,
    .end = jsonl_end,
};
