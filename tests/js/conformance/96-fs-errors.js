// Failing fs calls report an error with a code; access of an existing file passes null; the
// promise API rejects. One after the other, so their order is fixed.
const fs = require('fs');
const missing = __dirname + '/no-such-file.txt';
fs.stat(missing, (err, st) => { // loopsim: 1ms
    console.log('stat missing:', err.code, st);
    fs.mkdir(__dirname, (err2) => { // loopsim: 1ms
        console.log('mkdir existing:', err2.code);
        fs.access(__filename, (err3) => { // loopsim: 1ms
            console.log('access existing:', err3);
            fs.promises.readFile(missing).catch((e) => { // loopsim: 1ms
                console.log('promises.readFile missing:', e.code);
            });
        });
    });
});
try {
    fs.statSync(missing);
} catch (e) {
    console.log('statSync throws:', e.code);
}
