/**
 * The verification page's only style sheet, inline, and the Content-Security-Policy that admits
 * exactly it by hash: no script, no external anything, no framing.
 */
import { createHash } from 'node:crypto';

/**
 * Mobile first; system fonts only (nothing fetched). Colours meet WCAG AA contrast on their
 * backgrounds, and every verdict also differs in words and icon shape, never in colour alone.
 */
export const PAGE_STYLE = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1b1b1b;background:#f5f5f5}
header,main,footer{max-width:40rem;margin:0 auto;padding:0 1rem}
header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem;padding-top:.75rem;padding-bottom:.75rem}
.site{font-weight:600}
nav ul{list-style:none;display:flex;gap:.75rem;margin:0;padding:0}
a{color:#0b57d0}
a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
nav a[aria-current]{color:#1b1b1b;font-weight:600;text-decoration:none}
.verdict{display:flex;gap:1rem;align-items:flex-start;padding:1rem;border:4px solid;border-radius:.75rem;background:#fff}
.verdict svg{flex:none;width:3.5rem;height:3.5rem}
.verdict h1{margin:0;font-size:1.9rem;line-height:1.2}
.verdict p{margin:.35rem 0 0}
.verdict .code{font-size:.85rem;color:#444}
.ok{border-color:#137333;background:#e6f4ea}.ok h1,.ok svg{color:#0d5323}
.bad{border-color:#b3261e;background:#fce8e6;border-style:double;border-width:6px}.bad h1,.bad svg{color:#8c1d18}
.warn{border-color:#8a5a00;background:#fef7e0}.warn h1,.warn svg{color:#6b4500}
.unknown{border-color:#455a64;background:#eceff1;border-style:dashed}.unknown h1,.unknown svg{color:#37474f}
section{margin:1rem 0}
h2{font-size:1.15rem;margin:0 0 .5rem}
.box{background:#fff;border-radius:.75rem;padding:1rem;border:1px solid #d0d0d0}
.note{margin:0}
.unverified{border:2px dashed #8c1d18;background:#fff}
.unverified h2{color:#8c1d18}
.figure{font-size:1.6rem;font-weight:700;margin:0 0 .75rem;line-height:1.25}
.unverified .figure{font-weight:400;font-size:1.2rem}
dl{margin:0}
dl div{padding:.4rem 0;border-top:1px solid #e0e0e0}
dl div:first-child{border-top:0}
dt{font-size:.85rem;color:#444}
dd{margin:0;overflow-wrap:anywhere}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9rem}
form{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 .75rem}
form label{flex:1 0 100%;font-weight:600}
input{flex:1 1 16rem;min-width:0;font:inherit;padding:.5rem;border:2px solid #5f6368;border-radius:.4rem;background:#fff;color:#1b1b1b}
button{font:inherit;font-weight:600;padding:.5rem 1.25rem;border:0;border-radius:.4rem;background:#0b57d0;color:#fff}
input:focus-visible,button:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
footer{padding-bottom:2rem;font-size:.85rem;color:#444}
@media (min-width:40rem){dl div{display:grid;grid-template-columns:12rem 1fr;gap:1rem}}
`;

/** `sha256-…` source of {@link PAGE_STYLE}, computed once at load so it always matches. */
export const PAGE_STYLE_HASH = `sha256-${createHash('sha256').update(PAGE_STYLE, 'utf8').digest('base64')}`;

/** The page's Content-Security-Policy: its own style sheet, data: images, nothing else. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src '${PAGE_STYLE_HASH}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** CSP for the SVG images we serve: an SVG opened on its own may load and run nothing. */
export const IMAGE_CSP = "default-src 'none'; frame-ancestors 'none'";
