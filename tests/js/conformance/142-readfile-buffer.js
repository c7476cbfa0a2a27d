// readFile without an encoding gives a Buffer of the file's bytes: its toString() and its
// template literal are the text that readFile with 'utf8' gives.
const fs = require('fs');
const text = fs.readFileSync(__filename, 'utf8');
const sync = fs.readFileSync(__filename);
console.log(Buffer.isBuffer(sync), Buffer.isBuffer(text), sync.length === Buffer.byteLength(text));
console.log(sync.slice(0, 10), sync.slice(3, 10).toString());
fs.readFile(__filename, (err, data) => { // loopsim: 1ms
    console.log('callback', err, typeof data, data.toString() === text, `${data}` === text);
    console.log(data[0], data[1], data.toString('hex', 0, 4));
    fs.promises.readFile(__filename, { encoding: 'base64' }).then((b64) => { // loopsim: 1ms
        console.log('base64', b64.slice(0, 12), Buffer.from(b64, 'base64').toString() === text);
    });
});
