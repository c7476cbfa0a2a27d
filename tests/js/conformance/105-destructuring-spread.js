// Destructuring in declarations and parameters, default parameters, rest parameters and spread
// in calls.
const point = { x: 1, y: 2, z: 3 };
const { x, y: why } = point;
const [first, second] = [10, 20, 30];
console.log(x, why, first, second);
function sum(...nums) {
    let total = 0;
    for (const v of nums) {
        total += v;
    }
    return total;
}
const list = [1, 2, 3];
console.log('sum', sum(...list), sum(...list, 4), sum(0, ...list), sum());
function greet({ name, greeting }, mark = '!') {
    return `${greeting} ${name}${mark}`;
}
const hello = { name: 'node', greeting: 'hello' };
console.log(greet(hello), greet({ name: 'sim', greeting: 'hi' }, '?'));
function pair([a, b], ...rest) {
    return { a: a, b: b, rest: rest };
}
console.log(pair([1, 2], 3, 4), pair(['only']));
const pow = (base, exp = 2) => base ** exp;
console.log(pow(3), pow(2, 10));
