#!/usr/bin/env python3
"""Opens a page in headless Chromium and evaluates JavaScript in it, through the DevTools protocol.

    browser_check.py [--screenshot PNG --size WIDTHxHEIGHT] URL EXPRESSION [EXPRESSION ...]

The protocol runs over a pipe (--remote-debugging-pipe: commands on fd 3, replies on fd 4, each a JSON
message ended by NUL), so no port is opened and no package is needed beyond Python's own. The page is loaded
(its own scripts run), then each expression is evaluated in order, as a person's actions would follow each
other: `document.querySelector('td.cell').click()`, then a query of what the click did. An expression
`@open URL` opens another page in the same browser (its result is null), so one run can visit many pages.

Prints one JSON object: {"results": [value of each expression], "exceptions": [uncaught errors of the page],
"dialogs": [alert/confirm/prompt messages the page opened]}. Exit status 0 unless Chromium cannot be run.
With --screenshot, the page as a person sees it after the expressions is saved as a PNG (`make review-demo`).
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("browser_check.py: no chromium on PATH (make test installs Debian's chromium)")


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="gazette-chromium-")
        to_chrome_read, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_write = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4.

        def child_fds():
            # Copied out of the way first: either end may already be fd 3 or 4.
            read_end, write_end = os.dup(to_chrome_read), os.dup(from_chrome_write)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--allow-file-access-from-files",
             "--user-data-dir=" + self.profile, "--remote-debugging-pipe", "about:blank"],
            # close_fds would close fds 3 and 4 again after child_fds made them.
            close_fds=False, preexec_fn=child_fds,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_read)
        os.close(from_chrome_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        return self.next_id

    def receive(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=None, timeout=30):
        wanted = self.send(method, params, session)
        deadline = time.time() + timeout
        while True:
            message = self.receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method, timeout=30):
        deadline = time.time() + timeout
        for index, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(index)
        while True:
            message = self.receive(deadline)
            if message.get("method") == method:
                return message
            self.events.append(message)

    def close(self):
        try:
            self.send("Browser.close")
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    arguments = sys.argv[1:]
    screenshot, size = None, (1400, 900)
    while arguments and arguments[0].startswith("--"):
        option, value = arguments[0], arguments[1]
        arguments = arguments[2:]
        if option == "--screenshot":
            screenshot = value
        elif option == "--size":
            size = tuple(int(part) for part in value.split("x"))
    if not arguments:
        sys.exit(__doc__)
    url, expressions = arguments[0], arguments[1:]
    browser = Browser()
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.call("Page.enable", session=session)
        browser.call("Runtime.enable", session=session)
        browser.call("Emulation.setDeviceMetricsOverride", {"width": size[0], "height": size[1], "deviceScaleFactor": 1,
                                                           "mobile": False}, session=session)
        browser.call("Page.navigate", {"url": url}, session=session)
        browser.wait_for("Page.loadEventFired")
        results = []
        for expression in expressions:
            if expression.startswith("@open "):
                browser.call("Page.navigate", {"url": expression[len("@open "):]}, session=session)
                browser.wait_for("Page.loadEventFired")
                results.append(None)
                continue
            reply = browser.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                      "awaitPromise": True}, session=session)
            if "exceptionDetails" in reply:
                results.append({"exception": reply["exceptionDetails"].get("text", "")})
            else:
                results.append(reply.get("result", {}).get("value"))
        # Let anything the page scheduled run before reading its errors and dialogs.
        browser.call("Runtime.evaluate", {"expression": "new Promise(r => setTimeout(r, 200))", "awaitPromise": True},
                     session=session)
        exceptions = [event["params"]["exceptionDetails"].get("exception", {}).get("description")
                      or event["params"]["exceptionDetails"].get("text")
                      for event in browser.events if event.get("method") == "Runtime.exceptionThrown"]
        dialogs = [event["params"].get("message") for event in browser.events
                   if event.get("method") == "Page.javascriptDialogOpening"]
        if screenshot:
            image = browser.call("Page.captureScreenshot", {"format": "png"}, session=session)["data"]
            with open(screenshot, "wb") as file:
                file.write(base64.b64decode(image))
        print(json.dumps({"results": results, "exceptions": exceptions, "dialogs": dialogs}, ensure_ascii=False))
    finally:
        browser.close()


if __name__ == "__main__":
    main()
