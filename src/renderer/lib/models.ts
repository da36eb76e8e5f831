// Pure helpers for the Thing+ gateway model catalogue.

export interface ModelLike {
  id: string | number;
  vendor?: string;
  model?: string;
  displayName?: string;
  name?: string;
}

export const DEFAULT_MODEL_ID = '34';

/** Display name: displayName, else name, else model, else the id. */
export function modelLabel(m: ModelLike): string {
  return m.displayName || m.name || m.model || String(m.id);
}

/** Options for the model <select>: sorted by label, "label (#id) · vendor" (the name first, it is what people look for). */
export function modelOptions(models: ModelLike[]): Array<{ id: string; label: string }> {
  return [...models]
    .sort((a, b) => modelLabel(a).localeCompare(modelLabel(b)) || String(a.id).localeCompare(String(b.id)))
    .map((m) => ({
      id: String(m.id),
      label: `${modelLabel(m)} (#${m.id})${m.vendor ? ` · ${m.vendor}` : ''}`,
    }));
}

/**
 * The plain-TCP no-credentials allowance is off for every model (issue 16): with it, a gateway's id (its
 * MAC, which it announces on the LAN) would be enough to act as it. A technician turns it on per gateway.
 */
export function legacyDefaultFor(_modelId: string): boolean {
  return false;
}
