import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      'no-console': 'off',
    },
  },
  {
    // Error codes are named through AppErrorCode (src-shared/contract/error-codes.ts), never spelled out: a typo
    // in a literal would make a code nobody translates or compares against. The storage node speaks JCS wire
    // codes (its own list); tests may spell codes out as what they expect to see.
    files: ['src-main/core/**/*.ts', 'src-main/headless/**/*.ts', 'src-main/app/**/*.ts', 'src-shared/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', 'src-shared/contract/error-codes.ts', 'src-shared/jcs/error-codes.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='AppError'][arguments.0.type='Literal']", message: 'Name the code through AppErrorCode.' },
        { selector: "Property[key.name=/^(code|error_code|errorCode)$/][value.type='Literal'][value.value=/^[A-Z][a-z]+[A-Za-z]*$/]", message: 'Name the code through AppErrorCode.' },
        { selector: "BinaryExpression[operator=/^[!=]==$/][right.type='Literal'][right.value=/^[A-Z][a-z]+[A-Za-z]*$/][left.property.name=/^(code|error_code|errorCode)$/]", message: 'Compare against AppErrorCode.' },
      ],
    },
  },
  {
    // The preload's API is the IPC transport's business (src-renderer/lib/transport): features ask `transport.host`.
    files: ['src-renderer/**/*.{ts,tsx}'],
    ignores: ['src-renderer/main.tsx', 'src-renderer/lib/transport/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'window', property: 'jcs', message: 'Ask the Transport what the host can do (useTransport().host).' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
