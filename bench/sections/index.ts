/**
 * Every benchmark section, in the order `npm run bench` runs and prints them. Adding a section means
 * adding its file under `bench/sections/` and one import plus one entry here.
 */
import type { BenchSection } from '../section.ts';

/** The sections `bench/run.ts` runs, in order. */
export const SECTIONS: BenchSection[] = [];
