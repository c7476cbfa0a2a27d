/*
 * builtin.h - the scenarios compiled into the binary: every scenario file of scenarios/ and
 * every exercise of scenarios/exercises/, by file name. A built-in is a JSON scenario
 * (NAME.json) or a JavaScript program (NAME.js, or NAME.mjs for an ES module); either is run by
 * its NAME. An exercise is a JavaScript program with a level, a prompt and hints
 * (docs/js-input.md, Exercises), its answer computed by the engine.
 *
 * The table is generated at build time by scenarios/embed.py (see scenarios/meson.build);
 * "default" comes first, the other scenarios by name, then the exercises by name.
 */
#ifndef UI_BUILTIN_H
#define UI_BUILTIN_H

#include <stdbool.h>
#include <stddef.h>

#include "sim.h"

/* What a scenario's bytes are, as its file's extension says (ui_source_language). */
enum ui_language { UI_LANG_JSON, UI_LANG_SCRIPT, UI_LANG_MODULE };

struct ui_builtin {
    const char *name;           /* the file name without its extension */
    const char *file;           /* the file's name in scenarios/ ("default.json"), or in
                                   scenarios/exercises/ for an exercise */
    enum ui_language language;
    bool exercise;              /* one of scenarios/exercises/ (its level, prompt and hints
                                   are in the loaded program's `exercise`) */
    const char *title;          /* a JavaScript program's header comment: its first line; NULL
                                   for JSON (the scenario's own "name") */
    const char *description;    /* the header's other lines (Markdown); NULL for JSON */
    const char *data;           /* the file's bytes (not NUL-terminated) */
    size_t size;
};

extern const struct ui_builtin ui_builtins[];
extern const size_t ui_builtin_count;

/*
 * The name of exercise level `level` (1 .. SIM_EXERCISE_LEVELS): "first steps", "intermediate",
 * "advanced", "expert"; NULL for any other number.
 */
const char *ui_level_name(int level);

/* The built-in scenario called `name`, or NULL. */
const struct ui_builtin *ui_builtin_find(const char *name);

/*
 * Loads `size` bytes of a scenario in `lang`, with `ov` applied (may be NULL). A JavaScript
 * program is told it was read from `file` (its __filename). Returns a program the caller owns,
 * or NULL with `diag` filled.
 */
struct sim_program *ui_program_load(const char *data, size_t size, enum ui_language lang,
                                    const char *file, const struct sim_overrides *ov,
                                    struct sim_diag *diag);

/*
 * Loads built-in `b` as its file in scenarios/ would load; a JavaScript one is also given the
 * title and description of its header comment (borrowed from the table), as a JSON scenario
 * has its own. Returns a program the caller owns, or NULL with `diag` filled.
 */
struct sim_program *ui_builtin_load(const struct ui_builtin *b, const struct sim_overrides *ov,
                                    struct sim_diag *diag);

#endif
