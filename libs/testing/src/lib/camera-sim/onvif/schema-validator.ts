import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The entry schema: SOAP 1.2 envelopes whose blocks and bodies the contracts declare. */
export const MESSAGES_SCHEMA = join(__dirname, 'contracts', 'messages.xsd');
/** Maps the web addresses ONVIF's onvif.xsd imports from to files in contracts/. */
const CATALOG = join(__dirname, 'contracts', 'catalog.xml');
const XMLLINT = process.env['XMLLINT_PATH'] ?? 'xmllint';

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
 * message: it reads and compiles the schemas in about 20 ms of CPU.
 */
export function validateMessage(xml: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(XMLLINT, ['--noout', '--nonet', '--schema', MESSAGES_SCHEMA, '-'], {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, XML_CATALOG_FILES: CATALOG },
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
