/** The fields a rule's message template may use; people see names and units, never raw ids. */
export const TEMPLATE_FIELDS = [
  'value',
  'unit',
  'sensorName',
  'gatewayName',
  'triggerSensor',
  'triggerGateway',
  'triggerCondition',
  'threshold',
  'ruleName',
  'severity',
  'time',
] as const;

export type TemplateField = (typeof TEMPLATE_FIELDS)[number];
export type TemplateContext = Record<TemplateField, string>;

const FIELD = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The unknown fields a template uses (so a rule is refused when saved, not when it fires). */
export function unknownTemplateFields(template: string): string[] {
  const known: readonly string[] = TEMPLATE_FIELDS;
  return [...template.matchAll(FIELD)].map((m) => m[1] ?? '').filter((f) => !known.includes(f));
}

export function renderTemplate(template: string, context: TemplateContext): string {
  return template.replace(FIELD, (whole, field: string) =>
    field in context ? context[field as TemplateField] : whole,
  );
}

/** Renders every string inside a JSON value (a webhook body, an actuator's options). */
export function renderDeep(value: unknown, context: TemplateContext): unknown {
  if (typeof value === 'string') return renderTemplate(value, context);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, context));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, context)]));
  return value;
}

/** Every string inside a JSON value with its path, for validation messages naming the field. */
export function stringsIn(value: unknown, path: string): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => stringsIn(v, `${path}.${k}`));
  return [];
}
