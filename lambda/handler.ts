/**
 * PLACEHOLDER written by the CDK helper (issue 5) so that the stack can bundle a handler before
 * the real one lands. The Lambda helper replaces this file entirely.
 */
export const handler = async (): Promise<void> => {
  throw new Error('lambda/handler.ts is a placeholder: the real handler has not landed yet');
};
