// Contract row "Errors": what JavaScript throws at run time (calling undefined, reading a
// property of null, a ReferenceError) is thrown inside the simulation as node throws it.
function attempt(what, fn) {
    try {
        fn();
    } catch (e) {
        console.log(what, e instanceof Error, e.name, e.message);
    }
}
const o = { n: null, u: undefined };
attempt('call undefined', () => o.u());
attempt('call a missing method', () => o.missing());
attempt('call a number', () => (5)());
attempt('property of null', () => o.n.x);
attempt('property of undefined', () => o.u.y);
attempt('set on null', () => {
    o.n.x = 1;
});
attempt('undeclared name', () => notDeclared + 1);
attempt('before let', () => {
    const v = later;
    let later = 1;
    return v;
});
attempt('assign to const', () => {
    const c = 1;
    c = 2;
});
attempt('too deep', () => {
    const deep = (n) => deep(n + 1) + 1;
    deep(0);
});
