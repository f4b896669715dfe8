// Workflow types the worker hosts from this folder. Only workflows are exported here (every
// exported function of workflows/index.ts becomes a workflow type); the F-7 helper for the
// filing workflow lives in ./commitment (startCommitmentRecovery).
export { recoveryWorkflow } from './workflow';
