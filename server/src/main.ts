import 'reflect-metadata';
import { ConfigError, loadConfig } from './common/config/config.js';
import { createLogger } from './common/logging/logger.js';
import { startRuntime } from './common/runtime.js';
import { DEMO_ACCOUNTS } from './seed/demo.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`\nLinli server: ${err.message}\n\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config);
  const t0 = Date.now();
  const runtime = await startRuntime(config, logger);
  try {
    await runtime.app.listen(config.port, config.host);
  } catch (err) {
    await runtime.close().catch(() => undefined);
    throw err;
  }
  const bound = runtime.app.getHttpServer().address();
  const port = typeof bound === 'object' && bound ? bound.port : config.port;
  const address = `${config.host}:${port}`;
  const base = `http://localhost:${port}`;
  logger.info({ address, startupMs: Date.now() - t0, wechat: config.wechat.mode, database: config.databaseUrl ? 'external' : 'embedded' }, 'Linli server listening');

  if (config.env !== 'production') {
    const lines = [
      '',
      `  Linli is running:   ${base}/            (H5 mini-program)`,
      `  API:                ${base}/api/v1      docs: ${base}/api/docs`,
      `  Health:             ${base}/health`,
      `  WeChat:             ${config.wechat.mode} mode${config.wechat.mode === 'mock' ? ' — log in as a demo account with the code mock:<openid>' : ''}`,
      '',
      '  Demo accounts:',
      ...DEMO_ACCOUNTS.map((a) => `    ${a.openid.padEnd(20)} ${a.name}  ${a.who}`),
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    runtime
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`Linli server failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
