// Immediates queued during the check phase
//
// The check phase runs the immediates that were queued when it began. One queued by an
// immediate goes to the next iteration's check phase, so the loop first goes round: past the
// timers phase, where a due timer runs. The nextTick queue, though, is drained after every
// single callback.
// loopsim: level 2
// loopsim: prompt In what order do the five lines print?
// loopsim: hint Which immediates are in the queue when the first check phase begins?
// loopsim: hint Between two check phases, the loop passes through the timers phase.
const fs = require('fs');
fs.stat(__filename, () => {
    setImmediate(() => {
        console.log('immediate 1');
        setImmediate(() => console.log('immediate 3'));
        process.nextTick(() => console.log('tick'));
    });
    setImmediate(() => console.log('immediate 2'));
    setTimeout(() => console.log('timeout'), 0);
});
