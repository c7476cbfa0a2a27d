// Errors that JavaScript itself throws, caught and printed by name and message.
function attempt(label, fn) {
    try {
        fn();
        console.log(label, 'did not throw');
    } catch (e) {
        console.log(`${label}: ${e.name}: ${e.message}`);
    }
}
const obj = { inner: null };
attempt('call undefined', () => obj.nothing());
attempt('read of null', () => obj.inner.x);
attempt('undeclared', () => notDeclared + 1);
attempt('const assign', () => {
    const c = 1;
    c = 2;
});
attempt('custom', () => {
    throw new RangeError('out of range');
});
attempt('plain Error', () => {
    const e = new Error('with message');
    console.log('typeof e:', typeof e, 'name:', e.name);
    throw e;
});
attempt('no throw', () => 1);
