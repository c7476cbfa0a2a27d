// Contract row "Errors: runaways": a busy wait on the clock that never ends stops by itself.
setImmediate(() => {
    const start = Date.now();
    while (Date.now() >= start) {}
});
