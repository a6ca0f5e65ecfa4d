// Lint configuration: typescript-eslint's recommended rules, formatting left to prettier.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const NO_MODELS = {
  paths: [
    {
      name: 'mongoose',
      importNames: ['model', 'Schema', 'default'],
      message: 'Models live in src/domain; call a domain function.',
    },
  ],
  patterns: [
    {
      group: ['**/domain/models/*'],
      importNamePattern: 'Model$',
      message: 'Models live in src/domain; call a domain function.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules', '.data', '**/dist', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/domain/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'error' } },
  // The API reference's script and the console app run in the browser.
  {
    files: ['src/adapters/http/console/**/*.js', 'console/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Storage belongs to the domain: doors and jobs call domain functions, never a mongoose model.
    files: ['src/bot/**/*.ts', 'src/adapters/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: NO_MODELS.paths, patterns: NO_MODELS.patterns }] },
  },
  {
    // Jobs speak through the notice port, never in the chat's words: no import from src/bot.
    files: ['src/jobs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NO_MODELS.paths,
          patterns: [
            ...NO_MODELS.patterns,
            {
              group: ['**/bot/**'],
              message: 'Jobs tell people through NoticeService events (domain/notifications).',
            },
          ],
        },
      ],
    },
  },
);
