// Contract row "The Node.js surface: crypto, zlib": crypto.pbkdf2, scrypt, randomBytes and
// randomFill on the worker pool, and their Sync forms, which run inside the caller.
const crypto = require('crypto');
console.log('pbkdf2Sync', crypto.pbkdf2Sync('pw', 'salt', 1000, 32, 'sha256').length);
console.log('scryptSync', crypto.scryptSync('pw', 'salt', 16).length);
console.log('randomBytes without a callback', crypto.randomBytes(8).length);
console.log('randomFillSync', crypto.randomFillSync(Buffer.alloc(4)).length);
crypto.pbkdf2('pw', 'salt', 1000, 64, 'sha512', (err, key) => {
    console.log('pbkdf2', err, key.length);
    crypto.scrypt('pw', 'salt', 32, { N: 1024 }, (err, key) => {
        console.log('scrypt', err, key.length);
        crypto.randomBytes(16, (err, buf) => {
            console.log('randomBytes', err, buf.length);
            crypto.randomFill(Buffer.alloc(12), (err, buf) => {
                console.log('randomFill', err, buf.length);
            });
        });
    });
});
console.log('main ends before any pool callback');
