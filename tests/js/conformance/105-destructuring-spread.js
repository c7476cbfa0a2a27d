// Destructuring in declarations and parameters, defaults, rest parameters and spread in calls
// and literals.
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
console.log('sum', sum(...list), sum(...list, 4), sum());
function greet({ name, greeting = 'hello' }, [mark] = ['!']) {
    return `${greeting} ${name}${mark}`;
}
console.log(greet({ name: 'node' }), greet({ name: 'sim', greeting: 'hi' }, ['?']));
const merged = { ...point, z: 30, w: 4 };
console.log(merged, [0, ...list, 4]);
const pow = (base, exp = 2) => base ** exp;
console.log(pow(3), pow(2, 10));
