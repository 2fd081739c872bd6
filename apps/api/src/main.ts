import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { reindexFolder } from './app/catalog/reindex';
import { ConfigError, loadAppConfig } from './app/config/load-app-config';
import { createApp } from './app/create-app';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadAppConfig({ env: process.env, cwd: process.cwd() });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`camrec: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (process.argv[2] === 'reindex') {
    process.stdout.write(`camrec: ${await reindexFolder(config)}\n`);
    return;
  }
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const scheme = config.tls_cert ? 'https' : 'http';
  new Logger('main').log(`Camera Recorder is running: open ${scheme}://${config.host}:${port}/`);
}

void bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `camrec: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
