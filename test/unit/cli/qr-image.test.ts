/** Reading QR codes from photos: rendered by `qrcode`, distorted by our own pixel code, read by jsQR. */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalKeySigner } from '../../../local/keys/local-key-signer.ts';
import { signLabelToken } from '../../../shared/tokens/label-token.ts';
import { claimsFor } from '../../../shared/label/claims.ts';
import { buildLabelRecord, recordDigest } from '../../../shared/label/record.ts';
import { createLabelRequestSchema } from '../../../shared/label/request-schema.ts';
import { decodeImage, declaredDimensions, imageKind, MAX_IMAGE_PIXELS, QrImageError, readQrFromImage } from '../../../cli/qr-image.ts';
import { craftedJpeg, craftedPng } from '../../support/crafted-images.ts';
import { validFixture } from '../../support/fixtures.ts';
import { qrPhoto } from '../../support/qr-photo.ts';

// A real verify URL: a label token signed exactly as the service signs one.
const signer = LocalKeySigner.generate();
const issuedAt = new Date('2026-11-29T03:00:00Z');
const request = createLabelRequestSchema(() => issuedAt).parse(validFixture('steel-hot-rolled-coil'));
const record = buildLabelRecord({
  id: 'abcdefghjkmnpqrs',
  issuer: { id: 'org_0123456789ab', name: 'Acme Steel' },
  request,
  issuedAt,
  defaultValidityDays: 365,
});
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

describe('image dimensions are checked from the header, before decoding', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads width and height from a PNG IHDR and a JPEG SOF (after other segments, progressive too)', () => {
    expect(declaredDimensions(craftedPng(100_000, 70_000))).toEqual({ width: 100_000, height: 70_000 });
    expect(declaredDimensions(craftedJpeg(65_535, 40_000))).toEqual({ width: 65_535, height: 40_000 });
    expect(declaredDimensions(craftedJpeg(640, 480, 0xc2))).toEqual({ width: 640, height: 480 });
    const photo = qrPhoto('x', { modulePixels: 3, rotateDegrees: 0, noise: 0, format: 'jpeg' });
    expect(declaredDimensions(photo)).toEqual({ width: decodeImage(photo).width, height: decodeImage(photo).height });
  });

  it.each([
    ['PNG', craftedPng(100_000, 100_000), '100000 × 100000'],
    ['PNG just over the cap', craftedPng(10_000, 5_001), '10000 × 5001'],
    ['JPEG', craftedJpeg(65_535, 65_535), '65535 × 65535'],
  ])('a small %s declaring huge dimensions is refused without being decoded', (_name, bytes, dims) => {
    expect(bytes.length).toBeLessThan(32 * 1024);
    const png = vi.spyOn(PNG.sync, 'read').mockImplementation(() => {
      throw new Error('the PNG decoder ran');
    });
    const jpg = vi.spyOn(jpeg, 'decode').mockImplementation(() => {
      throw new Error('the JPEG decoder ran');
    });
    let error: unknown;
    try {
      readQrFromImage(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QrImageError);
    expect((error as QrImageError).code).toBe('unreadable_qr_image');
    expect((error as Error).message).toBe(`the image is too large: its header declares ${dims} pixels; the limit is ${MAX_IMAGE_PIXELS / 1e6} megapixels`);
    expect(png).not.toHaveBeenCalled();
    expect(jpg).not.toHaveBeenCalled();
  });

  it('an image at the cap is decoded; a header without dimensions is refused as undecodable', () => {
    const png = vi.spyOn(PNG.sync, 'read').mockImplementation(() => {
      throw new Error('decoded');
    });
    expect(() => decodeImage(craftedPng(10_000, 5_000))).toThrow(/cannot be decoded: decoded/);
    expect(png).toHaveBeenCalledTimes(1);
    expect(() => decodeImage(craftedPng(0, 10))).toThrow(/cannot be decoded: its header declares 0 × 10 pixels/);
    expect(() => decodeImage(craftedJpeg(10, 0))).toThrow(/cannot be decoded: its header declares 10 × 0 pixels/);
    expect(() => decodeImage(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 8]))).toThrow(/cannot be decoded: no frame header/);
  });
});
