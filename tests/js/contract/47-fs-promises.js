// Contract row "The Node.js surface: fs": the same calls from fs.promises and from
// require('fs/promises'), awaited one after the other.
const fs = require('fs');
const fsp = require('fs/promises');
const dir = `${__dirname}/47-dir.tmp`;
const file = `${dir}/a.txt`;
const moved = `${dir}/b.txt`;
async function main() {
    console.log('same object', fs.promises === fsp, require('node:fs/promises') === fsp);
    const st = await fs.promises.stat(__filename);
    console.log('stat', st.isFile(), (await fsp.lstat(__dirname)).isDirectory());
    await fsp.access('/no/such/file').catch((e) => console.log('access', e.code));
    await fsp.mkdir(__dirname).catch((e) => console.log('mkdir of what exists', e.code));
    await fsp.mkdir(dir, { recursive: true });
    console.log('writeFile', await fsp.writeFile(file, 'hello'));
    console.log('appendFile', await fsp.appendFile(file, ' world'));
    console.log('readFile', await fsp.readFile(file, 'utf8'));
    console.log('rename', await fsp.rename(file, moved));
    console.log('readdir', await fsp.readdir(dir));
    const handle = await fsp.open(moved, 'r+');
    console.log('open', typeof handle.fd);
    const w = await handle.write('HELLO', 0);
    console.log('write', w.bytesWritten);
    const r = await handle.read(Buffer.alloc(11), 0, 11, 0);
    console.log('read', r.bytesRead);
    console.log('close', await handle.close());
    console.log('unlink', await fsp.unlink(moved));
    await fsp.stat(moved).catch((e) => console.log('stat after unlink', e.code));
}
main();
