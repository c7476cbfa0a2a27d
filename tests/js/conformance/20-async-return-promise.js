// How soon the caller's then runs for the different ways an async function returns.
let round = 0;
function ruler(n) {
    let p = Promise.resolve();
    for (let i = 1; i <= n; i++) {
        p = p.then(() => console.log(`round ${++round}`));
    }
}
async function plain() {
    return 'value';
}
async function awaited() {
    return await Promise.resolve('await promise');
}
async function promise() {
    return Promise.resolve('promise');
}
async function thenable() {
    return { then: (resolve) => resolve('thenable') };
}
ruler(5);
promise().then((v) => console.log('return', v));
thenable().then((v) => console.log('return', v));
awaited().then((v) => console.log('return', v));
plain().then((v) => console.log('return', v));
