// Contract row "The language subset: strict and sloppy mode": `this` in a plain call is
// globalThis in sloppy mode (a CommonJS file without 'use strict'), undefined in strict mode.
function who() {
    return this;
}
console.log(typeof who());
function strictWho() {
    'use strict';
    return this;
}
console.log(typeof strictWho(), typeof (() => this)());
