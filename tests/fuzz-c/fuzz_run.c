/*
 * fuzz_run.c - a libFuzzer target: load, then simulate through every printer and the inspection
 * API (docs/fuzzing.md). For each input that loads, the loop runs once per trace format (text,
 * jsonl, logs) into /dev/null, and once more stepping by hand while the TUI's questions are
 * asked after every event: the state, every queue, the workers, what keeps the loop alive, the
 * reason's sentence; and clones and restores, checked to replay the same events. Each run is
 * cut at EVENT_BUDGET events (and max_callbacks at CALLBACK_BUDGET, a JavaScript callback's
 * instructions at INSTRUCTION_BUDGET), so one input costs a bounded amount of events and
 * instructions; a step that never reaches its next event is a finding in its own
 * right (a libFuzzer timeout). Built with FUZZ_JS (fuzz_js_run.c), the input is a JavaScript
 * program instead, compiled and run through the same printers and questions.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "printer.h"
#include "sim.h"

enum {
    EVENT_BUDGET = 20000,       /* events per run */
    CALLBACK_BUDGET = 5000,     /* max_callbacks of every run */
    INSTRUCTION_BUDGET = 200000, /* instructions a JavaScript callback may run (a busy wait of
                                    59 ms is 12 million, 6 s in this build) */
    ITEMS = 64,                 /* items asked of each queue */
    CLONE_EVERY = 997,          /* events between two clones (a prime: no phase lock-step) */
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The printers' sink: every event to the printer, until the budget runs out. */
struct print_run {
    const struct printer *printer;
    struct printer_ctx ctx;
};

static int print_sink(void *p, const struct sim_event *ev)
{
    struct print_run *run = p;
    printer_ctx_note(&run->ctx, ev);
    if (run->printer->event(&run->ctx, ev) != 0) {
        return 1;
    }
    return run->ctx.events >= EVENT_BUDGET;
}

/* Runs `prog` through printer `p` into `out`. */
static void print_program(const struct sim_program *prog, const struct printer *p, FILE *out)
{
    struct sim_loop *loop = sim_loop_create(prog);
    if (loop == NULL) {
        return;
    }
    struct print_run run = {.printer = p};
    printer_ctx_init(&run.ctx, out, "fuzz.json", prog);
    run.ctx.loop = loop;
    if (p->begin(&run.ctx) == 0 && sim_loop_run(loop, print_sink, &run) == 0) {
        p->end(&run.ctx, loop);
    }
    printer_flush(&run.ctx);
    printer_ctx_finish(&run.ctx);
    sim_loop_destroy(loop);
}

/* Asks the loop everything the TUI asks it, after event `ev`. */
static void inspect(const struct sim_loop *loop, const struct sim_event *ev)
{
    static struct sim_item items[ITEMS];
    static struct sim_worker workers[ITEMS];
    char text[512];
    struct sim_state st;
    sim_loop_state(loop, &st);
    for (int q = 0; q < SIM_QUEUE_COUNT; q++) {
        size_t n = sim_loop_queue(loop, (enum sim_queue)q, 0, items, ITEMS);
        size_t skip = st.queue_len[q] > 1 ? st.queue_len[q] - 1 : 0;
        if (n > ITEMS || sim_loop_queue(loop, (enum sim_queue)q, skip, items, ITEMS) > ITEMS) {
            __builtin_trap();
        }
    }
    if (sim_loop_workers(loop, workers, ITEMS) > ITEMS) {
        __builtin_trap();
    }
    sim_loop_alive_why(loop, text, sizeof text);
    sim_loop_alive_why(loop, text, 1);
    sim_event_reason(ev, text, sizeof text);
    sim_event_reason(ev, text, 8);
}

/* What identifies an event, to see a replay repeat it. */
struct mark {
    uint64_t seq;
    uint64_t time_ns;
    enum sim_event_kind kind;
    bool set;
};

static bool same_event(const struct mark *m, const struct sim_event *ev)
{
    return m->seq == ev->seq && m->time_ns == ev->time_ns && m->kind == ev->kind;
}

/*
 * Steps through `prog` by hand, inspecting after each event. Every CLONE_EVERY events it takes a
 * clone, and half-way to the next it restores the loop from it, as the TUI's step back does:
 * the event after the restore must be the one that came after the clone.
 */
static void step_program(const struct sim_program *prog)
{
    struct sim_loop *loop = sim_loop_create(prog);
    struct sim_loop *copy = NULL;
    struct mark after_copy = {0};
    bool restored = false;
    struct sim_event ev;
    for (uint64_t n = 1; loop != NULL && n <= EVENT_BUDGET; n++) {
        if (sim_loop_step(loop, &ev) != SIM_STEP_EVENT) {
            break;
        }
        inspect(loop, &ev);
        if (restored && !same_event(&after_copy, &ev)) {
            __builtin_trap(); /* a restored loop went another way */
        }
        if (!after_copy.set && copy != NULL) {
            after_copy = (struct mark){ev.seq, ev.time_ns, ev.kind, true};
        }
        restored = false;
        if (n % CLONE_EVERY == 0) {
            sim_loop_destroy(copy);
            copy = sim_loop_clone(loop);
            sim_loop_footprint(loop);
            after_copy.set = false;
        } else if (n % CLONE_EVERY == CLONE_EVERY / 2 && copy != NULL && after_copy.set) {
            if (sim_loop_restore(loop, copy) != 0) {
                break;
            }
            restored = true;
        }
    }
    if (loop != NULL) {
        sim_loop_outcome(loop);
        sim_loop_exit_code(loop);
    }
    sim_loop_destroy(copy);
    sim_loop_destroy(loop);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL) {
        abort();
    }
    struct sim_overrides ov;
    sim_overrides_init(&ov);
    ov.max_callbacks = CALLBACK_BUDGET;
    ov.vm_budget = INSTRUCTION_BUDGET;
    struct sim_diag diag;
#ifdef FUZZ_JS
    struct sim_program *prog =
        sim_program_load_js((const char *)data, size, false, &ov, &diag);
#else
    struct sim_program *prog = sim_program_load((const char *)data, size, &ov, &diag);
#endif
    if (prog == NULL) {
        return 0;
    }
    for (size_t i = 0; printer_at(i) != NULL; i++) {
#ifdef FUZZ_JS
        if (i > 0) {
            break; /* one printer: the JavaScript side is the interpreter, the same for all */
        }
#endif
        print_program(prog, printer_at(i), devnull);
    }
    step_program(prog);
    sim_program_destroy(prog);
    return 0;
}
