// Every workflow type the worker hosts. Workflow code is bundled and replayed: import only
// deterministic code (domain/, definitions) from here.
export { filingWorkflow } from './filing/workflow';
export * from './inquiry';
export * from './recovery';
export { personRenumberWorkflow } from './person/renumber';
export { clearingWorkflow } from './clearing/workflow';
export { clearingRunWorkflow } from './clearing/run';
export { advanceWorkflow } from './advance/workflow';
export { dailyCloseWorkflow } from './daily/workflow';
export { insuranceStatusWorkflow } from './person/insuranceStatus';
