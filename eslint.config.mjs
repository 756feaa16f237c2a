import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node's own modules, with and without the `node:` prefix. */
const NODE_MODULES = ['node:*', ...builtinModules, ...builtinModules.map((name) => `${name}/*`)];
const AWS_SDK = ['@aws-sdk/*', '@smithy/*', '@aws-lambda-powertools/*'];
const CDK = ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag'];

/**
 * The layers (docs/engine.md, docs/diagnosis.md): the policy engine is pure computation, so it runs
 * the same in the Lambda, the CLI and the tests; the diagnosis reads evidence only through the
 * Evidence interface, never the live readers nor the SDK; the CDK stack (lib/) builds from the
 * catalogues, not from the diagnosis.
 */
export const LAYER_RULES = [
  {
    files: ['lambda/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...NODE_MODULES, ...AWS_SDK, ...CDK],
              message: 'the engine imports no SDK, CDK or Node module: it is pure computation (docs/engine.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lambda/diagnosis/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/evidence/live', '**/evidence/live/*', ...AWS_SDK],
              message:
                'the diagnosis reads evidence through the Evidence interface, never the live readers or the SDK.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/lambda/diagnosis', '**/lambda/diagnosis/*', '**/lambda/diagnosis/**'],
              message:
                'the stack builds from the catalogues (lambda/job-kinds.ts, lambda/config.ts), not from the diagnosis.',
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'cdk.out/**', 'node_modules/**', 'coverage/**', '*.js', '*.mjs', '**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...LAYER_RULES,
);
