// Twin of scenarios/dns-lookup-vs-resolve.json: with the only worker held by a 100 ms pbkdf2,
// dns.lookup (getaddrinfo on the pool) waits, while a c-ares query answered at 20 ms does not.
// The DNS server is a local responder on 127.0.0.1 (see outside.js).
'use strict';
process.env.UV_THREADPOOL_SIZE = '1'; // before the pool's first job: the pool starts lazily
process.stdout; // the first use of process.stdout costs milliseconds: pay it before the scenario
const crypto = require('crypto');
const dns = require('dns');
const outside = require('./outside');
const world = outside.start({ dns: true });

const JOB = outside.iterationsFor(100);

crypto.pbkdf2('secret', 'salt', JOB, 64, 'sha512',
    () => console.log('pbkdf2 done: the only worker is free again'));
dns.lookup('localhost', () => console.log('dns.lookup done: it needed a worker and waited for it'));
// dns.resolve: a c-ares query (here through a dns.Resolver aimed at the local responder).
world.resolve(20, () => console.log('dns.resolve done at 20 ms: c-ares needs no worker'));
