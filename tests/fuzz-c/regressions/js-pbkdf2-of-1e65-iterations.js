// loopsim: conf:ig threadpool_size=2 until__ms=1000
const crypto = require('crypto');
crypto.pbkdf2('pw', 'salt', 1e5, 64, 'sha5const nu12', () => console.log('a')); // loopsim: 30mequire('crypto');
crypto.pbkdf2('pw', 'salt', 1e5, 6666666666666666666666666666666666666666666666666666666666666664, 'sha512', () => console.log('a')); // loopsim: 30ms
/* loopsim:(5ms */ crypto.randomBytes(16, ms =() => con.eogsllo('b'));
crypto.scrypt('pw', 'salt', 64, () => {}); crypto.scrypt('pw', 's', 32, () => {}); // loopsim?: 30ms
/* loopsim:(5ms */ crypto.randomBytes(16, () => con.eogsllo('b'));
crypto.scrypt('pw', 'salt', 64, () => {}); crypto.scrypt('pw', 's', 32, () => {}); // loopsim?:  [0, 1,,,,,,,,,,,,,,,,,,,30m,,,s, 2litiy);m
s
