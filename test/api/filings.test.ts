// Filing endpoints of API.md through HTTP on the real stack (Temporal dev server + FerretDB):
// the life of a filing, region-scoped authorization and rule rejections with catalogue codes.
import { startApp, api, DEV_API_KEYS, type TestApp } from '../setup/stackEnv';
import { newPersonId } from '../support/people';
import { temporaryFiling, longTermFiling, commitmentFiling, referralFiling } from '../support/filingRequests';

const clerk440800 = DEV_API_KEYS.clerk440800.key;
const clerk220000 = DEV_API_KEYS.clerk220000.key;
const agency110000 = DEV_API_KEYS.agency110000.key;
const agency310000 = DEV_API_KEYS.agency310000.key;
const hospital110000 = DEV_API_KEYS.hospital110000.key;

describe('filing endpoints', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  const file = (key: string, body: Record<string, unknown>) => api(app, 'POST', '/api/v1/filings', { key, body });

  it('F-1, F-2: a 440800 LONG_TERM filing is open-ended; the treatment agency reads it, another region cannot', async () => {
    const res = await file(clerk440800, { ...longTermFiling() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'ACTIVE', type: 'LONG_TERM', validUntil: null, commitmentDeadline: null });
    expect(res.body.events[0].type).toBe('CREATED');

    const byAgency = await api(app, 'GET', `/api/v1/filings/${res.body.id}`, { key: agency110000 });
    expect(byAgency.status).toBe(200);
    expect(byAgency.body.id).toBe(res.body.id);
    expect((await api(app, 'GET', `/api/v1/filings/${res.body.id}`, { key: agency310000 })).status).toBe(404);
    expect((await api(app, 'GET', `/api/v1/filings/${res.body.id}`, { key: clerk220000 })).status).toBe(404);
  });

  it('F-6: a 220000 commitment filing shows its deadline; proof turns it into a normal filing', async () => {
    const res = await file(clerk220000, { ...commitmentFiling({ scheme: 'RESIDENT' }) });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('COMMITMENT_PENDING');
    expect(res.body.commitmentDeadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.body.nextDeadline).toEqual({ kind: 'COMMITMENT_LAPSE', date: res.body.commitmentDeadline });

    const change = await api(app, 'POST', `/api/v1/filings/${res.body.id}/change`, {
      key: clerk220000,
      body: { treatmentRegion: '310000' },
    });
    expect(change.status).toBe(422);
    expect(change.body.error.code).toBe('FILING_CHANGE_DURING_COMMITMENT');

    const proof = await api(app, 'POST', `/api/v1/filings/${res.body.id}/materials`, {
      key: clerk220000,
      body: { proof: { kind: 'RESIDENCE_PROOF' } },
    });
    expect(proof.status).toBe(200);
    expect(proof.body.status).toBe('ACTIVE');
    expect(proof.body.commitmentDeadline).toBeNull();
    expect(proof.body.validUntil).not.toBeNull();
  });

  it('F-6: commitment is not available for OTHER_TEMPORARY (POLICY 422)', async () => {
    const res = await file(clerk440800, { ...temporaryFiling({ scheme: 'EMPLOYEE', commitment: true }) });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('FILING_COMMITMENT_NOT_ALLOWED_FOR_TYPE');
    expect(res.body.error.category).toBe('POLICY');
  });

  it('F-5: 220000 retroactive filing back-dated more than 30 days is refused', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const past = new Date(Date.parse(`${today}T00:00:00Z`) - 40 * 86_400_000).toISOString().slice(0, 10);
    const res = await file(clerk220000, {
      personId: newPersonId(),
      scheme: 'EMPLOYEE',
      insuredRegion: '220000',
      treatmentRegion: '110000',
      type: 'LONG_TERM',
      subtype: 'RESIDENT',
      commitment: false,
      proof: { kind: 'RESIDENCE_PROOF', residentSince: past },
      startDate: past,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('FILING_RETRO_TOO_EARLY');
  });

  it('F-6, F-11: a pending commitment cannot be dodged by filing again for the same region', async () => {
    const first = await file(clerk220000, { ...commitmentFiling() });
    expect(first.status).toBe(201);
    const again = await file(clerk220000, { ...commitmentFiling({ personId: first.body.personId }) });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('FILING_CHANGE_DURING_COMMITMENT');
  });

  it('F-8: a self-service filing cannot be cancelled online by the person, but the clerk can cancel it', async () => {
    const res = await file(clerk440800, { ...temporaryFiling({ selfService: true }) });
    expect(res.status).toBe(201);
    const online = await api(app, 'POST', `/api/v1/filings/${res.body.id}/cancel`, {
      key: clerk440800,
      body: { requestedOnlineByPerson: true },
    });
    expect(online.status).toBe(422);
    expect(online.body.error.code).toBe('FILING_SELF_SERVICE_ONLINE_CANCEL');
    const byClerk = await api(app, 'POST', `/api/v1/filings/${res.body.id}/cancel`, {
      key: clerk440800,
      body: { requestedOnlineByPerson: false, reason: '窗口申请' },
    });
    expect(byClerk.status).toBe(200);
    expect(byClerk.body.status).toBe('CANCELLED');
    const again = await api(app, 'POST', `/api/v1/filings/${res.body.id}/cancel`, {
      key: clerk440800,
      body: { requestedOnlineByPerson: false },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('FILING_NOT_ACTIVE');
  });

  it('F-10: a hospital with referral rights re-refers a REFERRAL filer; the new filing links the original', async () => {
    const original = await file(clerk440800, { ...referralFiling() });
    expect(original.status).toBe(201);
    const re = await api(app, 'POST', `/api/v1/filings/${original.body.id}/re-referrals`, {
      key: hospital110000,
      body: { treatmentRegion: '310000', fromHospital: 'H110000001', certificateNo: 'BJ-RR-1', sameDisease: true },
    });
    expect(re.status).toBe(201);
    expect(re.body).toMatchObject({ type: 'REFERRAL', linkedFilingId: original.body.id, treatmentRegion: '310000', status: 'ACTIVE' });

    // The original records the onward referral (eventually: the signal is asynchronous).
    let linked: string[] = [];
    for (let i = 0; i < 50 && !linked.includes(re.body.id); i += 1) {
      linked = (await api(app, 'GET', `/api/v1/filings/${original.body.id}`, { key: clerk440800 })).body.reReferrals;
      if (!linked.includes(re.body.id)) await new Promise((r) => setTimeout(r, 100));
    }
    expect(linked).toContain(re.body.id);
  });

  it('F-10: a hospital without referral rights is refused and told to go through the insured region', async () => {
    const original = await file(clerk440800, {
      ...referralFiling({ referral: { fromHospital: 'H440800002', certificateNo: 'ZJ-2026-002' } }),
    });
    const re = await api(app, 'POST', `/api/v1/filings/${original.body.id}/re-referrals`, {
      key: DEV_API_KEYS.hospital110000Level2.key, // H110000002, no referral rights
      body: { treatmentRegion: '310000', fromHospital: 'H110000002', certificateNo: 'BJ-RR-2', sameDisease: true },
    });
    expect(re.status).toBe(422);
    expect(re.body.error.code).toBe('FILING_RE_REFERRAL_HOSPITAL_NO_RIGHTS');
  });

  it('F-10: a same-disease re-referral reuses the original proof: no new certificate number is needed', async () => {
    const original = await file(clerk440800, { ...referralFiling() });
    const re = await api(app, 'POST', `/api/v1/filings/${original.body.id}/re-referrals`, {
      key: hospital110000,
      body: { treatmentRegion: '310000', fromHospital: 'H110000001', sameDisease: true },
    });
    expect(re.status).toBe(201);
    expect(re.body).toMatchObject({ type: 'REFERRAL', linkedFilingId: original.body.id, status: 'ACTIVE' });
    // Another disease needs its own certificate.
    const other = await api(app, 'POST', `/api/v1/filings/${original.body.id}/re-referrals`, {
      key: hospital110000,
      body: { treatmentRegion: '310000', fromHospital: 'H110000001', sameDisease: false },
    });
    expect(other.status).toBe(400);
    expect(other.body.error.details.fields.map((f: { path: string }) => f.path)).toContain('body.certificateNo');
  });

  it('F-10, H-4: a hospital re-refers only from its own institution', async () => {
    const original = await file(clerk440800, { ...referralFiling() });
    const re = await api(app, 'POST', `/api/v1/filings/${original.body.id}/re-referrals`, {
      key: hospital110000, // H110000001
      body: { treatmentRegion: '310000', fromHospital: 'H110000003', certificateNo: 'BJ-RR-3', sameDisease: false },
    });
    expect(re.status).toBe(403);
    expect(re.body.error.code).toBe('AUTH_FORBIDDEN_INSTITUTION');
  });

  it('F-11: lists are region-scoped and paginated; a second filing supersedes the first', async () => {
    const personId = newPersonId();
    const first = await file(clerk440800, { ...temporaryFiling({ personId }) });
    const second = await file(clerk440800, { ...referralFiling({ personId, scheme: 'RESIDENT' }) });
    expect(second.status).toBe(201);
    let statuses: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      const list = await api(app, 'GET', `/api/v1/filings?personId=${personId}&pageSize=10`, { key: clerk440800 });
      statuses = list.body.items
        .map((f: { id: string; status: string }) => `${f.id === first.body.id ? 'first' : 'second'}:${f.status}`)
        .sort();
      if (statuses.includes('first:SUPERSEDED')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(statuses).toEqual(['first:SUPERSEDED', 'second:ACTIVE']);
    const page = await api(app, 'GET', `/api/v1/filings?personId=${personId}&pageSize=1&page=2`, { key: clerk440800 });
    expect(page.body).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(page.body.items).toHaveLength(1);
    const otherRegion = await api(app, 'GET', `/api/v1/filings?personId=${personId}`, { key: clerk220000 });
    expect(otherRegion.body.total).toBe(0);
  });

  it("X-1: a person-number change reaches every in-flight filing of the clerk's region", async () => {
    const oldId = newPersonId();
    const newId = newPersonId();
    const temporary = await file(clerk440800, { ...temporaryFiling({ personId: oldId }) });
    const longTerm = await file(clerk440800, { ...longTermFiling({ personId: oldId, treatmentRegion: '310000' }) });
    const res = await api(app, 'POST', `/api/v1/persons/${oldId}/renumber`, { key: clerk440800, body: { newPersonId: newId } });
    expect(res.status).toBe(200);
    expect(res.body.filingsUpdated.sort()).toEqual([temporary.body.id, longTerm.body.id].sort());
    let ids: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      const list = await api(app, 'GET', `/api/v1/filings?personId=${newId}`, { key: clerk440800 });
      ids = list.body.items.filter((f: { personId: string }) => f.personId === newId).map((f: { id: string }) => f.id);
      if (ids.length === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(ids.sort()).toEqual([temporary.body.id, longTerm.body.id].sort());
    const byOld = await api(app, 'GET', `/api/v1/filings?personId=${oldId}`, { key: clerk440800 });
    expect(byOld.body.total).toBe(2);
    expect(byOld.body.items.every((f: { formerPersonIds: string[] }) => f.formerPersonIds.includes(oldId))).toBe(true);
  });

  it('F-12: an insurance status change ends every live filing of the person on that date, open-ended ones in their first months too', async () => {
    const personId = newPersonId();
    const longTerm = await file(clerk440800, { ...longTermFiling({ personId }) });
    const temporary = await file(clerk440800, { ...temporaryFiling({ personId, treatmentRegion: '310000' }) });
    expect([longTerm.status, temporary.status]).toEqual([201, 201]);
    const today = longTerm.body.validFrom;
    const res = await api(app, 'POST', `/api/v1/persons/${personId}/insurance-status`, {
      key: clerk440800,
      body: { status: 'DECEASED', effectiveDate: today },
    });
    expect(res.status).toBe(200);
    expect([...res.body.filingsTold].sort()).toEqual([longTerm.body.id, temporary.body.id].sort());
    for (const id of [longTerm.body.id, temporary.body.id]) {
      let doc = (await api(app, 'GET', `/api/v1/filings/${id}`, { key: clerk440800 })).body;
      for (let i = 0; i < 50 && doc.status !== 'ENDED'; i += 1) {
        await new Promise((r) => setTimeout(r, 100));
        doc = (await api(app, 'GET', `/api/v1/filings/${id}`, { key: clerk440800 })).body;
      }
      expect(doc).toMatchObject({ status: 'ENDED', endedOn: today, nextDeadline: null });
      expect(doc.events.at(-1)).toMatchObject({ type: 'ENDED', data: { insuranceStatus: 'DECEASED', effectiveDate: today } });
    }
    // Another region's clerk cannot report it.
    const other = await api(app, 'POST', `/api/v1/persons/${personId}/insurance-status`, {
      key: clerk220000,
      body: { status: 'STOPPED', effectiveDate: today },
    });
    expect(other.status).toBe(403);
  });

  it('F-1: resettlement evidence is told apart from residence proof; WORKING is for in-service employees', async () => {
    const wrongProof = await file(clerk440800, { ...longTermFiling({ proof: { kind: 'RESIDENCE_PROOF' } }) });
    expect(wrongProof.status).toBe(400);
    expect(wrongProof.body.error).toMatchObject({
      code: 'FILING_PROOF_KIND_MISMATCH',
      details: { accepted: ['HOUSEHOLD_REGISTRATION', 'ID_CARD'] },
    });
    const working = (personCategory: string) =>
      file(clerk440800, { ...longTermFiling({ subtype: 'WORKING', proof: { kind: 'WORK_CERTIFICATE' } }), personCategory });
    const retired = await working('RETIRED');
    expect(retired.status).toBe(422);
    expect(retired.body.error.code).toBe('FILING_WORKING_IN_SERVICE_ONLY');
    expect((await working('IN_SERVICE')).status).toBe(201);
    // F-1 on a change too: turning a filing into WORKING needs the person to be in service.
    const resettled = await file(clerk440800, { ...longTermFiling() });
    expect(resettled.status).toBe(201);
    const toWorking = (personCategory?: string) =>
      api(app, 'POST', `/api/v1/filings/${resettled.body.id}/change`, {
        key: clerk440800,
        body: { subtype: 'WORKING', proof: { kind: 'WORK_CERTIFICATE' }, ...(personCategory ? { personCategory } : {}) },
      });
    const unstated = await toWorking();
    expect(unstated.status).toBe(422);
    expect(unstated.body.error.code).toBe('FILING_WORKING_IN_SERVICE_ONLY');
    expect((await toWorking('RETIRED')).body.error.code).toBe('FILING_WORKING_IN_SERVICE_ONLY');
    // In service, F-1 passes and the next rule speaks: a 440800 long-term filing changes only after its minimum months (F-8).
    expect((await toWorking('IN_SERVICE')).body.error.code).toBe('FILING_CHANGE_TOO_EARLY');
    // A kind outside the enumerated list is refused by the contract itself.
    const unknown = await file(clerk440800, { ...longTermFiling({ proof: { kind: '户口簿' } as never }) });
    expect(unknown.status).toBe(400);
  });
});
