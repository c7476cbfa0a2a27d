/*
 * quiz.c - `loopsim quiz`: the classroom's question, asked and graded.
 */
#include "commands.h"
#include "ui.h"

int ui_quiz(const struct ui_args *args)
{
    (void)args;
    ui_error("quiz: not built yet");
    return UI_EXIT_USAGE;
}
