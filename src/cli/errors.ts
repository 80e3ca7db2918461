/**
 * Exit codes of every surveil command (DESIGN.md, "What users touch"):
 * 0 pass, 1 a gate or regression failed, 2 invalid input, 3 internal error.
 */
export const EXIT = { ok: 0, failed: 1, invalidInput: 2, internal: 3 } as const;

/** Bad input from the user (a file, a flag, a value): reported plainly, exit 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
