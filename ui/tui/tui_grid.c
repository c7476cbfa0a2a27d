/*
 * tui_grid.c - the screen model: cells, clipped UTF-8 text, widths (see tui_grid.h).
 *
 * Widths come from a small table of the wide and combining ranges rather than wcwidth(), which
 * depends on the locale: the grid must measure the same in a test as in a terminal.
 */
#include "tui_grid.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tui_grid_resize(struct tui_grid *g, int cols, int rows)
{
    cols = cols > 0 ? cols : 0;
    rows = rows > 0 ? rows : 0;
    size_t n = (size_t)cols * (size_t)rows;
    struct tui_cell *cells = realloc(g->cells, (n ? n : 1) * sizeof(*cells));
    if (cells == NULL) {
        return -1;
    }
    g->cells = cells;
    g->cols = cols;
    g->rows = rows;
    tui_grid_fill(g, (struct tui_rect){0, 0, cols, rows}, ' ', TUI_STYLE_NORMAL);
    return 0;
}

void tui_grid_finish(struct tui_grid *g)
{
    if (g == NULL) {
        return;
    }
    free(g->cells);
    g->cells = NULL;
    g->cols = 0;
    g->rows = 0;
}

/* r cut to the grid. */
static struct tui_rect clip_to_grid(const struct tui_grid *g, struct tui_rect r)
{
    int x0 = r.x > 0 ? r.x : 0;
    int y0 = r.y > 0 ? r.y : 0;
    int x1 = r.x + r.w < g->cols ? r.x + r.w : g->cols;
    int y1 = r.y + r.h < g->rows ? r.y + r.h : g->rows;
    return (struct tui_rect){x0, y0, x1 > x0 ? x1 - x0 : 0, y1 > y0 ? y1 - y0 : 0};
}

void tui_grid_fill(struct tui_grid *g, struct tui_rect r, uint32_t ch, enum tui_style style)
{
    r = clip_to_grid(g, r);
    for (int y = r.y; y < r.y + r.h; y++) {
        for (int x = r.x; x < r.x + r.w; x++) {
            g->cells[(size_t)y * (size_t)g->cols + (size_t)x] = (struct tui_cell){ch, style};
        }
    }
}

void tui_grid_restyle(struct tui_grid *g, struct tui_rect r, enum tui_style style)
{
    r = clip_to_grid(g, r);
    for (int y = r.y; y < r.y + r.h; y++) {
        for (int x = r.x; x < r.x + r.w; x++) {
            g->cells[(size_t)y * (size_t)g->cols + (size_t)x].style = (uint8_t)style;
        }
    }
}

/* ---- UTF-8 and widths -------------------------------------------------------------------- */

/* Decodes one character of s (len > 0 bytes); returns its length. Bad bytes give U+FFFD. */
static size_t utf8_next(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = u[0] < 0x80 ? 1 : u[0] >= 0xF0 && u[0] < 0xF5 ? 4 : u[0] >= 0xE0 ? 3
                           : u[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || n > len) {
        *cp = 0xFFFD;
        return 1;
    }
    uint32_t c = n == 1 ? u[0] : (uint32_t)(u[0] & (0x7F >> n));
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return i;
        }
        c = c << 6 | (u[i] & 0x3F);
    }
    *cp = c;
    return n;
}

/* Columns of one character: 0 for combining marks, 2 for East Asian wide ones, else 1. */
static int char_width(uint32_t c)
{
    static const struct {
        uint32_t lo, hi;
        int width;
    } ranges[] = {
        {0x0300, 0x036F, 0},   {0x200B, 0x200F, 0},   {0xFE00, 0xFE0F, 0},
        {0x1100, 0x115F, 2},   {0x2E80, 0x303E, 2},   {0x3041, 0x33FF, 2},
        {0x3400, 0x4DBF, 2},   {0x4E00, 0x9FFF, 2},   {0xA000, 0xA4CF, 2},
        {0xAC00, 0xD7A3, 2},   {0xF900, 0xFAFF, 2},   {0xFE30, 0xFE4F, 2},
        {0xFF00, 0xFF60, 2},   {0xFFE0, 0xFFE6, 2},   {0x1F300, 0x1F64F, 2},
        {0x1F900, 0x1F9FF, 2}, {0x20000, 0x3FFFD, 2},
    };
    if (c < 0x300) {
        return 1;
    }
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        if (c >= ranges[i].lo && c <= ranges[i].hi) {
            return ranges[i].width;
        }
    }
    return 1;
}

int tui_text_width(const char *s, size_t len)
{
    int width = 0;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += utf8_next(s + i, len - i, &c);
        width += char_width(c);
    }
    return width;
}

size_t tui_text_skip(const char *s, size_t len, int cols)
{
    size_t i = 0;
    int width = 0;
    while (i < len && width < cols) {
        uint32_t c;
        i += utf8_next(s + i, len - i, &c);
        width += char_width(c);
    }
    return i;
}

size_t tui_text_wrap(const char *s, size_t len, int cols)
{
    size_t i = 0;
    size_t cut = 0; /* the end of the last word that fits */
    int width = 0;
    while (i < len) {
        uint32_t c;
        size_t n = utf8_next(s + i, len - i, &c);
        if (c == '\n') {
            return i > 0 ? i : 1;
        }
        width += char_width(c);
        if (width > cols) {
            return cut > 0 ? cut : (i > 0 ? i : n);
        }
        i += n;
        if (c == ' ') {
            cut = i;
        }
    }
    return len;
}

/* ---- Text -------------------------------------------------------------------------------- */

static bool inside(struct tui_rect r, int x, int y)
{
    return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

int tui_grid_putc(struct tui_grid *g, struct tui_rect clip, int x, int y, uint32_t ch,
                  enum tui_style style)
{
    clip = clip_to_grid(g, clip);
    if (inside(clip, x, y)) {
        g->cells[(size_t)y * (size_t)g->cols + (size_t)x] = (struct tui_cell){ch, style};
    }
    return x + 1;
}

int tui_grid_put(struct tui_grid *g, struct tui_rect clip, int x, int y, enum tui_style style,
                 const char *s, size_t len)
{
    clip = clip_to_grid(g, clip);
    int after = x + tui_text_width(s, len);
    int right = clip.x + clip.w;
    bool cut = after > right;
    int limit = cut ? right - 1 : right; /* a cut text keeps its last column for the '…' */
    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += utf8_next(s + i, len - i, &c);
        /* Control characters (C0, DEL, C1) and line separators never reach the terminal. */
        bool control = c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
        c = control ? TUI_CH_DOT : c;
        int w = char_width(c);
        if (x + w > limit) {
            break;
        }
        if (w > 0 && inside(clip, x, y)) {
            g->cells[(size_t)y * (size_t)g->cols + (size_t)x] = (struct tui_cell){c, style};
            if (w == 2) {
                g->cells[(size_t)y * (size_t)g->cols + (size_t)x + 1] = (struct tui_cell){0, style};
            }
        }
        x += w;
    }
    if (cut && inside(clip, x, y)) {
        g->cells[(size_t)y * (size_t)g->cols + (size_t)x] =
            (struct tui_cell){TUI_CH_ELLIPSIS, style};
    }
    return after;
}

/* The bytes of s (len) that fit in `cols` columns from its start. */
static size_t head_fitting(const char *s, size_t len, int cols)
{
    size_t i = 0;
    int width = 0;
    while (i < len) {
        uint32_t c;
        size_t n = utf8_next(s + i, len - i, &c);
        if (width + char_width(c) > cols) {
            break;
        }
        width += char_width(c);
        i += n;
    }
    return i;
}

/* Where the tail of s (len bytes) that fits in `cols` columns starts. */
static size_t tail_fitting(const char *s, size_t len, int cols)
{
    size_t start = len;
    while (start > 0) {
        size_t prev = start - 1;
        while (prev > 0 && ((unsigned char)s[prev] & 0xC0) == 0x80) {
            prev--;
        }
        if (tui_text_width(s + prev, len - prev) > cols) {
            break;
        }
        start = prev;
    }
    return start;
}

int tui_grid_put_middle(struct tui_grid *g, struct tui_rect clip, int x, int y,
                        enum tui_style style, const char *s, size_t len)
{
    clip = clip_to_grid(g, clip);
    int room = clip.x + clip.w - x;
    if (tui_text_width(s, len) <= room || room < 3) {
        return tui_grid_put(g, clip, x, y, style, s, len);
    }
    int head_cols = (room - 1) / 2;
    size_t head = head_fitting(s, len, head_cols);
    size_t tail = tail_fitting(s, len, room - 1 - tui_text_width(s, head));
    x = tui_grid_put(g, clip, x, y, style, s, head);
    x = tui_grid_putc(g, clip, x, y, TUI_CH_ELLIPSIS, style);
    return tui_grid_put(g, clip, x, y, style, s + tail, len - tail);
}

int tui_grid_puts(struct tui_grid *g, struct tui_rect clip, int x, int y, enum tui_style style,
                  const char *s)
{
    return tui_grid_put(g, clip, x, y, style, s, strlen(s));
}

int tui_grid_printf(struct tui_grid *g, struct tui_rect clip, int x, int y, enum tui_style style,
                    const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return tui_grid_puts(g, clip, x, y, style, buf);
}

int tui_grid_wrap(struct tui_grid *g, struct tui_rect r, enum tui_style style, const char *s)
{
    size_t left = strlen(s);
    int y = r.y;
    for (; left > 0 && y < r.y + r.h && r.w > 0; y++) {
        size_t n = y + 1 < r.y + r.h ? tui_text_wrap(s, left, r.w) : left;
        size_t line = n;
        while (line > 0 && s[line - 1] == '\n') {
            line--;
        }
        tui_grid_put(g, r, r.x, y, style, s, line);
        s += n;
        left -= n;
        if (left > 0 && (*s == ' ' || *s == '\n')) {
            s++;
            left--;
        }
    }
    return y - r.y;
}

/* ---- Reading back ------------------------------------------------------------------------ */

size_t tui_utf8_put(char *out, uint32_t c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | c >> 12);
        out[1] = (char)(0x80 | (c >> 6 & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | c >> 18);
    out[1] = (char)(0x80 | (c >> 12 & 0x3F));
    out[2] = (char)(0x80 | (c >> 6 & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

size_t tui_grid_row_text(const struct tui_grid *g, int y, char *buf, size_t size)
{
    size_t len = 0;
    size_t keep = 0; /* the length up to the last non-blank */
    for (int x = 0; y >= 0 && y < g->rows && x < g->cols && len + 5 < size; x++) {
        uint32_t c = g->cells[(size_t)y * (size_t)g->cols + (size_t)x].ch;
        if (c == 0) {
            continue;
        }
        len += tui_utf8_put(buf + len, c);
        keep = c != ' ' ? len : keep;
    }
    if (size > 0) {
        buf[keep] = '\0';
    }
    return keep;
}

enum tui_style tui_grid_style_at(const struct tui_grid *g, int x, int y)
{
    if (x < 0 || y < 0 || x >= g->cols || y >= g->rows) {
        return TUI_STYLE_NORMAL;
    }
    return (enum tui_style)g->cells[(size_t)y * (size_t)g->cols + (size_t)x].style;
}
