// The few pages a member opens on their phone (the pay page, the card activation page): one small HTML
// shell, and escaping for what goes into it.

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page around `bodyHtml` (already safe HTML). */
export function phonePage(title: string, bodyHtml: string, { centred = false } = {}): string {
  const style = `font:16px/1.6 sans-serif;padding:24px${centred ? ';text-align:center' : ''}`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="${style}">${bodyHtml}</body></html>`;
}
