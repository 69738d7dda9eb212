// `pnpm build`: shared, server, and the mini-program for WeChat and H5. `--force` rebuilds all.
import { buildTargets } from './lib.mjs';

const force = process.argv.includes('--force');
await buildTargets(['shared', 'server', 'weapp', 'h5'], { force });
