// A throw in the executor rejects the promise (new Promise does not throw); a throw after
// resolve is ignored.
const a = new Promise(() => {
    throw new RangeError('thrown in executor');
});
const b = new Promise((resolve) => {
    resolve('ok');
    throw new Error('ignored');
});
console.log('no exception escaped');
a.catch((e) => console.log('a rejected:', e.name, e.message));
b.then((v) => console.log('b fulfilled:', v));
