/**
 * The EC2 client module is loaded on first use (lambda/evidence/live/clients.ts): where the
 * runtime cannot provide it, the network evidence is unknown with the reason, and the rest of
 * the diagnosis goes on.
 */
jest.mock('@aws-sdk/client-ec2', () => {
  throw new Error("Cannot find module '@aws-sdk/client-ec2'");
});

import { liveEvidence, OWN, resetLiveCaches } from './helpers';

beforeEach(() => resetLiveCaches());

describe('without the EC2 client module', () => {
  it.each(['subnets', 'vpcEndpoints'] as const)(
    '%s are unknown, saying the client could not be loaded',
    async (read) => {
      const { evidence } = await liveEvidence();
      const answer = await evidence[read](OWN);
      expect(answer).toEqual({
        known: false,
        why: expect.stringContaining("Cannot find module '@aws-sdk/client-ec2'"),
      });
    },
  );
});
