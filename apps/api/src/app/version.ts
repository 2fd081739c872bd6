// The version is the root package's; webpack inlines the file at build time.
// eslint-disable-next-line @nx/enforce-module-boundaries
import packageJson from '../../../../package.json';

export const APP_VERSION: string = packageJson.version;
