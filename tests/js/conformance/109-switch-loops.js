// switch with fall-through and default, for...of, do...while, break and continue.
function kind(v) {
    switch (typeof v) {
        case 'number':
            if (v < 0) {
                return 'negative';
            }
        // falls through
        case 'bigint':
            return 'numeric';
        case 'string':
            return 'text';
        default:
            return 'other';
    }
}
for (const v of [1, -1, 'a', null]) {
    console.log(v, kind(v));
}
let odd = '';
for (let i = 0; i < 10; i++) {
    if (i % 2 === 0) {
        continue;
    }
    if (i > 7) {
        break;
    }
    odd += i;
}
console.log('odd', odd);
let n = 0;
do {
    n += 5;
} while (n < 12);
console.log('do-while stopped at', n);
