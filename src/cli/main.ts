import { InputError, RunCancelledError, describeUnexpected, loggableError } from '../engine/errors';
import { explainFileError } from '../engine/node/file-errors';
import { inputErrorHint, UsageError } from './args';
import { consoleReporter, type Reporter } from './reporter';

const USAGE = `Clearance: Prop 64 conviction relief, decided in SQL, on your own computer.

Usage: npm run cli -- <command> [flags]

Commands:
  run        decide relief for a DOJ research file and write the result files
  replay     reproduce a run from its manifest.json, byte for byte
  review     write a starting review file (the attorney's decisions) for a run
  forms      write the filing package for a run: its data files and court papers
  generate   write a synthetic DOJ research file (fabricated people)
  help       this text; "<command> --help" for a command's flags

Exit codes: 0 success, 1 the run failed (the message says why), 2 the command was
called wrongly.`;

interface Command {
  usage: string;
  run: (argv: string[], r: Reporter, s: AbortSignal) => Promise<number>;
}

// Each command's module is loaded only when it is the one asked for: the court papers' PDF and
// font code alone takes a second to load, which every run and every script would otherwise pay.
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => {
    const m = await import('./run-command');
    return { usage: m.RUN_USAGE, run: m.runCommand };
  },
  replay: async () => {
    const m = await import('./replay-command');
    return { usage: m.REPLAY_USAGE, run: m.replayCommand };
  },
  review: async () => {
    const m = await import('./review-command');
    return { usage: m.REVIEW_USAGE, run: (argv, r) => m.reviewCommand(argv, r) };
  },
  forms: async () => {
    const m = await import('./forms-command');
    return { usage: m.FORMS_USAGE, run: m.formsCommand };
  },
  generate: async () => {
    const m = await import('./generate-command');
    return { usage: m.GENERATE_USAGE, run: (argv, r) => m.generateCommand(argv, r) };
  },
};

export async function main(
  argv: string[],
  reporter: Reporter,
  signal: AbortSignal,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    reporter.out(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    reporter.warn(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  const command = await load();
  try {
    return await command.run(rest, reporter, signal);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`Error: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      const hint = inputErrorHint(error);
      process.stderr.write(`Error: ${error.message}\n${hint ? `${hint}\n` : ''}`);
      return 1;
    }
    if (error instanceof RunCancelledError) {
      process.stderr.write('Cancelled: no result files were written.\n');
      return 1;
    }
    // The disk is full, a folder cannot be written...: the system's reason, naming the path.
    const fileProblem = explainFileError(error);
    if (fileProblem !== undefined) {
      process.stderr.write(`Error: ${fileProblem}\nNo result files were written.\n`);
      return 1;
    }
    // Unexpected: say what kind of failure it was but never its text, which may quote a record.
    process.stderr.write(
      `Error: Clearance stopped unexpectedly (${describeUnexpected(error)}). No result files were written.\n` +
        'Set CLEARANCE_DEBUG=1 to print where in the code it arose.\n',
    );
    if (process.env.CLEARANCE_DEBUG) console.error(loggableError(error));
    return 1;
  }
}

const isEntryPoint =
  process.argv[1] !== undefined &&
  import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '');
if (isEntryPoint) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  main(process.argv.slice(2), consoleReporter(), controller.signal).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(describeUnexpected(error));
      process.exit(1);
    },
  );
}
