// Contract row "Virtual time: // loopsim: config KEY=VALUE": threadpool_size=1 serialises the
// pool (the second pbkdf2 starts when the first ends); callback_ms sets what each callback
// costs. The printed order does not depend on it: Promise.all waits for both.
// loopsim: config threadpool_size=1 callback_ms=0.5
const util = require('util');
const pbkdf2 = util.promisify(require('crypto').pbkdf2);
Promise.all([
    pbkdf2('pw', 'salt', 100000, 64, 'sha512'),
    pbkdf2('pw', 'salt', 100000, 64, 'sha512'),
]).then((keys) => console.log('both keys', keys.length));
