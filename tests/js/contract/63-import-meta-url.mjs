// Contract row "The Node.js surface: modules": import.meta.url is the module's own file URL,
// so it names this file.
const url = import.meta.url;
console.log(url.startsWith('file:///'), url.endsWith('/63-import-meta-url.mjs'));
