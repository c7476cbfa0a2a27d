// Every queue at once, inside an I/O callback
//
// Inside the poll phase: the callback's own code, then its nextTicks, then its microtasks
// (and the nextTicks they queue, before the loop moves on), then the check phase with its
// immediate and that immediate's own ticks and microtasks, and last the timer, in the next
// iteration.
// loopsim: level 4
// loopsim: prompt In what order do the eight lines print?
// loopsim: hint Start with what the stat callback prints itself, then drain the queues.
// loopsim: hint After every callback, nextTicks first, then microtasks, until both are empty.
const fs = require('fs');
fs.stat(__filename, () => {
    setTimeout(() => console.log('timeout'), 0);
    setImmediate(() => {
        console.log('immediate');
        Promise.resolve().then(() => console.log('promise in immediate'));
        process.nextTick(() => console.log('tick in immediate'));
    });
    Promise.resolve().then(() => {
        console.log('promise');
        process.nextTick(() => console.log('tick from promise'));
    });
    process.nextTick(() => console.log('tick'));
    console.log('stat callback');
});
