// Default, named and namespace imports of node modules, with and without the node: prefix.
import fs from 'fs';
import { stat } from 'node:fs/promises';
import * as events from 'node:events';
import { promisify } from 'util';
import timers from 'node:timers';
console.log('typeof require:', typeof require, '__filename:', typeof __filename);
console.log('import.meta.url is a', typeof import.meta.url);
console.log('fs.stat is a', typeof fs.stat, 'stat is a', typeof stat);
const ee = new events.EventEmitter();
const later = events.once(ee, 'go');
timers.setTimeout(() => ee.emit('go', 'went'), 10);
console.log('once gave', await later);
const immediate = promisify(setImmediate);
console.log('promisified immediate gave', await immediate('value'));
