class Point { constructor(x) { this.x = x; } }
function* gen() { yield 1; }
const re = /ab+c/g;
label: for (;;) { break label; }
with (Math) { cos(0); }
const big = 123n;
const obj = { get x() { return 1; } };
for (const k in obj) {}
delete obj.x;
debugger;
const bad = [1, , 2];
const tag = String.raw`x`;
const old = 017;
