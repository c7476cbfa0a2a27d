// Function declarations are hoisted; recursion; default and rest parameters.
console.log('fib(10) =', fib(10));
function fib(n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
function fact(n, acc = 1) {
    return n <= 1 ? acc : fact(n - 1, acc * n);
}
console.log('fact(10) =', fact(10));
function countdown(n, out = []) {
    if (n === 0) {
        return out;
    }
    out.push(n);
    return countdown(n - 1, out);
}
console.log(countdown(4));
var hoisted;
console.log('var before assignment:', hoisted);
hoisted = 'now set';
console.log(hoisted);
