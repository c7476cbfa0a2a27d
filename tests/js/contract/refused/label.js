// Contract row "The language subset: refused constructs": a label.
outer: for (let i = 0; i < 3; i++) {
    break outer;
}
