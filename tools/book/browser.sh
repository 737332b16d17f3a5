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
# Checked pages: the main page (index.html) and every chapter.  A page
# passes when its body has at least 500 characters of visible text and
# every <img> and SVG <object> in it has loaded with a non-zero size (the
# questions chapter and each lab chapter from lab 1 on need at least one
# figure, an SVG <object>; an <img> is only checked to have loaded).  Then the navigation, as
# a reader follows it: the sidebar of the main page lists every chapter
# of tools/book/chapters.sh in reading order; following each page's
# "next" link from the main page visits all of them in that order, each
# with a table of contents and a "previous" link back.  Screenshots of the
# sidebar and of two lab chapters go to build/book-shots/.  Exit 1 if
# anything fails.

set -u
cd "$(dirname "$0")/../.."
dir=$(cd "${1:-build/book/html}" 2>/dev/null && pwd) ||
	{ echo "book-browser: no ${1:-build/book/html}; run make book first" >&2; exit 1; }
edition=student
[ -f "$dir/instructor.html" ] && edition=instructor
chapters=$(tools/book/chapters.sh $edition | cut -f1)
titles=$(tools/book/chapters.sh $edition | cut -f2)
pages="index.html $(printf '%s.html ' $chapters)"
min_figures_questions=4
shots=build/book-shots

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
	if (!(i.complete && i.naturalWidth > 0)) bad.push(i.src); });
document.querySelectorAll("object").forEach(function (o) {
	if (o.type != "image/svg+xml") return;
	var d = o.contentDocument, r = o.getBoundingClientRect();
	figs.push(o.data);
	if (!d || !d.documentElement || d.documentElement.tagName != "svg" || r.width == 0) bad.push(o.data); });
return t + " " + figs.length + " " + bad.length + " " + bad.join(",");'
script_json=$(printf '%s' "$script" | tr '\n\t' '  ' | sed 's/"/\\"/g')

js() {	# js SCRIPT: run SCRIPT in the current page, its string value on stdout
	local json
	json=$(printf '%s' "$1" | tr '\n\t' '  ' | sed 's/"/\\"/g')
	api POST "/session/$session/execute/sync" '{"script":"'"$json"'","args":[]}' |
		sed -n 's/.*"value": *"\(.*\)".*/\1/p'
}
open_page() {	# open_page FILE: load it, then wait (bounded) for the sidebar
	api POST "/session/$session/url" '{"url":"file://'"$dir/$1"'"}' > /dev/null
	for _ in $(seq 50); do
		[ "$(js 'return String(document.querySelectorAll("#nav-tree-contents a").length > 0);')" = true ] && break
		sleep 0.1
	done
}
shot() {	# shot NAME: a screenshot of the current page into $shots/NAME.png
	mkdir -p "$shots"
	api GET "/session/$session/screenshot" | sed -n 's/.*"value": *"\([^"]*\)".*/\1/p' |
		base64 -d > "$shots/$1.png" && [ -s "$shots/$1.png" ] && echo "shot: $shots/$1.png"
}

failed=0
for page in $pages; do
	open_page "$page"
	reply=$(api POST "/session/$session/execute/sync" '{"script":"'"$script_json"'","args":[]}')
	read -r text figs bad badlist < <(printf '%s' "$reply" | sed -n 's/.*"value": *"\([^"]*\)".*/\1/p')
	need=0
	case "$page" in
	questions.html) need=$min_figures_questions ;;
	lab[1-8].html) need=1 ;;	# each lab from 1 on has its figure
	esac
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

# The sidebar, as the main page draws it: the chapters' titles in order,
# right after the main page's own entry.
open_page index.html
sidebar=$(js 'var a = [], n = document.querySelectorAll("#nav-tree-contents > ul > li > ul > li > div.item a");
n.forEach(function (e) { a.push(e.textContent.trim()); }); return a.join("|");')
want=$(printf '%s\n' "$titles" | paste -sd'|')
got=$(printf '%s' "$sidebar" | tr '|' '\n' | grep -vx 'mmkit:.*' | head -n "$(printf '%s\n' "$chapters" | wc -l)" | paste -sd'|')
if [ "$got" = "$want" ]; then
	echo "PASS sidebar: $(printf '%s\n' "$chapters" | wc -l) chapters in reading order"
else
	echo "FAIL sidebar: lists \"$got\", want \"$want\""; failed=1
fi
shot sidebar

# The previous/next chain from the main page: every chapter once, in
# order, each with its table of contents and a link back.
prev=index.html
page=index.html
visited=
for _ in $chapters end; do
	open_page "$page"
	nav=$(js 'var n = document.querySelector("div.chapnav .navnext a"), p = document.querySelector("div.chapnav .navprev a");
return (n ? n.getAttribute("href").split("#")[0] : "-") + " " + (p ? p.getAttribute("href").split("#")[0] : "-") + " " +
(document.querySelector("div.toc") ? "toc" : "no-toc");')
	read -r next back toc <<< "$nav"
	if [ "$page" != index.html ]; then
		visited="$visited ${page%.html}"
		[ "$back" = "$prev" ] || { echo "FAIL $page: previous links to $back, want $prev"; failed=1; }
		[ "$toc" = toc ] || { echo "FAIL $page: no table of contents"; failed=1; }
	fi
	[ "${next:--}" = - ] && break
	prev=$page
	page=$next
done
if [ "$visited" = " $(printf '%s\n' "$chapters" | paste -sd' ')" ]; then
	echo "PASS next links: index.html ->$visited"
else
	echo "FAIL next links: index.html ->$visited; want $(printf '%s\n' "$chapters" | paste -sd' ')"; failed=1
fi

for lab in lab1 lab3; do
	open_page $lab.html
	shot $lab
	open_page "$lab.html#${lab}_assignment"
	[ "$(js 'return String(!!document.getElementById("'"${lab}"'_assignment"));')" = true ] && shot ${lab}_assignment
done
api DELETE "/session/$session" > /dev/null
exit $failed
