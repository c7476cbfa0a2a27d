// The classic: timers created in a loop see a fresh let binding per iteration, but one shared
// var.
for (var i = 0; i < 3; i++) {
    setTimeout(() => console.log('var i =', i), 5);
}
for (let j = 0; j < 3; j++) {
    setTimeout(() => console.log('let j =', j), 5);
}
let k = 0;
while (k < 3) {
    const copy = k;
    setTimeout(() => console.log('const copy =', copy, 'k =', k), 10);
    k++;
}
