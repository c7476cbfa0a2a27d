/*
 * lines.c - what a run printed, line by line (lines.h).
 */
#include "lines.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

int ui_lines_sink(void *p, const struct sim_event *ev)
{
    struct ui_lines *out = p;
    if (ev->kind != SIM_EVENT_LOG || ev->text == NULL) {
        return 0;
    }
    if (!ui_array_grow((void **)&out->lines, &out->cap, out->count, sizeof(*out->lines))) {
        return -SIM_ENOMEM;
    }
    out->lines[out->count] = strdup(ev->text);
    return out->lines[out->count++] != NULL ? 0 : -SIM_ENOMEM;
}

void ui_lines_finish(struct ui_lines *out)
{
    if (out == NULL) {
        return;
    }
    for (size_t i = 0; i < out->count; i++) {
        free(out->lines[i]);
    }
    free(out->lines);
    out->lines = NULL;
    out->count = 0;
    out->cap = 0;
}
