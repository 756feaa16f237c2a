/**
 * The failure says access was denied, but no check is denied: say what was checked and which
 * evidence was missing, and where else to look.
 */
import type { IncompleteEntry } from '../report';
import { reportCause } from './cause';

export const UNEXPLAINED_ACCESS_DENIED = reportCause({
  id: 'UNEXPLAINED_ACCESS_DENIED',
  title: 'Access was denied, but no check explains it',
  severity: 'medium',
  patch: { kind: 'none' },
  explain: ({
    checked,
    unknown: unknownChecks,
    incomplete,
  }: {
    checked: number;
    unknown: number;
    incomplete: IncompleteEntry[];
  }) => {
    const parts = [
      `The failure says access was denied, but none of the ${checked} accesses checked for the job is denied by the evidence at hand.`,
    ];
    if (unknownChecks > 0) parts.push(`${unknownChecks} of them could not be judged.`);
    if (incomplete.length > 0) {
      const missing = incomplete.slice(0, 5).map((e) => `${e.what} (${e.why})`);
      parts.push(
        `Missing evidence: ${missing.join('; ')}${incomplete.length > 5 ? `; and ${incomplete.length - 5} more` : ''}.`,
      );
    }
    parts.push(
      'Other places to look: object ACLs, S3 Access Points, session policies, and services this tool does not check (see the job logs in CloudWatch).',
    );
    return parts.join(' ');
  },
});

export const causes = [UNEXPLAINED_ACCESS_DENIED] as const;
