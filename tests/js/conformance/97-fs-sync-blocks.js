// The ...Sync forms run inline and block the loop: a tick queued before them still waits for the
// main script to finish.
const fs = require('fs');
const file = __filename + '.tmp';
process.nextTick(() => console.log('tick queued before the sync calls'));
fs.writeFileSync(file, 'abc');
fs.appendFileSync(file, 'def');
console.log('read back:', fs.readFileSync(file, 'utf8'));
console.log('size:', fs.statSync(file).size);
fs.renameSync(file, file + '2');
let listed = false;
for (const name of fs.readdirSync(__dirname)) {
    listed ||= name === '97-fs-sync-blocks.js.tmp2';
}
console.log('listed:', listed);
fs.unlinkSync(file + '2');
console.log('sync calls done');
