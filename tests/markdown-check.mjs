#!/usr/bin/env node
// markdown-check.mjs - `trace --format markdown` says what the jsonl trace of the same run says.
//
// usage: node tests/markdown-check.mjs LOOPSIM SRCROOT BUILDDIR
//
// For every built-in scenario (`loopsim list`) and a scenario whose labels and output hold every
// character the table must escape: the table has a header, a separator and one row per jsonl
// event, in order, every row with the header's number of cells; each row's time, iteration,
// phase, event, callback, output and why, unescaped, are the event's; the line after the table
// says how the run ended with the end object's counts. With --brief the rows are exactly the
// callback and log events. --brief elsewhere is a usage error.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { docExamples } from './lib/doc-example.mjs';
import { makeChecks } from './lib/checks.mjs';

const [loopsim, root, build] = process.argv.slice(2);
if (!loopsim || !root || !build) {
    console.error('usage: node tests/markdown-check.mjs LOOPSIM SRCROOT BUILDDIR');
    process.exit(2);
}
const { check, finish } = makeChecks('markdown-check');

function loopsimRun(args) {
    return spawnSync(loopsim, args, {encoding: 'utf8', maxBuffer: 1 << 28});
}

const COLUMNS = ['time (ms)', 'iteration', 'phase', 'event', 'callback', 'output', 'why'];

// Splits a row into its cells: a `|` ends a cell unless a backslash escapes it.
function cells(row) {
    const out = [];
    let cell = '';
    for (let i = 1; i < row.length; i++) {
        if (row[i] === '\\' && i + 1 < row.length) {
            cell += row[i] + row[i + 1];
            i++;
        } else if (row[i] === '|') {
            out.push(cell.trim());
            cell = '';
        } else {
            cell += row[i];
        }
    }
    return out;
}

// What a cell says, as GitHub renders it: backslash escapes, entities and <br> undone.
function unescape(cell) {
    return cell.replace(/\\(.)|&lt;|&gt;|&amp;|<br>/g, (m, c) => c !== undefined ? c
        : {'&lt;': '<', '&gt;': '>', '&amp;': '&', '<br>': '\n'}[m]);
}

// The characters a cell must not hold raw: they would end it, or be read as HTML or markup.
function raw(cell) {
    return /(^|[^\\])(\\\\)*[|*_`[\]~]/.test(cell.replace(/<br>/g, '')) || /<(?!br>)|>/.test(
        cell.replace(/<br>/g, '')) || /[\n\r]/.test(cell);
}

function checkTable(name, text, events, end, brief) {
    const lines = text.split('\n');
    check(`${name}: the header`, lines[0] === `| ${COLUMNS.join(' | ')} |`, lines[0]);
    check(`${name}: the separator`, lines[1] === '|---:|---:|---|---|---|---|---|', lines[1]);
    const blank = lines.indexOf('', 2);
    const rows = lines.slice(2, blank);
    const want = brief ? events.filter((e) => e.event === 'callback' || e.event === 'log')
        : events;
    check(`${name}: one row per ${brief ? 'callback and log' : 'event'}`,
        rows.length === want.length, `${rows.length} rows, ${want.length} events`);
    for (let i = 0; i < Math.min(rows.length, want.length); i++) {
        const c = cells(rows[i]);
        const e = want[i];
        if (c.length !== COLUMNS.length) {
            check(`${name}: row ${i + 1} has ${COLUMNS.length} cells`, false, rows[i]);
            continue;
        }
        const expected = [e.time_ms.toFixed(3), String(e.iteration), e.phase, e.event,
            e.label ?? '', e.event === 'log' ? e.text ?? '' : '', e.why];
        const got = c.map(unescape);
        const same = expected.every((v, k) => v === got[k]);
        check(`${name}: row ${i + 1} is event ${e.seq}`, same,
            `${JSON.stringify(got)}\n      want ${JSON.stringify(expected)}`);
        check(`${name}: row ${i + 1} escapes what it quotes`, !c.some(raw), rows[i]);
    }
    const summary = lines[blank + 1] ?? '';
    check(`${name}: the last line counts the events and callbacks`,
        summary.includes(` after ${end.events} events and ${end.callbacks} callbacks, at ` +
            `${end.time_ms.toFixed(3)} ms`), summary);
    check(`${name}: the table ends the output`, lines.length === blank + 3, lines.slice(blank));
}

function checkScenario(name, arg) {
    const jsonl = loopsimRun(['trace', arg, '--format', 'jsonl']);
    check(`${name}: the jsonl trace runs`, jsonl.status === 0 || jsonl.status === 1, jsonl.stderr);
    if (jsonl.stdout === '') {
        return;
    }
    const objects = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const end = objects.pop();
    for (const brief of [false, true]) {
        const args = ['trace', arg, '--format', 'markdown', ...(brief ? ['--brief'] : [])];
        const md = loopsimRun(args);
        check(`${name}${brief ? ' --brief' : ''}: same status as jsonl`, md.status === jsonl.status,
            md.stderr);
        checkTable(`${name}${brief ? ' --brief' : ''}`, md.stdout, objects, end, brief);
    }
}

const list = loopsimRun(['list']);
// The scenarios: `loopsim list` up to its blank line (the exercises follow it).
const names = list.stdout.split('\n\n')[0].split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0]);
check('loopsim list names the scenarios', names.length > 10, list.stdout);
for (const name of names) {
    checkScenario(name, name);
}

// Labels and output with every character a cell must escape.
const tmp = mkdtempSync(join(tmpdir(), 'loopsim-markdown-'));
const nasty = 'a|b \\ *c* _d_ `e` [f](g) ~h~ <i> & j\nk';
writeFileSync(join(tmp, 'nasty.json'), JSON.stringify({
    loopsim: 1,
    name: 'labels and output with | \\ * _ ` [ ] ~ < > & and a newline',
    main: [{op: 'setTimeout', delay: 1, label: nasty, do: [nasty, 'line 1\nline 2|']},
        {op: 'setImmediate', label: '<script>alert(1)</script>', do: ['&amp; is not &']}],
}));
checkScenario('escapes', join(tmp, 'nasty.json'));

for (const [what, args] of [
    ['--brief with the text format', ['trace', 'default', '--brief']],
    ['--brief with jsonl', ['trace', 'default', '--format', 'jsonl', '--brief']],
    ['--brief outside trace', ['check', 'default', '--brief']],
]) {
    const r = loopsimRun(args);
    check(`${what} is a usage error`, r.status === 2 && r.stdout === '' &&
        /--brief/.test(r.stderr), `${r.status} ${r.stderr}`);
}
rmSync(tmp, {recursive: true, force: true});

const examples = docExamples(loopsim, join(root, 'docs', 'format-markdown.md'));
check('docs/format-markdown.md has an example', examples.length > 0);
for (const ex of examples) {
    check(`docs/format-markdown.md: the example is what 'loopsim ${ex.args}' prints`,
        ex.shown === ex.printed);
}

finish();
