/** HEAD on GET routes, with no imports: dispatch and audit are in every Lambda bundle. */

/** The route key whose handler answers `routeKey`: `HEAD /x` is answered by `GET /x`. */
export const answeringRouteKey = (routeKey: string): string => (routeKey.startsWith('HEAD ') ? `GET ${routeKey.slice(5)}` : routeKey);
