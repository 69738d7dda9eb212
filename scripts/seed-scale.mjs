// `pnpm seed:scale`: a whole district at the article's size, in its own embedded PostgreSQL under
// .data/scale (or DATABASE_URL). Flags pass through: --reset empties it first, --factor=0.1 makes a tenth.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildTargets, ROOT } from './lib.mjs';

await buildTargets(['shared', 'server']);
const env = { ...process.env, DATA_DIR: process.env.SCALE_DATA_DIR ?? path.join(ROOT, '.data/scale'), NODE_OPTIONS: '--max-old-space-size=4096' };
const child = spawn(process.execPath, ['server/dist/cli/seed-scale.js', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', env });
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
