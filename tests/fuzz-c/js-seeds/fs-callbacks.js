const fs = require('node:fs');
fs.stat(__filename, (err, st) => {
  if (err) throw err;
  console.log('stat', st.isFile());
  fs.readFile(__filename, 'utf8', (err2, text) => {
    console.log('read', text.length > 0);
  });
});
fs.readFile(__filename, () => console.log('parallel read')); // loopsim: 2ms
