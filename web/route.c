/*
 * route.c — PLACEHOLDER until the pages land: "/" answers a tiny page,
 * "/api/ping" {"ok":true}, anything else 404.  Replaced wholesale.
 */
#include "web.h"

#include <string.h>

void wb_handle(const wb_req *req, wb_resp *resp)
{
    if (strcmp(req->path, "/") == 0) {
        resp->status = 200;
        resp->ctype = "text/html; charset=utf-8";
        tr_buf_adds(&resp->body, "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
                                 "<title>tracuu</title></head>\n<body><h1>tracuu</h1>");
        if (req->user) {
            tr_buf_adds(&resp->body, "<p>");
            wb_htmls(&resp->body, req->user);
            tr_buf_adds(&resp->body, "</p>");
        }
        tr_buf_adds(&resp->body, "</body></html>\n");
    } else if (strcmp(req->path, "/api/ping") == 0) {
        resp->status = 200;
        resp->ctype = "application/json";
        tr_buf_adds(&resp->body, "{\"ok\":true}\n");
    } else {
        resp->status = 404;
        resp->ctype = "text/plain; charset=utf-8";
        tr_buf_adds(&resp->body, "404 not found\n");
    }
}
