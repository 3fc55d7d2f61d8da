#!/usr/bin/env python3
"""A minimal SMTP server for tests: accepts every message on 127.0.0.1 and writes each to a folder as
an .eml file. Prints the port it listens on, then serves until killed. Standard library only.

  python3 smtp_sink.py --dir MAILDIR [--port 0]
"""
import argparse
import os
import socketserver
import threading
import uuid

counter_lock = threading.Lock()


class Handler(socketserver.StreamRequestHandler):
    def send(self, line):
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def handle(self):
        self.send("220 stflow-test-sink ESMTP")
        mail_from, rcpt = None, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.send("250 stflow-test-sink")
            elif verb == "MAIL":
                mail_from, rcpt = command[10:].strip(), []
                self.send("250 OK")
            elif verb == "RCPT":
                rcpt.append(command[8:].strip().strip("<>"))
                self.send("250 OK")
            elif verb == "DATA":
                self.send("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while True:
                    l = self.rfile.readline()
                    if l in (b".\r\n", b".\n", b""):
                        break
                    if l.startswith(b".."):
                        l = l[1:]
                    data.append(l)
                name = os.path.join(self.server.maildir, f"{uuid.uuid4().hex}.eml")
                with open(name + ".tmp", "wb") as f:
                    f.write(("X-Envelope-To: " + ",".join(rcpt) + "\r\n").encode())
                    f.writelines(data)
                os.rename(name + ".tmp", name)
                self.send("250 OK queued")
            elif verb == "RSET":
                mail_from, rcpt = None, []
                self.send("250 OK")
            elif verb == "NOOP":
                self.send("250 OK")
            elif verb == "QUIT":
                self.send("221 Bye")
                return
            else:
                self.send("502 Command not implemented")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    server = Server(("127.0.0.1", args.port), Handler)
    server.maildir = args.dir
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
