// Top-level await in an ES module
//
// An .mjs file is an ES module, and its body may `await`. The body then runs in pieces: up
// to the first await synchronously, the rest as promise jobs, in whatever phase the awaited
// promise settles, here in the timers phase. A module's jobs run before its nextTicks, the
// reverse of a CommonJS script; and an immediate queued before the await runs before the
// 20 ms timer the body waits for.
import { setTimeout as sleep } from 'timers/promises';
process.nextTick(() => console.log('nextTick from the body'));
Promise.resolve().then(() => console.log('promise job from the body'));
setImmediate(() => console.log('immediate from the body'));
console.log('body starts');
await null;
console.log('after await null: still before any tick');
const value = await sleep(20, 'slept');
console.log(`after await sleep(20): ${value}`);
setTimeout(() => console.log('timeout 0 from the rest'), 0);
setImmediate(() => console.log('immediate from the rest: check comes before timers'));

// loopsim: expect
// body starts
// promise job from the body
// after await null: still before any tick
// nextTick from the body
// immediate from the body
// after await sleep(20): slept
// immediate from the rest: check comes before timers
// timeout 0 from the rest
