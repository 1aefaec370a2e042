// ESLint flat config: typescript-eslint with type information, so that promise mistakes
// (a forgotten `await`) are caught. Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'models/**', 'coverage/**', '.tailor-data/**', 'data/**', 'reports/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain JS config files run in Node.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // The dashboard (bundled for the browser by scripts/build-admin-ui.ts).
    files: ['src/admin-ui/web/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'fetch',
          'sessionStorage',
          'URL',
          'Blob',
          'FormData',
          'AbortController',
          'ResizeObserver',
          'setTimeout',
          'clearTimeout',
          'Intl',
        ].map((g) => [g, 'readonly']),
      ),
    },
  },
);
