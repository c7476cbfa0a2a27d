// Contract row "The Node.js surface: events": the 'error' event rule: with a listener it is an
// ordinary event; without one, emit throws the error.
const { EventEmitter } = require('node:events');
const handled = new EventEmitter();
handled.on('error', (e) => console.log('error listener', e.message));
handled.emit('error', new Error('handled'));
const bare = new EventEmitter();
try {
    bare.emit('error', new Error('no listener'));
} catch (e) {
    console.log('emit threw', e.message);
}
process.on('exit', (code) => console.log('exit', code));
setTimeout(() => {
    bare.emit('error', new Error('uncaught from a timer'));
    console.log('never: emit threw');
}, 1);
