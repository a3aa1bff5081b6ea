/**
 * `npm run migration:run`: applies pending migrations to the configured store (DATABASE_URL, else
 * the SQLite file at DATABASE_PATH) and says which ran. The service also migrates at start; this is
 * for deployments that migrate before rolling out new processes.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateConfig } from '../config/config.validate';
import { dataSourceOptions } from '../engine/persistence/data-source.options';

async function main(): Promise<void> {
  const config = validateConfig(process.env);
  const store = new DataSource({ ...dataSourceOptions(config), migrationsRun: false });
  await store.initialize();
  try {
    const ran = await store.runMigrations({ transaction: 'each' });
    const where = config.DATABASE_URL ? 'PostgreSQL' : `SQLite ${config.DATABASE_PATH}`;
    console.log(
      ran.length ? `Applied to ${where}: ${ran.map((m) => m.name).join(', ')}` : `${where} is up to date`,
    );
  } finally {
    await store.destroy();
  }
}

main().catch((error: Error) => {
  console.error(`Migration failed: ${error.message}`);
  process.exit(1);
});
