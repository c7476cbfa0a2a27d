// Contract row "The language subset: refused constructs": a with statement.
with (Math) {
    console.log(PI);
}
