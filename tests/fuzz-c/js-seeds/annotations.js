// loopsim: config threadpool_size=2 until_ms=1000
const crypto = require('crypto');
crypto.pbkdf2('pw', 'salt', 1e5, 64, 'sha512', () => console.log('a')); // loopsim: 30ms
/* loopsim: 5ms */ crypto.randomBytes(16, () => console.log('b'));
crypto.scrypt('pw', 'salt', 64, () => {}); crypto.scrypt('pw', 's', 64, () => {}); // loopsim: 30ms, 2ms
