/*
 * names.c - the name tables generated from names.h.
 */
#include "names.h"

#include <string.h>

static const char *const phase_names[] = {
#define X(e, name, what) name,
    SIM_PHASE_MAP(X)
#undef X
};

static const char *const phase_whats[] = {
#define X(e, name, what) what,
    SIM_PHASE_MAP(X)
#undef X
};

static const char *const event_names[] = {
#define X(e, name) name,
    SIM_EVENT_MAP(X)
#undef X
};

static const char *const reason_keys[] = {
#define X(e, key, queue, text, explain) key,
    SIM_REASON_MAP(X)
#undef X
};

static const char *const reason_texts[] = {
#define X(e, key, queue, text, explain) text,
    SIM_REASON_MAP(X)
#undef X
};

static const char *const reason_explains[] = {
#define X(e, key, queue, text, explain) explain,
    SIM_REASON_MAP(X)
#undef X
};

static const unsigned char reason_queues[] = {
#define X(e, key, queue, text, explain) SIM_QUEUE_##queue,
    SIM_REASON_MAP(X)
#undef X
};

static const char *const choice_names[] = {
#define X(e, name, first, second, pin) name,
    SIM_CHOICE_MAP(X)
#undef X
};

static const char *const choice_texts[][2] = {
#define X(e, name, first, second, pin) {first, second},
    SIM_CHOICE_MAP(X)
#undef X
};

static const char *const choice_pins[] = {
#define X(e, name, first, second, pin) pin,
    SIM_CHOICE_MAP(X)
#undef X
};

const char *sim_phase_name(enum sim_phase phase)
{
    return (unsigned)phase < SIM_PHASE_COUNT ? phase_names[phase] : "?";
}

const char *sim_phase_what(enum sim_phase phase)
{
    return (unsigned)phase < SIM_PHASE_COUNT ? phase_whats[phase] : "?";
}

const char *sim_op_name(enum sim_op op)
{
    return (unsigned)op < SIM_OP_COUNT ? sim_op_table[op].name : "?";
}

const char *sim_event_name(enum sim_event_kind kind)
{
    return (unsigned)kind < SIM_EVENT_COUNT ? event_names[kind] : "?";
}

const char *sim_reason_key(enum sim_reason reason)
{
    return (unsigned)reason < SIM_REASON_COUNT ? reason_keys[reason] : "?";
}

const char *sim_reason_text(enum sim_reason reason)
{
    return (unsigned)reason < SIM_REASON_COUNT ? reason_texts[reason] : "";
}

const char *sim_reason_explain(enum sim_reason reason)
{
    return (unsigned)reason < SIM_REASON_COUNT ? reason_explains[reason] : "";
}

const char *sim_choice_name(enum sim_choice_kind kind)
{
    return (unsigned)kind < SIM_CHOICE_COUNT ? choice_names[kind] : "?";
}

const char *sim_choice_text(enum sim_choice_kind kind, unsigned alt)
{
    return (unsigned)kind < SIM_CHOICE_COUNT && alt < 2 ? choice_texts[kind][alt] : "";
}

const char *sim_choice_pin(enum sim_choice_kind kind)
{
    return (unsigned)kind < SIM_CHOICE_COUNT ? choice_pins[kind] : "";
}

enum sim_queue sim_reason_queue(enum sim_reason reason)
{
    return (unsigned)reason < SIM_REASON_COUNT ? (enum sim_queue)reason_queues[reason]
                                               : SIM_QUEUE_COUNT;
}

const char *sim_strerror(int code)
{
    switch (code < 0 ? -code : code) {
    case 0:
        return "success";
#define X(e, v, msg) \
    case v:          \
        return msg;
        SIM_ERRNO_MAP(X)
#undef X
    default:
        return "unknown error";
    }
}

enum sim_op sim_op_lookup(const char *name)
{
    for (int op = 0; op < SIM_OP_COUNT; op++) {
        if (strcmp(sim_op_table[op].name, name) == 0) {
            return (enum sim_op)op;
        }
    }
    return SIM_OP_COUNT;
}
