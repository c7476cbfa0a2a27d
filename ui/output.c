/*
 * output.c - standard output, or a file written safely: the trace goes to FILE.XXXXXX in FILE's
 * directory and is renamed onto FILE only when all of it was written, so a failed run never
 * leaves a half-written or clobbered FILE. A run stopped by SIGINT, SIGTERM or SIGHUP removes
 * the temporary file on its way out, and FILE stays as it was.
 */
#define _XOPEN_SOURCE 700 /* realpath() is XSI, beyond the project's _POSIX_C_SOURCE */

#include "output.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "ui.h"

/*
 * The printers hand the stream whole batches of 64 KiB (printer_line_done): a stdio buffer on
 * top would only copy every byte once more, so the stream gets none and each batch is one
 * write(2). A terminal keeps its line buffering.
 */
static void buffer_stream(struct ui_output *out)
{
    if (!isatty(fileno(out->fp))) {
        setvbuf(out->fp, NULL, _IONBF, 0);
    }
}

/*
 * The signals that stop a run from outside, and the temporary file to remove when one comes. A
 * process-wide static, as signal dispositions are: one output at a time has a temporary file.
 */
enum { STOP_SIGNALS = 3 };
static const int stop_signals[STOP_SIGNALS] = {SIGINT, SIGTERM, SIGHUP};
static const char *volatile doomed_path;
static struct sigaction saved_actions[STOP_SIGNALS];

/*
 * Removes the temporary file, then dies of the same signal (SA_RESETHAND has put the default
 * action back; the signal is delivered once the handler returns). unlink and raise are
 * async-signal-safe.
 */
static void remove_on_signal(int sig)
{
    const char *path = doomed_path;
    if (path != NULL) {
        unlink(path);
    }
    raise(sig);
}

/* The stop signals as a set. */
static void stop_set(sigset_t *set)
{
    sigemptyset(set);
    for (size_t i = 0; i < STOP_SIGNALS; i++) {
        sigaddset(set, stop_signals[i]);
    }
}

/*
 * From now on a stop signal removes `path` (borrowed until forget_on_signal). The caller blocks
 * the stop signals from before the file exists to after this call.
 */
static void remove_on_signals(const char *path)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = remove_on_signal;
    sa.sa_flags = SA_RESETHAND;
    stop_set(&sa.sa_mask);
    doomed_path = path;
    for (size_t i = 0; i < STOP_SIGNALS; i++) {
        sigaction(stop_signals[i], NULL, &saved_actions[i]);
        /* A signal ignored (nohup, a background job) stays ignored. */
        if (saved_actions[i].sa_handler != SIG_IGN) {
            sigaction(stop_signals[i], &sa, NULL);
        }
    }
}

/* Puts the signals back as they were; the temporary file is gone or renamed. */
static void forget_on_signal(void)
{
    if (doomed_path == NULL) {
        return;
    }
    for (size_t i = 0; i < STOP_SIGNALS; i++) {
        sigaction(stop_signals[i], &saved_actions[i], NULL);
    }
    doomed_path = NULL;
}

/* The mode a new FILE gets: what the umask allows. */
static mode_t new_file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* Creates the temporary file beside out->target, with `mode`; 0 or an errno value. */
static int open_temporary(struct ui_output *out, mode_t mode)
{
    size_t len = strlen(out->target);
    out->tmp_path = malloc(len + 8);
    if (out->tmp_path == NULL) {
        return ENOMEM;
    }
    memcpy(out->tmp_path, out->target, len);
    memcpy(out->tmp_path + len, ".XXXXXX", 8);
    /* No stop signal between the file's creation and its handler: it would stay behind. */
    sigset_t stops;
    sigset_t old;
    stop_set(&stops);
    sigprocmask(SIG_BLOCK, &stops, &old);
    int fd = mkstemp(out->tmp_path);
    int err = errno;
    if (fd >= 0) {
        remove_on_signals(out->tmp_path);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        return err;
    }
    if (fchmod(fd, mode) != 0 || (out->fp = fdopen(fd, "w")) == NULL) {
        err = errno;
        close(fd);
        unlink(out->tmp_path);
        forget_on_signal();
        return err;
    }
    return 0;
}

/* Opens FILE for writing the way its kind asks for; 0 or an errno value. */
static int open_file(struct ui_output *out, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        out->target = strdup(path);
        return out->target != NULL ? open_temporary(out, new_file_mode()) : ENOMEM;
    }
    if (S_ISDIR(st.st_mode)) {
        return EISDIR;
    }
    if (!S_ISREG(st.st_mode)) {
        out->fp = fopen(path, "w");
        return out->fp != NULL ? 0 : errno;
    }
    /* Replace what a symbolic link points to, not the link. */
    out->target = realpath(path, NULL);
    return out->target != NULL ? open_temporary(out, st.st_mode & 07777) : errno;
}

/* Frees the names; the temporary file must be gone or renamed already. */
static void forget_paths(struct ui_output *out)
{
    free(out->tmp_path);
    out->tmp_path = NULL;
    free(out->target);
    out->target = NULL;
}

int ui_output_open(struct ui_output *out, const char *path)
{
    out->fp = stdout;
    out->path = NULL;
    out->target = NULL;
    out->tmp_path = NULL;
    if (path != NULL && strcmp(path, "-") != 0) {
        int err = open_file(out, path);
        if (err != 0) {
            ui_error("%s: cannot write: %s", path, strerror(err));
            forget_paths(out);
            return UI_EXIT_USAGE;
        }
        out->path = path;
    }
    buffer_stream(out);
    return 0;
}

int ui_output_close(struct ui_output *out, bool keep)
{
    int err = 0;
    if (keep && fflush(out->fp) != 0) {
        err = errno;
    }
    if (fclose(out->fp) != 0 && err == 0 && keep) {
        err = errno;
    }
    if (out->tmp_path != NULL) {
        if (keep && err == 0 && rename(out->tmp_path, out->target) != 0) {
            err = errno;
        }
        if (!keep || err != 0) {
            unlink(out->tmp_path);
        }
        forget_on_signal();
    }
    forget_paths(out);
    return err;
}

int ui_output_write(const char *path, struct ui_buf *const *bufs, size_t count)
{
    const char *shown = path != NULL && strcmp(path, "-") != 0 ? path : "standard output";
    for (size_t i = 0; i < count; i++) {
        if (bufs[i]->oom) {
            ui_error("%s: out of memory", shown);
            return UI_EXIT_USAGE;
        }
    }
    struct ui_output out;
    if (ui_output_open(&out, path) != 0) {
        return UI_EXIT_USAGE;
    }
    int err = 0;
    for (size_t i = 0; i < count && err == 0; i++) {
        err = ui_buf_write(bufs[i], out.fp) != 0 ? errno : 0;
    }
    int close_err = ui_output_close(&out, err == 0);
    err = err != 0 ? err : close_err;
    if (err != 0) {
        ui_error("%s: write error: %s", shown, strerror(err));
        return UI_EXIT_USAGE;
    }
    return UI_EXIT_OK;
}

int ui_output_stdout(struct ui_buf *b)
{
    if (b->oom) {
        ui_error("standard output: out of memory");
        return UI_EXIT_USAGE;
    }
    if (ui_buf_write(b, stdout) != 0 || fflush(stdout) != 0) {
        if (errno == EPIPE) {
            return UI_EXIT_OK;
        }
        ui_error("standard output: write error: %s", strerror(errno));
        return UI_EXIT_USAGE;
    }
    return UI_EXIT_OK;
}
