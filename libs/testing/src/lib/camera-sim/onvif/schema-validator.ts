import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { derivedSchemasCatalog } from './onvif-schemas';

/** The entry schema: SOAP 1.2 envelopes whose blocks and bodies the contracts declare. */
export const MESSAGES_SCHEMA = join(__dirname, 'contracts', 'messages.xsd');
/** Maps the web addresses ONVIF's onvif.xsd imports from to files in contracts/. */
const CATALOG = join(__dirname, 'contracts', 'catalog.xml');
const XMLLINT = process.env['XMLLINT_PATH'] ?? 'xmllint';

/**
 * XML_CATALOG_FILES for xmllint: contracts/catalog.xml, then the catalog of the schemas
 * derived at test time from ONVIF's unmodified copies (onvif-schemas.ts), written outside the
 * repository the first time a process asks. A space-separated list, so each catalog is given
 * as a file: URL (a space in a path is %20 there).
 */
function catalogFiles(): string {
  return [CATALOG, derivedSchemasCatalog()].map((file) => pathToFileURL(file).href).join(' ');
}

/** Null when xmllint (libxml2-utils) runs here, else why not, with what to do. */
export function xmllintMissing(): string | null {
  const run = spawnSync(XMLLINT, ['--version'], { encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    return `xmllint is needed to check the test device's messages against the ONVIF schemas and is missing (${run.error?.message ?? `exit ${run.status}`}): install libxml2-utils (bash tools/setup.sh --with-test-deps)`;
  }
  return null;
}

/**
 * Validates one XML message with libxml2's XML Schema validator (xmllint, no network) against
 * contracts/ (ONVIF's published schemas and, for the rest, hand-written ones: see its
 * README). Resolves with null when it is valid, else with xmllint's words. One xmllint per
 * message: it reads and compiles the schemas in about 20 ms of CPU. The first call of a
 * process also derives the schemas xmllint reads from ONVIF's copies (see onvif-schemas.ts).
 */
export function validateMessage(xml: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(XMLLINT, ['--noout', '--nonet', '--schema', MESSAGES_SCHEMA, '-'], {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, XML_CATALOG_FILES: catalogFiles() },
    });
    let errors = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (errors += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve(code === 0 ? null : errors.trim() || `xmllint exited with ${code}`);
    });
    child.stdin.end(xml);
  });
}
