/** A one-line progress bar on a terminal; nothing at all in CI or when piped. */
export function progressBar(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): ((done: number, total: number) => void) | undefined {
  if (!stream.isTTY || env.CI) return undefined;
  const started = performance.now();
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < 200) return;
    last = now;
    const width = 30;
    const filled = Math.round((done / Math.max(1, total)) * width);
    const rate = Math.round(done / Math.max(0.001, (now - started) / 1000));
    stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} cases, ${rate}/s ` + (done >= total ? '\n' : ''));
  };
}
