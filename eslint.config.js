// The lint step of `npm test`: a short rule set, each rule a defect class the compiler
// does not catch. Type-aware (typescript-eslint's project service), so a promise nobody
// awaits is found across files.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.bench/', 'test-artifacts/', '.scratch/', 'data/'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its error and its ordering.
      '@typescript-eslint/no-floating-promises': 'error',
      // Dead code: unused variables, parameters and imports. A leading _ says "unused on purpose".
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Functions a reader can hold in mind.
      complexity: ['error', { max: 20 }],
      'max-depth': ['error', 4],
      // Lines a reader sees whole (prettier wraps code at 100; comments are wrapped by hand).
      // Strings, template literals (SQL, XML) and regular expressions may run longer: a
      // broken literal reads worse than a long line.
      'max-len': [
        'error',
        {
          code: 100,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
        },
      ],
    },
  },
);
