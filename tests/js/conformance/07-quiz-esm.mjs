// The long quiz as an ES module: the body runs inside a promise job of the first poll phase, so
// its promise jobs run before its nextTicks, and setImmediate beats setTimeout 0.
async function async1() {
    console.log('async1 start');
    await async2();
    console.log('async1 end');
}
async function async2() {
    console.log('async2');
}
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
