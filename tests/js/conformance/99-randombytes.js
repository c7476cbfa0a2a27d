// randomBytes with a callback runs on the pool; without one it returns at once. Only the
// orderings the pool cannot change are printed.
const crypto = require('crypto');
const now = crypto.randomBytes(8);
console.log('sync randomBytes length', now.length);
crypto.randomBytes(16, (err, buf) => { // loopsim: 1ms
    console.log('async randomBytes: error', err, 'length', buf.length);
    setTimeout(() => console.log('timeout 0 from callback'), 0);
    setImmediate(() => console.log('immediate from callback'));
});
Promise.resolve().then(() => console.log('promise from main'));
process.nextTick(() => console.log('tick from main'));
