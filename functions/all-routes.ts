/** Every route's handler, by route key: what the local server serves in one process. */
import { accreditationRoutes } from './admin/accreditation-routes.ts';
import { adminRoutes } from './admin/routes.ts';
import { signingKeyRoutes } from './admin/signing-key-routes.ts';
import { publishingAfterChanges } from './admin/trust-list-publishing.ts';
import type { AllRouteHandlers, RouteHandlers } from './http/dispatch.ts';
import { revocationRoutes } from './issuer/revocation-routes.ts';
import { issuerRoutes } from './issuer/routes.ts';
import { pagesRoutes } from './pages/routes.ts';
import { publicRoutes } from './public/routes.ts';
import type { RouteGroup } from './routes.ts';
import { verifyRoutes } from './verify/routes.ts';

/** Handlers by route group: one Lambda function per group on AWS. Complete by type. */
export const ROUTE_GROUP_HANDLERS: { readonly [G in RouteGroup]: RouteHandlers<G> } = {
  issuer: { ...issuerRoutes, ...revocationRoutes },
  verify: verifyRoutes,
  public: publicRoutes,
  pages: pagesRoutes,
  // Every admin change republishes the trust list (one wrapper for the whole group).
  admin: publishingAfterChanges({ ...adminRoutes, ...accreditationRoutes, ...signingKeyRoutes }),
};

/** All handlers merged. */
export const ALL_ROUTE_HANDLERS: AllRouteHandlers = {
  ...ROUTE_GROUP_HANDLERS.issuer,
  ...ROUTE_GROUP_HANDLERS.verify,
  ...ROUTE_GROUP_HANDLERS.public,
  ...ROUTE_GROUP_HANDLERS.pages,
  ...ROUTE_GROUP_HANDLERS.admin,
};
