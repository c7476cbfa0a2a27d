// gzip then gunzip on the pool, each started in the previous callback; the sync forms return
// at once.
const zlib = require('zlib');
const text = 'loopsim loopsim loopsim loopsim';
zlib.gzip(text, (err, packed) => { // loopsim: 1ms
    console.log('gzip: error', err);
    zlib.gunzip(packed, (err2, out) => { // loopsim: 1ms
        console.log(`gunzip gives back: ${out}`);
        console.log('deflateSync/inflateSync:', `${zlib.inflateSync(zlib.deflateSync(text))}`);
    });
});
console.log('gzip started');
