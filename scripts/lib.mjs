// Small helpers shared by the build, start and test scripts (plain Node, no dependencies).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** pnpm as it runs us (npx pnpm@x sets npm_execpath), else the one on PATH. */
export function pnpmCommand(args) {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm\.(c?js|mjs)$/.test(execPath)) return [process.execPath, [execPath, ...args]];
  return ['pnpm', args];
}

/** Runs a command; with `quiet` its output is kept back and shown only if it fails. */
export function run(cmd, args, { quiet = false, ...options } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', ...options });
    let output = '';
    if (quiet) {
      child.stdout.on('data', (c) => (output += c));
      child.stderr.on('data', (c) => (output += c));
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      if (quiet) process.stderr.write(output);
      reject(new Error(`${cmd} ${args.join(' ')} failed (${code ?? signal})`));
    });
  });
}

/** Newest modification time of the files under the given paths (recursively), skipping dist and node_modules. */
export function newestMtime(paths) {
  let newest = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const entry of readdirSync(p)) if (entry !== 'node_modules' && entry !== 'dist' && entry !== '.swc') walk(path.join(p, entry));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) walk(path.resolve(ROOT, p));
  return newest;
}

function outputTime(file) {
  const p = path.resolve(ROOT, file);
  return existsSync(p) ? statSync(p).mtimeMs : 0;
}

/** The build steps, each with its inputs and a stamp file that exists only after a successful build. */
export const TARGETS = {
  shared: { inputs: ['shared/src', 'shared/package.json', 'shared/tsconfig.json', 'shared/tsconfig.build.json'], stamp: 'shared/dist/index.js', cmd: ['--filter', '@linli/shared', 'run', 'build'] },
  server: { inputs: ['server/src', 'server/package.json', 'server/tsconfig.json', 'server/tsconfig.build.json', 'shared/src'], stamp: 'server/dist/main.js', cmd: ['--filter', '@linli/server', 'run', 'build'] },
  h5: { inputs: ['miniapp/src', 'miniapp/config', 'miniapp/types', 'miniapp/.env', 'miniapp/package.json', 'miniapp/babel.config.js', 'miniapp/tsconfig.json', 'shared/src'], stamp: 'miniapp/dist/h5/index.html', cmd: ['--filter', '@linli/miniapp', 'run', 'build:h5'] },
  weapp: { inputs: ['miniapp/src', 'miniapp/config', 'miniapp/types', 'miniapp/.env', 'miniapp/package.json', 'miniapp/babel.config.js', 'miniapp/tsconfig.json', 'miniapp/project.config.json', 'shared/src'], stamp: 'miniapp/dist/weapp/app.json', cmd: ['--filter', '@linli/miniapp', 'run', 'build:weapp'] },
};

export function isStale(name) {
  const t = TARGETS[name];
  return outputTime(t.stamp) < newestMtime(t.inputs);
}

/** Builds the named targets whose inputs changed since their last build (or all with force). */
export async function buildTargets(names, { force = false, quiet = false, log = console.log } = {}) {
  for (const name of names) {
    if (!force && !isStale(name)) {
      log(`[build] ${name}: up to date`);
      continue;
    }
    const t0 = Date.now();
    log(`[build] ${name}: building…`);
    await run(...pnpmCommand(TARGETS[name].cmd), { quiet });
    log(`[build] ${name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}
