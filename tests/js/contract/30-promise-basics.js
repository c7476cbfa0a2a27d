// Contract row "The Node.js surface: promises": new Promise(executor), Promise.resolve,
// Promise.reject, then, catch and finally.
const made = new Promise((resolve) => {
    console.log('executor runs at once');
    resolve('made');
});
made.then((v) => {
    console.log('then', v);
    return v + ' again';
}).then((v) => console.log('then', v));
Promise.reject(new Error('rejected'))
    .then(() => console.log('never: then of a rejection'))
    .catch((e) => {
        console.log('catch', e.message);
        return 'recovered';
    })
    .finally(() => console.log('finally sees no value'))
    .then((v) => console.log('after finally', v));
Promise.resolve(1).then(undefined, () => console.log('never')).then((v) => console.log('v', v));
new Promise((resolve, reject) => reject(new RangeError('second argument')))
    .then(null, (e) => console.log('onRejected', e.name));
console.log('main');
