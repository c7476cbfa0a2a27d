#!/usr/bin/env node
// check-loopsim.mjs - the JavaScript conformance corpus in loopsim: what each program prints
// and how it exits, against node's record (check-node.mjs keeps that record true).
//
// usage: node tests/js/check-loopsim.mjs LOOPSIM [--verbose]
//
// Every program tests/js/conformance/NN-name.js (or .mjs) runs once as
// `loopsim trace --format jsonl`: its log events, one line each, must be NN-name.out, and the
// end object's exit_code the manifest's "exit". The programs listed in not-yet.txt use what
// loopsim does not simulate in JavaScript yet (its modules fs, crypto, zlib, dns): each must be
// refused before it runs, with loopsim's exit status 2 and a located "FILE:LINE:COL: error:",
// and a listed program that loopsim starts to run fails the check until the list loses it.
// Prints one line per failure, then "N programs: N passed, N refused as listed"; exit status 0
// iff there is no failure. loopsim is deterministic: one run each says it all.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine, usageError } from '../lib/args.mjs';
import { run } from '../lib/spawn.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const CORPUS = join(HERE, 'conformance');
const PROGRAM = /^\d+-[a-z0-9-]+\.(js|mjs|cjs)$/;
const COMMAND_LINE = {
    script: 'check-loopsim.mjs',
    synopsis: 'node tests/js/check-loopsim.mjs LOOPSIM [--verbose]',
    options: { verbose: { type: 'boolean', help: 'a line for every program, passed or not' } },
    positionals: true,
};

const { values, positionals } = parseCommandLine(process.argv.slice(2), COMMAND_LINE);
if (positionals.length !== 1) {
    usageError(COMMAND_LINE, 'expected the loopsim binary');
}
const loopsim = resolve(positionals[0]);
const manifest = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8'));
const notYet = new Set(readFileSync(join(HERE, 'not-yet.txt'), 'utf8').split('\n')
    .map((l) => l.replace(/#.*/, '').trim()).filter((l) => l !== ''));

/** What loopsim printed and how the simulated process exited, from a jsonl trace. */
function outcome(stdout) {
    const logs = [];
    let exit = null;
    for (const line of stdout.split('\n')) {
        if (line === '') {
            continue;
        }
        const ev = JSON.parse(line);
        if (ev.event === 'log') {
            logs.push(ev.text);
        } else if (ev.event === 'end') {
            exit = ev.exit_code;
        }
    }
    return { text: logs.map((l) => `${l}\n`).join(''), exit };
}

async function check(name) {
    const file = join(CORPUS, name);
    const r = await run(loopsim, ['trace', '--format', 'jsonl', file], CORPUS, 60);
    r.status = r.timedOut ? 'timed out' : r.code;
    if (notYet.has(name)) {
        const located = /^[^:]+:\d+:\d+: error: /.test(r.stderr);
        return r.status === 2 && located ? 'refused'
            : `${name}: listed in not-yet.txt but not refused with a located error (status ` +
              `${r.status}): take it off the list if loopsim runs it now`;
    }
    if (r.status !== 0) {
        return `${name}: loopsim exited with status ${r.status}: ${r.stderr.split('\n')[0]}`;
    }
    const got = outcome(r.stdout);
    const want = readFileSync(file.replace(/\.[a-z]+$/, '.out'), 'utf8');
    if (got.text !== want) {
        const g = got.text.split('\n');
        const w = want.split('\n');
        let i = 0;
        while (i < g.length && i < w.length && g[i] === w[i]) {
            i++;
        }
        return `${name}: line ${i + 1}: node printed ${JSON.stringify(w[i] ?? '(nothing)')}, ` +
            `loopsim ${JSON.stringify(g[i] ?? '(nothing)')}`;
    }
    const exit = manifest[name]?.exit ?? 0;
    if (got.exit !== exit) {
        return `${name}: node exits with ${exit}, loopsim's process with ${got.exit}`;
    }
    return 'passed';
}

const names = readdirSync(CORPUS).filter((n) => PROGRAM.test(n)).sort((a, b) =>
    parseInt(a, 10) - parseInt(b, 10));
let passed = 0;
let refused = 0;
let failed = 0;
for (const name of names) {
    const verdict = await check(name);
    if (verdict === 'passed') {
        passed++;
    } else if (verdict === 'refused') {
        refused++;
    } else {
        failed++;
        console.log(verdict);
    }
    if (values.verbose && (verdict === 'passed' || verdict === 'refused')) {
        console.log(`${name}: ${verdict}`);
    }
}
for (const name of notYet) {
    if (!names.includes(name)) {
        failed++;
        console.log(`not-yet.txt names ${name}, which is not in the corpus`);
    }
}
console.log(`${names.length} programs: ${passed} passed, ${refused} refused as listed` +
    (failed > 0 ? `, ${failed} failed` : ''));
process.exit(failed > 0 ? 1 : 0);
