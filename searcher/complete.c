/*
 * complete.c — Tab completion for tracuu-search -i (readline), and the
 * lists the shell completion scripts ask for (--complete).
 *
 * Field names and commands complete from fixed lists; provinces from
 * those with documents in the index, document numbers from the index's
 * own numbers (so:) or the numbers cited in it (trich:), types and
 * bodies from the library's tables — as slugs when typed plainly, as
 * quoted names with their marks after a quote, matched by folded keys so
 * that "quang ng" finds "Quảng Ngãi".  Split from interactive.c, which
 * keeps the session itself.
 */
#include "config.h"
#include "searcher.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tr_i18n.h"
#include "tr_meta.h"
#include "tr_normalize.h"
#include "tr_schema.h"

#ifdef TR_HAVE_READLINE
#include <readline/readline.h>

static tr_db *comp_db;      /* the session's database */

void sx_complete_db(tr_db *db)
{
    comp_db = db;
}


typedef struct {
    char **v;
    size_t n, cap;
} strv;

static void strv_add(strv *a, const char *s, size_t len)
{
    if (a->n + 2 > a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 32;
        char **v = realloc(a->v, cap * sizeof *v);
        if (!v)
            return;
        a->v = v;
        a->cap = cap;
    }
    char *c = malloc(len + 1);
    if (!c)
        return;
    memcpy(c, s, len);
    c[len] = '\0';
    a->v[a->n++] = c;
}

/* A comparison key: folded, lower case, letters and digits only, so that
 * "quang ng", "quang-ng" and "Quảng Ng" are all prefixes of "Quảng Ngãi". */
static char *key_of(const char *s)
{
    char *k = tr_slug(s);
    if (!k)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; k[i]; i++)
        if (k[i] != '-')
            k[j++] = k[i];
    k[j] = '\0';
    return k;
}

static int key_prefix(const char *typed, const char *cand)
{
    char *a = key_of(typed), *b = key_of(cand);
    int ok = a && b && strncmp(a, b, strlen(a)) == 0;
    free(a);
    free(b);
    return ok;
}

typedef struct {
    strv *out;
    const char *field;      /* "so:" as typed */
    size_t plen;
} num_ctx;

static int number_cb(const char *t, size_t l, unsigned long f, void *vctx)
{
    (void)f;
    num_ctx *c = vctx;
    if (memchr(t, '@', l) || c->out->n >= 200)
        return c->out->n >= 200;
    char buf[160];
    int n = snprintf(buf, sizeof buf, "%s%.*s", c->field, (int)(l - c->plen), t + c->plen);
    if (n > 0 && (size_t)n < sizeof buf)
        strv_add(c->out, buf, (size_t)n);
    return 0;
}

static int province_cb(const char *t, size_t l, unsigned long f, void *vctx)
{
    (void)f;
    strv *slugs = vctx;
    strv_add(slugs, t + strlen(TR_PFX_PROVINCE), l - strlen(TR_PFX_PROVINCE));
    return 0;
}

/* Candidates for a value of tinh:/province: — the provinces that have
 * documents in the index (all 63 when it has none): slugs when the value
 * is typed plainly, quoted names with their marks after a quote. */
static void complete_province(tr_db *db, const char *field, const char *val, strv *out)
{
    strv slugs = {0};
    tr_db_allterms(db, TR_PFX_PROVINCE, province_cb, &slugs);
    size_t np;
    const tr_province *all = tr_province_all(&np);
    int quoted = val[0] == '"';
    const char *typed = quoted ? val + 1 : val;
    for (size_t i = 0; i < np; i++) {
        int present = slugs.n == 0;
        for (size_t k = 0; k < slugs.n && !present; k++)
            present = strcmp(slugs.v[k], all[i].slug) == 0;
        if (!present || !key_prefix(typed, all[i].name))
            continue;
        char buf[256];
        int n = quoted ? snprintf(buf, sizeof buf, "%s\"%s\"", field, all[i].name)
                       : snprintf(buf, sizeof buf, "%s%s", field, all[i].slug);
        if (n > 0 && (size_t)n < sizeof buf)
            strv_add(out, buf, (size_t)n);
    }
    for (size_t k = 0; k < slugs.n; k++)
        free(slugs.v[k]);
    free(slugs.v);
}

/* Candidates for loai:/type: and coquan:/body: — the known document types
 * and issuing bodies: slugs when typed plainly, quoted names after a
 * quote, as for provinces. */
static void complete_named(const char *field, const char *val, const char *(*name_at)(size_t),
                           strv *out)
{
    int quoted = val[0] == '"';
    const char *typed = quoted ? val + 1 : val, *name;
    for (size_t i = 0; (name = name_at(i)) != NULL; i++) {
        if (!key_prefix(typed, name))
            continue;
        char *slug = quoted ? NULL : tr_slug(name);
        char buf[256];
        int n = quoted ? snprintf(buf, sizeof buf, "%s\"%s\"", field, name)
                       : snprintf(buf, sizeof buf, "%s%s", field, slug ? slug : "");
        if (n > 0 && (size_t)n < sizeof buf && (quoted || slug))
            strv_add(out, buf, (size_t)n);
        free(slug);
    }
}

/* so:/number: offer the numbers of indexed documents, trich:/cites: the
 * numbers cited anywhere in the index (cited documents are often not in
 * it: a Politburo directive cited by every provincial report). */
static void complete_number(tr_db *db, const char *field, const char *val, strv *out)
{
    char pfx[160];
    const char *term = field[0] == 's' || field[0] == 'n' ? TR_PFX_NUMBER : TR_PFX_CITE;
    int n = snprintf(pfx, sizeof pfx, "%s", term);
    /* Numbers are indexed in their canonical upper case. */
    for (const char *p = val; *p && n + 1 < (int)sizeof pfx; p++)
        pfx[n++] = (*p >= 'a' && *p <= 'z') ? (char)(*p - 32) : *p;
    pfx[n] = '\0';
    num_ctx c = {out, field, strlen(term)};
    tr_db_allterms(db, pfx, number_cb, &c);
}

static const char *const words[] = {
    "tinh:", "nam:", "coquan:", "loai:", "so:", "trich:", "province:", "year:",
    "body:", "type:", "number:", "cites:", "OR", "NOT", NULL};
static const char *const commands[] = {
    ":xem", ":show", ":trich", ":sau", ":next", ":truoc", ":prev", ":loc", ":bo",
    ":codau", ":khongdau", ":tudong", ":help", ":q", NULL};

/* The longest common prefix of the candidates, when it extends what was
 * typed (comparing keys, so "quang" may become "Quảng "); else NULL. */
static char *common_prefix(const char *text, const strv *c)
{
    size_t l = strlen(c->v[0]);
    for (size_t i = 1; i < c->n; i++) {
        size_t k = 0;
        while (k < l && c->v[i][k] == c->v[0][k])
            k++;
        l = k;
    }
    while (l && ((unsigned char)c->v[0][l] & 0xC0) == 0x80)
        l--;    /* never inside a character */
    char *p = strndup(c->v[0], l);
    if (!p)
        return NULL;
    if (strlen(p) > strlen(text) && key_prefix(text, p))
        return p;
    free(p);
    return NULL;
}

/* The candidates for the word text (a command when it starts the line). */
static void candidates(const char *text, int start, strv *out)
{
    strv c = {0};
    const char *colon = strchr(text, ':');
    if (start == 0 && text[0] == ':') {
        for (size_t i = 0; commands[i]; i++)
            if (strncmp(commands[i], text, strlen(text)) == 0)
                strv_add(&c, commands[i], strlen(commands[i]));
    } else if (colon) {
        size_t fl = (size_t)(colon - text) + 1;
        char field[16];
        if (fl < sizeof field) {
            memcpy(field, text, fl);
            field[fl] = '\0';
            if (!strcmp(field, "tinh:") || !strcmp(field, "province:"))
                complete_province(comp_db, field, text + fl, &c);
            else if (!strcmp(field, "loai:") || !strcmp(field, "type:"))
                complete_named(field, text + fl, tr_type_name, &c);
            else if (!strcmp(field, "coquan:") || !strcmp(field, "body:"))
                complete_named(field, text + fl, tr_body_name, &c);
            else if (!strcmp(field, "so:") || !strcmp(field, "number:") ||
                     !strcmp(field, "trich:") || !strcmp(field, "cites:"))
                complete_number(comp_db, field, text + fl, &c);
        }
    } else {
        for (size_t i = 0; words[i]; i++)
            if (strncasecmp(words[i], text, strlen(text)) == 0)
                strv_add(&c, words[i], strlen(words[i]));
    }
    *out = c;
}

/* Where the word being completed really starts when readline's word ends
 * inside an open quote ("tinh:\"quang ng": readline sees "ng"): at the
 * field whose quote is still open.  -1 when no quote is open. */
static int open_quote_start(int start)
{
    int q = -1, open = 0;
    for (int i = 0; i < start && rl_line_buffer[i]; i++)
        if (rl_line_buffer[i] == '"') {
            open = !open;
            q = i;
        }
    if (!open)
        return -1;
    while (q > 0 && !strchr(" \t\n()", rl_line_buffer[q - 1]))
        q--;
    return q;
}

static void strv_free(strv *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i]);
    free(c->v);
}

char **sx_complete(const char *text, int start, int end)
{
    rl_attempted_completion_over = 1;   /* never file names */
    strv c = {0};
    int ws = open_quote_start(start);
    if (ws >= 0 && ws < start) {
        /* readline would replace only its own word; the name typed
         * without marks must be replaced whole, so the edit is made here */
        char *full = strndup(rl_line_buffer + ws, (size_t)(end - ws));
        if (!full)
            return NULL;
        candidates(full, ws, &c);
        char *rep = c.n == 1 ? strdup(c.v[0]) : c.n ? common_prefix(full, &c) : NULL;
        if (rep) {
            rl_begin_undo_group();
            rl_delete_text(ws, end);
            rl_point = ws;
            rl_insert_text(rep);
            if (c.n == 1)
                rl_insert_text(" ");
            rl_end_undo_group();
        } else {
            rl_ding();
        }
        free(rep);
        free(full);
        strv_free(&c);
        return NULL;
    }
    candidates(text, start, &c);
    if (c.n == 0) {
        free(c.v);
        return NULL;
    }
    /* A field name wants its value next, not a space. */
    rl_completion_append_character = c.n == 1 && c.v[0][strlen(c.v[0]) - 1] == ':' ? '\0' : ' ';
    char **m = malloc((c.n + 2) * sizeof *m);
    if (!m) {
        for (size_t i = 0; i < c.n; i++)
            free(c.v[i]);
        free(c.v);
        return NULL;
    }
    if (c.n == 1) {
        m[0] = c.v[0];
        m[1] = NULL;
    } else {
        char *lcd = common_prefix(text, &c);
        m[0] = lcd ? lcd : strdup(text);
        memcpy(m + 1, c.v, c.n * sizeof *m);
        m[c.n + 1] = NULL;
    }
    free(c.v);
    return m;
}

#endif /* TR_HAVE_READLINE */

/* ---- --complete, for the shell completion scripts ---- */

/* Slugs (what tinh:, loai:, coquan: take unquoted), then names. */
int sx_complete_list(const char *what)
{
    const char *(*name_at)(size_t) = !strcmp(what, "types")    ? tr_type_name
                                     : !strcmp(what, "bodies") ? tr_body_name
                                                               : NULL;
    if (!strcmp(what, "provinces")) {
        size_t n;
        const tr_province *all = tr_province_all(&n);
        for (size_t i = 0; i < n; i++)
            printf("%s\n", all[i].slug);
        for (size_t i = 0; i < n; i++)
            printf("%s\n", all[i].name);
        return SX_HITS;
    }
    if (!name_at) {
        fprintf(stderr, _("tracuu-search: --complete wants provinces, types or bodies, not "
                          "'%s'\n"), what);
        return SX_USAGE;
    }
    const char *v;
    for (size_t i = 0; (v = name_at(i)) != NULL; i++) {
        char *slug = tr_slug(v);
        if (slug)
            printf("%s\n", slug);
        free(slug);
    }
    for (size_t i = 0; (v = name_at(i)) != NULL; i++)
        printf("%s\n", v);
    return SX_HITS;
}
