import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** The rule's options; `forTests` are the extra tags test files may depend on. */
function moduleBoundaries(forTests) {
  const allowed = ['type:lib', ...forTests];
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      depConstraints: [
        { sourceTag: 'type:service', onlyDependOnLibsWithTags: allowed },
        { sourceTag: 'type:lib', onlyDependOnLibsWithTags: allowed },
        { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: allowed },
        { sourceTag: 'type:test-support', onlyDependOnLibsWithTags: ['type:lib'] },
      ],
    },
  ];
}

export default [
  {
    ignores: ['**/node_modules/**', '**/dist/**', '.local/**', '.nx/**', 'libs/contracts/src/gen/**', 'tests/lint/fixtures/**'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A service imports libs only, never another service; libs never import services; test support
      // packages (type:test-support) only from tests, as the next block allows.
      '@nx/enforce-module-boundaries': moduleBoundaries([]),
    },
  },
  {
    // Tests may also use the test support packages (the simulated target systems); production code never.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(['type:test-support']) },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
