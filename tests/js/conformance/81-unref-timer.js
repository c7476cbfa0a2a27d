// An unref'd timer does not keep the process alive: it fires only if something else does.
const lonely = setTimeout(() => console.log('never: unref 200 ms timer'), 200);
lonely.unref();
console.log('lonely hasRef', lonely.hasRef());
const helped = setTimeout(() => console.log('unref 20 ms timer fires: the loop is alive'), 20);
helped.unref();
setTimeout(() => console.log('ref 50 ms timer'), 50);
const back = setTimeout(() => console.log('unref then ref again fires'), 30);
back.unref();
back.ref();
console.log('back hasRef', back.hasRef());
process.on('exit', () => console.log('exit'));
