// Promise.race, all, allSettled and any
//
// `race` settles with the first input to settle, `all` when every input is fulfilled (or one
// rejects), `allSettled` when every input has settled either way, and `any` with the first
// fulfilled input. Each waits on timers here, so the order follows the timers, and
// combinators settled by the same input go in the order they were called.
// loopsim: level 3
// loopsim: prompt In what order do the four lines print?
// loopsim: hint Write down when each input settles: at once, at 10 ms or at 20 ms.
// loopsim: hint Which input does each combinator need before it can settle?
const slow = new Promise((resolve) => setTimeout(resolve, 20, 'slow'));
const fast = new Promise((resolve) => setTimeout(resolve, 10, 'fast'));
const failed = Promise.reject(new Error('no'));
Promise.all([slow, fast]).then((v) => console.log('all:', v.join(' ')));
Promise.any([failed, slow]).then((v) => console.log('any:', v));
Promise.allSettled([fast, failed])
    .then((r) => console.log('allSettled:', r.map((x) => x.status).join(' ')));
Promise.race([slow, fast]).then((v) => console.log('race:', v));
