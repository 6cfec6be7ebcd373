// Runs before `npm start` and `npm test` (no dependencies of its own): installs the locked
// dependencies when node_modules is missing or older than package-lock.json, so the README's two
// commands work on a fresh machine. `npm install` rather than `npm ci`: npm leaves other
// platforms' optional DuckDB binaries out of the lock file (npm/cli#4828, #8320), which makes
// `npm ci` refuse the lock; `npm install` keeps every locked version and fills in the rest.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const installed = 'node_modules/.package-lock.json';
const stale =
  !existsSync(installed) || statSync(installed).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  console.log('Installing dependencies...');
  execSync('npm install --no-audit --no-fund', { stdio: 'inherit' });
}
