/*
 * page.js - the stepper of loopsim's html page (docs/format-html.md): the TUI's panes and keys
 * (ui/tui/tui.c, global_key and the views' keys) over the run that printer_html.c embedded.
 *
 * The data: loopsim-meta (the program, the names), loopsim-steps (step 0 the loop before any
 * event, then one step per event: the event and what changed in the loop), loopsim-end (how the
 * run ended, and how many events it had). The page only shows them: every order, time and reason
 * comes from the engine.
 */
(function () {
    'use strict';

    /* Play speeds in events per second, as the TUI's (+ and - move along them). */
    const PLAY_SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 20000];
    const PLAY_SPEED_DEFAULT = 2;
    const FRAME_MS = 40;
    const TRACE_WINDOW = 400;           /* trace rows drawn at most, around the selection */
    const CONSOLE_WINDOW = 2000;        /* console lines drawn at most, the newest */
    const SIDE_STEP = 8;                /* columns left and right scroll the program by */

    /* The TUI's help (ui/tui/tui.c, tui_key_help), with what differs in a page said so. */
    const KEY_HELP = [
        ['space, n', 'one event forward'],
        ['b', 'one event back (instant at any depth)'],
        [']  [', 'next / previous phase change'],
        ['}  {', 'next / previous loop iteration'],
        ['g', 'go to an event number (120), a virtual time (12.5ms, 2s) or end'],
        ['r', 'run to the end (any key stops)'],
        ['p', 'play / pause'],
        ['+  -', 'play faster / slower'],
        ['/', 'search the events: labels, console text, event kinds, phases; / then enter ' +
            'alone finds the next one'],
        ['tab', 'move the focus to the next pane (compact layout: show the next pane)'],
        ['\u2191 \u2193 PgUp PgDn Home End', 'scroll the focused pane; in the trace, select an ' +
            'event'],
        ['enter', 'trace: go to the selected event'],
        ['i', 'the selected event in full: every field and the whole why'],
        ['x', 'trace: at an event marked ~ (a race: real Node may take another order there), ' +
            'run the other branch, to the same event (in the TUI: a page holds one run)'],
        ['P', 'predict mode: pick each callback before it runs (in the TUI: loopsim tui ' +
            '--predict; not in a page)'],
        ['d', "the scenario's description"],
        ['\u2190 \u2192', 'program: scroll long lines left and right'],
        ['s', 'back to the list of scenarios (when started from it; in the TUI)'],
        ['?', 'this help (\u2191 \u2193 scroll it; any other key closes it)'],
        ['q', 'quit (in the TUI; close the tab here)'],
    ];

    /* The status bar's short list, as the TUI's (tui_view_bars.c, draw_hints). */
    const HINTS = [
        ['space', 'step', ' '], ['b', 'back', 'b'], ['[ ]', 'phase', ']'],
        ['{ }', 'iteration', '}'], ['g', 'go to', 'g'], ['r', 'end', 'r'], ['p', 'play', 'p'],
        ['/', 'search', '/'], ['tab', 'pane', 'Tab'], ['?', 'help', '?'], ['q', 'quit', 'q'],
    ];

    /* The panes tab moves the focus through (ui/tui/tui.c, focus_order). */
    const FOCUS_ORDER = ['trace', 'program', 'console', 'queues', 'workers'];

    const $ = (id) => document.getElementById(id);

    function readJson(id) {
        return JSON.parse($(id).textContent);
    }

    const meta = readJson('loopsim-meta');
    const rawSteps = readJson('loopsim-steps');
    const end = readJson('loopsim-end');

    /* ---- The run, step by step ------------------------------------------------------------ */

    /* Each step's whole state: the deltas carried forward (unchanged parts are shared). */
    function buildStates(steps) {
        const states = [];
        let prev = {cb: false, alive: [false, ''], poll: [0, ''], len: [], q: {}, workers: [],
            at: [-1, -1, -1, null, -1, -1]};
        for (const step of steps) {
            const s = step.s;
            const cur = Object.assign({}, prev, s);
            cur.q = prev.q;
            if (s.q) {
                /* A queue comes whole, or as what left its head and what came at its tail. */
                cur.q = Object.assign({}, prev.q);
                for (const [name, list] of Object.entries(s.q)) {
                    cur.q[name] = Array.isArray(list) ? list
                        : prev.q[name].slice(list.drop).concat(list.add);
                }
            }
            states.push(cur);
            prev = cur;
        }
        return states;
    }

    const states = buildStates(rawSteps);
    const events = rawSteps.map((step) => step.e || null);     /* events[0] is null */
    const last = events.length - 1;                            /* the last step held */
    const complete = last === end.events;

    /* Where the phase or the iteration changes (the TUI's marks): positions, ascending. */
    function marksOf(key) {
        const marks = [];
        let value;
        for (let i = 1; i <= last; i++) {
            if (i === 1 || events[i][key] !== value) {
                marks.push(i);
                value = events[i][key];
            }
        }
        return marks;
    }

    const marks = {phase: marksOf('phase'), iteration: marksOf('iteration')};

    /* The console: each log line with its position. */
    const logs = [];
    for (let i = 1; i <= last; i++) {
        if (events[i].event === 'log' && events[i].text !== null) {
            logs.push({pos: i, text: events[i].text});
        }
    }

    function logCount(pos) {
        let lo = 0;
        let hi = logs.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (logs[mid].pos <= pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    const queueIndex = {};
    meta.queues.forEach((q) => { queueIndex[q.name] = q.index; });

    /* ---- The stepper's state, as struct tui holds it -------------------------------------- */

    const t = {
        pos: 0,
        focus: 'trace',
        traceSel: 0,
        traceFollow: true,
        programFollow: true,
        programLeft: 0,
        atTime: false,
        atNs: 0,
        playing: false,
        speed: PLAY_SPEED_DEFAULT,
        timer: null,
        prompt: null,                   /* 'goto' or 'search' */
        lastSearch: '',
        page: null,                     /* 'help', 'event', 'about' */
        message: '',
        warn: false,
    };

    /* ---- Words and numbers, as the TUI writes them ---------------------------------------- */

    /* Virtual ns as short milliseconds: "8", "12.5", "0.001" (sim_format_ms, trimmed). */
    function fmtMs(ns) {
        const us = Math.floor(ns / 1000);
        const whole = Math.floor(us / 1000);
        const frac = String(us % 1000).padStart(3, '0').replace(/0+$/, '');
        return frac === '' ? String(whole) : whole + '.' + frac;
    }

    /* With three decimals, as the trace column: "12.500". */
    function fmtMs3(ns) {
        const us = Math.floor(ns / 1000);
        return Math.floor(us / 1000) + '.' + String(us % 1000).padStart(3, '0');
    }

    function plural(n, one, many) {
        return n + ' ' + (n === 1 ? one : many);
    }

    function el(tag, cls, text) {
        const e = document.createElement(tag);
        if (cls) {
            e.className = cls;
        }
        if (text !== undefined) {
            e.textContent = text;
        }
        return e;
    }

    function say(text, warn) {
        t.message = text;
        t.warn = !!warn;
    }

    function phaseWhat(name) {
        const p = meta.phases.find((ph) => ph.name === name);
        return p ? p.what : '';
    }

    /* The reason's sentence; for an event whose reason has none, what it is (tui_why_text). */
    function whyText(ev) {
        if (ev.why !== '') {
            return ev.why;
        }
        switch (ev.event) {
        case 'phase':
            return 'the loop enters the ' + ev.phase + ' phase: ' + phaseWhat(ev.phase);
        case 'log':
            return 'console.log runs at once, inside the callback that is running';
        case 'block':
            return 'synchronous work: nothing else runs until it is over';
        default:
            return ev.text !== null ? ev.text : ev.event;
        }
    }

    function nowNs() {
        if (t.atTime) {
            return t.atNs;
        }
        return t.pos > 0 ? events[t.pos].time_ns : 0;
    }

    /* "the end: exited with code 0 (50 events)" (tui.c, say_end); a cut page says so. */
    function sayEnd() {
        if (!complete) {
            say('this page ends at event ' + last + ' of the run\'s ' + end.events +
                ': see the note at the top for the whole run', true);
            return;
        }
        say('the end: ' + end.message + ' (' + end.events + ' events)');
    }

    /* ---- Moving the cursor ---------------------------------------------------------------- */

    function go(pos) {
        t.pos = Math.max(0, Math.min(pos, last));
        t.traceFollow = true;
        t.programFollow = true;
        t.atTime = false;
    }

    function stopPlay() {
        if (t.timer !== null) {
            clearInterval(t.timer);
            t.timer = null;
        }
        t.playing = false;
    }

    function step(dir) {
        stopPlay();
        if (dir < 0 && t.pos === 0) {
            say('at the start: nothing has run yet');
            return;
        }
        if (dir > 0 && t.pos === last) {
            sayEnd();
            return;
        }
        go(t.pos + dir);
        if (dir > 0 && t.pos === last) {
            sayEnd();
        }
    }

    /* ] [ } {: the next or previous place where the phase or the iteration changes. */
    function jump(kind, dir) {
        stopPlay();
        const list = marks[kind];
        const words = kind === 'phase' ? 'phase change' : 'iteration';
        if (dir > 0) {
            const next = list.find((p) => p > t.pos);
            if (next !== undefined) {
                go(next);
                return;
            }
        } else {
            let prev;
            for (const p of list) {
                if (p <= t.pos - 1) {
                    prev = p;
                }
            }
            if (prev !== undefined) {
                go(prev);
                return;
            }
            if (t.pos > 0) {
                go(0);
                return;
            }
        }
        say('no ' + (dir > 0 ? 'later' : 'earlier') + ' ' + words);
    }

    function togglePlay() {
        if (t.playing) {
            stopPlay();
            say('paused at event ' + t.pos);
            return;
        }
        if (t.pos === last) {
            go(0);
        }
        t.playing = true;
        say('');
        restartTimer();
    }

    function restartTimer() {
        if (t.timer !== null) {
            clearInterval(t.timer);
        }
        const speed = PLAY_SPEEDS[t.speed];
        t.timer = setInterval(playTick, Math.max(1000 / speed, FRAME_MS));
    }

    function playTick() {
        const perFrame = Math.floor(PLAY_SPEEDS[t.speed] * FRAME_MS / 1000);
        go(t.pos + Math.max(perFrame, 1));
        if (t.pos === last) {
            stopPlay();
            sayEnd();
        }
        render();
    }

    function changeSpeed(by) {
        t.speed = Math.max(0, Math.min(PLAY_SPEEDS.length - 1, t.speed + by));
        say('play speed: ' + PLAY_SPEEDS[t.speed] + ' events a second');
        if (t.playing) {
            restartTimer();
        }
    }

    /* ---- g and / -------------------------------------------------------------------------- */

    /* What g takes (tui_parse_goto): {pos} for an event or the end, {ns} for a time, or null. */
    function parseGoto(text) {
        const s = text.replace(/^ +/, '');
        if (s === 'end' || s === '$') {
            return {pos: Infinity};
        }
        if (/^[0-9]+$/.test(s)) {
            return {pos: Number(s)};
        }
        const m = /^([0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?) *(ms|s)$/.exec(s);
        if (!m) {
            return null;
        }
        return {ns: Math.round(Number(m[1]) * (m[2] === 'ms' ? 1e6 : 1e9))};
    }

    /* What the loop does between the cursor's event and the next (tui.c, between_events). */
    function betweenEvents() {
        const ev = events[t.pos];
        if (ev && ev.event === 'poll-wait') {
            return 'the loop sleeps in poll';
        }
        if (ev && ev.event === 'block') {
            return 'synchronous work holds the loop';
        }
        return states[t.pos].cb ? 'a callback runs' : 'nothing happens';
    }

    /* The loop at virtual time ns: its last event at or before ns. */
    function gotoTime(ns) {
        let pos = 0;
        while (pos < last && events[pos + 1].time_ns <= ns) {
            pos++;
        }
        go(pos);
        const at = pos > 0 ? events[pos].time_ns : 0;
        if (pos === last && at < ns && complete) {
            say('the run ended at ' + fmtMs(at) + ' ms (event ' + pos + '), before ' +
                fmtMs(ns) + ' ms', true);
            return;
        }
        t.atTime = true;
        t.atNs = ns;
        if (pos < last && at < ns) {
            say(fmtMs(ns) + ' ms: ' + betweenEvents() + ' between event ' + pos + ' (' +
                fmtMs(at) + ' ms) and ' + (pos + 1) + ' (' + fmtMs(events[pos + 1].time_ns) +
                ' ms)');
        }
    }

    function gotoText(text) {
        const where = parseGoto(text);
        if (where === null) {
            say('"' + text + '" is not an event number, a time such as 12.5ms, or end', true);
        } else if (where.ns !== undefined) {
            gotoTime(where.ns);
        } else {
            go(where.pos);
            if (where.pos !== Infinity && t.pos < where.pos) {
                say(complete ? 'the run has ' + end.events + ' events'
                    : 'this page holds ' + last + ' of the run\'s ' + end.events + ' events',
                    true);
            }
        }
    }

    function contains(hay, needle) {
        return hay !== null && hay !== undefined &&
            hay.toLowerCase().includes(needle.toLowerCase());
    }

    /* What / matches (tui_model.c, tui_event_matches). */
    function matches(ev, needle) {
        return contains(ev.label, needle) || contains(ev.text, needle) ||
            contains(ev.event, needle) || contains(ev.reason, needle) ||
            (ev.event === 'phase' && contains(ev.phase, needle));
    }

    function search(text) {
        if (text !== '') {
            t.lastSearch = text;
        }
        const needle = t.lastSearch;
        if (needle === '') {
            return;
        }
        for (let i = t.pos + 1; i <= last; i++) {
            if (matches(events[i], needle)) {
                go(i);
                say('"' + needle + '" at event ' + i);
                return;
            }
        }
        for (let i = 1; t.pos > 0 && i <= t.pos; i++) {
            if (matches(events[i], needle)) {
                go(i);
                say('"' + needle + '" at event ' + i + ' (from the start again)');
                return;
            }
        }
        say('"' + needle + '" is in no event', true);
    }

    function openPrompt(kind) {
        stopPlay();
        t.prompt = kind;
        $('prompt-label').textContent = kind === 'goto' ? 'go to (event number, 12.5ms, end): '
            : 'search (label, text, kind, phase): ';
        $('prompt-input').value = '';
    }

    function closePrompt(submit) {
        const kind = t.prompt;
        const text = $('prompt-input').value;
        t.prompt = null;
        $('prompt-input').blur();
        if (!submit) {
            return;
        }
        if (kind === 'goto') {
            gotoText(text);
        } else {
            search(text);
        }
    }

    /* ---- Keys ----------------------------------------------------------------------------- */

    /* The key as the TUI names it: a character, or Up, Down, PgUp, ... */
    function keyName(e) {
        const names = {ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right',
            PageUp: 'PgUp', PageDown: 'PgDn', Home: 'Home', End: 'End', Enter: 'Enter',
            Escape: 'Esc', Backspace: 'Backspace'};
        if (e.key === 'Tab') {
            return e.shiftKey ? 'BackTab' : 'Tab';
        }
        if (names[e.key]) {
            return names[e.key];
        }
        return e.key.length === 1 || e.key === '\u2212' ? e.key : null;
    }

    /* The keys that work whatever pane has the focus (tui.c, global_key). */
    function globalKey(key) {
        switch (key) {
        case ' ':
        case 'n':
            step(1);
            return true;
        case 'b':
            step(-1);
            return true;
        case ']':
        case '[':
            jump('phase', key === ']' ? 1 : -1);
            return true;
        case '}':
        case '{':
            jump('iteration', key === '}' ? 1 : -1);
            return true;
        case 'g':
            openPrompt('goto');
            return true;
        case '/':
            openPrompt('search');
            return true;
        case 'r':
            stopPlay();
            go(last);
            sayEnd();
            return true;
        case 'p':
            togglePlay();
            return true;
        case '+':
        case '=':
            changeSpeed(1);
            return true;
        case '-':
        case '_':
        case '\u2212':
            changeSpeed(-1);
            return true;
        case '?':
            t.page = 'help';
            return true;
        case 'i':
            if (t.traceSel === 0) {
                say('nothing has run yet: no event to show');
            } else {
                t.page = 'event';
            }
            return true;
        case 'd':
            t.page = 'about';
            return true;
        case 'x':
            say('x runs the other branch of a race in the TUI (loopsim tui ' + meta.file +
                '): this page holds one run; loopsim races ' + meta.file + ' lists them all');
            return true;
        case 's':
            say('s goes back to the list of scenarios in the TUI; this page holds one scenario');
            return true;
        case 'q':
            say('q quits the TUI; here, close the page');
            return true;
        case 'Tab':
        case 'BackTab':
            cycleFocus(key === 'Tab' ? 1 : -1);
            return true;
        case 'Esc':
            stopPlay();
            return true;
        }
        return false;
    }

    function cycleFocus(dir) {
        const n = FOCUS_ORDER.length;
        const i = FOCUS_ORDER.indexOf(t.focus);
        t.focus = FOCUS_ORDER[(i + dir + n) % n];
    }

    /* The rows a pane's body shows, by its height and its first row's. */
    function rowsShown(body) {
        const row = body.firstElementChild;
        const h = row ? row.getBoundingClientRect().height : 20;
        return Math.max(1, Math.floor(body.clientHeight / (h || 20)));
    }

    /* Scrolls a pane's body as the TUI's tui_scroll_key does; true when the key was one. */
    function scrollKey(body, key) {
        const row = body.firstElementChild;
        const h = row ? row.getBoundingClientRect().height || 20 : 20;
        const page = Math.max(1, rowsShown(body) - 1) * h;
        const by = {Up: -h, Down: h, PgUp: -page, PgDn: page};
        if (by[key] !== undefined) {
            body.scrollTop += by[key];
        } else if (key === 'Home') {
            body.scrollTop = 0;
        } else if (key === 'End') {
            body.scrollTop = body.scrollHeight;
        } else {
            return false;
        }
        return true;
    }

    /* The trace: the arrows move the selection through the past; enter goes there. */
    function traceKey(key) {
        if (key === 'Enter') {
            go(t.traceSel);
            return true;
        }
        const page = Math.max(1, rowsShown($('trace')) - 3);
        let sel = t.traceSel;
        switch (key) {
        case 'Up':
            sel = sel > 1 ? sel - 1 : sel;
            break;
        case 'Down':
            sel = sel < t.pos ? sel + 1 : sel;
            break;
        case 'PgUp':
            sel = sel > page ? sel - page : (t.pos > 0 ? 1 : 0);
            break;
        case 'PgDn':
            sel = Math.min(sel + page, t.pos);
            break;
        case 'Home':
            sel = t.pos > 0 ? 1 : 0;
            break;
        case 'End':
            sel = t.pos;
            break;
        default:
            return false;
        }
        t.traceSel = sel;
        t.traceFollow = sel === t.pos;
        return true;
    }

    function programKey(key) {
        const body = $('program');
        if (key === 'Left' || key === 'Right') {
            const ch = body.querySelector('.line') ? charWidth() : 8;
            body.scrollLeft += (key === 'Left' ? -SIDE_STEP : SIDE_STEP) * ch;
            t.programLeft = Math.round(body.scrollLeft / ch);
            return true;
        }
        if (scrollKey(body, key)) {
            t.programFollow = false;
            return true;
        }
        return false;
    }

    function paneKey(key) {
        switch (t.focus) {
        case 'trace':
            return traceKey(key);
        case 'program':
            return programKey(key);
        default:
            return scrollKey($(t.focus), key);
        }
    }

    /* One key, as tui_key() takes it: the prompt first, then an open page, then the rest. */
    function press(key) {
        if (t.prompt !== null) {
            if (key === 'Esc') {
                closePrompt(false);
            } else if (key === 'Enter') {
                closePrompt(true);
            } else {
                return false;   /* the input takes it */
            }
            render();
            return true;
        }
        say('');
        if (t.page !== null) {
            const body = $('page-body');
            if (!['Up', 'Down', 'PgUp', 'PgDn', 'Home', 'End'].includes(key) ||
                !scrollKey(body, key)) {
                t.page = null;
            }
            render();
            return true;
        }
        const used = globalKey(key) || paneKey(key);
        render();
        return used;
    }

    document.addEventListener('keydown', (e) => {
        if (e.ctrlKey || e.metaKey || e.altKey) {
            return;
        }
        const key = keyName(e);
        if (key !== null && press(key)) {
            e.preventDefault();
        }
    });

    /* ---- Drawing -------------------------------------------------------------------------- */

    function drawTop() {
        let status = 'event ' + t.pos + ' of ' + last;
        status += ' \u00b7 ' + fmtMs(nowNs()) + ' ms';
        status += t.pos === last ? (complete ? ' \u00b7 end' : ' \u00b7 cut') : '';
        status += t.playing ? ' \u00b7 \u25b6 ' + PLAY_SPEEDS[t.speed] + '/s' : '';
        $('top-status').textContent = status;
    }

    /* What waits for phase p, or null (tui_view_loop.c, phase_detail). */
    function phaseDetail(st, name) {
        const len = (q) => st.len[queueIndex[q]] || 0;
        const busy = st.workers.filter((w) => w !== null).length;
        switch (name) {
        case 'timers':
            return len('timers') > 0 ? plural(len('timers'), 'timer', 'timers') +
                ', next due ' + fmtMs(st.q.timers[0][1]) + ' ms' : null;
        case 'pending':
            return len('pending') > 0 ? len('pending') + ' deferred I/O ' +
                (len('pending') === 1 ? 'callback' : 'callbacks') : null;
        case 'poll': {
            const parts = [];
            if (len('io') > 0) {
                parts.push(len('io') + ' I/O waiting');
            }
            if (len('completed') > 0) {
                parts.push(plural(len('completed'), 'job', 'jobs') + ' done');
            }
            if (busy > 0) {
                parts.push(plural(busy, 'job', 'jobs') + ' running');
            }
            return parts.length > 0 ? parts.join(', ') : null;
        }
        case 'check':
            return len('immediates') > 0 ? plural(len('immediates'), 'immediate', 'immediates')
                : null;
        case 'close':
            return len('close') > 0 ? len('close') + ' close ' +
                (len('close') === 1 ? 'callback' : 'callbacks') : null;
        default:
            return null;
        }
    }

    /* "38 ms: until the timer due at 50 ms" (tui_view_loop.c, poll_text). */
    function pollText(st) {
        let ms = st.poll[0];
        const eventNs = t.pos > 0 ? events[t.pos].time_ns : 0;
        const slept = Math.floor((nowNs() - eventNs) / 1e6);
        if (ms > 0) {
            ms = ms > slept ? ms - slept : 0;
        }
        if (ms > 0 && (st.len[queueIndex.timers] || 0) > 0) {
            return ms + ' ms: until the timer due at ' + fmtMs(st.q.timers[0][1]) + ' ms';
        }
        return ms > 0 ? ms + ' ms: ' + st.poll[1] : st.poll[1];
    }

    function drawLoop(st) {
        const ev = events[t.pos];
        const phase = ev ? ev.phase : 'main';
        const iteration = ev ? ev.iteration : 0;
        $('loop-extra').textContent = 'iteration ' + iteration + ' \u00b7 ' + fmtMs(nowNs()) +
            ' ms';
        const list = $('phases');
        list.textContent = '';
        for (const p of meta.phases) {
            const detail = phaseDetail(st, p.name);
            const li = el('li', (p.name === phase ? 'now' : '') + (detail === null ? ' idle' : ''));
            li.dataset.phase = p.name;
            li.append(el('span', 'pname', p.name), el('span', 'pwhat', detail || p.what));
            li.title = p.what;
            list.append(li);
        }
        $('alive').textContent = (st.alive[0] ? 'yes: ' : 'no: ') + st.alive[1];
        $('poll').textContent = pollText(st);
    }

    /* What an item's right side says (tui_view_queues.c, item_detail). */
    function itemDetail(q, item) {
        const ref = item[2] ? 'ref' : 'unref';
        switch (q) {
        case 'timers':
            return 'due ' + fmtMs(item[1]) + ' ms \u00b7 ' + ref;
        case 'immediates':
            return ref;
        case 'io':
            return 'ready ' + fmtMs(item[1]) + ' ms';
        case 'completed':
            return 'done ' + fmtMs(item[1]) + ' ms';
        default:
            return '';
        }
    }

    function drawQueues(st) {
        const body = $('queues');
        const keep = body.scrollTop;
        body.textContent = '';
        let total = 0;
        for (const q of meta.queues) {
            if (q.name === 'work queue') {
                continue;       /* the workers pane shows it, as in the TUI */
            }
            const len = st.len[q.index] || 0;
            const items = st.q[q.name] || [];
            total += len;
            if (len === 0) {
                continue;
            }
            const group = el('div', 'queue');
            group.dataset.queue = q.name;
            group.dataset.len = String(len);
            items.forEach((item, i) => {
                const row = el('div', 'row item');
                row.append(el('span', 'qname', i === 0 ? q.name : ''), el('span', 'label', item[0]),
                    el('span', 'detail', itemDetail(q.name, item)));
                group.append(row);
            });
            if (len > items.length) {
                group.append(el('div', 'more', (len - items.length) + ' more'));
            }
            body.append(group);
        }
        if (total === 0) {
            body.append(el('div', 'row dim', 'every queue is empty'));
        }
        body.dataset.total = String(total);
        $('queues-extra').textContent = total > 0 ? total + ' waiting' : '';
        body.scrollTop = keep;
    }

    function drawWorkers(st) {
        const body = $('workers');
        const now = nowNs();
        body.textContent = '';
        let busy = 0;
        st.workers.forEach((w, i) => {
            const lane = el('div', 'row lane' + (w === null ? ' idle' : ' busy'));
            lane.append(el('span', 'num', String(i + 1)));
            const bar = el('span', 'bar');
            const fill = el('span');
            bar.append(fill);
            lane.append(bar);
            if (w === null) {
                lane.append(el('span', 'label dim', 'idle'));
            } else {
                busy++;
                const span = Math.max(w[2] - w[1], 1);
                const done = Math.min(Math.max(now - w[1], 0), span);
                fill.style.width = (100 * done / span) + '%';
                lane.append(el('span', 'label', w[0]),
                    el('span', 'detail', fmtMs(done) + '/' + fmtMs(span) + ' ms'));
            }
            body.append(lane);
        });
        const n = st.workers.length;
        body.dataset.busy = String(busy);
        $('workers-extra').textContent = plural(n, 'thread', 'threads') + ' \u00b7 ' + busy +
            ' busy';
        const waiting = $('waiting');
        const work = st.q['work queue'] || [];
        const count = st.len[queueIndex['work queue']] || 0;
        waiting.textContent = '';
        waiting.dataset.len = String(count);
        waiting.append(el('b', '', 'waiting '));
        if (count === 0) {
            waiting.append(el('span', 'dim', 'no job waits for a worker'));
        } else {
            waiting.append(el('span', '', work.map((item) => item[0]).join(', ') +
                (count > work.length ? ' +' + (count - work.length) : '')));
        }
    }

    /* The program's lines, made once; each step moves the marks. */
    const programLines = [];

    function buildProgram() {
        const body = $('program');
        meta.program.forEach((text) => {
            const line = el('div', 'line');
            line.append(el('span', 'gutter'), el('span', 'src', text));
            programLines.push(line);
            body.append(line);
        });
        if (meta.program.length === 0) {
            body.append(el('div', 'row dim', 'no program'));
        }
    }

    let markedLines = [];

    function charWidth() {
        const probe = $('program').querySelector('.src');
        if (!probe || probe.textContent.length === 0) {
            return 8;
        }
        return probe.getBoundingClientRect().width / probe.textContent.length || 8;
    }

    function drawProgram(st) {
        const [line, first, lastLine, callback, from, to] = st.at;
        for (const i of markedLines) {
            const l = programLines[i];
            l.classList.remove('now', 'in-body');
            l.lastChild.textContent = meta.program[i];
        }
        markedLines = [];
        for (let i = first; i >= 0 && i <= lastLine && i < programLines.length; i++) {
            programLines[i].classList.add('in-body');
            markedLines.push(i);
        }
        const body = $('program');
        body.dataset.line = String(line);
        if (line >= 0 && line < programLines.length) {
            const l = programLines[line];
            l.classList.add('now');
            markedLines.push(line);
            if (from >= 0) {
                const text = meta.program[line];
                const chars = Array.from(text);
                const stop = to >= 0 ? to : chars.length;
                const src = l.lastChild;
                src.textContent = '';
                src.append(chars.slice(0, from).join(''),
                    el('mark', '', chars.slice(from, stop).join('')), chars.slice(stop).join(''));
            }
        }
        $('program-extra').textContent = callback !== null ? 'in ' + callback : '';
        if (t.programFollow) {
            /* The statement a third of the way down, so that what follows it shows. */
            const target = line >= 0 ? line : 0;
            const rowH = programLines[0] ? programLines[0].getBoundingClientRect().height : 20;
            const shown = Math.max(1, Math.floor(body.clientHeight / (rowH || 20)));
            body.scrollTop = Math.max(0, target - Math.floor(shown / 3)) * rowH;
        }
    }

    function drawConsole() {
        const n = logCount(t.pos);
        const body = $('console');
        body.textContent = '';
        $('console-extra').textContent = n > 0 ? plural(n, 'line', 'lines') : '';
        body.dataset.lines = String(n);
        if (n === 0) {
            body.append(el('div', 'console-line dim', 'nothing printed yet'));
            return;
        }
        const from = Math.max(0, n - CONSOLE_WINDOW);
        if (from > 0) {
            body.append(el('div', 'console-line dim', '\u2026 ' + from + ' earlier lines (g to ' +
                'an earlier event shows them)'));
        }
        for (let i = from; i < n; i++) {
            const line = el('div', 'console-line log' + (logs[i].pos === t.pos ? ' new' : ''),
                logs[i].text);
            body.append(line);
        }
        body.scrollTop = body.scrollHeight;
    }

    function eventRow(ev) {
        const row = el('div', 'ev kind-' + ev.event + (ev.event === 'log' ? ' log' : ''));
        row.dataset.seq = String(ev.seq);
        row.append(el('span', 'mark'), el('span', 'seq', String(ev.seq)),
            el('span', 'time', fmtMs3(ev.time_ns)), el('span', 'ph', ev.phase),
            el('span', 'kind', ev.event));
        if (ev.label !== null) {
            row.append(el('span', 'lbl', ev.label));
        }
        if (ev.text !== null && ev.event === 'log') {
            row.append(el('span', 'txt', '"' + ev.text + '"'));
        } else if (ev.text !== null && ev.event !== 'phase') {
            row.append(el('span', 'txt', ev.text));
        }
        row.addEventListener('click', () => {
            t.traceSel = ev.seq;
            t.traceFollow = ev.seq === t.pos;
            render();
        });
        row.addEventListener('dblclick', () => {
            go(ev.seq);
            render();
        });
        return row;
    }

    function drawTrace() {
        if (t.traceFollow || t.traceSel > t.pos) {
            t.traceSel = t.pos;
        }
        const body = $('trace');
        body.textContent = '';
        $('trace-extra').textContent = t.traceSel > 0 ? 'event ' + t.traceSel : '';
        /* The past only: the events after the cursor have not happened yet. */
        const from = Math.max(1, Math.min(t.traceSel - TRACE_WINDOW + 50, t.pos - TRACE_WINDOW + 1));
        const to = Math.min(t.pos, from + TRACE_WINDOW - 1);
        let selected = null;
        for (let i = from; i <= to; i++) {
            const row = eventRow(events[i]);
            if (i === t.pos) {
                row.classList.add('cursor');
            }
            if (i === t.traceSel) {
                row.classList.add('selected');
                selected = row;
            }
            body.append(row);
        }
        if (selected !== null) {
            const top = selected.offsetTop - body.offsetTop;
            if (top < body.scrollTop || top + selected.offsetHeight > body.scrollTop +
                body.clientHeight) {
                body.scrollTop = top - body.clientHeight + selected.offsetHeight * 2;
            }
        }
        $('why').textContent = t.traceSel > 0 ? whyText(events[t.traceSel])
            : 'nothing has run yet. The main script runs first: press space to see its first ' +
              'event.';
    }

    function drawStatus() {
        const message = $('message');
        message.textContent = t.message;
        message.className = 'message' + (t.warn ? ' warn' : '');
        const prompt = $('prompt');
        prompt.hidden = t.prompt === null;
        $('hints').hidden = t.prompt !== null;
        message.hidden = t.prompt !== null;
        if (t.prompt !== null && document.activeElement !== $('prompt-input')) {
            $('prompt-input').focus();
        }
    }

    function buildHints() {
        for (const [keys, what, press_] of HINTS) {
            const b = el('button', 'hint');
            b.type = 'button';
            b.append(el('kbd', '', keys), ' ' + what);
            b.addEventListener('click', () => {
                press(press_);
            });
            $('hints').append(b);
        }
    }

    /* ---- Pages: ?, i, d ------------------------------------------------------------------- */

    function helpPage(body) {
        const table = el('table');
        for (const [keys, what] of KEY_HELP) {
            const tr = el('tr');
            tr.append(el('td', '', keys), el('td', '', what));
            table.append(tr);
        }
        body.append(table);
        body.append(el('p', 'dim', 'Made by loopsim ' + meta.version + ' from ' + meta.file +
            '. The page holds ' + last + ' of the run\'s ' + end.events + ' events; ' +
            'it works offline, from a file or a web server.'));
        return 'keys';
    }

    function eventPage(body) {
        const ev = events[t.traceSel];
        const table = el('table');
        const rows = [['event', ev.seq], ['time', fmtMs3(ev.time_ns) + ' ms'],
            ['iteration', ev.iteration], ['phase', ev.phase], ['kind', ev.event],
            ['label', ev.label], ['text', ev.text], ['reason', ev.reason],
            ['callbacks', ev.callbacks], ['stmt', ev.stmt], ['worker', ev.worker],
            ['duration', ev.duration_ns !== undefined ? fmtMs(ev.duration_ns) + ' ms' : undefined]];
        for (const [name, value] of rows) {
            if (value === null || value === undefined) {
                continue;
            }
            const tr = el('tr');
            tr.append(el('td', '', name), el('td', '', String(value)));
            table.append(tr);
        }
        body.append(table);
        const why = el('p');
        why.append(el('b', '', 'why '), whyText(ev));
        body.append(why);
        return 'event ' + ev.seq;
    }

    function aboutPage(body) {
        const text = meta.description !== null ? meta.description : 'This scenario has no ' +
            'description.';
        for (const para of text.split(/\n\s*\n/)) {
            body.append(el('p', '', para));
        }
        return meta.name;
    }

    function drawPage() {
        const page = $('page');
        page.hidden = t.page === null;
        if (t.page === null) {
            return;
        }
        const body = $('page-body');
        const keep = body.dataset.kind === t.page ? body.scrollTop : 0;
        body.textContent = '';
        body.dataset.kind = t.page;
        const title = t.page === 'help' ? helpPage(body) : t.page === 'event' ? eventPage(body)
            : aboutPage(body);
        $('page-title').textContent = title;
        body.scrollTop = keep;
    }

    /* ---- The banner of a cut page --------------------------------------------------------- */

    function buildBanner() {
        if (complete) {
            return;
        }
        const banner = $('banner');
        banner.hidden = false;
        const cmd = (s) => el('code', '', s);
        banner.append('This page holds the first ' + last + ' of the run\'s ' + end.events +
            ' events (--html-max-events ' + meta.max_events + '); the run ' + end.message +
            '. For every event: ', cmd('loopsim trace ' + meta.file +
            ' --format html --html-max-events 0'), ', or step through it in a terminal with ',
        cmd('loopsim tui ' + meta.file), '.');
    }

    /* ---- Everything, once per key --------------------------------------------------------- */

    function render() {
        const st = states[t.pos];
        const app = $('app');
        const ev = events[t.pos];
        app.dataset.pos = String(t.pos);
        app.dataset.timeNs = String(nowNs());
        app.dataset.phase = ev ? ev.phase : 'main';
        app.dataset.iteration = String(ev ? ev.iteration : 0);
        for (const pane of document.querySelectorAll('.pane')) {
            pane.classList.toggle('focus', pane.dataset.pane === t.focus);
        }
        drawTop();
        drawLoop(st);
        drawQueues(st);
        drawWorkers(st);
        drawProgram(st);
        drawConsole();
        drawTrace();
        drawStatus();
        drawPage();
    }

    $('title').textContent = meta.name;
    buildProgram();
    buildHints();
    buildBanner();
    $('prompt-input').addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            press(e.key === 'Enter' ? 'Enter' : 'Esc');
        }
    });
    $('app').dataset.ready = 'true';
    render();
}());
