export { createLiveEvidence, type LiveEvidence, type LiveEvidenceOptions } from './live-evidence';
export { READ_PERMISSIONS, type ReadPermission } from './permissions';
