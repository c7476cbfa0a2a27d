#!/usr/bin/env node
// render-js.mjs - the program rendered as JavaScript (ui/js/render_js.c, `loopsim js SCENARIO`) is
// valid JavaScript in which every name is declared where it is used.
//
// usage: node tests/render-js.mjs LOOPSIM SRCROOT
//
// For every built-in scenario, the tricky cases below and 300 programs of the differential
// fuzzer's generator: the program must compile (`node --check` for the built-ins, the same
// parser through node:vm for the rest), and running it in a sandbox must
// never meet a ReferenceError. In the sandbox every Node API is a stub that keeps the callbacks
// it is given and returns itself, and the callbacks then run one after the other, each once, so
// every body is reached. A handle used before the statement that binds it, or outside that
// statement's scope, is a ReferenceError there (`t` is not defined, or is used before its
// `const`), though `node --check` alone would accept it.
//
// A JavaScript built-in (scenarios/NAME.js or .mjs) is not rendered: `loopsim js NAME` must print
// its own text byte for byte (what the TUI's program pane shows), and `node --check` must accept
// the file. The sandbox run is for renderings only: a real program declares its names as node
// sees them, which the conformance runner (tests/conformance/run.mjs) proves by running it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';

import { generateScenario } from './fuzz/gen.mjs';

const [loopsim, root] = process.argv.slice(2);
if (!loopsim || !root) {
    console.error('usage: node tests/render-js.mjs LOOPSIM SRCROOT');
    process.exit(2);
}

// Scenarios that once rendered to JavaScript with a name used where it is not declared.
const cases = {
    // t.close() stands (and runs) before t = setTimeout(...) in the text.
    'close-before-binding': {main: [
        {op: 'setImmediate', do: [{op: 'close', id: 't', do: ['closed']}]},
        {op: 'setTimeout', id: 't', delay: 5, do: ['timeout']}]},
    // The id is bound inside one callback and used in another.
    'bound-in-another-scope': {main: [
        {op: 'setImmediate', do: [{op: 'setTimeout', id: 't', delay: 5}]},
        {op: 'setImmediate', do: [{op: 'clearTimeout', id: 't'}]}]},
    // Ids that are reserved words, clash with a module or a function, or sanitize alike.
    'clashing-names': {
        functions: {f: ['in f'], 'fs': ['in fs']},
        main: [
            {op: 'setTimeout', id: 'new', delay: 1, do: '@f'},
            {op: 'setTimeout', id: 'a-b', delay: 2, do: '@fs'},
            {op: 'setTimeout', id: 'a_b', delay: 3},
            {op: 'setImmediate', id: 'f'},
            {op: 'fs.stat', ms: 1, id: 'fs'},
            {op: 'clearTimeout', id: 'new'}, {op: 'clearTimeout', id: 'a-b'},
            {op: 'clearTimeout', id: 'a_b'}, {op: 'clearImmediate', id: 'f'},
            {op: 'repeat', times: 2, var: 'class', do: ['row {class}']}]},
    // A function that acts on the socket, run from a timer inside the connection.
    'socket-in-a-function': {
        functions: {reply: [{op: 'socket.write', do: ['written']}, {op: 'socket.destroy'}]},
        main: [{op: 'listen', id: 'server', connections: [1], do: [
            {op: 'setTimeout', delay: 1, do: '@reply'}, {op: 'server.close', id: 'server'}]}]},
    // A label with a line break must not end its comment.
    'label-with-a-newline': {main: [{op: 'setTimeout', delay: 1, label: 'a\nb = (', do: ['x']}]},
    // A use of t1 where only t{i} binds it.
    'counter-ids': {main: [
        {op: 'repeat', times: 2, do: [{op: 'setTimeout', id: 't{i}', delay: 1}]},
        {op: 'clearTimeout', id: 't1'}]},
};

const tmp = mkdtempSync(join(tmpdir(), 'loopsim-js-'));
let passed = 0;
let failed = 0;

function fail(name, why, js) {
    failed++;
    console.log(`FAIL  ${name}: ${why}`);
    if (js) {
        console.log(js.split('\n').map((l, i) => `      ${String(i + 1).padStart(3)} | ${l}`)
            .join('\n'));
    }
}

// A stub of every Node API: callable, any property is itself, function arguments are kept.
function sandbox() {
    const queue = [];
    const stub = new Proxy(function () {}, {
        get: (target, key) => (key === Symbol.toPrimitive ? () => 0 : stub),
        apply: (target, self, args) => {
            for (const a of args) {
                if (typeof a === 'function') queue.push(a);
            }
            return stub;
        },
        construct: () => stub,
    });
    const globals = {console: {log() {}}, require: () => stub, __filename: 'x.js'};
    for (const name of ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout',
        'clearInterval', 'clearImmediate', 'queueMicrotask', 'process', 'Promise', 'Buffer']) {
        globals[name] = stub;
    }
    return {context: vm.createContext(globals), queue, stub};
}

// Runs the program and every callback it hands over; returns the first ReferenceError, if any.
function referenceError(js) {
    const {context, queue, stub} = sandbox();
    const run = (f) => {
        try {
            f();
        } catch (e) {
            // A TypeError is a use of a handle that is not bound at that moment, which the
            // scenario may mean (Node then does nothing); only undeclared names are defects.
            if (e?.name === 'ReferenceError') return e;
        }
        return null;
    };
    const first = run(() => vm.runInContext(js, context, {timeout: 2000}));
    if (first) return first;
    for (let i = 0; i < queue.length && i < 20000; i++) {
        const e = run(() => queue[i](stub, stub));
        if (e) return e;
    }
    return null;
}

// Is js valid? Built-ins are checked by `node --check` itself; every program is compiled the way
// Node compiles a CommonJS module (a function of exports, require, module, ...).
function syntaxError(js, jsFile, spawnNode) {
    if (spawnNode) {
        const check = spawnSync(process.execPath, ['--check', jsFile], {encoding: 'utf8'});
        return check.status === 0 ? null : check.stderr.split('\n').slice(0, 5).join('\n');
    }
    try {
        vm.compileFunction(js, ['exports', 'require', 'module', '__filename', '__dirname']);
        return null;
    } catch (e) {
        return String(e);
    }
}

function checkScenario(name, scenario, spawnNode) {
    const file = join(tmp, `${name}.json`);
    writeFileSync(file, JSON.stringify(scenario));
    let js;
    try {
        js = execFileSync(loopsim, ['js', file],
            {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
    } catch (e) {
        fail(name, `loopsim js failed: ${e.stderr}`);
        return;
    }
    const jsFile = join(tmp, `${name}.js`);
    writeFileSync(jsFile, js);
    const bad = syntaxError(js, jsFile, spawnNode);
    if (bad) {
        fail(name, `not valid JavaScript:\n${bad}`, js);
        return;
    }
    const e = referenceError(js);
    if (e) {
        fail(name, `a name is used where it is not declared: ${e.message}`, js);
        return;
    }
    passed++;
}

// A JavaScript built-in: `loopsim js NAME` is the file, which node accepts.
function checkProgram(name, file) {
    const js = spawnSync(loopsim, ['js', name], {encoding: 'utf8'});
    if (js.status !== 0 || js.stdout !== readFileSync(file, 'utf8')) {
        fail(name, `loopsim js does not print ${file} (status ${js.status}) ${js.stderr}`);
        return;
    }
    const bad = syntaxError(js.stdout, file, true);
    if (bad) {
        fail(name, `not valid JavaScript:\n${bad}`);
        return;
    }
    passed++;
}

// The scenarios: `loopsim list` up to its blank line (the exercises follow it).
const builtins = execFileSync(loopsim, ['list'], {encoding: 'utf8'}).split('\n\n')[0]
    .split('\n').filter(Boolean).map((line) => line.split(/\s+/)[0]);
for (const name of builtins) {
    const program = ['js', 'mjs'].map((ext) => join(root, 'scenarios', `${name}.${ext}`))
        .find((file) => existsSync(file));
    if (program) {
        checkProgram(name, program);
        continue;
    }
    checkScenario(name, JSON.parse(readFileSync(join(root, 'scenarios', `${name}.json`), 'utf8')),
        true);
}
for (const [name, c] of Object.entries(cases)) {
    checkScenario(name, {loopsim: 1, name, ...c});
}
for (let seed = 1; seed <= 300; seed++) {
    checkScenario(`fuzz-${seed}`, generateScenario(seed));
}
if (builtins.length < 10) fail('list', `only ${builtins.length} built-in scenarios`);

rmSync(tmp, {recursive: true, force: true});
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
