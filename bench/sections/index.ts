/**
 * Every benchmark section, in the order `npm run bench` runs and prints them. Adding a section means
 * adding its file under `bench/sections/` and one import plus one entry here.
 */
import type { BenchSection } from '../section.ts';
import { batchSection } from './batch.ts';
import { batchIssueSection } from './batch-issue.ts';
import { bundlesSection } from './bundles.ts';
import { httpIssueSection } from './http-issue.ts';
import { httpVerifySection } from './http-verify.ts';
import { memorySection } from './memory.ts';
import { qrSection } from './qr.ts';
import { signSection } from './sign.ts';
import { verifySection } from './verify.ts';

/**
 * The sections `bench/run.ts` runs, in order. Memory runs before the HTTP sections, so the load
 * generator's own buffers do not sit in this process's allocator while RSS is read.
 */
export const SECTIONS: BenchSection[] = [
  signSection,
  verifySection,
  memorySection,
  httpVerifySection,
  httpIssueSection,
  batchSection,
  batchIssueSection,
  qrSection,
  bundlesSection,
];
