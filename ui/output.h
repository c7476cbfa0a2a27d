/*
 * output.h - where a trace goes: standard output, or a file that is only replaced once the whole
 * trace was written (a temporary file beside it, renamed into place). A FILE that exists and is
 * not a regular file (/dev/null, a FIFO) is written directly: there is nothing to clobber.
 */
#ifndef UI_OUTPUT_H
#define UI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct ui_output {
    FILE *fp;                   /* where to write; stdout or the temporary file */
    const char *path;           /* borrowed: the -o FILE, or NULL for standard output */
    char *target;               /* owned: FILE with symbolic links resolved, or NULL */
    char *tmp_path;             /* owned: the temporary file renamed onto target, or NULL */
};

/*
 * Opens the output: `path` NULL (or "-") is standard output. Returns 0, or UI_EXIT_USAGE after
 * printing why on stderr. `path` is borrowed for the life of `out`.
 */
int ui_output_open(struct ui_output *out, const char *path);

/*
 * Finishes the output. With `keep`, flushes it and (for a file) renames the temporary file onto
 * FILE; without, removes the temporary file. Returns 0, or the errno of the first failure
 * (after which FILE is untouched). Standard output is closed too.
 */
int ui_output_close(struct ui_output *out, bool keep);

struct ui_buf;

/*
 * Writes bufs[0..count) in turn to `path` as ui_output_open takes it (NULL or "-": standard
 * output), a file replaced only once all of it is written. Returns 0, or UI_EXIT_USAGE after
 * saying on stderr what went wrong (out of memory building a buffer, a write error).
 */
int ui_output_write(const char *path, struct ui_buf *const *bufs, size_t count);

/*
 * Writes `b` to standard output and flushes it, leaving it open for more. A reader that went
 * away (EPIPE, `| head`) is no error, as for a trace. Returns 0, or UI_EXIT_USAGE after saying
 * why.
 */
int ui_output_stdout(struct ui_buf *b);

#endif
