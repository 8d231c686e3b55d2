/**
 * Makes message timestamps shaped like Slack's (`"<seconds>.<6 digits>"`), unique and strictly
 * increasing even when the clock stands still or steps back.
 */
export function createTsGenerator(clock: () => Date = () => new Date()): () => string {
  let last = 0;
  return () => {
    const micros = Math.max(clock().getTime() * 1000, last + 1);
    last = micros;
    const seconds = Math.floor(micros / 1_000_000);
    const fraction = String(micros % 1_000_000).padStart(6, '0');
    return `${seconds}.${fraction}`;
  };
}
