import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import mongoose from 'mongoose';
import { startFerret } from './scripts/servers/ferret';
import { filingViewModel } from './models/filingView';
(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-zq-'));
  const ferret = await startFerret({ dataDir: dir });
  const db = await mongoose.createConnection(`${ferret.baseUri}/q`).asPromise();
  const m = filingViewModel(db); await m.init();
  const doc = (i: number) => ({ filingId: 'FIL-' + i, revision: 1, personId: 'P' + i, formerPersonIds: [], scheme: 'EMPLOYEE', insuredRegion: '440800', treatmentRegion: '110000', type: 'OTHER_TEMPORARY', subtype: null, status: 'ACTIVE', validFrom: '2026-11-22', validUntil: '2027-05-21', commitment: false, commitmentDeadline: null, linkedFilingId: null, supersededBy: null, selfService: false, fundPaidUnderCommitmentFen: 0, recoveryId: null, createdAt: 'x', updatedAt: 'y', events: [{ seq: 1, at: 'x', type: 'CREATED', actor: 'a', data: { a: 1, b: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' } }], document: { id: 'FIL-' + i, big: 'x'.repeat(1500), events: [{ seq: 1, at: 'x', type: 'CREATED', actor: 'a', data: { a: 1 } }], referral: null } });
  for (let i = 0; i < 40; i++) await m.create(doc(i));
  const filter = (i: number) => ({ insuredRegion: '440800', treatmentRegion: { $in: ['110000'] }, $or: [{ personId: 'P' + i }, { formerPersonIds: 'P' + i }] });
  const proj = { filingId: 1, type: 1, status: 1, validFrom: 1, validUntil: 1, createdAt: 1, 'document.referral': 1 };
  const time = async (label: string, n: number, conc: number, fn: (i: number) => Promise<unknown>) => {
    const t = performance.now(); let next = 0;
    await Promise.all(Array.from({ length: conc }, async () => { while (next < n) { const i = next++; await fn(i); } }));
    const ms = performance.now() - t; console.log(label.padEnd(40), 'conc', conc, (ms / n).toFixed(2), 'ms/op', (n / ms * 1000).toFixed(0), 'op/s');
  };
  for (const conc of [1, 16]) {
    await time('find filing (filter+proj)', 200, conc, (i) => m.find(filter(i % 40), proj).lean());
    await time('find filing personId only', 200, conc, (i) => m.find({ personId: 'P' + (i % 40) }, proj).lean());
    await time('findById', 200, conc, (i) => db.db!.collection('filing_views').findOne({ _id: 'nope' + i } as any));
    await time('findById charges coll (tiny)', 200, conc, (i) => db.db!.collection('zz').findOne({ _id: 'nope' + i } as any));
    await time('insert small', 200, conc, (i) => db.db!.collection('ins' + conc).insertOne({ _id: 'k' + i, a: 1 } as any));
    await time('insert 3KB', 200, conc, (i) => db.db!.collection('ins3' + conc).insertOne({ _id: 'k' + i, a: 'x'.repeat(3000) } as any));
    await time('ping', 200, conc, () => db.db!.admin().ping());
  }
  await db.close(); await ferret.stop(); process.exit(0);
})();
