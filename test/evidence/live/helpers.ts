/** Shared set-up of the live-evidence tests: fresh caches, AWS-shaped errors, a ready evidence. */
import { resetSessions } from '../../../lambda/evidence/live/accounts';
import { resetClients } from '../../../lambda/evidence/live/clients';
import { resetPolicyCache } from '../../../lambda/evidence/live/iam';
import {
  createLiveEvidence,
  type LiveEvidenceOptions,
  resetCallerAccounts,
} from '../../../lambda/evidence/live/live-evidence';

export const OWN = '111111111111';
export const OTHER = '222222222222';
export const REGION = 'us-east-1';

/** An error as the SDK throws it: `name` is AWS's error code. */
export function awsError(name: string, message = `${name} message`, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode, attempts: 3 } });
}

export function resetLiveCaches(): void {
  resetClients();
  resetSessions();
  resetPolicyCache();
  resetCallerAccounts();
}

export function liveEvidence(options: LiveEvidenceOptions = {}) {
  return createLiveEvidence({ region: REGION, account: OWN, ...options });
}
