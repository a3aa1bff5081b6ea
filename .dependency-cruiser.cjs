/**
 * The import direction of DESIGN.md ("One engine, many procedures"), checked by `npm run lint`:
 * machines/ → nothing of src/ or workflows/; workflows/ → machines/ and the engine's public types;
 * src/engine → no other src/ folder, no machine, no workflow; only the catalogue loads workflows/.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'machines-are-free-standing',
      comment: 'Machines are pure statecharts: they import nothing of the service or the catalogue.',
      severity: 'error',
      from: { path: '^machines/' },
      to: { path: '^(src|workflows|test|web)/' },
    },
    {
      name: 'workflows-see-the-engine-contract-only',
      comment: "Workflows import machines/ and the engine's public contract, nothing else of src/.",
      severity: 'error',
      from: { path: '^workflows/', pathNot: '\\.spec\\.ts$' },
      to: {
        path: '^src/',
        pathNot:
          '^src/engine/(workflow\\.types|event\\.types|rule\\.types|report\\.types|index\\.types|document\\.types|payload-variants|payload-fields)\\.ts$',
      },
    },
    {
      name: 'engine-at-the-bottom',
      comment: 'src/engine imports no other src/ folder, and never a machine or a workflow directly.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^(src/(?!engine/)|machines/|workflows/|test/)' },
    },
    {
      name: 'only-the-catalogue-loads-workflows',
      comment: 'src/ finds procedures through the catalogue module, never by importing one.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/catalogue/catalogue\\.ts$' },
      to: { path: '^(workflows|machines)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(src|machines|workflows)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist|web)/' },
  },
};
