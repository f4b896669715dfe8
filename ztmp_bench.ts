import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { startTemporalDev } from './scripts/servers/temporalDev';
import { startFerret } from './scripts/servers/ferret';
import { startAgencySimulator } from './scripts/servers/agencySimulator';
import { startApp } from './scripts/servers/app';
import { benchSettlement } from './test/bench/settlement';
import { personIdCheckChar } from './domain/personId';
(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-zbench-'));
  const [temporal, ferret, sim] = await Promise.all([startTemporalDev({ dataDir: path.join(dir, 'temporal'), uiPort: false }), startFerret({ dataDir: path.join(dir, 'ferret') }), startAgencySimulator({})]);
  const app = await startApp({ env: { TEMPORAL_ADDRESS: temporal.address, MONGODB_URI: `${ferret.baseUri}/bench`, AGENCY_API_URL: sim.url, SEED_DEV_KEYS: 'true', LOG_LEVEL: 'warn' }, logDir: path.join(dir, 'logs') });
  try {
    const other = Number(process.env.OTHER ?? 0); let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => { while (next < other) { const i = next++; const f = `11010119800110${String(i).padStart(3, '0')}`; const r = await fetch(app.baseUrl + '/api/v1/filings', { method: 'POST', headers: { authorization: 'Bearer dev-440800-clerk', 'content-type': 'application/json' }, body: JSON.stringify({ personId: f + personIdCheckChar(f), scheme: 'EMPLOYEE', insuredRegion: '440800', treatmentRegion: i % 2 ? '110000' : '310000', type: 'OTHER_TEMPORARY', commitment: false }) }); await r.text(); } }));
    console.log('other filings', other);
    for (const rate of (process.env.RATES ?? '50,100,200').split(',').map(Number)) for (const keyed of (process.env.KEYED ?? '0').split(',')) {
      const r = await benchSettlement({ baseUrl: app.baseUrl, seconds: Number(process.env.S ?? 10), ratePerSecond: rate, idempotencyKeys: keyed === '1' });
      console.log(r.lines.join('\n'));
    }
  } finally { await app.stop(); await sim.stop(); await ferret.stop(); await temporal.stop(); }
  process.exit(0);
})();
