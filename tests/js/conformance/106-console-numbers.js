// How console.log prints numbers.
console.log(0, -0, 1.5, -2.25, 1e21, 1e-7, 123456789012345680000);
console.log(0.1 + 0.2, 1 / 3, 2 ** 53, 2 ** 53 + 1, 5 / 2, 7 % 3, -7 % 3);
console.log(NaN, Infinity, -Infinity, 0 / 0, 1 / 0, -1 / 0);
console.log([-0, 0], { n: -0 }, 0 * -1, 0.000001, 1e300 * 10);
console.log(100, 1e2, 0.5e1, 10 ** 21, 10 ** 20);
console.log(typeof NaN, NaN === NaN, -0 === 0);
