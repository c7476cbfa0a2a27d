// An async function never throws at its caller: a throw before or after an await rejects its
// promise, and the caller's catch (or try/catch around await) sees it.
async function early() {
    throw new Error('before any await');
}
async function late() {
    await null;
    throw new TypeError('after an await');
}
const p = early();
console.log('early() returned a promise, no exception');
p.catch((e) => console.log('catch:', e.message));
async function caller() {
    try {
        await late();
    } catch (e) {
        console.log('caller caught', e.name, e.message);
    }
    return 'caller done';
}
caller().then((v) => console.log(v));
