/**
 * Opens a URL in the user's browser with the `open` package (imported only when asked). A
 * machine without a browser or display is not an error for the viewer: the URL is printed
 * anyway, so failure is reported as a message, not thrown. On Linux and the other X11/Wayland
 * systems with no display (neither DISPLAY nor WAYLAND_DISPLAY set: ssh, a container, CI) no
 * browser can appear, so none is tried; a launcher (xdg-open) that fails within
 * LAUNCHER_FAILURE_WINDOW_ms, as it does when it finds no browser, is reported too.
 */
import { release } from 'node:os';

/** How long to watch the launcher for a quick failure (a started browser may keep it running). */
export const LAUNCHER_FAILURE_WINDOW_ms = 1000;

/** Why no browser can be shown here (no display on an X11/Wayland system), or null. */
export function noDisplayReason(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, osRelease: string = release()): string | null {
  if (platform === 'darwin' || platform === 'win32' || platform === 'android') return null;
  // WSL opens the Windows browser, which needs no X display.
  if (env['WSL_DISTRO_NAME'] || /microsoft/i.test(osRelease)) return null;
  if (env['DISPLAY'] || env['WAYLAND_DISPLAY']) return null;
  return 'no display: neither DISPLAY nor WAYLAND_DISPLAY is set';
}

/** Resolves with null when the browser was started, else with why not. */
export async function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const noDisplay = noDisplayReason(env);
  if (noDisplay !== null) return noDisplay;
  try {
    const { default: open } = await import('open');
    const child = await open(url);
    // Do not keep the CLI alive for the browser process, and do not crash on its errors.
    child.on('error', () => {});
    child.unref();
    return await new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => finish(null), LAUNCHER_FAILURE_WINDOW_ms);
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => finish(code === 0 ? null : `the browser launcher exited with ${code !== null ? `code ${code}` : `signal ${signal}`}`);
      function finish(r: string | null) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(r);
      }
      if (child.exitCode !== null || child.signalCode !== null) onExit(child.exitCode, child.signalCode);
      else child.on('exit', onExit);
    });
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The warning printed when the server listens beyond this machine. */
export function exposureWarning(host: string, url: string): string {
  const port = new URL(url).port;
  return `warning: the viewer listens on ${host} (port ${port}), so other machines that can reach this one can connect to it; pages opened by a name other than 127.0.0.1/localhost${host === '0.0.0.0' || host === '::' ? '' : ` or ${host}`} are refused unless allowed with --allow-origin http://<name>:${port}; use the default 127.0.0.1 to keep it local.`;
}
