// resolve(nativePromise) adopts its state two rounds later; Promise.resolve(nativePromise)
// returns the same promise.
const inner = Promise.resolve('inner');
console.log('Promise.resolve(p) === p:', Promise.resolve(inner) === inner);
Promise.resolve().then(() => console.log('round 1'))
    .then(() => console.log('round 2'))
    .then(() => console.log('round 3'));
new Promise((resolve) => resolve(inner)).then((v) => console.log('resolve(p) then got', v));
Promise.resolve(inner).then((v) => console.log('Promise.resolve(p) then got', v));
