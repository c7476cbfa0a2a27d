let a = 1
let b = a
++b
const f = () => {
  return
  42
}
const g = function () { return a }
a
-1
const s = `x`
;[1, 2].forEach((v) => console.log(v))
throw new Error('end')
