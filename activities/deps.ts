import type mongoose from 'mongoose';

/** What activities need from the process hosting them (worker.ts, or a test worker). */
export interface ActivityDeps {
  db: mongoose.Connection;
}
