// Region policy data, read from POLICY_DIR at start-up and validated; a broken file stops the
// process naming the file and field, rather than failing on the first request. Adding a
// region is adding a folder <code>/ with filing.json, settlement.json and holidays/<year>.json.
import fs from 'node:fs';
import path from 'node:path';
import { parseFilingPolicy, type FilingPolicy } from '../domain/policy/filingPolicy';
import { parseSettlementPolicy, type SettlementPolicy } from '../domain/policy/settlementPolicy';
import { parseHolidayCalendar, type HolidayCalendar } from '../domain/policy/calendar';
import { findHospital, parseHospitalRegistry, type HospitalRegistry } from '../domain/policy/hospitals';
import { DomainError } from '../domain/errors';

export interface RegionPolicy {
  region: string;
  filing: FilingPolicy;
  settlement: SettlementPolicy;
  calendars: HolidayCalendar[];
}

export interface PolicyRegistry {
  regions(): string[];
  /** The policy governing an insured region: its own folder, else its city's, else its province's. */
  forRegion(code: string): RegionPolicy;
  hasRegion(code: string): boolean;
  hospitals(): HospitalRegistry;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`policy file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function loadRegion(dir: string, region: string): RegionPolicy {
  const folder = path.join(dir, region);
  const holidayDir = path.join(folder, 'holidays');
  const calendars = fs.existsSync(holidayDir)
    ? fs
        .readdirSync(holidayDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => parseHolidayCalendar(readJson(path.join(holidayDir, f)), path.join(holidayDir, f)))
    : [];
  const filingFile = path.join(folder, 'filing.json');
  const settlementFile = path.join(folder, 'settlement.json');
  let settlement: SettlementPolicy;
  try {
    settlement = parseSettlementPolicy(readJson(settlementFile));
  } catch (err) {
    throw new Error(`${settlementFile}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { region, filing: parseFilingPolicy(readJson(filingFile), filingFile), settlement, calendars };
}

export function loadPolicyRegistry(dir: string): PolicyRegistry {
  const root = path.resolve(dir);
  if (!fs.existsSync(root)) throw new Error(`POLICY_DIR ${root} does not exist`);
  const byRegion = new Map<string, RegionPolicy>();
  for (const name of fs.readdirSync(root).sort()) {
    if (/^\d{6}$/.test(name) && fs.statSync(path.join(root, name)).isDirectory()) byRegion.set(name, loadRegion(root, name));
  }
  const hospitalsFile = path.join(root, 'hospitals.json');
  const hospitals = parseHospitalRegistry(readJson(hospitalsFile), hospitalsFile);
  for (const policy of byRegion.values()) checkDesignatedReferrers(root, policy, hospitals);

  const resolve = (code: string): RegionPolicy | undefined =>
    byRegion.get(code) ?? byRegion.get(`${code.slice(0, 4)}00`) ?? byRegion.get(`${code.slice(0, 2)}0000`);

  return {
    regions: () => [...byRegion.keys()],
    hasRegion: (code) => resolve(code) !== undefined,
    forRegion(code) {
      const policy = resolve(code);
      if (!policy) throw new DomainError('FILING_REGION_UNKNOWN', { region: code, knownRegions: [...byRegion.keys()] });
      return policy;
    },
    hospitals: () => hospitals,
  };
}

/**
 * H-3: a referral reduction of 0 needs the referring hospital to be a registered designated
 * referrer, so every hospital a policy lists as one must be in the registry as one.
 */
function checkDesignatedReferrers(root: string, policy: RegionPolicy, hospitals: HospitalRegistry): void {
  for (const version of policy.settlement.versions) {
    for (const id of version.designatedReferrers.hospitalIds) {
      const h = findHospital(hospitals, id);
      if (!h || !h.designatedReferrer) {
        throw new Error(
          `${path.join(root, policy.region, 'settlement.json')}: designatedReferrers lists ${id}, which hospitals.json ${h ? 'does not mark designatedReferrer' : 'does not register'}`,
        );
      }
    }
  }
}
