// Contract row "Errors": new of what is not a constructor throws node's TypeError, whose
// message says "is not a constructor".
const o = { u: undefined };
try {
    new o.u();
} catch (e) {
    console.log(e.name, e.message);
}
