const { a, b: renamed = 2, ...others } = { a: 1, c: 3, d: 4 };
let [x, y = 10, ...rest] = [1, undefined, 3, 4];
var [[deep], { inner: [z] }] = [[1], { inner: [2] }];
function f({ p, q = p * 2 }, [r, s] = [1, 2], ...more) {
  return p + q + r + s + more.length;
}
[x, y] = [y, x];
({ a: x, ...others } = { a: 5, e: 6 });
console.log(a, renamed, others, x, y, rest, deep, z, f({ p: 1 }));
