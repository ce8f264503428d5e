// Hardening applied to every web contents: no new windows, no navigation away from our page.
import { shell, type WebContents } from 'electron';

export function lockDownWebContents(contents: WebContents, rendererUrl: string): void {
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the system browser; nothing opens inside the app.
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (url.split(/[?#]/)[0] !== rendererUrl) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
