// ESLint (flat config) for the service, its tests, the benches and the client demo.
// Formatting is Prettier's job (`npm run format:check`); these rules catch bugs and guard the
// module boundaries of ARCHITECTURE.md.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// The journey reads top-down; a module never imports one that sits above it. The composition
// root (main.ts, app.*, database/, health/) sits on top of all of them.
const LAYERS = [
  ['config'],
  ['common'],
  ['audit'],
  ['auth'],
  ['registry', 'matters', 'signalling'],
  ['booking'],
  ['session'],
  ['certificate', 'stats'],
];
const layerZones = LAYERS.flatMap((mods, i) => [
  ...mods.map((mod) => ({
    target: `./src/${mod}`,
    from: LAYERS.slice(i + 1)
      .flat()
      .map((m) => `./src/${m}`)
      .concat(['./src/database', './src/health', './src/app.module.ts', './src/app.factory.ts']),
    // An HTTP edge (controller) below auth still declares who may call it.
    except: ['./auth.decorators.ts', './actor.ts'],
    message: `${mod} sits below it in the journey (config → common → audit → auth → registry/matters/signalling → booking → session → certificate/stats)`,
  })),
  // Peers on one layer stay independent of one another.
  ...mods.map((mod) => ({
    target: `./src/${mod}`,
    from: mods.filter((m) => m !== mod).map((m) => `./src/${m}`),
    message: `${mod} and its peers on one layer are independent`,
  })),
]).filter((z) => z.from.length > 0);

export default tseslint.config(
  { ignores: ['dist/**', 'client-demo/dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Unused names are noise, except the `_`-prefixed ones kept for a signature's shape.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(only|skip)$/][callee.object.name=/^(it|test|describe)$/]',
          message: 'no focused or skipped tests',
        },
      ],
      // The service refuses control characters in input on purpose: those regexes name them.
      'no-control-regex': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Rules that need types: a promise nobody awaits loses its error (an unhandled rejection
    // kills the process), and a switch over a union must say what happens to every member.
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['client-demo/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    // A handler says what it answers, so the compiler holds the service's result to the response
    // DTO the OpenAPI document (and the generated client types) promise.
    files: ['src/**/*.controller.ts'],
    rules: { '@typescript-eslint/explicit-function-return-type': ['error', { allowExpressions: true }] },
  },
  {
    // Without the TypeScript parser registered for .ts files, import-x cannot read the modules it
    // resolves and no-cycle silently follows nothing; a planted two-file cycle must fail lint.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['./tsconfig.json', './client-demo/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      // Type-only imports are not followed (they vanish at run time): keep those acyclic by hand.
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: ['src/**/*.ts', 'migrations/**/*.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: layerZones }] },
  },
  {
    // Command-line entry points are composition roots, like main.ts.
    files: ['src/**/*-cli.ts'],
    rules: { 'import-x/no-restricted-paths': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
);
