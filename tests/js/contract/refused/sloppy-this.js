// Contract row "The language subset: refused constructs": a sloppy-mode difference:
// `this` in a plain call is globalThis in sloppy mode, undefined in strict mode.
function who() {
    return this;
}
console.log(typeof who());
