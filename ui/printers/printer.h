/*
 * printer.h - the interface every trace format implements, and the registry of formats.
 *
 * A printer turns the engine's event stream into text: `begin` once, `event` for every event in
 * the order the engine produced it, `end` once the loop is done. Printers never decide or
 * re-derive an order; they only format what sim_loop_run hands them.
 */
#ifndef UI_PRINTER_H
#define UI_PRINTER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "sim.h"

/* A name from the engine's tables with its length, measured once per run. */
struct printer_name {
    const char *text;                   /* borrowed from sim/names.c */
    size_t len;
};

/*
 * A reason sentence with the arguments it was made from, kept so that a printer formats each
 * sentence once instead of once per event: events of one reason often repeat their arguments (a
 * thousand timers of one list, four workers taking jobs by turns). Only a reason whose template
 * has no %S (the event's text) is kept: its sentence depends on the arguments alone. The
 * sentences live in a small table indexed by a hash of reason and arguments; a sentence whose
 * slot another one takes is formatted again when it comes back.
 */
struct printer_why {
    struct ui_buf text;                 /* owned: the sentence */
    struct ui_buf json;                 /* owned: the same as a JSON string literal, once asked */
    int64_t arg_a;
    int64_t arg_b;
    size_t reason;
    bool valid;                         /* text holds the sentence of reason, arg_a, arg_b */
    bool json_valid;                    /* json holds it too */
};

/* Slots of the table of kept sentences (a power of two). */
enum { PRINTER_WHY_SLOTS = 256 };

/* What a printer writes to and what it has seen so far, for one run. */
struct printer_ctx {
    FILE *fp;                           /* borrowed: where the output goes */
    const char *source;                 /* borrowed: the scenario as the user named it */
    const struct sim_program *prog;     /* borrowed */
    const struct sim_loop *loop;        /* borrowed: the loop being traced; during `event` its
                                           state (sim_loop_state) is the state just after ev */
    struct ui_buf line;                 /* owned scratch space for one output line */
    struct ui_buf scratch;              /* owned scratch space for one field */
    struct ui_buf stop_text;            /* owned: the text of the last `stop` event */
    uint64_t events;                    /* events seen */
    uint64_t callbacks;                 /* callbacks run, from the last event */
    uint64_t time_ns;                   /* virtual time of the last event */
    struct printer_why *why;            /* owned: PRINTER_WHY_SLOTS kept sentences; NULL: none */
    void *command_data;                 /* borrowed: what the command hands its format (the
                                           narrator's state, narrator.h), or NULL */
    /* The names of phases, event kinds and reasons (their keys); the last of each is "?". */
    struct printer_name phase[SIM_PHASE_COUNT + 1];
    struct printer_name event[SIM_EVENT_COUNT + 1];
    struct printer_name reason[SIM_REASON_COUNT + 1];
    bool reason_quotes_text[SIM_REASON_COUNT + 1];  /* the template has %S */
    size_t time_width;                  /* text: the time column, widened by a wider time */
    size_t iter_width;                  /* text: the iteration column, likewise */
    uint64_t html_max_events;           /* html: the events the page holds at most; 0: all
                                           (--html-max-events) */
    void *format_data;                  /* owned by the format: its own state for the run */
    void (*format_free)(void *data);    /* frees format_data; printer_ctx_finish calls it */
    bool brief;                         /* markdown: only callback and log rows (--brief) */
};

/* The events an html page holds when --html-max-events is not given (docs/format-html.md). */
#define PRINTER_HTML_MAX_EVENTS 20000

/*
 * One output format. Each function returns 0, or -1 with errno set when writing failed (the run
 * then stops). Every pointer handed in is borrowed for the call.
 */
struct printer {
    const char *name;                   /* as given to --format */
    const char *summary;                /* one line for --help */
    int (*begin)(struct printer_ctx *ctx);
    int (*event)(struct printer_ctx *ctx, const struct sim_event *ev);
    int (*end)(struct printer_ctx *ctx, const struct sim_loop *loop);
};

extern const struct printer printer_text;
extern const struct printer printer_jsonl;
extern const struct printer printer_logs;
extern const struct printer printer_chrome;
extern const struct printer printer_html;
extern const struct printer printer_markdown;
extern const struct printer printer_mermaid;
extern const struct printer printer_svg;

/* The format called `name`, or NULL. */
const struct printer *printer_find(const char *name);

/* The i-th registered format (in --help order), or NULL past the last. */
const struct printer *printer_at(size_t i);

/* Sets up a context in caller memory for one run writing to `fp`. */
void printer_ctx_init(struct printer_ctx *ctx, FILE *fp, const char *source,
                      const struct sim_program *prog);

/*
 * Ends one event's output in ctx->line. Lines reach stdio in batches of 64 KiB: one fwrite per
 * batch instead of one per line. Returns 0, or -1 with errno set.
 */
int printer_line_done(struct printer_ctx *ctx);

/* Hands every batched line to stdio; the last call of a run. Returns 0, or -1 with errno. */
int printer_flush(struct printer_ctx *ctx);

/*
 * Appends the reason sentence of `ev` (struct printer_why: formatted once per arguments), for a
 * terminal: what it quotes of the scenario has its control characters escaped.
 */
void printer_put_why(struct printer_ctx *ctx, struct ui_buf *b, const struct sim_event *ev);

/* Appends the reason sentence of `ev` as a JSON string literal, likewise. */
void printer_put_why_json(struct printer_ctx *ctx, struct ui_buf *b, const struct sim_event *ev);

/*
 * Appends `ev` as the jsonl trace's JSON object (docs/trace-format.md): the keys every event
 * has, then those only some carry; `time_ms` only when asked (the html page leaves it out).
 */
void printer_put_event_json(struct printer_ctx *ctx, struct ui_buf *b, const struct sim_event *ev,
                            bool time_ms);

/* Appends a name measured in ctx. */
static inline void printer_put_name(struct ui_buf *b, const struct printer_name *name)
{
    ui_buf_put(b, name->text, name->len);
}

/* The measured names of `ev`, as sim_phase_name and the like spell them. */
static inline const struct printer_name *printer_phase(const struct printer_ctx *ctx,
                                                       const struct sim_event *ev)
{
    return &ctx->phase[(unsigned)ev->phase < SIM_PHASE_COUNT ? ev->phase : SIM_PHASE_COUNT];
}

static inline const struct printer_name *printer_kind(const struct printer_ctx *ctx,
                                                      const struct sim_event *ev)
{
    return &ctx->event[(unsigned)ev->kind < SIM_EVENT_COUNT ? ev->kind : SIM_EVENT_COUNT];
}

static inline size_t printer_reason_index(const struct sim_event *ev)
{
    return (unsigned)ev->reason < SIM_REASON_COUNT ? (size_t)ev->reason : SIM_REASON_COUNT;
}

/* Frees what the context owns; accepts NULL. */
void printer_ctx_finish(struct printer_ctx *ctx);

/* Records what every printer's summary needs from `ev`; the runner calls it before `event`. */
void printer_ctx_note(struct printer_ctx *ctx, const struct sim_event *ev);

/* A short name for how the run ended: "exited", "until", "max-callbacks", "forever". */
const char *printer_outcome_key(enum sim_outcome outcome);

/*
 * Appends one sentence saying how the run ended, e.g. "exited with code 0" or "stopped by
 * max_callbacks = 100 (exit status 1)"; shared by every format so they say the same. It may
 * quote the scenario (the text of a `stop` event): escape it for where it goes.
 */
void printer_outcome_text(struct printer_ctx *ctx, const struct sim_loop *loop,
                          struct ui_buf *out);

#endif
