// Usage: node supervise.cjs <command> [args...]
//
// Runs <command> as a child and exits with it, so that a server never outlives the launcher
// that started it: scripts/servers/process.ts starts non-Node servers (Temporal, FerretDB, the
// Java test server) through this when asked to. The launcher signals the whole process group,
// so the command gets its SIGTERM directly; this process only waits for it. If the launcher
// dies without stopping us (SIGKILL, a Jest worker torn down while a test still held a server),
// we are re-parented: then we SIGTERM the command, SIGKILL it 5 s later, and exit.
'use strict';
const { spawn } = require('node:child_process');

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: node supervise.cjs <command> [args...]\n');
  process.exit(2);
}

const launcher = process.ppid;
const child = spawn(command, args, { stdio: 'inherit' });
let childExited = false;

// The group signal reaches the command too; stay alive until it is gone.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => undefined);

child.on('error', (err) => {
  process.stderr.write(`supervise: cannot start ${command}: ${err.message}\n`);
  process.exit(127);
});

child.on('exit', (code, signal) => {
  childExited = true;
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});

setInterval(() => {
  if (process.ppid === launcher || childExited) return;
  try {
    child.kill('SIGTERM');
  } catch {
    /* gone */
  }
  setTimeout(() => {
    try {
      child.kill('SIGKILL');
    } catch {
      /* gone */
    }
    process.exit(1);
  }, 5000);
}, 1000);
