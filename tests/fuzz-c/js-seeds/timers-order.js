// setTimeout, setImmediate and process.nextTick: the order node gives them.
const { setTimeout: wait } = require('timers/promises');

setTimeout(() => console.log('timeout'), 0);
setImmediate(() => console.log('immediate'));
process.nextTick(() => console.log('tick'));
queueMicrotask(() => console.log('microtask'));
wait(5).then(() => console.log('waited'));
