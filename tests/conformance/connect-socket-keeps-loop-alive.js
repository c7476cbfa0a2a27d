// Twin of scenarios/connect-socket-keeps-loop-alive.json: a connected socket alone keeps the
// process alive (the only timer is unref'd); closing it or destroying it runs its 'close'
// listeners in the close phase; a refused connection destroys its socket before 'error'.
'use strict';
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const net = require('net');

// The far end: a server in this process that keeps nothing alive (it and its sockets are
// unref'd), and a port that refuses (a server listened on it and closed). Both are ready before
// the scenario starts, still inside the main script's nextTick drain.
function setUp(scenario) {
    const gone = net.createServer().listen(0, '127.0.0.1', () => {
        const refusedPort = gone.address().port;
        gone.close(() => {
            const peer = net.createServer((c) => {
                c.unref();
                c.on('error', () => {});
                c.resume();
            });
            peer.unref();
            peer.listen(0, '127.0.0.1', () => scenario(peer.address().port, refusedPort));
        });
    });
}

setUp((port, refusedPort) => {
    process.on('exit', () => console.log('exit: no open socket is left'));
    const client = net.connect(port, '127.0.0.1');
    client.on('connect', () => {
        console.log('poll: connected; the socket stays open');
        client.write('x', () => console.log('nextTick: the write is done'));
        setTimeout(() => {
            console.log('50 ms: only the open socket kept the loop alive; close it');
            // The scenario's `close` on the socket: the same as destroy() with a 'close' listener.
            client.on('close', () => {
                console.log("close: the socket's 'close'");
                const second = net.connect(port, '127.0.0.1');
                second.on('connect', () => {
                    console.log('poll: a second socket connected');
                    second.on('close', () => {
                        console.log("close: the second socket's 'close'");
                        const refused = net.connect(refusedPort, '127.0.0.1');
                        refused.on('error', () => {
                            console.log('poll: ECONNREFUSED; Node has destroyed this socket already');
                            refused.on('close', () => console.log("close: the refused socket's 'close'"));
                            refused.destroy();
                        });
                    });
                    second.destroy();
                    setImmediate(() => console.log('check: before the close phase'));
                });
            });
            client.destroy();
            setImmediate(() => console.log('check: runs before the close phase'));
        }, 50).unref();
    });
    console.log('main: connecting');
});
