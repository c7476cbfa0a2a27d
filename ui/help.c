/*
 * help.c - what loopsim says about itself: --help, the man page loopsim(1) and the shell
 * completions, all three made from the same tables: the commands (UI_COMMAND_MAP), the options
 * (args.c, ui_option_at), the formats (the printer registry), the exit statuses (UI_EXIT_MAP),
 * the TUI's keys (tui_key_help) and the built-in scenarios. A command, an option or a format
 * added to its table appears in all three; tests/help.sh checks that they agree.
 */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#include "args.h"
#include "builtin.h"
#include "printer.h"
#include "sim.h"
#include "tui.h"
#include "tui_layout.h"
#include "ui.h"

/* The bare `loopsim [SCENARIO]`, which has no row in UI_COMMAND_MAP. */
static const char run_synopsis[] = "[SCENARIO] [options]";
static const char run_help[] =
    "the TUI on a terminal (no SCENARIO: pick a built-in one); else, or with a trace option, "
    "the trace (no SCENARIO: 'default')";

static const char title[] =
    "a deterministic simulator of the Node.js v20 event loop (libuv 1.46)";

static const char scenario_text[] =
    "SCENARIO is a path to a .json file (docs/scenario-format.md), a JavaScript program (.js, "
    ".cjs, .mjs: docs/js-input.md) or the name of a built-in scenario (loopsim list).";

/* What the examples show: a command line and what it does. */
static const struct {
    const char *line;
    const char *what;
} examples[] = {
    {"loopsim", "the default scenario"},
    {"loopsim trace scenarios/default.json", "the same, from its file"},
    {"loopsim trace default --format jsonl -o trace.jsonl", "the trace as JSON lines, into a file"},
    {"loopsim trace --logs my.js", "what `node my.js` would print"},
    {"loopsim trace default --format html -o default.html", "a page to step through"},
    {"loopsim trace default --format chrome -o trace.json", "for ui.perfetto.dev"},
    {"loopsim trace my.json --threadpool 1 --limit check=1 --until 50", "with overrides"},
    {"loopsim check scenarios/*.json", "verify every scenario's `expect`"},
    {"loopsim compare --node 10 --node 20 my.js", "where Node 10 prints otherwise"},
    {"loopsim races timeout-vs-immediate-in-main", "both orders, and what decides"},
    {"loopsim screen default --at 12.5ms --size 80x24", "the stepper's screen at 12.5 ms"},
    {"loopsim export-js pool-of-1-serial -o pool.js && node pool.js", "the same run in node"},
};

enum { HELP_WIDTH = 88 };

/* ---- --help ---------------------------------------------------------------------------- */

/*
 * Prints `text` wrapped to HELP_WIDTH, its lines from column `indent`; the caller is at column
 * `at`, and the text starts on a line of its own when that leaves less than two spaces.
 */
static void put_wrapped(FILE *fp, const char *text, size_t at, size_t indent)
{
    if (at != 0 && at + 2 > indent) {
        fputc('\n', fp);
        at = 0;
    }
    fprintf(fp, "%*s", (int)(indent - at), "");
    size_t col = indent;
    bool first = true;
    while (*text != '\0') {
        size_t word = strcspn(text, " ");
        if (!first && col + 1 + word > HELP_WIDTH) {
            fprintf(fp, "\n%*s", (int)indent, "");
            col = indent;
            first = true;
        }
        if (!first) {
            fputc(' ', fp);
            col++;
        }
        fwrite(text, 1, word, fp);
        col += word;
        first = false;
        text += word;
        text += strspn(text, " ");
    }
    fputc('\n', fp);
}

/* "  loopsim NAME SYNOPSIS" and its help from column 36. */
static void put_command(FILE *fp, const char *name, const char *synopsis, const char *help)
{
    int len = fprintf(fp, "  loopsim%s%s%s%s", name[0] != '\0' ? " " : "", name,
                      synopsis[0] != '\0' ? " " : "", synopsis);
    put_wrapped(fp, help, len > 0 ? (size_t)len : 0, 36);
}

/* The spelling of an option as --help and the man page show it: "-o, --output FILE". */
static void option_spelling(const struct ui_option *o, char *out, size_t size)
{
    char letter[8] = "";
    if (o->letter != 0) {
        snprintf(letter, sizeof letter, "-%c, ", o->letter);
    }
    snprintf(out, size, "%s%s%s%s", letter, o->name, o->value != NULL ? " " : "",
             o->value != NULL ? o->value : "");
}

/* The formats under --format: each name and its summary. */
static void put_formats(FILE *fp)
{
    for (size_t i = 0; printer_at(i) != NULL; i++) {
        const struct printer *p = printer_at(i);
        char what[256];
        snprintf(what, sizeof what, "%s%s", p->summary, i == 0 ? " (default)" : "");
        int len = fprintf(fp, "%*s%-8s", 21, "", p->name);
        put_wrapped(fp, what, len > 0 ? (size_t)len : 0, 30);
    }
}

int ui_help(const struct ui_args *args)
{
    (void)args;
    FILE *fp = stdout;
    fprintf(fp, "loopsim - %s\n\nUsage:\n", title);
    put_command(fp, "", run_synopsis, run_help);
    for (size_t c = 0; c < ui_command_count; c++) {
        const char *help = ui_command_help((enum ui_command)c);
        if (help != NULL) {
            put_command(fp, ui_command_names[c], ui_command_synopsis((enum ui_command)c), help);
        }
    }
    fputs("  loopsim --help | --version\n\n", fp);
    put_wrapped(fp, scenario_text, 0, 0);
    for (int g = 0; g < UI_GROUP_COUNT; g++) {
        fprintf(fp, "\n%s:\n", ui_option_group_heading((enum ui_option_group)g));
        for (size_t i = 0; ui_option_at(i) != NULL; i++) {
            const struct ui_option *o = ui_option_at(i);
            if (o->group != (enum ui_option_group)g) {
                continue;
            }
            char spelling[64];
            option_spelling(o, spelling, sizeof spelling);
            int len = fprintf(fp, "  %s", spelling);
            put_wrapped(fp, o->help, len > 0 ? (size_t)len : 0, 21);
            if (o->values == UI_VALUES_FORMAT) {
                put_formats(fp);
            }
        }
    }
    fputs("\nExit status:\n", fp);
#define X(e, status, when) put_wrapped(fp, when, (size_t)fprintf(fp, "  %d", status), 6);
    UI_EXIT_MAP(X)
#undef X
    fputs("\nExamples:\n", fp);
    for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {
        int len = fprintf(fp, "  %s", examples[i].line);
        put_wrapped(fp, examples[i].what, len > 0 ? (size_t)len : 0, 50);
    }
    return fflush(fp) == 0 && !ferror(fp) ? UI_EXIT_OK : UI_EXIT_USAGE;
}

/* ---- the man page ------------------------------------------------------------------------ */

/* The code point of the UTF-8 sequence at `s` and its length in *len; U+FFFD when invalid. */
static unsigned utf8_decode(const unsigned char *s, size_t *len)
{
    unsigned lead = s[0];
    size_t n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    unsigned cp = n == 1 ? 0xFFFD : lead & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = i;
            return 0xFFFD;
        }
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    *len = n;
    return cp;
}

/*
 * Text as roff: backslashes escaped, a dash a real minus, a line never starting a request, and
 * every character past ASCII as its \[uXXXX] (groff reads its input as Latin-1).
 */
static void roff(FILE *fp, const char *text)
{
    if (text[0] == '.' || text[0] == '\'') {
        fputs("\\&", fp);
    }
    for (const char *s = text; *s != '\0'; s++) {
        if ((unsigned char)*s >= 0x80) {
            size_t len;
            fprintf(fp, "\\[u%04X]", utf8_decode((const unsigned char *)s, &len));
            s += len - 1;
            continue;
        }
        switch (*s) {
        case '\\':
            fputs("\\e", fp);
            break;
        case '-':
            fputs("\\-", fp);
            break;
        case '\n':
            fputs("\n", fp);
            if (s[1] == '.' || s[1] == '\'') {
                fputs("\\&", fp);
            }
            break;
        default:
            fputc(*s, fp);
        }
    }
}

/* A tagged paragraph: .TP, the bold tag, then the text. */
static void man_item(FILE *fp, const char *tag, const char *text)
{
    fputs(".TP\n.B ", fp);
    roff(fp, tag);
    fputc('\n', fp);
    roff(fp, text);
    fputc('\n', fp);
}

static void man_command(FILE *fp, const char *name, const char *synopsis, const char *help)
{
    fputs(".TP\n\\fBloopsim", fp);
    if (name[0] != '\0') {
        fputc(' ', fp);
        roff(fp, name);
    }
    fputs("\\fR", fp);
    if (synopsis[0] != '\0') {
        fputc(' ', fp);
        roff(fp, synopsis);
    }
    fputc('\n', fp);
    roff(fp, help);
    fputs(".\n", fp);
}

/* The names of the built-in scenarios with their titles, as `loopsim list` shows them. */
static void man_scenarios(FILE *fp)
{
    for (size_t i = 0; i < ui_builtin_count; i++) {
        const struct ui_builtin *b = &ui_builtins[i];
        struct sim_diag diag;
        struct sim_program *prog = ui_builtin_load(b, NULL, &diag);
        man_item(fp, b->name, prog != NULL ? prog->name : "(invalid scenario)");
        sim_program_destroy(prog);
    }
}

int ui_man(const struct ui_args *args)
{
    (void)args;
    FILE *fp = stdout;
    fprintf(fp, ".\\\" loopsim(1), made by `loopsim man` from the tables of --help (ui/help.c)\n");
    fprintf(fp, ".TH LOOPSIM 1 \"\" \"loopsim %s\" \"User Commands\"\n", SIM_VERSION);
    fputs(".nh\n.ad l\n.SH NAME\nloopsim \\- ", fp);
    roff(fp, title);
    fputs("\n.SH SYNOPSIS\n.nf\n", fp);
    fprintf(fp, "\\fBloopsim\\fR ");
    roff(fp, run_synopsis);
    fputc('\n', fp);
    for (size_t c = 0; c < ui_command_count; c++) {
        if (ui_command_help((enum ui_command)c) != NULL) {
            fputs("\\fBloopsim ", fp);
            roff(fp, ui_command_names[c]);
            fputs("\\fR ", fp);
            roff(fp, ui_command_synopsis((enum ui_command)c));
            fputc('\n', fp);
        }
    }
    fputs("\\fBloopsim\\fR \\-\\-help | \\-\\-version\n.fi\n", fp);
    fputs(".SH DESCRIPTION\nloopsim models libuv's six phases with their FIFO queues and the "
          "per\\-phase callback limit, the worker pool, process.nextTick and V8's promise jobs, "
          "refs and the liveness of the loop, on a virtual clock. It reads a scenario and "
          "steps through it in a terminal, forward and back, or prints its trace; every event "
          "says why it happened.\n.PP\n", fp);
    roff(fp, scenario_text);
    fputs("\n.SH COMMANDS\n", fp);
    man_command(fp, "", run_synopsis, run_help);
    for (size_t c = 0; c < ui_command_count; c++) {
        const char *help = ui_command_help((enum ui_command)c);
        if (help != NULL) {
            man_command(fp, ui_command_names[c], ui_command_synopsis((enum ui_command)c), help);
        }
    }
    fputs(".SH OPTIONS\n", fp);
    for (int g = 0; g < UI_GROUP_COUNT; g++) {
        fputs(".SS ", fp);
        roff(fp, ui_option_group_heading((enum ui_option_group)g));
        fputc('\n', fp);
        for (size_t i = 0; ui_option_at(i) != NULL; i++) {
            const struct ui_option *o = ui_option_at(i);
            if (o->group != (enum ui_option_group)g) {
                continue;
            }
            char spelling[64];
            option_spelling(o, spelling, sizeof spelling);
            man_item(fp, spelling, o->help);
            if (o->values == UI_VALUES_FORMAT) {
                fputs("see FORMATS below.\n", fp);
            }
        }
    }
    fputs(".SH FORMATS\nWhat \\fB\\-\\-format\\fR takes; \\fBtext\\fR is the default.\n", fp);
    for (size_t i = 0; printer_at(i) != NULL; i++) {
        man_item(fp, printer_at(i)->name, printer_at(i)->summary);
    }
    fputs(".SH KEYS\nIn the TUI (\\fBloopsim tui\\fR, and \\fBscreen \\-\\-keys\\fR):\n", fp);
    for (size_t i = 0; i < tui_key_help_count; i++) {
        man_item(fp, tui_key_help[i].keys, tui_key_help[i].what);
    }
    fputs(".SH BUILT-IN SCENARIOS\n", fp);
    man_scenarios(fp);
    fputs(".SH EXIT STATUS\n", fp);
#define X(e, status, when) man_item(fp, #status, when);
    UI_EXIT_MAP(X)
#undef X
    fputs(".SH ENVIRONMENT\n", fp);
    man_item(fp, "NO_COLOR", "when set, the TUI and screen --color use attributes only, no "
                             "colours.");
    fputs(".SH EXAMPLES\n", fp);
    for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {
        man_item(fp, examples[i].line, examples[i].what);
    }
    fputs(".SH SEE ALSO\n\\fBnode\\fR(1)\n", fp);
    return fflush(fp) == 0 && !ferror(fp) ? UI_EXIT_OK : UI_EXIT_USAGE;
}

/* ---- completions ------------------------------------------------------------------------- */

/* "a|b|c" choices (the config key table's, sim/ops.h) as the words "a b c". */
static void put_choices(FILE *fp, const char *c)
{
    while (*c != '\0') {
        size_t n = strcspn(c, "|");
        fprintf(fp, "%.*s", (int)n, c);
        c += n;
        if (*c == '|') {
            fputc(' ', fp);
            c++;
        }
    }
}

/* Prints the words option `o` takes, separated by spaces; nothing for a free value. */
static void put_values(FILE *fp, const struct ui_option *o)
{
    switch (o->values) {
    case UI_VALUES_FORMAT:
        for (size_t i = 0; printer_at(i) != NULL; i++) {
            fprintf(fp, "%s%s", i != 0 ? " " : "", printer_at(i)->name);
        }
        break;
    case UI_VALUES_NODE:
        put_choices(fp, sim_node_choices());
        break;
    case UI_VALUES_ENTRY:
        put_choices(fp, sim_entry_choices());
        break;
    case UI_VALUES_PANE:
        for (int p = 0, n = 0; p < TUI_PANE_COUNT; p++) {
            if (tui_view_of((enum tui_pane)p)->key != NULL) {
                fprintf(fp, "%s%s", n++ != 0 ? " " : "", tui_pane_name((enum tui_pane)p));
            }
        }
        break;
    case UI_VALUES_PHASE:
        for (size_t i = 0; ui_limit_phase_at(i) != SIM_PHASE_COUNT; i++) {
            fprintf(fp, "%s%s=", i != 0 ? " " : "", sim_phase_name(ui_limit_phase_at(i)));
        }
        break;
    case UI_VALUES_NONE:
    case UI_VALUES_ANY:
    case UI_VALUES_FILE:
        break;
    }
}

/* The long (and short) names of the options command `cmd` takes, separated by spaces. */
static void put_options_of(FILE *fp, enum ui_command cmd)
{
    bool first = true;
    for (size_t i = 0; ui_option_at(i) != NULL; i++) {
        const struct ui_option *o = ui_option_at(i);
        if (o->commands & (1u << cmd)) {
            fprintf(fp, "%s%s", first ? "" : " ", o->name);
            if (o->letter != 0) {
                fprintf(fp, " -%c", o->letter);
            }
            first = false;
        }
    }
}

/* An option as the pattern of a case in a shell's `case`: "    --output|-o". */
static void put_case_pattern(FILE *fp, const struct ui_option *o)
{
    fprintf(fp, "    %s", o->name);
    if (o->letter != 0) {
        fprintf(fp, "|-%c", o->letter);
    }
}

static void put_builtin_names(FILE *fp)
{
    for (size_t i = 0; i < ui_builtin_count; i++) {
        fprintf(fp, "%s%s", i != 0 ? " " : "", ui_builtins[i].name);
    }
}

/* bash: one function, no dependency on the bash-completion package's helpers. */
static void completion_bash(FILE *fp)
{
    fputs("# bash completion for loopsim, made by `loopsim completion bash` (ui/help.c)\n"
          "_loopsim() {\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
          "    local cmd=run words\n"
          "    local commands='",
          fp);
    for (size_t c = 0, n = 0; c < ui_command_count; c++) {
        if (ui_command_help((enum ui_command)c) != NULL) {
            fprintf(fp, "%s%s", n++ != 0 ? " " : "", ui_command_names[c]);
        }
    }
    fputs("'\n    local scenarios='", fp);
    put_builtin_names(fp);
    fputs("'\n"
          "    if [ \"$COMP_CWORD\" -gt 1 ]; then\n"
          "        case \" $commands \" in *\" ${COMP_WORDS[1]} \"*) cmd=${COMP_WORDS[1]} ;; esac\n"
          "    fi\n"
          "    case $prev in\n",
          fp);
    for (size_t i = 0; ui_option_at(i) != NULL; i++) {
        const struct ui_option *o = ui_option_at(i);
        if (o->value == NULL) {
            continue;
        }
        put_case_pattern(fp, o);
        if (o->values == UI_VALUES_FILE) {
            fputs(")\n        COMPREPLY=($(compgen -f -- \"$cur\"))\n", fp);
            fputs("        compopt -o filenames 2>/dev/null\n", fp);
        } else if (o->values == UI_VALUES_ANY) {
            fputs(")\n        COMPREPLY=()\n", fp);
        } else {
            fputs(")\n        COMPREPLY=($(compgen -W '", fp);
            put_values(fp, o);
            fputs("' -- \"$cur\"))\n", fp);
            if (o->values == UI_VALUES_PHASE) {
                fputs("        compopt -o nospace 2>/dev/null\n", fp);
            }
        }
        fputs("        return ;;\n", fp);
    }
    fputs("    esac\n"
          "    case $cmd in\n",
          fp);
    for (size_t c = 0; c < ui_command_count; c++) {
        if (ui_command_help((enum ui_command)c) != NULL) {
            fprintf(fp, "    %s) words='", ui_command_names[c]);
            put_options_of(fp, (enum ui_command)c);
            fputs("' ;;\n", fp);
        }
    }
    fputs("    *) words='", fp);
    put_options_of(fp, UI_CMD_RUN);
    fputs("' ;;\n"
          "    esac\n"
          "    if [[ $cur == -* ]]; then\n"
          "        COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
          "        return\n"
          "    fi\n"
          "    case $cmd in\n"
          "    completion) COMPREPLY=($(compgen -W 'bash zsh' -- \"$cur\")) ; return ;;\n"
          "    list|help) return ;;\n"
          "    run) [ \"$COMP_CWORD\" -eq 1 ] && words=\"$commands $scenarios\" ||"
          " words=$scenarios ;;\n"
          "    *) words=$scenarios ;;\n"
          "    esac\n"
          "    local IFS=$'\\n' f\n"
          "    COMPREPLY=($(compgen -W \"${words// /$'\\n'}\" -- \"$cur\"))\n"
          "    for f in $(compgen -f -- \"$cur\"); do\n"
          "        if [ -d \"$f\" ]; then\n"
          "            COMPREPLY+=(\"$f\")\n"
          "        else\n"
          "            case $f in *.json|*.js|*.cjs|*.mjs) COMPREPLY+=(\"$f\") ;; esac\n"
          "        fi\n"
          "    done\n"
          "    compopt -o filenames 2>/dev/null\n"
          "}\n"
          "complete -F _loopsim loopsim\n",
          fp);
}

/* Prints `text` as a zsh single-quoted word's inside; `name`: its colons escaped too. */
static void put_zsh_quoted(FILE *fp, const char *text, bool name)
{
    for (const char *s = text; *s != '\0'; s++) {
        if (*s == '\'') {
            fputs("'\\''", fp);
        } else if (*s == ':' && name) {
            fputs("\\:", fp);
        } else {
            fputc(*s, fp);
        }
    }
}

/* zsh: commands and options described, values completed after an option. */
static void completion_zsh(FILE *fp)
{
    fputs("#compdef loopsim\n"
          "# zsh completion for loopsim, made by `loopsim completion zsh` (ui/help.c)\n"
          "_loopsim() {\n"
          "    local -a commands scenarios opts\n"
          "    local cmd=run\n"
          "    commands=(\n",
          fp);
    for (size_t c = 0; c < ui_command_count; c++) {
        const char *help = ui_command_help((enum ui_command)c);
        if (help != NULL) {
            fputs("        '", fp);
            put_zsh_quoted(fp, ui_command_names[c], true);
            fputc(':', fp);
            put_zsh_quoted(fp, help, false);
            fputs("'\n", fp);
        }
    }
    fputs("    )\n    scenarios=(", fp);
    put_builtin_names(fp);
    fputs(")\n"
          "    if (( CURRENT > 2 )) && (( ${commands[(I)${words[2]}:*]} )); then\n"
          "        cmd=${words[2]}\n"
          "    fi\n"
          "    case ${words[CURRENT-1]} in\n",
          fp);
    for (size_t i = 0; ui_option_at(i) != NULL; i++) {
        const struct ui_option *o = ui_option_at(i);
        if (o->value == NULL) {
            continue;
        }
        put_case_pattern(fp, o);
        if (o->values == UI_VALUES_FILE) {
            fputs(") _files; return ;;\n", fp);
        } else if (o->values == UI_VALUES_ANY) {
            fputs(") _message ", fp);
            fputc('\'', fp);
            put_zsh_quoted(fp, o->value, false);
            fputs("'; return ;;\n", fp);
        } else {
            fprintf(fp, ") compadd %s-- ", o->values == UI_VALUES_PHASE ? "-S '' " : "");
            put_values(fp, o);
            fputs("; return ;;\n", fp);
        }
    }
    fputs("    esac\n    case $cmd in\n", fp);
    for (size_t c = 0; c <= ui_command_count; c++) {
        enum ui_command cmd = c < ui_command_count ? (enum ui_command)c : UI_CMD_RUN;
        if (c < ui_command_count && ui_command_help(cmd) == NULL) {
            continue;
        }
        fprintf(fp, "    %s) opts=(", c < ui_command_count ? ui_command_names[c] : "*");
        bool first = true;
        for (size_t i = 0; ui_option_at(i) != NULL; i++) {
            const struct ui_option *o = ui_option_at(i);
            if (o->commands & (1u << cmd)) {
                fprintf(fp, "%s'", first ? "" : " ");
                put_zsh_quoted(fp, o->name, true);
                fputc(':', fp);
                put_zsh_quoted(fp, o->help, false);
                fputc('\'', fp);
                first = false;
            }
        }
        fputs(") ;;\n", fp);
    }
    fputs("    esac\n"
          "    if [[ $PREFIX == -* ]]; then\n"
          "        _describe -t options 'option' opts\n"
          "        return\n"
          "    fi\n"
          "    case $cmd in\n"
          "    completion) compadd -- bash zsh; return ;;\n"
          "    list|help) return ;;\n"
          "    esac\n"
          "    if [[ $cmd == run ]] && (( CURRENT == 2 )); then\n"
          "        _describe -t commands 'command' commands\n"
          "    fi\n"
          "    compadd -- $scenarios\n"
          "    _files -g '*.(json|js|cjs|mjs)'\n"
          "}\n"
          "_loopsim \"$@\"\n",
          fp);
}

int ui_completion(const struct ui_args *args)
{
    if (strcmp(args->scenarios[0], "zsh") == 0) {
        completion_zsh(stdout);
    } else {
        completion_bash(stdout);
    }
    return fflush(stdout) == 0 && !ferror(stdout) ? UI_EXIT_OK : UI_EXIT_USAGE;
}
