// A thenable: any object with a then method is awaited like a promise
//
// `await` does not call a thenable's `then` at once: it queues a job that calls it with a
// `resolve` and a `reject`, so the value arrives a tick later than a promise's would. The
// thenable may call `resolve` whenever it likes: `later` does it from a timer.
const now = {
    then(resolve) {
        console.log('then of now called');
        resolve('now');
    },
};
const later = {
    then(resolve) {
        console.log('then of later called');
        setTimeout(() => resolve('later'), 10);
    },
};
async function main() {
    console.log('got', await now);
    console.log('got', await later);
}
main();
Promise.resolve().then(() => console.log('tick 1')).then(() => console.log('tick 2'))
    .then(() => console.log('tick 3'));
console.log('main script done: no then called yet');

// loopsim: expect
// main script done: no then called yet
// then of now called
// tick 1
// got now
// tick 2
// then of later called
// tick 3
// got later
