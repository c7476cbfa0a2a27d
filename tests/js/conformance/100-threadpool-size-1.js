// With UV_THREADPOOL_SIZE=1 (set before the pool is first used) pool jobs run one at a time, in
// the order they were submitted, whatever they are.
process.env.UV_THREADPOOL_SIZE = '1';
const crypto = require('crypto');
const fs = require('fs');
crypto.pbkdf2('a', 'b', 100000, 16, 'sha256', () => console.log('pbkdf2 1')); // loopsim: 20ms
crypto.pbkdf2('a', 'b', 50000, 16, 'sha256', () => console.log('pbkdf2 2')); // loopsim: 10ms
fs.stat(__filename, () => console.log('stat, submitted third')); // loopsim: 1ms
crypto.randomBytes(4, () => console.log('randomBytes, submitted last')); // loopsim: 1ms
console.log('four jobs submitted');
