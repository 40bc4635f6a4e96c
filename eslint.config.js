import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/storybook-static/**',
      '**/coverage/**',
      '**/reports/**',
      '**/playwright-report/**',
      '**/test-results/**',
      '**/mockServiceWorker.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Hooks live in .ts files too (packages/react/src/useChat.ts…).
    files: ['**/*.tsx', 'packages/react/**/*.ts', 'packages/ui/**/*.ts', 'apps/*/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['**/*.tsx'],
    plugins: { 'jsx-a11y': jsxA11y },
    rules: jsxA11y.flatConfigs.recommended.rules,
  },
  {
    // The core must stay framework-free (a test checks it at runtime too).
    files: ['packages/core/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // `zustand` itself is its React entry; `zustand/vanilla` is allowed.
          paths: ['zustand'],
          patterns: [
            'react',
            'react-dom',
            'react/*',
            '@tanstack/*',
            'zustand/react',
            'zustand/react/*',
            'zustand/middleware',
            'zustand/shallow',
          ],
        },
      ],
    },
  },
  prettier,
)
