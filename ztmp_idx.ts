import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import mongoose from 'mongoose';
import { startFerret } from './scripts/servers/ferret';
(async () => {
  const f = await startFerret({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'zidx-')) });
  const db = await mongoose.createConnection(`${f.baseUri}/i`).asPromise();
  for (const name of ['plain', 'hacked']) {
    const c = db.db!.collection(name);
    const docs = Array.from({ length: 5000 }, (_, i) => ({ _id: 'k' + i, v: 'x'.repeat(3000) }));
    for (let i = 0; i < docs.length; i += 500) await c.insertMany(docs.slice(i, i + 500) as any);
    if (name === 'hacked') { try { console.log(await c.createIndex({ '$._id': 1 } as any)); } catch (e) { console.log('createIndex failed', (e as Error).message); } }
    const t = performance.now(); for (let i = 0; i < 50; i++) await c.findOne({ _id: 'k' + (i * 97) } as any); console.log(name, ((performance.now() - t) / 50).toFixed(2), 'ms per findById');
  }
  await db.close(); await f.stop(); process.exit(0);
})();
