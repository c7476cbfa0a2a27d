/*
 * builtin.h - the scenarios compiled into the binary: every .json file in scenarios/, by file name.
 *
 * The table is generated at build time by scenarios/embed.py (see scenarios/meson.build);
 * "default" comes first, the rest by name.
 */
#ifndef UI_BUILTIN_H
#define UI_BUILTIN_H

#include <stddef.h>

struct ui_builtin {
    const char *name;           /* the file name without .json */
    const char *data;           /* the file's bytes (not NUL-terminated) */
    size_t size;
};

extern const struct ui_builtin ui_builtins[];
extern const size_t ui_builtin_count;

#endif
