import type { RouteSpec } from '../http/route';
import { healthRoutes } from './health';
import { filingRoutes } from './filings';
import { settlementsRoutes } from './settlements';
import { inquiriesRoutes } from './inquiries';
import { recoveriesRoutes } from './recoveries';
import { devRoutes } from './dev';
import { monitoringRoutes } from './monitoring';
import { hospitalRoutes } from './hospitals';
import { clearingRoutes } from './clearings';
import { advanceRoutes } from './advances';
import { meRoutes } from './me';
import { adminKeyRoutes } from './adminKeys';
import { auditRoutes } from './audit';
import { codecRoutes } from './codec';
import { importRoutes } from './imports';

/** Every endpoint of the API; an area adds its routes here. The clock exists only in simulation. */
export function allRoutes(options: { simulation: boolean }): RouteSpec<any, any, any>[] {
  return [
    ...healthRoutes,
    ...filingRoutes,
    ...settlementsRoutes,
    ...inquiriesRoutes,
    ...recoveriesRoutes,
    ...hospitalRoutes,
    ...monitoringRoutes,
    ...clearingRoutes,
    ...advanceRoutes,
    ...meRoutes,
    ...adminKeyRoutes,
    ...auditRoutes,
    ...codecRoutes,
    ...importRoutes,
    ...(options.simulation ? devRoutes : []),
  ];
}
