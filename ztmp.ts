import mongoose from 'mongoose';
import { startFerret } from './scripts/servers/ferret';
(async () => {
  const f = await startFerret({ dataDir: '/tmp/zferret2-' + process.pid });
  const conn = await mongoose.createConnection(f.uri, { maxPoolSize: 20 }).asPromise();
  const c = conn.db!.collection('charges');
  await c.createIndex({ settlementId: 1 }, { unique: true });
  await c.createIndex({ keyId: 1, seq: 1 }, { unique: true });
  // unique settlementId under concurrency
  const res = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => c.insertOne({ _id: `k#${i}` as any, keyId: 'k', seq: i, settlementId: 'same' })));
  console.log('same settlementId inserts ok:', res.filter((r) => r.status === 'fulfilled').length);
  const res2 = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => c.insertOne({ _id: `k2#${i}` as any, keyId: 'k2', seq: 1, settlementId: 's' + i })));
  console.log('same (keyId,seq) inserts ok:', res2.filter((r) => r.status === 'fulfilled').length);
  const res3 = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => c.insertOne({ _id: `same-id` as any, keyId: 'k3', seq: i, settlementId: 't' + i })));
  console.log('same _id inserts ok:', res3.filter((r) => r.status === 'fulfilled').length);
  // fill 20k docs
  const docs = Array.from({ length: 20000 }, (_, i) => ({ _id: `p${i % 2000}#${String(Math.floor(i / 2000)).padStart(6, '0')}`, keyId: `p${i % 2000}`, seq: Math.floor(i / 2000), settlementId: 'x' + i }));
  for (let i = 0; i < docs.length; i += 1000) await c.insertMany(docs.slice(i, i + 1000) as any);
  const time = async (label: string, fn: () => Promise<unknown>) => { const t = performance.now(); for (let i = 0; i < 50; i++) await fn(); console.log(label, ((performance.now() - t) / 50).toFixed(2), 'ms'); };
  await time('findById', () => c.findOne({ _id: 'p77#000005' as any }));
  await time('findById miss', () => c.findOne({ _id: 'p77#000099' as any }));
  await time('find keyId sort seq desc limit 1', () => c.find({ keyId: 'p77' }).sort({ seq: -1 }).limit(1).toArray());
  await time('find keyId', () => c.find({ keyId: 'p77' }).toArray());
  await time('find settlementId', () => c.findOne({ settlementId: 'x777' }));
  await time('_id range sort desc', () => c.find({ _id: { $gte: 'p77#', $lt: 'p77#~' } as any }).sort({ _id: -1 }).limit(1).toArray());
  console.log(await c.find({ _id: { $gte: 'p77#', $lt: 'p77#~' } as any }).sort({ _id: -1 }).limit(1).toArray());
  await time('insert', async () => { await c.insertOne({ _id: 'z' + Math.random() as any, keyId: 'z', seq: Math.random(), settlementId: 'r' + Math.random() }); });
  await conn.close(); await f.stop();
})();
