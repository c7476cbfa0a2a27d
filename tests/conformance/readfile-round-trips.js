// Twin of scenarios/readfile-round-trips.json: with one worker, fs.readFile's open, fstat, read
// and close each queue behind what was submitted meanwhile, so it finishes after a later fs.stat
// and a later 100 ms pbkdf2.
'use strict';
process.env.UV_THREADPOOL_SIZE = '1'; // before the pool's first job: the pool starts lazily
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const outside = require('./outside');
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loopsim-twin-')), 'data.txt');
fs.writeFileSync(file, 'hello\n');
process.on('exit', () => fs.rmSync(path.dirname(file), { recursive: true, force: true }));

const JOB = outside.iterationsFor(100);

fs.readFile(file, () => console.log('fs.readFile done: each of its 4 requests queued behind the others'));
fs.stat(file, () => console.log('fs.stat done: one request'));
crypto.pbkdf2('secret', 'salt', JOB, 64, 'sha512', () => console.log('pbkdf2 done'));
