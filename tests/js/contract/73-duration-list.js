// Contract row "Virtual time: // loopsim: 30ms, 2ms": a line that starts several operations
// gives one duration each, in the order they start. Both callbacks print the same line, so
// node's output does not depend on which ends first.
const crypto = require('crypto');
const fs = require('fs');
let left = 2;
const one = () => --left === 0 && console.log('both done');
crypto.pbkdf2('pw', 'salt', 1e5, 64, 'sha512', one); fs.stat(__filename, one); // loopsim: 30ms, 2ms
