// Workflow types the worker hosts from this folder.
export { inquiryWorkflow } from './workflow';
