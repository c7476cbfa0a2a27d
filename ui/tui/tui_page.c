/*
 * tui_page.c - pages of text that scroll (see tui_page.h), and Markdown as a terminal shows it.
 */
#include "tui_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tui.h"

enum {
    CODE_INDENT = 2,            /* columns code is indented by */
    KEY_GAP = 2,                /* columns between the key column and the text */
};

void tui_page_init(struct tui_page *p, const char *title)
{
    memset(p, 0, sizeof(*p));
    p->title = strdup(title);
    p->oom = p->title == NULL;
}

void tui_page_finish(struct tui_page *p)
{
    if (p == NULL) {
        return;
    }
    for (size_t i = 0; i < p->count; i++) {
        free(p->paras[i].key);
        free(p->paras[i].text);
    }
    free(p->paras);
    free(p->title);
    memset(p, 0, sizeof(*p));
}

static void add(struct tui_page *p, const char *key, const char *text, enum tui_style style,
                bool verbatim)
{
    if (!ui_array_grow((void **)&p->paras, &p->cap, p->count, sizeof(*p->paras))) {
        p->oom = true;
        return;
    }
    struct tui_para *para = &p->paras[p->count];
    para->key = key != NULL ? strdup(key) : NULL;
    para->text = strdup(text);
    para->style = style;
    para->verbatim = verbatim;
    if (para->text == NULL || (key != NULL && para->key == NULL)) {
        free(para->key);
        free(para->text);
        p->oom = true;
        return;
    }
    p->count++;
}

void tui_page_add(struct tui_page *p, const char *key, const char *text, enum tui_style style)
{
    add(p, key, text, style, false);
}

void tui_page_add_code(struct tui_page *p, const char *text)
{
    add(p, NULL, text, TUI_STYLE_NORMAL, true);
}

/* ---- Markdown ---------------------------------------------------------------------------- */

static bool is_space_or_edge(char c)
{
    return c == '\0' || strchr(" \t\n([{\"'.,;:!?)]}", c) != NULL;
}

/*
 * Appends a line of Markdown text without its marks: `code` quotes go, ** goes, and a * goes
 * where it opens or closes emphasis (after a space, before a word; or after a word, before a
 * space or punctuation). A * between words or spaces ("2 * 3") stays.
 */
static void put_plain(struct ui_buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        char before = i > 0 ? s[i - 1] : '\0';
        char after = i + 1 < len ? s[i + 1] : '\0';
        if (c == '`') {
            continue;
        }
        if (c == '*' && after == '*') {
            i++;
            continue;
        }
        bool opens = is_space_or_edge(before) && !is_space_or_edge(after);
        bool closes = !is_space_or_edge(before) && is_space_or_edge(after);
        if (c == '*' && (opens || closes)) {
            continue;
        }
        ui_buf_putc(b, c);
    }
}

static bool starts_item(const char *s, size_t len)
{
    size_t digits = strspn(s, "0123456789");
    return (len >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ') ||
           (digits > 0 && digits + 1 < len && s[digits] == '.' && s[digits + 1] == ' ');
}

/* What add_markdown is building. */
struct md {
    struct tui_page *p;
    enum tui_style style;
    struct ui_buf para;         /* the paragraph so far */
    struct ui_buf code;         /* the fenced block so far */
    bool fence;
    bool gap;                   /* a blank line came since the last paragraph */
};

static void md_flush(struct md *m)
{
    if (m->para.len == 0) {
        return;
    }
    if (m->gap && m->p->count > 0) {
        add(m->p, NULL, "", m->style, false);
    }
    ui_buf_putc(&m->para, '\0');
    add(m->p, NULL, m->para.data, m->style, false);
    m->p->oom |= m->para.oom;
    m->para.len = 0;
    m->gap = false;
}

static void md_fence(struct md *m)
{
    md_flush(m);
    if (m->fence) {
        if (m->gap && m->p->count > 0) {
            add(m->p, NULL, "", m->style, false);
        }
        while (m->code.len > 0 && m->code.data[m->code.len - 1] == '\n') {
            m->code.len--;
        }
        ui_buf_putc(&m->code, '\0');
        add(m->p, NULL, m->code.data, TUI_STYLE_NORMAL, true);
        m->code.len = 0;
        m->gap = false;
    }
    m->fence = !m->fence;
}

/* One line of Markdown (len bytes, no newline). */
static void md_line(struct md *m, const char *s, size_t len)
{
    if (len >= 3 && strncmp(s, "```", 3) == 0) {
        md_fence(m);
    } else if (m->fence) {
        ui_buf_put(&m->code, s, len);
        ui_buf_putc(&m->code, '\n');
    } else if (strspn(s, " \t") >= len) {
        md_flush(m);
        m->gap = true;
    } else {
        size_t indent = strspn(s, " \t"); /* a continued line's indentation joins as one space */
        s += indent;
        len -= indent;
        if (starts_item(s, len)) {
            md_flush(m);
        }
        if (m->para.len > 0) {
            ui_buf_putc(&m->para, ' ');
        }
        put_plain(&m->para, s, len);
    }
}

void tui_page_add_markdown(struct tui_page *p, const char *md, enum tui_style style)
{
    struct md m = {.p = p, .style = style};
    ui_buf_init(&m.para);
    ui_buf_init(&m.code);
    for (const char *s = md; *s != '\0';) {
        size_t len = strcspn(s, "\n");
        md_line(&m, s, len);
        s += len + (s[len] == '\n');
    }
    if (m.fence) {
        md_fence(&m); /* a fence left open ends with the text */
    }
    md_flush(&m);
    p->oom |= m.code.oom;
    ui_buf_finish(&m.para);
    ui_buf_finish(&m.code);
}

/* ---- Drawing ----------------------------------------------------------------------------- */

/* Where rows go: counted always, drawn when they fall inside `body`. */
struct rows {
    struct tui_grid *g;         /* NULL: count only */
    struct tui_rect body;
    size_t top;
    size_t n;
};

/* One row of text at column x, w columns wide. */
static void emit(struct rows *k, int x, int w, enum tui_style style, const char *s, size_t len)
{
    if (k->g != NULL && k->n >= k->top && k->n < k->top + (size_t)k->body.h) {
        int y = k->body.y + (int)(k->n - k->top);
        tui_grid_put(k->g, (struct tui_rect){x, y, w, 1}, x, y, style, s, len);
    }
    k->n++;
}

/* The rows of one paragraph, its key (if any) on the first. */
static void emit_para(struct rows *k, const struct tui_para *para, int key_x, int text_x, int w)
{
    size_t first = k->n;
    const char *s = para->text;
    /* Code is indented, and a code line too long goes on, further indented, on the next row. */
    int indent = para->verbatim ? CODE_INDENT : 0;
    int more = para->verbatim ? CODE_INDENT : 0;
    do {
        size_t line = strcspn(s, "\n");
        if (line == 0) {
            emit(k, text_x, w, para->style, "", 0);
        }
        for (size_t done = 0; done < line;) {
            int x = text_x + indent + (done > 0 ? more : 0);
            int room = text_x + w - x;
            size_t n = tui_text_wrap(s + done, line - done, room > 1 ? room : 1);
            emit(k, x, room, para->style, s + done, n);
            done += n;
            done += !para->verbatim && done < line && s[done] == ' ';
        }
        s += line + (s[line] == '\n');
    } while (*s != '\0');
    if (para->key != NULL && k->g != NULL && first >= k->top &&
        first < k->top + (size_t)k->body.h) {
        int y = k->body.y + (int)(first - k->top);
        tui_grid_puts(k->g, (struct tui_rect){key_x, y, text_x - key_x - 1, 1}, key_x, y,
                      TUI_STYLE_KEY, para->key);
    }
}

/* Lays the paragraphs out into body; draws when g is not NULL. Returns the rows they take. */
static size_t layout(const struct tui_page *p, struct tui_grid *g, struct tui_rect body,
                     size_t top)
{
    int key_w = 0;
    for (size_t i = 0; i < p->count; i++) {
        const char *key = p->paras[i].key;
        int w = key != NULL ? tui_text_width(key, strlen(key)) + KEY_GAP : 0;
        key_w = w > key_w ? w : key_w;
    }
    key_w = key_w < body.w / 2 ? key_w : body.w / 2;
    int text_x = body.x + key_w;
    int w = body.x + body.w - text_x;
    struct rows k = {g, body, top, 0};
    for (size_t i = 0; i < p->count && w > 0; i++) {
        emit_para(&k, &p->paras[i], body.x, text_x, w);
    }
    return k.n;
}

/* The title bar, and the last row: how to scroll, and where the page is. */
static void draw_chrome(struct tui_page *p, struct tui_grid *g, struct tui_rect r)
{
    tui_grid_fill(g, (struct tui_rect){r.x, r.y, r.w, 1}, ' ', TUI_STYLE_HEADER);
    int x = tui_grid_puts(g, r, r.x + 1, r.y, TUI_STYLE_HEADER, "loopsim \u00b7 ");
    tui_grid_puts(g, r, x, r.y, TUI_STYLE_HEADER, p->title);
    char where[96];
    if (p->rows > p->shown) {
        snprintf(where, sizeof where,
                 "\u2191 \u2193 PgUp PgDn scroll \u00b7 rows %zu-%zu of %zu \u00b7 any other key "
                 "closes \u00b7 q quits",
                 p->top + 1, p->top + p->shown, p->rows);
    } else {
        snprintf(where, sizeof where, "any key closes this page \u00b7 q quits");
    }
    tui_grid_puts(g, r, r.x + 1, r.y + r.h - 1, TUI_STYLE_NEW, where);
}

size_t tui_page_draw(struct tui_page *p, struct tui_grid *g, struct tui_rect r, bool chrome)
{
    struct tui_rect body = r;
    if (chrome) {
        body = (struct tui_rect){r.x + 2, r.y + 2, r.w - 4, r.h > 3 ? r.h - 3 : 0};
    }
    p->rows = layout(p, NULL, body, 0);
    p->shown = p->rows < (size_t)body.h ? p->rows : (size_t)body.h;
    size_t last_top = p->rows - p->shown;
    p->top = p->top < last_top ? p->top : last_top;
    layout(p, g, body, p->top);
    if (chrome) {
        draw_chrome(p, g, r);
    }
    return p->rows;
}

bool tui_page_key(struct tui_page *p, int key)
{
    return tui_scroll_key(key, &p->top, p->rows, p->shown);
}
