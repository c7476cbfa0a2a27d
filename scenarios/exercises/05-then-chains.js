// Two promise chains
//
// A `then` callback is queued only when the promise it waits for settles. Two chains started
// together therefore interleave: each step of one chain queues its next step behind the step
// of the other chain that is already waiting.
// loopsim: level 2
// loopsim: prompt In what order do the six lines print?
// loopsim: hint When is the second `then` of a chain queued: when the chain is written, or
// when the first `then` has run?
// loopsim: hint The microtask queue is first in, first out.
Promise.resolve()
    .then(() => console.log('a1'))
    .then(() => console.log('a2'))
    .then(() => console.log('a3'));
Promise.resolve()
    .then(() => console.log('b1'))
    .then(() => console.log('b2'))
    .then(() => console.log('b3'));
