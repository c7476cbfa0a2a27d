// Contract row "The language subset: refused constructs": a symbol.
const key = Symbol('key');
console.log(typeof key);
