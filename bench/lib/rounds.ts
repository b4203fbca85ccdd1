/**
 * The order in which contenders take their turns, shared by the CPU rate comparisons and the HTTP
 * load runs. Its own module, so the CPU sections' child processes need not load the load generator.
 */

/**
 * The order of contenders in round `round`: each odd round reverses the round before it, and each
 * pair of rounds starts one place further on. Two rounds balance every position (A B C, C B A);
 * with three contenders six rounds run every order once.
 */
export function roundOrder<T>(list: readonly T[], round: number): T[] {
  const shift = Math.floor(round / 2) % list.length;
  const order = [...list.slice(shift), ...list.slice(0, shift)];
  return round % 2 === 0 ? order : order.reverse();
}
