import type { InputError } from '../engine/errors';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export { todayIso } from '../engine/dates';

/** A mistake in how the command was called: exit code 2, with the command's usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `--flag=value` and `--flag value` alike; unknown flags and stray words are usage errors. */
export function parseFlags<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(
      error instanceof Error ? error.message.replace(/^TypeError \[\w+\]: /, '') : String(error),
    );
  }
}

export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${flag} is required.`);
  return value;
}

/** YYYY-MM-DD naming a real calendar day. */
export function parseIsoDate(value: string, flag: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const date = match ? new Date(`${match[0]}T00:00:00Z`) : undefined;
  if (
    !match ||
    !date ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== match[0]
  ) {
    throw new UsageError(`--${flag} must be a real date written YYYY-MM-DD (got "${value}").`);
  }
  return match[0];
}

export function parsePositiveInt(
  value: string,
  flag: string,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`--${flag} must be a whole number from 1 to ${max} (got "${value}").`);
  }
  return Number(value);
}

/**
 * What the CLI prints after an input error: its hint, and for a file whose bad lines can be
 * skipped, how (the web app offers a button instead).
 */
export function inputErrorHint(error: InputError): string {
  const skip = error.skippable
    ? 'To process the rest anyway, run again with --skip-bad-rows: skipped lines are listed in rejected_rows.csv.'
    : '';
  return [error.hint ?? '', skip].filter(Boolean).join(' ');
}
