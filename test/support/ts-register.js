/**
 * Loads TypeScript in the tests' child processes (the service, the worker, the scripts they run):
 * `node -r ./test/support/ts-register.js file.ts`.
 *
 * It compiles each file as `ts-node/register/transpile-only` does, with TypeScript's transpileModule
 * and tsconfig.json's options (no type check: `npm run typecheck` does that), but keeps each file's
 * output on disk, keyed by the compiler's version, its options, the file's path and its content. A
 * test run starts the service some 150 times; with ts-node each start compiled the ~360 files of
 * src/, machines/ and workflows/ again (5 to 7 s of a 2-core machine's time per start), here only the
 * first start does. Stack traces point into the .ts files (inline source maps).
 *
 * WENZE_TS_CACHE_DIR sets the cache's directory (default: <os tmpdir>/wenze-ts-cache).
 */
'use strict';

const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = process.env.WENZE_TS_CACHE_DIR || path.join(os.tmpdir(), 'wenze-ts-cache');

function compilerOptions() {
  const file = path.join(ROOT, 'tsconfig.json');
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT, undefined, file);
  // As ts-node sets them: JavaScript with the source map inline, nothing else written.
  return {
    ...options,
    sourceMap: false,
    inlineSourceMap: true,
    inlineSources: true,
    declaration: false,
    declarationMap: false,
    noEmit: false,
    emitDeclarationOnly: false,
  };
}

const options = compilerOptions();
const optionsKey = createHash('sha256')
  .update(`${ts.version}\0${JSON.stringify(options)}`)
  .digest('hex');

function compile(source, fileName) {
  const key = createHash('sha256').update(`${optionsKey}\0${fileName}\0${source}`).digest('hex');
  const cached = path.join(CACHE, key.slice(0, 2), `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not compiled yet
  }
  const out = ts.transpileModule(source, { compilerOptions: options, fileName, reportDiagnostics: true });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const text = ts.formatDiagnostics(errors, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => ROOT,
      getNewLine: () => '\n',
    });
    throw new SyntaxError(`${fileName}: ${text}`);
  }
  // Written to a file of its own, then renamed: processes starting side by side never read half a file.
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  const partial = `${cached}.${process.pid}.tmp`;
  fs.writeFileSync(partial, out.outputText);
  fs.renameSync(partial, cached);
  return out.outputText;
}

process.setSourceMapsEnabled(true);

const load = (module, fileName) => {
  if (fileName.split(path.sep).includes('node_modules')) {
    throw new Error(`ts-register: will not compile ${fileName} (a package's TypeScript source)`);
  }
  module._compile(compile(fs.readFileSync(fileName, 'utf8'), fileName), fileName);
};
require.extensions['.ts'] = load;
