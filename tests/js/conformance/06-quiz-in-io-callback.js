// The long quiz (ticks, immediates, queueMicrotask) run inside an fs.stat callback, where
// setImmediate always beats setTimeout 0 (check comes before the next timers phase).
const fs = require('fs');
async function async1() {
    console.log('async1 start');
    await async2();
    console.log('async1 end');
}
async function async2() {
    console.log('async2');
}
fs.stat(__filename, () => { // loopsim: 1ms
    console.log('script start');
    setTimeout(() => console.log('setTimeout 0'), 0);
    setImmediate(() => console.log('setImmediate'));
    process.nextTick(() => console.log('nextTick 1'));
    async1();
    new Promise((resolve) => {
        console.log('promise1');
        resolve();
    }).then(() => console.log('promise2'));
    queueMicrotask(() => console.log('queueMicrotask'));
    process.nextTick(() => console.log('nextTick 2'));
    console.log('script end');
});
