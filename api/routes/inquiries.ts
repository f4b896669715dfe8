import type { RouteSpec } from '../http/route';

export const inquiriesRoutes: RouteSpec<any, any, any>[] = [];
