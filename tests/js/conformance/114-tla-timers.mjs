// Top-level await in an ES module: the body continues whenever the awaited promise settles, in
// whatever phase that happens.
import { setTimeout as sleep } from 'timers/promises';
console.log('A: body starts');
setTimeout(() => console.log('timeout 0 from A'), 0);
setImmediate(() => console.log('immediate from A'));
process.nextTick(() => console.log('tick from A'));
Promise.resolve().then(() => console.log('promise from A'));
await null;
console.log('B: after await null');
await sleep(20);
console.log('C: after await sleep(20)');
process.nextTick(() => console.log('tick from C'));
setImmediate(() => console.log('immediate from C'));
setTimeout(() => console.log('timeout 0 from C'), 0);
