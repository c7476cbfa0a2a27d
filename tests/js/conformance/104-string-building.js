// Strings built with +=, template literals and loops.
let s = '';
for (let i = 0; i < 5; i++) {
    s += i % 2 === 0 ? `[${i}]` : '-';
}
console.log(s);
const name = 'loop';
const n = 3;
console.log(`${name}sim has ${n * 2} phases? no: ${n + 3 === 6 ? 'six' : 'other'}`);
let line = '';
let count = 0;
do {
    line += '*';
    count++;
} while (count < 4);
console.log(line, line.length);
console.log('a' + 1 + 2, 1 + 2 + 'a', `${1 + 2}` + 'b');
console.log(`multi
line`);
console.log('quote \'single\'', "double \"quotes\"", `back\`tick`);
