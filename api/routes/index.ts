import type { RouteSpec } from '../http/route';
import { healthRoutes } from './health';

/** Every endpoint of the API; an area adds its routes here. */
export function allRoutes(): RouteSpec<any, any, any>[] {
  return [...healthRoutes];
}
