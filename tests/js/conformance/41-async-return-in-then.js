// An async function's promise used in a then chain: returning it from a handler costs the two
// extra rounds of any native promise.
async function value() {
    return 'v';
}
Promise.resolve()
    .then(() => console.log('round 1'))
    .then(() => console.log('round 2'))
    .then(() => console.log('round 3'))
    .then(() => console.log('round 4'));
Promise.resolve()
    .then(() => value())
    .then((v) => console.log('handler returned value():', v));
value().then((v) => console.log('value().then:', v));
