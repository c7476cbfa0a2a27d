/*
 * render_source.c - a JavaScript program's own text as the lines of a struct render_js: what
 * the TUI's program pane and `loopsim js` show for a program that is JavaScript already.
 */
#include "render_js.h"

#include <stdlib.h>
#include <string.h>

int render_js_lines(struct render_js *r, const char *source, size_t len)
{
    size_t at = 0;
    while (at < len) {
        const char *nl = memchr(source + at, '\n', len - at);
        size_t end = nl != NULL ? (size_t)(nl - source) : len;
        size_t line_len = end > at && source[end - 1] == '\r' ? end - at - 1 : end - at;
        if (!ui_array_grow((void **)&r->lines, &r->line_cap, r->line_count + 1,
                           sizeof(*r->lines))) {
            return -SIM_ENOMEM;
        }
        r->lines[r->line_count++] = (struct render_js_line){
            .offset = (uint32_t)r->text.len, .len = (uint32_t)line_len, .stmt = SIM_NONE};
        ui_buf_put(&r->text, source + at, line_len);
        ui_buf_putc(&r->text, '\n');
        at = end + 1;
    }
    return r->text.oom ? -SIM_ENOMEM : 0;
}
