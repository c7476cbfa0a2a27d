/*
 * fuzz_load.c - a libFuzzer target: the loader on any bytes (docs/fuzzing.md). Whatever the
 * input, sim_program_load returns a program or fills its diagnostic, and never crashes, leaks
 * or reads out of bounds; with the command-line overrides applied too.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sim_diag diag;
    struct sim_program *prog = sim_program_load((const char *)data, size, NULL, &diag);
    bool said_why = diag.code != 0 && memchr(diag.message, '\0', sizeof diag.message) != NULL;
    if (prog == NULL && !said_why) {
        __builtin_trap(); /* a failure must say why, in a terminated message */
    }
    sim_program_destroy(prog);

    /* The same bytes with every command-line override set: they are validated like config. */
    struct sim_overrides ov;
    sim_overrides_init(&ov);
    ov.threadpool_size = 1;
    ov.entry = SIM_ENTRY_MODULE;
    ov.until_ms = 5;
    ov.max_callbacks = 100;
    for (int p = 0; p < SIM_PHASE_COUNT; p++) {
        ov.limits[p] = 1;
    }
    sim_program_destroy(sim_program_load((const char *)data, size, &ov, &diag));
    return 0;
}
