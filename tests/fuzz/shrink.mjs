#!/usr/bin/env node
// shrink.mjs - cuts a failing fuzz case down to a small scenario that still fails.
//
// usage: node tests/fuzz/shrink.mjs --loopsim BINARY CASE.json [--out DIR] [--runs R]
//                                   [--timeout S]
//
// CASE.json is a scenario from gen.mjs (e.g. one that run.mjs kept with --keep). The shrinker
// tries edits one at a time - delete a statement, put a callback's body in its place, empty a
// body, lower a `repeat`/`times` count, inline a "@function" - and keeps an edit when the case
// still fails the same way: loopsim prints something else than node while node's R runs agree
// (a mismatch), or loopsim exits with the same non-zero status (a loopsim failure). Every
// candidate's twin is translated from it with gen.mjs's scenarioToJs, so the two stay one
// program. It repeats until no edit helps, then writes DIR/NAME.min.json and NAME.min.js
// (default DIR: beside CASE.json) and prints both with node's and loopsim's outputs.
//
// Edits can make a program whose order Node does not fix; the R node runs guard against that,
// and the result is checked again with 3R runs: still, read the result as Node would run it.
//
// A program of jsgen.mjs is shrunk through its tree, NAME.tree.json (run.mjs --js --keep keeps
// it beside NAME.js): the same edits on its blocks (delete nodes, put a block's body in its
// place, empty a block), what is compared being standard output and exit status, loopsim's
// from `trace --format jsonl`. A candidate loopsim refuses (a syntax error that an edit made)
// is dropped. It writes NAME.min.js (or .min.mjs).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { TIMEOUT_OPTION, executable, parseCommandLine, usageError, wholeOption } from '../lib/args.mjs';
import { run } from '../lib/spawn.mjs';
import { renderTree } from './jsgen.mjs';
import { TOO_SLOW_STATUS, isModule, scenarioToJs } from './twin.mjs';

const COMMAND_LINE = {
    script: 'shrink.mjs',
    synopsis: 'node tests/fuzz/shrink.mjs --loopsim BINARY CASE.json [--out DIR] [--runs R] [--timeout S]',
    positionals: true,
    options: {
        loopsim: { type: 'string', placeholder: 'BINARY', help: 'the loopsim binary' },
        out: { type: 'string', placeholder: 'DIR',
               help: 'where NAME.min.json and NAME.min.js go (default: beside CASE.json)' },
        runs: wholeOption(1, 3, 'R', 'node runs per candidate; all must agree (default 3)'),
        timeout: TIMEOUT_OPTION,
    },
};

function options(argv) {
    const { values, positionals } = parseCommandLine(argv, COMMAND_LINE);
    if (values.loopsim === undefined || positionals.length !== 1) {
        usageError(COMMAND_LINE, '--loopsim BINARY and one CASE.json are required');
    }
    return {
        ...values,
        loopsim: executable(COMMAND_LINE, values.loopsim),
        out: values.out === undefined ? null : resolve(values.out),
        file: resolve(positionals[0]),
        program: positionals[0].endsWith('.tree.json'),
    };
}

// Runs `cmd args` in `cwd`; `code` is the exit code, the signal, or 'timeout'.
async function runCase(cmd, args, cwd, timeoutS) {
    const r = await run(cmd, args, cwd, timeoutS);
    return { code: r.timedOut ? 'timeout' : (r.signal ? r.signal : r.code), stdout: r.stdout,
             stderr: r.stderr };
}

// The simulated exit code in a jsonl trace's end object, or null.
function simulatedExit(jsonl) {
    try {
        const end = JSON.parse(jsonl.trimEnd().split('\n').pop() || '{}');
        return end.event === 'end' ? end.exit_code : null;
    } catch {
        return null;
    }
}

// Runs program tree `p` ({ module, tree }) in both: { sim, node: [outputs] | null }; an
// output is stdout and the exit status.
async function evaluateProgram(p, opts, dir, runs) {
    const file = p.module ? 'prog.mjs' : 'prog.js';
    writeFileSync(join(dir, file), renderTree(p.tree));
    const sim = await runCase(opts.loopsim, ['trace', '--format', 'jsonl', file], dir, opts.timeout);
    const exit = simulatedExit(sim.stdout);
    if (sim.code === 0 && exit !== null) {
        const logs = await runCase(opts.loopsim, ['trace', '--logs', file], dir, opts.timeout);
        sim.stdout = `${logs.stdout}[exit status ${exit}]\n`;
    }
    const node = [];
    for (let r = 0; r < runs; r++) {
        let res = await runCase(process.execPath, [file], dir, opts.timeout);
        for (let a = 1; a < 6 && res.code === TOO_SLOW_STATUS; a++) {
            res = await runCase(process.execPath, [file], dir, opts.timeout);
        }
        if (typeof res.code !== 'number' || res.code === TOO_SLOW_STATUS) {
            return { sim, node: null };
        }
        node.push(`${res.stdout}[exit status ${res.code}]\n`);
    }
    return { sim, node };
}

// Every body of program tree `p` (arrays of nodes), in a fixed order.
function treeBodies(p) {
    const out = [];
    const walk = (body) => {
        out.push(body);
        body.forEach((n) => {
            if (n && typeof n === 'object' && !n.keep) {
                walk(n.body);
            }
        });
    };
    walk(p.tree);
    return out;
}

// The candidate edits of a program tree, biggest first.
function treeEdits(p) {
    const out = [];
    const count = treeBodies(p).length;
    for (let b = 0; b < count; b++) {
        const len = treeBodies(p)[b].length;
        for (let size = Math.max(1, len >> 1); size >= 1; size = size === 1 ? 0 : Math.max(1, size >> 1)) {
            for (let i = 0; i + size <= len; i += size) {
                out.push((c) => {
                    const body = treeBodies(c)[b];
                    if (body.slice(i, i + size).some((n) => n && n.keep)) {
                        throw new Error('the prelude stays');
                    }
                    body.splice(i, size);
                });
            }
        }
        for (let i = 0; i < len; i++) {
            out.push((c) => {
                const body = treeBodies(c)[b];
                // An async function's body may hold awaits: out of it they mean something else.
                if (typeof body[i] !== 'object' || body[i].keep || /\basync\b/.test(body[i].head)) {
                    throw new Error('not a block that can go');
                }
                body.splice(i, 1, ...body[i].body);
            });
            out.push((c) => {
                const n = treeBodies(c)[b][i];
                if (typeof n !== 'object' || n.body.length === 0 || n.keep) {
                    throw new Error('nothing to empty');
                }
                n.body = [];
            });
        }
    }
    return out;
}

// Runs scenario `s`: { sim, node: [outputs] | null (a twin run failed) }.
async function evaluate(s, opts, dir, runs) {
    if (opts.program) {
        return evaluateProgram(s, opts, dir, runs);
    }
    writeFileSync(join(dir, 'case.json'), JSON.stringify(s, null, 2) + '\n');
    const twin = isModule(s) ? 'case.mjs' : 'case.js';
    writeFileSync(join(dir, twin), scenarioToJs(s));
    const sim = await runCase(opts.loopsim, ['trace', '--logs', 'case.json'], dir, opts.timeout);
    const node = [];
    for (let r = 0; r < runs; r++) {
        let res = await runCase(process.execPath, [twin], dir, opts.timeout);
        for (let a = 1; a < 6 && res.code === TOO_SLOW_STATUS; a++) {
            res = await runCase(process.execPath, [twin], dir, opts.timeout);
        }
        if (res.code !== 0 || res.stderr !== '') {
            return { sim, node: null };
        }
        node.push(res.stdout);
    }
    return { sim, node };
}

// The failure `e` shows: 'mismatch', 'status N' (loopsim failed), or null (passes, racy,
// or the twin fails).
function failureOf(e) {
    if (e.node === null || e.node.some((o) => o !== e.node[0])) {
        return null;
    }
    if (e.sim.code !== 0) {
        return `status ${e.sim.code}`;
    }
    if (e.sim.stdout === e.node[0]) {
        return null;
    }
    // A program's mismatch keeps node's exit status: an edit that makes node fail otherwise
    // (a ReferenceError, `await` hoisted out of its async function) is another failure.
    const status = e.node[0].match(/\[exit status (\d+)\]\n$/);
    return status === null ? 'mismatch' : `mismatch, node exiting ${status[1]}`;
}

// Every body of `s` with a way to put it back: [{ body, set(newBody) }].
function bodies(s) {
    const out = [];
    const walk = (body, set) => {
        if (!Array.isArray(body)) {
            return;
        }
        out.push({ body, set });
        body.forEach((st) => {
            if (st && typeof st === 'object' && Array.isArray(st.do)) {
                walk(st.do, (b) => { st.do = b; });
            }
        });
    };
    walk(s.main, (b) => { s.main = b; });
    for (const name of Object.keys(s.functions || {})) {
        walk(s.functions[name], (b) => { s.functions[name] = b; });
    }
    return out;
}

// The candidate edits of `s`, biggest first, as functions that change a copy in place.
function edits(s) {
    const out = [];
    const count = bodies(s).length;
    for (let b = 0; b < count; b++) {
        const len = bodies(s)[b].body.length;
        // Delete halves, then single statements.
        for (let size = Math.max(1, len >> 1); size >= 1; size = size === 1 ? 0 : Math.max(1, size >> 1)) {
            for (let i = 0; i + size <= len; i += size) {
                out.push((c) => { bodies(c)[b].body.splice(i, size); });
            }
        }
        for (let i = 0; i < len; i++) {
            out.push((c) => {
                const body = bodies(c)[b].body;
                const st = body[i];
                if (st && typeof st === 'object' && Array.isArray(st.do) && st.op !== 'on') {
                    body.splice(i, 1, ...st.do);
                } else {
                    throw new Error('no callback');
                }
            });
            out.push((c) => {
                const st = bodies(c)[b].body[i];
                if (st && typeof st === 'object' && Array.isArray(st.do) && st.do.length > 0) {
                    st.do = [];
                } else if (st && typeof st === 'object' && typeof st.do === 'string') {
                    st.do = JSON.parse(JSON.stringify(c.functions[st.do.slice(1)]));
                } else {
                    throw new Error('nothing to empty');
                }
            });
            out.push((c) => {
                const st = bodies(c)[b].body[i];
                if (st && typeof st === 'object' && (st.times || 0) > 1) {
                    st.times--;
                } else {
                    throw new Error('no count');
                }
            });
        }
    }
    out.push((c) => {
        const used = JSON.stringify(c.main);
        const unused = Object.keys(c.functions || {}).filter((n) => !used.includes(`"@${n}"`));
        if (unused.length === 0) {
            throw new Error('no unused function');
        }
        unused.forEach((n) => delete c.functions[n]);
        if (Object.keys(c.functions).length === 0) {
            delete c.functions;
        }
    });
    return out;
}

function size(s) {
    return JSON.stringify(s).length;
}

// The text a shrunk case is written as, and its file's name ending.
function written(s, opts) {
    if (opts.program) {
        return { text: renderTree(s.tree), ext: s.module ? 'mjs' : 'js', json: null };
    }
    return { text: scenarioToJs(s), ext: isModule(s) ? 'mjs' : 'js', json: JSON.stringify(s, null, 2) };
}

async function main() {
    const opts = options(process.argv.slice(2));
    const dir = mkdtempSync(join(tmpdir(), 'loopsim-shrink-'));
    try {
        let best = JSON.parse(readFileSync(opts.file, 'utf8'));
        const first = await evaluate(best, opts, dir, opts.runs);
        const want = failureOf(first);
        if (want === null) {
            process.stdout.write('shrink: the case does not fail (or node\'s runs differ): nothing to do\n');
            process.exitCode = 1;
            return;
        }
        process.stderr.write(`shrink: failure "${want}", size ${size(best)}\n`);
        let progress = true;
        while (progress) {
            progress = false;
            for (const edit of (opts.program ? treeEdits : edits)(best)) {
                const cand = JSON.parse(JSON.stringify(best));
                try {
                    edit(cand);
                } catch {
                    continue;
                }
                if (size(cand) >= size(best)) {
                    continue;
                }
                if (failureOf(await evaluate(cand, opts, dir, opts.runs)) === want) {
                    best = cand;
                    progress = true;
                    process.stderr.write(`shrink: size ${size(best)}\n`);
                    break;
                }
            }
        }
        const last = await evaluate(best, opts, dir, opts.runs * 3);
        const outDir = opts.out || dirname(opts.file);
        const name = basename(opts.file).replace(/(\.tree)?\.json$/, '');
        const w = written(best, opts);
        if (w.json !== null) {
            writeFileSync(join(outDir, `${name}.min.json`), w.json + '\n');
        }
        writeFileSync(join(outDir, `${name}.min.${w.ext}`), w.text);
        const stable = failureOf(last) === want ? '' : ' (WARNING: not reproduced with more node runs)';
        process.stdout.write([
            `minimised ${want}${stable}: ${join(outDir, name)}.min.${w.json === null ? w.ext : 'json / .min.js'}`,
            ...(w.json === null ? [] : ['--- scenario', w.json]),
            `--- ${opts.program ? 'program' : 'twin'}`, w.text.trimEnd(),
            '--- node output', (last.node ? last.node[0] : '(twin failed)').trimEnd(),
            `--- loopsim output (status ${last.sim.code})`, (last.sim.stdout + last.sim.stderr).trimEnd(),
            '',
        ].join('\n'));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

main();
