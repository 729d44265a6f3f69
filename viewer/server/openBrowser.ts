/**
 * Opens a URL in the user's browser with the `open` package (imported only when asked). A
 * machine without a browser or display is not an error for the viewer: the URL is printed
 * anyway, so failure is reported as a message, not thrown.
 */

/** Resolves with null when the browser was started, else with why not. */
export async function openBrowser(url: string): Promise<string | null> {
  try {
    const { default: open } = await import('open');
    const child = await open(url);
    // Do not keep the CLI alive for the browser process, and do not crash on its errors.
    child.on('error', () => {});
    child.unref();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The warning printed when the server listens beyond this machine. */
export function exposureWarning(host: string, url: string): string {
  const port = new URL(url).port;
  return `warning: the viewer listens on ${host} (port ${port}), so other machines that can reach this one can connect to it; pages opened by a name other than 127.0.0.1/localhost${host === '0.0.0.0' || host === '::' ? '' : ` or ${host}`} are refused unless allowed with --allow-origin http://<name>:${port}; use the default 127.0.0.1 to keep it local.`;
}
