// Contract row "The language subset: Declarations": const, let (block scope, a fresh binding
// per loop iteration), var, hoisted function declarations, async function, object and array
// destructuring in declarations and parameters, default and rest parameters, spread in calls.
console.log(hoisted(2));
function hoisted(x) {
    return x * 10;
}
const c = 1;
let l = 2;
{
    let l = 20;
    const c = 10;
    console.log('inner', c, l);
}
console.log('outer', c, l);
var v = 'var';
if (true) {
    var v = 'var again';
}
console.log(v);
const fs = [];
for (let k = 0; k < 3; k++) {
    fs.push(() => k);
}
console.log(fs.map((f) => f()));
const { a, b: renamed } = { a: 'A', b: 'B' };
const [x, y] = [3, 4];
console.log(a, renamed, x, y);
function params({ p, q }, [r, s], d = 'default') {
    return [p, q, r, s, d];
}
function rest(first, ...others) {
    return [first, others];
}
console.log(params({ p: 1, q: 2 }, [3, 4]), params({ p: 1, q: 2 }, [3, 4], 'given'));
console.log(rest(1), rest(1, 2, 3));
const args = [7, 8, 9];
console.log(Math.max(...args), rest(...args), rest(0, ...args, 10));
async function later() {
    return 'async result';
}
later().then((r) => console.log(r));
