/*
 * printer.c - the registry of trace formats, and what every format shares: the run context and
 * the sentence that says how a run ended.
 */
#include "printer.h"

#include <stdlib.h>
#include <string.h>

/* Every format, in the order --help lists them; text is the default. */
static const struct printer *const registry[] = {
    &printer_text,
    &printer_jsonl,
    &printer_logs,
    &printer_chrome,
    &printer_html,
    &printer_markdown,
    &printer_mermaid,
    &printer_svg,
};

const struct printer *printer_find(const char *name)
{
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++) {
        if (strcmp(registry[i]->name, name) == 0) {
            return registry[i];
        }
    }
    return NULL;
}

const struct printer *printer_at(size_t i)
{
    return i < sizeof registry / sizeof registry[0] ? registry[i] : NULL;
}

/* Measures every name the printers put per event, once; index COUNT is the tables' "?". */
static void measure_names(struct printer_ctx *ctx)
{
    for (int i = 0; i <= SIM_PHASE_COUNT; i++) {
        const char *name = sim_phase_name((enum sim_phase)i);
        ctx->phase[i] = (struct printer_name){name, strlen(name)};
    }
    for (int i = 0; i <= SIM_EVENT_COUNT; i++) {
        const char *name = sim_event_name((enum sim_event_kind)i);
        ctx->event[i] = (struct printer_name){name, strlen(name)};
    }
    for (int i = 0; i <= SIM_REASON_COUNT; i++) {
        const char *key = sim_reason_key((enum sim_reason)i);
        ctx->reason[i] = (struct printer_name){key, strlen(key)};
        ctx->reason_quotes_text[i] = strstr(sim_reason_text((enum sim_reason)i), "%S") != NULL;
    }
}

void printer_ctx_init(struct printer_ctx *ctx, FILE *fp, const char *source,
                      const struct sim_program *prog)
{
    ctx->fp = fp;
    ctx->source = source;
    ctx->prog = prog;
    ctx->loop = NULL;
    ctx->command_data = NULL;
    ui_buf_init(&ctx->line);
    ui_buf_init(&ctx->scratch);
    ui_buf_init(&ctx->stop_text);
    ctx->why = calloc(PRINTER_WHY_SLOTS, sizeof(*ctx->why)); /* NULL: no caching */
    measure_names(ctx);
    ctx->events = 0;
    ctx->callbacks = 0;
    ctx->time_ns = 0;
    ctx->time_width = 0;
    ctx->iter_width = 0;
    ctx->html_max_events = PRINTER_HTML_MAX_EVENTS;
    ctx->format_data = NULL;
    ctx->format_free = NULL;
    ctx->brief = false;
}

void printer_ctx_finish(struct printer_ctx *ctx)
{
    if (ctx == NULL) {
        return;
    }
    ui_buf_finish(&ctx->line);
    ui_buf_finish(&ctx->scratch);
    ui_buf_finish(&ctx->stop_text);
    if (ctx->format_free != NULL) {
        ctx->format_free(ctx->format_data);
        ctx->format_data = NULL;
    }
    if (ctx->why != NULL) {
        for (size_t i = 0; i < PRINTER_WHY_SLOTS; i++) {
            ui_buf_finish(&ctx->why[i].text);
            ui_buf_finish(&ctx->why[i].json);
        }
        free(ctx->why);
    }
}

enum { PRINTER_BATCH = 64 * 1024 };

int printer_line_done(struct printer_ctx *ctx)
{
    if (ctx->line.len < PRINTER_BATCH && !ctx->line.oom) {
        return 0;
    }
    return ui_buf_write(&ctx->line, ctx->fp);
}

int printer_flush(struct printer_ctx *ctx)
{
    return ui_buf_write(&ctx->line, ctx->fp);
}

/* The slot of the sentence of reason `r` with the arguments of `ev`. */
static size_t why_slot(size_t r, const struct sim_event *ev)
{
    uint64_t h = (uint64_t)r * 0x9E3779B97F4A7C15u;
    h ^= (uint64_t)ev->arg_a * 0xC2B2AE3D27D4EB4Fu;
    h ^= (uint64_t)ev->arg_b * 0x165667B19E3779F9u;
    return (size_t)(h >> 56) & (PRINTER_WHY_SLOTS - 1);
}

/*
 * The kept sentence of `ev`, formatted anew when its slot held another (and made a JSON literal
 * too when `json`); NULL when it cannot be kept (a %S template, an unknown reason, no memory).
 */
static const struct printer_why *kept_why(struct printer_ctx *ctx, const struct sim_event *ev,
                                          bool json)
{
    size_t r = printer_reason_index(ev);
    if (ctx->why == NULL || r == SIM_REASON_COUNT || ctx->reason_quotes_text[r]) {
        return NULL;
    }
    struct printer_why *w = &ctx->why[why_slot(r, ev)];
    if (!w->valid || w->reason != r || w->arg_a != ev->arg_a || w->arg_b != ev->arg_b) {
        w->text.len = 0;
        ui_buf_reason(&w->text, ev);
        w->reason = r;
        w->arg_a = ev->arg_a;
        w->arg_b = ev->arg_b;
        w->valid = !w->text.oom;
        w->json_valid = false;
    }
    if (w->valid && json && !w->json_valid) {
        w->json.len = 0;
        ui_buf_json_bytes(&w->json, w->text.data, w->text.len);
        w->json_valid = !w->json.oom;
    }
    return w->valid && (!json || w->json_valid) ? w : NULL;
}

void printer_put_why(struct printer_ctx *ctx, struct ui_buf *b, const struct sim_event *ev)
{
    const struct printer_why *w = kept_why(ctx, ev, false);
    if (w != NULL) {
        ui_buf_put(b, w->text.data, w->text.len);
        return;
    }
    /* The sentence quotes the event's text, which comes from the scenario. */
    ctx->scratch.len = 0;
    ui_buf_reason(&ctx->scratch, ev);
    ui_buf_put_term(b, ctx->scratch.data, ctx->scratch.len);
    b->oom |= ctx->scratch.oom;
}

void printer_put_why_json(struct printer_ctx *ctx, struct ui_buf *b, const struct sim_event *ev)
{
    const struct printer_why *w = kept_why(ctx, ev, true);
    if (w != NULL) {
        ui_buf_put(b, w->json.data, w->json.len);
        return;
    }
    ctx->scratch.len = 0;
    ui_buf_reason(&ctx->scratch, ev);
    ui_buf_json_bytes(b, ctx->scratch.data, ctx->scratch.len);
    b->oom |= ctx->scratch.oom;
}

void printer_ctx_note(struct printer_ctx *ctx, const struct sim_event *ev)
{
    ctx->events++;
    ctx->callbacks = ev->callbacks;
    ctx->time_ns = ev->time_ns;
    if (ev->kind == SIM_EVENT_STOP) {
        /* Event strings are borrowed until the next step: keep a copy for the summary. */
        ctx->stop_text.len = 0;
        if (ev->text != NULL) {
            ui_buf_puts(&ctx->stop_text, ev->text);
        }
    }
}

const char *printer_outcome_key(enum sim_outcome outcome)
{
    switch (outcome) {
    case SIM_OUTCOME_RUNNING:
        return "running";
    case SIM_OUTCOME_EXITED:
        return "exited";
    case SIM_OUTCOME_UNTIL:
        return "until";
    case SIM_OUTCOME_MAX_CALLBACKS:
        return "max-callbacks";
    case SIM_OUTCOME_FOREVER:
        return "forever";
    }
    return "?";
}

void printer_outcome_text(struct printer_ctx *ctx, const struct sim_loop *loop,
                          struct ui_buf *out)
{
    const struct sim_config *cfg = &ctx->prog->config;
    switch (sim_loop_outcome(loop)) {
    case SIM_OUTCOME_RUNNING:
        ui_buf_puts(out, "still running (the trace was cut short)");
        break;
    case SIM_OUTCOME_EXITED:
        ui_buf_puts(out, "exited with code ");
        ui_buf_i64(out, sim_loop_exit_code(loop));
        break;
    case SIM_OUTCOME_UNTIL:
        ui_buf_puts(out, "stopped at until_ms = ");
        ui_buf_ms(out, cfg->until_ns);
        ui_buf_puts(out, " ms");
        break;
    case SIM_OUTCOME_MAX_CALLBACKS:
        ui_buf_puts(out, "stopped by max_callbacks = ");
        ui_buf_u64(out, cfg->max_callbacks);
        ui_buf_puts(out, " (exit status 1)");
        break;
    case SIM_OUTCOME_FOREVER:
        ui_buf_puts(out, "waiting forever");
        if (ctx->stop_text.len != 0) {
            ui_buf_puts(out, ": ");
            ui_buf_put(out, ctx->stop_text.data, ctx->stop_text.len);
        }
        break;
    }
}

/* Appends `key` (its JSON punctuation included) and a number. */
static void put_key_u64(struct ui_buf *b, const char *key, uint64_t value)
{
    ui_buf_puts(b, key);
    ui_buf_u64(b, value);
}

static void put_string_or_null(struct ui_buf *b, const char *s)
{
    if (s != NULL) {
        ui_buf_json_string(b, s);
    } else {
        ui_buf_puts(b, "null");
    }
}

void printer_put_event_json(struct printer_ctx *ctx, struct ui_buf *b, const struct sim_event *ev,
                            bool time_ms)
{
    put_key_u64(b, "{\"seq\":", ev->seq);
    put_key_u64(b, ",\"time_ns\":", ev->time_ns);
    if (time_ms) {
        ui_buf_puts(b, ",\"time_ms\":");
        ui_buf_ms(b, ev->time_ns);
    }
    put_key_u64(b, ",\"iteration\":", ev->iteration);
    ui_buf_puts(b, ",\"phase\":\"");
    printer_put_name(b, printer_phase(ctx, ev));
    ui_buf_puts(b, "\",\"event\":\"");
    printer_put_name(b, printer_kind(ctx, ev));
    ui_buf_puts(b, "\",\"label\":");
    put_string_or_null(b, ev->label);
    ui_buf_puts(b, ",\"text\":");
    put_string_or_null(b, ev->text);
    ui_buf_puts(b, ",\"reason\":\"");
    printer_put_name(b, &ctx->reason[printer_reason_index(ev)]);
    ui_buf_puts(b, "\",\"why\":");
    printer_put_why_json(ctx, b, ev);
    put_key_u64(b, ",\"callbacks\":", ev->callbacks);
    /* The keys that only some events carry. */
    if (ev->stmt != SIM_NONE) {
        put_key_u64(b, ",\"stmt\":", ev->stmt);
    }
    if (ev->worker != 0) {
        put_key_u64(b, ",\"worker\":", ev->worker);
    }
    if (ev->duration_ns != 0) {
        put_key_u64(b, ",\"duration_ns\":", ev->duration_ns);
    }
    if (ev->arg_a != 0) {
        ui_buf_puts(b, ",\"arg_a\":");
        ui_buf_i64(b, ev->arg_a);
    }
    if (ev->arg_b != 0) {
        ui_buf_puts(b, ",\"arg_b\":");
        ui_buf_i64(b, ev->arg_b);
    }
    if (ev->cause != 0) {
        put_key_u64(b, ",\"cause\":", ev->cause);
    }
    ui_buf_putc(b, '}');
}
