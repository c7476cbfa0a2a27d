// Contract row "The language subset: Statements": blocks, expression statements, if/else,
// for (;;), for...of over arrays, while, do...while, break, continue, switch, throw,
// try/catch/finally, return.
function classify(n) {
    switch (n) {
    case 0:
        return 'zero';
    case 1:
    case 2:
        return 'small';
    default:
        return 'large';
    }
}
const seen = [];
for (let i = 0; i < 10; i++) {
    if (i === 2) {
        continue;
    } else if (i === 6) {
        break;
    }
    seen.push(i);
}
console.log('for', seen);
for (const n of [0, 1, 5]) {
    console.log('for of', n, classify(n));
}
let w = 0;
while (w < 3) {
    w++;
}
let d = 10;
do {
    d++;
} while (d < 5);
console.log('while', w, 'do while', d);
{
    const block = 'block';
    console.log(block);
}
function tryIt(fail) {
    try {
        if (fail) {
            throw new Error('failed');
        }
        return 'tried';
    } catch (e) {
        return `caught ${e.message}`;
    } finally {
        console.log('finally', fail);
    }
}
console.log(tryIt(false));
console.log(tryIt(true));
