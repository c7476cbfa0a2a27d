/*
 * ops.c - the format's tables, expanded from the rows of ops.h, and the names of a request's
 * jobs.
 */
#include "ops.h"

#include <stdio.h>

#include "program.h"

const struct sim_op_info sim_op_table[SIM_OP_COUNT] = {
#define X(e, ...) [SIM_OP_##e] = {__VA_ARGS__},
    SIM_OP_MAP(X)
#undef X
};

const struct sim_key_info sim_key_table[SIM_KEY_COUNT] = {
#define X(e, ...) [SIM_KEY_##e] = {__VA_ARGS__},
    SIM_KEY_MAP(X)
#undef X
};

const struct sim_key_info sim_config_key_table[SIM_CONFIG_COUNT] = {
#define X(e, ...) [SIM_CONFIG_##e] = {__VA_ARGS__},
    SIM_CONFIG_KEY_MAP(X)
#undef X
};

const struct sim_key_info sim_limit_key_table[SIM_LIMIT_COUNT] = {
#define X(e, ...) [SIM_LIMIT_##e] = {__VA_ARGS__},
    SIM_LIMIT_KEY_MAP(X)
#undef X
};

const struct sim_key_info sim_top_key_table[SIM_TOP_COUNT] = {
#define X(e, ...) [SIM_TOP_##e] = {__VA_ARGS__},
    SIM_TOP_KEY_MAP(X)
#undef X
};

_Static_assert(SIM_OP_COUNT <= 64, "an id's `names` is a 64-bit set of ops");
_Static_assert(SIM_KEY_COUNT <= 64, "an op's keys are a 64-bit set");
_Static_assert(offsetof(struct sim_stmt, has_times) != 0 &&
                   offsetof(struct sim_config, has_until) != 0,
               "an aux offset of 0 means none");

static const char *const family_names[] = {
#define X(e, name, what) name,
    SIM_FAMILY_MAP(X)
#undef X
};

static const char *const family_whats[] = {
#define X(e, name, what) what,
    SIM_FAMILY_MAP(X)
#undef X
};

static const char *const js_need_lines[] = {
#define X(e, line) line,
    SIM_JS_NEED_MAP(X)
#undef X
};

const char *sim_family_name(enum sim_family family)
{
    return (unsigned)family < SIM_FAMILY_COUNT ? family_names[family] : "?";
}

const char *sim_family_what(enum sim_family family)
{
    return (unsigned)family < SIM_FAMILY_COUNT ? family_whats[family] : "?";
}

const char *sim_js_need_line(enum sim_js_need need)
{
    return (unsigned)need < SIM_JS_NEED_COUNT ? js_need_lines[need] : "";
}

/* lib/fs.js readFile: open, fstat, one read per 512 KiB ("read 2/3" when there are more). */
static size_t read_step_name(uint32_t step, uint32_t steps, char *buf, size_t size)
{
    uint32_t reads = steps - 3;
    if (step == 1 || step == 2 || step == steps) {
        const char *name = step == 1 ? "open" : step == 2 ? "fstat" : "close";
        return (size_t)snprintf(buf, size, "%s", name);
    }
    if (reads > 1) {
        return (size_t)snprintf(buf, size, "read %u/%u", step - 2, reads);
    }
    return (size_t)snprintf(buf, size, "read");
}

size_t sim_op_step_name(enum sim_op op, uint32_t step, uint32_t steps, char *buf, size_t size)
{
    static const char *const write_steps[] = {"open", "write", "close"};
    enum sim_chain chain = (unsigned)op < SIM_OP_COUNT ? sim_op_table[op].chain : SIM_CHAIN_ONE;
    if (chain == SIM_CHAIN_READ && steps >= 4) {
        return read_step_name(step, steps, buf, size);
    }
    if (chain == SIM_CHAIN_WRITE && step >= 1 && step <= 3) {
        return (size_t)snprintf(buf, size, "%s", write_steps[step - 1]);
    }
    return (size_t)snprintf(buf, size, "job %u/%u", step, steps);
}
