/**
 * `carbon-label labels …`: an issuer's own labels. Issue one (`issue FILE.json`) or a whole batch
 * (`issue --batch FILE.jsonl`, `issue --csv FILE.csv`), list, show, revoke, and download the QR
 * code and label art. Human output by default, `--json` everywhere; exit codes in `LABELS_USAGE`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliError } from '../cli-error.ts';
import { serviceUrl } from '../http-client.ts';
import { flushStdout, printable, progressStream, stdoutIsTerminal, terminalText, writeBinary, writeErr, writeOut } from '../terminal-text.ts';
import { CSV_COLUMNS, LIST_SEPARATOR } from '../batch/csv-columns.ts';
import { csvTemplate } from '../batch/csv-template.ts';
import { createProgress } from '../batch/progress.ts';
import { defaultResultsPath } from '../batch/results.ts';
import { runBatch, type BatchSummary } from '../batch/run-batch.ts';
import { describeProblem, EXIT, LabelsApi, ProblemError } from '../labels/labels-api.ts';
import { jsonText, labelText, listLine } from '../labels/print.ts';
import { reissueCompromised } from '../labels/reissue.ts';
import { EFFECTIVE_STATUSES, type EffectiveStatus } from '../../shared/label/effective-status.ts';

export const LABELS_USAGE = `carbon-label labels <command>   (an issuer's labels; needs --api-key KEY or $CARBON_LABEL_API_KEY)

Commands:
  issue FILE.json [--idempotency-key KEY]   issue one label from a request (FILE "-" reads stdin)
  issue --batch FILE.jsonl                  issue one label per line of a JSON Lines file
  issue --csv FILE.csv                      issue one label per CSV record (columns: labels csv-template)
      --concurrency N       requests in flight at once (1-64, default 8)
      --results FILE        one JSON line per input line: {line, id, token, verifyUrl} or {line, problem}
                            (default: FILE.results.jsonl beside the input). Resumable: run the same
                            command again and lines with a label are skipped; the others are sent
                            again with the same Idempotency-Key, so no line gets two labels
      --art-dir DIR         also write each label's art as DIR/line-0001.svg, ... (--lang en|zh-CN)
      --quiet               no progress bar or progress lines
  list [--status STATE]     every label of the issuer, newest first (all pages), with its effective
                            state: active, revoked, expired, not_yet_valid or key_compromised (what a
                            verifier concludes now); --status keeps only labels in that state
  show ID                   one label: status, product, footprint, links (and how to replace it
                            when its signing key was compromised)
  revoke ID --reason TEXT [--superseded-by ID]
  reissue --status key_compromised
                            issue again every active label of the issuer signed by a compromised key
                            (same request, new id, under the current key) and revoke each old one as
                            superseded by its new one; safe to run again (derived Idempotency-Keys)
  qr ID -o FILE [--mode full|compact] [--format png|svg] [--size PX]   download the QR code
  art ID -o FILE [--lang en|zh-CN] [--mode full|compact]                download the label art (SVG)
                            (-o - writes to stdout, unless stdout is a terminal)
  csv-template [-o FILE] [--header-only]    the CSV header with one example row

Options:
  --api-key KEY   issuer API key (default: $CARBON_LABEL_API_KEY); issue, list, revoke and reissue need it
  --url URL       service base URL (default: $CARBON_LABEL_URL, else the server in $DATA_DIR/server.json,
                  else http://localhost:3000)
  --json          print JSON (a batch prints its summary as JSON)
  -h, --help      this help

Exit codes:
  0    done; for a batch: every line has a label
  1    the service refused (the problem is printed); for a batch: one or more lines have a problem
       (listed on stderr and in the results file), or the API key was refused; for reissue: one or
       more labels could not be re-issued or revoked (listed on stderr; run it again)
  2    usage: unknown command or flag, missing argument, unreadable input, unusable CSV header
  3    the service could not be reached or kept failing; a batch stopped early (run it again to resume)
  130  interrupted (Ctrl-C); a batch stopped early (run it again to resume)
`;

const OPTIONS = {
  'api-key': { type: 'string' },
  url: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  batch: { type: 'string' },
  csv: { type: 'string' },
  concurrency: { type: 'string' },
  results: { type: 'string' },
  'art-dir': { type: 'string' },
  lang: { type: 'string' },
  mode: { type: 'string' },
  format: { type: 'string' },
  size: { type: 'string' },
  output: { type: 'string', short: 'o' },
  reason: { type: 'string' },
  status: { type: 'string' },
  'superseded-by': { type: 'string' },
  'idempotency-key': { type: 'string' },
  'header-only': { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const usage = (message: string) => new CliError(`${message}\n(see "carbon-label labels --help")`, EXIT.usage);

function oneOf(name: string, value: string | undefined, allowed: readonly string[], fallback: string): string {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) throw usage(`--${name} takes ${allowed.join(' or ')}`);
  return value;
}

function parseConcurrency(value: string | undefined): number {
  if (value === undefined) return 8;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw usage('--concurrency takes a whole number from 1 to 64');
  return n;
}

/** Writes downloaded bytes to FILE, or to stdout for "-" (never to a terminal). */
function writeOutput(target: string | undefined, bytes: Buffer, what: string): void {
  if (!target) throw usage(`labels ${what} needs -o FILE (or -o - for stdout)`);
  if (target === '-') {
    if (stdoutIsTerminal()) throw usage('will not write an image to a terminal; use -o FILE or redirect stdout');
    writeBinary(bytes);
    return;
  }
  try {
    writeFileSync(target, bytes);
  } catch (cause) {
    throw new CliError(`cannot write ${target}: ${(cause as Error).message}`, EXIT.usage);
  }
}

function readRequestFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (cause) {
    throw new CliError(`cannot read ${path}: ${(cause as Error).message}`, EXIT.usage);
  }
  try {
    JSON.parse(text);
  } catch (cause) {
    throw new CliError(`${path} is not JSON: ${(cause as Error).message}`, EXIT.usage);
  }
  return text;
}

/** Runs `labels …` with the arguments after `labels`. */
export async function labelsCommand(argv: string[]): Promise<number> {
  try {
    return await runLabelsCommand(argv);
  } finally {
    await flushStdout();
  }
}

async function runLabelsCommand(argv: string[]): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [action, id, ...extra] = positionals;
  if (values.help || action === undefined) {
    writeOut(LABELS_USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const api = new LabelsApi({ baseUrl: serviceUrl(values.url), apiKey: values['api-key'] || process.env.CARBON_LABEL_API_KEY || undefined });
  const json = values.json;
  const print = (value: unknown, text: string) => (json ? writeOut(`${jsonText(value)}\n`) : writeOut(text));
  const needId = (what: string) => {
    if (!id) throw usage(`labels ${what} needs a label id`);
    if (extra.length) throw usage(`labels ${what} takes one label id`);
    return id;
  };
  try {
    switch (action) {
      case 'issue':
        return await issue(api, values, id, extra, print);
      case 'list': {
        if (id) throw usage('labels list takes no argument');
        const status = values.status === undefined ? undefined : (oneOf('status', values.status, EFFECTIVE_STATUSES, '') as EffectiveStatus);
        const labels = await api.listAll({ status });
        const what = status ? ` ${status}` : '';
        print(
          labels,
          labels.length ? `${labels.map(listLine).join('\n')}\n${labels.length}${what} label${labels.length === 1 ? '' : 's'}\n` : `no${what} labels\n`,
        );
        return EXIT.ok;
      }
      case 'reissue': {
        if (id) throw usage('labels reissue takes no argument');
        if (values.status !== 'key_compromised') throw usage('labels reissue needs --status key_compromised (the only state it replaces)');
        if (!api.hasApiKey) throw usage('labels reissue needs an issuer API key: --api-key KEY or $CARBON_LABEL_API_KEY');
        const summary = await reissueCompromised(api);
        const lines = [
          ...summary.reissued.map((r) => `${r.from} -> ${r.to}${r.replayed ? ' (issued by an earlier run)' : ''}`),
          ...summary.skipped.map((s) => `${s.id} skipped: ${s.reason}`),
          `re-issued ${summary.reissued.length} label${summary.reissued.length === 1 ? '' : 's'} signed by a compromised key; ${summary.skipped.length} skipped, ${summary.problems.length} with a problem`,
        ];
        print(summary, terminalText(`${lines.join('\n')}\n`));
        if (summary.problems.length) {
          writeErr(
            `${summary.problems
              .map((p) => `${p.id}: ${p.step === 'revoke' ? `re-issued as ${p.newId ?? '?'} but not revoked` : 'not re-issued'}: ${describeProblem(p.problem)}`)
              .join('\n')}\nrun the same command again once the cause is fixed\n`,
          );
          return EXIT.refused;
        }
        return EXIT.ok;
      }
      case 'show': {
        const label = await api.get(needId('show'));
        print(label, labelText(label));
        return EXIT.ok;
      }
      case 'revoke': {
        const labelId = needId('revoke');
        if (!values.reason?.trim()) throw usage('labels revoke needs --reason TEXT');
        const label = await api.revoke(labelId, values.reason, values['superseded-by']);
        print(label, `Label revoked: ${printable(label.id)}\n${labelText(label)}`);
        return EXIT.ok;
      }
      case 'qr': {
        const labelId = needId('qr');
        const format = oneOf('format', values.format, ['png', 'svg'], 'png') as 'png' | 'svg';
        const mode = oneOf('mode', values.mode, ['full', 'compact'], 'full');
        if (!values.output) throw usage('labels qr needs -o FILE (or -o - for stdout)');
        const { bytes, contentType } = await api.download(labelId, `qr.${format}`, { mode, ...(values.size ? { size: values.size } : {}) });
        writeOutput(values.output, bytes, 'qr');
        if (values.output !== '-')
          print(
            { file: values.output, bytes: bytes.length, contentType },
            `wrote ${values.output} (${mode} QR code, ${format.toUpperCase()}, ${bytes.length} bytes)\n`,
          );
        return EXIT.ok;
      }
      case 'art': {
        const labelId = needId('art');
        const lang = oneOf('lang', values.lang, ['en', 'zh-CN'], 'en');
        const mode = oneOf('mode', values.mode, ['full', 'compact'], 'full');
        if (!values.output) throw usage('labels art needs -o FILE (or -o - for stdout)');
        const { bytes, contentType } = await api.download(labelId, 'label.svg', { lang, mode });
        writeOutput(values.output, bytes, 'art');
        if (values.output !== '-')
          print({ file: values.output, bytes: bytes.length, contentType }, `wrote ${values.output} (label art, ${lang}, ${bytes.length} bytes)\n`);
        return EXIT.ok;
      }
      case 'csv-template': {
        if (id) throw usage('labels csv-template takes no argument');
        const text = csvTemplate(values['header-only']);
        if (values.output && values.output !== '-') {
          writeOutput(values.output, Buffer.from(text), 'csv-template');
          if (json) print({ file: values.output, columns: CSV_COLUMNS }, '');
          else writeErr(`wrote ${values.output}: ${CSV_COLUMNS.length} columns; list cells separate items with "${LIST_SEPARATOR}"\n`);
        } else if (json) {
          print({ columns: CSV_COLUMNS, listSeparator: LIST_SEPARATOR, template: text }, '');
        } else {
          writeOut(text);
        }
        return EXIT.ok;
      }
      default:
        throw usage(`unknown labels command "${action}"`);
    }
  } catch (error) {
    if (error instanceof ProblemError && json) writeOut(`${jsonText({ problem: error.problem })}\n`);
    throw error;
  }
}

async function issue(
  api: LabelsApi,
  values: Values,
  file: string | undefined,
  extra: string[],
  print: (value: unknown, text: string) => void,
): Promise<number> {
  const batch = values.batch ?? values.csv;
  if (values.batch !== undefined && values.csv !== undefined) throw usage('labels issue takes --batch or --csv, not both');
  if (batch !== undefined) {
    if (file !== undefined) throw usage('labels issue --batch/--csv takes no other file');
    return issueBatch(api, values, batch, values.csv !== undefined ? 'csv' : 'jsonl');
  }
  if (!file || extra.length) throw usage('labels issue needs one request file (FILE.json), or --batch FILE.jsonl, or --csv FILE.csv');
  const outcome = await api.issue(readRequestFile(file), values['idempotency-key']);
  if ('problem' in outcome) throw new ProblemError(outcome.problem);
  print(
    outcome.label,
    `${outcome.replayed ? 'Label already issued for this Idempotency-Key' : 'Label issued'}: ${printable(outcome.label.id)}\n${labelText(outcome.label)}`,
  );
  return EXIT.ok;
}

async function issueBatch(api: LabelsApi, values: Values, input: string, format: 'jsonl' | 'csv'): Promise<number> {
  const concurrency = parseConcurrency(values.concurrency);
  const artLang = values['art-dir'] ? oneOf('lang', values.lang, ['en', 'zh-CN'], 'en') : undefined;
  if (!api.hasApiKey) throw usage('labels issue needs an issuer API key: --api-key KEY or $CARBON_LABEL_API_KEY');
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    writeErr('\nstopping: finishing requests in flight (Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  let summary: BatchSummary;
  try {
    summary = await runBatch({
      inputPath: input,
      format,
      api,
      concurrency,
      resultsPath: values.results ?? defaultResultsPath(input),
      artDir: values['art-dir'],
      artLang,
      progress: createProgress(progressStream(), { quiet: values.quiet }),
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
  printBatchSummary(summary, input, values.json);
  if (summary.stopped) return summary.stopped.exitCode;
  return summary.problems.length || summary.artFailures.length ? EXIT.refused : EXIT.ok;
}

const MAX_PROBLEMS_SHOWN = 50;

function printBatchSummary(s: BatchSummary, input: string, json: boolean): void {
  if (json) {
    writeOut(
      `${jsonText({
        input,
        lines: s.lines,
        labels: s.labels,
        issued: s.issued,
        alreadyDone: s.alreadyDone,
        problems: s.problems.length,
        results: s.resultsPath,
        ...(s.artDir ? { artDir: s.artDir, artWritten: s.artWritten, artFailures: s.artFailures } : {}),
        seconds: Number(s.seconds.toFixed(3)),
        labelsPerSecond: Number(s.labelsPerSecond.toFixed(1)),
        ...(s.stopped ? { stopped: s.stopped } : {}),
        problemLines: s.problems,
      })}\n`,
    );
  } else {
    const out: string[] = [
      `${input}: ${s.lines} lines, ${s.labels} with a label${s.alreadyDone ? ` (${s.alreadyDone} from an earlier run)` : ''}, ${s.problems.length} with a problem`,
      `  results: ${s.resultsPath}`,
    ];
    if (s.artDir) out.push(`  art: ${s.artWritten} SVG files written to ${s.artDir}${s.artFailures.length ? `, ${s.artFailures.length} failed` : ''}`);
    out.push(`  issued ${s.issued} labels in ${s.seconds.toFixed(1)} s (${s.labelsPerSecond.toFixed(1)} labels/s)`);
    writeOut(`${out.join('\n')}\n`);
  }
  const err: string[] = s.problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `line ${p.line}: ${describeProblem(p.problem)}`);
  if (s.problems.length > MAX_PROBLEMS_SHOWN) err.push(`… and ${s.problems.length - MAX_PROBLEMS_SHOWN} more problems in ${s.resultsPath}`);
  for (const f of s.artFailures.slice(0, MAX_PROBLEMS_SHOWN)) err.push(`line ${f.line}: art not written: ${printable(f.message)}`);
  if (s.stopped) err.push(`stopped before the end: ${printable(s.stopped.message)}`);
  if (err.length) writeErr(`${err.join('\n')}\n`);
}
