// An ES module with a nextTick and a promise
//
// A CommonJS script runs, then Node drains nextTicks before promises. An ES module's body is
// itself evaluated from a promise job: when it ends, Node is still draining the microtask
// queue, so promise callbacks queued by the module run before any nextTick.
// loopsim: level 3
// loopsim: prompt In what order do the four lines print? Would a .js file print the same?
// loopsim: hint Who runs the body of an ES module, and what is Node in the middle of when the
// body ends?
// loopsim: hint The nextTick queue is drained only once the microtask queue is empty.
process.nextTick(() => console.log('tick'));
Promise.resolve().then(() => console.log('promise'));
setTimeout(() => console.log('timeout'), 0);
console.log('module body');
