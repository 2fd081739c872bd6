// Run as a process of its own by media-process.int.spec.ts: starts `argv[2] …` through MediaProcess,
// prints the child's PID and waits to be killed, like a server that dies with children running.
import { MediaProcess } from '../media-process';

const [command, ...args] = process.argv.slice(2);
const child = MediaProcess.spawn({ name: 'orphan', command, args });
console.log(`child ${child.pid}`);
setInterval(() => undefined, 60_000);
