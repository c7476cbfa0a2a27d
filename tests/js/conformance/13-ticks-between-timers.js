// Two timers of the same delay fire in one timers pass; the ticks and promise jobs the first one
// queues run before the second one; an immediate it queues waits for the check phase.
setTimeout(() => {
    console.log('timer A');
    setImmediate(() => {
        console.log('immediate from A');
        process.nextTick(() => console.log('tick from the immediate'));
    });
    process.nextTick(() => console.log('tick from A'));
    Promise.resolve().then(() => console.log('promise from A'));
}, 10);
setTimeout(() => {
    console.log('timer B');
    process.nextTick(() => console.log('tick from B'));
}, 10);
