// Small per-tab memory (sessionStorage) for the state of a multi-page step, such as which NIK is waiting
// for its verification code, so a reload does not lose it. Closing the tab forgets it.
export function keep<T>(key: string, value: T | null): void {
  try {
    if (value === null) sessionStorage.removeItem(`pisao.${key}`);
    else sessionStorage.setItem(`pisao.${key}`, JSON.stringify(value));
  } catch {
    /* storage refused: the step lasts until reload */
  }
}

export function kept<T>(key: string): T | null {
  try {
    return JSON.parse(sessionStorage.getItem(`pisao.${key}`) || 'null') as T | null;
  } catch {
    return null;
  }
}
