// Region policy data, read from POLICY_DIR at start-up and validated; a broken file stops the
// process naming the file and field, rather than failing on the first request. Adding a
// region is adding a folder <code>/ with filing.json and settlement.json (holidays/<year>.json only
// for local days: the national State Council schedules in national/holidays/ serve every region).
import fs from 'node:fs';
import path from 'node:path';
import type { FilingPolicy } from '../domain/policy/filingPolicy';
import { parseFilingPolicy } from '../domain/policy/filingPolicyFile';
import type { SettlementPolicy } from '../domain/policy/settlementPolicy';
import { parseSettlementPolicy } from '../domain/policy/settlementPolicyFile';
import { parseHolidayCalendar, type HolidayCalendar } from '../domain/policy/calendar';
import { findHospital, type HospitalRegistry } from '../domain/policy/hospitals';
import { parseClearingPolicy, type ClearingPolicyFile } from '../domain/policy/clearingPolicy';
import { DomainError } from '../domain/errors';
import type { RegionMap } from '../domain/regions';
import { parsePolicyData } from '../domain/policy/parsePolicyData';
import { regionMapSchema } from '../domain/schemas';
import { parseHospitalRegistry } from '../domain/policy/hospitalsFile';

export interface RegionPolicy {
  region: string;
  filing: FilingPolicy;
  settlement: SettlementPolicy;
  calendars: HolidayCalendar[];
  /** P-1..P-5, M-1: clearing.json, or the section 9 defaults when the region has none. */
  clearing: ClearingPolicyFile;
}

export interface PolicyRegistry {
  regions(): string[];
  /** The policy governing an insured region: its own folder, else its city's, else its province's. */
  forRegion(code: string): RegionPolicy;
  hasRegion(code: string): boolean;
  hospitals(): HospitalRegistry;
  /** provinces and their capitals (regions.json). */
  regionMap(): RegionMap;
  /**
   * T-3: the holiday calendars that count working days in `region`: the national schedules
   * (national/holidays), each year replaced by the region's own where it has one. Any region
   * code works, also one without a policy folder (a treatment region such as 110000).
   */
  calendarsOf(region: string): HolidayCalendar[];
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`policy file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The calendars of one folder's holidays/ (none when it has no such folder). */
function loadCalendars(folder: string): HolidayCalendar[] {
  const holidayDir = path.join(folder, 'holidays');
  if (!fs.existsSync(holidayDir)) return [];
  return fs
    .readdirSync(holidayDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseHolidayCalendar(readJson(path.join(holidayDir, f)), path.join(holidayDir, f)));
}

/** One calendar per year: the region's own replaces the national one of that year. */
function mergeCalendars(national: readonly HolidayCalendar[], own: readonly HolidayCalendar[]): HolidayCalendar[] {
  const byYear = new Map(national.map((c) => [c.year, c]));
  for (const c of own) byYear.set(c.year, c);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

function loadRegion(dir: string, region: string, national: readonly HolidayCalendar[]): RegionPolicy {
  const folder = path.join(dir, region);
  const calendars = mergeCalendars(national, loadCalendars(folder));
  const filingFile = path.join(folder, 'filing.json');
  const settlementFile = path.join(folder, 'settlement.json');
  let settlement: SettlementPolicy;
  try {
    settlement = parseSettlementPolicy(readJson(settlementFile));
  } catch (err) {
    throw new Error(`${settlementFile}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const clearingFile = path.join(folder, 'clearing.json');
  const clearing = parseClearingPolicy(fs.existsSync(clearingFile) ? readJson(clearingFile) : null, clearingFile);
  return { region, filing: parseFilingPolicy(readJson(filingFile), filingFile), settlement, calendars, clearing };
}

export function loadPolicyRegistry(dir: string): PolicyRegistry {
  const root = path.resolve(dir);
  if (!fs.existsSync(root)) throw new Error(`POLICY_DIR ${root} does not exist`);
  const national = loadCalendars(path.join(root, 'national'));
  const byRegion = new Map<string, RegionPolicy>();
  for (const name of fs.readdirSync(root).sort()) {
    if (/^\d{6}$/.test(name) && fs.statSync(path.join(root, name)).isDirectory()) byRegion.set(name, loadRegion(root, name, national));
  }
  const hospitalsFile = path.join(root, 'hospitals.json');
  const hospitals = parseHospitalRegistry(readJson(hospitalsFile), hospitalsFile);
  const regionsFile = path.join(root, 'regions.json');
  const regionMap = parsePolicyData(regionMapSchema, readJson(regionsFile), regionsFile);
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
    regionMap: () => regionMap,
    calendarsOf: (code) => resolve(code)?.calendars ?? national,
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
