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

/* Whether typed begins cand, both compared as slugs (folded, lower case)
 * whose word breaks may be left out of what is typed: "quang ng",
 * "quang-ng", "Quảng Ng" and "quangng" all begin "Quảng Ngãi", "hanoi"
 * begins "Hà Nội".  A break typed is a break wanted: "ha-" or "ha "
 * begins "Hà Nam", not "Hải Dương". */
static int key_prefix(const char *typed, const char *cand)
{
    char *a = tr_slug(typed), *b = tr_slug(cand);
    int ok = a && b;
    size_t i = 0, j = 0;
    while (ok && a[i]) {
        if (a[i] == '-')
            ok = b[j] == '-';
        else if (b[j] == '-') {
            j++;
            continue;
        } else
            ok = a[i] == b[j];
        i++;
        j++;
    }
    /* tr_slug trims a trailing break: look at what was typed */
    size_t n = strlen(typed);
    if (ok && i && n && (typed[n - 1] == ' ' || typed[n - 1] == '-'))
        ok = b[j] == '\0' || b[j] == '-';
    free(a);
    free(b);
    return ok;
}

/* How typed matches a name (or its slug): 2 when it begins it, 1 when it
 * begins one of its later words only — "ho chi" and "minh" find "Thành
 * phố Hồ Chí Minh", whose first words nobody types — else 0.  A list
 * offers its best matches only, so "quang" still grows to "quang-"
 * without "Tuyên Quang" in the way. */
static int name_match(const char *typed, const char *name, const char *slug)
{
    if (key_prefix(typed, name) || (slug && key_prefix(typed, slug)))
        return 2;
    for (const char *w = strchr(name, ' '); w; w = strchr(w + 1, ' '))
        if (key_prefix(typed, w + 1))
            return 1;
    return 0;
}

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
    int best = 0, *level = calloc(np ? np : 1, sizeof *level);
    for (size_t i = 0; level && i < np; i++) {
        int present = slugs.n == 0;
        for (size_t k = 0; k < slugs.n && !present; k++)
            present = strcmp(slugs.v[k], all[i].slug) == 0;
        level[i] = present ? name_match(typed, all[i].name, all[i].slug) : 0;
        best = level[i] > best ? level[i] : best;
    }
    for (size_t i = 0; best && i < np; i++) {
        if (level[i] != best)
            continue;
        char buf[256];
        int n = quoted ? snprintf(buf, sizeof buf, "%s\"%s\"", field, all[i].name)
                       : snprintf(buf, sizeof buf, "%s%s", field, all[i].slug);
        if (n > 0 && (size_t)n < sizeof buf)
            strv_add(out, buf, (size_t)n);
    }
    free(level);
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
    int best = 0;
    for (size_t i = 0; (name = name_at(i)) != NULL; i++) {
        int l = name_match(typed, name, NULL);
        best = l > best ? l : best;
    }
    for (size_t i = 0; best && (name = name_at(i)) != NULL; i++) {
        if (name_match(typed, name, NULL) != best)
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

/* Slugs (what tinh:, loai:, coquan: take unquoted), then names.  Given
 * TYPED, the word being completed, only those it begins, compared by
 * folded keys as at the -i prompt (name_match), so that "quang n",
 * "Quang N" and "Quảng N" all find "Quảng Nam", "minh" finds "Thành phố
 * Hồ Chí Minh": slugs when the word is typed as one
 * ("quang-n", "ha"), names otherwise, both for an empty word — unless
 * WHAT asks for one kind ("provinces:slugs", "provinces:names"). */
static const tr_province *prov_all;
static size_t prov_n;

static const char *province_name(size_t i)
{
    return i < prov_n ? prov_all[i].name : NULL;
}

static int plain_word(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

int sx_complete_list(const char *what, const char *typed)
{
    /* "provinces:slugs" after tinh: (the query language takes slugs),
     * "provinces:names" after an opening quote, whatever is typed */
    const char *colon = strchr(what, ':');
    size_t wl = colon ? (size_t)(colon - what) : strlen(what);
    int only = !colon ? 0 : !strcmp(colon, ":slugs") ? 1 : !strcmp(colon, ":names") ? 2 : -1;
#define IS(w) (wl == strlen(w) && !strncmp(what, w, wl))
    int prov = IS("provinces");
    const char *(*name_at)(size_t) = only < 0      ? NULL
                                     : prov        ? province_name
                                     : IS("types")  ? tr_type_name
                                     : IS("bodies") ? tr_body_name
                                                    : NULL;
#undef IS
    if (!name_at) {
        fprintf(stderr, _("tracuu-search: --complete wants provinces, types or bodies, not "
                          "'%s'\n"), what);
        return SX_USAGE;
    }
    if (prov)
        prov_all = tr_province_all(&prov_n);
    int all = !typed || !*typed, plain = !all && plain_word(typed), best = 0;
    const char *v;
    for (size_t i = 0; !all && (v = name_at(i)) != NULL; i++) {
        int l = name_match(typed, v, prov ? prov_all[i].slug : NULL);
        best = l > best ? l : best;
    }
    if (!all && !best)
        return SX_HITS;
    int slugs = only ? only == 1 : all || plain, names = only ? only == 2 : all || !plain;
    if (slugs)
        for (size_t i = 0; (v = name_at(i)) != NULL; i++) {
            if (!all && name_match(typed, v, prov ? prov_all[i].slug : NULL) != best)
                continue;
            char *slug = prov ? strdup(prov_all[i].slug) : tr_slug(v);
            if (slug)
                printf("%s\n", slug);
            free(slug);
        }
    if (names)
        for (size_t i = 0; (v = name_at(i)) != NULL; i++)
            if (all || name_match(typed, v, prov ? prov_all[i].slug : NULL) == best)
                printf("%s\n", v);
    return SX_HITS;
}
