/** Reading QR codes from photos: rendered by `qrcode`, distorted by our own pixel code, read by jsQR. */
import { describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../../local/keys/local-key-signer.ts';
import { signLabelToken } from '../../../shared/tokens/label-token.ts';
import { claimsFor } from '../../../shared/label/claims.ts';
import { buildLabelRecord, recordDigest } from '../../../shared/label/record.ts';
import { createLabelRequestSchema } from '../../../shared/label/request-schema.ts';
import { imageKind, QrImageError, readQrFromImage } from '../../../cli/qr-image.ts';
import { validFixture } from '../../support/fixtures.ts';
import { qrPhoto } from '../../support/qr-photo.ts';

// A real verify URL: a label token signed exactly as the service signs one.
const signer = LocalKeySigner.generate();
const issuedAt = new Date('2026-11-29T03:00:00Z');
const request = createLabelRequestSchema(() => issuedAt).parse(validFixture('steel-hot-rolled-coil'));
const record = buildLabelRecord({ id: 'abcdefghjkmnpqrs', issuer: { id: 'org_0123456789ab', name: 'Acme Steel' }, request, issuedAt, defaultValidityDays: 365 });
const token = await signLabelToken(claimsFor(record, recordDigest(record)), signer);
const verifyUrl = `https://labels.example.com/v/${token}`;

describe('readQrFromImage', () => {
  it.each([
    ['PNG, straight, clean', { modulePixels: 4, rotateDegrees: 0, noise: 0, format: 'png' as const }],
    ['PNG, 1.5× scaled, rotated 7°, noisy', { modulePixels: 6, rotateDegrees: 7, noise: 25, format: 'png' as const, seed: 7 }],
    ['JPEG q70, 5.3 px/module, rotated -9°, noisy', { modulePixels: 5.3, rotateDegrees: -9, noise: 20, format: 'jpeg' as const, jpegQuality: 70, seed: 3 }],
    ['JPEG q60, rotated 5°, very noisy', { modulePixels: 7, rotateDegrees: 5, noise: 40, format: 'jpeg' as const, jpegQuality: 60, seed: 11 }],
  ])('%s', (_name, options) => {
    const image = qrPhoto(verifyUrl, options);
    expect(imageKind(image)).toBe(options.format);
    expect(readQrFromImage(image)).toBe(verifyUrl);
  });

  it('says so when there is no QR code, or the file is not an image', () => {
    const blank = qrPhoto('x', { modulePixels: 0.01, rotateDegrees: 0, noise: 10, format: 'png' });
    expect(() => readQrFromImage(blank)).toThrow(QrImageError);
    expect(() => readQrFromImage(Buffer.from('GIF89a not supported'))).toThrow('not a PNG or JPEG');
    expect(() => readQrFromImage(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toThrow(/cannot be decoded/);
  });
});
