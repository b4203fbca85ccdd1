/**
 * What a label's QR codes encode, and how robustly. The URLs come from `label/label-urls.ts`, so
 * the QR, the issuance response, the verification page and every verifier can never disagree.
 */
import { compactUrl, fullVerifyUrl } from '../label/label-urls.ts';

/** The two QR codes a label has. */
export const QR_MODES = ['full', 'compact'] as const;

/**
 * `full`: `{base}/v/{token}`, the whole token, checkable offline. `compact`: `{base}/l/{id}`, for
 * small packaging, checkable online only.
 */
export type QrMode = (typeof QR_MODES)[number];

/** QR error-correction levels (share of codewords that may be lost: L 7 %, M 15 %, Q 25 %, H 30 %). */
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

/**
 * Error correction per mode, chosen from measurements (see the README and `npm run bench`).
 * The full QR carries about 800 characters: at Q it needs version 27–28 (125–129 modules), at M
 * version 22–24 (105–113). Printed at a fixed width, M's modules are about 15 % larger, which
 * helps a phone camera more than Q's extra recovery would. The compact QR is tiny at any level,
 * so it gets Q, the EU DCC's choice, for scuffed and curved small packaging.
 */
export const QR_ERROR_CORRECTION: Readonly<Record<QrMode, QrErrorCorrection>> = {
  full: 'M',
  compact: 'Q',
};

/** Quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4). */
export const QR_QUIET_ZONE = 4;

/** The URL a label's QR code encodes in the given mode. */
export function qrContent(baseUrl: string, label: { readonly id: string; readonly token: string }, mode: QrMode): string {
  return mode === 'full' ? fullVerifyUrl(baseUrl, label.token) : compactUrl(baseUrl, label.id);
}
