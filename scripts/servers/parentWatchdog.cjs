// Preloaded (`node --require`) into the Node children that scripts/servers/*.ts start (worker,
// API, agency simulator). If the launcher dies without stopping them (SIGKILL, a Jest worker
// torn down on Ctrl-C), the child is re-parented; it then stops itself with SIGTERM, exactly as
// if the launcher had asked (graceful shutdown), and exits for good 15 s later at the latest.
'use strict';
const launcher = process.ppid;
const timer = setInterval(() => {
  if (process.ppid === launcher) return;
  clearInterval(timer);
  setTimeout(() => process.exit(1), 15_000).unref();
  process.kill(process.pid, 'SIGTERM');
}, 1000);
timer.unref();
