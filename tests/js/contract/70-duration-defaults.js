// Contract row "Virtual time: defaults from arguments": each timed call's default duration
// follows from its own arguments (docs/js-durations.md): pbkdf2 by its iterations, key length
// and digest, scrypt by its cost, randomBytes by its size, a Sync call's block likewise.
const crypto = require('crypto');
const fs = require('fs');
crypto.pbkdf2Sync('pw', 'salt', 100000, 64, 'sha512');
fs.statSync(__filename);
crypto.pbkdf2('pw', 'salt', 100000, 64, 'sha512', () => {
    console.log('pbkdf2 sha512 100000 iterations, 64 bytes');
    crypto.pbkdf2('pw', 'salt', 100000, 128, 'sha512', () => {
        console.log('pbkdf2 sha512 100000 iterations, 128 bytes');
        crypto.pbkdf2('pw', 'salt', 10000, 64, 'sha256', () => {
            console.log('pbkdf2 sha256 10000 iterations, 64 bytes');
            crypto.scrypt('pw', 'salt', 64, () => {
                console.log('scrypt with its default cost');
                crypto.randomBytes(10240, () => {
                    console.log('randomBytes of 10 KiB');
                    fs.stat(__filename, () => console.log('stat'));
                });
            });
        });
    });
});
