// The application version, read once from package.json (bundled into the Electron main by esbuild).
import pkg from '../../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;
