let total = 0;
for (let i = 0, j = 10; i < j; i++, j--) {
  if (i % 2 === 0) continue;
  else if (i > 3) break;
  else total += i;
}
for (const v of [1, 2, 3]) total += v;
for (total of [4]);
while (total > 100) total -= 1;
do { total++; } while (total < 5)
switch (total) {
  case 1:
  case 2: total = 0; break;
  default: { total = -total; }
}
try { throw new Error('boom'); } catch (e) { console.log(e.message); } finally { total = 0; }
try { null.x; } catch { console.log('caught'); }
;
