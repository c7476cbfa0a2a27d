#!/usr/bin/env node
// mermaid-check.mjs - `trace --format mermaid` is a diagram Mermaid reads, and it tells the run.
//
// usage: node tests/mermaid-check.mjs LOOPSIM SRCROOT BUILDDIR
//
// For every built-in scenario (`loopsim list`), a scenario whose labels hold every character
// Mermaid reads specially, and one of 5,000 logging timers that must be cut:
//   - mermaid.parse() accepts the diagram (mermaid 11, pinned in tests/package.json and
//     installed with `npm ci` into BUILDDIR/npm; its parser runs in node without a DOM);
//   - it is under Mermaid's 50,000 characters (counted as JavaScript does, in UTF-16 units);
//   - against the jsonl trace of the same run: a cut note's N leaves out the last N events and
//     none is cut without one; before the cut, the callback notes are the callbacks, in order,
//     each over the participant it ran on, with its label; an `activate` of each phase visited; a
//     note "iteration N" where the iteration changes; one line for every other event; the
//     participants declared are those the diagram names, in the table's order.
// Then two diagrams are rendered in headless Chromium (Debian's `chromium`), with mermaid's
// browser bundle loaded from BUILDDIR/npm: each page must hold an <svg> and no "Syntax error".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { docExamples } from './lib/doc-example.mjs';
import { npmInstall } from './lib/npm.mjs';
import { makeChecks } from './lib/checks.mjs';

const [loopsim, root, build] = process.argv.slice(2);
if (!loopsim || !root || !build) {
    console.error('usage: node tests/mermaid-check.mjs LOOPSIM SRCROOT BUILDDIR');
    process.exit(2);
}
const { check, finish } = makeChecks('mermaid-check');

function loopsimRun(args) {
    return spawnSync(loopsim, args, {encoding: 'utf8', maxBuffer: 1 << 28});
}

const npm = npmInstall(root, build);
const mermaidUrl = pathToFileURL(join(npm, 'node_modules/mermaid/dist/mermaid.core.mjs'));
const mermaid = (await import(mermaidUrl.href)).default;

// Mermaid's limit (maxTextSize): a longer diagram is not drawn.
const LIMIT = 50000;

// The participant a callback runs on: its phase's, or ticks for a nextTick or microtask.
const TICK_REASONS = new Set(['tick', 'microtask', 'microtask-checkpoint', 'write-cb',
    'server-close-cb', 'close-emit-again']);
function participant(e) {
    return TICK_REASONS.has(e.reason) ? 'ticks' : e.phase;
}

// A text as the diagram must spell it: Mermaid's special characters as entity codes, control
// characters as spaces, nothing as "-".
function escape(s) {
    const t = (s ?? '').replace(/[;#<>&"%{}\\`]/g, (c) => `#${c.charCodeAt(0)};`)
        .replace(/[\x00-\x1f\x7f]/g, ' ');
    return t === '' ? '-' : t;
}

// The participants in the order the diagram declares them (printer_mermaid.c's table).
const ORDER = ['main', 'ticks', 'timers', 'pending', 'idle', 'poll', 'check', 'close', 'exit',
    'pool'];

// The notes across the loop that are not iterations, the cut or the outcome: loop-exit and stop.
function loopNotes(events) {
    return new Set(events.filter((e) => e.event === 'loop-exit' || e.event === 'stop')
        .map((e) => escape(e.why)));
}

// Reads the diagram's lines into what the checks compare. Notes across the loop span the first
// declared participant to the last; when only one is declared they are told by their text.
function readDiagram(text, events) {
    const d = {callbacks: [], activations: [], iterations: [], others: 0, cut: null, bad: [],
        declared: [], named: new Set()};
    const lines = text.split('\n');
    for (const line of lines) {
        const m = /^ {4}participant (\w+)$/.exec(line);
        if (m) {
            d.declared.push(m[1]);
        }
    }
    const first = d.declared[0];
    const last = d.declared[d.declared.length - 1];
    const span = first === last ? `Note over ${first}: ` : `Note over ${first},${last}: `;
    const loop = loopNotes(events);
    const isSpan = (s) => s.startsWith(span) && (first !== last ||
        /^(iteration \d+|\d+ more events not shown \(.*|the run .*)$/.test(s.slice(span.length)) ||
        loop.has(s.slice(span.length)));
    const name = (...ids) => ids.forEach((id) => d.named.add(id));
    for (const line of lines.slice(1)) {
        const s = line.trim();
        let m;
        if (s === '' || /^participant \w+$/.test(s)) {
            continue;
        } else if ((m = /^deactivate (\w+)$/.exec(s))) {
            name(m[1]);
        } else if ((m = /^activate (\w+)$/.exec(s))) {
            name(m[1]);
            d.activations.push(m[1]);
        } else if (isSpan(s)) {
            const note = s.slice(span.length);
            if ((m = /^iteration (\d+)$/.exec(note))) {
                d.iterations.push(Number(m[1]));
            } else if ((m = /^(\d+) more events not shown \(/.exec(note))) {
                d.cut = Number(m[1]);
            } else if (!note.startsWith('the run ')) {
                d.others++;
            }
        } else if ((m = /^Note over (\w+): (.*)$/.exec(s))) {
            name(m[1]);
            d.callbacks.push(`${m[1]}: ${m[2]}`);
        } else if ((m = /^Note right of (\w+): /.exec(s))) {
            name(m[1]);
            d.others++;
        } else if ((m = /^(\w+)-?->>(\w+): /.exec(s))) {
            name(m[1], m[2]);
            d.others++;
        } else {
            d.bad.push(s);
        }
    }
    return d;
}

async function checkDiagram(name, arg) {
    const jsonl = loopsimRun(['trace', arg, '--format', 'jsonl']);
    const diagram = loopsimRun(['trace', arg, '--format', 'mermaid']);
    check(`${name}: same status as jsonl`, diagram.status === jsonl.status, diagram.stderr);
    const text = diagram.stdout;
    check(`${name}: under ${LIMIT} characters`, text.length < LIMIT, text.length);
    try {
        await mermaid.parse(text);
        check(`${name}: mermaid parses it`, true);
    } catch (e) {
        check(`${name}: mermaid parses it`, false, String(e.message || e).slice(0, 400));
    }
    const events = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const end = events.pop();
    const d = readDiagram(text, events);
    check(`${name}: every line is a known statement`, d.bad.length === 0, d.bad.slice(0, 3));
    const named = ORDER.filter((p) => d.named.has(p) || p === 'main');
    check(`${name}: the declared participants are those it names, in order`,
        JSON.stringify(d.declared) === JSON.stringify(named), `${d.declared} vs ${named}`);
    const shown = events.length - (d.cut ?? 0);
    check(`${name}: the cut leaves out some events`, d.cut === null || d.cut > 0, d.cut);
    check(`${name}: the end object counts the events`, end.events === events.length);
    const before = events.slice(0, shown);
    const want = before.filter((e) => e.event === 'callback')
        .map((e) => `${participant(e)}: ${escape(e.label)}`);
    check(`${name}: the callback notes are the callbacks before the cut, in order`,
        JSON.stringify(d.callbacks) === JSON.stringify(want),
        `${d.callbacks.length} notes, ${want.length} callbacks; first difference: ` +
        JSON.stringify([d.callbacks.find((c, i) => c !== want[i]), want.find(
            (c, i) => c !== d.callbacks[i])]));
    const phases = before.filter((e) => e.event === 'phase').map((e) => e.phase);
    check(`${name}: one activation per phase visit, of its phase`,
        JSON.stringify(d.activations) === JSON.stringify(phases),
        `${d.activations.length} activations, ${phases.length} visits`);
    const others = before.filter((e) => e.event !== 'phase' && e.event !== 'callback').length;
    check(`${name}: one line per other event`, d.others === others,
        `${d.others} lines, ${others} events`);
    const iterations = [];
    let last = 0;
    for (const e of before) {
        if (e.iteration !== last) {
            iterations.push(e.iteration);
            last = e.iteration;
        }
    }
    check(`${name}: an iteration note where the iteration changes`,
        JSON.stringify(d.iterations) === JSON.stringify(iterations),
        `${d.iterations.slice(0, 8)} vs ${iterations.slice(0, 8)}`);
    return {text, cut: d.cut};
}

const list = loopsimRun(['list']);
// The scenarios: `loopsim list` up to its blank line (the exercises follow it).
const names = list.stdout.split('\n\n')[0].split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0]);
check('loopsim list names the scenarios', names.length > 10, list.stdout);
const diagrams = {};
for (const name of names) {
    diagrams[name] = await checkDiagram(name, name);
}

const tmp = mkdtempSync(join(tmpdir(), 'loopsim-mermaid-'));
const nasty = 'a;b #1 <br> %% {x} "q" `c` \\ & end\nnote over: x-->>y';
writeFileSync(join(tmp, 'nasty.json'), JSON.stringify({
    loopsim: 1, name: 'labels Mermaid reads specially',
    main: [{op: 'setTimeout', delay: 1, label: nasty, do: [nasty]},
        {op: 'nextTick', label: '; end', do: ['#59;']},
        {op: 'setImmediate', label: '', do: ['']}],
}));
const nastyDiagram = await checkDiagram('escapes', join(tmp, 'nasty.json'));

// A script that only logs: main is the one participant, and the loop's notes are over it alone.
writeFileSync(join(tmp, 'sync.json'), JSON.stringify({loopsim: 1, name: 'sync', main: ['hi']}));
const sync = await checkDiagram('main only', join(tmp, 'sync.json'));
check('main only: main is the one participant', /^sequenceDiagram\n {4}participant main\n {4}[^p]/
    .test(sync.text), sync.text.slice(0, 80));

// 5,000 logging timers: far more than 50,000 characters of diagram.
writeFileSync(join(tmp, 'long.json'), JSON.stringify({
    loopsim: 1, name: '5000 timers',
    main: [{op: 'repeat', times: 5000,
        do: [{op: 'setTimeout', delay: 1, label: 'timer {i}', do: ['tick {i}; #{i}']}]}],
}));
const long = await checkDiagram('5000 timers', join(tmp, 'long.json'));
check('5000 timers: the diagram is cut', long.cut !== null && long.cut > 1000, long.cut);
check('5000 timers: the cut note says where to see all',
    long.text.includes('more events not shown (loopsim trace --format markdown shows all)'));

// Two diagrams drawn by mermaid's browser bundle in headless Chromium.
function page(text) {
    const html = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return `<!doctype html><html><head><meta charset="utf-8">
<script src="node_modules/mermaid/dist/mermaid.min.js"></script></head><body>
<pre class="mermaid" id="diagram">${html}</pre><div id="status">pending</div>
<script>
mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
mermaid.run({querySelector: '#diagram'}).then(
    () => { document.getElementById('status').textContent = 'rendered'; },
    (e) => { document.getElementById('status').textContent = 'failed: ' + e; });
</script></body></html>`;
}

const chromium = ['chromium', 'chromium-browser'].find((c) =>
    spawnSync(c, ['--version'], {encoding: 'utf8'}).status === 0);
if (chromium === undefined) {
    check('chromium is installed (./run-tests installs it)', false);
} else {
    for (const [name, d] of [['default', diagrams.default], ['escapes', nastyDiagram]]) {
        const file = join(npm, `mermaid-check-${name}.html`);
        writeFileSync(file, page(d.text));
        const r = spawnSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu',
            '--virtual-time-budget=5000', '--dump-dom', pathToFileURL(file).href],
        {encoding: 'utf8', maxBuffer: 1 << 26, timeout: 120000});
        const dom = r.stdout ?? '';
        check(`chromium draws ${name}: an <svg>`, /<svg[\s>]/.test(dom) &&
            dom.includes('id="status">rendered<'), (r.stderr ?? '').slice(0, 300));
        check(`chromium draws ${name}: no syntax error`, !/Syntax error/i.test(dom));
        if (name === 'escapes') {
            // The label as a text node holds it (dump-dom escapes & < >; the newline is a space).
            const drawn = nasty.replace('\n', ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;')
                .replace(/>/g, '&gt;');
            check('chromium draws the label with Mermaid\'s characters as written',
                dom.includes(drawn), drawn);
        }
        rmSync(file, {force: true});
    }
}
rmSync(tmp, {recursive: true, force: true});

const examples = docExamples(loopsim, join(root, 'docs', 'format-mermaid.md'));
check('docs/format-mermaid.md has an example', examples.length > 0);
for (const ex of examples) {
    check(`docs/format-mermaid.md: the example is what 'loopsim ${ex.args}' prints`,
        ex.shown === ex.printed);
}

finish();
