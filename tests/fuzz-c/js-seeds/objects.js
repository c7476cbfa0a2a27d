const key = 'dyn';
const base = { x: 1 };
const obj = {
  name: 'obj',
  'quoted key': 1,
  42: 'number key',
  [key + 'amic']: true,
  base,
  ...base,
  new: 'keyword key',
  default: 1,
  method() { return this.name; },
  async later(ms) { await null; return ms; },
  arrow: () => obj.name,
  get: 1, set: 2, async: 3,
};
console.log(obj.method(), obj.default, obj['quoted key'], obj.dynamic, Object.keys(obj));
