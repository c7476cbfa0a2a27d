// Contract row "The language subset: Functions": function expressions, arrow functions with
// expression and block bodies, async arrows and async function expressions, methods in object
// literals, closures, recursion, return.
const square = function (n) {
    return n * n;
};
const double = (n) => n * 2;
const describe = (n) => {
    const kind = n % 2 === 0 ? 'even' : 'odd';
    return `${n} is ${kind}`;
};
const asyncArrow = async (n) => n + 1;
const asyncExpr = async function (n) {
    return (await asyncArrow(n)) * 2;
};
const obj = {
    base: 100,
    add(n) {
        return this.base + n;
    },
    nested: {
        hello() {
            return 'method';
        },
    },
};
function makeAdder(k) {
    return (n) => n + k;
}
function fact(n) {
    return n <= 1 ? 1 : n * fact(n - 1);
}
function early(n) {
    if (n > 0) {
        return 'positive';
    }
    return 'not positive';
}
console.log(square(4), double(4), describe(3), describe(8));
console.log(obj.add(5), obj.nested.hello(), makeAdder(10)(5), fact(10));
console.log(early(1), early(-1));
asyncArrow(1).then((v) => console.log('async arrow', v));
asyncExpr(4).then((v) => console.log('async function expression', v));
