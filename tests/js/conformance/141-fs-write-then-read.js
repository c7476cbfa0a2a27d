// fs.write puts a Buffer's bytes (or a string's) into the file; fs.read copies the file's bytes
// into the buffer it is given and passes bytesRead: from a position, or from the fd's own
// position (null), which moves on; a read near the end gets only what is left.
const fs = require('fs');
const file = __filename + '.tmp';
fs.open(file, 'w+', (err, fd) => { // loopsim: 1ms
    fs.write(fd, Buffer.from('Hello, '), (err, written, buf) => { // loopsim: 1ms
        console.log('wrote', err, written, buf);
        fs.write(fd, 'bytes!', (err, n, s) => { // loopsim: 1ms
            console.log('wrote', n, s);
            const into = Buffer.alloc(8, '.');
            fs.read(fd, into, 2, 5, 0, (err, got, same) => { // loopsim: 1ms
                console.log('read', err, got, `${into}`, same === into);
                console.log('readSync', fs.readSync(fd, into, 0, 8, 9), into.toString());
                fs.read(fd, Buffer.alloc(4), 0, 4, null, (e, n2, b2) => { // loopsim: 1ms
                    console.log('at the fd position', n2, b2);
                    fs.closeSync(fd);
                    console.log('file', fs.readFileSync(file, 'utf8'), fs.readFileSync(file));
                    const r = fs.openSync(file, 'r');
                    const two = Buffer.alloc(5);
                    const first = fs.readSync(r, two, 0, 5, null) + ' ' + two;
                    const next = fs.readSync(r, two, 0, 5, null) + ' ' + two;
                    console.log('on from the fd position:', first, '|', next);
                    fs.closeSync(r);
                    fs.unlinkSync(file);
                });
            });
        });
    });
});
