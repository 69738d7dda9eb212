/** One jest run over every package. `pnpm test` (scripts/test.mjs) provides the database and totals. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

// content-disposition is ESM-only but required by @fastify/static (CJS): Node 20 loads it natively,
// jest does not, so it is compiled to CommonJS for the test run.
const swcCjs = ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc, '/content-disposition/.+\\.js$': swcCjs },
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/)?content-disposition)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  // requests to real servers and image work (QR, PDF) take seconds under jest's module VM
  testTimeout: 30_000,
};

export default {
  projects: [
    { ...common, displayName: 'shared', rootDir: './shared', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'miniapp', rootDir: './miniapp', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'server', rootDir: './server', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e-api', rootDir: './e2e', testMatch: ['<rootDir>/api/**/*.e2e-spec.ts'] },
    { ...common, displayName: 'e2e-browser', rootDir: './e2e', testMatch: ['<rootDir>/browser/**/*.spec.ts'] },
  ],
};
