// camera-sim command line: starts one simulated camera and runs until SIGINT/SIGTERM.
import {
  type SimCamera,
  startMjpegCamera,
  startReplayCamera,
  startRtspCamera,
} from '@camrec/testing/camera-sim';
import { CLI_USAGE, CliUsageError, parseCliArgs } from './cli/cli-args';

async function main(argv: string[]): Promise<number> {
  const command = parseCliArgs(argv);
  if (command.kind === 'help') {
    console.log(CLI_USAGE);
    return 0;
  }
  const camera: SimCamera =
    command.kind === 'mjpeg'
      ? await startMjpegCamera(command.options)
      : command.kind === 'replay'
        ? await startReplayCamera(command.options)
        : await startRtspCamera(command.options);
  console.log(`camera-sim: ${command.kind} camera at ${camera.url}`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      camera.stop().then(resolve, (error: Error) => {
        console.error(`camera-sim: stopping failed: ${error.message}`);
        resolve();
      });
    };
    let signals = 0;
    const onSignal = () => {
      // A second Ctrl+C leaves at once; the children die with us (PDEATHSIG, stdin EOF, EPIPE).
      if (++signals > 1) process.exit(130);
      stop();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (command.exitOnStdinEof) {
      // The parent holds the other end of stdin: it closes when the parent ends, however.
      process.stdin.on('end', stop).on('error', stop).resume();
    }
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error instanceof CliUsageError)
      console.error(`camera-sim: ${error.message}\n\n${CLI_USAGE}`);
    else console.error(`camera-sim: ${error.message}`);
    process.exit(error instanceof CliUsageError ? 2 : 1);
  },
);
