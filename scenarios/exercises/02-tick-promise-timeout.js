// nextTick, promises, a microtask and a timer
//
// After the main script, Node drains the `process.nextTick` queue, then the promise
// microtask queue, and only then enters the event loop, whose first phase runs due timers.
// The order in which the calls were made does not matter across queues; within one queue it
// is first in, first out.
// loopsim: level 1
// loopsim: prompt In what order do the five lines print?
// loopsim: hint Sort the callbacks into queues: nextTick, microtasks (promises) and timers.
// loopsim: hint Which of those queues are emptied before the event loop begins?
setTimeout(() => console.log('timeout'), 0);
Promise.resolve().then(() => console.log('promise'));
process.nextTick(() => console.log('tick'));
console.log('sync 1');
queueMicrotask(() => console.log('microtask'));
console.log('sync 2');
