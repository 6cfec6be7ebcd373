import type { Progress } from '../engine/progress';

/** Where the CLI talks: results on stdout, progress and warnings on stderr. */
export interface Reporter {
  out(line: string): void;
  warn(line: string): void;
  /** Plain diagnostics on stderr (--verbose). */
  note(line: string): void;
  progressStart(label: string, quiet: boolean): void;
  progress(progress: Progress): void;
  progressEnd(): void;
}

export function consoleReporter(): Reporter {
  let quiet = false;
  let last = '';
  let name = '';
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    warn: (line) => process.stderr.write(`Warning: ${line}\n`),
    note: (line) => process.stderr.write(`${line}\n`),
    progressStart(label, beQuiet) {
      quiet = beQuiet;
      name = label;
      last = '';
    },
    progress(p) {
      if (quiet || !p.label) return;
      const line = `${name}: [${String(Math.round(p.fraction * 100)).padStart(3)}%] ${p.label}`;
      if (line !== last) process.stderr.write(`${line}\n`);
      last = line;
    },
    progressEnd() {
      last = '';
    },
  };
}
