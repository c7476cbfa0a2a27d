#!/usr/bin/env node
// trace-format.mjs - the jsonl trace, its documentation and its JSON Schema agree with the engine.
//
// usage: node tests/trace-format.mjs LOOPSIM SRCROOT BUILDDIR [--update]
//
//   1. docs/trace-format.md's list of reasons is the engine's table (sim/names.h SIM_REASON_MAP,
//      printed by the hidden `loopsim names`), key for key and sentence for sentence;
//   2. tests/trace-schema.json's enums (phases, event kinds, reasons, outcomes) are the same;
//   3. the jsonl trace of every built-in scenario (`loopsim list`), and of a few scenarios that
//      end every other way, is valid against the schema (ajv, pinned in tests/package.json and
//      installed with `npm ci` into BUILDDIR/npm), and holds what the schema cannot say: seq
//      counts from 1, the clock never goes back, time_ms is time_ns in ms, and the end object
//      counts what came before it.
//
// --update rewrites the list of reasons in the doc and the enums in the schema instead of
// checking them (review the diff).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { npmInstall, npmRequire } from './lib/npm.mjs';
import { makeChecks } from './lib/checks.mjs';

const [loopsim, root, build, flag] = process.argv.slice(2);
if (!loopsim || !root || !build) {
    console.error('usage: node tests/trace-format.mjs LOOPSIM SRCROOT BUILDDIR [--update]');
    process.exit(2);
}
const update = flag === '--update';
const docPath = join(root, 'docs', 'trace-format.md');
const schemaPath = join(root, 'tests', 'trace-schema.json');
const { check, finish } = makeChecks();

const names = JSON.parse(execFileSync(loopsim, ['names'], {encoding: 'utf8'}));

// ---- 1. The doc's list of reasons ----------------------------------------------------------

const BEGIN =
    '<!-- reasons: generated from sim/names.h by `node tests/trace-format.mjs ... --update` -->';
const END = '<!-- end of reasons -->';

function reasonTable() {
    const cell = (s) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
    const rows = names.reasons.map((r) =>
        `| \`${r.key}\` | ${r.template === '' ? '*(no sentence)*' : cell(r.template)} |`);
    return [BEGIN, '', '| reason | why (its template) |', '|---|---|', ...rows, '', END].join('\n');
}

const doc = readFileSync(docPath, 'utf8');
const from = doc.indexOf(BEGIN);
const to = doc.indexOf(END);
check('docs/trace-format.md has the markers of its list of reasons', from >= 0 && to > from);
if (from >= 0 && to > from) {
    const now = doc.slice(from, to + END.length);
    if (update) {
        writeFileSync(docPath, doc.slice(0, from) + reasonTable() + doc.slice(to + END.length));
    } else {
        check('docs/trace-format.md lists the engine\'s reasons and sentences (run with --update)',
            now === reasonTable(), firstDifference(now, reasonTable()));
    }
}

function firstDifference(a, b) {
    const x = a.split('\n');
    const y = b.split('\n');
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
        if (x[i] !== y[i]) return `doc: ${x[i]}\n      engine: ${y[i]}`;
    }
    return '';
}

// ---- 2. The schema's enums -----------------------------------------------------------------

const enums = {
    phase: names.phases,
    kind: names.events,
    reason: names.reasons.map((r) => r.key),
    outcome: names.outcomes,
};
let schemaText = readFileSync(schemaPath, 'utf8');
for (const [def, values] of Object.entries(enums)) {
    const re = new RegExp(`("${def}": \\{"enum": )\\[[^\\]]*\\]`);
    check(`tests/trace-schema.json has $defs.${def}.enum`, re.test(schemaText));
    const list = JSON.stringify(values).replace(/,/g, ', ');
    schemaText = schemaText.replace(re, (m, head) => head + list);
}
const schema = JSON.parse(schemaText);
if (update) {
    writeFileSync(schemaPath, schemaText);
} else {
    const disk = JSON.parse(readFileSync(schemaPath, 'utf8'));
    for (const def of Object.keys(enums)) {
        check(`tests/trace-schema.json: $defs.${def}.enum is the engine's (run with --update)`,
            JSON.stringify(disk.$defs[def].enum) === JSON.stringify(enums[def]));
    }
}

// ---- 3. Every trace against the schema -----------------------------------------------------

// ajv from the pinned lock (lib/npm.mjs).
function loadAjv() {
    const Ajv2020 = npmRequire(npmInstall(root, build))('ajv/dist/2020');
    return new (Ajv2020.default || Ajv2020)({allErrors: true, strict: true, strictRequired: false});
}

const tmp = mkdtempSync(join(tmpdir(), 'loopsim-trace-'));
// Scenarios that end the ways no built-in does; each must have its outcome.
const endings = {
    'max-callbacks': {main: [{op: 'setInterval', delay: 1, do: ['tick']}],
        config: {max_callbacks: 20}},
    'until': {main: [{op: 'setInterval', delay: 1, do: ['tick']}], config: {until_ms: 5.5}},
    'forever': {main: [{op: 'listen', id: 's', connections: [], do: ['never']}]},
    'exited': {main: [{op: 'block', ms: 2, what: 'work'}, {op: 'exit', code: 3}]},
};

function traceOf(arg) {
    const r = spawnSync(loopsim, ['trace', arg, '--format', 'jsonl'], {encoding: 'utf8',
        maxBuffer: 1 << 28});
    return {status: r.status, lines: r.stdout.split('\n').filter((l) => l !== '')};
}

// What the schema cannot say about one trace; returns the first thing wrong, or ''.
function streamProblem(objs) {
    const events = objs.slice(0, -1);
    const end = objs[objs.length - 1];
    if (end?.event !== 'end') return 'the last line is not the end object';
    for (let i = 0; i < events.length; i++) {
        const e = events[i];
        if (e.event === 'end') return `line ${i + 1}: an end object before the last line`;
        if (e.seq !== i + 1) return `line ${i + 1}: seq is ${e.seq}`;
        if (i > 0 && e.time_ns < events[i - 1].time_ns) return `seq ${e.seq}: the clock went back`;
        if (i > 0 && e.callbacks < events[i - 1].callbacks) return `seq ${e.seq}: callbacks fell`;
        if (Math.round(e.time_ms * 1000) !== Math.round(e.time_ns / 1000)) {
            return `seq ${e.seq}: time_ms ${e.time_ms} is not time_ns ${e.time_ns}`;
        }
    }
    const last = events[events.length - 1] ?? {callbacks: 0, time_ns: 0};
    if (end.events !== events.length) return `end.events is ${end.events}, not ${events.length}`;
    if (end.callbacks !== last.callbacks) return 'end.callbacks is not the last event\'s';
    if (end.time_ns !== last.time_ns) return 'end.time_ns is not the last event\'s';
    return '';
}

const ajv = loadAjv();
const validate = ajv.compile(schema);
// The scenarios: `loopsim list` up to its blank line (the exercises follow it).
const builtins = execFileSync(loopsim, ['list'], {encoding: 'utf8'}).split('\n\n')[0]
    .split('\n')
    .filter(Boolean).map((l) => l.split(/\s+/)[0]);
check('loopsim list names the built-in scenarios', builtins.length >= 10);
const runs = builtins.map((name) => ({name, arg: name}));
for (const [outcome, body] of Object.entries(endings)) {
    const file = join(tmp, `${outcome}.json`);
    writeFileSync(file, JSON.stringify({loopsim: 1, name: outcome, ...body}));
    runs.push({name: `(ends: ${outcome})`, arg: file, outcome});
}
const seenKinds = new Set();
const seenOutcomes = new Set();
for (const run of runs) {
    const {status, lines} = traceOf(run.arg);
    check(`${run.name}: loopsim trace --format jsonl ran`, status === 0 || status === 1);
    const objs = [];
    let bad = '';
    for (let i = 0; i < lines.length && bad === ''; i++) {
        let obj;
        try {
            obj = JSON.parse(lines[i]);
        } catch (e) {
            bad = `line ${i + 1} is not JSON: ${e.message}`;
            break;
        }
        if (!validate(obj)) {
            const why = ajv.errorsText(validate.errors);
            bad = `line ${i + 1} breaks the schema: ${why}\n      ${lines[i]}`;
        }
        objs.push(obj);
        seenKinds.add(obj.event);
    }
    check(`${run.name}: every line is valid against tests/trace-schema.json`, bad === '', bad);
    const problem = bad === '' ? streamProblem(objs) : '';
    check(`${run.name}: the events and the end object agree`, problem === '', problem);
    const end = objs[objs.length - 1];
    seenOutcomes.add(end?.outcome);
    if (run.outcome) {
        check(`${run.name}: the end object says ${run.outcome}`, end?.outcome === run.outcome);
    }
}
// The schema's rules are only tested on what the traces hold: they must hold every kind.
for (const kind of names.events) {
    check(`some trace has a "${kind}" event`, seenKinds.has(kind));
}
for (const outcome of names.outcomes.filter((o) => o !== 'running')) {
    check(`some trace ends with "${outcome}"`, seenOutcomes.has(outcome));
}
// And the schema refuses what it must.
const refused = [
    {...JSON.parse(traceOf('default').lines[0]), extra: 1},
    {...JSON.parse(traceOf('default').lines[0]), reason: 'no-such-reason'},
    {...JSON.parse(traceOf('default').lines[0]), seq: 0},
    {event: 'end', outcome: 'max-callbacks', exit_code: 0, status: 0, events: 1, callbacks: 1,
        time_ns: 0, time_ms: 0, message: 'x'},
];
for (const obj of refused) {
    check(`the schema refuses ${JSON.stringify(obj).slice(0, 80)}...`, !validate(obj));
}

rmSync(tmp, {recursive: true, force: true});
finish();
