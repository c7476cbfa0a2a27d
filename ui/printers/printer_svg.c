/*
 * printer_svg.c - a standalone SVG timeline of the run, for READMEs, posts and slides.
 *
 * One lane per phase that ran a callback and one per worker that took a job; each callback is a
 * labelled box on its phase's lane (nextTick and microtask callbacks in their own colours), each
 * worker job a box on its worker's lane from worker-start to worker-done. Every box has a
 * <title> (label, time, phase, iteration, the reason's sentence, what it printed) that a browser
 * shows on hover. The colours are CSS variables with a dark set under prefers-color-scheme.
 *
 * The layout is by slots (docs/format-svg.md): x advances by one box width per callback and, in
 * between, in proportion to the virtual time that elapsed, so a thousand callbacks at one instant
 * stay readable and a 10 s wait still looks long. An SVG needs its width up front, so the items
 * are kept until the end: at most SVG_MAX_CALLBACKS callbacks are drawn, and a note says how many
 * more ran (the run goes on; only the drawing stops). Memory is bounded by those caps.
 */
#include "printer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum {
    SVG_MAX_CALLBACKS = 2000,           /* callbacks drawn at most */
    SVG_MAX_ITEMS = 3 * SVG_MAX_CALLBACKS, /* callbacks, jobs, job ends, iterations */
    SVG_LOG_BYTES = 240,                /* console output kept per callback */
    SVG_MAX_TICKS = 16,                 /* axis labels (the step gives 3..11) */
};

/* Geometry, in px. */
#define SLOT_W 100.0                    /* the x one callback takes */
#define BOX_W 96.0
#define LANE_H 34.0
#define BOX_H 24.0
#define LEFT 100.0                      /* lane labels */
#define TOP 70.0                        /* title, legend, iteration labels */
#define AXIS_H 34.0
#define RIGHT 24.0
#define LABEL_CHARS 14                  /* characters of a label that fit a box */

enum svg_item_kind { ITEM_CALLBACK, ITEM_JOB, ITEM_JOB_DONE, ITEM_ITERATION, ITEM_END };

/* Something drawn, in event order; strings live in svg_state.arena. */
struct svg_item {
    enum svg_item_kind kind;
    uint64_t seq;
    uint64_t time_ns;
    uint64_t iteration;
    enum sim_phase phase;
    enum sim_reason reason;
    uint32_t worker;                    /* jobs */
    size_t job;                         /* job ends: the index of the job's item */
    size_t cb;                          /* callbacks: the index of its console output */
    size_t label, label_len;            /* offsets into the arena */
    size_t why, why_len;
    uint64_t end_ns;                    /* jobs: when the job finished */
    bool done;                          /* jobs: its worker-done was seen */
    double x, x_end;                    /* computed at the end */
};

/* What a callback printed: the first lines, and how many there were. */
struct svg_logs {
    char text[SVG_LOG_BYTES];
    size_t len;
    uint64_t lines;                     /* lines printed */
    bool cut;                           /* some of them are not in text */
};

struct svg_state {
    struct svg_item *items;             /* owned: SVG_MAX_ITEMS + 1 (the end) */
    size_t count;
    struct svg_logs *logs;              /* owned: one per drawn callback */
    size_t callbacks;                   /* callbacks drawn */
    struct ui_buf arena;                /* owned: labels and sentences */
    uint64_t iteration;                 /* the last iteration seen */
    bool frozen;                        /* a cap was reached: nothing more is drawn */
    bool oom;
};

/* A colour of the picture: the CSS variable --NAME, its light and dark values, and its rule. */
struct svg_colour {
    const char *name;
    const char *selector;
    const char *property;
    const char *light;
    const char *dark;
};

/* Every colour, in one table: GitHub's palettes, contrast >= 4.5 for text in both modes. */
static const struct svg_colour colours[] = {
    {"bg", ".bg", "fill", "#ffffff", "#0d1117"},
    {"fg", "text", "fill", "#1f2328", "#e6edf3"},
    {"muted", ".muted", "fill", "#59636e", "#9198a1"},
    {"band", ".band", "fill", "#f6f8fa", "#161b22"},
    {"grid", ".grid", "stroke", "#d1d9e0", "#30363d"},
    {"iter", ".iter", "stroke", "#8c959f", "#656c76"},
    {"cb", ".cb rect", "fill", "#ddf4ff", "#0c2d6b"},
    {"cb-edge", ".cb rect", "stroke", "#0969da", "#4493f8"},
    {"tick", ".tick rect", "fill", "#fff1e5", "#3d1d00"},
    {"tick-edge", ".tick rect", "stroke", "#bc4c00", "#f0883e"},
    {"micro", ".micro rect", "fill", "#fbefff", "#2e1a47"},
    {"micro-edge", ".micro rect", "stroke", "#8250df", "#ab7df8"},
    {"job", ".job rect", "fill", "#dafbe1", "#0f2d1a"},
    {"job-edge", ".job rect", "stroke", "#1a7f37", "#3fb950"},
    {"log", ".log", "fill", "#cf222e", "#ff7b72"},
    {"note", ".note", "fill", "#9a6700", "#d29922"},
};

static void state_free(void *p)
{
    struct svg_state *st = p;
    free(st->items);
    free(st->logs);
    ui_buf_finish(&st->arena);
    free(st);
}

static int svg_begin(struct printer_ctx *ctx)
{
    struct svg_state *st = calloc(1, sizeof(*st));
    if (st != NULL) {
        st->items = calloc(SVG_MAX_ITEMS + 1, sizeof(*st->items));
        st->logs = calloc(SVG_MAX_CALLBACKS, sizeof(*st->logs));
        ui_buf_init(&st->arena);
    }
    if (st == NULL || st->items == NULL || st->logs == NULL) {
        if (st != NULL) {
            state_free(st);
        }
        errno = ENOMEM;
        return -1;
    }
    ctx->format_data = st;
    ctx->format_free = state_free;
    return 0;
}

/* Appends text to the arena and returns where it starts. */
static size_t keep(struct svg_state *st, const char *s, size_t len, size_t *out_len)
{
    size_t at = st->arena.len;
    ui_buf_put(&st->arena, s, len);
    st->oom |= st->arena.oom;
    *out_len = st->arena.len - at;
    return at;
}

/* A new item for `ev`, or NULL once the drawing is frozen. */
static struct svg_item *add_item(struct svg_state *st, enum svg_item_kind kind,
                                 const struct sim_event *ev)
{
    if (st->frozen || st->count == SVG_MAX_ITEMS) {
        st->frozen = true;
        return NULL;
    }
    struct svg_item *it = &st->items[st->count++];
    *it = (struct svg_item){.kind = kind, .seq = ev->seq, .time_ns = ev->time_ns,
                            .iteration = ev->iteration, .phase = ev->phase,
                            .reason = ev->reason, .worker = ev->worker};
    return it;
}

/* Keeps the label and the reason sentence of `ev` for the item's <title>. */
static void keep_texts(struct printer_ctx *ctx, struct svg_state *st, struct svg_item *it,
                       const struct sim_event *ev)
{
    const char *label = ev->label != NULL ? ev->label : "";
    it->label = keep(st, label, strlen(label), &it->label_len);
    ctx->scratch.len = 0;
    ui_buf_reason(&ctx->scratch, ev);
    it->why = keep(st, ctx->scratch.data, ctx->scratch.len, &it->why_len);
}

static void note_callback(struct printer_ctx *ctx, struct svg_state *st,
                          const struct sim_event *ev)
{
    if (st->callbacks == SVG_MAX_CALLBACKS) {
        st->frozen = true;
        return;
    }
    struct svg_item *it = add_item(st, ITEM_CALLBACK, ev);
    if (it != NULL) {
        it->cb = st->callbacks++;
        keep_texts(ctx, st, it, ev);
    }
}

/* A line of console output goes to the last drawn callback, which is running. */
static void note_log(struct svg_state *st, const struct sim_event *ev)
{
    if (st->frozen || st->callbacks == 0 || ev->text == NULL) {
        return;
    }
    struct svg_logs *lg = &st->logs[st->callbacks - 1];
    lg->lines++;
    size_t len = strlen(ev->text);
    size_t room = SVG_LOG_BYTES - lg->len;
    if (room < 2) {
        lg->cut = true;
        return;
    }
    if (len > room - 1) {
        lg->cut = true;
        len = room - 1;
        while (len > 0 && ((unsigned char)ev->text[len] & 0xC0) == 0x80) {
            len--; /* not inside a UTF-8 sequence */
        }
    }
    lg->text[lg->len++] = '\n';
    memcpy(lg->text + lg->len, ev->text, len);
    lg->len += len;
}

/* The job a worker-done ends: the last one started on that worker. */
static void note_job_done(struct svg_state *st, const struct sim_event *ev)
{
    for (size_t i = st->count; i-- > 0;) {
        struct svg_item *job = &st->items[i];
        if (job->kind == ITEM_JOB && job->worker == ev->worker && !job->done) {
            struct svg_item *it = add_item(st, ITEM_JOB_DONE, ev);
            if (it != NULL) {
                it->job = i;
                job->done = true;
                job->end_ns = ev->time_ns;
            }
            return;
        }
    }
}

static int svg_event(struct printer_ctx *ctx, const struct sim_event *ev)
{
    struct svg_state *st = ctx->format_data;
    if (ev->iteration > st->iteration) {
        st->iteration = ev->iteration;
        add_item(st, ITEM_ITERATION, ev);
    }
    switch (ev->kind) {
    case SIM_EVENT_CALLBACK:
        note_callback(ctx, st, ev);
        break;
    case SIM_EVENT_LOG:
        note_log(st, ev);
        break;
    case SIM_EVENT_WORKER_START: {
        struct svg_item *it = add_item(st, ITEM_JOB, ev);
        if (it != NULL) {
            keep_texts(ctx, st, it, ev);
        }
        break;
    }
    case SIM_EVENT_WORKER_DONE:
        note_job_done(st, ev);
        break;
    default:
        break;
    }
    if (st->oom) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

/* ---- Layout ------------------------------------------------------------------------------ */

/* Where things go, computed from the items once the run is over. */
struct svg_layout {
    bool phase_used[SIM_PHASE_COUNT];
    double phase_y[SIM_PHASE_COUNT];
    uint32_t max_worker;
    double *worker_y;                   /* owned: by worker number; < 0: no lane */
    size_t lanes;
    uint64_t span_ns;                   /* the time drawn */
    uint64_t step_ns;                   /* between axis labels */
    int decimals;                       /* of the axis labels */
    double tick_x[SVG_MAX_TICKS];
    size_t ticks;
    double width, height, axis_y;
};

/* The smallest 1, 2 or 5 x 10^n ns that cuts `span` into at most 10 steps (so 5..11 labels). */
static uint64_t nice_step(uint64_t span, int *decimals)
{
    static const uint64_t mult[] = {1, 2, 5};
    uint64_t power = 1;
    int digits = 6; /* decimals of ms that a step of `power` ns needs */
    for (;;) {
        for (size_t i = 0; i < 3; i++) {
            uint64_t step = power * mult[i];
            if (span <= step * 10) {
                *decimals = digits;
                return step;
            }
        }
        power *= 10;
        digits = digits > 0 ? digits - 1 : 0;
    }
}

/* Gives each phase and worker that has a box a lane, in the engine's phase order. */
static int place_lanes(struct svg_state *st, struct svg_layout *lay)
{
    for (size_t i = 0; i < st->count; i++) {
        const struct svg_item *it = &st->items[i];
        if (it->kind == ITEM_CALLBACK && (unsigned)it->phase < SIM_PHASE_COUNT) {
            lay->phase_used[it->phase] = true;
        } else if (it->kind == ITEM_JOB && it->worker > lay->max_worker) {
            lay->max_worker = it->worker;
        }
    }
    lay->worker_y = malloc((lay->max_worker + 1) * sizeof(*lay->worker_y));
    if (lay->worker_y == NULL) {
        return -1;
    }
    for (uint32_t w = 0; w <= lay->max_worker; w++) {
        lay->worker_y[w] = -1;
    }
    for (size_t i = 0; i < st->count; i++) {
        if (st->items[i].kind == ITEM_JOB) {
            lay->worker_y[st->items[i].worker] = 0;
        }
    }
    double y = TOP;
    for (int p = 0; p < SIM_PHASE_COUNT; p++) {
        if (lay->phase_used[p]) {
            lay->phase_y[p] = y;
            y += LANE_H;
            lay->lanes++;
        }
    }
    for (uint32_t w = 1; w <= lay->max_worker; w++) {
        if (lay->worker_y[w] == 0) {
            lay->worker_y[w] = y;
            y += LANE_H;
            lay->lanes++;
        }
    }
    lay->axis_y = y;
    return 0;
}

/*
 * The slot layout: a cursor walks the items in event order; time elapsed moves it right by
 * `px_per_ns`, and each callback by one slot. Axis labels go where their time is first reached.
 */
static void place_items(struct svg_state *st, struct svg_layout *lay)
{
    const struct svg_item *end = &st->items[st->count - 1];
    lay->span_ns = end->time_ns;
    lay->step_ns = nice_step(lay->span_ns > 0 ? lay->span_ns : 1, &lay->decimals);
    double time_w = st->callbacks * SLOT_W / 2;
    time_w = time_w < 480 ? 480 : time_w > 2400 ? 2400 : time_w;
    double px_per_ns = lay->span_ns > 0 ? time_w / (double)lay->span_ns : 0;
    double x = LEFT + 8;
    uint64_t t = 0;
    uint64_t next_tick = 0;
    lay->tick_x[lay->ticks++] = x;
    next_tick = lay->span_ns > 0 ? lay->step_ns : UINT64_MAX;
    for (size_t i = 0; i < st->count; i++) {
        struct svg_item *it = &st->items[i];
        if (it->time_ns > t) {
            while (next_tick <= it->time_ns && lay->ticks < SVG_MAX_TICKS) {
                lay->tick_x[lay->ticks++] = x + (double)(next_tick - t) * px_per_ns;
                next_tick += lay->step_ns;
            }
            x += (double)(it->time_ns - t) * px_per_ns;
            t = it->time_ns;
        }
        it->x = x;
        it->x_end = x;
        if (it->kind == ITEM_CALLBACK) {
            x += SLOT_W;
        } else if (it->kind == ITEM_JOB_DONE) {
            st->items[it->job].x_end = x;
        }
    }
    for (size_t i = 0; i < st->count; i++) {
        struct svg_item *it = &st->items[i];
        if (it->kind == ITEM_JOB && !it->done) {
            it->x_end = x; /* still running where the drawing stops */
        }
    }
    lay->width = x + RIGHT + 40; /* room for the last axis label */
    lay->height = lay->axis_y + AXIS_H + (st->frozen ? 22 : 0) + 8;
}

/* ---- Output ------------------------------------------------------------------------------ */

/* Appends bytes as XML character data: markup escaped, control characters as spaces. */
/*
 * The length of the UTF-8 character at `s` (at most `len` bytes) that XML may hold, or 0: a
 * byte that starts no character, an overlong form, a surrogate, a C1 control or past U+10FFFF.
 */
static size_t utf8_length(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = u[0] >= 0xF0 && u[0] <= 0xF4 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || n > len || (n == 3 && u[0] > 0xEF)) {
        return 0;
    }
    uint32_t cp = u[0] & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            return 0;
        }
        cp = cp << 6 | (u[i] & 0x3Fu);
    }
    bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    bool bad = (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF || (cp >= 0x80 && cp <= 0x9F) ||
               cp == 0xFFFE || cp == 0xFFFF;
    return overlong || bad ? 0 : n;
}

static void put_xml(struct ui_buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&':
            ui_buf_puts(b, "&amp;");
            continue;
        case '<':
            ui_buf_puts(b, "&lt;");
            continue;
        case '>':
            ui_buf_puts(b, "&gt;");
            continue;
        case '"':
            ui_buf_puts(b, "&quot;");
            continue;
        default:
            break;
        }
        if (c < 0x80) {
            /* XML 1.0 has no control characters but tab and newline; DEL is discouraged. */
            ui_buf_putc(b, (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F ? ' ' : (char)c);
            continue;
        }
        size_t n = utf8_length(s + i, len - i);
        if (n == 0) {
            /* U+FFFD for a character XML cannot hold (a lone surrogate, as JavaScript strings
             * may have): its lead byte and the continuation bytes after it. */
            ui_buf_puts(b, "\xEF\xBF\xBD");
            for (size_t k = 0; k < 3 && i + 1 < len && ((unsigned char)s[i + 1] & 0xC0) == 0x80;
                 k++) {
                i++;
            }
        } else {
            ui_buf_put(b, s + i, n);
            i += n - 1;
        }
    }
}

/* The byte offset of character `n` of a UTF-8 string, or `len` when it has fewer. */
static size_t char_offset(const char *s, size_t len, size_t n)
{
    size_t i = 0;
    for (size_t c = 0; i < len && c < n; c++) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) {
            i++;
        }
    }
    return i;
}

/*
 * Appends a label cut to `chars` characters: its head, an ellipsis and its last 4 characters,
 * which tell apart labels that differ only at the end (setImmediate#11, crypto.pbkdf2#1 i=3).
 */
static void put_short(struct ui_buf *b, const char *s, size_t len, size_t chars)
{
    size_t count = 0;
    for (size_t i = 0; i < len; i++) {
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    if (count <= chars || chars < 8) {
        put_xml(b, s, char_offset(s, len, chars));
        return;
    }
    put_xml(b, s, char_offset(s, len, chars - 5));
    ui_buf_puts(b, "\xE2\x80\xA6");
    size_t tail = char_offset(s, len, count - 4);
    put_xml(b, s + tail, len - tail);
}

/* Appends a coordinate with one decimal. */
static void put_px(struct ui_buf *b, double v)
{
    int64_t tenths = (int64_t)(v * 10 + (v >= 0 ? 0.5 : -0.5));
    ui_buf_i64(b, tenths / 10);
    if (tenths % 10 != 0) {
        ui_buf_putc(b, '.');
        ui_buf_putc(b, (char)('0' + (tenths < 0 ? -tenths : tenths) % 10));
    }
}

/* Appends `ns` as milliseconds with `decimals` decimals (0..6). */
static void put_ms_short(struct ui_buf *b, uint64_t ns, int decimals)
{
    ui_buf_u64(b, ns / 1000000);
    if (decimals > 0) {
        char frac[8];
        uint64_t rest = ns % 1000000;
        for (int i = 5; i >= 0; i--) {
            frac[i] = (char)('0' + rest % 10);
            rest /= 10;
        }
        ui_buf_putc(b, '.');
        ui_buf_put(b, frac, (size_t)decimals);
    }
}

/* Appends name="value" with a coordinate. */
static void put_attr(struct ui_buf *b, const char *name, double v)
{
    ui_buf_putc(b, ' ');
    ui_buf_puts(b, name);
    ui_buf_puts(b, "=\"");
    put_px(b, v);
    ui_buf_putc(b, '"');
}

static void put_style(struct ui_buf *b)
{
    size_t n = sizeof colours / sizeof colours[0];
    ui_buf_puts(b, "<style>\nsvg{");
    for (size_t i = 0; i < n; i++) {
        ui_buf_puts(b, "--");
        ui_buf_puts(b, colours[i].name);
        ui_buf_putc(b, ':');
        ui_buf_puts(b, colours[i].light);
        ui_buf_putc(b, ';');
    }
    ui_buf_puts(b, "}\ntext{font-family:system-ui,sans-serif;font-size:11px}\n"
                   ".title{font-size:13px;font-weight:600}\n"
                   ".lane-label{font-size:12px;font-weight:600}\n"
                   "rect{stroke-width:1}\n.cb text,.job text{font-size:10.5px}\n");
    /* A value before var(): renderers without CSS variables (librsvg) keep the value. */
    for (size_t i = 0; i < n; i++) {
        ui_buf_puts(b, colours[i].selector);
        ui_buf_putc(b, '{');
        ui_buf_puts(b, colours[i].property);
        ui_buf_putc(b, ':');
        ui_buf_puts(b, colours[i].light);
        ui_buf_putc(b, ';');
        ui_buf_puts(b, colours[i].property);
        ui_buf_puts(b, ":var(--");
        ui_buf_puts(b, colours[i].name);
        ui_buf_puts(b, ")}\n");
    }
    ui_buf_puts(b, "@media (prefers-color-scheme: dark){\nsvg{");
    for (size_t i = 0; i < n; i++) {
        ui_buf_puts(b, "--");
        ui_buf_puts(b, colours[i].name);
        ui_buf_putc(b, ':');
        ui_buf_puts(b, colours[i].dark);
        ui_buf_putc(b, ';');
    }
    ui_buf_puts(b, "}\n");
    for (size_t i = 0; i < n; i++) {
        ui_buf_puts(b, colours[i].selector);
        ui_buf_putc(b, '{');
        ui_buf_puts(b, colours[i].property);
        ui_buf_putc(b, ':');
        ui_buf_puts(b, colours[i].dark);
        ui_buf_puts(b, "}\n");
    }
    ui_buf_puts(b, "}\n</style>\n");
}

/* Appends a <text> at x, y with a class, opening it: the caller writes the text and closes. */
static void open_text(struct ui_buf *b, double x, double y, const char *cls, const char *anchor)
{
    ui_buf_puts(b, "<text");
    put_attr(b, "x", x);
    put_attr(b, "y", y);
    if (cls != NULL) {
        ui_buf_puts(b, " class=\"");
        ui_buf_puts(b, cls);
        ui_buf_putc(b, '"');
    }
    if (anchor != NULL) {
        ui_buf_puts(b, " text-anchor=\"");
        ui_buf_puts(b, anchor);
        ui_buf_putc(b, '"');
    }
    ui_buf_putc(b, '>');
}

static void put_rect(struct ui_buf *b, double x, double y, double w, double h, const char *cls)
{
    ui_buf_puts(b, "<rect");
    put_attr(b, "x", x);
    put_attr(b, "y", y);
    put_attr(b, "width", w);
    put_attr(b, "height", h);
    if (cls != NULL) {
        ui_buf_puts(b, " class=\"");
        ui_buf_puts(b, cls);
        ui_buf_putc(b, '"');
    }
    ui_buf_puts(b, " rx=\"3\"/>\n");
}

static void put_line(struct ui_buf *b, double x1, double y1, double x2, double y2,
                     const char *cls)
{
    ui_buf_puts(b, "<line");
    put_attr(b, "x1", x1);
    put_attr(b, "y1", y1);
    put_attr(b, "x2", x2);
    put_attr(b, "y2", y2);
    ui_buf_puts(b, " class=\"");
    ui_buf_puts(b, cls);
    ui_buf_puts(b, "\"/>\n");
}

static void put_header(struct printer_ctx *ctx, struct svg_layout *lay)
{
    struct ui_buf *b = &ctx->line;
    ui_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<svg xmlns=\"http://www.w3.org/2000/svg\"");
    put_attr(b, "width", lay->width);
    put_attr(b, "height", lay->height);
    ui_buf_puts(b, " viewBox=\"0 0 ");
    put_px(b, lay->width);
    ui_buf_putc(b, ' ');
    put_px(b, lay->height);
    ui_buf_puts(b, "\" role=\"img\">\n<title>loopsim trace of ");
    put_xml(b, ctx->source, strlen(ctx->source));
    ui_buf_puts(b, "</title>\n");
    put_style(b);
    put_rect(b, 0, 0, lay->width, lay->height, "bg");
    open_text(b, 12, 20, "title", NULL);
    put_xml(b, ctx->source, strlen(ctx->source));
    ui_buf_puts(b, " \xE2\x80\x94 ");
    ui_buf_u64(b, ctx->callbacks);
    ui_buf_puts(b, " callbacks in ");
    ui_buf_ms(b, ctx->time_ns);
    ui_buf_puts(b, " virtual ms</text>\n");
}

/* The legend: one swatch per kind of box, and the console-output marker. */
static void put_legend(struct ui_buf *b)
{
    static const char *const swatches[][2] = {
        {"cb", "callback"}, {"tick", "nextTick"}, {"micro", "microtask"}, {"job", "worker job"},
    };
    double x = 12;
    for (size_t i = 0; i < 4; i++) {
        ui_buf_puts(b, "<g class=\"");
        ui_buf_puts(b, swatches[i][0]);
        ui_buf_puts(b, "\">");
        put_rect(b, x, 30, 14, 10, NULL);
        ui_buf_puts(b, "</g>");
        open_text(b, x + 19, 39, NULL, NULL);
        ui_buf_puts(b, swatches[i][1]);
        ui_buf_puts(b, "</text>\n");
        x += 28 + 6.5 * (double)strlen(swatches[i][1]);
    }
    ui_buf_puts(b, "<circle");
    put_attr(b, "cx", x + 5);
    put_attr(b, "cy", 35);
    ui_buf_puts(b, " r=\"3\" class=\"log\"/>");
    open_text(b, x + 13, 39, NULL, NULL);
    ui_buf_puts(b, "console output (hover a box for details)</text>\n");
}

static void put_lane(struct ui_buf *b, const struct svg_layout *lay, double y, size_t index,
                     const char *name, uint32_t worker)
{
    if (index % 2 == 0) {
        put_rect(b, 0, y, lay->width, LANE_H, "band");
    }
    open_text(b, 12, y + LANE_H / 2 + 4, "lane-label", NULL);
    ui_buf_puts(b, name);
    if (worker != 0) {
        ui_buf_putc(b, ' ');
        ui_buf_u64(b, worker);
    }
    ui_buf_puts(b, "</text>\n");
}

static void put_lanes(struct printer_ctx *ctx, const struct svg_layout *lay)
{
    size_t index = 0;
    for (int p = 0; p < SIM_PHASE_COUNT; p++) {
        if (lay->phase_used[p]) {
            put_lane(&ctx->line, lay, lay->phase_y[p], index++, ctx->phase[p].text, 0);
        }
    }
    for (uint32_t w = 1; w <= lay->max_worker; w++) {
        if (lay->worker_y[w] >= 0) {
            put_lane(&ctx->line, lay, lay->worker_y[w], index++, "worker", w);
        }
    }
}

/* Faint vertical lines where an iteration starts, labelled where there is room. */
static void put_iterations(struct printer_ctx *ctx, const struct svg_state *st,
                           const struct svg_layout *lay)
{
    struct ui_buf *b = &ctx->line;
    double last_label = -1e9;
    for (size_t i = 0; i < st->count; i++) {
        const struct svg_item *it = &st->items[i];
        if (it->kind != ITEM_ITERATION) {
            continue;
        }
        put_line(b, it->x - 2, TOP - 8, it->x - 2, lay->axis_y, "iter");
        if (it->x - last_label >= 80) {
            open_text(b, it->x, TOP - 10, "muted", NULL);
            ui_buf_puts(b, "iteration ");
            ui_buf_u64(b, it->iteration);
            ui_buf_puts(b, "</text>\n");
            last_label = it->x;
        }
        if (printer_line_done(ctx) != 0) {
            return;
        }
    }
}

static void put_axis(struct printer_ctx *ctx, const struct svg_layout *lay)
{
    struct ui_buf *b = &ctx->line;
    double y = lay->axis_y;
    put_line(b, LEFT, y, lay->width - RIGHT, y, "grid");
    ui_buf_puts(b, "<g class=\"axis\">\n");
    for (size_t i = 0; i < lay->ticks; i++) {
        put_line(b, lay->tick_x[i], y, lay->tick_x[i], y + 5, "grid");
        open_text(b, lay->tick_x[i], y + 17, "muted", "middle");
        put_ms_short(b, i * lay->step_ns, lay->decimals);
        ui_buf_puts(b, " ms</text>\n");
    }
    ui_buf_puts(b, "</g>\n");
    open_text(b, 12, y + 17, "muted", NULL);
    ui_buf_puts(b, "virtual time</text>\n");
}

/* The <title>: label, time, phase, iteration, the reason, and what the callback printed. */
static void put_title(struct printer_ctx *ctx, const struct svg_state *st,
                      const struct svg_item *it)
{
    struct ui_buf *b = &ctx->line;
    ui_buf_puts(b, "<title>");
    put_xml(b, st->arena.data + it->label, it->label_len);
    if (it->kind == ITEM_JOB) {
        ui_buf_puts(b, "\non worker ");
        ui_buf_u64(b, it->worker);
        ui_buf_puts(b, " from ");
        ui_buf_ms(b, it->time_ns);
        if (it->done) {
            ui_buf_puts(b, " ms to ");
            ui_buf_ms(b, it->end_ns);
            ui_buf_puts(b, " ms");
        } else {
            ui_buf_puts(b, " ms, still running where the drawing stops");
        }
    } else {
        ui_buf_puts(b, "\nat ");
        ui_buf_ms(b, it->time_ns);
        ui_buf_puts(b, " ms, phase ");
        printer_put_name(b, &ctx->phase[(unsigned)it->phase < SIM_PHASE_COUNT ? it->phase
                                                                              : SIM_PHASE_COUNT]);
    }
    ui_buf_puts(b, ", iteration ");
    ui_buf_u64(b, it->iteration);
    if (it->why_len != 0) {
        ui_buf_putc(b, '\n');
        put_xml(b, st->arena.data + it->why, it->why_len);
    }
    if (it->kind == ITEM_CALLBACK && st->logs[it->cb].lines != 0) {
        const struct svg_logs *lg = &st->logs[it->cb];
        ui_buf_puts(b, "\nconsole output:");
        put_xml(b, lg->text, lg->len);
        if (lg->cut) {
            ui_buf_puts(b, "\n\xE2\x80\xA6 (");
            ui_buf_u64(b, lg->lines);
            ui_buf_puts(b, " lines in all)");
        }
    }
    ui_buf_puts(b, "</title>");
}

static const char *callback_class(enum sim_reason reason)
{
    switch (sim_reason_queue(reason)) {
    case SIM_QUEUE_TICKS:
        return "cb tick";
    case SIM_QUEUE_MICROTASKS:
        return "cb micro";
    default:
        return "cb";
    }
}

static void put_box(struct printer_ctx *ctx, const struct svg_state *st,
                    const struct svg_layout *lay, const struct svg_item *it)
{
    struct ui_buf *b = &ctx->line;
    bool job = it->kind == ITEM_JOB;
    double y = (job ? lay->worker_y[it->worker] : lay->phase_y[it->phase]) + (LANE_H - BOX_H) / 2;
    double w = job ? it->x_end - it->x : BOX_W;
    w = w < 6 ? 6 : w;
    ui_buf_puts(b, "<g class=\"");
    ui_buf_puts(b, job ? "job" : callback_class(it->reason));
    ui_buf_puts(b, "\" data-seq=\"");
    ui_buf_u64(b, it->seq);
    ui_buf_puts(b, "\">");
    put_title(ctx, st, it);
    put_rect(b, it->x, y, w, BOX_H, NULL);
    if (w >= 30) {
        open_text(b, it->x + 5, y + BOX_H / 2 + 4, NULL, NULL);
        size_t chars = job ? (size_t)((w - 10) / 6) : LABEL_CHARS;
        put_short(b, st->arena.data + it->label, it->label_len, chars);
        ui_buf_puts(b, "</text>");
    }
    if (!job && st->logs[it->cb].lines != 0) {
        ui_buf_puts(b, "<circle");
        put_attr(b, "cx", it->x + BOX_W - 5);
        put_attr(b, "cy", y + 4);
        ui_buf_puts(b, " r=\"2.5\" class=\"log\"/>");
    }
    ui_buf_puts(b, "</g>\n");
}

static int put_boxes(struct printer_ctx *ctx, const struct svg_state *st,
                     const struct svg_layout *lay)
{
    for (size_t i = 0; i < st->count; i++) {
        const struct svg_item *it = &st->items[i];
        if (it->kind == ITEM_CALLBACK || it->kind == ITEM_JOB) {
            put_box(ctx, st, lay, it);
            if (printer_line_done(ctx) != 0) {
                return -1;
            }
        }
    }
    return 0;
}

/* The note that says how many callbacks ran past the cap. */
static void put_cut_note(struct printer_ctx *ctx, const struct svg_state *st,
                         const struct svg_layout *lay)
{
    struct ui_buf *b = &ctx->line;
    open_text(b, 12, lay->axis_y + AXIS_H + 12, "note", NULL);
    ui_buf_puts(b, "\xE2\x80\xA6 ");
    ui_buf_u64(b, ctx->callbacks - st->callbacks);
    ui_buf_puts(b, " more callbacks not drawn (loopsim trace --format jsonl has them all)"
                   "</text>\n");
}

static int svg_end(struct printer_ctx *ctx, const struct sim_loop *loop)
{
    struct svg_state *st = ctx->format_data;
    /* The drawing ends at the last event, or at the last item kept when a cap was reached. */
    uint64_t end_ns = st->frozen && st->count > 0 ? st->items[st->count - 1].time_ns
                                                  : ctx->time_ns;
    st->items[st->count++] = (struct svg_item){.kind = ITEM_END, .time_ns = end_ns};
    struct svg_layout lay = {0};
    if (place_lanes(st, &lay) != 0) {
        errno = ENOMEM;
        return -1;
    }
    place_items(st, &lay);
    put_header(ctx, &lay);
    put_legend(&ctx->line);
    put_lanes(ctx, &lay);
    put_iterations(ctx, st, &lay);
    put_axis(ctx, &lay);
    int rc = put_boxes(ctx, st, &lay);
    if (rc == 0 && st->frozen && ctx->callbacks > st->callbacks) {
        put_cut_note(ctx, st, &lay);
    }
    free(lay.worker_y);
    if (rc != 0) {
        return rc;
    }
    ui_buf_puts(&ctx->line, "</svg>\n");
    return printer_flush(ctx);
}

const struct printer printer_svg = {
    .name = "svg",
    .summary = "a standalone SVG timeline: a lane per phase and worker, a box per callback",
    .begin = svg_begin,
    .event = svg_event,
    .end = svg_end,
};
