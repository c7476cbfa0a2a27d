// await of a plain value, of undefined and of a settled promise each take one round.
async function f() {
    console.log('f starts');
    const a = await 42;
    console.log('after await 42:', a);
    const b = await undefined;
    console.log('after await undefined:', b);
    const c = await Promise.resolve('settled');
    console.log('after await settled promise:', c);
}
Promise.resolve()
    .then(() => console.log('round 1'))
    .then(() => console.log('round 2'))
    .then(() => console.log('round 3'));
f();
console.log('f returned at its first await');
