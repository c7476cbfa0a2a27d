// a awaits b, which awaits c: each level resumes one round after the one below it.
async function a() {
    console.log('a start');
    await b();
    console.log('a end');
}
async function b() {
    console.log('b start');
    await c();
    console.log('b end');
}
async function c() {
    console.log('c');
}
a();
Promise.resolve().then(() => console.log('p1'))
    .then(() => console.log('p2'))
    .then(() => console.log('p3'));
console.log('sync end');
