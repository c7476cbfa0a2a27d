// Closures keep their own state; callbacks scheduled later see the variables as they are then.
function makeCounter(start) {
    let n = start;
    return {
        inc: () => ++n,
        get: () => n,
    };
}
const a = makeCounter(0);
const b = makeCounter(100);
a.inc();
a.inc();
b.inc();
console.log('a', a.get(), 'b', b.get());
let shared = 'before';
setTimeout(() => console.log('timer sees', shared, a.get()), 5);
shared = 'after';
a.inc();
const adders = [];
for (let i = 1; i <= 3; i++) {
    adders.push((x) => x + i);
}
console.log(adders[0](10), adders[1](10), adders[2](10));
