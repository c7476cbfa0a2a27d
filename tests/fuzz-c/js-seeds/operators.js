let a = 1, b = 2, c = null, o = { p: { q: 1 } };
const r = [
  a + b * 2 - 3 / 4 % 5, 2 ** 3 ** 2, (-a) ** 2, a < b && b <= 3 || !c,
  c ?? 'default', (a || b) ?? 0, a === 1 ? 'one' : a === 2 ? 'two' : 'many',
  typeof a, void 0, ~a, +'3', -b, a & b | a ^ b, a << 2 >> 1 >>> 0,
  'p' in o, o instanceof Object, o?.p?.q, o.missing?.q, o.p?.['q'], o.f?.(),
  (a, b), a++, --b, a != b, a !== b, a == b,
];
a += 1; a -= 1; a *= 2; a /= 2; a %= 3; a **= 2;
c ||= 1; c &&= 2; c ??= 3;
console.log(r, a, c);
