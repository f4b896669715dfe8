import type { RouteSpec } from '../http/route';

export const recoveriesRoutes: RouteSpec<any, any, any>[] = [];
