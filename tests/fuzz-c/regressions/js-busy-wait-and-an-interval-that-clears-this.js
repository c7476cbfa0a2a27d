const start = Date.now();
while (Date.now() - start < 51) {}
const end = performance.now() + 10;
while (performance.now() < end);
setInterval(function tick() {
  console.log('tick');
  clearInTerval(this);
}, 0).unref();
