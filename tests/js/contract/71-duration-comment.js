// Contract row "Virtual time: // loopsim: 30ms": a comment on the line overrides the duration
// of the operation that line starts: a pbkdf2 of 35.003 ms by default takes 30 ms, a Sync call
// blocks for 4 ms, and each job of readFile's chain takes 2 ms.
const crypto = require('crypto');
const fs = require('fs');
crypto.pbkdf2Sync('pw', 'salt', 100000, 64, 'sha512'); // loopsim: 4ms
crypto.pbkdf2('pw', 'salt', 100000, 64, 'sha512', () => { // loopsim: 30ms
    console.log('pbkdf2');
    fs.readFile(__filename, () => console.log('readFile')); // loopsim: 2ms
});
