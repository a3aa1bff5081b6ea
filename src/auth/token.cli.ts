import { parseArgs } from 'node:util';
import { validateConfig } from '../config/app.config';
import { catalogueRoleIds, loadCatalogue } from '../catalogue/catalogue';
import { signToken } from './token.service';

/** npm run token -- --sub alice --roles <role>,<role> [--unit county] [--name "Alice"] [--expires 8h] */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      name: { type: 'string' },
      roles: { type: 'string' },
      unit: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
  });
  const known = catalogueRoleIds(loadCatalogue());
  const roles = (values.roles ?? '').split(',').filter(Boolean);
  const unknown = roles.filter((r) => !known.includes(r));
  if (!values.sub || roles.length === 0 || unknown.length) {
    process.stderr.write(
      `usage: npm run token -- --sub <user> --roles <${known.join('|')}>[,…] [--unit <unit code>] [--name <name>] [--expires 8h]\n` +
        (unknown.length ? `unknown roles: ${unknown.join(', ')}\n` : ''),
    );
    process.exit(2);
  }
  const config = validateConfig(process.env);
  const key = new TextEncoder().encode(config.AUTH_JWT_SECRET);
  process.stdout.write(
    `${await signToken(key, { sub: values.sub, name: values.name, roles, unit: values.unit }, values.expires!)}\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
