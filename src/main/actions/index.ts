export { ActionRunner, DEFAULT_ACTION_TEXT } from './runner.js';
export type { ActionPorts, ActionRunnerOptions, Firing } from './runner.js';
export { actionProblems, MAX_ACTIONS } from './validate.js';
export { TEMPLATE_FIELDS, renderTemplate, unknownTemplateFields } from './templates.js';
