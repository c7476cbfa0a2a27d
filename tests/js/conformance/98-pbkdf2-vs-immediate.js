// A pbkdf2 job on the pool takes far longer than one loop iteration: the immediate runs first.
// Inside its callback (poll phase) the new immediate beats the new 0 ms timer.
const crypto = require('crypto');
setImmediate(() => console.log('immediate from main'));
crypto.pbkdf2('secret', 'salt', 500000, 32, 'sha256', (err, key) => { // loopsim: 80ms
    console.log('pbkdf2 done: error', err, 'key length', key.length);
    setTimeout(() => console.log('timeout 0 from pbkdf2'), 0);
    setImmediate(() => console.log('immediate from pbkdf2'));
    process.nextTick(() => console.log('tick from pbkdf2'));
});
process.nextTick(() => console.log('tick from main'));
console.log('main done');
