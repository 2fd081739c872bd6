import {
  buildHttpCorpus,
  buildWsRefusals,
  CorpusContext,
  HttpCase,
  SECRET_MARK,
} from './hostile-corpus';
import { closed, openViewer, RawAnswer, sendRaw, tryWebSocket } from './raw-client';

/** One case's outcome: the status ("415"), or why there was none ("no answer: ECONNRESET"). */
export interface CaseResult {
  category: string;
  name: string;
  outcome: string;
  passed: boolean;
}

/**
 * Longest an answer may take (a camera attempt aside): the event loop that answers also feeds
 * every viewer and recorder, so a request that holds it for seconds is a fault of its own.
 */
const SLOW_MS = 3000;

export interface CategoryTally {
  total: number;
  passed: number;
  outcomes: Record<string, number>;
}

export interface CorpusResult {
  cases: CaseResult[];
  byCategory: Record<string, CategoryTally>;
  /** Answers ≥ 500 other than the camera errors (502/504) a valid camera URL may get. */
  serverErrors: number;
  /** Answers that carried a camera password back. */
  leakingAnswers: number;
}

function judgeHttp(testCase: HttpCase, status: number | null, body: string): boolean {
  if (status === null) return false;
  if (testCase.expect === 'accepted') return status >= 200 && status < 300;
  if (status === 400 && testCase.names && !namesIt(body, testCase.names)) return false;
  if (status >= 400 && status < 500) return true;
  return testCase.expect === 'camera' && (status === 502 || status === 504);
}

/** The error's message names `what` as a word of its own (`url` is not `substream_url`). */
function namesIt(body: string, what: string): boolean {
  let message: unknown;
  try {
    message = (JSON.parse(body) as { message?: unknown }).message;
  } catch {
    return false;
  }
  const escaped = what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return typeof message === 'string' && new RegExp(`(^|[^\\w.])${escaped}\\b`).test(message);
}

/**
 * A case that saved a camera (an accepted one, or a refusal that was not): the camera is
 * deleted at once, so that the next case meets the same server and the names stay free.
 */
async function deleteSavedCamera(
  port: number,
  testCase: HttpCase,
  answer: RawAnswer,
): Promise<void> {
  if (testCase.method !== 'POST' || testCase.path !== '/cameras' || answer.status !== 201) return;
  const id = (JSON.parse(answer.body) as { id: string }).id;
  const deleted = await sendRaw(port, { method: 'DELETE', path: `/cameras/${id}`, headers: {} });
  if (deleted.status !== 200) throw new Error(`could not delete camera ${id}: ${deleted.status} ${deleted.body}`); // prettier-ignore
}

/**
 * One case in `every` of each kind (category, expectation, method), the first of each kind
 * included: every path through the server, with fewer of the payloads that take it.
 */
export function sampleCases(cases: HttpCase[], every: number): HttpCase[] {
  const seen = new Map<string, number>();
  return cases.filter((testCase) => {
    if (testCase.restores) return true;
    const kind = `${testCase.category} ${testCase.expect} ${testCase.method}`;
    const count = seen.get(kind) ?? 0;
    seen.set(kind, count + 1);
    return count % every === 0;
  });
}

/** Sends the corpus, or one case in `every` of each kind (sampleCases), and judges the answers. */
export async function runHttpCorpus(
  port: number,
  ctx: CorpusContext,
  every = 1,
): Promise<CorpusResult> {
  const cases: CaseResult[] = [];
  let serverErrors = 0;
  let leakingAnswers = 0;
  for (const testCase of sampleCases(buildHttpCorpus(ctx), every)) {
    const started = Date.now();
    const answer = await sendRaw(port, testCase);
    const ms = Date.now() - started;
    await deleteSavedCamera(port, testCase, answer);
    const slow = testCase.expect !== 'camera' && ms > SLOW_MS;
    const cameraError =
      testCase.expect === 'camera' && (answer.status === 502 || answer.status === 504);
    if (answer.status !== null && answer.status >= 500 && !cameraError) serverErrors += 1;
    if (answer.body.includes(SECRET_MARK)) leakingAnswers += 1;
    const outcome = answer.status === null ? `no answer: ${answer.error}` : String(answer.status);
    cases.push({
      category: testCase.category,
      name: testCase.name,
      outcome: slow ? `${outcome} after ${ms} ms` : outcome,
      passed:
        judgeHttp(testCase, answer.status, answer.body) &&
        !answer.body.includes(SECRET_MARK) &&
        !slow,
    });
  }
  return { cases, byCategory: tally(cases), serverErrors, leakingAnswers };
}

/**
 * WebSocket abuse: refused upgrades, then garbage, floods, a 50 MB message and 500
 * connect/disconnect cycles on a real viewer connection of `ctx.sessionId`.
 */
export async function runWsCorpus(
  port: number,
  ctx: CorpusContext,
  cycles: number,
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  const record = (name: string, outcome: string, passed: boolean) =>
    results.push({ category: 'WebSocket', name, outcome, passed });

  for (const refusal of buildWsRefusals(ctx)) {
    const outcome = await tryWebSocket(port, refusal.path, refusal.headers);
    const refused =
      outcome.mediaMessages === 0 &&
      ((outcome.httpStatus !== undefined &&
        outcome.httpStatus >= 400 &&
        outcome.httpStatus < 500) ||
        (outcome.closeCode !== undefined && outcome.closeCode >= 4000 && outcome.closeCode < 5000));
    const shown = outcome.httpStatus !== undefined ? `HTTP ${outcome.httpStatus}` : outcome.closeCode !== undefined ? `close ${outcome.closeCode}` : `accepted, ${outcome.mediaMessages} frames`; // prettier-ignore
    record(`upgrade: ${refusal.name}`, shown, refused);
  }

  // Garbage and floods: the viewer may be closed for it, or ignored; the server must live on.
  const garbage = await openViewer(port, ctx.sessionId);
  for (let i = 0; i < 100; i++) garbage.send(`{"type":${'['.repeat(i)}`);
  for (let i = 0; i < 100; i++) garbage.send(Buffer.alloc(1024, i), { binary: true });
  for (let i = 0; i < 5000; i++) garbage.send(i % 2 ? '{"type":"stats"}' : 'x'.repeat(100));
  garbage.close();
  record('garbage text, binary and a 5,000-message flood', `close ${await closed(garbage)}`, true);

  const huge = await openViewer(port, ctx.sessionId);
  const hugeClosed = closed(huge, 30_000);
  huge.send(Buffer.alloc(50 * 1024 * 1024, 0x61), { binary: true });
  const hugeCode = await hugeClosed;
  // The server must refuse to buffer it: it closes the connection (1009: message too big).
  record('one 50 MB message', `close ${hugeCode}`, hugeCode !== null && hugeCode !== 1000);

  let cycled = 0;
  for (let i = 0; i < cycles; i++) {
    const socket = await openViewer(port, ctx.sessionId).catch(() => null);
    if (!socket) continue;
    cycled += 1;
    socket.close();
    await closed(socket);
  }
  record(`${cycles} connect/disconnect cycles`, `${cycled} connected`, cycled === cycles);
  return results;
}

export function tally(cases: CaseResult[]): Record<string, CategoryTally> {
  const byCategory: Record<string, CategoryTally> = {};
  for (const result of cases) {
    const entry = (byCategory[result.category] ??= { total: 0, passed: 0, outcomes: {} });
    entry.total += 1;
    if (result.passed) entry.passed += 1;
    entry.outcomes[result.outcome] = (entry.outcomes[result.outcome] ?? 0) + 1;
  }
  return byCategory;
}
