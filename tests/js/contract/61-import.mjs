// Contract row "The Node.js surface: modules": import of the same modules in an ES module:
// default, named and namespace imports, with or without the node: prefix; import.meta.url
// (its file name: 63).
import fs from 'fs';
import { stat } from 'node:fs';
import * as fsp from 'fs/promises';
import crypto from 'node:crypto';
import { gzipSync } from 'zlib';
import * as dns from 'dns';
import EventEmitter, { once } from 'events';
import { setTimeout as after } from 'timers';
import { setImmediate as checked } from 'node:timers/promises';
import util from 'util';
console.log('default', typeof fs.readFile, typeof crypto.pbkdf2, typeof util.promisify);
console.log('named', stat === fs.stat, typeof gzipSync, typeof once, typeof after);
console.log('namespace', typeof fsp.readFile, typeof dns.lookup);
console.log('EventEmitter', typeof new EventEmitter().emit);
console.log('import.meta.url', import.meta.url.startsWith('file:///'));
console.log('checked', await checked('resolved'));
