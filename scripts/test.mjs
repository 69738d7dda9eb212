// `pnpm test`: every suite (shared, server, e2e API, e2e browser) in one jest run, against a real
// PostgreSQL: the embedded one (a throwaway cluster) unless DATABASE_URL is set. The last line
// printed is the totals over all suites: `N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildTargets, ROOT, run } from './lib.mjs';

const args = process.argv.slice(2);
const ci = process.env.CI === 'true' || process.env.CI === '1';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const env = { ...process.env };

function totals(passed, failed, skipped) {
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
}

if (!existsSync(chromium)) {
  if (ci) {
    console.error(`\n[test] Chromium not found at ${chromium}: browser tests are required in CI. Install it (apt-get install -y chromium).\n`);
    totals(0, 1, 0);
    process.exit(1);
  }
  env.LINLI_SKIP_BROWSER = '1';
  console.warn('\n' + '!'.repeat(78));
  console.warn(`!! Chromium not found at ${chromium}: the BROWSER TESTS WILL BE SKIPPED.`);
  console.warn('!! Install it with: apt-get install -y chromium   (or set CHROMIUM_PATH)');
  console.warn('!'.repeat(78) + '\n');
}
env.CHROMIUM_PATH = chromium;
if (!env.LINLI_SKIP_BROWSER) {
  const fonts = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  if (!fonts.stdout?.trim()) console.warn('[test] no Chinese font found: screenshots in e2e/artifacts will show boxes (apt-get install -y fonts-wqy-microhei)');
}

await buildTargets(['shared', 'server', ...(env.LINLI_SKIP_BROWSER ? [] : ['h5'])], { quiet: true });

let embedded;
let tmpData;
if (process.env.DATABASE_URL) {
  env.LINLI_TEST_PG_URL = process.env.DATABASE_URL;
  console.log('[test] using the PostgreSQL at DATABASE_URL');
} else {
  const { startEmbeddedPostgres } = await import(pathToFileURL(path.join(ROOT, 'server/dist/common/database/embedded-postgres.js')).href);
  tmpData = mkdtempSync(path.join(os.tmpdir(), 'linli-test-pg-'));
  const t0 = Date.now();
  embedded = await startEmbeddedPostgres({ dataDir: tmpData, ephemeral: true });
  env.LINLI_TEST_PG_URL = embedded.url('postgres');
  console.log(`[test] embedded PostgreSQL 18 up on port ${embedded.port} in ${Date.now() - t0} ms`);
}
delete env.DATABASE_URL; // each test makes its own database

const resultsDir = path.join(ROOT, '.test-results');
mkdirSync(resultsDir, { recursive: true });
const resultsFile = path.join(resultsDir, 'jest.json');
rmSync(resultsFile, { force: true });

let jestFailed = false;
try {
  await run(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--json', `--outputFile=${resultsFile}`, '--maxWorkers=2', ...args], { env });
} catch {
  jestFailed = true;
} finally {
  await embedded?.stop();
  if (tmpData) rmSync(tmpData, { recursive: true, force: true });
}

if (!existsSync(resultsFile)) {
  console.error('[test] jest wrote no results');
  totals(0, 1, 0);
  process.exit(1);
}
const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
// a suite that could not run at all (syntax error, failed setup) counts as one failure
const brokenSuites = r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
const failed = r.numFailedTests + brokenSuites;
const skipped = r.numPendingTests + r.numTodoTests;
if (env.LINLI_SKIP_BROWSER) console.warn('\n[test] NOTE: browser tests were SKIPPED (no Chromium).');
totals(r.numPassedTests, failed, skipped);
process.exit(failed > 0 || jestFailed ? 1 : 0);
