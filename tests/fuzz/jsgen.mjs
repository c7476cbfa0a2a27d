#!/usr/bin/env node
// jsgen.mjs - the differential fuzzer's JavaScript generator: random Node programs (not
// scenarios) whose output and exit status real Node fixes, for `loopsim trace` to read as they
// are.
//
// usage: node tests/fuzz/jsgen.mjs --seed N --out DIR [--count K]
//
// Writes DIR/js-S.js (js-S.mjs for an ES module) and DIR/js-S.tree.json, its program tree, for
// S = N ... N+K-1; program S depends on S alone. The tree is what shrink.mjs cuts down: a list
// of nodes, each a line (a string) or a block { head, body, tail, pad } (pad: extra indent of
// the block's own lines, for the `.then(...)` links of a chain; keep: the shrinker leaves it
// whole); renderTree() prints it.
//
// What the programs hold, besides gen.mjs's timers, immediates, ticks and microtasks: promises
// (new Promise with resolve/reject/throw, Promise.resolve/reject, then/catch/finally that
// return values, promises and thenables or throw, all/allSettled/race/any), async functions
// (await of values, promises and thenables, try/catch/finally across await, return of a
// promise), throws (caught; uncaught, with or without an 'uncaughtException' listener),
// rejections nobody handles (with or without 'unhandledRejection'), process.exit(n) and
// process.exitCode, 'exit' and 'beforeExit' listeners, an EventEmitter, fs/crypto pool calls
// with `// loopsim: Nms` durations, and state (a counter, a closure, an array, an object)
// printed by console.log under if/for/while.
//
// How the order stays fixed: the rules of gen.mjs's header, applied to macrotask callbacks.
// Everything that is not timed - ticks, microtasks, promise jobs, async continuations after an
// await of something already settled or settled by a tick or microtask, listeners of the
// emitter, exceptions and unhandled-rejection processing - is ordered by Node itself. Timed
// things (setTimeout, setImmediate against timers, pool requests) follow the plans of gen.mjs:
// each macrotask callback gets a plan (micro, A, A1, B, C) for what its tree may schedule,
// and only a "sole" callback may take one with a pool request or a timer. An await of a timed
// promise (`await new Promise((r) => setTimeout(r, 2))`, `await fs.promises.stat(...)`,
// `await new Promise((r) => setImmediate(r))`) spends that one timed thing of the plan, and
// what follows it is the body of that timer, I/O or immediate callback, with its own plan.
// Promise combinators only combine promises that settle without a timed source. Listeners
// (emitter, process events) and helper functions hold ticks and microtasks only, since they
// run wherever they are called. Long timers sit in slots 50 ms apart, set from main's top,
// and every timed callback is guarded by before()/slot() as in twin.mjs: a run that could not
// keep up exits with status 75 and proves nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededWriterMain } from '../lib/args.mjs';
import { SLOT_MS, TOO_SLOW_STATUS } from './twin.mjs';

const MARGIN_MS = 3;
const DEPTHS = [3, 3, 4, 4, 5];
const SMALL_DELAYS = [0, 0, 1, 2, 5, 10];
const POOL_MS = [1, 1, 2, 0.5];

function makeRng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const block = (head, body, tail, pad = 0) => ({ head, body, tail, pad });
// Blocks that must stay together (if/else, try/catch/finally): a group of no text of its own.
const group = (body) => block('', body, '');

class JsGenerator {
    constructor(seed) {
        this.rand = makeRng(seed * 2246822519 + 977);
        this.nextLabel = 1;
        this.esm = this.chance(0.15);
        this.maxDepth = this.pick(DEPTHS);
        this.onUncaught = this.chance(0.45);
        this.onUnhandled = this.chance(0.35);
        this.throwsLeft = this.pick([0, 1, 1, 2, 3]);
        this.exitLeft = this.chance(0.25) ? 1 : 0;
        this.emitter = this.chance(0.4);
        this.asyncHelpers = [];
        this.syncHelpers = [];
        this.slots = [];
        this.uses = new Set();
        this.handles = 0;
        this.inQuiet = false;
    }

    chance(p) {
        return this.rand() < p;
    }

    int(lo, hi) {
        return lo + Math.floor(this.rand() * (hi - lo + 1));
    }

    pick(items) {
        return items[Math.floor(this.rand() * items.length)];
    }

    weighted(entries) {
        const total = entries.reduce((s, [w]) => s + w, 0);
        let r = this.rand() * total;
        for (const [w, v] of entries) {
            if ((r -= w) < 0) {
                return v;
            }
        }
        return entries[entries.length - 1][1];
    }

    label() {
        return `L${this.nextLabel++}`;
    }

    // A log line: its label and maybe some state.
    log(scope) {
        const parts = [`'${this.label()}'`];
        const what = this.weighted([[4, null], [2, 'n'], [1, 'arr'], [1, 'obj'], [1, 'next()'],
            [1, 'arr.length'], [scope.vars.length > 0 ? 3 : 0, 'var']]);
        if (what === 'var') {
            parts.push(this.pick(scope.vars));
        } else if (what !== null) {
            parts.push(what);
        }
        return `console.log(${parts.join(', ')});`;
    }

    value(scope) {
        return this.weighted([[3, String(this.int(0, 9))], [2, `'${this.label()}'`], [1, 'n'],
            [1, `[${this.int(1, 3)}, 'v']`], [1, `{ k: ${this.int(1, 3)} }`], [1, 'next()'],
            [scope.vars.length > 0 ? 1 : 0, scope.vars[scope.vars.length - 1]]]);
    }

    error(scope = {}) {
        const l = this.label();
        if (scope.primitive) {
            return this.chance(0.5) ? `'${l}'` : String(this.int(1, 9));
        }
        return this.weighted([[4, `new Error('${l}')`], [1, `new TypeError('${l}')`],
            [1, `new RangeError('${l}')`], [1, `'${l}'`], [1, String(this.int(1, 9))]]);
    }

    stateUpdate() {
        return this.pick(['n += 1;', 'n *= 2;', `arr.push(${this.int(0, 9)});`,
            'if (arr.length > 3) arr.shift();', `obj.k${this.int(1, 3)} = n;`, 'obj.hits++;',
            'next();']);
    }

    // A plan for a macrotask callback's body (gen.mjs choosePlan).
    budget(kind, sole, shallow) {
        let plan = 'micro';
        if (!shallow && !sole) {
            plan = kind === 'immediate' && this.chance(0.5) ? 'A' : 'micro';
        } else if (!shallow) {
            const c = kind === 'timer' || kind === 'io' || kind === 'main' || this.chance(0.5);
            plan = this.weighted([[3, 'micro'], [4, 'A'], [3, 'A1'], [3, 'B'], [c ? 3 : 0, 'C']]);
        }
        return {
            plan, kind,
            // Plan C: immediates (shallow ones) only where immediate-before-timeout is fixed.
            immediates: plan === 'A' || plan === 'A1' || (plan === 'C' && (kind === 'timer' || kind === 'io')),
            immLeft: plan === 'A1' ? 1 : Infinity,
            poolLeft: plan === 'B' ? 1 : 0,
            timeoutLeft: plan === 'C' ? 1 : 0,
        };
    }

    // The body of a macrotask callback of `kind` due by slot `due` (null: no deadline).
    macroBody(depth, kind, sole, due, opts = {}) {
        const b = this.budget(kind, sole, opts.shallow);
        // With an 'uncaughtException' listener a timer or an immediate that throws leaves an
        // order Node does not fix, or one loopsim does not model (see the header); the main
        // script does not throw either: an ES module's throw reaches the listeners or ends the
        // process only after 3 or 4 microtasks of Node's loader, which loopsim does not model.
        const scope = { due, vars: [], loop: false, isAsync: Boolean(opts.isAsync), helper: false,
            noThrow: Boolean(opts.main) ||
                ((kind === 'timer' || kind === 'immediate') && !opts.isAsync && this.onUncaught),
            quiet: this.inQuiet };
        const body = this.body(depth, b, scope);
        // The one thing a plan promises, if the body did not make it.
        if (b.plan === 'A1' && b.immLeft > 0 && depth < this.maxDepth) {
            this.insert(body, this.immediate(depth, b, scope));
        }
        if (b.plan === 'B' && b.poolLeft > 0 && depth < this.maxDepth) {
            this.insert(body, this.pool(depth, b, scope));
        }
        if (b.plan === 'C' && b.timeoutLeft > 0 && depth < this.maxDepth) {
            this.insert(body, this.timeout(depth, b, scope));
        }
        return body;
    }

    // Inserts the nodes `nodes` at a random top-level position, before a trailing exit or throw.
    insert(body, nodes) {
        let end = body.length;
        if (end > 0 && typeof body[end - 1] === 'string' && /^(throw |process\.exit\()/.test(body[end - 1])) {
            end--;
        }
        body.splice(this.int(0, end), 0, ...nodes);
    }

    body(depth, b, scope) {
        const n = depth >= this.maxDepth ? this.int(1, 2) : this.int(1, depth === 0 ? 5 : 3);
        const out = [];
        for (let k = 0; k < n; k++) {
            out.push(...this.statement(depth, b, scope));
        }
        if (!scope.loop && !scope.helper && depth > 0) {
            if (this.exitLeft > 0 && this.chance(0.04)) {
                this.exitLeft--;
                out.push(this.chance(0.5) ? 'process.exit();' : `process.exit(${this.int(0, 5)});`);
            } else if (this.throwsLeft > 0 && !scope.noThrow && !scope.quiet && this.chance(0.05)) {
                this.throwsLeft--;
                out.push(`throw ${this.error()};`);
            }
        }
        return out;
    }

    // A guarded callback: [sched line?, block] whose body starts with before(due).
    guarded(head, body, tail, due) {
        if (due === null) {
            return [block(head, body, tail)];
        }
        return [`sched(${due});`, block(head, [`before(${due});`, ...body], tail)];
    }

    statement(depth, b, scope) {
        const canNest = depth < this.maxDepth;
        const single = !scope.loop;
        const canImm = canNest && b.immediates && b.immLeft > 0 && !(scope.loop && b.immLeft !== Infinity);
        const canPool = canNest && b.poolLeft > 0 && single;
        const canTimeout = canNest && b.timeoutLeft > 0 && single;
        // Listeners and helpers run wherever they are called: they emit no event and call no
        // helper (no recursion); the process's own listeners (`quiet`) make no rejection or
        // exception either, which would call them again.
        const quiet = Boolean(scope.quiet);
        const free = !scope.helper;
        const what = quiet ? this.weighted([[7, 'log'], [3, 'state'], [canNest ? 1 : 0, 'if'],
            [canNest ? 2 : 0, 'nextTick'], [canNest ? 1 : 0, 'microtask'], [canNest ? 1 : 0, 'then'],
            [canImm ? 3 : 0, 'immediate'], [canPool ? 2 : 0, 'pool'], [canTimeout ? 2 : 0, 'timeout']])
            : this.weighted([
            [7, 'log'], [3, 'state'],
            [canNest ? 1.5 : 0, 'if'], [canNest && !scope.loop ? 1 : 0, 'loop'],
            [canNest ? 3 : 0, 'nextTick'], [canNest ? 2 : 0, 'microtask'], [canNest ? 2 : 0, 'then'],
            [canNest ? 4 : 0, 'chain'], [canNest ? 2.5 : 0, 'async'], [canNest ? 1.5 : 0, 'try'],
            [scope.isAsync && canNest ? 4 : 0, 'await'],
            [this.emitter && free ? 1.5 : 0, 'emit'], [0.3, 'exitCode'],
            [this.syncHelpers.length > 0 && free ? 1 : 0, 'callSync'],
            [canImm ? 4 : 0, 'immediate'], [canPool ? 2 : 0, 'pool'], [canTimeout ? 2 : 0, 'timeout'],
            [canImm && free ? 0.7 : 0, 'lateCatch'], [canNest ? 1 : 0, 'switch'],
            [canNest && !scope.loop ? 0.5 : 0, 'doWhile'], [1, 'destructure'],
            [this.emitter && free && canNest ? 0.7 : 0, 'eventsOnce'],
            [(canPool || canTimeout || canImm) && !scope.helper ? 1.5 : 0, 'timedAwait'],
        ]);
        // A nested callback is not async; the blocks of if/for/try share the function.
        const sub = () => this.body(depth + 1, b, { ...scope, isAsync: false, noThrow: false });
        const same = () => this.body(depth + 1, b, scope);
        switch (what) {
        case 'log':
            return [this.log(scope)];
        case 'state':
            return [this.stateUpdate()];
        case 'if': {
            const cond = this.pick(['n % 2 === 0', 'arr.length > 1', 'obj.hits > 0', 'n > 3']);
            const out = [block(`if (${cond}) {`, same(), '}')];
            if (this.chance(0.5)) {
                out.push(block('else {', same(), '}'));
            }
            return [group(out)];
        }
        case 'loop':
            return [this.loop(depth, b, scope)];
        case 'nextTick':
            return [block('process.nextTick(() => {',
                this.body(depth + 1, b, { ...scope, isAsync: false, noThrow: this.onUncaught }), '});')];
        case 'microtask':
            return [block('queueMicrotask(() => {', sub(), '});')];
        case 'then':
            return [block('Promise.resolve().then(() => {', sub(), '});')];
        case 'chain':
            return this.chain(depth, b, scope);
        case 'async':
            return [this.asyncCall(depth, b, scope)];
        case 'try':
            return this.tryCatch(depth, b, scope);
        case 'await':
            return this.awaitStatement(depth, b, scope);
        case 'emit':
            return [this.emit(scope)];
        case 'exitCode':
            return [`process.exitCode = ${this.int(0, 6)};`];
        case 'callSync':
            return [`${this.pick(this.syncHelpers)}(${this.value(scope)});`];
        case 'immediate':
            return this.immediate(depth, b, scope);
        case 'lateCatch':
            return [this.lateCatch(depth, b, scope)];
        case 'switch':
            return [this.switchStatement(depth, b, scope)];
        case 'doWhile': {
            const v = `d${this.nextLabel}`;
            // A loop: its body may make no one-of-a-kind timed thing (scope.loop).
            const inner = this.body(depth + 1, b, { ...scope, loop: true });
            return [block('{', [`let ${v} = 0;`, block('do {', [`${v}++;`, ...inner],
                `} while (${v} < ${this.int(1, 3)});`)], '}')];
        }
        case 'destructure':
            return [this.destructure(scope)];
        case 'eventsOnce': {
            const l = this.label();
            return [`EventEmitter.once(em, 'ev')` +
                `.then(([x]) => console.log('${l}', x, em.listenerCount('ev')));`];
        }
        case 'pool':
            return this.pool(depth, b, scope);
        case 'timeout':
            return this.timeout(depth, b, scope);
        default:
            return this.timedAwait(depth, b, scope, canPool, canTimeout, canImm);
        }
    }

    // A rejection caught too late, in an immediate: 'unhandledRejection' (or the end) first,
    // then 'rejectionHandled'.
    lateCatch(depth, b, scope) {
        if (b.immLeft !== Infinity) {
            b.immLeft--;
        }
        const p = `p${this.nextLabel}`;
        const catcher = [`${p}.catch((e) => console.log('${this.label()}', why(e)));`];
        return block('{', [`const ${p} = Promise.reject(${this.error()});`,
            ...this.guarded('setImmediate(() => {', catcher, '});', scope.due)], '}');
    }

    switchStatement(depth, b, scope) {
        const cases = [];
        for (let k = 0; k < this.int(1, 3); k++) {
            const body = this.body(depth + 1, b, scope);
            if (this.chance(0.8)) {
                body.push('break;');
            }
            cases.push(block(`case ${k}:`, body, ''));
        }
        cases.push(block('default:', [this.log(scope)], ''));
        return block(`switch (n % ${this.int(2, 4)}) {`, cases, '}');
    }

    destructure(scope) {
        const l = this.label();
        return this.pick([
            `{ const [a, b = 'none'] = [n, ...arr]; console.log('${l}', a, b); }`,
            `{ const { hits, k1 = 'unset' } = obj; console.log('${l}', hits, k1); }`,
            `console.log('${l}', ...arr, \`n=\${n}\`, arr.length > 0 ? 'some' : 'none');`,
            `console.log('${l}', n ?? 0, obj.k2?.x, typeof obj.k3);`,
        ]);
    }

    loop(depth, b, scope) {
        const v = ['i', 'j', 'k'][scope.vars.length] || 'q';
        const inner = { ...scope, loop: true, vars: [...scope.vars, v] };
        const times = this.int(1, 3);
        if (this.chance(0.5)) {
            return block(`for (let ${v} = 0; ${v} < ${times}; ${v}++) {`, this.body(depth + 1, b, inner), '}');
        }
        const body = [`${v}++;`, ...this.body(depth + 1, b, inner)];
        if (this.chance(0.3)) {
            body.splice(1, 0, `if (${v} === 2) continue;`);
        }
        return block('{', [`let ${v} = 0;`, block(`while (${v} < ${times}) {`, body, '}')], '}');
    }

    // A promise that settles without anything timed; `deep` allows a chain of its own.
    source(depth, b, scope) {
        const what = this.weighted([[3, 'resolve'], [2, 'reject'], [3, 'new'], [2, 'thenable'],
            [2, 'combinator'], [this.asyncHelpers.length > 0 && !scope.helper ? 3 : 0, 'helper'],
            [1, 'asyncArrow']]);
        switch (what) {
        case 'resolve':
            return [`Promise.resolve(${this.value(scope)})`];
        case 'reject':
            return [`Promise.reject(${this.error()})`];
        case 'thenable':
            return [`Promise.resolve(${this.thenable(scope)})`];
        case 'combinator':
            return [this.combinator(scope)];
        case 'helper':
            return [`${this.pick(this.asyncHelpers)}(${this.value(scope)})`];
        case 'asyncArrow':
            const inner = { ...scope, isAsync: true, noThrow: false };
            return [block('(async () => {', [...this.body(depth + 1, b, inner),
                `return ${this.value(scope)};`], '})()')];
        default:
            return [this.executor(depth, b, scope)];
        }
    }

    executor(depth, b, scope) {
        const body = [this.log(scope)];
        if (this.chance(0.5)) {
            body.push(...this.body(depth + 1, b, { ...scope, isAsync: false, noThrow: false }));
        }
        const settle = this.weighted([[4, `resolve(${this.value(scope)});`], [2, `reject(${this.error()});`],
            [1, `throw ${this.error()};`], [2, `process.nextTick(resolve, ${this.value(scope)});`],
            [1, `queueMicrotask(() => reject(${this.error()}));`],
            [1, `resolve(Promise.resolve(${this.value(scope)}));`],
            [1, `resolve(${this.value(scope)});\nreject(${this.error()});`]]);
        body.push(...settle.split('\n'));
        return block('new Promise((resolve, reject) => {', body, '})');
    }

    thenable(scope) {
        const l = this.label();
        return this.chance(0.7)
            ? `{ then(res) { console.log('${l}'); res(${this.value(scope)}); } }`
            : `{ then(res, rej) { console.log('${l}'); rej(${this.error(scope)}); } }`;
    }

    // A simple settled-without-timing promise, for combinators and awaits.
    simple(scope) {
        return this.weighted([[3, `Promise.resolve(${this.value(scope)})`],
            [2, `Promise.reject(${this.error(scope)})`],
            [2, this.value(scope)], [1, this.thenable(scope)],
            [1, `new Promise((r) => process.nextTick(r, ${this.value(scope)}))`],
            [1, `new Promise((r, j) => queueMicrotask(() => j(${this.error(scope)})))`],
            [this.asyncHelpers.length > 0 && !scope.helper && !scope.primitive ? 2 : 0,
                `${this.pick(this.asyncHelpers)}(${this.value(scope)})`]]);
    }

    combinator(scope) {
        const op = this.pick(['all', 'allSettled', 'race', 'any']);
        const items = [];
        for (let k = this.int(op === 'race' || op === 'any' ? 0 : 1, 3); k > 0; k--) {
            // allSettled's result holds its reasons: an Error there would print its stack.
            items.push(this.simple(op === 'allSettled' ? { ...scope, primitive: true } : scope));
        }
        return `Promise.${op}([${items.join(', ')}])`;
    }

    // The end of a then/catch callback: return something, throw, or nothing.
    settleLine(scope) {
        return this.weighted([[3, null], [3, `return ${this.value(scope)};`],
            [1, `return Promise.resolve(${this.value(scope)});`], [1, `return ${this.thenable(scope)};`],
            [1, `return Promise.reject(${this.error()});`], [1.5, `throw ${this.error()};`]]);
    }

    link(kind, depth, b, scope) {
        const outer = { ...scope, isAsync: false, noThrow: false };
        const inner = kind === 'then' ? { ...outer, vars: [...scope.vars, 'v'] } : outer;
        const body = [];
        if (kind === 'then') {
            body.push(`console.log('${this.label()}', v);`);
        } else if (kind === 'catch') {
            body.push(`console.log('${this.label()}', why(e));`);
        } else {
            body.push(`console.log('${this.label()}');`);
        }
        if (this.chance(0.4)) {
            body.push(...this.body(depth + 1, b, kind === 'finally' ? outer : inner));
        }
        const end = this.settleLine(inner);
        if (end !== null && !(kind === 'finally' && end.startsWith('return'))) {
            body.push(end);
        }
        const head = { then: '.then((v) => {', catch: '.catch((e) => {', finally: '.finally(() => {' }[kind];
        return block(head, body, '})', 1);
    }

    chain(depth, b, scope) {
        const src = this.source(depth, b, scope);
        const links = [];
        for (let k = this.int(1, 3); k > 0; k--) {
            links.push(this.link(this.pick(['then', 'then', 'catch', 'finally']), depth, b, scope));
        }
        if (this.chance(0.6)) {
            links.push(this.link('catch', depth, b, scope));
        }
        if (this.chance(0.2)) {
            // then(onFulfilled, onRejected)
            const l1 = this.label();
            const l2 = this.label();
            links.push(`    .then((v) => console.log('${l1}', v), (e) => console.log('${l2}', why(e)))`);
        }
        return [block('', [...src, ...links], ';')];
    }

    asyncCall(depth, b, scope) {
        const call = this.asyncHelpers.length > 0 && !scope.helper && this.chance(0.5)
            ? `${this.pick(this.asyncHelpers)}(${this.value(scope)})` : null;
        const tail = this.weighted([[3, ''], [2, `.then((v) => console.log('${this.label()}', v))`],
            [2, `.catch((e) => console.log('${this.label()}', why(e)))`]]);
        if (call !== null) {
            return `${call}${tail};`;
        }
        const body = this.body(depth + 1, b, { ...scope, isAsync: true, noThrow: false });
        if (this.chance(0.4)) {
            body.push(this.chance(0.7) ? `return ${this.value(scope)};` : `throw ${this.error()};`);
        }
        return block('(async () => {', body, `})()${tail};`);
    }

    awaitStatement(depth, b, scope) {
        const what = this.weighted([[3, 'value'], [2, 'try'], [1, 'loop']]);
        if (what === 'value') {
            return [`console.log('${this.label()}', await ${this.simpleResolved(scope)});`];
        }
        if (what === 'loop') {
            return [block('for (let w = 0; w < 2; w++) {',
                [`console.log('${this.label()}', w, await ${this.simpleResolved(scope)});`], '}')];
        }
        const tryBody = [`await ${this.simple(scope)};`, this.log(scope)];
        const out = [block('try {', tryBody, '}'),
            block('catch (e) {', [`console.log('${this.label()}', why(e));`], '}')];
        if (this.chance(0.5)) {
            out.push(block('finally {', [this.log(scope), ...(this.chance(0.3)
                ? [`await ${this.simpleResolved(scope)};`] : [])], '}'));
        }
        return [group(out)];
    }

    // An awaitable that does not reject (outside a try).
    simpleResolved(scope) {
        return this.weighted([[3, `Promise.resolve(${this.value(scope)})`], [2, this.value(scope)],
            [1, `{ then(res) { res(${this.value(scope)}); } }`],
            [1, `new Promise((r) => process.nextTick(r, ${this.value(scope)}))`],
            [1, `new Promise((r) => queueMicrotask(() => r(${this.value(scope)})))`]]);
    }

    tryCatch(depth, b, scope) {
        const tryBody = this.body(depth + 1, b, scope);
        if (this.chance(0.6)) {
            tryBody.push(this.chance(0.7) ? `throw ${this.error()};` : this.emitError());
        }
        const out = [block('try {', tryBody, '}'),
            block('catch (e) {', [`console.log('${this.label()}', why(e));`], '}')];
        if (this.chance(0.4)) {
            out.push(block('finally {', [this.log(scope)], '}'));
        }
        return [group(out)];
    }

    // An emit; 'error' with no listener throws, so not where a throw is unfixed (noThrow).
    emit(scope) {
        return this.weighted([[5, `em.emit('ev', ${this.int(0, 9)});`],
            [2, `em.emit('other', '${this.label()}');`],
            [scope.noThrow ? 0 : 0.3, this.emitError()]]);
    }

    emitError() {
        return this.emitter ? `em.emit('error', new Error('${this.label()}'));` : `throw ${this.error()};`;
    }

    immediate(depth, b, scope) {
        const sole = b.plan === 'A1';
        if (b.immLeft !== Infinity) {
            b.immLeft--;
        }
        const body = this.macroBody(depth + 1, 'immediate', sole, scope.due, { shallow: b.plan === 'C' });
        if (!scope.loop && this.chance(0.12)) {
            const h = `h${++this.handles}`;
            return [this.clearBlock(`const ${h} = setImmediate(() => {`, body, '});',
                `clearImmediate(${h});`, scope.due)];
        }
        return this.guarded('setImmediate(() => {', body, '});', scope.due);
    }

    // A handle made and cleared at once (it never runs): a block of its own.
    clearBlock(head, body, tail, clear, due) {
        const inner = due === null ? [block(head, body, tail), clear]
            : [`sched(${due});`, block(head, [`before(${due});`, ...body], tail), clear, `unsched(${due});`];
        return block('{', inner, '}');
    }

    poolCall(tail) {
        const ms = this.pick(POOL_MS);
        this.uses.add('fs');
        if (this.esm || this.chance(0.3)) {
            this.uses.add('crypto');
            return `crypto.randomBytes(8, (err, buf) => { // loopsim: ${ms}ms`;
        }
        const op = this.pick(['stat', 'stat', 'access', 'lstat']);
        return `fs.${op}(__filename, (err) => { // loopsim: ${ms}ms${tail}`;
    }

    pool(depth, b, scope) {
        b.poolLeft--;
        const body = [`console.log('${this.label()}', err === null);`,
            ...this.macroBody(depth + 1, 'io', true, scope.due)];
        return this.guarded(this.poolCall(''), body, '});', scope.due);
    }

    timeout(depth, b, scope) {
        b.timeoutLeft--;
        const body = this.macroBody(depth + 1, 'timer', true, scope.due);
        const delay = this.pick(SMALL_DELAYS);
        if (this.chance(0.1)) {
            const h = `h${++this.handles}`;
            return [this.clearBlock(`const ${h} = setTimeout(() => {`, body, `}, ${delay});`,
                `clearTimeout(${h});`, scope.due)];
        }
        return this.guarded('setTimeout(() => {', body, `}, ${delay});`, scope.due);
    }

    // An async arrow that awaits one timed promise; what follows the await is that callback's body.
    timedAwait(depth, b, scope, canPool, canTimeout, canImm) {
        const what = this.weighted([[canPool ? 1 : 0, 'pool'], [canTimeout ? 1 : 0, 'timer'],
            [canImm ? 1 : 0, 'immediate']]);
        let wait;
        let kind;
        let sole = true;
        if (what === 'pool') {
            b.poolLeft--;
            kind = 'io';
            const ms = this.pick(POOL_MS);
            if (this.esm) {
                this.uses.add('crypto');
                wait = `await new Promise((r) => crypto.randomBytes(8, r)); // loopsim: ${ms}ms`;
            } else {
                this.uses.add('fs');
                wait = `await fs.promises.stat(__filename); // loopsim: ${ms}ms`;
            }
        } else if (what === 'timer') {
            b.timeoutLeft--;
            kind = 'timer';
            const d = this.pick(SMALL_DELAYS);
            if (this.chance(0.3)) {
                this.uses.add('timersP');
                wait = `await timersP.setTimeout(${d});`;
            } else {
                wait = `await new Promise((r) => setTimeout(r, ${d}));`;
            }
        } else {
            sole = b.plan === 'A1';
            if (b.immLeft !== Infinity) {
                b.immLeft--;
            }
            kind = 'immediate';
            wait = 'await new Promise((r) => setImmediate(r));';
        }
        const pre = this.chance(0.4) ? [this.log(scope)] : [];
        const after = this.macroBody(depth + 1, kind, sole, scope.due,
            { isAsync: true, shallow: kind === 'immediate' && b.plan === 'C' });
        const guardIn = scope.due === null ? [] : [`sched(${scope.due});`];
        const guardOut = scope.due === null ? [] : [`before(${scope.due});`];
        const tail = this.chance(0.4) ? `})().catch((e) => console.log('${this.label()}', why(e)));` : '})();';
        return [block('(async () => {', [...pre, ...guardIn, wait, ...guardOut, ...after], tail)];
    }

    // A micro-only body for listeners and helpers: ticks, microtasks, promises, no timed work.
    microBody(depth, opts = {}) {
        const b = { plan: 'micro', immediates: false, immLeft: 0, poolLeft: 0, timeoutLeft: 0 };
        return this.body(depth, b, { due: null, vars: opts.vars || [], loop: false,
            isAsync: Boolean(opts.isAsync), helper: true, quiet: Boolean(opts.quiet) });
    }

    helpers() {
        const out = [];
        for (let k = this.int(0, 2); k > 0; k--) {
            const name = `a${this.asyncHelpers.length + 1}`;
            const body = [`console.log('${this.label()}', x);`,
                ...this.microBody(2, { isAsync: true, vars: ['x'] })];
            body.push(this.weighted([[3, `return ${this.value({ vars: ['x'] })};`],
                [1, `return Promise.resolve(x);`], [1, `return ${this.thenable({ vars: ['x'] })};`],
                [1, `throw ${this.error()};`], [1, null]]) || this.log({ vars: [] }));
            out.push(block(`async function ${name}(x) {`, body, '}'));
            this.asyncHelpers.push(name);
        }
        if (this.chance(0.4)) {
            const body = ['n += x === undefined ? 0 : 1;', `console.log('${this.label()}', x, n);`,
                ...this.microBody(3, { vars: ['x'] })];
            out.push(block('function s1(x) {', body, '}'));
            this.syncHelpers.push('s1');
        }
        return out;
    }

    listeners() {
        const out = [];
        if (this.onUncaught) {
            const body = [`console.log('${this.label()}', why(e), origin);`];
            if (this.chance(0.3)) {
                body.push(...this.microBody(3, { quiet: true }));
            }
            if (this.chance(0.05)) {
                body.push(`throw new Error('${this.label()}');`);
            }
            out.push(block(`process.${this.chance(0.2) ? 'once' : 'on'}('uncaughtException', (e, origin) => {`,
                body, '});'));
        }
        if (this.onUnhandled) {
            const body = [`console.log('${this.label()}', why(r));`];
            if (this.chance(0.3)) {
                body.push(...this.microBody(3, { quiet: true }));
            }
            out.push(block("process.on('unhandledRejection', (r) => {", body, '});'));
        }
        if (this.emitter) {
            for (let k = this.int(1, 2); k > 0; k--) {
                const how = this.pick(['on', 'on', 'once', 'prependListener']);
                out.push(block(`em.${how}('ev', (x) => {`,
                    [`console.log('${this.label()}', x);`, ...this.microBody(3, { vars: ['x'] })], '});'));
            }
            out.push(`em.on('other', (x) => console.log('${this.label()}', x, em.listenerCount('ev')));`);
        }
        return out;
    }

    // A once 'beforeExit' listener's tree, with an 'uncaughtException' listener, makes no
    // exception and no rejection (`quiet`): after a handled one Node queues setImmediate(noop)
    // (lib/internal/process/execution.js), which loopsim does not model, and that noop
    // revives the loop, so 'beforeExit' would come once more.
    exitListeners() {
        const out = [];
        for (let k = this.weighted([[4, 0], [3, 1], [1, 2]]); k > 0; k--) {
            const body = [`console.log('${this.label()}', code, n);`];
            if (this.chance(0.3)) {
                body.push(this.stateUpdate(), this.log({ vars: [] }));
            }
            if (this.chance(0.1)) {
                body.push(`process.exitCode = ${this.int(0, 9)};`);
            }
            out.push(block(`process.${this.chance(0.3) ? 'once' : 'on'}('exit', (code) => {`, body, '});'));
        }
        if (this.chance(0.2)) {
            this.inQuiet = this.onUncaught;
            out.push(block("process.once('beforeExit', () => {",
                [`console.log('${this.label()}');`, ...this.macroBody(1, 'beforeExit', true, null)], '});'));
            this.inQuiet = false;
        }
        if (this.chance(0.1)) {
            out.push(`process.on('beforeExit', (code) => console.log('${this.label()}', code));`);
        }
        return out;
    }

    main() {
        const helpers = this.helpers();
        const listeners = this.listeners();
        // Slot timers: decided first, so main's deadline is known.
        const free = [1, 2, 3, 4];
        for (let t = this.weighted([[3, 0], [4, 1], [3, 2], [1, 3]]); t > 0; t--) {
            this.slots.push(free.splice(this.int(0, free.length - 1), 1)[0]);
        }
        const mainDue = this.slots.length > 0 ? 0 : null;
        const body = this.macroBody(0, this.esm ? 'io' : 'main', true, mainDue,
            { isAsync: this.esm, main: true });
        for (const s of this.slots) {
            const sbody = this.macroBody(1, 'timer', true, s);
            this.insert(body, [block('setTimeout(() => {', [`slot(${s});`, ...sbody], `}, ${s * SLOT_MS});`)]);
        }
        const exits = this.exitListeners();
        for (const e of exits) {
            this.insert(body, [e]);
        }
        return { helpers, listeners, body };
    }

    // The deadlines of the slots: DUE[k] for slot k's tree (0: main's) is the next slot's time
    // less a margin for libuv's millisecond clock.
    deadlines() {
        const used = [...this.slots].sort((a, b) => a - b);
        const due = [];
        for (let k = 0; k <= 4; k++) {
            const next = used.find((s) => s > k);
            due.push(next === undefined ? 1e9 : next * SLOT_MS - MARGIN_MS);
        }
        return due;
    }
}

// What a program with slots starts with: the twin's before()/slot() checks, in the subset.
function guardPrelude(due) {
    return [
        'const start = performance.now();',
        `const DUE = [${due.join(', ')}];`,
        '// left[k]: callbacks due by DUE[k] not run yet. A run too slow for the timing proves',
        `// nothing: status ${TOO_SLOW_STATUS}, and run.mjs runs it again.`,
        'const left = [0, 0, 0, 0, 0];',
        block('function tooSlow(why) {', ["console.error('too slow: ' + why);",
            `process.exit(${TOO_SLOW_STATUS});`], '}'),
        block('function sched(k) {', ['left[k]++;'], '}'),
        block('function unsched(k) {', ['left[k]--;'], '}'),
        block('function before(k) {', ['left[k]--;',
            "if (performance.now() - start > DUE[k]) tooSlow('a callback ran after ' + DUE[k] + ' ms');"], '}'),
        block('function slot(k) {', [
            block('for (let j = 0; j < k; j++) {',
                ["if (left[j] > 0) tooSlow('slot ' + k + ' began early');"], '}'),
            "if (performance.now() - start > DUE[k]) tooSlow('slot ' + k + ' ran after ' + DUE[k] + ' ms');"],
        '}'),
    ];
}

/** Generates program `seed`: { tree, module } (module: an ES module, a .mjs file). */
export function generateProgram(seed) {
    const g = new JsGenerator(seed);
    const { helpers, listeners, body } = g.main();
    const prelude = [`// Program ${seed} of tests/fuzz/jsgen.mjs.`];
    if (g.esm) {
        prelude.push("import fs from 'node:fs';", "import crypto from 'node:crypto';",
            "import EventEmitter from 'node:events';", "import timersP from 'node:timers/promises';");
    } else {
        prelude.push("'use strict';", "const fs = require('fs');", "const crypto = require('crypto');",
            "const EventEmitter = require('events');", "const timersP = require('timers/promises');");
    }
    if (g.slots.length > 0) {
        prelude.push(...guardPrelude(g.deadlines()));
    }
    prelude.push('let n = 0;', 'const arr = [];', 'const obj = { hits: 0 };',
        block('const next = (() => {', ['let c = 0;', 'return () => ++c;'], '})();'),
        block('function why(e) {',
            ["return e !== null && typeof e === 'object' ? `${e.name}: ${e.message}` : e;"], '}'));
    if (g.emitter) {
        prelude.push('const em = new EventEmitter();');
    }
    // The prelude is what every line may use: shrink.mjs leaves it whole (`keep`).
    const tree = [{ ...group(prelude), keep: true }, ...helpers, ...listeners, ...body];
    return { tree, module: g.esm };
}

/** The text of a program tree. */
export function renderTree(tree) {
    const lines = [];
    const walk = (nodes, ind) => {
        for (const node of nodes) {
            if (typeof node === 'string') {
                lines.push('    '.repeat(ind) + node);
                continue;
            }
            const at = ind + (node.pad || 0);
            if (node.head !== '') {
                lines.push('    '.repeat(at) + node.head);
            }
            walk(node.body, node.head === '' ? at : at + 1);
            if (node.tail !== '') {
                lines.push('    '.repeat(at) + node.tail);
            }
        }
    };
    walk(tree, 0);
    return lines.join('\n') + '\n';
}

/** Writes program `seed` into `dir`: js-SEED.js (or .mjs) and js-SEED.tree.json; their paths. */
export function writeProgram(dir, seed) {
    const { tree, module } = generateProgram(seed);
    const js = join(dir, `js-${seed}.${module ? 'mjs' : 'js'}`);
    const json = join(dir, `js-${seed}.tree.json`);
    writeFileSync(js, renderTree(tree));
    writeFileSync(json, JSON.stringify({ module, tree }) + '\n');
    return { seed, js, json };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    seededWriterMain(process.argv.slice(2), 'jsgen.mjs', 'program', writeProgram);
}
