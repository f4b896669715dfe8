import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import mongoose from 'mongoose';
import { startTemporalDev } from './scripts/servers/temporalDev';
import { startFerret } from './scripts/servers/ferret';
import { startAgencySimulator } from './scripts/servers/agencySimulator';
import { startApp } from './scripts/servers/app';
import { personIdCheckChar } from './domain/personId';
(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-zseq-'));
  const [temporal, ferret, sim] = await Promise.all([startTemporalDev({ dataDir: path.join(dir, 'temporal'), uiPort: false }), startFerret({ dataDir: path.join(dir, 'ferret') }), startAgencySimulator({})]);
  const app = await startApp({ env: { TEMPORAL_ADDRESS: temporal.address, MONGODB_URI: `${ferret.baseUri}/bench`, AGENCY_API_URL: sim.url, SEED_DEV_KEYS: 'true', LOG_LEVEL: 'warn' }, logDir: path.join(dir, 'logs') });
  const p17 = '44080219800101001'; const person = p17 + personIdCheckChar(p17);
  const h = (k: string) => ({ authorization: `Bearer ${k}`, 'content-type': 'application/json' });
  let r = await fetch(app.baseUrl + '/api/v1/filings', { method: 'POST', headers: h('dev-440800-clerk'), body: JSON.stringify({ personId: person, scheme: 'EMPLOYEE', insuredRegion: '440800', treatmentRegion: '110000', type: 'OTHER_TEMPORARY', commitment: false }) });
  console.log('filing', r.status);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const bill = { personId: person, scheme: 'EMPLOYEE', personCategory: 'IN_SERVICE', insuredRegion: '440800', treatmentRegion: '110000', hospitalId: 'H110000001', hospitalLevel: 3, visitType: 'INPATIENT', admissionDate: today, lines: [{ code: 'a', name: 'b', class: 'A', amountFen: 100000 }] };
  for (const [label, url, key, method, body] of [['healthz', '/healthz', '', 'GET', undefined], ['filings get', '/api/v1/filings?personId=' + person, 'dev-440800-clerk', 'GET', undefined], ['quote', '/api/v1/settlements/quote', 'dev-110000-hospital', 'POST', bill], ['stored', '/api/v1/settlements', 'dev-110000-hospital', 'POST', bill]] as const) {
    const ts: number[] = [];
    for (let i = 0; i < 15; i++) { const t = performance.now(); const res = await fetch(app.baseUrl + url, { method, headers: key ? h(key) : {}, body: body ? JSON.stringify(body) : undefined }); await res.text(); ts.push(performance.now() - t); if (res.status >= 300) console.log(res.status); }
    console.log(label, ts.map((x) => x.toFixed(1)).join(' '));
  }
  const conn = await mongoose.createConnection(`${ferret.baseUri}/bench`).asPromise();
  for (const coll of ['filing_views', 'api_keys', 'idempotency_records', 'settlements', 'accumulator_charges', 'audit_events']) {
    const t = performance.now(); const n = await conn.db!.collection(coll).countDocuments(); console.log(coll, n, (performance.now() - t).toFixed(1));
  }
  const t = performance.now(); await conn.db!.collection('filing_views').find({ personId: person }).toArray(); console.log('find filing', (performance.now() - t).toFixed(1));
  const t2 = performance.now(); await conn.db!.collection('accumulator_charges').findOne({ _id: 'x' as any }); console.log('findById charge', (performance.now() - t2).toFixed(1));
  await conn.close();
  await app.stop(); await sim.stop(); await ferret.stop(); await temporal.stop();
  process.exit(0);
})();
