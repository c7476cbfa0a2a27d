// TypeErrors that promises produce themselves, printed by name and message.
const p = Promise.resolve().then(() => p);
p.catch((e) => console.log(e.name + ':', e.message));
let resolveSelf;
const q = new Promise((resolve) => {
    resolveSelf = resolve;
});
resolveSelf(q);
q.catch((e) => console.log('resolve(self):', e.message));
try {
    new Promise(42);
} catch (e) {
    console.log(e.name + ':', e.message);
}
Promise.resolve('value').then(42).then((v) => console.log('a non-function then passes', v));
