/**
 * `GET /`: what this service is, a field to paste a token or label URL into (a plain GET form to
 * `/v`, which redirects to the verification page), and where the API is described. English only;
 * no script, the same inline style sheet and CSP as the verification page but for the form's
 * own target ({@link HOME_CSP}).
 */
import * as z from 'zod';
import { escapeText as e } from '../escape.ts';
import { PAGE_CSP, PAGE_STYLE } from './page-style.ts';

/** The home page's CSP: {@link PAGE_CSP}, except that its form may submit to this origin. */
export const HOME_CSP = PAGE_CSP.replace("form-action 'none'", "form-action 'self'");

/** The form's query (`GET /v?code=…`). Lenient: anything unusable lands back on the home page. */
export const VerifyFormQuerySchema = z.object({
  code: z
    .string()
    .max(8192)
    .optional()
    .catch(undefined)
    .describe('What was pasted: a label token, a verify URL (…/v/{token}), a compact URL (…/l/{id}) or a label id'),
});

/** The main routes, as the page lists them for developers. */
const API_ROUTES: readonly (readonly [route: string, what: string])[] = [
  ['POST /verify', 'verify a token, a verify URL or a compact URL, or up to 100 of them at once; always a verdict'],
  ['GET /v/{token}, GET /l/{id}', 'the verification page a label’s QR code opens'],
  ['POST /labels', 'issue a signed label (issuers, with an API key)'],
  ['GET /labels/{id}', 'a label’s record, status and token'],
  ['GET /revocations, GET /.well-known/jwks.json', 'the signed revocation list and the public keys, for offline verification'],
];

/** Renders the home page. */
export function renderHomePage(): string {
  const routes = API_ROUTES.map(([route, what]) => `<div><dt class="mono">${e(route)}</dt><dd>${e(what)}</dd></div>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Carbon label check</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header><span class="site">Carbon label check</span></header>
<main>
<section class="box" aria-labelledby="about-h">
<h1 id="about-h">Check a product’s carbon label</h1>
<p>This service issues signed carbon labels: a product’s carbon footprint, signed by the issuer that stands behind it, printed as a QR code. Anyone can check a label here: whether it is genuine, current, revoked or expired.</p>
</section>
<section class="box" aria-labelledby="check-h">
<h2 id="check-h">Check a label</h2>
<form method="get" action="/v">
<label for="code">Label token, verify URL or label id</label>
<input id="code" name="code" type="text" required maxlength="8192" autocomplete="off" spellcheck="false" placeholder="https://…/v/eyJ… or https://…/l/…">
<button type="submit">Check</button>
</form>
<p class="note">Scan the label’s QR code with your phone’s camera to open its page directly.</p>
</section>
<section class="box" aria-labelledby="api-h">
<h2 id="api-h">For developers</h2>
<p>The whole API is described by its <a href="/openapi.json">OpenAPI 3.1 document</a> (<span class="mono">GET /openapi.json</span>): every route, its request and response schemas, and its error codes.</p>
<dl>${routes}</dl>
</section>
</main>
<footer><p>Every GET route also answers HEAD.</p></footer>
</body>
</html>
`;
}
