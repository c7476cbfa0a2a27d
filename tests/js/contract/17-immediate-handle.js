// Contract row "The Node.js surface: timers": an Immediate's ref(), unref() and hasRef().
const im = setImmediate(() => {
    console.log('ref again: runs');
    const lone = setImmediate(() => console.log('never: an unref immediate alone'));
    lone.unref();
    console.log('its unref immediate does not keep the loop alive', lone.hasRef());
});
console.log('hasRef', im.hasRef());
console.log('unref returns the immediate', im.unref() === im, im.hasRef());
console.log('ref returns the immediate', im.ref() === im, im.hasRef());
