import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'web/dist/',
      'data/',
      'coverage/',
      'test-results/',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // On SQLite every write shares one connection: a transaction of TypeORM's own beside the
    // TransactionRunner's fails ("cannot start a transaction within a transaction"), and save() opens one.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts', 'src/engine/persistence/transaction.runner.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction']",
          message: 'Write through the TransactionRunner (tx.run), not a transaction of its own.',
        },
        {
          selector: "CallExpression[callee.property.name='startTransaction']",
          message: 'Write through the TransactionRunner (tx.run), not a transaction of its own.',
        },
      ],
    },
  },
  {
    // the workbench (web/src/**/*.tsx): the rules of hooks
    files: ['web/**/*.{ts,tsx,mts}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
);
