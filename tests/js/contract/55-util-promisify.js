// Contract row "The Node.js surface: util": util.promisify of the callback APIs and of
// setTimeout and setImmediate.
const util = require('util');
const fs = require('fs');
const crypto = require('crypto');
const stat = util.promisify(fs.stat);
const pbkdf2 = util.promisify(crypto.pbkdf2);
const sleep = util.promisify(setTimeout);
const nextCheck = util.promisify(setImmediate);
async function main() {
    console.log('stat', (await stat(__filename)).isFile());
    await stat('/no/such/file').catch((e) => console.log('stat rejects', e.code));
    console.log('pbkdf2', (await pbkdf2('pw', 'salt', 10, 16, 'sha256')).length);
    console.log('setTimeout', await sleep(5, 'slept'));
    console.log('setImmediate', await nextCheck('checked'));
}
main();
