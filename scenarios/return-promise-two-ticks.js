// return Promise.resolve() in an async function costs two extra ticks
//
// An async function's promise settles at once with a plain value. Returned a promise, it must
// adopt it: a job calls the promise's `then` (one tick), and that then's reaction settles the
// function's promise (a second tick). `return await p` settles sooner. The ruler prints one
// line per round of the microtask queue.
let round = 0;
function ruler(n) {
    let p = Promise.resolve();
    for (let i = 1; i <= n; i++) {
        p = p.then(() => console.log(`round ${++round}`));
    }
}
async function returnsPromise() {
    return Promise.resolve('a promise');
}
async function returnsAwait() {
    return await Promise.resolve('an awaited promise');
}
async function returnsValue() {
    return 'a value';
}
ruler(4);
returnsPromise().then((v) => console.log('returned', v));
returnsAwait().then((v) => console.log('returned', v));
returnsValue().then((v) => console.log('returned', v));

// loopsim: expect
// round 1
// returned a value
// round 2
// returned an awaited promise
// round 3
// returned a promise
// round 4
