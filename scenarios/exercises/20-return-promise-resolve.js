// return Promise.resolve() in an async function
//
// An async function that returns a plain value settles its promise at once. Returning a
// promise is different: the function's promise must adopt it, which takes a job that calls
// its `then`, and then that `then`'s reaction. Two extra rounds of the microtask queue.
// loopsim: level 4
// loopsim: prompt In what order do the five lines print?
// loopsim: hint Count rounds of the microtask queue: the steps print one per round.
// loopsim: hint How does a promise settle when it is resolved with another promise?
async function returnsPromise() {
    return Promise.resolve('p');
}
async function returnsValue() {
    return 'v';
}
returnsPromise().then(() => console.log('returned a promise'));
returnsValue().then(() => console.log('returned a value'));
Promise.resolve()
    .then(() => console.log('step 1'))
    .then(() => console.log('step 2'))
    .then(() => console.log('step 3'));
