/** Human-facing routes: QR codes, printable label art and the verification pages (issue #4). */
import type { RouteHandlers } from '../http/dispatch.ts';

export const pagesRoutes: RouteHandlers = {};
