// Contract row "Virtual time: // loopsim: 30ms": the comment sets the duration of the call the
// line starts even when an argument is made by a call to a function written elsewhere.
const crypto = require('crypto');
const report = (what) => () => console.log(what);
crypto.pbkdf2('pw', 'salt', 100000, 64, 'sha512', report('pbkdf2')); // loopsim: 30ms
