import { parseArgs } from 'node:util';
import { validateConfig } from '../config/config.validate';
import { catalogueRoleIds, loadCatalogue } from '../catalogue/catalogue';
import { checkLifetime } from './token-claims';
import { signToken } from './token.service';

/** npm run token -- --sub alice --roles <role>,<role> [--unit county] [--name "Alice"] [--expires 8h] (at most AUTH_MAX_TOKEN_AGE) */
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
  if (!config.AUTH_ACCEPT_HS256) throw new Error('HS256 tokens are turned off (AUTH_ACCEPT_HS256=false)');
  const key = new TextEncoder().encode(config.AUTH_JWT_SECRET);
  const claims = { sub: values.sub, name: values.name, roles, unit: values.unit };
  const token = await signToken(key, claims, values.expires!);
  // The service would refuse a token that lives longer than AUTH_MAX_TOKEN_AGE: say so now.
  const payload: Record<string, unknown> = JSON.parse(
    Buffer.from(token.split('.')[1], 'base64url').toString(),
  );
  try {
    checkLifetime(payload, config.AUTH_MAX_TOKEN_AGE, Date.now() / 1000);
  } catch (error) {
    throw new Error(`--expires ${values.expires}: ${(error as Error).message}`, { cause: error });
  }
  process.stdout.write(`${token}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
