"""Stand-in for an engine's RTSP output: GStreamer's RTSP server re-publishing sources.

Driven by the engine stand-in (engine-standin.ts) through stdin, one command per line:
  add <name> eager|lazy <source-url>   serve rtsp://<host>:<port>/<name> from the source
  remove <name>                        stop serving it
Sources: rtsp:// (H.264 video, re-payloaded without decoding) and http:// (multipart MJPEG,
re-payloaded as RTP/JPEG). Each path is one shared media: every reader shares one connection
to the source. "eager" connects to the source at once and keeps it (MediaMTX with
sourceOnDemand: false), "lazy" when the first reader arrives (go2rtc). Source URLs (with
credentials) travel only on stdin, never on a command line.

Prints "READY <port>" once listening, "OK <command> <name>" after each command, and for an
eager source "SOURCE <name> ready|failed" once its media is (or cannot be) prepared.
Exits on EOF on stdin, on SIGTERM, and (Linux) when its parent dies.
"""

import argparse
import ctypes
import signal
import sys
import threading

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtsp', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402


def die_with_parent():
    if sys.platform.startswith('linux'):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


class PathMediaFactory(GstRtspServer.RTSPMediaFactory):
    """Shares one media per path, as MediaMTX routes readers by path alone. GStreamer's own
    key also holds the port the reader's URL names, which differs for a reader reached
    through a TCP front (the tests' connection counter): it would get a media of its own, and the source
    a second connection."""

    def do_gen_key(self, url):
        return url.abspath


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
    held = {}
    if server.attach(None) == 0:
        sys.stderr.write('cannot listen on %s:%d\n' % (args.host, args.port))
        sys.exit(2)

    def on_command(channel, _condition):
        line = channel.readline()
        if not line:
            loop.quit()
            return False
        parts = line.strip().split(' ', 3)
        if parts[0] == 'add' and len(parts) == 4:
            factory = PathMediaFactory()
            factory.set_launch(launch_line(parts[3]))
            factory.set_shared(True)
            factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
            mounts.add_factory('/' + parts[1], factory)
            if parts[2] == 'eager':
                threading.Thread(target=connect_now, args=(factory, parts[1]), daemon=True).start()
        elif parts[0] == 'remove' and len(parts) == 2:
            mounts.remove_factory('/' + parts[1])
            media = held.pop(parts[1], None)
            if media is not None:
                media.unprepare()
        else:
            sys.stderr.write('unknown command: %s\n' % parts[0])
            return True
        print('OK %s %s' % (parts[0], parts[1]), flush=True)
        return True

    def connect_now(factory, name):
        # The factory caches the shared media it constructs: readers get this one, and the
        # preparation held here keeps the source connected while no reader is there.
        _result, url = GstRtsp.RTSPUrl.parse('rtsp://%s:%d/%s' % (args.host, args.port, name))
        media = factory.construct(url)
        prepared = media is not None and media.prepare(None)
        if prepared:
            held[name] = media
        print('SOURCE %s %s' % (name, 'ready' if prepared else 'failed'), flush=True)

    channel = GLib.IOChannel.unix_new(sys.stdin.fileno())
    GLib.io_add_watch(channel, GLib.PRIORITY_DEFAULT, GLib.IOCondition.IN | GLib.IOCondition.HUP,
                      on_command)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    print('READY %d' % args.port, flush=True)
    loop.run()


if __name__ == '__main__':
    main()
