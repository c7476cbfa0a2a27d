// await and the microtask queue: the async1/async2 quiz
//
// An async function runs synchronously up to its first `await`; the rest of it is a promise
// job, queued when the awaited value settles. So `async1 end` waits for the main script to
// finish, then takes its turn among the then-chain's jobs. The 0 ms timer runs last: the
// microtask queue is drained completely before the event loop even starts.
async function async1() {
    console.log('async1 start');
    await async2();
    console.log('async1 end');
}
async function async2() {
    console.log('async2');
}
console.log('script start');
setTimeout(() => console.log('setTimeout'), 0);
async1();
new Promise((resolve) => {
    console.log('promise1');
    resolve();
}).then(() => console.log('promise2'))
    .then(() => console.log('promise3'));
console.log('script end');

// loopsim: expect
// script start
// async1 start
// async2
// promise1
// script end
// async1 end
// promise2
// promise3
// setTimeout
