/*
 * tui_out.c - the looks of the styles and the ASCII stand-ins (see tui_out.h).
 */
#include "tui_out.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#define BOLD TUI_ATTR_BOLD
#define DIM TUI_ATTR_DIM
#define REV TUI_ATTR_REVERSE
#define UNDER TUI_ATTR_UNDERLINE

/* Each style: colors, its attributes with colors, and without them. */
static const struct tui_look looks[TUI_STYLE_COUNT] = {
    [TUI_STYLE_NORMAL] = {TUI_DEFAULT, TUI_DEFAULT, 0, 0},
    [TUI_STYLE_DIM] = {TUI_DEFAULT, TUI_DEFAULT, DIM, DIM},
    [TUI_STYLE_HEADER] = {TUI_WHITE, TUI_BLUE, BOLD, REV},
    [TUI_STYLE_TITLE] = {TUI_CYAN, TUI_DEFAULT, BOLD, BOLD},
    [TUI_STYLE_FOCUS] = {TUI_BLACK, TUI_CYAN, BOLD, REV | BOLD},
    [TUI_STYLE_PHASE] = {TUI_BLACK, TUI_YELLOW, BOLD, REV | BOLD},
    [TUI_STYLE_SELECT] = {TUI_DEFAULT, TUI_DEFAULT, REV, REV},
    [TUI_STYLE_LINE] = {TUI_BLACK, TUI_GREEN, 0, REV},
    [TUI_STYLE_EXPR] = {TUI_WHITE, TUI_GREEN, BOLD | UNDER, REV | BOLD | UNDER},
    [TUI_STYLE_BODY] = {TUI_GREEN, TUI_DEFAULT, BOLD, BOLD},
    [TUI_STYLE_KEY] = {TUI_YELLOW, TUI_DEFAULT, BOLD, BOLD},
    [TUI_STYLE_BAR] = {TUI_GREEN, TUI_DEFAULT, 0, BOLD},
    [TUI_STYLE_NEW] = {TUI_DEFAULT, TUI_DEFAULT, BOLD, BOLD},
    [TUI_STYLE_WARN] = {TUI_RED, TUI_DEFAULT, BOLD, BOLD | UNDER},
};

#undef BOLD
#undef DIM
#undef REV
#undef UNDER

const struct tui_look *tui_look_of(enum tui_style s)
{
    return &looks[(unsigned)s < TUI_STYLE_COUNT ? s : TUI_STYLE_NORMAL];
}

uint32_t tui_ascii_for(uint32_t c)
{
    /*
     * A busy lane's bar ('#' done, '-' to go) must not look like an idle lane ('.'), and the
     * running callback's gutter mark (':') must not look like the divider ('|') beside it.
     */
    switch (c) {
    case TUI_CH_HLINE:
        return '-';
    case TUI_CH_VLINE:
        return '|';
    case TUI_CH_BAR:
        return ':';
    case TUI_CH_MARK:
        return '>';
    case TUI_CH_FULL:
        return '#';
    case TUI_CH_LIGHT:
        return '-';
    case TUI_CH_DOT:
        return '.';
    case TUI_CH_ELLIPSIS:
        return '~';
    case TUI_CH_ARROW_LEFT:
        return '<';
    case TUI_CH_ARROW_UP:
        return '^';
    case TUI_CH_ARROW_RIGHT:
        return '>';
    case TUI_CH_ARROW_DOWN:
        return 'v';
    default:
        return c < 0x80 ? c : '?';
    }
}

bool tui_locale_utf8(void)
{
    setlocale(LC_ALL, "");
    return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

bool tui_color_allowed(void)
{
    const char *no_color = getenv("NO_COLOR");
    return no_color == NULL || no_color[0] == '\0';
}
