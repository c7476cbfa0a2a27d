// An unref'd immediate or interval alone does not keep the loop alive; while an fs.stat keeps
// it alive, the unref'd immediate runs in the check phase after the stat's callback.
const fs = require('fs');
const lonelyInterval = setInterval(() => console.log('never: unref interval'), 200);
lonelyInterval.unref();
const im = setImmediate(() => console.log('unref immediate runs'));
im.unref();
console.log('immediate hasRef', im.hasRef());
fs.stat(__filename, () => console.log('stat callback')); // loopsim: 1ms
process.on('exit', () => console.log('exit'));
