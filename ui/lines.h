/*
 * lines.h - what a run printed, line by line: the sink that keeps every console.log line of a
 * run, for the commands that compare outputs (check, compare).
 */
#ifndef UI_LINES_H
#define UI_LINES_H

#include <stddef.h>

#include "sim.h"

struct ui_lines {
    char **lines;               /* owned, each owned */
    size_t count;
    size_t cap;
};

/* A sim_sink: keeps a copy of every log line's text in the ui_lines `p`; 0, or -SIM_ENOMEM. */
int ui_lines_sink(void *p, const struct sim_event *ev);

/* Frees what the lines hold (the struct is the caller's); accepts NULL. */
void ui_lines_finish(struct ui_lines *out);

#endif
