// Contract row "The Node.js surface: crypto, zlib": zlib.gzip, gunzip, deflate, inflate and
// brotliCompress on the worker pool, and their Sync forms.
const zlib = require('zlib');
const text = 'the same words again and again, '.repeat(20);
const z = zlib.gunzipSync(zlib.gzipSync(text));
console.log('gzipSync and gunzipSync', `${z}` === text);
console.log('deflateSync and inflateSync', `${zlib.inflateSync(zlib.deflateSync(text))}` === text);
console.log('brotliCompressSync', typeof zlib.brotliCompressSync(text).length);
zlib.gzip(text, (err, gz) => {
    console.log('gzip', err);
    zlib.gunzip(gz, (err, back) => {
        console.log('gunzip', err, `${back}` === text);
        zlib.deflate(text, (err, df) => {
            console.log('deflate', err);
            zlib.inflate(df, (err, back) => {
                console.log('inflate', err, `${back}` === text);
                zlib.brotliCompress(text, (err, br) => {
                    console.log('brotliCompress', err, typeof br.length);
                });
            });
        });
    });
});
console.log('main ends before any pool callback');
