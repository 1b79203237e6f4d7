export { pmCompliance, graceOf, outcomeOf, GRACE_SHARE, MAX_GRACE_MS, type ComplianceOccurrence, type ComplianceOutcome, type ComplianceReport } from './pm-compliance';
