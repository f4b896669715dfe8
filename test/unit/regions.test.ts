// what a filing's treatment region covers, decided in one place (domain/regions.ts) for
// settlement (F-4), supersession (F-11) and the registry.
import { coverageOverlaps, coveringRegions, covers, governs } from '../../domain/regions';
import { loadTestPolicies } from '../support/policies';

const regions = loadTestPolicies().regionMap();

describe('R-1: which filing regions cover an institution', () => {
  it.each([
    // A province's filing covers its cities (and districts); a city's covers its districts.
    { institution: '220100', covering: ['220100', '220000'] },
    { institution: '220102', covering: ['220102', '220100', '220000'] },
    { institution: '220200', covering: ['220200', '220000'] },
    // A provincial-level institution (registered under 220000) is covered by the capital's filings too.
    { institution: '220000', covering: ['220000', '220100'] },
    { institution: '110000', covering: ['110000', '110100'] },
  ])('R-1: an institution in $institution is covered by filings to $covering', ({ institution, covering }) => {
    expect(coveringRegions(regions, institution).sort()).toEqual([...covering].sort());
  });

  it.each([
    ['a province filing covers a city of it', '220000', '220200', true],
    ['a capital filing covers the provincial-level institutions', '220100', '220000', true],
    ['a province filing covers its capital', '220000', '220100', true],
    ['a filing to another city does not cover the capital', '220200', '220100', false],
    ['a filing to another city does not cover provincial-level institutions', '220200', '220000', false],
    ['a capital filing does not cover another city', '220100', '220200', false],
    ['another province is never covered', '440000', '220100', false],
  ])('R-1: %s', (_label, filing, institution, expected) => {
    expect(covers(regions, filing, institution)).toBe(expected);
  });
});

describe('F-11, R-1: two filings compete when their coverage overlaps', () => {
  it.each([
    ['220000', '220100', true],
    ['220100', '220000', true],
    ['220100', '220200', false],
    ['220200', '220000', true],
    ['110000', '310000', false],
  ])('F-11: %s and %s overlap: %s', (a, b, expected) => {
    expect(coverageOverlaps(regions, a, b)).toBe(expected);
  });
});

describe('R-1: a city without its own policy is governed by its province', () => {
  it.each([
    ['220000', '220100', true],
    ['220000', '220000', true],
    ['440800', '440800', true],
    ['220000', '440800', false],
    ['440800', '440000', false],
  ])('R-1: policy %s governs insured region %s: %s', (policy, insured, expected) => {
    expect(governs(policy, insured)).toBe(expected);
  });
});
