/*
 * printer_logs.c - only what the program prints: the text of every `log` event, one line each,
 * exactly as `node` would print it (console.log adds the newline).
 */
#include "printer.h"

static int logs_begin(struct printer_ctx *ctx)
{
    return 0;
}

static int logs_event(struct printer_ctx *ctx, const struct sim_event *ev)
{
    if (ev->kind != SIM_EVENT_LOG || ev->text == NULL) {
        return 0;
    }
    struct ui_buf *b = &ctx->line;
    ui_buf_puts(b, ev->text);
    ui_buf_putc(b, '\n');
    return printer_line_done(ctx);
}

static int logs_end(struct printer_ctx *ctx, const struct sim_loop *loop)
{
    return printer_flush(ctx);
}

const struct printer printer_logs = {
    .name = "logs",
    .summary = "only the console.log output, one line each, as node prints it (= --logs)",
    .begin = logs_begin,
    .event = logs_event,
    .end = logs_end,
};
