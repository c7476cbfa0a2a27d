// A busy wait on the clock that never ends: the run stops the callback.
// For `loopsim explain`'s tests (tests/explain/check.py).
setTimeout(() => {
  const start = Date.now();
  while (Date.now() - start < 1e12) {
    // waits on the clock
  }
}, 1);
