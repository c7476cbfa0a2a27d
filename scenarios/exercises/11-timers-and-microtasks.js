// Two timers due together, and what they queue
//
// Since Node 11, the nextTick and microtask queues are drained after every callback, even
// between two timers that are due in the same timers phase. An immediate queued by a timer
// waits for the check phase, after every due timer.
// loopsim: level 2
// loopsim: prompt In what order do the five lines print?
// loopsim: hint Both timers are due in the same timers phase. What runs between them?
// loopsim: hint Which phase comes after timers, and what does it run?
setTimeout(() => {
    console.log('timer 1');
    setImmediate(() => console.log('immediate from timer 1'));
    Promise.resolve().then(() => console.log('promise from timer 1'));
    process.nextTick(() => console.log('tick from timer 1'));
}, 0);
setTimeout(() => console.log('timer 2'), 0);
