// setTimeout 0 or setImmediate in the main script
//
// In the main script, `setTimeout(f, 0)` (really 1 ms) and `setImmediate(g)` race. The loop
// starts with the timers phase: if 1 ms has already passed since the timer was set, the
// timeout runs first; if not, the loop goes on to the check phase and the immediate wins.
// How long the process took to start decides, so Node leaves the order open: both answers are
// right, and a program must not depend on it.
// loopsim: level 1
// loopsim: prompt In what order do the two lines print? Could it be different on another run?
// loopsim: hint The timers phase comes before the check phase, but is the timer due yet when
// the loop first looks at it?
// loopsim: hint A delay of 0 is really 1 ms.
setTimeout(() => console.log('timeout'), 0);
setImmediate(() => console.log('immediate'));
