// An immediate queues an immediate and a 0 ms timer (reference experiment 9): the timer runs at
// the end of this iteration if the millisecond clock turns before its timers phase, else after
// the second immediate (docs/races.md, clock).
'use strict';
setImmediate(() => {
    console.log('A');
    setImmediate(() => console.log('B (immediate)'));
    setTimeout(() => console.log('T (timeout 0)'), 0);
});
