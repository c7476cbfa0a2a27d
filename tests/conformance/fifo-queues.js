// Twin of scenarios/fifo-queues.json: each queue (nextTick, microtasks, immediates, one timer
// list) is FIFO, and the queues are visited in the order ticks, microtasks, check, timers.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario

for (let i = 1; i <= 3; i++) {
    setTimeout(() => console.log(`timeout ${i}`), 100);
    setImmediate(() => console.log(`immediate ${i}`));
    process.nextTick(() => console.log(`nextTick ${i}`));
    Promise.resolve().then(() => console.log(`promise ${i}`));
}
