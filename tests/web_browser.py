"""web_browser.py URL OUTDIR — tracuu-web in a real browser (headless
Chromium driven by Selenium), printing TAP lines (no plan: the calling
shell test counts them).

What a member of staff does: type a query with and without marks, see the
hits; click a facet and see the counts and the URL change; read the year
chart and click a bar; open a document and follow a citation; use the page
on a phone-sized screen; do all of it with JavaScript switched off.
Screenshots of the main pages are saved in OUTDIR to be looked at.
"""
import json
import os
import sys
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

URL, OUT = sys.argv[1], sys.argv[2]
n = 0
failed = 0


def ok(cond, name, diag=None):
    global n, failed
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, name), flush=True)
    if not cond:
        failed += 1
        if diag is not None:
            for line in str(diag).splitlines()[:10]:
                print("#   " + line)


def driver(js=True, width=1280, height=1000):
    o = webdriver.ChromeOptions()
    o.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=%d,%d" % (width, height), "--lang=vi"):
        o.add_argument(a)
    if not js:
        o.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")),
                         options=o)
    d.set_page_load_timeout(20)
    return d


def total(d):
    return int(d.find_element(By.ID, "summary").get_attribute("data-total"))


def search(d, text):
    box = d.find_element(By.ID, "q")
    box.clear()
    box.send_keys(text)
    old = d.find_element(By.TAG_NAME, "html")
    box.send_keys(Keys.ENTER)
    WebDriverWait(d, 10).until(EC.staleness_of(old))
    WebDriverWait(d, 10).until(EC.presence_of_element_located((By.ID, "summary")))


def api(path):
    with urllib.request.urlopen(URL + path, timeout=10) as r:
        return json.load(r)


d = driver()
try:
    d.get(URL)
    ok(d.find_element(By.ID, "q").is_displayed(), "the home page shows the search box")

    # Typing, with and without marks.
    search(d, "giải phóng mặt bằng")
    hits = d.find_elements(By.CSS_SELECTOR, "li.hit")
    ok(total(d) == 3 and len(hits) == 3, "typed with marks: 3 hits", (total(d), len(hits)))
    marks = d.find_elements(By.CSS_SELECTOR, "li.hit .snippet mark")
    ok(marks and all(m.text.lower() in ("giải", "phóng", "mặt", "bằng", "giải phóng mặt bằng")
                     for m in marks), "the passages mark the words typed",
       [m.text for m in marks])
    ok("q=" in d.current_url, "the query is in the URL", d.current_url)
    d.save_screenshot(os.path.join(OUT, "search.png"))
    search(d, "giai phong mat bang")
    ok(total(d) == 3, "typed without marks: the same 3 hits", total(d))

    # A facet: the URL and the counts change.
    search(d, "dân vận")
    before = total(d)
    link = d.find_element(By.CSS_SELECTOR, 'section[data-facet="province"] a.facet')
    name = link.find_element(By.CSS_SELECTOR, ".v").text
    count = int(link.find_element(By.CSS_SELECTOR, ".n").text.replace(".", ""))
    link.click()
    WebDriverWait(d, 10).until(lambda x: "tinh=" in x.current_url)
    ok(total(d) == count and count < before,
       "clicking the province facet '%s' filters to its count %d (of %d)" % (name, count, before),
       (total(d), count, before))
    chips = d.find_elements(By.CSS_SELECTOR, "a.chip")
    ok(any(name in c.text for c in chips), "the active filter shows as a chip",
       [c.text for c in chips])
    years = {e.find_element(By.CSS_SELECTOR, ".v").text: int(e.find_element(By.CSS_SELECTOR, ".n").text)
             for e in d.find_elements(By.CSS_SELECTOR, 'section[data-facet="year"] a.facet')}
    ok(sum(years.values()) <= count, "the year facet now counts only the filtered documents",
       (years, count))
    d.save_screenshot(os.path.join(OUT, "facet.png"))
    chips[0].click()
    WebDriverWait(d, 10).until(lambda x: "tinh=" not in x.current_url)
    ok(total(d) == before, "removing the chip restores the total", (total(d), before))

    # The year chart of "giải phóng": bars as the API's by_year.
    d.get(URL + "?q=" + urllib.parse.quote("giải phóng"))
    want = api("api/search?limit=0&by_year=1&q=" + urllib.parse.quote("giải phóng"))["by_year"]
    bars = d.find_elements(By.CSS_SELECTOR, "figure.chart rect[data-year]")
    got = {b.get_attribute("data-year"): int(b.get_attribute("data-count")) for b in bars}
    ok(got == {k: v for k, v in want.items()}, "the chart has one bar per year, as the API counts",
       (got, want))
    heights = {b.get_attribute("data-year"): float(b.get_attribute("height")) for b in bars}
    top = max(want, key=lambda y: want[y])
    ok(all(heights[y] == 0 for y in want if want[y] == 0) and
       all(heights[top] >= heights[y] for y in want),
       "zero years have no bar and the highest count the tallest", heights)
    year = [y for y in want if want[y] > 0][0]
    d.find_element(By.CSS_SELECTOR, 'rect[data-year="%s"]' % year).find_element(By.XPATH, "..").click()
    WebDriverWait(d, 10).until(lambda x: "nam=" + year in x.current_url)
    ok(total(d) == want[year], "clicking the %s bar filters to its %d documents" % (year, want[year]),
       total(d))

    # A document, and a citation in it.
    d.get(URL + "?q=" + urllib.parse.quote("trich:43-CT/TW"))
    d.find_element(By.CSS_SELECTOR, "li.hit h3 a").click()
    WebDriverWait(d, 10).until(EC.presence_of_element_located((By.ID, "text")))
    ok("/van-ban/" in d.current_url, "the hit's title opens the document", d.current_url)
    d.save_screenshot(os.path.join(OUT, "document.png"))
    cite = [a for a in d.find_elements(By.CSS_SELECTOR, "#text a.cite") if "43-CT/TW" in a.text]
    ok(bool(cite), "the citation of 43-CT/TW in the text is a link")
    if cite:
        cite[0].click()
        WebDriverWait(d, 10).until(lambda x: "/so/" in x.current_url or "/van-ban/" in x.current_url)
        h1 = d.find_element(By.TAG_NAME, "h1").text
        ok("43-CT/TW" in h1, "following it leads to the page of 43-CT/TW", h1)
        d.save_screenshot(os.path.join(OUT, "number.png"))
        citers = d.find_elements(By.CSS_SELECTOR, "ul.citers li")
        ok(len(citers) == 2, "which lists its 2 citers with their sentences", len(citers))

    # No errors in the console (a CSP violation would show here).
    logs = [l for l in d.get_log("browser") if l["level"] == "SEVERE"]
    ok(not logs, "no errors in the browser console", logs)
finally:
    d.quit()

# A phone.
d = driver(width=390, height=844)
try:
    d.get(URL + "?q=" + urllib.parse.quote("dân vận"))
    sw = d.execute_script("return document.documentElement.scrollWidth")
    iw = d.execute_script("return window.innerWidth")
    ok(sw <= iw + 1, "on a phone the page fits the screen width (%d <= %d)" % (sw, iw))
    d.save_screenshot(os.path.join(OUT, "phone.png"))
finally:
    d.quit()

# Without JavaScript.
d = driver(js=False)
try:
    d.get(URL)
    search(d, "giải phóng mặt bằng")
    ok(total(d) == 3, "without JavaScript the search still works", total(d))
    d.find_element(By.CSS_SELECTOR, 'section[data-facet="year"] a.facet').click()
    WebDriverWait(d, 10).until(lambda x: "nam=" in x.current_url)
    ok(total(d) >= 1, "…and so do the facets")
finally:
    d.quit()
sys.exit(1 if failed else 0)
