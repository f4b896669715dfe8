// Lint guardrails. Two matter most here:
//  - no floating promises anywhere: an unawaited write or Temporal call fails silently;
//  - workflows/ and domain/ are replayed or pure: no Node built-ins and no I/O packages there
//    (type-only imports are fine, they vanish at build time).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const NODE_BUILTINS = [
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];
const IO_PACKAGES = [
  'mongoose',
  'mongodb',
  'express',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@temporalio/testing',
];

const deterministic = (extra = []) => ({
  'no-restricted-imports': 'off',
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: [...NODE_BUILTINS, ...IO_PACKAGES].map((name) => ({
        name,
        message: 'workflows/ and domain/ must stay deterministic and free of I/O; do this in an activity or the API.',
        allowTypeImports: true,
      })),
      patterns: [{ group: ['node:*'], message: 'No Node built-ins in workflows/ or domain/.', allowTypeImports: true }, ...extra],
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'data/',
      'dist/',
      'coverage/',
      '.tools/',
      'test-output/',
      'console/dist/',
      'console/src/api/generated/',
      'test/replay/histories/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: deterministic([
      {
        group: ['**/models/*', '**/api/*', '**/api/**', '**/scripts/**'],
        message: 'Workflows reach the world through activities.',
        allowTypeImports: true,
      },
    ]),
  },
  {
    files: ['domain/**/*.ts'],
    rules: deterministic([
      {
        group: ['@temporalio/*', '**/models/*', '**/api/**', '**/activities/**', '**/workflows/**', '**/scripts/**'],
        message: 'domain/ is pure rules.',
        allowTypeImports: true,
      },
    ]),
  },
  {
    files: ['activities/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/api/*', '**/api/**'], message: 'Activities do not depend on the HTTP layer.' }] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Activities get their settings from createActivities deps (config.ts).' },
      ],
    },
  },
  {
    // The web console (console/, its own tsconfig): browser code with React hooks.
    files: ['console/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['scripts/**/*.ts', 'test/**/*.ts', 'api/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
