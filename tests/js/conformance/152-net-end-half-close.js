// socket.end(): its shutdown completes in the same iteration (libuv feeds it to the pending
// queue, re-run right after poll), so end()'s callback and 'finish' come before that check;
// the other end reads EOF in the next poll ('end'), ends its side too and closes there, and
// the first socket closes when that FIN reaches it, one iteration later. `iteration` counts
// check phases.
const net = require('net');
let iteration = 0;
function count() {
    iteration++;
    if (iteration < 12) {
        setImmediate(count);
    }
}
setImmediate(count);
const server = net.createServer((socket) => {
    console.log('server: connection', iteration);
    socket.on('end', () => console.log('server: end', iteration));
    socket.on('finish', () => console.log('server: finish', iteration));
    socket.on('close', () => {
        console.log('server: close', iteration);
        server.close(() => console.log('server: closed', iteration));
    });
});
server.listen(0, () => {
    const client = net.connect(server.address().port, '127.0.0.1', () => {
        console.log('client: connect', iteration);
        client.end(() => console.log('client: end callback', iteration));
    });
    client.on('end', () => console.log('client: end', iteration));
    client.on('finish', () => console.log('client: finish', iteration));
    client.on('close', () => console.log('client: close', iteration));
});
