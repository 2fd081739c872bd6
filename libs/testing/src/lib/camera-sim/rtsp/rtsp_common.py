"""What the GStreamer RTSP camera scripts (rtsp_server.py, replay_server.py) share.

Each script feeds an appsrc from stdin; this module gives them the same command-line basics,
parent watch, server start ("READY <port>" on stdout), stdin reading, buffer stamping and main
loop. It is copied beside the scripts by the build and imported from the script's directory.
"""

import ctypes
import os
import signal
import sys

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def add_server_args(parser):
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--path', default='/stream')
    parser.add_argument('--parent-pid', type=int, default=0)


def die_with_parent(parent_pid):
    """Never outlive the Node process that started us, even if it is killed with SIGKILL."""
    if sys.platform.startswith('linux'):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    # The parent may have died before prctl took effect.
    if parent_pid and os.getppid() != parent_pid:
        sys.exit(1)


def new_server(args):
    server = GstRtspServer.RTSPServer()
    server.set_address(args.host)
    server.set_service(str(args.port))
    return server


def bound_queue(appsrc, max_bytes):
    """A stalled pipeline drops the oldest input instead of growing (leaky: GStreamer 1.20+)."""
    appsrc.set_property('max-bytes', max_bytes)
    if appsrc.find_property('leaky-type') is not None:
        appsrc.set_property('leaky-type', 2)


def serve(server, args, loop, read_size, on_data):
    """Listens, passes stdin's bytes to on_data, quits the loop at EOF, then says READY.

    on_data gets a view of one reused buffer, valid until it returns. A new bytes object per
    read (os.read) made glibc give the memory back and take it again at every frame, a page
    fault per 4 KB: an idle 640x360 camera faulted 3,400 times a second.
    """
    if server.attach(None) == 0:
        raise RuntimeError('cannot listen on %s:%d' % (args.host, args.port))
    chunk = bytearray(read_size)

    def on_stdin(channel, condition):
        readable = condition & GLib.IOCondition.IN
        count = os.readv(channel.unix_get_fd(), [chunk]) if readable else 0
        if count == 0:
            loop.quit()
            return False
        on_data(memoryview(chunk)[:count])
        return True

    # Same priority as the server's sockets: above them, a reader that is behind (stdin
    # always readable) would starve RTSP requests, and clients would wait for answers.
    GLib.io_add_watch(GLib.IOChannel.unix_new(sys.stdin.fileno()), GLib.PRIORITY_DEFAULT,
                      GLib.IOCondition.IN | GLib.IOCondition.HUP | GLib.IOCondition.ERR,
                      on_stdin)
    print('READY %d' % server.get_bound_port(), flush=True)


def push_stamped(appsrc, data, offset=None):
    """Timestamps the data with the pipeline's running time now, like do-timestamp; `offset`
    numbers it (Gst.Buffer.offset), for a probe downstream to tell which ones were dropped.

    Only while PLAYING: a buffer stamped before the pipeline has (again) a clock and base
    time gets a running time far ahead of the pipeline's, and the sinks then wait for it,
    which looks like a server that accepts PLAY and never sends anything.
    """
    if appsrc is None or appsrc.get_state(0)[1] != Gst.State.PLAYING:
        return
    clock = appsrc.get_clock()
    if clock is None:
        return
    buffer = Gst.Buffer.new_wrapped(data)
    buffer.pts = clock.get_time() - appsrc.get_base_time()
    if offset is not None:
        buffer.offset = offset
    appsrc.emit('push-buffer', buffer)


def run(name, args, start_camera):
    """Runs start_camera(loop) and the main loop until SIGTERM/SIGINT or stdin's EOF."""
    die_with_parent(args.parent_pid)
    Gst.init(None)
    loop = GLib.MainLoop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_HIGH, signum, loop.quit)
    try:
        start_camera(loop)
    except Exception as error:  # noqa: BLE001 - reported to the Node side, which shows stderr
        print('%s: %s' % (name, error), file=sys.stderr, flush=True)
        sys.exit(2)
    loop.run()
    # Live pipelines can take a while to tear down; nothing needs flushing, so leave at once.
    os._exit(0)
