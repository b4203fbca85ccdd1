/**
 * What the `labels` commands print. Every string that came from the service goes through
 * `printable` (human output) or is escaped inside JSON (`--json`), so label content cannot drive
 * the terminal.
 */
import type { LabelResource } from '../../shared/label/label-resource.ts';
import { printable, safeJson, safeJsonLine } from '../terminal-text.ts';

/** `value` as JSON text (pretty unless `compact`) with every terminal control character escaped; same data. */
export function jsonText(value: unknown, compact = false): string {
  return compact ? safeJsonLine(value) : safeJson(value);
}

/** The headline figure of a label: `2010.4 kgCO2e per 1000 kilogram`. */
export function footprintLine(label: LabelResource): string {
  const fp = label.record.footprint;
  return `${fp.pcfExcludingBiogenicUptake} kgCO2e per ${fp.declaredUnitAmount} ${fp.declaredUnitOfMeasurement} (${fp.boundary}, ${fp.geographyCountry})`;
}

/** The effective state; a service older than `effectiveStatus` sends only the stored `status`. */
export function effectiveStatus(label: LabelResource): string {
  return (label as Partial<LabelResource>).effectiveStatus ?? label.status;
}

/** One line of `labels list`: the effective state, as a verifier would see the label now. */
export function listLine(label: LabelResource): string {
  return printable(`${label.id}  ${effectiveStatus(label).padEnd(15)}  ${label.issuedAt.slice(0, 10)}  ${label.record.product.name}`);
}

/** The human view of one label (`labels show`, `labels issue`, `labels revoke`). */
export function labelText(label: LabelResource): string {
  const rows: [string, string][] = [
    ['id', label.id],
    ['status', effectiveStatus(label) === label.status ? label.status : `${effectiveStatus(label)} (stored: ${label.status})`],
    ['product', label.record.product.name],
    ['product ids', label.record.product.ids.join(', ')],
    ['footprint', footprintLine(label)],
    ['issuer', `${label.issuer.name} (${label.issuer.id})`],
    ['issued', label.issuedAt],
    ['valid until', label.validUntil],
  ];
  if (label.revocation) {
    rows.push(['revoked', label.revocation.revokedAt], ['reason', label.revocation.reason]);
    if (label.revocation.supersededBy) rows.push(['superseded by', label.revocation.supersededBy]);
  }
  if (label.reissue) rows.push(['reissue', `${label.reissue.reason} Run: ${label.reissue.command}`]);
  rows.push(['verify page', label.verifyUrl], ['compact link', label.compactUrl], ['signing key', label.kid]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${printable(v)}`).join('\n') + '\n';
}
