// Quick-reply templates (S-QR-4): Twig, through the twing engine's sandbox, rendered in workers.
export { checkTemplate } from './compile.js';
export type { TemplateContext } from './context.js';
export { TEMPLATE_LIMITS } from './limits.js';
export { ALLOWED_FILTERS, ALLOWED_TAGS, ALLOWED_TESTS } from './policy.js';
export { holdTemplateWorkers, renderTemplate, stopTemplateWorkers, templateWorkerStats } from './render.js';
export type { CheckResult, RenderFailureReason, RenderOptions, RenderResult } from './results.js';
