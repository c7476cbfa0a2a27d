// Contract row "The Node.js surface: exceptions": throw anywhere: in a function, a timer, an
// immediate, a tick, a microtask, a promise executor, an async function, an event listener.
const EventEmitter = require('events');
function guarded(name, fn) {
    try {
        fn();
    } catch (e) {
        console.log('caught', name, e.message);
    }
}
guarded('function', () => {
    throw new Error('in a function');
});
setImmediate(() => {
    guarded('immediate', () => {
        throw new Error('in an immediate');
    });
    setTimeout(() => guarded('timer', () => {
        throw new Error('in a timer');
    }), 1);
});
process.nextTick(() => guarded('tick', () => {
    throw new Error('in a tick');
}));
queueMicrotask(() => guarded('microtask', () => {
    throw new Error('in a microtask');
}));
new Promise(() => {
    throw new Error('in an executor');
}).catch((e) => console.log('rejected', e.message));
(async () => {
    throw new Error('in an async function');
})().catch((e) => console.log('rejected', e.message));
const em = new EventEmitter();
em.on('go', () => {
    throw new Error('in a listener');
});
guarded('emit', () => em.emit('go'));
try {
    throw new RangeError('at the top level');
} catch (e) {
    console.log('caught top level', e.name, e.message);
}
