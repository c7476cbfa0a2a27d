// An async function and its first await
//
// Calling an async function runs its body at once, like any function, up to the first
// `await`. There it returns a promise to the caller, and the rest of the body is a microtask
// that runs when the awaited value is ready, after the caller's synchronous code.
// loopsim: level 2
// loopsim: prompt In what order do the six lines print?
// loopsim: hint How much of `load` runs before `main: called load` prints?
// loopsim: hint What comes after an `await` is queued like a `then` callback.
async function load() {
    console.log('load: start');
    await null;
    console.log('load: after await');
    return 'data';
}
console.log('main: before');
load().then((v) => console.log('main: got', v));
console.log('main: called load');
setTimeout(() => console.log('timeout'), 0);
