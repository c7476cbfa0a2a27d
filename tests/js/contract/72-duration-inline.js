// Contract row "Virtual time: inline /* loopsim: 30ms */": the comment just before a call
// overrides that call's duration, at the start of a line or inside it.
const crypto = require('crypto');
const key = /* loopsim: 3ms */ crypto.pbkdf2Sync('pw', 'salt', 100000, 64, 'sha512');
/* loopsim: 30ms */ crypto.pbkdf2('pw', 'salt', 100000, 64, 'sha512', () => console.log('done'));
console.log('key', key.length);
