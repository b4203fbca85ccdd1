/** Human-facing routes: QR codes, printable label art and the verification pages (issue #4). */
import { NotFoundError } from '../../shared/errors/errors.ts';
import { LABEL_ID_PATTERN } from '../../shared/ids.ts';
import type { StoredLabel } from '../../shared/label/record.ts';
import { renderLabelArt } from '../../shared/render/label-art/label-art.ts';
import { labelArtState } from '../../shared/render/label-art/label-art-state.ts';
import { LabelArtQuerySchema } from '../../shared/render/label-art/label-art-query.ts';
import type { Services } from '../../shared/app/services.ts';
import { DEFAULT_LANGUAGE, languageByTag } from '../../shared/render/i18n/languages.ts';
import { HOME_CSP, renderHomePage, VerifyFormQuerySchema } from '../../shared/render/pages/home-page.ts';
import { IMAGE_CSP, PAGE_CSP } from '../../shared/render/pages/page-style.ts';
import { pagePathFor } from '../../shared/label/label-urls.ts';
import { chooseLanguage, pageForLabelId, pageForToken, type VerificationPage } from '../../shared/render/pages/verification-page.ts';
import { QR_ERROR_CORRECTION, qrContent } from '../../shared/qr/qr-content.ts';
import { QrQuerySchema } from '../../shared/qr/qr-query.ts';
import { qrImages } from '../../shared/qr/qr-images.ts';
import { parseInput } from '../../shared/validation/parse-input.ts';
import type { ApiEvent, ApiResult } from '../http/api-event.ts';
import type { RouteHandlers } from '../http/dispatch.ts';
import { header, pathParameter } from '../http/request.ts';
import { BASE_HEADERS } from '../http/responses.ts';

/** A label's QR codes never change (the token is fixed at issuance), so caches may keep them. */
const QR_CACHE = 'public, max-age=86400';

async function labelOr404(event: ApiEvent, services: Services): Promise<StoredLabel> {
  const id = pathParameter(event, 'id');
  const label = LABEL_ID_PATTERN.test(id) ? await services.store.getLabel(id) : undefined;
  if (!label) throw new NotFoundError(`label ${id} not found`);
  return label;
}

function svg(body: string, cacheControl: string): ApiResult {
  return {
    statusCode: 200,
    headers: { ...BASE_HEADERS, 'content-type': 'image/svg+xml; charset=utf-8', 'content-security-policy': IMAGE_CSP, 'cache-control': cacheControl },
    body,
  };
}

function html(page: VerificationPage): ApiResult {
  return {
    statusCode: page.statusCode,
    headers: {
      ...BASE_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': PAGE_CSP,
      'content-language': page.messages.lang,
      // The verdict can change at any moment (revocation), and the page depends on the language.
      'cache-control': 'no-store',
      vary: 'Accept-Language',
    },
    body: page.html,
  };
}

/** Handlers of the `pages` group: images and HTML, each a thin shell over `shared/qr`, `shared/label-art` and `shared/pages`. */
export const pagesRoutes: RouteHandlers<'pages'> = {
  'GET /labels/{id}/qr.svg': async (event, services) => {
    const query = parseInput(QrQuerySchema, event.queryStringParameters ?? {}, 'query');
    const label = await labelOr404(event, services);
    const text = qrContent(services.publicBaseUrl, { id: label.record.id, token: label.token }, query.mode);
    return svg(await qrImages.svg(text, QR_ERROR_CORRECTION[query.mode], query.size), QR_CACHE);
  },

  'GET /labels/{id}/qr.png': async (event, services) => {
    const query = parseInput(QrQuerySchema, event.queryStringParameters ?? {}, 'query');
    const label = await labelOr404(event, services);
    const text = qrContent(services.publicBaseUrl, { id: label.record.id, token: label.token }, query.mode);
    // Cached per content and scale, at most QR_PNG_MAX_WIDTH wide: unauthenticated CPU stays bounded.
    const png = await qrImages.png(text, QR_ERROR_CORRECTION[query.mode], query.size);
    return {
      statusCode: 200,
      headers: { ...BASE_HEADERS, 'content-type': 'image/png', 'cache-control': QR_CACHE },
      body: png.toString('base64'),
      isBase64Encoded: true,
    };
  },

  'GET /labels/{id}/label.svg': async (event, services) => {
    const query = parseInput(LabelArtQuerySchema, event.queryStringParameters ?? {}, 'query');
    const label = await labelOr404(event, services);
    // The art prints the label's state (revoked, expired, key compromised…), which can change
    // at any moment, so caches must revalidate.
    const state = await labelArtState(services, label);
    return svg(
      await renderLabelArt({ label, state, baseUrl: services.publicBaseUrl, mode: query.mode, messages: languageByTag(query.lang) ?? DEFAULT_LANGUAGE }),
      'no-cache',
    );
  },

  'GET /': async () => ({
    statusCode: 200,
    headers: {
      ...BASE_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': HOME_CSP,
      'content-language': 'en',
      'cache-control': 'public, max-age=300',
    },
    body: renderHomePage(),
  }),

  'GET /v': async (event) => {
    const query = VerifyFormQuerySchema.safeParse(event.queryStringParameters ?? {});
    // Where to is computed from the pasted text alone: a path on this origin, never an open redirect.
    return { statusCode: 303, headers: { ...BASE_HEADERS, location: pagePathFor(query.data?.code ?? ''), 'cache-control': 'no-store' } };
  },

  'GET /v/{token}': async (event, services) => {
    const messages = chooseLanguage(event.queryStringParameters, header(event, 'accept-language'));
    return html(await pageForToken(services, pathParameter(event, 'token'), messages));
  },

  'GET /l/{id}': async (event, services) => {
    const messages = chooseLanguage(event.queryStringParameters, header(event, 'accept-language'));
    return html(await pageForLabelId(services, pathParameter(event, 'id'), messages));
  },
};
