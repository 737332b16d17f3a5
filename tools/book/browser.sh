#!/bin/bash
# tools/book/browser.sh [HTML_DIR] - open the book in headless Chromium, as
# a reader would, and fail if a page is blank or a figure did not load.
#
# Why a browser: Doxygen can succeed and still produce a page whose
# content is empty (a markdown slip) or whose figure is missing (a wrong
# IMAGE_PATH); only rendering shows it.  Chromium is driven through
# chromedriver's WebDriver HTTP API with curl: open each page, run a
# short script in it, read the answer.
#
# Checked pages: the main page (index.html) and the questions chapter
# (questions.html, with figures).  A page passes when its body has at
# least 500 characters of visible text and every <img> and SVG <object>
# in it has loaded with a non-zero size.  Exit 1 otherwise.

set -u
cd "$(dirname "$0")/../.."
dir=$(cd "${1:-build/book/html}" 2>/dev/null && pwd) ||
	{ echo "book-browser: no ${1:-build/book/html}; run make book first" >&2; exit 1; }
pages="index.html questions.html"
min_figures_questions=1

for tool in chromium chromedriver curl; do
	command -v $tool > /dev/null ||
		{ echo "book-browser: $tool is missing (make deps installs it)" >&2; exit 1; }
done

tmp=$(mktemp -d /tmp/mmkit-browser.XXXXXX)
port=$((20000 + RANDOM % 20000))
chromedriver --port=$port > "$tmp/chromedriver.log" 2>&1 &
driver=$!
cleanup() { kill $driver 2> /dev/null; wait $driver 2> /dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

api() {	# api METHOD PATH [JSON]: one WebDriver call, the reply on stdout
	curl -s --max-time 60 -X "$1" -H 'Content-Type: application/json' \
		${3:+-d "$3"} "http://127.0.0.1:$port$2"
}

for _ in $(seq 50); do
	api GET /status 2> /dev/null | grep -q '"ready": *true' && break
	sleep 0.1
done

args='"--headless","--no-sandbox","--disable-gpu","--disable-quic","--no-first-run",
"--disable-background-networking","--disable-component-update","--disable-sync",
"--allow-file-access-from-files","--window-size=1200,900","--user-data-dir='"$tmp"'/profile"'
reply=$(api POST /session '{"capabilities":{"alwaysMatch":{"goog:chromeOptions":
	{"binary":"'"$(command -v chromium)"'","args":['"$args"']}}}}')
session=$(printf '%s' "$reply" | grep -o '"sessionId": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/')
[ -n "$session" ] || { echo "book-browser: chromedriver gave no session: $reply" >&2; exit 1; }

# Visible text length, figure count, and the figures that did not load.
script='var t = document.body ? document.body.innerText.trim().length : 0;
var figs = [], bad = [];
document.querySelectorAll("img").forEach(function (i) {
	figs.push(i.src); if (!(i.complete && i.naturalWidth > 0)) bad.push(i.src); });
document.querySelectorAll("object").forEach(function (o) {
	if (o.type != "image/svg+xml") return;
	var d = o.contentDocument, r = o.getBoundingClientRect();
	figs.push(o.data);
	if (!d || !d.documentElement || d.documentElement.tagName != "svg" || r.width == 0) bad.push(o.data); });
return t + " " + figs.length + " " + bad.length + " " + bad.join(",");'
script_json=$(printf '%s' "$script" | tr '\n\t' '  ' | sed 's/"/\\"/g')

failed=0
for page in $pages; do
	api POST "/session/$session/url" '{"url":"file://'"$dir/$page"'"}' > /dev/null
	reply=$(api POST "/session/$session/execute/sync" '{"script":"'"$script_json"'","args":[]}')
	read -r text figs bad badlist < <(printf '%s' "$reply" | sed -n 's/.*"value": *"\([^"]*\)".*/\1/p')
	need=0
	[ "$page" = questions.html ] && need=$min_figures_questions
	if [ -z "${text:-}" ]; then
		echo "FAIL $page: no answer from the browser: $reply"; failed=1
	elif [ "$text" -lt 500 ]; then
		echo "FAIL $page: blank ($text characters of text)"; failed=1
	elif [ "$bad" -ne 0 ] || [ "$figs" -lt $need ]; then
		echo "FAIL $page: $figs figure(s), $bad missing: ${badlist:-fewer than $need}"; failed=1
	else
		echo "PASS $page: $text characters, $figs figure(s) loaded"
	fi
done
api DELETE "/session/$session" > /dev/null
exit $failed
