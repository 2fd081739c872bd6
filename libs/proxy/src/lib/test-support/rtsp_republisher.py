"""Stand-in for an engine's RTSP output: GStreamer's RTSP server re-publishing sources.

Driven by the engine stand-in (engine-standin.ts) through stdin, one command per line:
  add <name> <source-url>     serve rtsp://<host>:<port>/<name> from the source
  remove <name>               stop serving it
Sources: rtsp:// (H.264 video, re-payloaded without decoding) and http:// (multipart MJPEG,
re-payloaded as RTP/JPEG). Each path is one shared media: every reader shares one connection
to the source, opened when the first reader arrives. Source URLs (with credentials) travel
only on stdin, never on a command line.

Prints "READY <port>" once listening and "OK <command> <name>" after each command.
Exits on EOF on stdin, on SIGTERM, and (Linux) when its parent dies.
"""

import argparse
import ctypes
import signal
import sys

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtsp', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402


def die_with_parent():
    if sys.platform.startswith('linux'):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


def launch_line(source):
    quoted = source.replace('\\', '\\\\').replace('"', '\\"')
    if source.startswith('rtsp://') or source.startswith('rtsps://'):
        return ('( rtspsrc location="%s" protocols=tcp latency=0 ! rtph264depay ! h264parse ! '
                'rtph264pay name=pay0 pt=96 config-interval=-1 )' % quoted)
    return ('( souphttpsrc location="%s" is-live=true do-timestamp=true ! multipartdemux ! '
            'image/jpeg ! jpegparse ! rtpjpegpay name=pay0 pt=26 )' % quoted)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, required=True)
    args = parser.parse_args()
    die_with_parent()
    Gst.init(None)
    loop = GLib.MainLoop()
    server = GstRtspServer.RTSPServer()
    server.set_address(args.host)
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    if server.attach(None) == 0:
        sys.stderr.write('cannot listen on %s:%d\n' % (args.host, args.port))
        sys.exit(2)

    def on_command(channel, _condition):
        line = channel.readline()
        if not line:
            loop.quit()
            return False
        parts = line.strip().split(' ', 2)
        if parts[0] == 'add' and len(parts) == 3:
            factory = GstRtspServer.RTSPMediaFactory()
            factory.set_launch(launch_line(parts[2]))
            factory.set_shared(True)
            factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
            mounts.add_factory('/' + parts[1], factory)
        elif parts[0] == 'remove' and len(parts) == 2:
            mounts.remove_factory('/' + parts[1])
        else:
            sys.stderr.write('unknown command: %s\n' % parts[0])
            return True
        print('OK %s %s' % (parts[0], parts[1]), flush=True)
        return True

    channel = GLib.IOChannel.unix_new(sys.stdin.fileno())
    GLib.io_add_watch(channel, GLib.PRIORITY_DEFAULT, GLib.IOCondition.IN | GLib.IOCondition.HUP,
                      on_command)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    print('READY %d' % args.port, flush=True)
    loop.run()


if __name__ == '__main__':
    main()
