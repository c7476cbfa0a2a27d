// Twin of scenarios/nexttick-vs-promise.json: CommonJS drain order — all nextTicks (with nested
// ones), then all microtasks (with nested ones), then nextTicks queued by microtasks.
'use strict';
console.log('sync start');
Promise.resolve().then(() => {
    console.log('promise 1');
    process.nextTick(() => console.log('tick from promise 1'));
    Promise.resolve().then(() => console.log('promise from promise 1'));
});
queueMicrotask(() => console.log('queueMicrotask 1'));
process.nextTick(() => {
    console.log('tick 1');
    process.nextTick(() => console.log('tick from tick 1'));
    Promise.resolve().then(() => console.log('promise from tick 1'));
});
process.nextTick(() => console.log('tick 2'));
console.log('sync end');
