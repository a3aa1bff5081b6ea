// Exits with a clear message when a variable a script needs is not set.
const missing = process.argv.slice(2).filter((name) => !process.env[name]);
if (missing.length) {
  console.error(
    `${missing.join(', ')} must be set, e.g. WENZE_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/postgres`,
  );
  process.exit(2);
}
