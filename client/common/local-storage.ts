/**
 * localStorage that never throws: private modes, blocked third-party storage and a full quota make
 * it fail, and nothing kept there is worth breaking the page for. Reading then finds nothing.
 */

export function readLocal(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Stores `value`, or removes the key for null. */
export function writeLocal(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage is off: the choice lasts for this visit.
  }
}
