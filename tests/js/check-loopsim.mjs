#!/usr/bin/env node
// check-loopsim.mjs - the JavaScript conformance corpus in loopsim: what each program prints
// and how it exits, against node's record (check-node.mjs keeps that record true).
//
// usage: node tests/js/check-loopsim.mjs LOOPSIM [--dir DIR] [--table FILE] [--verbose]
//
// Every program tests/js/conformance/NN-name.js (or .mjs) runs once as
// `loopsim trace --format jsonl`: its log events, one line each, must be NN-name.out, and the
// end object's exit_code the manifest's "exit". The programs listed in not-yet.txt use what
// loopsim does not simulate in JavaScript yet (its modules fs, crypto, zlib, dns): each must be
// refused before it runs, with loopsim's exit status 2 and a located "FILE:LINE:COL: error:",
// and a listed program that loopsim starts to run fails the check until the list loses it.
// Prints one line per failure, then "N programs: N passed, N refused as listed"; exit status 0
// iff there is no failure. loopsim is deterministic: one run each says it all.
//
// --dir DIR checks another corpus recorded the same way, tests/js/contract/ (the programs of
// the contract's rows): there DIR/not-yet.txt lists what loopsim does not do yet, each name
// with a `# reason`, and a listed program must fail its check (any way) until loopsim does it.
// DIR's errors.txt and trace.json, when present, are checked too (contract-lists.mjs), and
// --table FILE requires FILE's table to name every program of DIR and only those.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine, usageError } from '../lib/args.mjs';
import { run } from '../lib/spawn.mjs';
import { checkErrors, checkTable, checkTraces, listLines } from './contract-lists.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const PROGRAM = /^\d+-[a-z0-9-]+\.(js|mjs|cjs)$/;
const COMMAND_LINE = {
    script: 'check-loopsim.mjs',
    synopsis: 'node tests/js/check-loopsim.mjs LOOPSIM [--dir DIR] [--table FILE] [--verbose]',
    options: {
        dir: { type: 'string', placeholder: 'DIR',
               help: 'the corpus (default tests/js/conformance; not-yet.txt: DIR\'s own)' },
        table: { type: 'string', placeholder: 'FILE',
                 help: 'a table (docs/js-contract.md) that must name every program of DIR' },
        verbose: { type: 'boolean', help: 'a line for every program, passed or not' },
    },
    positionals: true,
};

const { values, positionals } = parseCommandLine(process.argv.slice(2), COMMAND_LINE);
if (positionals.length !== 1) {
    usageError(COMMAND_LINE, 'expected the loopsim binary');
}
const loopsim = resolve(positionals[0]);
// With --dir, a program listed in not-yet.txt must fail in any way; without, be refused.
const contract = values.dir !== undefined;
const CORPUS = contract ? resolve(values.dir) : join(HERE, 'conformance');
const manifest = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8'));
const notYet = new Set(listLines(join(contract ? CORPUS : HERE, 'not-yet.txt')));

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
    if (!contract && notYet.has(name)) {
        const located = /^[^:]+:\d+:\d+: error: /.test(r.stderr);
        return r.status === 2 && located ? 'refused'
            : `${name}: listed in not-yet.txt but not refused with a located error (status ` +
              `${r.status}): take it off the list if loopsim runs it now`;
    }
    return compare(name, file, r);
}

// 'passed' when run `r` of `name` printed and exited as recorded, else what differs.
function compare(name, file, r) {
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
// Every check's result: { name (the program), label (what was checked; null: the program's
// own line says it), problem (null when it passed) }.
const results = [];
let refused = 0;
for (const name of names) {
    const verdict = await check(name);
    refused += verdict === 'refused' ? 1 : 0;
    const ok = verdict === 'passed' || verdict === 'refused';
    results.push({ name, label: ok ? `${name}: ${verdict}` : null, problem: ok ? null : verdict });
}
if (contract) {
    for (const [list, checkList] of [['errors.txt', checkErrors], ['trace.json', checkTraces]]) {
        if (existsSync(join(CORPUS, list))) {
            results.push(...await checkList(loopsim, CORPUS, notYet));
        }
    }
}
if (values.table !== undefined) {
    results.push(...checkTable(resolve(values.table), CORPUS));
}
const failures = [];
const shown = (r) => (r.problem === null ? r.label : `${r.label ?? r.name}: ${r.problem}`)
    .replace(`${r.name}: ${r.name}: `, `${r.name}: `);
for (const r of results) {
    if (r.problem !== null && !(contract && notYet.has(r.name))) {
        failures.push(shown(r));
    } else if (values.verbose) {
        console.log(r.problem === null ? r.label : `not yet: ${shown(r)}`);
    }
}
// A program of the contract's not-yet.txt must fail one of its checks at least.
for (const name of notYet) {
    const mine = results.filter((r) => r.name === name);
    if (mine.length === 0) {
        failures.push(`not-yet.txt names ${name}, which is not in the corpus`);
    } else if (contract && mine.every((r) => r.problem === null)) {
        failures.push(`${name}: listed in not-yet.txt but passes now: take it off the list`);
    }
}
for (const f of failures) {
    console.log(f);
}
const passed = results.filter((r) => r.problem === null).length - refused;
const tail = failures.length > 0 ? `, ${failures.length} failed` : '';
if (contract) {
    console.log(`${names.length} programs, ${results.length} checks: ${passed} passed, ` +
        `${notYet.size} programs not yet as listed${tail}`);
} else {
    console.log(`${names.length} programs: ${passed} passed, ${refused} refused as listed${tail}`);
}
process.exit(failures.length > 0 ? 1 : 0);
