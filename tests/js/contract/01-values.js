// Contract row "The language subset: Values": undefined, null, booleans, numbers, strings,
// functions and closures, arrays, plain objects, Error, TypeError and RangeError with message
// and name, promises, timer and immediate handles, event emitters.
const EventEmitter = require('events');

function counter() {
    let n = 0;
    return () => ++n;
}
const next = counter();
next();
const values = [undefined, null, true, false, 42, -1.5, 'text', next, [1, 'a'], { k: 'v' }];
for (const v of values) {
    console.log(typeof v, v);
}
console.log('closure', next(), next());
for (const e of [new Error('e1'), new TypeError('e2'), new RangeError('e3')]) {
    console.log(e.name, e.message, e instanceof Error);
}
const p = Promise.resolve(7);
console.log(typeof p.then, p instanceof Promise);
p.then((v) => console.log('promise', v));
const i = setImmediate(() => {
    console.log('immediate');
    const t = setTimeout(() => console.log('timer'), 1);
    console.log('timeout handle', typeof t.ref, typeof t.refresh, typeof t.hasRef);
});
console.log('immediate handle', typeof i.ref, typeof i.unref, typeof i.hasRef);
const em = new EventEmitter();
em.on('x', (v) => console.log('emitter', v));
em.emit('x', 'fired');
