// The executor runs synchronously; only the first resolve or reject counts.
console.log('before new Promise');
const p = new Promise((resolve, reject) => {
    console.log('executor runs now');
    resolve('first');
    resolve('second');
    reject(new Error('too late'));
    console.log('executor goes on after resolve');
});
p.then((v) => console.log('then got', v));
console.log('after new Promise');
