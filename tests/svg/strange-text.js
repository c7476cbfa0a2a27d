// Text an SVG must still hold as XML: a lone surrogate, a control character, markup.
const label = 'x\ud800y';
setTimeout(function lone() { console.log(label, '\u0001', '<b>&amp;</b>', '\u0085'); }, 1);
process.nextTick(() => console.log(']]> "quoted"'));
