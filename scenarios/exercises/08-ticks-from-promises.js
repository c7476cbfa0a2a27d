// A nextTick queued from a promise callback
//
// Node drains the nextTick queue, then the microtask queue, and repeats until both are empty.
// A nextTick queued from inside a `then` callback therefore runs only when the microtask
// queue is empty, after promise callbacks that were queued later than it.
// loopsim: level 2
// loopsim: prompt In what order do the five lines print?
// loopsim: hint While the microtask queue is being drained, what happens to a new nextTick?
// loopsim: hint The two queues take turns, but each is emptied before the other gets a turn.
process.nextTick(() => console.log('tick 1'));
Promise.resolve().then(() => {
    console.log('promise 1');
    process.nextTick(() => console.log('tick 2'));
}).then(() => console.log('promise 2'));
Promise.resolve().then(() => console.log('promise 3'));
