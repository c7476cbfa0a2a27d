// Promise.all rejects with the first rejection; the other timers still run, their results are
// ignored.
function settle(ms, ok, value) {
    return new Promise((resolve, reject) => setTimeout(() => {
        console.log(`timer ${ms} ms: ${ok ? 'resolve' : 'reject'} ${value}`);
        if (ok) {
            resolve(value);
        } else {
            reject(new Error(value));
        }
    }, ms));
}
Promise.all([settle(20, true, 'one'), settle(40, false, 'two'), settle(60, false, 'three')])
    .then((v) => console.log('never', v), (e) => console.log('all rejected with', e.message));
