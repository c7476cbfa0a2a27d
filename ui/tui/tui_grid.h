/*
 * tui_grid.h - the TUI's screen as plain data: a grid of cells, each a character and a style.
 *
 * Views draw into the grid; tui_term.c copies it to the terminal in one last, thin step (like
 * tmux's grid.c apart from tty.c). Tests read the grid back as text, with no terminal at all.
 * Text comes in as UTF-8; a wide character takes two cells, the second one holding 0.
 */
#ifndef UI_TUI_GRID_H
#define UI_TUI_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a cell means; tui_term.c maps each style to colors, or to attributes without them. */
#define TUI_STYLE_MAP(X)                                           \
    X(NORMAL, "plain text")                                        \
    X(DIM, "secondary text: descriptions, hints, empty lanes")     \
    X(HEADER, "the top bar")                                       \
    X(TITLE, "a pane's title")                                     \
    X(FOCUS, "the title of the pane the arrow keys move")          \
    X(PHASE, "the phase the loop is in")                           \
    X(SELECT, "the selected trace event")                          \
    X(LINE, "the line of the statement running now")               \
    X(EXPR, "the statement running now, inside its line")          \
    X(BODY, "the callback running now")                            \
    X(KEY, "a key, in the help and the status bar")                \
    X(BAR, "the done part of a worker's progress bar")             \
    X(NEW, "what the current event just did")                      \
    X(WARN, "an error, or the end of the run")

enum tui_style {
#define X(e, what) TUI_STYLE_##e,
    TUI_STYLE_MAP(X)
#undef X
    TUI_STYLE_COUNT
};

struct tui_cell {
    uint32_t ch;                /* a Unicode code point; 0: the right half of a wide one */
    uint8_t style;              /* an enum tui_style */
};

/* A rectangle of cells; w or h 0: nothing. */
struct tui_rect {
    int x;
    int y;
    int w;
    int h;
};

struct tui_grid {
    int cols;
    int rows;
    struct tui_cell *cells;     /* owned: rows * cols, row by row */
};

/* Box-drawing and marks the views use; tui_out.c has their ASCII stand-ins. */
#define TUI_CH_HLINE 0x2500u    /* ─ */
#define TUI_CH_VLINE 0x2502u    /* │ */
#define TUI_CH_MARK 0x25B6u     /* ▶ */
#define TUI_CH_FULL 0x2588u     /* █ */
#define TUI_CH_LIGHT 0x2591u    /* ░ */
#define TUI_CH_DOT 0x00B7u      /* · */
#define TUI_CH_ELLIPSIS 0x2026u /* … */
#define TUI_CH_BAR 0x258Cu      /* ▌ */
#define TUI_CH_ARROW_LEFT 0x2190u  /* ← */
#define TUI_CH_ARROW_UP 0x2191u    /* ↑ */
#define TUI_CH_ARROW_RIGHT 0x2192u /* → */
#define TUI_CH_ARROW_DOWN 0x2193u  /* ↓ */

/* Sets the size (cells become blank). Returns 0, or -1 when out of memory. */
int tui_grid_resize(struct tui_grid *g, int cols, int rows);

/* Frees the cells; accepts NULL. */
void tui_grid_finish(struct tui_grid *g);

/* Fills rectangle r (clipped to the grid) with `ch` in `style`. */
void tui_grid_fill(struct tui_grid *g, struct tui_rect r, uint32_t ch, enum tui_style style);

/* Sets the style of every cell of r, keeping the characters. */
void tui_grid_restyle(struct tui_grid *g, struct tui_rect r, enum tui_style style);

/* Puts one character at (x, y) when it is inside `clip`; returns the column after it. */
int tui_grid_putc(struct tui_grid *g, struct tui_rect clip, int x, int y, uint32_t ch,
                  enum tui_style style);

/*
 * Writes `len` bytes of UTF-8 at (x, y), clipped to `clip`; text cut at the right edge ends
 * in '…'. Control characters show as '·'. Returns the column after the text (even when cut).
 */
int tui_grid_put(struct tui_grid *g, struct tui_rect clip, int x, int y, enum tui_style style,
                 const char *s, size_t len);

/*
 * Like tui_grid_put, but a text too wide for the room left in `clip` loses its middle, not its
 * end: "setTimeout#12" becomes "setTi…ut#12", so two labels that differ at the end still differ.
 */
int tui_grid_put_middle(struct tui_grid *g, struct tui_rect clip, int x, int y,
                        enum tui_style style, const char *s, size_t len);

/* tui_grid_put of a NUL-terminated string. */
int tui_grid_puts(struct tui_grid *g, struct tui_rect clip, int x, int y, enum tui_style style,
                  const char *s);

/* tui_grid_puts of printf-formatted text (cut at 512 bytes). */
int tui_grid_printf(struct tui_grid *g, struct tui_rect clip, int x, int y, enum tui_style style,
                    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * Writes s wrapped into rectangle r: lines cut at spaces (and at newlines), at most r.h of them,
 * the last one cut with '…' when there is more. Returns the rows used.
 */
int tui_grid_wrap(struct tui_grid *g, struct tui_rect r, enum tui_style style, const char *s);

/* The columns `len` bytes of UTF-8 take on a terminal. */
int tui_text_width(const char *s, size_t len);

/* The bytes of s (len bytes) in its first `cols` columns: where s scrolled by them starts. */
size_t tui_text_skip(const char *s, size_t len, int cols);

/*
 * How many bytes of s (len bytes) fit in `cols` columns when cut at a space where possible:
 * the length of the first line of s wrapped to that width. At least one character.
 */
size_t tui_text_wrap(const char *s, size_t len, int cols);

/* Encodes c as UTF-8 into out (4 bytes); returns the length. */
size_t tui_utf8_put(char *out, uint32_t c);

/* Row y as UTF-8 into buf (size bytes, NUL-terminated), trailing blanks dropped; for tests. */
size_t tui_grid_row_text(const struct tui_grid *g, int y, char *buf, size_t size);

/* The style of the cell at (x, y); for tests. */
enum tui_style tui_grid_style_at(const struct tui_grid *g, int x, int y);

#endif
