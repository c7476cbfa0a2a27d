/*
 * quiz_screen.h - the quiz on a terminal: the program beside the lines it prints, which the
 * student puts in order (space picks a line up, the arrows carry it, space puts it down),
 * with the hints one by one. Like the stepper's views it draws into a grid and takes keys
 * apart from curses; quiz_screen_run is its life on the terminal (tui_term.h).
 */
#ifndef UI_QUIZ_SCREEN_H
#define UI_QUIZ_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "quiz.h"
#include "tui_grid.h"

struct quiz_screen {
    const struct quiz *q;       /* borrowed */
    size_t *order;              /* owned: the list as arranged, indices into q->shuffled */
    size_t count;
    size_t sel;                 /* the highlighted place of the list */
    bool holding;               /* the line at sel was picked up: the arrows carry it */
    size_t hints;               /* hints shown so far */
    size_t program_top;         /* the first program line shown (PgUp/PgDn scroll it) */
    size_t program_rows;        /* the rows the last draw gave the program */
    bool submitted;             /* enter: grade the list as it is */
    bool quit;                  /* q, Esc or a quitting signal */
    struct tui_grid grid;       /* owned: the screen quiz_screen_draw made */
};

/* Starts the list in the question's order. Returns 0, or -1 out of memory. */
int quiz_screen_init(struct quiz_screen *s, const struct quiz *q);

/* Frees what `s` owns; accepts NULL. */
void quiz_screen_finish(struct quiz_screen *s);

/* Draws the screen for a cols x rows terminal into s->grid. Returns 0, or -1 out of memory. */
int quiz_screen_draw(struct quiz_screen *s, int cols, int rows);

/* Handles a key (an enum tui_key or a code point). */
void quiz_screen_key(struct quiz_screen *s, int key);

/* How quiz_screen_run ended. */
enum quiz_screen_end {
    QUIZ_SCREEN_SUBMITTED,      /* order[] holds the answer */
    QUIZ_SCREEN_QUIT,           /* the student gave up */
    QUIZ_SCREEN_NO_TERMINAL,    /* the terminal could not be taken over (said on stderr) */
};

/*
 * Asks the question on the terminal; on QUIZ_SCREEN_SUBMITTED, order[0..n) (caller memory, n
 * the question's lines) is the answer as indices into q->shuffled.
 */
enum quiz_screen_end quiz_screen_run(const struct quiz *q, size_t *order);

#endif
