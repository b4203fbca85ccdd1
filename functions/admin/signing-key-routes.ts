/** Signing-key rotation and compromise (issue #6). */
import type { RouteHandlers } from '../http/dispatch.ts';

export const signingKeyRoutes: RouteHandlers = {};
