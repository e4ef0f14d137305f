#!/usr/bin/env python3
"""A front end in another language driving `kith rpc`, as a desktop app would: it starts the
server as a child process, calls methods, sends malformed and hostile messages, and checks
every answer. Run by the Swift tests (RPCClientTests) with a sandboxed environment.

Usage: rpc_client_check.py KITH_BINARY
Prints {"checks": N} and exits 0, or names the first check that failed and exits 1.
"""
import json
import os
import select
import subprocess
import sys
import time

KITH = sys.argv[1]
checks = 0


def check(condition, what):
    global checks
    if not condition:
        print(f"FAILED: {what}", file=sys.stderr)
        sys.exit(1)
    checks += 1


class Client:
    def __init__(self):
        self.proc = subprocess.Popen(
            [KITH, "rpc"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.notifications = []
        self.buffer = b""
        self.next_id = 0

    def send_raw(self, data: bytes):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def read_message(self, timeout=20.0):
        deadline = time.time() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.time()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def answer(self, timeout=20.0):
        """The next response, keeping notifications aside."""
        while True:
            message = self.read_message(timeout)
            if message is None or "method" not in message or isinstance(message, list):
                return message
            self.notifications.append(message)

    def call(self, method, params=None):
        self.next_id += 1
        request = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            request["params"] = params
        self.send_raw((json.dumps(request) + "\n").encode())
        response = self.answer()
        check(response is not None and response.get("id") == self.next_id, f"{method}: an answer with its id")
        return response

    def result(self, method, params=None):
        response = self.call(method, params)
        check("result" in response, f"{method}: a result, got {response}")
        return response["result"]

    def error(self, method, params, code):
        response = self.call(method, params)
        check(response.get("error", {}).get("code") == code, f"{method} {params}: error {code}, got {response}")
        return response["error"]

    def wait_for_change(self, area, timeout=5.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for n in self.notifications:
                if n.get("method") == "changed" and area in n["params"]["areas"]:
                    self.notifications.remove(n)
                    return True
            message = self.read_message(max(0.05, deadline - time.time()))
            if message is not None:
                self.notifications.append(message)
        return False


client = Client()

# Discovery: an OpenRPC document naming every method.
doc = client.result("rpc.discover")
names = {m["name"] for m in doc["methods"]}
check(doc["openrpc"].startswith("1."), "rpc.discover is an OpenRPC document")
for name in ["people.list", "people.add", "journal.add", "journal.list", "interactions.log", "schedule.occurrences",
             "reminders.due", "reminders.done", "reports.list", "reports.run", "assessments.list",
             "assessments.record", "plan.get", "plan.update", "plugins.list", "history.undo", "journal.delete"]:
    check(name in names, f"rpc.discover lists {name}")

# A person's day, through the same names and shapes as the Lua API.
ana = client.result("people.add", {"name": "Ana", "type": "family", "crisis": True, "phone": "+1 555 0100"})
check(ana["name"] == "Ana" and ana["crisis"] is True, "people.add returns the person")
check([p["name"] for p in client.result("people.list")] == ["Ana"], "people.list")
entry = client.result("journal.add", {"mood": 4, "text": "a long walk with Ana", "tags": ["walk"]})
check(entry["mood"] == 4 and entry["tags"] == ["walk"], "journal.add returns the entry")
check([e["id"] for e in client.result("journal.search", ["walk"])] == [entry["id"]], "journal.search finds it")
call = client.result("interactions.log", {"person": "Ana", "channel": "call", "received": ["emotional"]})
check(call["person_id"] == ana["id"], "interactions.log")
check(client.result("people.get", ["Ana"])["id"] == ana["id"], "people.get by name, positional")
check(client.result("people.get", {"person": ana["id"]})["name"] == "Ana", "people.get by id, by name")

# A risk answer leads to help: the crisis section comes with the result.
answers = {str(i): 1 for i in range(1, 9)}
answers["9"] = 2
result = client.result("assessments.record", {"assessment": "phq9", "answers": answers})
check(result.get("risk") and "crisis" in result, "a risk answer carries the crisis section")
check(result["crisis"]["contacts"][0]["name"] == "Ana", "the crisis contact is named")
check(any("emergency" in line or "Ana" in line for line in result["crisis"]["lines"]), "with lines to show")
calm = client.result("assessments.record", ["gad7", {str(i): 0 for i in range(1, 8)}])
check("crisis" not in calm, "no crisis section without a risk answer")
forms = client.result("assessments.list")
phq9 = next(a for a in forms if a["id"] == "phq9")
check(len(phq9["items"]) >= 9 and phq9["choices"][0]["label"], "assessments.list gives what a form needs")

html = client.result("reports.run", {"id": "weekly", "format": "html"})
check("<html" in html["text"].lower() and html["format"] == "html", "reports.run renders HTML")
document = client.result("reports.run", ["safety-plan"])
check(document["title"] and isinstance(document["blocks"], list), "reports.run returns the document")

# Undo and delete.
deleted = client.result("journal.delete", [entry["id"]])
check(deleted["id"] == entry["id"], "journal.delete returns the entry")
check(client.result("journal.get", [entry["id"]]) is None, "it is gone")
client.result("history.undo")
check(client.result("journal.get", [entry["id"]])["text"] == "a long walk with Ana", "history.undo brings it back")

# Errors: JSON-RPC codes, Kith's field and reason as data, and the server keeps serving.
bad = client.error("journal.add", {"mood": 9}, -32602)
check(bad["data"]["field"] == "mood" and "1 to 5" in bad["data"]["reason"], "a refusal names the field")
missing = client.call("journal.delete", [999])
check(missing["error"]["code"] == -32001 and missing["error"]["data"]["hint"]["name"] == "listJournal",
      "not found has its own code and a hint as data")
client.error("nope.method", None, -32601)
client.error("people.get", [1, 2, 3], -32602)
client.error("people.list", 42, -32602)
client.error("history.undo", {"surprise": 1}, -32602)
client.error("journal.get", {"idd": 1}, -32602)
client.error("journal.get", {}, -32602)

def raw(data, code, what):
    client.send_raw(data)
    response = client.answer()
    check(response is not None and response.get("error", {}).get("code") == code,
          f"{what}: error {code}, got {response}")

raw(b"{not json\n", -32700, "bad JSON")
raw(b"\xff\xfe\x00garbage\n", -32700, "bytes that are not UTF-8")
raw(b"[]\n", -32600, "an empty batch")
raw(b'{"jsonrpc":"2.0","id":{"x":1},"method":"people.list"}\n', -32600, "an id that is an object")
raw(b'{"jsonrpc":"1.0","id":5,"method":"people.list"}\n', -32600, "the wrong protocol version")
raw(b"[" * 5000 + b"]" * 5000 + b"\n", -32700, "JSON nested 5000 deep")
raw(b'{"jsonrpc":"2.0","id":6,"method":"journal.add","params":{"mood":1e400}}\n', -32700, "a number past a double")
raw(b'{"jsonrpc":"2.0","id":7,"method":"journal.list","params":{"limit":9223372036854775808}}\n', -32602,
    "an integer past Int64")
raw(b'{"jsonrpc":"2.0","id":8,"method":"journal.add","params":{"text":"' + b"x" * (2 << 20) + b'"}}\n', -32600,
    "a message over the 1 MiB limit")
check(client.result("session.info")["api_version"] == 1, "the server still serves after all of that")

# A notification gets no answer; a batch gets one answer per request.
client.send_raw(b'{"jsonrpc":"2.0","method":"people.list"}\n')
batch = [{"jsonrpc": "2.0", "id": "a", "method": "people.list"}, {"jsonrpc": "2.0", "id": "b", "method": "nope"}]
client.send_raw((json.dumps(batch) + "\n").encode())
answer = client.answer()
check(isinstance(answer, list) and [a["id"] for a in answer] == ["a", "b"], f"a batch answer, got {answer}")
check("error" in answer[1] and "result" in answer[0], "each answered on its own")

# A risk answer sent as a notification (no id, so no answer) still leads to help.
quiet = {"jsonrpc": "2.0", "method": "assessments.record", "params": ["phq9", answers]}
client.send_raw((json.dumps(quiet) + "\n").encode())
deadline = time.time() + 10
crisis_note = None
while crisis_note is None and time.time() < deadline:
    for n in client.notifications:
        if n.get("method") == "crisis":
            crisis_note = n
    if crisis_note is None:
        message = client.read_message(1.0)
        if message is not None:
            client.notifications.append(message)
check(crisis_note is not None, "a risk answer that got no answer comes back as a crisis notification")
check(crisis_note["params"]["result"]["risk"] and crisis_note["params"]["crisis"]["contacts"][0]["name"] == "Ana",
      "with the result and who to reach")
client.notifications.remove(crisis_note)
check(not any(n.get("method") == "crisis" for n in client.notifications),
      "answers that carried their crisis section are not sent again")

# A refusal from a plugin's report is its own, not a stale one from an earlier call.
client.error("journal.get", ["x"], -32602)
stale = client.call("reports.run", ["no-such-report"])
check(stale["error"]["code"] == -32001 and "no report" in stale["error"]["message"].lower(),
      f"each error is the call's own, got {stale}")

# The whole store: export, a refused import that changes nothing, a backup that never overwrites.
document = client.result("store.export")
check(any(p["name"] == "Ana" for p in document["people"]), "store.export holds the people")
before = len(client.result("journal.list"))
refused = client.call("store.import", [document])
check("error" in refused and "nothing was imported" in refused["error"]["message"], f"importing duplicates is refused: {refused}")
check(len(client.result("journal.list")) == before, "and changes nothing")
backup = os.path.join(os.getcwd(), "copy.sqlite")
check(client.result("store.backup", [backup])["path"] == backup and os.stat(backup).st_mode & 0o777 == 0o600,
      "store.backup writes a private copy")
check(client.call("store.backup", [backup])["error"]["code"] == -32002, "and never over an existing file")
jrnl = json.dumps({"entries": [{"date": "2026-02-01", "time": "09:00", "title": "From jrnl.", "body": "An old entry."}]})
imported = client.result("store.import_text", {"text": jrnl})
check(imported["format"] == "jrnl", f"store.import_text tells jrnl from its text: {imported}")
check(client.result("journal.search", ["jrnl"]) != [], "and the entry is there")
client.error("store.import_text", {"text": "just some words"}, -32602)
check(client.result("plugins.disable", ["ucla3"])["enabled"] is False, "plugins.disable")
check(client.result("plugins.enable", ["ucla3"])["enabled"] is True, "plugins.enable")
client.error("plugins.disable", ["no-such-plugin"], -32001)

# Changes by another process on the same store reach a subscribed client.
client.result("changes.subscribe")
other = subprocess.run([KITH, "journal", "add", "written from the terminal"], capture_output=True)
check(other.returncode == 0, f"the CLI writes while the server runs: {other.stderr}")
check(client.wait_for_change("journal"), "a changed notification names the journal")
client.result("people.update", ["Ana", {"circle": "inner"}])
check(client.wait_for_change("people"), "the client's own write is announced too")

client.proc.stdin.close()
check(client.proc.wait(timeout=20) == 0, "the server ends when its input does")
stderr = client.proc.stderr.read().decode()
check("555 0100" not in stderr, "nothing from the store on standard error")
print(json.dumps({"checks": checks}))
