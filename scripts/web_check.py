#!/usr/bin/env python3
"""A person's day in `kith serve`, in a real browser (headless Chromium through Selenium), then
the same store read back through the CLI; the server's security checked from outside; axe-core
on every page; screenshots of every page at 360 and 1280 px. Run by the Swift tests
(WebAppTests) in a sandbox; scripts/setup.sh --test installs Chromium, its driver, Selenium
and axe-selenium-python.

Usage: web_check.py KITH_BINARY SCREENSHOT_DIR
Prints {"checks": N, ...} and exits 0, or names the first check that failed and exits 1.
"""
import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait
from axe_selenium_python import Axe

KITH, SHOTS = sys.argv[1], sys.argv[2]
os.makedirs(SHOTS, exist_ok=True)
checks = 0
server = None
driver = None


def check(condition, what):
    global checks
    if not condition:
        print(f"FAILED: {what}", file=sys.stderr)
        if driver is not None:
            try:
                driver.save_screenshot(os.path.join(SHOTS, "failure.png"))
                print(driver.find_element(By.TAG_NAME, "body").text[:3000], file=sys.stderr)
            except Exception:
                pass
        stop()
        sys.exit(1)
    checks += 1


def on_error(kind, value, trace):
    # Any failure (a wait that timed out) says where the page was and what it showed.
    import traceback
    traceback.print_exception(kind, value, trace, limit=3)
    check(False, f"{kind.__name__} at {driver.current_url if driver else '-'}")


sys.excepthook = on_error


def stop():
    if driver is not None:
        driver.quit()
    if server is not None:
        server.terminate()
        server.wait(timeout=20)


def kith(*args):
    done = subprocess.run([KITH, *args], capture_output=True, text=True, timeout=60)
    check(done.returncode == 0, f"kith {' '.join(args)}: {done.stderr}")
    return done.stdout


# ---- A clinic's profile: a bundle holding only profile.toml (unsigned, so --yes) -------------
os.makedirs("clinic-bundle")
with open("clinic-bundle/profile.toml", "w") as profile:
    profile.write('[clinic]\nname = "Riverside Recovery"\nphone = "0161 555 0100"\n\n'
                  '[instruments.phq9]\nevery = "14 days"\n')
kith("plugins", "install", "clinic-bundle", "--yes")

# ---- Start the server: the first line is the link -------------------------------------------
server = subprocess.Popen([KITH, "serve"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
link = server.stdout.readline().strip()
check(link.startswith("http://127.0.0.1:") and "token=" in link, f"the first line is the link, got {link!r}")
parts = urllib.parse.urlsplit(link)
port = parts.port
token = urllib.parse.parse_qs(parts.query)["token"][0]


def request(method, path, headers=None, body=None, host=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    all_headers = {"Host": host or f"127.0.0.1:{port}"}
    all_headers.update(headers or {})
    connection.request(method, path, body=body, headers=all_headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), data


rpc_body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "people.list"})
status, _, _ = request("GET", "/")
check(status == 401, f"no session cookie: 401, got {status}")
status, _, _ = request("POST", "/rpc", {"Content-Type": "application/json"}, rpc_body)
check(status == 401, f"an RPC without the cookie: 401, got {status}")
status, _, _ = request("GET", "/?token=" + token, host=f"attacker.example:{port}")
check(status == 403, f"a rebound Host: 403, got {status}")
status, _, _ = request("GET", "/?token=" + "0" * 64)
check(status == 401, f"a wrong token: 401, got {status}")
status, _, _ = request("HEAD", "/?token=" + token)
check(status != 303, f"a HEAD (a link preview) never spends the token, got {status}")

# ---- The loopback only ----------------------------------------------------------------------
probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    probe.connect(("10.255.255.255", 1))
    outside = probe.getsockname()[0]
except OSError:
    outside = None
finally:
    probe.close()
reachable_outside = None
if outside and not outside.startswith("127."):
    try:
        socket.create_connection((outside, port), timeout=3).close()
        reachable_outside = True
    except OSError:
        reachable_outside = False
    check(reachable_outside is False, f"the port is not reachable on {outside}")

# ---- The browser ----------------------------------------------------------------------------
options = Options()
options.binary_location = "/usr/bin/chromium"
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"]:
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 20)
driver.get(link)
wait.until(ready.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Today"))
check(urllib.parse.urlsplit(driver.current_url).query == "", "the token leaves the address bar")
cookie = next(c for c in driver.get_cookies() if c["name"] == f"kith_session_{port}")
check(cookie["httpOnly"] and cookie.get("sameSite") == "Strict", "the session cookie is HttpOnly and SameSite=Strict")
session = {"Cookie": f"kith_session_{port}={cookie['value']}", "Content-Type": "application/json"}
status, _, _ = request("GET", "/?token=" + token)
check(status == 401, f"the link works once: 401 the second time, got {status}")
status, _, _ = request("POST", "/rpc", dict(session, Origin="http://attacker.example"), rpc_body)
check(status == 403, f"a cross-origin write: 403, got {status}")
status, _, _ = request("POST", "/rpc", session, rpc_body)
check(status == 403, f"a write without Origin: 403, got {status}")
status, headers, data = request("POST", "/rpc", dict(session, Origin=f"http://127.0.0.1:{port}"), rpc_body)
check(status == 200 and json.loads(data)["result"] == [], f"a same-origin write: 200, got {status} {data[:200]}")
policy = headers.get("Content-Security-Policy", "")
check("default-src 'none'" in policy and "script-src 'self'" in policy, f"a strict CSP, got {policy}")
status, _, page = request("GET", "/", {"Cookie": session["Cookie"]})
check(status == 200 and b"http" not in page.replace(b"http-equiv", b""), "the page loads nothing from elsewhere")


def go(page_name, heading):
    driver.get(f"http://127.0.0.1:{port}/#{page_name}")
    wait.until(ready.text_to_be_present_in_element((By.TAG_NAME, "h1"), heading))
    time.sleep(0.3)


def status_says(text):
    wait.until(ready.text_to_be_present_in_element((By.ID, "status"), text))
    return True


def labelled(label):
    return driver.find_element(By.XPATH, f"//label[normalize-space()='{label}']/following-sibling::*[1]")


# Network: two people, one a crisis contact with a phone number.
go("network", "Network")
for name, crisis, phone in [("Ana", True, "+1 555 0100"), ("Marco", False, "")]:
    labelled("Name").send_keys(name)
    if phone:
        labelled("Phone").send_keys(phone)
    if crisis:
        driver.find_element(By.XPATH, "//label[contains(., 'A crisis contact')]/input").click()
    driver.find_element(By.XPATH, "//button[.='Add']").click()
    check(status_says(f"Added {name}."), f"added {name}")
    wait.until(ready.text_to_be_present_in_element((By.TAG_NAME, "main"), name + " ·"))

# Network: edit someone.
driver.find_element(By.XPATH, "//button[@aria-label='Edit Marco']").click()
edit = driver.find_element(By.XPATH, "//form[@aria-label='Edit Marco']")
edit.find_element(By.XPATH, ".//label[normalize-space()='Circle']/following-sibling::*[1]").send_keys("inner")
edit.find_element(By.XPATH, ".//button[.='Save']").click()
check(status_says("Saved Marco."), "a person is edited")

# Today: a check-in naming who helped.
go("today", "Today")
driver.find_element(By.XPATH, "//fieldset[legend='Mood']//label[contains(., '4 good')]/input").click()
labelled("Note").send_keys("walked with Marco by the river")
labelled("Tags (separated by commas)").send_keys("walk")
for option in labelled("Who helped").find_elements(By.TAG_NAME, "option"):
    if option.text == "Marco":
        option.click()
driver.find_element(By.XPATH, "//button[.='Save check-in']").click()
check(status_says("Saved your check-in."), "the check-in is saved")

# Network: log a call.
go("network", "Network")
labelled("With").send_keys("Ana")
labelled("Note").send_keys("talked it through")
driver.find_element(By.XPATH, "//button[.='Log']").click()
check(status_says("Logged a call with Ana."), "a call is logged")

# Check-ins: the clinic's PHQ-9 is due on Today, and its link opens the form; a risk answer
# shows the crisis section at once, the clinic's number in it.
go("today", "Today")
driver.find_element(By.XPATH, "//li[contains(., 'Time for the PHQ-9')]//a[.='Answer it']").click()
wait.until(ready.text_to_be_present_in_element((By.CSS_SELECTOR, "form h2"), "PHQ-9"))
check(True, "a scheduled instrument's reminder leads to its form")
fieldsets = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "form fieldset"))
for n, fieldset in enumerate(fieldsets):
    choices = fieldset.find_elements(By.CSS_SELECTOR, "input[type=radio]")
    (choices[2] if n == 8 else choices[0]).click()
driver.find_element(By.XPATH, "//button[.='Save answers']").click()
alert = wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, "[role=alert]")))
check("Ana" in alert.text and "reach" in alert.text.lower(), f"the crisis section names Ana: {alert.text}")
tel = alert.find_element(By.CSS_SELECTOR, "a[href^='tel:']")
check(tel.get_attribute("href") == "tel:+15550100", "the crisis contact's number is a tel: link")
check(driver.switch_to.active_element == tel, "focus moves to the way to reach someone")
clinic = alert.find_element(By.XPATH, ".//li[contains(., 'Your clinic, Riverside Recovery')]/a")
check(clinic.get_attribute("href") == "tel:01615550100", "the clinic's number is in the crisis section, a tel: link")
kith("journal", "add", "a change from elsewhere while the alert shows")
time.sleep(3)
check(driver.find_elements(By.CSS_SELECTOR, "[role=alert]") and "Ana" in driver.find_element(By.CSS_SELECTOR, "[role=alert]").text,
      "the crisis section stays on screen when the store changes elsewhere")

go("today", "Today")
check("Time for the PHQ-9" not in driver.find_element(By.TAG_NAME, "main").text, "answering it made it done")

# Check-ins: a questionnaire's button opens its form (the page is built aside, then shown).
go("assess", "Check-ins")
driver.find_element(By.XPATH, "//section//button[.='GAD-7']").click()
wait.until(ready.text_to_be_present_in_element((By.CSS_SELECTOR, "form h2"), "GAD-7"))
check(len(driver.find_elements(By.CSS_SELECTOR, "form fieldset")) >= 7, "a questionnaire's button opens its form")

# Safety plan: crisis contacts first, then the steps; edit one.
go("plan", "Safety plan")
first = driver.find_element(By.CSS_SELECTOR, "main > :nth-child(2)")
check(first.get_attribute("role") == "alert" and "Ana" in first.text, "the plan page starts with who to reach")
reasons = driver.find_element(By.NAME, "reasons")
reasons.send_keys("my kids\nthe garden")
driver.find_element(By.XPATH, "//button[.='Save the plan']").click()
check(status_says("Saved your safety plan."), "the plan is saved")

# Reports: the weekly report in its frame.
go("reports/weekly", "Reports")
frame = wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "iframe.report")))
driver.switch_to.frame(frame)
wait.until(ready.text_to_be_present_in_element((By.TAG_NAME, "body"), "Weekly summary"))
check("Interactions" in driver.find_element(By.TAG_NAME, "body").text, "the weekly report renders")
driver.switch_to.default_content()

# Journal: delete a mistake, then undo it.
go("journal", "Journal")
wait.until(ready.text_to_be_present_in_element((By.TAG_NAME, "main"), "walked with Marco"))
driver.find_element(By.XPATH, "//li[contains(., 'walked with Marco')]//button[.='Delete']").click()
check(status_says("Deleted."), "the entry is deleted")
wait.until(lambda d: "walked with Marco" not in d.find_element(By.TAG_NAME, "main").text)
driver.find_element(By.XPATH, "//button[.='Undo the last change']").click()
check(status_says("Undone: "), "undo says what it undid")
wait.until(ready.text_to_be_present_in_element((By.TAG_NAME, "main"), "walked with Marco"))

# A write from the terminal shows up in the open page (even right after the page's own write).
driver.find_element(By.TAG_NAME, "h1").click()  # nothing in a form has focus
kith("journal", "add", "typed in a terminal meanwhile")
wait.until(ready.text_to_be_present_in_element((By.TAG_NAME, "main"), "typed in a terminal meanwhile"))
check(True, "a CLI write while serving shows up in the page")

# ---- Accessibility and screenshots of every page --------------------------------------------
serious = []
for name, heading in [("today", "Today"), ("journal", "Journal"), ("network", "Network"),
                      ("schedule", "Schedule"), ("assess", "Check-ins"), ("plan", "Safety plan"),
                      ("reports", "Reports")]:
    for width in (360, 1280):
        driver.set_window_size(width, 900)
        go(name, heading)
        driver.save_screenshot(os.path.join(SHOTS, f"{name}-{width}.png"))
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    serious += [f"{name}: {v['id']} ({v['impact']}): {v['help']}" for v in results["violations"]
                if v["impact"] in ("serious", "critical")]
check(not serious, "axe-core finds no serious or critical violations:\n" + "\n".join(serious))
wide = driver.execute_script("return document.documentElement.scrollWidth")
check(wide <= 1280, "no sideways scrolling on a desktop")
driver.set_window_size(360, 900)
go("today", "Today")
narrow = driver.execute_script("return document.documentElement.scrollWidth")
check(narrow <= 360, f"readable at 360 px without sideways scrolling (page is {narrow} px wide)")

# ---- The store afterwards, through the CLI --------------------------------------------------
stop()
driver = None
server = None
entries = json.loads(kith("journal", "list", "--json"))
check(any("walked with Marco" in e["text"] and e["mood"] == 4 for e in entries), "the check-in is in the store")
calls = json.loads(kith("interactions", "list", "--json"))
check(any(c["channel"] == "call" and c.get("note") == "talked it through" for c in calls), "the call is in the store")
results = json.loads(kith("assess", "results", "--json"))
check(any(r["assessment"] == "phq9" and r.get("risk") for r in results), "the PHQ-9 with its risk answer is stored")
check("my kids" in kith("plan", "show"), "the plan step is stored")
people = {p["name"]: p for p in json.loads(kith("people", "list", "--json"))}
check(people["Marco"]["circle"] == "inner" and people["Ana"]["crisis"], "the people as edited in the page")
print(json.dumps({"checks": checks, "outside_address": outside, "reachable_outside": reachable_outside}))
