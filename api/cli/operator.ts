// Who acts when an administrator runs a key command on the database (E-2): audited as CLI:<os user>.
import os from 'node:os';
import type { Principal } from '../http/apiKeys';

export function cliOperator(user = os.userInfo().username): Principal {
  return { agencyId: `CLI:${user}`, role: 'ADMIN', region: null, hospitalId: null };
}
