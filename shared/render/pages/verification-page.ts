/**
 * What `GET /v/{token}` and `GET /l/{id}` answer: a verdict from the core's verifier, rendered
 * in the reader's language. Verification itself is `verifyBatchOnline`; nothing is re-checked here.
 */
import * as z from 'zod';
import type { Services } from '../../app/services.ts';
import { ServiceUnavailableError } from '../../errors/errors.ts';
import { verdict, type Verdict } from '../../verification/verdict.ts';
import { verifyBatchOnline, verifyLabelId } from '../../verification/verify-batch.ts';
import { languageByTag, negotiateLanguage } from '../i18n/languages.ts';
import type { Messages } from '../i18n/messages.ts';
import type { TrustList } from '../../trust-list/trust-list.ts';
import { renderVerifyPage } from './verify-page.ts';

/**
 * The page's query. Lenient on purpose: a QR-opened page must not fail because a scanner app
 * appended tracking parameters, so unknown parameters are ignored and an unknown `lang` falls
 * back to `Accept-Language`.
 */
export const PageQuerySchema = z.object({
  lang: z.string().max(35).optional().catch(undefined).describe('Page language: en or zh-CN (default: from Accept-Language)'),
});

/** A rendered page and its HTTP status. */
export interface VerificationPage {
  readonly statusCode: number;
  readonly html: string;
  readonly messages: Messages;
  readonly verdict: Verdict;
}

/** `?lang=` when we have it, else the best match for `Accept-Language`. */
export function chooseLanguage(query: unknown, acceptLanguage: string | undefined): Messages {
  const parsed = PageQuerySchema.safeParse(query ?? {});
  const requested = parsed.success && parsed.data.lang ? languageByTag(parsed.data.lang) : undefined;
  return requested ?? negotiateLanguage(acceptLanguage);
}

/** Storage did not answer: never a pass, never a 500 page. */
function unavailable(services: Services, error: unknown): Verdict {
  if (!(error instanceof ServiceUnavailableError)) throw error;
  services.logger.warn('verification page: storage unavailable', { error });
  return verdict('status_unavailable', services.now(), {
    reason: 'The check could not be completed: storage did not answer. Do not treat this label as verified; try again.',
    statusSource: { kind: 'none' },
  });
}

/**
 * Whether the claim's assurance provider is itself vouched for: a certification body the scheme's
 * trust list names by exactly that name (and has not withdrawn). Anything else is only declared.
 */
export function isListedCertificationBody(list: TrustList | undefined, providerName: string | undefined): boolean {
  if (!list || providerName === undefined) return false;
  return list.issuers.some((i) => i.role === 'certification_body' && i.status !== 'withdrawn' && i.name === providerName);
}

async function page(statusCode: number, v: Verdict, messages: Messages, services: Services): Promise<VerificationPage> {
  const provider = v.claim?.assurance?.providerName;
  // The list is the one the verdict was just judged against (cached); it cannot fail the page.
  const list = provider !== undefined ? await services.trustListSource?.current().catch(() => undefined) : undefined;
  const assuranceListed = isListedCertificationBody(list, provider);
  return { statusCode, verdict: v, messages, html: renderVerifyPage({ verdict: v, messages, baseUrl: services.publicBaseUrl, assuranceListed }) };
}

/** The page for a token (what the default QR opens). Always 200 unless storage is down (503). */
export async function pageForToken(services: Services, token: string, messages: Messages): Promise<VerificationPage> {
  try {
    const [v] = await verifyBatchOnline(services, [token]);
    return await page(200, v!, messages, services);
  } catch (error) {
    return page(503, unavailable(services, error), messages, services);
  }
}

/** The page for a label id (what the compact QR opens); 404 with the "unknown" page when there is none. */
export async function pageForLabelId(services: Services, id: string, messages: Messages): Promise<VerificationPage> {
  try {
    const v = await verifyLabelId(services, id);
    return await page(v.status === 'unknown_label' ? 404 : 200, v, messages, services);
  } catch (error) {
    return page(503, unavailable(services, error), messages, services);
  }
}
