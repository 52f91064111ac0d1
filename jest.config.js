// ESM set-up: NestJS 12 is ESM-only, so Jest runs under --experimental-vm-modules with ts-jest in
// ESM mode, and the `.js` endings of relative imports map back to the `.ts` sources.
// CI runs on a shared, noisy machine, so nothing here may hang: every test and hook has a
// ceiling (testTimeout), a file that leaves a child process or a listening server behind
// fails (the leak-guard environment), and Jest exits when the last file is done (forceExit)
// instead of waiting on a stray handle.
export default {
  testEnvironment: '<rootDir>/test/support/leak-guard-environment.mjs',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.medium-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
  // The medium tests' databases: named per run, dropped at its end (test/medium/support.ts).
  globalSetup: '<rootDir>/test/medium/global-setup.mjs',
  globalTeardown: '<rootDir>/test/medium/global-teardown.mjs',
  forceExit: true,
};
