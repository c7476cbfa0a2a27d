// An unref'd server does not keep the process alive: the 'exit' listener runs although the server
// still listens; an unref() before listen() holds. A ref'd socket would keep it alive.
const net = require('net');
const server = net.createServer(() => console.log('never: no client'));
server.unref();
server.listen(0, () => console.log('listening, unref\'d'));
setTimeout(() => console.log('timer: the last ref\'d handle'), 5);
process.on('exit', () => console.log('exit while the server listens'));
