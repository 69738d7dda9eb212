// `pnpm start`: build what is missing or stale, then run the server (embedded PostgreSQL unless
// DATABASE_URL is set; demo seeded on an empty database; H5 served at /; WeChat in mock mode).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildTargets, ROOT } from './lib.mjs';

await buildTargets(['shared', 'server', 'h5']);
const env = { ...process.env, DATA_DIR: process.env.DATA_DIR ?? path.join(ROOT, '.data') };
const server = spawn(process.execPath, ['server/dist/main.js'], { cwd: ROOT, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
