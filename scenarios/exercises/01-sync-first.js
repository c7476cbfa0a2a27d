// First steps: synchronous code and a timer
//
// A callback given to `setTimeout` never interrupts the code that is running: the whole main
// script runs to its last line, and only then does the event loop start and look at timers.
// Even a delay of 0 waits for the script to finish.
// loopsim: level 1
// loopsim: prompt In what order do the four lines print?
// loopsim: hint Does a delay of 0 mean "now", or "as soon as the running code is done"?
// loopsim: hint The event loop only starts once the main script has returned.
console.log('start');
setTimeout(() => console.log('timeout'), 0);
for (let i = 0; i < 3; i++) {
    // a little work, all of it synchronous
}
console.log('loop done');
console.log('end');
