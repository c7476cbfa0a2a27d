// Contract row "The language subset: refused constructs": a Proxy.
const p = new Proxy({}, {});
console.log(p);
