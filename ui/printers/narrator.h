/*
 * narrator.h - `loopsim explain`: the run told in plain English, a short paragraph per callback
 * saying why it ran where and when it did.
 *
 * The narrator is a pair of printers (plain text and Markdown) over the engine's event stream,
 * like the trace formats, with a state of its own for the run (ctx->state). Every sentence is
 * made of what the engine records: an event's reason with its explanation (sim/names.h), its
 * arguments, the loop's state just after it (ctx->loop), and what the narrator remembers of the
 * stream so far: where and by which callback each waiting callback was queued, the worker that
 * ran a job, the per-phase limits met. It forgets what has run, and remembers at most
 * NARRATOR_MAX_ORIGINS waiting callbacks at once, so its memory stays bounded on any run.
 */
#ifndef UI_NARRATOR_H
#define UI_NARRATOR_H

#include "printer.h"

/* The most waiting callbacks whose origin the narrator keeps; later ones are told without. */
enum { NARRATOR_MAX_ORIGINS = 65536 };

struct narrator;

/* A narrator's state for one run, or NULL when out of memory; free it with narrator_destroy. */
struct narrator *narrator_create(void);

/* One paragraph of the narration, as a sink receives it (narrator_set_sink). */
struct narrator_paragraph {
    const char *text;           /* the paragraph unwrapped, labels as `code`; borrowed */
    size_t len;
    bool callback;              /* a callback's paragraph (else a poll wait, a note, the end) */
    bool end;                   /* the last one: how the run ended */
    uint64_t seq;               /* its event: the callback's, or the one told */
    uint64_t first_log;         /* the run's console lines before the first it printed */
    uint64_t logs;              /* the console lines it printed */
};

/* Receives each paragraph; non-zero stops the run as a write error would. */
typedef int (*narrator_sink_fn)(void *data, const struct narrator_paragraph *p);

/*
 * Hands every paragraph to `sink` instead of writing it, headings left out: the quiz keeps them
 * to explain each console line (ui/quiz.c). Set it before the run begins.
 */
void narrator_set_sink(struct narrator *n, narrator_sink_fn sink, void *data);

/* Frees a narrator and everything it remembers; accepts NULL. */
void narrator_destroy(struct narrator *n);

/*
 * The two forms of the narration: plain text wrapped at 80 columns, and Markdown (a heading per
 * iteration, a paragraph per callback, labels as code spans). Both take their narrator from
 * ctx->state, which the command sets before `begin`.
 */
extern const struct printer printer_explain_text;
extern const struct printer printer_explain_markdown;

/* The explain form called `name` ("text", "markdown"), or NULL. */
const struct printer *narrator_find(const char *name);

#endif
