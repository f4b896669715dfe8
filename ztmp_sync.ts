import { spawn } from 'node:child_process'; import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import mongoose from 'mongoose';
import { pingMongo } from './scripts/servers/ferret';
import { freePort } from './scripts/servers/process';
(async () => {
  for (const q of ['', '?_pragma=synchronous(normal)']) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsync-'));
    const port = await freePort('127.0.0.1');
    const p = spawn('/root/go/bin/ferretdb', ['--handler=sqlite', `--sqlite-url=file:${dir}/${q}`, `--state-dir=${dir}`, `--listen-addr=127.0.0.1:${port}`, '--debug-addr=-', '--telemetry=disable', '--log-level=ERROR'], { stdio: 'ignore' });
    const uri = `mongodb://127.0.0.1:${port}/s`;
    for (let i = 0; i < 50; i++) { try { await pingMongo(uri); break; } catch { await new Promise((r) => setTimeout(r, 200)); } }
    const db = await mongoose.createConnection(uri).asPromise();
    const c = db.db!.collection('x');
    await c.insertOne({ _id: 'warm' } as any);
    const time = async (label: string, n: number, conc: number, fn: (i: number) => Promise<unknown>) => { const t = performance.now(); let next = 0; await Promise.all(Array.from({ length: conc }, async () => { while (next < n) { const i = next++; await fn(i); } })); const ms = performance.now() - t; console.log((q || 'default').padEnd(30), label.padEnd(14), 'conc', conc, (ms / n).toFixed(2), 'ms/op'); };
    await time('insert', 300, 1, (i) => c.insertOne({ _id: 'a' + i, v: 'x'.repeat(2000) } as any));
    await time('insert', 300, 16, (i) => c.insertOne({ _id: 'b' + i, v: 'x'.repeat(2000) } as any));
    await time('findById', 300, 1, (i) => c.findOne({ _id: 'a' + i } as any));
    await time('findById', 300, 16, (i) => c.findOne({ _id: 'a' + i } as any));
    await db.close(); p.kill('SIGTERM');
  }
  process.exit(0);
})();
