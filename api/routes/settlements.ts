import type { RouteSpec } from '../http/route';

export const settlementsRoutes: RouteSpec<any, any, any>[] = [];
