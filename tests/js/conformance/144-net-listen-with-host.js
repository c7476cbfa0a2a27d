// listen(port, host) binds after a nextTick (the address is looked up first, and an IP answers
// by nextTick), so address() is null until then and 'listening' comes a tick later than for
// listen(port): a tick queued after the call runs before it.
const net = require('net');
const a = net.createServer();
const b = net.createServer();
a.listen(0, '127.0.0.1', () => {
    console.log('a listening; address family', a.address().family);
    a.close(() => console.log('a closed'));
});
b.listen(0, () => {
    console.log('b listening');
    b.close(() => console.log('b closed'));
});
console.log('a.address() right after listen:', a.address());
console.log('b.address() right after listen is an object:', typeof b.address());
process.nextTick(() => console.log('tick queued after both listens'));
