/** An error the CLI reports as one line, with its exit code. */
import { CarbonLabelError } from '../shared/errors/errors.ts';

export class CliError extends CarbonLabelError {
  /** `cli_usage` for a command line the CLI does not understand (exit 2), else `cli_failed`. */
  readonly code: 'cli_usage' | 'cli_failed';

  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.code = exitCode === 2 ? 'cli_usage' : 'cli_failed';
  }
}
