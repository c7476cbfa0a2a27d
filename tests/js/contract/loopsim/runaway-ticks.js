// Contract row "Errors: runaways": a tick that queues itself for ever starves the loop; the
// run stops by itself.
function again() {
    process.nextTick(again);
}
again();
