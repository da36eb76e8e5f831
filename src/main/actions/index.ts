export { ActionRunner, DEFAULT_ACTION_TEXT } from './runner.js';
export type { ActionOutcome, ActionPorts, ActionRunnerOptions, Firing } from './runner.js';
export { actionProblems, oneActionProblems, MAX_ACTIONS } from './validate.js';
export type { ActionCheck } from './validate.js';
export { TEMPLATE_FIELDS, renderTemplate, unknownTemplateFields } from './templates.js';
export type { TemplateContext } from './templates.js';
export { MAX_ANSWER_BYTES } from './http-push.js';
export type { SmtpSettings } from './email.js';
