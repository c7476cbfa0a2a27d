const nums = [0, 1, .5, 1.5e3, 1e-7, 1E21, 0x1F, 0XfF, 0o17, 0b1010, 1_000_000, 0.000_1, 1e999];
const strs = ['single', "double", 'esc\n\t\\\'\"', '\x41\u0041\u{1F600}\uD83D\uDE00',
  'line \
continuation', '\0', 'é→', "\v\f\b\r"];
console.log(nums, strs, undefined, NaN, Infinity);
