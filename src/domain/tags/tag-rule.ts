// What a tag may be, as one pure rule for every door that takes tags (managers, imports).
const TAG = /^[\p{L}\p{N}_+\-·]{1,20}$/u;

/** 1 to 20 letters, digits or _+-·, as typed (no spaces). */
export function isTag(text: string): boolean {
  return TAG.test(text);
}
