/**
 * Every signed token type we issue, in one list. The hostile-token corpus runs against each
 * entry, so a new type added here is attacked by every test in `test/security/` at once.
 */
import type { JwsType } from '../jws/compact-jws.ts';
import { LABEL_TOKEN } from './label-token.ts';
import { REVOCATION_LIST_TOKEN } from './revocation-list-token.ts';
import { STATUS_LIST_TOKEN } from './status-list-token.ts';
import { TRUST_LIST_TOKEN } from './trust-list-token.ts';

/** Every token type, by a short name. */
export const TOKEN_TYPES = {
  label: LABEL_TOKEN,
  revocationList: REVOCATION_LIST_TOKEN,
  trustList: TRUST_LIST_TOKEN,
  statusList: STATUS_LIST_TOKEN,
} as const satisfies Readonly<Record<string, JwsType<unknown>>>;

/** A token type's short name. */
export type TokenTypeName = keyof typeof TOKEN_TYPES;
