// The quiz with a plain (not async) async2 that returns Promise.resolve(): await of a settled
// native promise costs one job, as in the classic version.
async function async1() {
    console.log('async1 start');
    await async2();
    console.log('async1 end');
}
function async2() {
    console.log('async2');
    return Promise.resolve();
}
console.log('script start');
setTimeout(() => console.log('setTimeout'), 0);
async1();
new Promise((resolve) => {
    console.log('promise1');
    resolve();
}).then(() => console.log('promise2'))
    .then(() => console.log('promise3'))
    .then(() => console.log('promise4'));
console.log('script end');
