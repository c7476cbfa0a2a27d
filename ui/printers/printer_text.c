/*
 * printer_text.c - the human-readable trace: a header naming the scenario, one aligned line per
 * event, and a last line saying how the run ended.
 *
 *       time(ms)  iter  phase    event         label                 text -- why
 *          2.000     1  poll     callback      fs.stat#1             -- worker-pool job fini...
 *          2.000     1  check    log           -                     "immediate"
 *
 * What comes from the scenario (labels, texts, the file's name) has its control characters
 * escaped (ui_buf_put_term), log lines are quoted as JSON: a scenario cannot retitle, clear or
 * move about the terminal the trace is read on.
 *
 * The columns have fixed widths so the trace can stream; a label or an event longer than its
 * column pushes the rest of that one line to the right. A time or an iteration wider than its
 * column widens it from that line on (past 999,999 ms, past 99,999 iterations), so the numbers
 * never run together and the lines after it line up again.
 */
#include "printer.h"

#include <stdbool.h>

/* Where each column starts. */
enum {
    COL_TIME_END = 10,          /* the time is right-aligned to end here */
    COL_ITER_END = 16,          /* so is the iteration */
    COL_PHASE = 18,
    COL_EVENT = 27,
    COL_LABEL = 41,
    COL_TEXT = 63,
};

static int text_begin(struct printer_ctx *ctx)
{
    ctx->time_width = COL_TIME_END;
    ctx->iter_width = COL_ITER_END - COL_TIME_END;
    struct ui_buf *b = &ctx->line;
    ui_buf_puts(b, "loopsim trace of ");
    ui_buf_json_string(b, ctx->prog->name);
    ui_buf_puts(b, " (");
    ui_buf_puts_term(b, ctx->source);
    ui_buf_puts(b, ")\n");
    size_t start = b->len;
    ui_buf_put_right(b, "time(ms)", COL_TIME_END);
    ui_buf_put_right(b, "iter", COL_ITER_END - COL_TIME_END);
    ui_buf_pad_to(b, start + COL_PHASE);
    ui_buf_puts(b, "phase");
    ui_buf_pad_to(b, start + COL_EVENT);
    ui_buf_puts(b, "event");
    ui_buf_pad_to(b, start + COL_LABEL);
    ui_buf_puts(b, "label");
    ui_buf_pad_to(b, start + COL_TEXT);
    ui_buf_puts(b, "text -- why\n");
    return printer_line_done(ctx);
}

/*
 * The text column: a log line quoted, any other text as is, then a duration when there is one.
 * A text that is the reason's %S detail is left to the reason's sentence, which includes it.
 */
static void put_text(const struct printer_ctx *ctx, struct ui_buf *b, const struct sim_event *ev)
{
    bool in_reason = ctx->reason_quotes_text[printer_reason_index(ev)];
    bool text = ev->text != NULL && !in_reason;
    if (text && ev->kind == SIM_EVENT_LOG) {
        ui_buf_json_string(b, ev->text);
    } else if (text) {
        ui_buf_puts_term(b, ev->text);
    }
    if (ev->duration_ns != 0) {
        ui_buf_puts(b, text ? " for " : "for ");
        ui_buf_ms(b, ev->duration_ns);
        ui_buf_puts(b, " ms");
    }
}

/* Appends " -- " (or "-- " at the start of the column) and the reason, if it has one. */
static void put_reason(struct printer_ctx *ctx, struct ui_buf *b, const struct sim_event *ev,
                       bool column_empty)
{
    size_t before = b->len;
    ui_buf_puts(b, column_empty ? "-- " : " -- ");
    size_t mark = b->len;
    printer_put_why(ctx, b, ev);
    if (b->len == mark && !b->oom) {
        b->len = before;
    }
}

/* Appends the time and the iteration right-aligned, widening their columns when they must. */
static void put_clock(struct printer_ctx *ctx, struct ui_buf *b, const struct sim_event *ev)
{
    char num[UI_FMT_SIZE];
    size_t len = ui_fmt_ms(num, ev->time_ns);
    ctx->time_width = len > ctx->time_width ? len : ctx->time_width;
    ui_buf_put_right_n(b, num, len, ctx->time_width);
    len = ui_fmt_u64(num, ev->iteration);
    ctx->iter_width = len + 1 > ctx->iter_width ? len + 1 : ctx->iter_width;
    ui_buf_put_right_n(b, num, len, ctx->iter_width);
}

static int text_event(struct printer_ctx *ctx, const struct sim_event *ev)
{
    struct ui_buf *b = &ctx->line;
    put_clock(ctx, b, ev);
    /* Widened numbers shift the columns after them. */
    size_t start = b->len - COL_ITER_END;
    ui_buf_pad_to(b, start + COL_PHASE);
    printer_put_name(b, printer_phase(ctx, ev));
    ui_buf_pad_to(b, start + COL_EVENT);
    printer_put_name(b, printer_kind(ctx, ev));
    ui_buf_pad_to(b, start + COL_LABEL);
    ui_buf_puts_term(b, ev->label != NULL ? ev->label : "-");
    ui_buf_putc(b, ' ');
    ui_buf_pad_to(b, start + COL_TEXT);
    size_t text_at = b->len;
    put_text(ctx, b, ev);
    put_reason(ctx, b, ev, b->len == text_at);
    ui_buf_trim(b);
    ui_buf_putc(b, '\n');
    return printer_line_done(ctx);
}

static int text_end(struct printer_ctx *ctx, const struct sim_loop *loop)
{
    struct ui_buf *b = &ctx->line;
    ui_buf_puts(b, "end: ");
    ctx->scratch.len = 0;
    printer_outcome_text(ctx, loop, &ctx->scratch);
    ui_buf_put_term(b, ctx->scratch.data, ctx->scratch.len);
    b->oom |= ctx->scratch.oom;
    ui_buf_puts(b, " (");
    ui_buf_u64(b, ctx->events);
    ui_buf_puts(b, ctx->events == 1 ? " event, " : " events, ");
    ui_buf_u64(b, ctx->callbacks);
    ui_buf_puts(b, ctx->callbacks == 1 ? " callback, " : " callbacks, ");
    ui_buf_ms(b, ctx->time_ns);
    ui_buf_puts(b, " ms of virtual time)\n");
    return printer_flush(ctx);
}

const struct printer printer_text = {
    .name = "text",
    .summary = "one aligned line per event: time, iteration, phase, event, label, text, why",
    .begin = text_begin,
    .event = text_event,
    .end = text_end,
};
