const start = Date.now();
while (Date.now() - start < 49) {}
const end = performance.now() + 10;
while (performance.now() < end);
setInterval(function tick() {
  console.log('tick');
  clearInterval(this);
}, 8).unref();
