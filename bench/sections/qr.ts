/**
 * QR codes, label art and the verification page: the QR version and module count of every valid
 * fixture in both modes (with the other error-correction levels beside ours, the figures behind
 * the README's choice), and how long a PNG, an SVG, the label art and the page take to render.
 */
import { describeClaims, claimsFor } from '../../shared/label/claims.ts';
import { renderLabelArt } from '../../shared/render/label-art/label-art.ts';
import { en } from '../../shared/render/i18n/en.ts';
import { renderVerifyPage } from '../../shared/render/pages/verify-page.ts';
import { QR_ERROR_CORRECTION, QR_MODES, qrContent, type QrErrorCorrection } from '../../shared/qr/qr-content.ts';
import { qrSymbolInfo, renderQrPng, renderQrSvg } from '../../shared/qr/render-qr.ts';
import { verdict } from '../../shared/verification/verdict.ts';
import { VALID_FIXTURES } from '../../test/support/fixtures.ts';
import { benchKey, benchLabels } from '../lib/labels.ts';
import type { BenchRow, BenchSection } from '../section.ts';

/** A production-like public base URL (27 characters): QR sizes depend on it. */
const BASE_URL = 'https://labels.example.com';
const LEVELS: readonly QrErrorCorrection[] = ['L', 'M', 'Q', 'H'];

/** Median milliseconds per call of `fn` over `calls` calls (after one warm-up call). */
async function medianMs(calls: number, fn: () => unknown): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The QR section. */
export const qrSection: BenchSection = {
  name: 'qr',
  async run(context) {
    const labels = await benchLabels(benchKey(), VALID_FIXTURES.length, new Date());
    const rows: BenchRow[] = [];

    // Versions and module counts: every fixture, both modes.
    labels.forEach((label, i) => {
      const fixture = VALID_FIXTURES[i]!.name;
      for (const mode of QR_MODES) {
        const text = qrContent(BASE_URL, { id: label.record.id, token: label.token }, mode);
        const ours = qrSymbolInfo(text, QR_ERROR_CORRECTION[mode]);
        const others = LEVELS.map((level) => `${level} v${qrSymbolInfo(text, level).version}`).join(', ');
        rows.push({
          // The module count and level sit in the name so the printed table shows them too.
          name: `QR ${mode}: ${fixture} (${ours.modules}×${ours.modules}, EC ${ours.errorCorrection})`,
          value: ours.version,
          unit: 'version',
          note: `${ours.modules}×${ours.modules} modules at EC ${ours.errorCorrection}; ${text.length} characters; all levels: ${others}`,
        });
      }
    });

    // Render times (median of many; one core, sequential).
    const calls = context.quick ? 3 : 60;
    const sample = labels[labels.length - 1]!; // the steel coil: the longest token of the fixtures
    for (const mode of QR_MODES) {
      const text = qrContent(BASE_URL, { id: sample.record.id, token: sample.token }, mode);
      const ec = QR_ERROR_CORRECTION[mode];
      const png = await renderQrPng(text, ec);
      const svg = await renderQrSvg(text, ec);
      rows.push({
        name: `QR ${mode}: PNG render`,
        value: round(await medianMs(calls, () => renderQrPng(text, ec))),
        unit: 'ms',
        note: `default size (≤ 512 px), ${round(png.length / 1024, 1)} KB; median of ${calls}`,
      });
      rows.push({
        name: `QR ${mode}: SVG render`,
        value: round(await medianMs(calls, () => renderQrSvg(text, ec))),
        unit: 'ms',
        note: `${round(Buffer.byteLength(svg) / 1024, 1)} KB; median of ${calls}`,
      });
    }
    const art = await renderLabelArt({ label: sample, state: 'valid', baseUrl: BASE_URL });
    rows.push({
      name: 'label art (SVG) render',
      value: round(await medianMs(calls, () => renderLabelArt({ label: sample, state: 'valid', baseUrl: BASE_URL }))),
      unit: 'ms',
      note: `full QR inside; ${round(Buffer.byteLength(art) / 1024, 1)} KB; median of ${calls}`,
    });

    const v = verdict('valid', new Date(), {
      labelId: sample.record.id,
      kid: sample.kid,
      claim: describeClaims(claimsFor(sample.record, sample.digest)),
      statusSource: { kind: 'live' },
    });
    const page = renderVerifyPage({ verdict: v, messages: en, baseUrl: BASE_URL });
    const pageKb = Buffer.byteLength(page) / 1024;
    rows.push({
      name: 'verification page size',
      value: round(pageKb, 1),
      unit: 'KB',
      target: { description: '< 30 KB (HTML with inline CSS)', pass: pageKb < 30 },
      note: 'valid verdict, steel coil, English',
    });
    rows.push({
      name: 'verification page render',
      value: round(await medianMs(calls * 10, () => renderVerifyPage({ verdict: v, messages: en, baseUrl: BASE_URL })), 3),
      unit: 'ms',
      note: `HTML only (verification not included); median of ${calls * 10}`,
    });
    context.log(`qr: ${rows.length} rows`);
    return rows;
  },
};
