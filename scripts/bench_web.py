#!/usr/bin/env python3
"""The web app's Today page on ten years of data: time from navigation to its first complete
render (the last of its RPC answers, after which the page is drawn), median of 7 loads in
headless Chromium. Run by scripts/bench.sh; prints one line for docs/performance.md.

Usage: bench_web.py KITH_BINARY
"""
import os
import statistics
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

kith = sys.argv[1]
folder = tempfile.mkdtemp(prefix="kith-bench-web-")
env = dict(os.environ, HOME=folder, KITH_STORE=os.path.join(folder, "k.sqlite"), KITH_BUNDLED_PLUGINS="", TZ="UTC")
env.pop("KITH_PLUGIN_PATH", None)
subprocess.run([kith, "init"], env=env, check=True, capture_output=True)
generator = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench", "ten_years.lua")
subprocess.run([kith, "run", generator], env=env, check=True, capture_output=True)

server = subprocess.Popen([kith, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
link = server.stdout.readline().strip()
options = Options()
options.binary_location = "/usr/bin/chromium"
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"]:
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    driver.get(link)
    base = link.split("/?")[0]
    times = []
    for _ in range(7):
        driver.get("about:blank")
        driver.get(base + "/#today")
        WebDriverWait(driver, 30).until(ready.presence_of_element_located((By.ID, "coming")))
        # The page draws Today when its last answer arrives: that answer's end is the render.
        last = driver.execute_script(
            "return Math.max(...performance.getEntriesByType('resource')"
            ".filter(e => e.name.endsWith('/rpc')).map(e => e.responseEnd))")
        times.append(last)
    print("Today page, first complete render on ten years of data (median of 7): %.0f ms (target < 200 ms)"
          % statistics.median(times))
finally:
    driver.quit()
    server.terminate()
    server.wait(timeout=20)
