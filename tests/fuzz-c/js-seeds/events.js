const EventEmitter = require('events');
const emitter = new EventEmitter();
emitter.on('data', function onData(chunk) {
  console.log('data', chunk);
});
emitter.once('end', () => console.log('end'));
emitter.emit('data', 1);
emitter.emit('end');
emitter.emit('end');
