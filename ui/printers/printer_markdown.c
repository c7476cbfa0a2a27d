/*
 * printer_markdown.c - the trace as a GitHub Markdown table, one row per event, for docs:
 *
 *     | time (ms) | iteration | phase | event | callback | output | why |
 *     |---:|---:|---|---|---|---|---|
 *     | 0.000 | 0 | main | callback | main |  | CommonJS entry: the main script runs ... |
 *
 * then a line saying how the run ended. With --brief only the callback and log rows are kept.
 * Every cell that quotes the scenario is escaped (md_escape) so that no label can end a cell,
 * start a tag or turn into emphasis or a link. The rows stream: nothing is kept between events.
 */
#include "printer.h"

/*
 * Appends `len` bytes as the text of one table cell: `|`, the backslash and Markdown's inline
 * punctuation are backslash-escaped, `<`, `>` and `&` become entities (no HTML gets through), a
 * newline becomes <br> (a row is one line) and other control characters a space.
 */
static void md_escape(struct ui_buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '|':
        case '\\':
        case '*':
        case '_':
        case '`':
        case '[':
        case ']':
        case '~':
            ui_buf_putc(b, '\\');
            ui_buf_putc(b, (char)c);
            break;
        case '<':
            ui_buf_puts(b, "&lt;");
            break;
        case '>':
            ui_buf_puts(b, "&gt;");
            break;
        case '&':
            ui_buf_puts(b, "&amp;");
            break;
        case '\n':
            ui_buf_puts(b, "<br>");
            break;
        default:
            ui_buf_putc(b, c < 0x20 || c == 0x7f ? ' ' : (char)c);
            break;
        }
    }
}

/* Appends " | " and the escaped string, if any. */
static void put_cell(struct ui_buf *b, const char *s)
{
    ui_buf_puts(b, " | ");
    if (s != NULL) {
        md_escape(b, s, strlen(s));
    }
}

static int markdown_begin(struct printer_ctx *ctx)
{
    ui_buf_puts(&ctx->line, "| time (ms) | iteration | phase | event | callback | output | why |\n"
                            "|---:|---:|---|---|---|---|---|\n");
    return printer_line_done(ctx);
}

/* Whether `ev` has a row: every event, or with --brief only callbacks and logs. */
static bool has_row(const struct printer_ctx *ctx, const struct sim_event *ev)
{
    return !ctx->brief || ev->kind == SIM_EVENT_CALLBACK || ev->kind == SIM_EVENT_LOG;
}

static int markdown_event(struct printer_ctx *ctx, const struct sim_event *ev)
{
    if (!has_row(ctx, ev)) {
        return 0;
    }
    struct ui_buf *b = &ctx->line;
    ui_buf_puts(b, "| ");
    ui_buf_ms(b, ev->time_ns);
    ui_buf_puts(b, " | ");
    ui_buf_u64(b, ev->iteration);
    ui_buf_puts(b, " | ");
    printer_put_name(b, printer_phase(ctx, ev));
    ui_buf_puts(b, " | ");
    printer_put_name(b, printer_kind(ctx, ev));
    put_cell(b, ev->label);
    put_cell(b, ev->kind == SIM_EVENT_LOG ? ev->text : NULL);
    /* The sentence raw (it may quote the scenario), then escaped for the cell. */
    ctx->scratch.len = 0;
    ui_buf_reason(&ctx->scratch, ev);
    ui_buf_puts(b, " | ");
    md_escape(b, ctx->scratch.data, ctx->scratch.len);
    b->oom |= ctx->scratch.oom;
    ui_buf_puts(b, " |\n");
    return printer_line_done(ctx);
}

static int markdown_end(struct printer_ctx *ctx, const struct sim_loop *loop)
{
    struct ui_buf *b = &ctx->line;
    ctx->scratch.len = 0;
    printer_outcome_text(ctx, loop, &ctx->scratch);
    ui_buf_puts(b, "\nThe run ");
    md_escape(b, ctx->scratch.data, ctx->scratch.len);
    ui_buf_puts(b, " after ");
    ui_buf_u64(b, ctx->events);
    ui_buf_puts(b, " events and ");
    ui_buf_u64(b, ctx->callbacks);
    ui_buf_puts(b, " callbacks, at ");
    ui_buf_ms(b, ctx->time_ns);
    ui_buf_puts(b, " ms of virtual time.\n");
    b->oom |= ctx->scratch.oom;
    return printer_flush(ctx);
}

const struct printer printer_markdown = {
    .name = "markdown",
    .summary = "a GitHub Markdown table: time, iteration, phase, event, callback, output, why",
    .begin = markdown_begin,
    .event = markdown_event,
    .end = markdown_end,
};
