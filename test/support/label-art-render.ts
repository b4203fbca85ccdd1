/**
 * Checks on printed label art that look at it the way a printer and a scanner do: the text sizes
 * in millimetres, the art rasterised by librsvg (`rsvg-convert`), QR codes read by zbar
 * (`zbarimg`), and the quiet zone measured in the pixels of a rendering. Both tools are Debian
 * packages (librsvg2-bin, zbar-tools) that CI installs.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

/** What the art's SVG says about its own geometry. */
export interface ArtGeometry {
  /** The art's width in millimetres (its `width` attribute). */
  readonly widthMm: number;
  /** The viewBox, in SVG units. */
  readonly viewBox: { readonly width: number; readonly height: number };
  /** Millimetres per SVG unit. */
  readonly mmPerUnit: number;
  /** The embedded QR symbol's box in SVG units, and its modules per side without the quiet zone. */
  readonly qr: { readonly x: number; readonly y: number; readonly size: number; readonly modules: number };
}

/** Reads the art's size and where its QR sits (the nested `<svg>` the art embeds). */
export function artGeometry(svg: string): ArtGeometry {
  const root = /^<svg [^>]*width="([\d.]+)mm" height="([\d.]+)mm" viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  if (!root) throw new Error('the art has no root <svg> with a width in mm and a viewBox');
  const nested = /<svg x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  if (!nested) throw new Error('the art embeds no QR <svg>');
  const widthMm = Number(root[1]);
  const viewBox = { width: Number(root[3]), height: Number(root[4]) };
  return {
    widthMm,
    viewBox,
    mmPerUnit: widthMm / viewBox.width,
    // The QR's viewBox includes the 4-module quiet zone on each side.
    qr: { x: Number(nested[1]), y: Number(nested[2]), size: Number(nested[3]), modules: Number(nested[5]) - 8 },
  };
}

/** Every `<text>` element: its content (entities decoded) and font size in millimetres. */
export function textSizesMm(svg: string): { text: string; mm: number }[] {
  const { mmPerUnit } = artGeometry(svg);
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map((m) => {
    const size = /font-size="([\d.]+)"/.exec(m[1]!);
    if (!size) throw new Error(`text without a font size: ${m[0]}`);
    return { text: decodeEntities(m[2]!), mm: Number(size[1]) * mmPerUnit };
  });
}

/** The text content of every `<text>` element, entities decoded. */
export function artTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decodeEntities(m[1]!));
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function run(command: string, args: string[], input?: Buffer | string): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr: stderr.toString('utf8') });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** The art rasterised by librsvg at `widthPx` pixels wide. */
export async function rasteriseWithRsvg(svg: string, widthPx: number): Promise<Buffer> {
  const { code, stdout, stderr } = await run('rsvg-convert', ['--format', 'png', '--width', String(widthPx), '--keep-aspect-ratio'], svg);
  if (code !== 0) throw new Error(`rsvg-convert failed (${code}): ${stderr}`);
  return stdout;
}

/** The QR codes zbar reads in a PNG file (`zbarimg --raw -q`), one string per symbol. */
export async function zbarDecode(pngPath: string): Promise<string[]> {
  const { code, stdout, stderr } = await run('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', pngPath]);
  // zbarimg exits 4 when it finds no symbol.
  if (code === 4) return [];
  if (code !== 0) throw new Error(`zbarimg failed (${code}): ${stderr}`);
  return stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '');
}

/** Writes `png` to `path` and returns what zbar reads in it. */
export async function zbarDecodeBuffer(png: Buffer, path: string): Promise<string[]> {
  writeFileSync(path, png);
  return zbarDecode(path);
}

/** The quiet zone actually left around a QR symbol in a rendering, in modules per side. */
export interface MeasuredQuietZone {
  readonly modulePx: number;
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
  /** The smallest of the four. */
  readonly min: number;
}

/**
 * Measures the light margin around the QR symbol in a rendering of the art. `area` is where the
 * QR's own `<svg>` lies, in pixels; the symbol is the dark pixels near where that `<svg>` draws
 * it, and its width over `modules` gives the module size. Each side's margin runs from the symbol's edge to the nearest
 * pixel that is not near-white (text, a rule, the frame, the header band, the image's edge),
 * searched across the symbol's extent widened by 4 modules, so corners count too.
 */
export function measureQuietZone(png: Buffer, area: { x: number; y: number; size: number }, modules: number): MeasuredQuietZone {
  const image = PNG.sync.read(png);
  const { width, height, data } = image;
  const at = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    const alpha = data[i + 3]! / 255;
    // Composite on white (transparent pixels are paper).
    const channel = (c: number) => data[i + c]! * alpha + 255 * (1 - alpha);
    return [channel(0), channel(1), channel(2)] as const;
  };
  const dark = (x: number, y: number) => {
    const [r, g, b] = at(x, y);
    return 0.299 * r + 0.587 * g + 0.114 * b < 128;
  };
  const ink = (x: number, y: number) => Math.min(...at(x, y)) < 200;

  // Where the symbol is, from dark pixels: searched half a module around the place the QR's own
  // viewBox puts it (4 modules in), so ink that intrudes on the quiet zone is not taken for the
  // symbol and still counts against the margin.
  const nominal = area.size / (modules + 8);
  const x0 = Math.max(0, Math.floor(area.x + 3.5 * nominal));
  const y0 = Math.max(0, Math.floor(area.y + 3.5 * nominal));
  const x1 = Math.min(width - 1, Math.ceil(area.x + area.size - 3.5 * nominal));
  const y1 = Math.min(height - 1, Math.ceil(area.y + area.size - 3.5 * nominal));
  let left = Infinity;
  let right = -Infinity;
  let top = Infinity;
  let bottom = -Infinity;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!dark(x, y)) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  if (left === Infinity) throw new Error('no QR symbol in the QR area');
  const modulePx = (right - left + 1) / modules;
  const reach = Math.ceil(4 * modulePx);
  const cols = [Math.max(0, left - reach), Math.min(width - 1, right + reach)] as const;
  const rows = [Math.max(0, top - reach), Math.min(height - 1, bottom + reach)] as const;

  /**
   * Light pixels from the symbol's edge to the first ink (or the image's edge), stepping outward.
   * The first pixel out is the symbol's own anti-aliased edge: it counts as light, never as ink.
   */
  const margin = (start: number, step: -1 | 1, limit: number, probe: (line: number) => boolean) => {
    let line = start + 2 * step;
    while (line >= 0 && line < limit && !probe(line)) line += step;
    return Math.abs(line - start) - 1;
  };
  const rowHasInk = (y: number) => {
    for (let x = cols[0]; x <= cols[1]; x++) if (ink(x, y)) return true;
    return false;
  };
  const colHasInk = (x: number) => {
    for (let y = rows[0]; y <= rows[1]; y++) if (ink(x, y)) return true;
    return false;
  };
  const inModules = (px: number) => px / modulePx;
  const sides = {
    top: inModules(margin(top, -1, height, rowHasInk)),
    bottom: inModules(margin(bottom, 1, height, rowHasInk)),
    left: inModules(margin(left, -1, width, colHasInk)),
    right: inModules(margin(right, 1, width, colHasInk)),
  };
  return { modulePx, ...sides, min: Math.min(sides.top, sides.bottom, sides.left, sides.right) };
}
