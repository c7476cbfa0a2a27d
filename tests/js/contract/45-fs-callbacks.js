// Contract row "The Node.js surface: fs": the callback API: stat, lstat, access, open, read,
// write, close, readFile, writeFile, appendFile, readdir, mkdir, unlink and rename, each
// started in the callback of the one before.
const fs = require('fs');
const dir = `${__dirname}/45-dir.tmp`;
const file = `${dir}/a.txt`;
const moved = `${dir}/b.txt`;
fs.stat(__filename, (err, st) => {
    console.log('stat', err, st.isFile(), st.isDirectory(), st.size > 0);
    fs.lstat(__dirname, (err, lst) => {
        console.log('lstat', err, lst.isDirectory());
        fs.access('/no/such/file', (err) => {
            console.log('access', err.code);
            fs.mkdir(__dirname, (err) => {
                console.log('mkdir of what exists', err.code);
                fs.mkdir(dir, { recursive: true }, (err) => {
                    console.log('mkdir', err);
                    writeAndRead();
                });
            });
        });
    });
});
function writeAndRead() {
    fs.writeFile(file, 'hello', (err) => {
        console.log('writeFile', err);
        fs.appendFile(file, ' world', (err) => {
            console.log('appendFile', err);
            fs.readFile(file, 'utf8', (err, text) => {
                console.log('readFile', err, text);
                fs.rename(file, moved, (err) => {
                    console.log('rename', err);
                    fs.readdir(dir, (err, names) => {
                        console.log('readdir', err, names);
                        descriptors();
                    });
                });
            });
        });
    });
}
function descriptors() {
    fs.open(moved, 'r+', (err, fd) => {
        console.log('open', err, typeof fd);
        fs.write(fd, 'HELLO', 0, (err, written) => {
            console.log('write', err, written);
            const buffer = Buffer.alloc(11);
            fs.read(fd, buffer, 0, 11, 0, (err, bytesRead) => {
                console.log('read', err, bytesRead);
                fs.close(fd, (err) => {
                    console.log('close', err);
                    fs.unlink(moved, (err) => {
                        console.log('unlink', err);
                        fs.stat(moved, (err) => console.log('stat after unlink', err.code));
                    });
                });
            });
        });
    });
}
