/*
 * builtin.c - the built-in scenarios (builtin.h): finding one by name, and loading one, or any
 * scenario's bytes, in the language of its file.
 */
#include "builtin.h"

#include <stdio.h>
#include <string.h>

/* The names of the exercise levels, from 1 (first steps) to SIM_EXERCISE_LEVELS. */
static const char *const level_names[SIM_EXERCISE_LEVELS] = {
    "first steps", "intermediate", "advanced", "expert",
};

const char *ui_level_name(int level)
{
    return level >= 1 && level <= SIM_EXERCISE_LEVELS ? level_names[level - 1] : NULL;
}

const struct ui_builtin *ui_builtin_find(const char *name)
{
    for (size_t i = 0; i < ui_builtin_count; i++) {
        if (strcmp(ui_builtins[i].name, name) == 0) {
            return &ui_builtins[i];
        }
    }
    return NULL;
}

struct sim_program *ui_program_load(const char *data, size_t size, enum ui_language lang,
                                    const char *file, const struct sim_overrides *ov,
                                    struct sim_diag *diag)
{
    memset(diag, 0, sizeof *diag);
    if (lang == UI_LANG_JSON) {
        return sim_program_load(data, size, ov, diag);
    }
    struct sim_program *prog = sim_program_load_js(data, size, lang == UI_LANG_MODULE, ov, diag);
    if (prog != NULL && sim_program_set_file_name(prog, file) != 0) {
        sim_program_destroy(prog);
        prog = NULL;
        diag->code = -SIM_ENOMEM;
        snprintf(diag->message, sizeof(diag->message), "%s", sim_strerror(-SIM_ENOMEM));
    }
    return prog;
}

struct sim_program *ui_builtin_load(const struct ui_builtin *b, const struct sim_overrides *ov,
                                    struct sim_diag *diag)
{
    struct sim_program *prog = ui_program_load(b->data, b->size, b->language, b->file, ov, diag);
    if (prog != NULL && b->title != NULL) {
        /* Part of loading, before anyone reads the program: the JavaScript front end names
           every program "JavaScript program"; a built-in's header comment says more. */
        prog->name = b->title;
        prog->description = b->description;
    }
    return prog;
}
