/**
 * What a folding rule tells the fold loop: NO_FOLD (try the next rule set or move on),
 * EVIL_STOP, FALL_LEFT0, or a packed (pos << 8 | left) to resume with. Packed integers keep the
 * rules allocation-free; pos and left never exceed 8.
 */
export const NO_FOLD = -1;
/** An EVIL token was planted: stop folding with two tokens past `left`. */
export const EVIL_STOP = -2;
/** No two-token fold, but go on to the three-token rules from the first token. */
export const FALL_LEFT0 = -3;

export function resume(pos: number, left: number): number {
  return (pos << 8) | left;
}
