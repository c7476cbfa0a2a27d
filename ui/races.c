/*
 * races.c - `loopsim races SCENARIO`: every console output real Node may print, found by the
 * engine's exploration of its choice points (sim_races_explore, docs/races.md), each with the
 * choices that lead to it and how to pin the order. Printing only: the engine finds them.
 *
 *     timeout-vs-immediate-in-main: 2 outputs, 2 runs, 1 choice point
 *
 *     output 1 (the default, 1 of 2 runs):
 *         immediate
 *         timeout
 *       when: at 0.04 ms, before event 9 (start-up): the loop read its clock ...
 *
 * With --format jsonl, one JSON object per distinct output: {"output": [...], "choices":
 * [...], "default": true|false, "runs": N}; the exploration's summary goes to stderr when it
 * left choice points untried.
 */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "source.h"
#include "ui.h"

enum {
    SENTENCE_MAX = 512,
    CHOICES_SHOWN = 8,          /* the choices of one output the text format lists */
};

/* The choice point `c` as the text format says it: "at T ms, before event N (KIND): ...". */
static void put_choice_text(struct ui_buf *b, const struct sim_choice *c)
{
    char sentence[SENTENCE_MAX];
    sim_choice_sentence(c, c->taken, sentence, sizeof sentence);
    ui_buf_puts(b, "at ");
    ui_buf_ms(b, c->time_ns);
    ui_buf_puts(b, " ms, before event ");
    ui_buf_u64(b, c->event_seq);
    ui_buf_puts(b, " (");
    ui_buf_puts(b, sim_choice_name(c->kind));
    ui_buf_puts(b, "): ");
    ui_buf_puts(b, sentence);
}

/* One output in the text format. */
static void put_output_text(struct ui_buf *b, const struct sim_races *r, size_t i)
{
    const struct sim_race_output *o = &r->outputs[i];
    ui_buf_puts(b, "\noutput ");
    ui_buf_u64(b, i + 1);
    ui_buf_puts(b, o->is_default ? " (the default, " : " (");
    ui_buf_u64(b, o->runs);
    ui_buf_puts(b, " of ");
    ui_buf_u64(b, r->runs);
    ui_buf_puts(b, r->runs == 1 ? " run):\n" : " runs):\n");
    for (size_t j = 0; j < o->line_count; j++) {
        ui_buf_puts(b, "    ");
        ui_buf_puts_term(b, o->lines[j]);
        ui_buf_putc(b, '\n');
    }
    if (o->line_count == 0) {
        ui_buf_puts(b, "    (nothing)\n");
    }
    for (size_t j = 0; j < o->choice_count && j < CHOICES_SHOWN; j++) {
        ui_buf_puts(b, j == 0 ? "  when: " : "  and:  ");
        put_choice_text(b, &o->choices[j]);
        ui_buf_putc(b, '\n');
    }
    if (o->choice_count > CHOICES_SHOWN) {
        ui_buf_puts(b, "  and:  ");
        ui_buf_u64(b, o->choice_count - CHOICES_SHOWN);
        ui_buf_puts(b, " more choice points (--format jsonl lists them all)\n");
    }
    if (o->is_default && o->choice_count == 0) {
        ui_buf_puts(b, "  when: always (the run met no choice point)\n");
    }
    if (!o->is_default && o->choice_count > 0) {
        ui_buf_puts(b, "  pin:  ");
        ui_buf_puts(b, sim_choice_pin(o->choices[o->choice_count - 1].kind));
        ui_buf_putc(b, '\n');
    }
}

/* What the budget left untried, in the text format. */
static void put_open_text(struct ui_buf *b, const struct sim_races *r)
{
    if (r->open_count > 0) {
        ui_buf_puts(b, "\nnot covered: the budget of ");
        ui_buf_u64(b, r->budget);
        ui_buf_puts(b, " runs ran out before the other alternative of:\n");
    }
    for (size_t i = 0; i < r->open_count;) {
        /* A run of points of one kind is one line: the first, and how many follow it. */
        size_t j = i + 1;
        uint64_t runs = r->open[i].runs_behind;
        while (j < r->open_count && r->open[j].at.kind == r->open[i].at.kind) {
            runs += r->open[j++].runs_behind;
        }
        ui_buf_puts(b, "  ");
        put_choice_text(b, &r->open[i].at);
        if (j - i > 1) {
            ui_buf_puts(b, "; and ");
            ui_buf_u64(b, j - i - 1);
            ui_buf_puts(b, " more of this kind");
        }
        ui_buf_puts(b, " [");
        ui_buf_u64(b, runs);
        ui_buf_puts(b, runs == 1 ? " run]\n" : " runs]\n");
        i = j;
    }
    if (r->unrecorded > 0) {
        ui_buf_puts(b, "not covered: ");
        ui_buf_u64(b, r->unrecorded);
        ui_buf_puts(b, " choice points past the first ");
        ui_buf_u64(b, SIM_MAX_CHOICES);
        ui_buf_puts(b, " of a run\n");
    }
}

static void put_text(struct ui_buf *b, const char *name, const struct sim_races *r)
{
    ui_buf_puts_term(b, name);
    ui_buf_puts(b, ": ");
    ui_buf_u64(b, r->output_count);
    ui_buf_puts(b, r->output_count == 1 ? " output, " : " outputs, ");
    ui_buf_u64(b, r->runs);
    ui_buf_puts(b, r->runs == 1 ? " run, " : " runs, ");
    ui_buf_u64(b, r->choice_points);
    ui_buf_puts(b, r->choice_points == 1 ? " choice point met\n" : " choice points met\n");
    for (size_t i = 0; i < r->output_count; i++) {
        put_output_text(b, r, i);
    }
    put_open_text(b, r);
}

/* A choice point as a JSON object. */
static void put_choice_json(struct ui_buf *b, const struct sim_choice *c)
{
    char sentence[SENTENCE_MAX];
    sim_choice_sentence(c, c->taken, sentence, sizeof sentence);
    ui_buf_puts(b, "{\"kind\":");
    ui_buf_json_string(b, sim_choice_name(c->kind));
    ui_buf_puts(b, ",\"alternative\":");
    ui_buf_u64(b, c->taken);
    ui_buf_puts(b, ",\"time_ns\":");
    ui_buf_u64(b, c->time_ns);
    ui_buf_puts(b, ",\"event\":");
    ui_buf_u64(b, c->event_seq);
    ui_buf_puts(b, ",\"when\":");
    ui_buf_json_string(b, sentence);
    ui_buf_puts(b, ",\"pin\":");
    ui_buf_json_string(b, sim_choice_pin(c->kind));
    ui_buf_putc(b, '}');
}

static void put_jsonl(struct ui_buf *b, const struct sim_races *r)
{
    for (size_t i = 0; i < r->output_count; i++) {
        const struct sim_race_output *o = &r->outputs[i];
        ui_buf_puts(b, "{\"output\":[");
        for (size_t j = 0; j < o->line_count; j++) {
            ui_buf_puts(b, j == 0 ? "" : ",");
            ui_buf_json_string(b, o->lines[j]);
        }
        ui_buf_puts(b, "],\"choices\":[");
        for (size_t j = 0; j < o->choice_count; j++) {
            ui_buf_puts(b, j == 0 ? "" : ",");
            put_choice_json(b, &o->choices[j]);
        }
        ui_buf_puts(b, o->is_default ? "],\"default\":true,\"runs\":" : "],\"default\":false,"
                                                                        "\"runs\":");
        ui_buf_u64(b, o->runs);
        ui_buf_puts(b, "}\n");
    }
}

/* The races of one loaded program, printed as the args ask. */
static int races_program(const void *ctx, const char *name, const struct sim_program *prog)
{
    const struct ui_args *args = ctx;
    struct sim_races_options opt = args->races;
    int err = 0;
    struct sim_races *r = sim_races_explore(prog, &opt, &err);
    if (r == NULL) {
        ui_error("%s: the exploration failed: %s", name, sim_strerror(err));
        return UI_EXIT_USAGE;
    }
    struct ui_buf b;
    ui_buf_init(&b);
    bool jsonl = args->printer != NULL && strcmp(args->printer->name, "jsonl") == 0;
    if (jsonl) {
        put_jsonl(&b, r);
    } else {
        put_text(&b, name, r);
    }
    if (jsonl && (r->open_count > 0 || r->unrecorded > 0)) {
        fprintf(stderr, "loopsim: note: %s: the budget of %u runs left %zu choice points untried"
                        " (the text format lists them)\n",
                name, r->budget, r->open_count + (r->unrecorded > 0 ? 1 : 0));
    }
    int status = ui_buf_write(&b, stdout) == 0 ? UI_EXIT_OK : UI_EXIT_USAGE;
    ui_buf_finish(&b);
    sim_races_destroy(r);
    return status;
}

int ui_races(const struct ui_args *args)
{
    return ui_source_with(args->scenarios[0], &args->overrides, false, races_program, args);
}
