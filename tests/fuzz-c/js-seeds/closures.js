function counter() {
  let count = 0;
  return {
    inc: () => ++count,
    dec() { return --count; },
  };
}
const c = counter();
c.inc(); c.inc(); c.dec();
const fib = function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); };
const adders = [1, 2, 3].map((n) => (x) => x + n);
console.log(fib(10), adders.map((add) => add(10)));
