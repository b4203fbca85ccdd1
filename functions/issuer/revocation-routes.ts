/** `GET /revocations`: the signed revocation list (issue #6). Lives with the issuer group because it signs. */
import type { RouteHandlers } from '../http/dispatch.ts';

export const revocationRoutes: RouteHandlers = {};
