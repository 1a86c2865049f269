/*
 * assets.c — the style sheet and the script, compiled in.
 *
 * Why compiled in: tracuu-web is one binary that an IT officer copies or
 * installs; there is no asset folder to lose or to serve wrongly.  The
 * Content-Security-Policy allows only these two same-origin files (no
 * inline style or script anywhere in the pages), and the script only adds
 * niceties — every page works without it.
 */
#include "page.h"

#include <string.h>

static const char CSS[] =
    ":root{--fg:#1d2430;--mute:#5b6475;--line:#d9dee7;--acc:#0b5cad;--mark:#ffe58a;"
    "--bg:#fff;--soft:#f4f6f9}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',"
    "Arial,sans-serif;color:var(--fg);background:var(--bg)}\n"
    "a{color:var(--acc)}\n"
    "header.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;"
    "padding:.75rem 1rem;border-bottom:1px solid var(--line);background:var(--soft)}\n"
    ".brand{font-weight:700;font-size:1.25rem;text-decoration:none;color:var(--fg)}\n"
    "form.search{display:flex;flex:1 1 28rem;gap:.4rem;flex-wrap:wrap}\n"
    "form.search input[type=search]{flex:1 1 16rem;min-width:0;padding:.5rem .6rem;"
    "font-size:1rem;border:1px solid #aab3c2;border-radius:4px}\n"
    "form.search select,form.search button{padding:.45rem .6rem;font-size:1rem;"
    "border:1px solid #aab3c2;border-radius:4px;background:#fff}\n"
    "form.search button{background:var(--acc);color:#fff;border-color:var(--acc)}\n"
    ".help{font-size:.9rem}\n"
    ".layout{display:grid;grid-template-columns:minmax(0,1fr) 17rem;gap:1.5rem;"
    "max-width:75rem;margin:0 auto;padding:1rem}\n"
    "main.home,main.doc,main.number,main.top,main.error,main.help{max-width:60rem;"
    "margin:0 auto;padding:1rem}\n"
    "@media (max-width:50rem){.layout{grid-template-columns:1fr}}\n"
    ".summary{color:var(--mute);margin:.25rem 0}\n"
    ".note,.est{color:var(--mute);font-size:.85rem}\n"
    ".notice{background:#fff6d6;border:1px solid #eed27a;padding:.5rem .75rem;"
    "border-radius:4px}\n"
    ".chips{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.4rem}\n"
    ".chip{display:inline-block;padding:.15rem .6rem;border-radius:1rem;background:#e6effa;"
    "text-decoration:none;font-size:.9rem}\n"
    ".chip.clear{background:none;text-decoration:underline}\n"
    ".sort{font-size:.9rem;color:var(--mute);margin:.25rem 0 .5rem}\n"
    "ol.hits{padding-left:1.5rem}\n"
    "li.hit{margin:0 0 1.1rem}\n"
    "li.hit h3{font-size:1.05rem;margin:0}\n"
    ".meta{color:var(--mute);font-size:.9rem;margin:.1rem 0}\n"
    ".snippet{margin:.2rem 0}\n"
    ".cites,.path{font-size:.85rem;margin:.1rem 0;color:var(--mute)}\n"
    ".fmt{border:1px solid var(--line);border-radius:3px;padding:0 .3rem;font-size:.75rem}\n"
    "mark{background:var(--mark);color:inherit;padding:0 .05em}\n"
    ".facets section{margin-bottom:1rem}\n"
    ".facets h2{font-size:.95rem;margin:.25rem 0}\n"
    ".facets ul{list-style:none;margin:0;padding:0}\n"
    ".facet{display:flex;justify-content:space-between;gap:.5rem;text-decoration:none;"
    "padding:.1rem .3rem;border-radius:3px;font-size:.9rem}\n"
    ".facet:hover{background:var(--soft)}\n"
    ".facet.on{background:#e6effa;font-weight:600}\n"
    ".facet .n{color:var(--mute)}\n"
    "figure.chart{margin:.5rem 0 1rem;overflow-x:auto}\n"
    "figure.chart figcaption{font-size:.9rem;color:var(--mute)}\n"
    "figure.chart rect{fill:#6a9bd1}\n"
    "figure.chart rect.hit{fill:transparent}\n"
    "figure.chart a:hover rect{fill:#0b5cad}\n"
    "figure.chart a:hover rect.hit{fill:rgba(11,92,173,.06)}\n"
    "figure.chart text{font-size:10px;text-anchor:middle;fill:var(--mute)}\n"
    ".pager{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}\n"
    "dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}\n"
    "dl.fields dt{color:var(--mute)}\n"
    "dl.fields dd{margin:0}\n"
    ".text{white-space:pre-wrap;border-top:1px solid var(--line);padding-top:.5rem;"
    "overflow-wrap:anywhere}\n"
    "hr.page{border:0;border-top:1px dashed var(--line)}\n"
    "a.cite{text-decoration-style:dotted}\n"
    "blockquote{margin:.2rem 0 .6rem 1rem;color:var(--mute);font-size:.92rem}\n"
    "ul.citers li{margin-bottom:.4rem}\n"
    "section.cites ul{columns:15rem;padding-left:1.2rem;font-size:.92rem}\n"
    "table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid "
    "var(--line);text-align:left}\n"
    "pre.caret{background:var(--soft);padding:.5rem;overflow-x:auto}\n"
    "footer{max-width:75rem;margin:2rem auto 1rem;padding:0 1rem;font-size:.85rem;"
    "color:var(--mute)}\n";

/* Niceties only: "/" focuses the search box; changing the diacritics mode
 * re-runs the search at once. */
static const char JS[] =
    "'use strict';\n"
    "document.addEventListener('keydown', function (e) {\n"
    "  var q = document.getElementById('q');\n"
    "  if (e.key === '/' && q && document.activeElement !== q &&\n"
    "      !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {\n"
    "    e.preventDefault(); q.focus(); q.select();\n"
    "  }\n"
    "});\n"
    "document.addEventListener('DOMContentLoaded', function () {\n"
    "  var sel = document.querySelector('form.search select[name=dau]');\n"
    "  var q = document.getElementById('q');\n"
    "  if (sel && q) sel.addEventListener('change', function () {\n"
    "    if (q.value.trim() !== '') sel.form.submit();\n"
    "  });\n"
    "});\n";

int wb_static(const char *path, wb_resp *resp)
{
    const char *body;
    size_t len;
    if (strcmp(path, "/static/style.css") == 0) {
        body = CSS;
        len = sizeof CSS - 1;
        resp->ctype = "text/css; charset=utf-8";
    } else if (strcmp(path, "/static/app.js") == 0) {
        body = JS;
        len = sizeof JS - 1;
        resp->ctype = "text/javascript; charset=utf-8";
    } else if (strcmp(path, "/favicon.ico") == 0) {
        resp->status = 204;
        resp->ctype = "image/x-icon";
        resp->cacheable = 1;
        return 1;
    } else {
        return 0;
    }
    resp->status = 200;
    resp->cacheable = 1;
    tr_buf_add(&resp->body, body, len);
    return 1;
}
