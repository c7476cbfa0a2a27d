import fs, { readFile as read, stat } from 'node:fs';
import * as timers from 'timers';
import 'node:events';

export const name = 'module';
export function hello() { return import.meta.url; }
export default async function main() {
  await timers.setTimeout(1);
}
export { read as readIt, stat };

const data = await fs.promises.readFile(new URL(import.meta.url));
console.log(data.length > 0);
