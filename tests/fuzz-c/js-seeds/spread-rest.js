function sum(...values) { return values.reduce((a, b) => a + b, 0); }
const arr = [1, 2, 3];
console.log(sum(...arr), sum(...arr, 4, ...[5, 6],), [...arr, ...'ab'], { ...{ a: 1 }, b: 2 });
const { length, ...props } = arr;
const [first, ...tail] = arr;
console.log(length, props, first, tail, Math.max(...tail));
