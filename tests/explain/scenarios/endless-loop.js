// An endless loop that never reads the clock: the run stops the callback.
// For `loopsim explain`'s tests (tests/explain/check.py).
setTimeout(() => {
  let i = 0;
  for (;;) {
    i++;
  }
}, 1);
