/*
 * source.c - finding a scenario (file or built-in), reading it with clear errors, and loading it
 * with the loader's diagnostics formatted as "FILE:LINE:COL: error: PATH: MESSAGE".
 */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "builtin.h"
#include "ui.h"

const char *ui_file_reason(int err)
{
    switch (err) {
    case ENOENT:
        return "no such file";
    case EISDIR:
        return "is a directory, not a scenario file";
    case ENOTDIR:
        return "a part of the path is not a directory";
    case EACCES:
    case EPERM:
        return "permission denied (the file cannot be read)";
    case EFBIG:
        return "too large: a scenario may be at most 256 MiB (SIM_MAX_FILE_BYTES)";
    default:
        return strerror(err);
    }
}

/* Makes room for more bytes after `used`; false when out of memory. */
static bool grow(char **data, size_t *cap, size_t used)
{
    if (*data != NULL && used < *cap) {
        return true;
    }
    size_t ncap = *data == NULL ? *cap : *cap * 2;
    char *bigger = realloc(*data, ncap);
    if (bigger == NULL) {
        return false;
    }
    *data = bigger;
    *cap = ncap;
    return true;
}

/*
 * Reads all of `fd` into a new buffer the caller frees; `hint` is the expected size. Returns 0,
 * or an errno value (EFBIG past `max` bytes).
 */
static int read_all(int fd, size_t hint, size_t max, char **out, size_t *len)
{
    size_t cap = hint < 4096 ? 4096 : hint + 1; /* +1: the read that sees EOF needs room */
    size_t used = 0;
    char *data = NULL;
    int err = 0;
    for (;;) {
        if (!grow(&data, &cap, used)) {
            err = ENOMEM;
            break;
        }
        ssize_t n = read(fd, data + used, cap - used);
        if (n == 0) {
            *out = data;
            *len = used;
            return 0;
        }
        if (n < 0 && errno != EINTR) {
            err = errno;
            break;
        }
        used += n > 0 ? (size_t)n : 0;
        if (used > max) {
            err = EFBIG;
            break;
        }
    }
    free(data);
    return err;
}

/* Makes reads on `fd` wait for data again (pipes and terminals); false on failure. */
static bool clear_nonblock(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    return flags >= 0 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0;
}

/*
 * Opens without blocking (a FIFO with no writer must not hang us), refuses directories and
 * files known to be too large, then reads what is there.
 */
int ui_file_read(const char *path, size_t max, char **out, size_t *len)
{
    if (strcmp(path, "-") == 0) {
        return read_all(STDIN_FILENO, 0, max, out, len);
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return errno;
    }
    struct stat st;
    int err = 0;
    if (fstat(fd, &st) != 0) {
        err = errno;
    } else if (S_ISDIR(st.st_mode)) {
        err = EISDIR;
    } else if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
        err = EFBIG;
    } else if (!clear_nonblock(fd)) {
        err = errno;
    } else {
        size_t hint = S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
        err = read_all(fd, hint, max, out, len);
    }
    close(fd);
    return err;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t len = strlen(s);
    size_t n = strlen(suffix);
    return len >= n && strcmp(s + len - n, suffix) == 0;
}

/* What kind of program a file name says: JSON, CommonJS or an ES module. */
enum ui_language ui_source_language(const char *name)
{
    if (ends_with(name, ".mjs")) {
        return UI_LANG_MODULE;
    }
    if (ends_with(name, ".js") || ends_with(name, ".cjs")) {
        return UI_LANG_SCRIPT;
    }
    return UI_LANG_JSON;
}

/* A path if it looks like one; otherwise the name of a built-in is tried first. */
static bool looks_like_path(const char *arg)
{
    return strchr(arg, '/') != NULL || ends_with(arg, ".json") ||
           ui_source_language(arg) != UI_LANG_JSON;
}

/* Reports a word that is neither a built-in nor a file, with the closest name it may mean. */
static int report_unknown(const char *arg, const char *const *commands, size_t command_count)
{
    size_t count = command_count + ui_builtin_count;
    const char **names = malloc((count + 1) * sizeof *names);
    if (names == NULL) {
        ui_error("%s: %s", arg, strerror(ENOMEM));
        return UI_EXIT_USAGE;
    }
    for (size_t i = 0; i < command_count; i++) {
        names[i] = commands[i];
    }
    for (size_t i = 0; i < ui_builtin_count; i++) {
        names[command_count + i] = ui_builtins[i].name;
    }
    char message[512];
    snprintf(message, sizeof message,
             "'%s' is not %sa built-in scenario (see 'loopsim list') or a file", arg,
             commands != NULL ? "a command, " : "");
    ui_error_suggest(message, arg, names, count);
    free(names);
    return UI_EXIT_USAGE;
}

int ui_source_open(struct ui_source *src, const char *arg, const char *const *commands,
                   size_t command_count)
{
    src->name = arg;
    src->data = NULL;
    src->size = 0;
    src->owned = NULL;
    src->builtin = NULL;
    if (!looks_like_path(arg)) {
        const struct ui_builtin *b = ui_builtin_find(arg);
        if (b != NULL) {
            src->data = b->data;
            src->size = b->size;
            src->builtin = b;
            return 0;
        }
        if (access(arg, F_OK) != 0) {
            return report_unknown(arg, commands, command_count);
        }
    }
    int err = ui_file_read(arg, SIM_MAX_FILE_BYTES, &src->owned, &src->size);
    if (err != 0) {
        ui_error("%s: %s", arg, ui_file_reason(err));
        return UI_EXIT_USAGE;
    }
    src->data = src->owned;
    return 0;
}

void ui_source_finish(struct ui_source *src)
{
    if (src == NULL) {
        return;
    }
    free(src->owned);
    src->owned = NULL;
    src->data = NULL;
}

/* Prints a loader diagnostic: FILE:LINE:COL: error: PATH: MESSAGE, without the empty parts. */
static void print_diag(const char *name, const struct sim_diag *diag)
{
    fputs(name, stderr);
    if (diag->line != 0) {
        fprintf(stderr, ":%u:%u", (unsigned)diag->line, (unsigned)diag->col);
    }
    fputs(": error: ", stderr);
    if (diag->path[0] != '\0') {
        fprintf(stderr, "%s: ", diag->path);
    }
    fprintf(stderr, "%s\n", diag->message[0] != '\0' ? diag->message : sim_strerror(diag->code));
}

struct sim_program *ui_source_load(const struct ui_source *src, const struct sim_overrides *ov)
{
    struct sim_diag diag;
    struct sim_program *prog =
        src->builtin != NULL
            ? ui_builtin_load(src->builtin, ov, &diag)
            : ui_program_load(src->data, src->size, ui_source_language(src->name), src->name, ov,
                              &diag);
    if (prog == NULL) {
        print_diag(src->name, &diag);
    }
    return prog;
}

int ui_source_with(const char *arg, const struct sim_overrides *ov, bool maybe_command,
                   ui_program_fn fn, const void *ctx)
{
    struct ui_source src;
    int status = ui_source_open(&src, arg, maybe_command ? ui_command_names : NULL,
                                maybe_command ? ui_command_count : 0);
    if (status != 0) {
        return status;
    }
    struct sim_program *prog = ui_source_load(&src, ov);
    status = prog != NULL ? fn(ctx, src.name, prog) : UI_EXIT_USAGE;
    sim_program_destroy(prog);
    ui_source_finish(&src);
    return status;
}
