// == and === with coercion, comparisons and the arithmetic of mixed types.
console.log(1 == '1', 1 === '1', null == undefined, null === undefined, 0 == '');
console.log('10' > '9', 10 > 9, '10' > 9, 'b' > 'a', 'B' < 'a');
console.log('5' * '2', '5' - 2, '5' + 2, true + 1, null + 1, undefined + 1);
console.log(!0, !'', !!'x', !null, !![], !!{});
let i = 5;
const post = i++;
const pre = ++i;
console.log(post, pre, i, i--, --i);
let x = 10;
x += 5;
x -= 3;
x *= 2;
x /= 4;
console.log(x, 2 ** 3 ** 2, (2 ** 3) ** 2, -(2 ** 2));
