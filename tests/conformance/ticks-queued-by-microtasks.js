// Twin of scenarios/ticks-queued-by-microtasks.json: with no nextTick pending, microtasks run
// first; a nextTick they queue waits until the microtask queue is empty, but beats a timeout.
'use strict';
Promise.resolve().then(() => {
    console.log('promise 1');
    process.nextTick(() => console.log('tick queued by promise 1: waits for the microtask queue to empty'));
    setTimeout(() => console.log('timeout queued by promise 1'), 0);
});
Promise.resolve().then(() => {
    console.log('promise 2');
    Promise.resolve().then(() => console.log('promise queued by promise 2: same microtask drain'));
});
