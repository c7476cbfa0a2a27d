// A Buffer holds bytes: console.log shows them in hex (at most 50, then how many more), an
// index reads or writes one byte (a write keeps it modulo 256), and its text is utf8 unless an
// encoding is named.
const b = Buffer.from('Contract héllo');
console.log(b, b.length, b[0], b[100]);
console.log(`${b}|${String(b)}|${b + ''}|%s`, b);
b[0] = 0x163;
b[1] = -1;
b[2] = 'x';
b[200] = 7;
console.log(b, b.toString('hex'), b.toString('base64'));
console.log(b.toString('utf8', 3, 8), b.slice(-5).toString(), b.subarray(4, 8));
const odd = Buffer.from([0xff, 0x41, 0xc3]);
console.log(odd.toString(), Buffer.from([0xe9, 0x41]).toString('latin1'));
console.log(Buffer.from('436f6e', 'hex'), Buffer.from('Q29udHJhY3Q=', 'base64').toString());
console.log(Buffer.alloc(3), Buffer.alloc(5, 'ab'), Buffer.alloc(2, 257), Buffer.alloc(0));
console.log(Buffer.alloc(60, 1));
console.log(Buffer.concat([Buffer.from('ab'), Buffer.from('cd')]), Buffer.concat([b, b], 3));
console.log(Buffer.isBuffer(b), Buffer.isBuffer('b'));
console.log(Buffer.byteLength('héllo'), Buffer.byteLength(b));
console.log({ one: Buffer.from('hi'), list: [Buffer.from('x')] });
console.log(JSON.stringify(Buffer.from('ab')));
const ab = Buffer.from('ab');
console.log(ab.equals(Buffer.from('ab')), ab.equals(Buffer.from('a')));
try {
    Buffer.from('x', 'klingon');
} catch (e) {
    console.log(e.name, e.code, e.message);
}
try {
    Buffer.alloc(-1);
} catch (e) {
    console.log(e.name, e.code, e.message);
}
