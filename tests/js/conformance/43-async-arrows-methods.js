// Async arrows, async function expressions and async methods of object literals behave alike.
const arrow = async (x) => x * 2;
const expr = async function (x) {
    await null;
    return x + 1;
};
const obj = {
    name: 'obj',
    async method(suffix) {
        await null;
        return this.name + suffix;
    },
};
arrow(21).then((v) => console.log('arrow', v));
expr(1).then((v) => console.log('expression', v));
obj.method('!').then((v) => console.log('method', v));
const block = async () => {
    const a = await arrow(1);
    const b = await expr(a);
    return [a, b];
};
block().then((v) => console.log('block body', v));
