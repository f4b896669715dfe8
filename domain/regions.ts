// R-1 regions: a code is a province (xx0000) or a city (xxyy00); districts (xxyyzz) belong to
// their city. One place decides what a filing's treatment region covers, and every rule that
// compares regions (settlement F-4, supersession F-11, the registry, inquiry addressing) asks it:
//  - a filing to a province covers all its cities;
//  - a filing to a provincial capital also covers the provincial-level institutions registered
//    under the province's own code (seed 003: 220000 省本级 and 220100 长春市 both serve), and a
//    filing to the province covers the capital anyway;
//  - a filing to another city covers that city only.
// Which city is a province's capital is region data (policies/regions.json).
import type { RegionMap } from './schemas';

export type { RegionMap } from './schemas';

export const regionCodeRegex = /^\d{6}$/;

export function isProvince(code: string): boolean {
  return code.endsWith('0000');
}

export function provinceOf(code: string): string {
  return `${code.slice(0, 2)}0000`;
}

/** The city a code belongs to (a district's city; a city or province itself). */
export function cityOf(code: string): string {
  return isProvince(code) ? code : `${code.slice(0, 4)}00`;
}

/**
 * Whether region `inner` lies inside region `outer` (or is it): 220000 > 220100 > 220102.
 * A municipality (110000) contains its districts (110105).
 */
export function isWithinRegion(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  if (isProvince(outer)) return inner.startsWith(outer.slice(0, 2));
  if (outer.endsWith('00')) return inner.startsWith(outer.slice(0, 4));
  return false;
}

export function capitalOf(regions: RegionMap, province: string): string | null {
  return regions.provinces[province]?.capital ?? null;
}

/** the filing regions that cover an institution registered in `institutionRegion`. */
export function coveringRegions(regions: RegionMap, institutionRegion: string): string[] {
  const province = provinceOf(institutionRegion);
  const city = cityOf(institutionRegion);
  const out = new Set([institutionRegion, city, province]);
  // Provincial-level institutions (registered under the province's code) are covered by the capital too.
  const capital = capitalOf(regions, province);
  if (institutionRegion === province && capital) out.add(capital);
  return [...out];
}

/** whether a filing to `filingRegion` covers an institution registered in `institutionRegion`. */
export function covers(regions: RegionMap, filingRegion: string, institutionRegion: string): boolean {
  return coveringRegions(regions, institutionRegion).includes(filingRegion);
}

/**
 * F-11, R-1: two filings of one person compete when either covers where the other does: then
 * they serve the same institutions and only one may be live.
 */
export function coverageOverlaps(regions: RegionMap, a: string, b: string): boolean {
  return covers(regions, a, b) || covers(regions, b, a);
}

/** a policy folder governs its own region and, a province's, the cities without their own. */
export function governs(policyRegion: string, insuredRegion: string): boolean {
  return policyRegion === insuredRegion || (isProvince(policyRegion) && isWithinRegion(policyRegion, insuredRegion));
}
