// 18-character resident ID numbers (公民身份号码, GB 11643-1999): 6-digit region of household
// registration, 8-digit birth date YYYYMMDD, 3-digit sequence, and a check character computed
// with ISO 7064 MOD 11-2. A wrong check character is almost always a typing error, so we
// reject it at the edge (DOMAIN.md glossary) instead of filing under a wrong person.
import { isIsoDate } from './time';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character indexed by (weighted sum mod 11). */
const CHECK_CHARS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'] as const;

const SHAPE_RE = /^[1-9]\d{16}[\dX]$/;

/** 17 digits and a check character, the first not 0: the form of a resident ID, checked or not. */
export function hasPersonIdShape(id: string): boolean {
  return SHAPE_RE.test(id);
}

/** The MOD 11-2 check character for the first 17 digits. */
export function personIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('personIdCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Birth date embedded in positions 7-14 as 'YYYY-MM-DD', or null when it is not a real date. */
export function personIdBirthDate(id: string): string | null {
  if (!/^\d{17}/.test(id)) return null;
  const date = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return isIsoDate(date) && date >= '1850-01-01' ? date : null;
}

export type PersonIdProblem = 'FORMAT' | 'BIRTH_DATE' | 'CHECK_CHAR';

/** Why an ID is invalid, or null when it is valid. */
export function personIdProblem(id: string): PersonIdProblem | null {
  if (typeof id !== 'string' || !SHAPE_RE.test(id)) return 'FORMAT';
  if (personIdBirthDate(id) === null) return 'BIRTH_DATE';
  if (personIdCheckChar(id.slice(0, 17)) !== id[17]) return 'CHECK_CHAR';
  return null;
}

export function isValidPersonId(id: string): boolean {
  return personIdProblem(id) === null;
}

/** Trims and upper-cases a typed ID ('x' -> 'X'); callers normalise before validating. */
export function normalizePersonId(id: string): string {
  return id.trim().toUpperCase();
}

export const PERSON_ID_MESSAGES: Record<PersonIdProblem, string> = {
  FORMAT:
    '身份证号须为18位：17位数字加1位校验码（数字或大写X）。 / The ID must be 18 characters: 17 digits and a check character (digit or upper-case X).',
  BIRTH_DATE: '身份证号第7-14位不是有效的出生日期，请核对。 / Characters 7-14 of the ID are not a real birth date; check the number.',
  CHECK_CHAR: '身份证号校验码不符（GB 11643），请逐位核对号码。 / The ID check character does not match (GB 11643); re-check every digit.',
};
