// Contract row "Errors: runaways": millions of pending callbacks: each immediate queues two
// more, so the queue grows without end; the run stops by itself.
function grow() {
    setImmediate(grow);
    setImmediate(grow);
}
grow();
