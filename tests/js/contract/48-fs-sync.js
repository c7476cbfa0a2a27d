// Contract row "The Node.js surface: fs": the ...Sync forms, each done when it returns (the
// time they block the loop: trace.json, 70).
const fs = require('fs');
const dir = `${__dirname}/48-dir.tmp`;
const file = `${dir}/a.txt`;
const moved = `${dir}/b.txt`;
setTimeout(() => console.log('timer after the sync calls'), 0);
console.log('statSync', fs.statSync(__filename).isFile(), fs.lstatSync(__dirname).isDirectory());
try {
    fs.accessSync('/no/such/file');
} catch (e) {
    console.log('accessSync', e.code);
}
fs.mkdirSync(dir, { recursive: true });
console.log('writeFileSync', fs.writeFileSync(file, 'hello'));
console.log('appendFileSync', fs.appendFileSync(file, ' world'));
console.log('readFileSync', fs.readFileSync(file, 'utf8'));
console.log('renameSync', fs.renameSync(file, moved));
console.log('readdirSync', fs.readdirSync(dir));
const fd = fs.openSync(moved, 'r+');
console.log('openSync', typeof fd);
console.log('writeSync', fs.writeSync(fd, 'HELLO', 0));
console.log('readSync', fs.readSync(fd, Buffer.alloc(11), 0, 11, 0));
console.log('closeSync', fs.closeSync(fd));
console.log('unlinkSync', fs.unlinkSync(moved));
console.log('existsAfterUnlink', fs.readdirSync(dir));
