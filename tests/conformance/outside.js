'use strict';
// outside.js - "the rest of the world" for the conformance twins (not a twin itself).
//
// A scenario's `io`, `listen.connections` and `dns.resolve` stand for things that happen OUTSIDE
// the Node process: a peer writes to a pipe, a client connects, a DNS server answers. They happen
// at their time even while the main thread is blocked by a busy loop. A twin therefore cannot
// produce them from its own timers; this module runs them on a worker thread that owns its own
// event loop and acts at absolute times of the shared monotonic clock (process.hrtime).
//
// Everything stays on this machine: FIFOs in a temporary directory, TCP clients of a server on
// 127.0.0.1, a DNS responder on 127.0.0.1 (it answers NXDOMAIN; nothing is ever forwarded).
//
// Use (CommonJS, synchronous, before the scenario's first statement):
//   const world = require('./outside').start({ fifos: 2, dns: true });
//   world.io(ms, cb)            - a pipe becomes readable ms from now; cb runs in the poll phase
//   world.ioDeferred(cb)        - a pipe connect that fails at once: libuv reports it from the
//                                 pending phase (uv__io_feed); cb runs there
//   world.clients(server, [ms]) - clients connect ms after this call (call it at `listen`)
//   world.resolve(ms, cb)       - a c-ares query the local DNS responder answers ms later
//   world.holdWorker(ms, cb)    - a worker-pool job that holds a worker for exactly ms: a blocking
//                                 fs.read on a FIFO the worker thread writes to ms from now. Its
//                                 length does not depend on the CPU (a calibrated pbkdf2 does),
//                                 but it is only "ms from its start" if a worker is free now.
// start() blocks until the worker is ready, so its start-up cost (tens of ms) is spent before the
// scenario begins. The worker is unref'd: it never keeps the twin alive.
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const dns = require('dns');
const { Worker } = require('worker_threads');
const { execFileSync } = require('child_process');

const WORKER = `
'use strict';
const { parentPort, workerData } = require('worker_threads');
const fs = require('fs');
const net = require('net');
const dgram = require('dgram');
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const at = (t, fn) => setTimeout(fn, Math.max(0, t - nowMs()));
const flag = new Int32Array(workerData.sab);
const writers = workerData.fifos.map((p) => fs.openSync(p, 'w'));
const holdWriters = workerData.holds.map((p) => fs.openSync(p, 'w'));
const clients = [];
parentPort.on('message', (m) => {
  if (m.kind === 'io') {
    at(m.at, () => fs.writeSync(writers[m.index], 'x'));
  } else if (m.kind === 'hold') {
    at(m.at, () => fs.writeSync(holdWriters[m.index], 'x'));
  } else if (m.kind === 'connect') {
    for (const t of m.ats) {
      at(t, () => {
        const c = net.connect(m.port, '127.0.0.1');
        c.on('error', () => {});
        c.resume();
        clients.push(c);
      });
    }
  }
});
function ready() { Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); }
if (workerData.dns) {
  // A DNS responder that answers every query with NXDOMAIN after the delay written in the
  // query's first label ("d30" = 30 ms).
  const srv = dgram.createSocket('udp4');
  srv.on('message', (msg, peer) => {
    const len = msg[12];
    const label = msg.subarray(13, 13 + len).toString();
    const ms = label.startsWith('d') ? Number(label.slice(1)) : 0;
    const received = nowMs();
    at(received + ms, () => {
      const resp = Buffer.from(msg);
      resp[2] = 0x81;
      resp[3] = 0x83;
      srv.send(resp, peer.port, peer.address);
    });
  });
  srv.bind(0, '127.0.0.1', () => { flag[1] = srv.address().port; ready(); });
} else {
  ready();
}
`;

function start(options = {}) {
    const fifoCount = options.fifos || 0;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopsim-twin-'));
    const fifos = [];
    const readers = [];
    for (let i = 0; i < fifoCount; i++) {
        const p = path.join(dir, `pipe${i}`);
        execFileSync('mkfifo', [p]);
        // Open the read end first, non-blocking, so the worker's blocking open for writing
        // returns at once and the pipe never reports a hang-up before the write.
        readers.push(fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK));
        fifos.push(p);
    }
    // FIFOs for holdWorker, opened read-write: such an open never blocks, and the descriptor stays
    // in blocking mode, so an fs.read on it keeps a pool thread waiting until the byte arrives.
    const holds = [];
    const holders = [];
    for (let i = 0; i < (options.holds || 0); i++) {
        const p = path.join(dir, `hold${i}`);
        execFileSync('mkfifo', [p]);
        holders.push(fs.openSync(p, fs.constants.O_RDWR));
        holds.push(p);
    }
    const sab = new SharedArrayBuffer(8);
    const flag = new Int32Array(sab);
    const worker = new Worker(WORKER, { eval: true, workerData: { sab, fifos, holds, dns: !!options.dns } });
    worker.unref();
    if (Atomics.wait(flag, 0, 0, 20000) === 'timed-out' || flag[0] !== 1) {
        throw new Error('outside.js: the worker thread did not start');
    }
    for (const p of [...fifos, ...holds]) {
        fs.unlinkSync(p);
    }
    fs.rmdirSync(dir);
    // Load c-ares and create the channel now: the first Resolver costs milliseconds.
    let resolver = null;
    if (options.dns) {
        resolver = new dns.Resolver({ timeout: 5000, tries: 1 });
        resolver.setServers([`127.0.0.1:${flag[1]}`]);
    }
    const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
    let nextFifo = 0;
    let nextHold = 0;

    return {
        now: nowMs,
        io(ms, cb) {
            if (nextFifo >= readers.length) {
                throw new Error('outside.js: start() was given too few fifos');
            }
            const index = nextFifo++;
            const sock = new net.Socket({ fd: readers[index], readable: true, writable: false });
            sock.once('data', () => {
                sock.destroy();
                cb();
            });
            worker.postMessage({ kind: 'io', index, at: nowMs() + ms });
        },
        holdWorker(ms, cb) {
            if (nextHold >= holders.length) {
                throw new Error('outside.js: start() was given too few holds');
            }
            const index = nextHold++;
            fs.read(holders[index], Buffer.alloc(1), 0, 1, null, () => cb());
            worker.postMessage({ kind: 'hold', index, at: nowMs() + ms });
        },
        ioDeferred(cb) {
            const sock = net.connect(path.join(os.tmpdir(), 'loopsim-no-such-dir', 'no.sock'));
            sock.on('error', () => cb());
        },
        clients(server, times) {
            const base = nowMs();
            server.once('listening', () => {
                worker.postMessage({
                    kind: 'connect',
                    port: server.address().port,
                    ats: times.map((t) => base + t),
                });
            });
        },
        resolve(ms, cb) {
            if (resolver === null) {
                throw new Error('outside.js: start() was not asked for dns');
            }
            resolver.resolve4(`d${ms}.loopsim.invalid`, () => cb());
        },
    };
}

/*
 * pbkdf2-sha512 iterations that keep one core busy for at least about `ms` on this machine. The
 * fastest of several short samples is the speed of an unloaded core: if the machine is busy, the
 * job takes longer, never shorter, than asked. Shared by the twins that need a pool job of a
 * given length.
 */
function iterationsFor(ms) {
    const crypto = require('crypto');
    const n = 5000;
    let best = Infinity;
    for (let i = 0; i < 8; i++) {
        const t = performance.now();
        crypto.pbkdf2Sync('x', 'y', n, 64, 'sha512');
        best = Math.min(best, performance.now() - t);
    }
    return Math.max(1, Math.round((n * ms) / best));
}

module.exports = { start, iterationsFor };
