/*
 * source.h - where a scenario comes from: a .json file or a built-in, read into memory, and
 * loaded into a program with every error reported on stderr.
 */
#ifndef UI_SOURCE_H
#define UI_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "builtin.h"
#include "sim.h"

/* A scenario's bytes and the name messages call it by. */
struct ui_source {
    const char *name;           /* borrowed: the path or built-in name as the user gave it */
    const char *data;           /* the bytes: owned when read from a file */
    size_t size;
    char *owned;                /* what ui_source_finish frees (the file's bytes), or NULL */
    const struct ui_builtin *builtin; /* the built-in `name` is, or NULL for a file */
};

/*
 * Finds and reads scenario `arg`: a path (it has a '/' or ends in ".json"), else a built-in
 * name, else a file of that name. `commands` (borrowed, may be NULL): the commands `arg` could
 * also have been a typo of, for the suggestion. Returns 0, or UI_EXIT_USAGE after printing
 * "loopsim: FILE: reason" on stderr. `arg` is borrowed for the life of `src`.
 */
int ui_source_open(struct ui_source *src, const char *arg, const char *const *commands,
                   size_t command_count);

/*
 * Reads all of file `path` ("-": standard input) into a new buffer the caller frees, refusing
 * a directory and more than `max` bytes. Returns 0, or an errno value (EFBIG past `max`).
 */
int ui_file_read(const char *path, size_t max, char **out, size_t *len);

/* A clear, lower-case reason for a failed open or read (ui_file_read's errno values). */
const char *ui_file_reason(int err);

/* The language a file's name says: .js and .cjs a script, .mjs a module, else JSON. */
enum ui_language ui_source_language(const char *name);

/* Frees what `src` owns; accepts NULL. */
void ui_source_finish(struct ui_source *src);

/*
 * Loads the scenario with `ov` applied. Returns a program the caller owns, or NULL after printing
 * the loader's diagnostic as "FILE:LINE:COL: error: PATH: MESSAGE" on stderr.
 */
struct sim_program *ui_source_load(const struct ui_source *src, const struct sim_overrides *ov);

/* What a command does with a program it loaded: returns an exit status. */
typedef int (*ui_program_fn)(const void *ctx, const char *name, const struct sim_program *prog);

/*
 * Opens and loads scenario `arg` with `ov` applied (errors on stderr), hands the program and the
 * name it goes by to `fn` with `ctx`, and frees both. With `maybe_command`, an unknown `arg` is
 * also offered the command names as suggestions. Returns fn's status, or UI_EXIT_USAGE.
 */
int ui_source_with(const char *arg, const struct sim_overrides *ov, bool maybe_command,
                   ui_program_fn fn, const void *ctx);

#endif
