#!/usr/bin/env node
// html-check.mjs - the html page (docs/format-html.md) says what is true of the run.
//
// usage: node tests/html-check.mjs LOOPSIM SRCROOT BUILDDIR
//
//   1. Without a browser, for every built-in scenario (`loopsim list`): the page is made, its
//      three data scripts parse, its events are the jsonl trace's of the same run (every key),
//      and nothing in it closes a <script> early; a scenario whose text tries to is escaped;
//      --html-max-events cuts the page and it says how long the run was.
//   2. In headless Chromium (Debian's `chromium`, driven over CDP on the pipe: fds 3 and 4, one
//      NUL-terminated JSON message each), for a few pages: press the TUI's keys, read the DOM,
//      and compare with the jsonl trace (event, time, phase, iteration, console, why) and with
//      the TUI's own screen at the same event (`loopsim screen --at K`: the queues', workers' and
//      program panes' titles); b, ] [, } {, g, Home/End, ?, i; no network request; no script
//      error; screenshots in /tmp/html-*.png, light and dark.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [loopsim, root] = process.argv.slice(2);
if (!loopsim || !root) {
    console.error('usage: node tests/html-check.mjs LOOPSIM SRCROOT BUILDDIR');
    process.exit(2);
}

let failures = 0;
let checks = 0;
function check(what, ok, detail) {
    checks++;
    if (!ok) {
        failures++;
        console.log(`FAIL  ${what}${detail !== undefined ? ': ' + detail : ''}`);
    }
    return ok;
}
function same(what, got, want) {
    const g = JSON.stringify(got);
    const w = JSON.stringify(want);
    return check(what, g === w, `got ${g}, want ${w}`);
}

const tmp = mkdtempSync(join(tmpdir(), 'loopsim-html-'));
const run = (args) => execFileSync(loopsim, args, {encoding: 'utf8', maxBuffer: 1 << 28});

function jsonl(scenario, extra = []) {
    return run(['trace', scenario, '--format', 'jsonl', ...extra]).trim().split('\n')
        .map((l) => JSON.parse(l));
}

function makePage(scenario, name, extra = []) {
    const path = join(tmp, name + '.html');
    run(['trace', scenario, '--format', 'html', '-o', path, ...extra]);
    return path;
}

// The page's data: the three application/json scripts.
function pageData(html) {
    const data = {};
    const re = /<script type="application\/json" id="loopsim-(meta|steps|end)">([\s\S]*?)<\/script>/g;
    for (const m of html.matchAll(re)) {
        data[m[1]] = JSON.parse(m[2]);
    }
    return data;
}

const EVENT_KEYS = ['seq', 'time_ns', 'iteration', 'phase', 'event', 'label', 'text', 'reason',
    'why', 'callbacks', 'stmt', 'worker', 'duration_ns'];
const pick = (ev) => EVENT_KEYS.map((k) => ev[k]);

// ---- 1. Every built-in's page, without a browser ------------------------------------------

function checkPage(label, path, trace, cap) {
    const html = readFileSync(path, 'utf8');
    const opens = (html.match(/<script[\s>]/g) || []).length;
    const closes = (html.match(/<\/script/gi) || []).length;
    same(`${label}: four scripts, each closed once`, [opens, closes], [4, 4]);
    check(`${label}: no external resource`, !/<(link|img|iframe)\b|\bsrc=|https?:\/\//i
        .test(html.replace(/<script type="application\/json"[\s\S]*?<\/script>/g, '')));
    let data;
    try {
        data = pageData(html);
    } catch (e) {
        check(`${label}: the data parses`, false, e.message);
        return null;
    }
    if (!check(`${label}: meta, steps and end`, data.meta && data.steps && data.end)) {
        return null;
    }
    const events = trace.filter((e) => e.event !== 'end');
    const endRec = trace[trace.length - 1];
    const shown = cap === 0 ? events.length : Math.min(cap, events.length);
    same(`${label}: end counts the run's events`, data.end.events, endRec.events);
    same(`${label}: end says how it ended`, [data.end.outcome, data.end.message],
        [endRec.outcome, endRec.message]);
    same(`${label}: steps held`, [data.steps.length - 1, data.end.shown], [shown, shown]);
    check(`${label}: step 0 is the loop before any event`, data.steps[0].e === undefined &&
        data.steps[0].s.len !== undefined);
    let bad = -1;
    for (let i = 1; i < data.steps.length && bad < 0; i++) {
        if (JSON.stringify(pick(data.steps[i].e)) !== JSON.stringify(pick(events[i - 1]))) {
            bad = i;
        }
    }
    check(`${label}: every step's event is the jsonl trace's`, bad < 0,
        bad > 0 ? `step ${bad}: ${JSON.stringify(data.steps[bad].e)}` : '');
    return data;
}

// The scenarios: `loopsim list` up to its blank line (the exercises follow it).
const builtins = run(['list']).split('\n\n')[0].trim().split('\n').map((l) => l.split(/\s+/)[0]);
check('loopsim list names the built-ins', builtins.length > 20);
for (const name of builtins) {
    checkPage(name, makePage(name, 'builtin-' + name), jsonl(name), 20000);
}

// Text that tries to end the script it sits in, or to open a comment in it.
const hostile = join(tmp, 'hostile.json');
const nasty = '</script><script>document.title="owned"</script> <!-- & </SCRIPT > \u2028 é';
writeFileSync(hostile, JSON.stringify({
    loopsim: 1,
    name: 'Hostile </script> <b>name</b>',
    description: 'a description with </script> in it',
    main: [nasty, {op: 'setTimeout', delay: 1, label: '</script>t',
        do: ['in <timer> & done']}],
}));
const hostileData = checkPage('hostile', makePage(hostile, 'hostile'), jsonl(hostile), 20000);
if (hostileData) {
    same('hostile: the text round-trips', hostileData.steps.map((s) => s.e && s.e.text)
        .filter((t) => t === nasty), [nasty]);
}

// Long queues: more items than a step holds (50), which then leave by the head.
const crowd = join(tmp, 'crowd.json');
writeFileSync(crowd, JSON.stringify({
    loopsim: 1,
    name: 'A crowd of timers and immediates',
    main: [{op: 'repeat', times: 60, do: [{op: 'setImmediate', do: ['immediate']}]},
        {op: 'repeat', times: 3, do: [{op: 'setTimeout', delay: 5, do: ['timer']}]}],
}));
checkPage('crowd', makePage(crowd, 'crowd'), jsonl(crowd), 20000);

// A cut page: the first 10 events, and the run's length.
const cut = 'pool-of-4-five-jobs';
const cutTrace = jsonl(cut);
const cutData = checkPage('cut at 10', makePage(cut, 'cut', ['--html-max-events', '10']),
    cutTrace, 10);
check('cut: the run is longer than the cap', cutTrace.length - 1 > 10);
if (cutData) {
    same('cut: meta says the cap', cutData.meta.max_events, 10);
}
checkPage('--html-max-events 0 holds all', makePage(cut, 'all', ['--html-max-events', '0']),
    cutTrace, 0);
let refused = false;
try {
    execFileSync(loopsim, ['trace', cut, '--format', 'jsonl', '--html-max-events', '5'],
        {stdio: 'pipe'});
} catch (e) {
    refused = e.status === 2;
}
check('--html-max-events with another format is a usage error', refused);

// ---- 2. In the browser --------------------------------------------------------------------

function findChromium() {
    for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
        if (existsSync(p)) {
            return p;
        }
    }
    return null;
}

// A CDP connection over chromium's --remote-debugging-pipe.
class Cdp {
    constructor(proc) {
        this.proc = proc;
        this.nextId = 1;
        this.pending = new Map();
        this.listeners = [];
        this.buffer = '';
        proc.stdio[4].on('data', (chunk) => this.receive(chunk));
    }

    receive(chunk) {
        this.buffer += chunk.toString('utf8');
        let nul;
        while ((nul = this.buffer.indexOf('\0')) >= 0) {
            const msg = JSON.parse(this.buffer.slice(0, nul));
            this.buffer = this.buffer.slice(nul + 1);
            if (msg.id !== undefined && this.pending.has(msg.id)) {
                const {resolve, reject} = this.pending.get(msg.id);
                this.pending.delete(msg.id);
                if (msg.error) {
                    reject(new Error(JSON.stringify(msg.error)));
                } else {
                    resolve(msg.result);
                }
            } else {
                for (const l of this.listeners) {
                    l(msg);
                }
            }
        }
    }

    send(method, params = {}, sessionId) {
        const id = this.nextId++;
        const msg = {id, method, params};
        if (sessionId) {
            msg.sessionId = sessionId;
        }
        this.proc.stdio[3].write(JSON.stringify(msg) + '\0');
        return new Promise((resolve, reject) => this.pending.set(id, {resolve, reject}));
    }

    waitFor(method, sessionId) {
        return new Promise((resolve) => {
            const l = (msg) => {
                if (msg.method === method && msg.sessionId === sessionId) {
                    this.listeners.splice(this.listeners.indexOf(l), 1);
                    resolve(msg.params);
                }
            };
            this.listeners.push(l);
        });
    }
}

// The keys as Input.dispatchKeyEvent takes them.
const KEYS = {
    ' ': {key: ' ', code: 'Space', vk: 32, text: ' '},
    Home: {key: 'Home', code: 'Home', vk: 36},
    End: {key: 'End', code: 'End', vk: 35},
    Enter: {key: 'Enter', code: 'Enter', vk: 13, text: '\r'},
    Escape: {key: 'Escape', code: 'Escape', vk: 27},
    Up: {key: 'ArrowUp', code: 'ArrowUp', vk: 38},
    Tab: {key: 'Tab', code: 'Tab', vk: 9},
};
function keyOf(k) {
    if (KEYS[k]) {
        return KEYS[k];
    }
    const codes = {']': 'BracketRight', '[': 'BracketLeft', '}': 'BracketRight',
        '{': 'BracketLeft', '?': 'Slash', '/': 'Slash'};
    const vk = {']': 221, '[': 219, '}': 221, '{': 219, '?': 191, '/': 191};
    return {key: k, code: codes[k] || 'Key' + k.toUpperCase(), vk: vk[k] || k.toUpperCase()
        .charCodeAt(0), text: k};
}

// What the page shows, read from the DOM.
const READ = `(() => {
    const $ = (id) => document.getElementById(id);
    const text = (id) => $(id).textContent;
    const now = document.querySelector('#phases li.now');
    const cursor = document.querySelector('#trace .ev.cursor');
    return {
        ready: $('app').dataset.ready === 'true',
        pos: Number($('app').dataset.pos),
        top: text('top-status'),
        loop: text('loop-extra'),
        phase: now ? now.dataset.phase : null,
        queues: text('queues-extra'),
        queueLens: Object.fromEntries([...document.querySelectorAll('#queues .queue')]
            .map((q) => [q.dataset.queue, Number(q.dataset.len)])),
        queueCut: [...document.querySelectorAll('#queues .queue')].map((q) => [Number(q.dataset.len),
            q.querySelectorAll('.item').length,
            Number((q.querySelector('.more')?.textContent ?? '0').split(' ')[0])]),
        queueItems: [...document.querySelectorAll('#queues .item .label')]
            .map((l) => l.textContent),
        workers: text('workers-extra'),
        program: text('program-extra'),
        programLine: Number($('program').dataset.line),
        nowLine: document.querySelector('#program .line.now .src')?.textContent ?? null,
        console: [...document.querySelectorAll('#console .console-line.log')]
            .map((l) => l.textContent),
        cursor: cursor ? Number(cursor.dataset.seq) : 0,
        selected: text('trace-extra'),
        why: text('why'),
        message: text('message'),
        page: $('page').hidden ? null : text('page-body'),
        banner: $('banner').hidden ? null : text('banner'),
        title: document.title,
    };
})()`;

// The TUI's screen at event k: its panes' titles, the facts the page must agree with.
function tuiTitles(scenario, k) {
    const screen = run(['screen', scenario, '--at', String(k), '--size', '220x60']);
    const title = (pane) => {
        const m = new RegExp(`\u2500 ${pane} \u2500+(?: ([^\u2500\u2502]*?) \u2500)?`)
            .exec(screen);
        return m && m[1] !== undefined ? m[1] : '';
    };
    // The queues pane's rows: the labels after the queue's name column (1 + 11 columns).
    const lines = screen.split('\n').map((l) => l.split('\u2502')[0]);
    const top = lines.findIndex((l) => l.startsWith('\u2500 queues '));
    const labels = [];
    for (let i = top + 1; i < lines.length && !lines[i].startsWith('\u2500'); i++) {
        const label = lines[i].slice(12).split(/ {2,}/)[0].trim();
        if (label !== '' && !/^every queue is empty|^\d+ more$/.test(lines[i].trim())) {
            labels.push(label);
        }
    }
    return {queues: title('queues'), workers: title('workers'), program: title('program'),
        loop: title('loop'), labels};
}

// The milliseconds as the page and the TUI write them: "12.5", "0", "0.001".
function fmtMs(ns) {
    const us = Math.floor(ns / 1000);
    const frac = String(us % 1000).padStart(3, '0').replace(/0+$/, '');
    return String(Math.floor(us / 1000)) + (frac ? '.' + frac : '');
}

async function browserChecks(chromium) {
    const profile = join(tmp, 'profile');
    const proc = spawn(chromium, ['--headless', '--no-sandbox', '--disable-gpu',
        '--remote-debugging-pipe', `--user-data-dir=${profile}`, '--no-first-run',
        '--no-default-browser-check', '--disable-extensions', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--window-size=1400,900'],
    {stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe']});
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; });
    const killer = setTimeout(() => {
        console.log('FAIL  chromium did not finish within 240 s; its stderr:\n' +
            stderr.slice(-2000));
        proc.kill('SIGKILL');
        process.exit(1);
    }, 240000);
    const cdp = new Cdp(proc);
    try {
        const {targetId} = await cdp.send('Target.createTarget', {url: 'about:blank'});
        const {sessionId} = await cdp.send('Target.attachToTarget', {targetId, flatten: true});
        const send = (m, p) => cdp.send(m, p, sessionId);
        const requests = [];
        const errors = [];
        cdp.listeners.push((msg) => {
            if (msg.sessionId !== sessionId) {
                return;
            }
            if (msg.method === 'Network.requestWillBeSent') {
                requests.push(msg.params.request.url);
            } else if (msg.method === 'Runtime.exceptionThrown') {
                errors.push(JSON.stringify(msg.params.exceptionDetails).slice(0, 400));
            } else if (msg.method === 'Runtime.consoleAPICalled' && msg.params.type === 'error') {
                errors.push(JSON.stringify(msg.params.args).slice(0, 400));
            }
        });
        await send('Page.enable');
        await send('Network.enable');
        await send('Runtime.enable');
        await send('Emulation.setDeviceMetricsOverride', {width: 1400, height: 900,
            deviceScaleFactor: 1, mobile: false});
        const page = {
            async open(path) {
                const loaded = cdp.waitFor('Page.loadEventFired', sessionId);
                await send('Page.navigate', {url: pathToFileURL(path).href});
                await loaded;
                return page.read();
            },
            async read() {
                const r = await send('Runtime.evaluate', {expression: READ, returnByValue: true});
                return r.result.value;
            },
            async key(k) {
                const d = keyOf(k);
                const base = {key: d.key, code: d.code, windowsVirtualKeyCode: d.vk,
                    nativeVirtualKeyCode: d.vk};
                await send('Input.dispatchKeyEvent', {type: 'keyDown', ...base,
                    ...(d.text ? {text: d.text} : {})});
                await send('Input.dispatchKeyEvent', {type: 'keyUp', ...base});
            },
            async type(text) {
                await send('Input.insertText', {text});
            },
            async shot(name) {
                const {data} = await send('Page.captureScreenshot', {format: 'png'});
                writeFileSync(`/tmp/html-${name}.png`, Buffer.from(data, 'base64'));
            },
            async dark(on) {
                await send('Emulation.setEmulatedMedia', {features: [{name:
                    'prefers-color-scheme', value: on ? 'dark' : 'light'}]});
            },
        };
        await stepThrough(page, 'default', 51);
        await page.shot('default');
        await stepThrough(page, 'four-queues-in-io', Infinity);
        await page.dark(true);
        await page.key('b');
        await page.key('b');
        await page.shot('four-queues-in-io-dark');
        await page.dark(false);
        await stepThrough(page, 'pool-of-4-five-jobs', Infinity);
        await stepThrough(page, crowd, Infinity);
        await navigation(page, 'default');
        await otherPages(page);
        const foreign = requests.filter((u) => !/^(file|data):/.test(u));
        same('the pages asked the network for nothing', foreign, []);
        check('the pages were loaded from file://', requests.some((u) => u.startsWith('file:')));
        same('no script error in the pages', errors, []);
    } finally {
        clearTimeout(killer);
        const exited = new Promise((resolve) => proc.once('exit', resolve));
        cdp.send('Browser.close').catch(() => {});
        const late = setTimeout(() => proc.kill('SIGKILL'), 10000);
        await exited;
        clearTimeout(late);
    }
}

// Opens a built-in's page and steps through it with space, comparing each step with the
// jsonl trace and the TUI's screen; then back with b.
async function stepThrough(page, scenario, most) {
    const trace = jsonl(scenario).filter((e) => e.event !== 'end');
    const path = makePage(scenario, 'browser-' + scenario.replace(/.*\//, ''));
    let shown = await page.open(path);
    if (!check(`${scenario}: the page starts`, shown.ready, JSON.stringify(shown))) {
        return;
    }
    same(`${scenario}: at the start`, [shown.pos, shown.console, shown.phase, shown.cursor],
        [0, [], 'main', 0]);
    const n = Math.min(most, trace.length);
    for (let k = 1; k <= n; k++) {
        await page.key(k % 2 === 0 ? 'n' : ' ');
        shown = await page.read();
        if (!agrees(scenario, k, shown, trace)) {
            return;
        }
    }
    for (let k = n - 1; k >= Math.max(0, n - 5); k--) {
        await page.key('b');
        shown = await page.read();
        if (k > 0 && !agrees(`${scenario} (b)`, k, shown, trace)) {
            return;
        }
    }
}

// The page at event k against the trace and the TUI.
function agrees(label, k, shown, trace) {
    const scenario = label.split(' ')[0];
    const ev = trace[k - 1];
    const logs = trace.slice(0, k).filter((e) => e.event === 'log').map((e) => e.text);
    const tui = tuiTitles(scenario, k);
    const ms = fmtMs(ev.time_ns);
    const ok = [
        same(`${label} @${k}: the shown event`, [shown.pos, shown.cursor], [k, k]),
        same(`${label} @${k}: top bar`, shown.top.startsWith(`event ${k} of ${trace.length}` +
            ` \u00b7 ${ms} ms`), true),
        same(`${label} @${k}: phase and iteration`, [shown.phase, shown.loop],
            [ev.phase, `iteration ${ev.iteration} \u00b7 ${ms} ms`]),
        same(`${label} @${k}: the TUI's loop title`, shown.loop, tui.loop),
        same(`${label} @${k}: console`, shown.console, logs),
        same(`${label} @${k}: queues (the TUI's title)`, shown.queues, tui.queues),
        same(`${label} @${k}: queue lengths add up`, Object.values(shown.queueLens)
            .reduce((a, b) => a + b, 0), Number((shown.queues.match(/^\d+/) || ['0'])[0])),
        same(`${label} @${k}: queue items (the TUI's rows)`,
            shown.queueItems.slice(0, tui.labels.length), tui.labels),
        same(`${label} @${k}: each queue shows 50 items at most, and counts the rest`,
            shown.queueCut.filter(([len, items, more]) => items !== Math.min(len, 50) ||
                more !== len - items), []),
        same(`${label} @${k}: workers (the TUI's title)`, shown.workers, tui.workers),
        same(`${label} @${k}: program (the TUI's title)`, shown.program, tui.program),
        ev.why === '' || same(`${label} @${k}: why`, shown.why, ev.why),
    ];
    return ok.every(Boolean);
}

// ] [ } { g Home End on one page, against the marks of the jsonl trace.
async function navigation(page, scenario) {
    const trace = jsonl(scenario).filter((e) => e.event !== 'end');
    const marks = (key) => trace.map((e, i) => (i === 0 || e[key] !== trace[i - 1][key] ?
        i + 1 : 0)).filter((p) => p > 0);
    await page.open(makePage(scenario, 'nav-' + scenario));
    for (const [fwd, back, key] of [[']', '[', 'phase'], ['}', '{', 'iteration']]) {
        const want = marks(key);
        const got = [];
        for (let i = 0; i < want.length + 1; i++) {
            await page.key(fwd);
            got.push((await page.read()).pos);
        }
        same(`${scenario}: ${fwd} walks the ${key} changes`, got, [...want, want.at(-1)]);
        check(`${scenario}: ${fwd} at the last says so`, /no later/.test((await page.read())
            .message));
        const gotBack = [];
        for (let i = 0; i < want.length; i++) {
            await page.key(back);
            gotBack.push((await page.read()).pos);
        }
        same(`${scenario}: ${back} walks them back`, gotBack, [...want.slice(0, -1).reverse(), 0]);
    }
    await page.key('g');
    await page.type('17');
    await page.key('Enter');
    let shown = await page.read();
    same(`${scenario}: g 17`, shown.pos, 17);
    agrees(`${scenario} (g)`, 17, shown, trace);
    await page.key('Home');
    shown = await page.read();
    same(`${scenario}: Home selects the first event, the cursor stays`,
        [shown.selected, shown.pos, shown.why], ['event 1', 17, trace[0].why || shown.why]);
    await page.key('i');
    shown = await page.read();
    check(`${scenario}: i shows the selected event`, shown.page !== null &&
        shown.page.includes(trace[0].reason), JSON.stringify(shown.page));
    await page.key('Escape');
    await page.key('End');
    shown = await page.read();
    same(`${scenario}: End selects the cursor's event`, shown.selected, 'event 17');
    await page.key('Enter');
    const ms = trace[29].time_ns;
    await page.key('g');
    await page.type(`${fmtMs(ms)}ms`);
    await page.key('Enter');
    shown = await page.read();
    const lastAt = trace.findLastIndex((e) => e.time_ns <= ms) + 1;
    same(`${scenario}: g ${fmtMs(ms)}ms goes to the last event at that time`, shown.pos, lastAt);
    await page.key('g');
    await page.type('end');
    await page.key('Enter');
    shown = await page.read();
    same(`${scenario}: g end`, shown.pos, trace.length);
    await page.key(' ');
    check(`${scenario}: space at the end says how the run ended`,
        (await page.read()).message.startsWith('the end: exited with code 0'));
    await page.key('/');
    await page.type('immediate');
    await page.key('Enter');
    shown = await page.read();
    const hit = trace.findIndex((e) => [e.label, e.text, e.event, e.reason]
        .some((f) => f && f.toLowerCase().includes('immediate'))) + 1;
    same(`${scenario}: / wraps around to the first match`, shown.pos, hit);
}

// The help lists every key the TUI's does; the hostile page is inert; the cut page says so.
async function otherPages(page) {
    const tuiSource = readFileSync(join(root, 'ui', 'tui', 'tui.c'), 'utf8');
    const table = /tui_key_help\[\] = \{([\s\S]*?)\n\};/.exec(tuiSource)[1];
    const keys = [...table.matchAll(/^\s*\{"((?:[^"\\]|\\.)*)"/gm)]
        .map((m) => JSON.parse(`"${m[1]}"`));
    check('the TUI has a key table', keys.length > 10);
    await page.key('?');
    const help = (await page.read()).page || '';
    same('? lists every key of the TUI\'s help', keys.filter((k) => !help.includes(k)), []);
    await page.key('x');
    check('any other key closes the help', (await page.read()).page === null);

    let shown = await page.open(join(tmp, 'hostile.html'));
    await page.key(' ');
    await page.key(' ');
    await page.key(' ');
    shown = await page.read();
    check('hostile: the page runs', shown.ready);
    same('hostile: the scenario\'s text is shown as text',
        [shown.console.includes(nasty.replace('\u2028', '\u2028')), shown.title.includes('owned')],
        [true, false]);
    shown = await page.open(join(tmp, 'cut.html'));
    const total = jsonl(cut).length - 1;
    check('cut: the banner says the page is cut and how to get all', shown.banner !== null &&
        shown.banner.includes(`first 10 of the run's ${total} events`) &&
        shown.banner.includes('--html-max-events 0'), shown.banner);
    await page.key('g');
    await page.type('end');
    await page.key('Enter');
    await page.key(' ');
    shown = await page.read();
    same('cut: the end of the page is event 10', shown.pos, 10);
    check('cut: stepping past it says the page ends there', /this page ends at event 10/
        .test(shown.message), shown.message);
    await page.shot('cut');
}

const chromium = findChromium();
if (!chromium) {
    console.log('FAIL  chromium is not installed: apt-get install chromium (./run-tests does); ' +
        'the html page is tested in it');
    failures++;
} else {
    try {
        await browserChecks(chromium);
    } catch (e) {
        check('the browser checks ran', false, e.stack);
    }
}

rmSync(tmp, {recursive: true, force: true, maxRetries: 5});
console.log(`${checks - failures} passed, ${failures} failed`);
process.exit(failures > 0 ? 1 : 0);
