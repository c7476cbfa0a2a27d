// A chain of fs callbacks, each started by the previous one: write, append, read, rename, stat
// of the old name, unlink.
const fs = require('fs');
const file = __filename + '.tmp';
const moved = __filename + '.moved.tmp';
fs.writeFile(file, 'one\n', (err) => { // loopsim: 1ms
    console.log('written', err);
    fs.appendFile(file, 'two\n', () => { // loopsim: 1ms
        fs.readFile(file, 'utf8', (e, text) => { // loopsim: 1ms
            console.log('read %j', text);
            fs.rename(file, moved, () => { // loopsim: 1ms
                fs.stat(file, (e2) => { // loopsim: 1ms
                    console.log('old name after rename:', e2.code);
                    fs.unlink(moved, (e3) => console.log('unlinked', e3)); // loopsim: 1ms
                });
            });
        });
    });
});
console.log('chain started');
