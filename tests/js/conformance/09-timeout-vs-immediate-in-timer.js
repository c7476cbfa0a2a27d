// Inside a timer callback, setImmediate runs in this iteration's check phase and a new 0 ms
// timer only in a later timers phase; the timer's own ticks and promises run first.
setTimeout(() => {
    console.log('timer');
    setTimeout(() => console.log('timeout from timer'), 0);
    setImmediate(() => console.log('immediate from timer'));
    Promise.resolve().then(() => console.log('promise from timer'));
    process.nextTick(() => console.log('tick from timer'));
}, 5);
