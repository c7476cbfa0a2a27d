// Optional chaining, ??, the logical assignments and typeof.
const cfg = { server: { port: 0, host: '' }, list: null };
console.log(cfg.server?.port, cfg.client?.port, cfg.list?.[0], cfg.nothing?.());
console.log(cfg.server.port ?? 80, cfg.server.port || 80, [cfg.server.host ?? 'local']);
let a = null;
let b = 0;
let c = 'set';
a ??= 'filled';
b ||= 7;
c &&= c + '!';
console.log(a, b, c);
console.log(typeof 1, typeof 'x', typeof true, typeof undefined, typeof null);
console.log(typeof {}, typeof [], typeof (() => 1), typeof notDeclared, typeof Promise.resolve());
const f = cfg.client?.connect ?? (() => 'fallback');
console.log(f());
console.log(null ?? undefined ?? 0, undefined || null || '', 1 && 2 && 3);
