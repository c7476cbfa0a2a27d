const x = ;
function f( { }
let y = 'unterminated
const z = `unterminated ${template
if (a b) {}
return
await nothing()
