// Contract row "The language subset: Expressions": literals, template literals, array and
// object literals, member access, calls, new, arithmetic, ++/--, comparisons, logical
// operators, ?:, assignments, typeof, await, optional chaining.
const o = { a: { b: 'deep' }, list: [10, 20], 'odd key': 1 };
const key = 'list';
console.log(12, 0.5, 'single', "double", `t ${1 + 2} ${o.a.b}`);
console.log(o.a.b, o[key][1], o['odd key'], [1, [2]], { n: null });
console.log(7 + 2, 7 - 2, 7 * 2, 7 / 2, 7 % 2, 2 ** 10, '1' + 2);
let n = 5;
console.log(n++, n, ++n, n--, n, --n);
console.log(1 === 1, 1 !== '1', 1 == '1', 1 != 2, 1 < 2, 2 <= 2, 3 > 4, 3 >= 3);
console.log(true && 'and', 0 || 'or', !0, null ?? 'nullish', 0 ?? 'kept');
console.log(n > 3 ? 'big' : 'small');
let x = 1;
x += 4;
x -= 1;
x *= 3;
x /= 2;
let f = 0;
f ||= 'or-assigned';
let t = 1;
t &&= 'and-assigned';
let u = null;
u ??= 'nullish-assigned';
console.log(x, f, t, u);
console.log(typeof 1, typeof 's', typeof undefined, typeof null, typeof {}, typeof (() => 1));
const err = new TypeError('made with new');
console.log(err.name, err.message);
console.log(o?.a?.b, o.missing?.b, o.missing?.(), o.a.b?.length);
(async () => {
    const v = await Promise.resolve('awaited');
    console.log(v, await 3);
})();
