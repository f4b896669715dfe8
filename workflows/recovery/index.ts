// Workflow types the worker hosts from this folder. Only workflows are exported here (every
// exported function of workflows/index.ts becomes a workflow type); the F-7 helper for the
// filing and inquiry workflows lives in ./startRecovery.
export { recoveryWorkflow } from './workflow';
