// Two timers of the same delay: the ticks and promise jobs the first one queues run before the
// second one; an immediate the second one queues waits for the check phase.
setTimeout(() => {
    console.log('timer A');
    process.nextTick(() => console.log('tick from A'));
    Promise.resolve().then(() => console.log('promise from A'));
}, 10);
setTimeout(() => {
    console.log('timer B');
    setImmediate(() => {
        console.log('immediate from B');
        process.nextTick(() => console.log('tick from the immediate'));
    });
    process.nextTick(() => console.log('tick from B'));
}, 10);
