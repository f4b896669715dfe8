// Valid resident ID numbers (GB 11643 check character) that no other test uses.
import { personIdCheckChar } from '../../domain/personId';

let counter = 0;

/** A fresh valid 18-character person ID; `birth` is YYYYMMDD. */
export function newPersonId(birth = '19700101'): string {
  counter += 1;
  const salt = (process.pid * 7919 + Date.now() + counter * 104729) % 1000;
  const region = String(110101 + ((salt * 13 + counter) % 800)).padStart(6, '0');
  const seq = String((counter * 37 + salt) % 1000).padStart(3, '0');
  const first17 = `${region}${birth}${seq}`;
  return first17 + personIdCheckChar(first17);
}
