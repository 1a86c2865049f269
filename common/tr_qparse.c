/*
 * tr_qparse — what the user typed, as a tree (the language is described in
 * tr_qparse.h).
 *
 * A hand-written recursive-descent parser: the grammar is four levels deep
 * and its error messages must point at a column the user can see, which a
 * generated parser makes harder, not easier.
 *
 *   query   := or
 *   or      := and ( "OR" and )*
 *   and     := unary+
 *   unary   := ( "NOT" | "-" ) unary | primary
 *   primary := "(" or ")" | quoted-phrase | field | word
 *
 * The parser knows nothing of tokenizing or normalising words (the
 * compiler does that), so it can run before a database is opened and
 * under a fuzzer without the rest of the library.  It only needs to tell
 * a word from punctuation: a "word" without a letter or digit (a lone '-',
 * "…") is dropped here, so that a query of punctuation alone is "empty".
 */
#include "config.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tr_i18n.h"
#include "tr_qparse_int.h"

const char *const trq_field_vi[TRQ_NFIELDS] = {"tinh", "nam", "coquan", "loai",
                                               "so", "trich"};
const char *const trq_field_en[TRQ_NFIELDS] = {"province", "year", "body", "type",
                                               "number", "cites"};

void trq_seterr(tr_qerror *err, size_t pos, size_t col, const char *fmt, ...)
{
    va_list ap;
    if (!err)
        return;
    err->pos = pos;
    err->col = col;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, tr_lmsg(fmt), ap);
    va_end(ap);
}

int trq_field_lookup(const char *name, size_t len)
{
    utf8proc_uint8_t *f = NULL;
    char key[16];
    size_t k = 0;
    int found = -1;
    if (len == 0 || len > 64)
        return -1;
    if (utf8proc_map((const utf8proc_uint8_t *)name, (utf8proc_ssize_t)len, &f,
                     UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD) < 0)
        return -1;
    /* What is left must be plain ASCII letters; đ does not decompose. */
    for (const unsigned char *s = f; *s; s++) {
        char c;
        if (s[0] == 0xC4 && s[1] == 0x91) {
            c = 'd';
            s++;
        } else if (*s >= 'a' && *s <= 'z') {
            c = (char)*s;
        } else {
            k = sizeof key;
            break;
        }
        if (k + 1 >= sizeof key)
            break;
        key[k++] = c;
    }
    free(f);
    if (k >= sizeof key - 1)
        return -1;
    key[k] = 0;
    for (int i = 0; i < TRQ_NFIELDS; i++)
        if (strcmp(key, trq_field_vi[i]) == 0 || strcmp(key, trq_field_en[i]) == 0)
            found = i;
    return found;
}

/* ---- the tree ----------------------------------------------------------- */

void tr_qast_free(tr_qast *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n; i++)
        tr_qast_free(a->kid[i]);
    free(a->kid);
    free(a->text);
    free(a);
}

/* ---- parser state ------------------------------------------------------- */

typedef struct {
    const char *s;
    size_t len, i;
    int depth;
    size_t nterms;
    int failed;            /* 0, -1 syntax error, -2 out of memory */
    tr_qerror *err;
    size_t cpos, ccol;     /* column cache: byte cpos is at column ccol */
} parser;

static size_t decode(const parser *p, size_t i, int32_t *cp)
{
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p->s + i,
                                          (utf8proc_ssize_t)(p->len - i), cp);
    return n > 0 ? (size_t)n : 1;
}

/* Combining marks take no column: NFD input lines up with what is shown. */
static size_t col_at(parser *p, size_t pos)
{
    if (pos < p->cpos) {
        p->cpos = 0;
        p->ccol = 1;
    }
    while (p->cpos < pos && p->cpos < p->len) {
        int32_t cp;
        p->cpos += decode(p, p->cpos, &cp);
        utf8proc_category_t c = utf8proc_category(cp);
        if (c != UTF8PROC_CATEGORY_MN && c != UTF8PROC_CATEGORY_ME)
            p->ccol++;
    }
    return p->ccol;
}

static void fail(parser *p, size_t pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void fail(parser *p, size_t pos, const char *fmt, ...)
{
    va_list ap;
    if (p->failed)
        return;
    p->failed = -1;
    if (!p->err)
        return;
    p->err->pos = pos;
    p->err->col = col_at(p, pos);
    va_start(ap, fmt);
    vsnprintf(p->err->msg, sizeof p->err->msg, tr_lmsg(fmt), ap);
    va_end(ap);
}

static void oom(parser *p)
{
    if (!p->failed)
        p->failed = -2;
    if (p->err)
        trq_seterr(p->err, 0, 1, "out of memory");
}

static int is_space(int32_t cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xFEFF || cp == 0x200B ||
           utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/* Straight quotes and the curly ones phone keyboards type. */
static int is_quote(int32_t cp)
{
    return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E;
}

static int is_boundary(int32_t cp)
{
    return is_space(cp) || cp == '(' || cp == ')' || is_quote(cp);
}

static void skip_space(parser *p)
{
    while (p->i < p->len) {
        int32_t cp;
        size_t n = decode(p, p->i, &cp);
        if (!is_space(cp))
            break;
        p->i += n;
    }
}

/* End of the word starting at i. */
static size_t word_end(const parser *p, size_t i)
{
    while (i < p->len) {
        int32_t cp;
        size_t n = decode(p, i, &cp);
        if (is_boundary(cp))
            break;
        i += n;
    }
    return i;
}

static int has_alnum(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            return 0;
        utf8proc_category_t c = utf8proc_category(cp);
        if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO)
            return 1;
        if (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO)
            return 1;
        i += (size_t)n;
    }
    return 0;
}

/* Letters (and the marks of an NFD letter) only: the shape of a field name. */
static int all_letters(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            return 0;
        utf8proc_category_t c = utf8proc_category(cp);
        if (!(c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME))
            return 0;
        i += (size_t)n;
    }
    return len > 0;
}

typedef enum { K_END, K_LPAREN, K_RPAREN, K_QUOTE, K_OR, K_NOT, K_MINUS, K_WORD } kind;

/* What comes next (after spaces, which it skips). */
static kind peek(parser *p)
{
    skip_space(p);
    if (p->i >= p->len)
        return K_END;
    int32_t cp;
    size_t n = decode(p, p->i, &cp);
    if (cp == '(')
        return K_LPAREN;
    if (cp == ')')
        return K_RPAREN;
    if (is_quote(cp))
        return K_QUOTE;
    if (cp == '-' && p->i + 1 < p->len) {
        int32_t nx;
        decode(p, p->i + n, &nx);
        if (!is_space(nx) && nx != ')')
            return K_MINUS;
    }
    size_t e = word_end(p, p->i);
    if (e - p->i == 2 && memcmp(p->s + p->i, "OR", 2) == 0)
        return K_OR;
    if (e - p->i == 3 && memcmp(p->s + p->i, "NOT", 3) == 0)
        return K_NOT;
    return K_WORD;
}

static tr_qast *node(parser *p, trq_kind k, size_t pos)
{
    tr_qast *a = calloc(1, sizeof *a);
    if (!a) {
        oom(p);
        return NULL;
    }
    a->kind = k;
    a->pos = pos;
    a->col = col_at(p, pos);
    return a;
}

static int set_text(parser *p, tr_qast *a, const char *s, size_t n)
{
    a->text = malloc(n + 1);
    if (!a->text) {
        oom(p);
        return -1;
    }
    memcpy(a->text, s, n);
    a->text[n] = 0;
    a->tlen = n;
    return 0;
}

static int add_kid(parser *p, tr_qast *a, tr_qast *k)
{
    tr_qast **v = realloc(a->kid, (a->n + 1) * sizeof *v);
    if (!v) {
        oom(p);
        tr_qast_free(k);
        return -1;
    }
    a->kid = v;
    a->kid[a->n++] = k;
    return 0;
}

static int count_term(parser *p, size_t pos)
{
    if (++p->nterms > TR_QUERY_MAX_TERMS) {
        fail(p, pos, "query too long: more than %d terms", TR_QUERY_MAX_TERMS);
        return -1;
    }
    return 0;
}

static tr_qast *word(parser *p, size_t a, size_t b)
{
    if (!has_alnum(p->s + a, b - a))
        return NULL;   /* punctuation: nothing to search for */
    if (count_term(p, a))
        return NULL;
    tr_qast *w = node(p, TRQ_WORD, a);
    if (w && set_text(p, w, p->s + a, b - a)) {
        tr_qast_free(w);
        return NULL;
    }
    return w;
}

/* A quoted string starting at p->i (on the quote): sets [*a, *b) to its
 * contents and moves past the closing quote. */
static int quoted(parser *p, size_t *a, size_t *b)
{
    size_t q = p->i;
    int32_t cp;
    size_t i = q + decode(p, q, &cp);
    *a = i;
    while (i < p->len) {
        size_t n = decode(p, i, &cp);
        if (is_quote(cp)) {
            *b = i;
            p->i = i + n;
            return 0;
        }
        i += n;
    }
    fail(p, q, "unbalanced quote: no closing '\"' for the quote at column %zu",
         col_at(p, q));
    return -1;
}

static tr_qast *phrase(parser *p)
{
    size_t a, b, q = p->i;
    if (quoted(p, &a, &b))
        return NULL;
    tr_qast *ph = node(p, TRQ_PHRASE, q);
    if (!ph)
        return NULL;
    size_t i = a;
    while (i < b && !p->failed) {
        int32_t cp;
        size_t n = decode(p, i, &cp);
        if (is_space(cp)) {
            i += n;
            continue;
        }
        size_t e = i;
        while (e < b) {
            n = decode(p, e, &cp);
            if (is_space(cp))
                break;
            e += n;
        }
        tr_qast *w = word(p, i, e);
        if (w)
            add_kid(p, ph, w);
        i = e;
    }
    if (p->failed || ph->n < 2) {
        /* A quoted single word is that word. */
        tr_qast *only = !p->failed && ph->n == 1 ? ph->kid[0] : NULL;
        if (only)
            ph->n = 0;
        tr_qast_free(ph);
        return only;
    }
    return ph;
}

static const char known_fields[] = "tinh, nam, coquan, loai, so, trich";

/* A word, or a field when it looks like name:value. */
static tr_qast *word_or_field(parser *p)
{
    size_t a = p->i, b = word_end(p, a);
    const char *colon = memchr(p->s + a, ':', b - a);
    p->i = b;
    if (colon && colon > p->s + a) {
        size_t k = (size_t)(colon - p->s);
        int fid = trq_field_lookup(p->s + a, k - a);
        int32_t cp = 0;
        if (k + 1 == b && b < p->len)
            decode(p, b, &cp);
        int quote_follows = k + 1 == b && is_quote(cp);
        int has_value = k + 1 < b || quote_follows;
        if (fid < 0) {
            if (has_value && all_letters(p->s + a, k - a)) {
                fail(p, a, "unknown field '%.*s:'; known: %s", (int)(k - a), p->s + a,
                     known_fields);
                return NULL;
            }
            return word(p, a, b);
        }
        if (!has_value) {
            fail(p, a, "missing value after '%.*s:' (write %s:value, with no space)",
                 (int)(k - a), p->s + a, trq_field_vi[fid]);
            return NULL;
        }
        if (count_term(p, a))
            return NULL;
        tr_qast *f = node(p, TRQ_FIELD, a);
        if (!f)
            return NULL;
        f->field = (trq_field)fid;
        size_t va = k + 1, vb = b;
        if (quote_follows) {
            if (quoted(p, &va, &vb)) {
                tr_qast_free(f);
                return NULL;
            }
            f->quoted = 1;
        }
        f->vpos = va;
        f->vcol = col_at(p, va);
        if (set_text(p, f, p->s + va, vb - va)) {
            tr_qast_free(f);
            return NULL;
        }
        if (!has_alnum(f->text, f->tlen)) {
            fail(p, va, "empty value for '%.*s:'", (int)(k - a), p->s + a);
            tr_qast_free(f);
            return NULL;
        }
        return f;
    }
    return word(p, a, b);
}

static tr_qast *parse_or(parser *p);

/* NULL with p->failed == 0 means "nothing here" (punctuation). */
static tr_qast *primary(parser *p)
{
    size_t at = p->i;
    switch (peek(p)) {
    case K_LPAREN: {
        at = p->i;
        if (++p->depth > TR_QUERY_MAX_DEPTH) {
            fail(p, at, "query nested too deeply (more than %d levels)",
                 TR_QUERY_MAX_DEPTH);
            return NULL;
        }
        p->i++;
        if (peek(p) == K_RPAREN) {
            fail(p, at, "empty parentheses");
            return NULL;
        }
        tr_qast *in = parse_or(p);
        if (p->failed) {
            tr_qast_free(in);
            return NULL;
        }
        if (peek(p) != K_RPAREN) {
            tr_qast_free(in);
            fail(p, at, "unbalanced parenthesis: no ')' for the '(' at column %zu",
                 col_at(p, at));
            return NULL;
        }
        p->i++;
        p->depth--;
        return in;
    }
    case K_QUOTE:
        return phrase(p);
    case K_WORD:
        return word_or_field(p);
    default:
        fail(p, at, "internal: unexpected token");
        return NULL;
    }
}

static int is_negative(const tr_qast *a)
{
    if (!a)
        return 0;
    if (a->kind == TRQ_NOT)
        return 1;
    if (a->kind != TRQ_AND)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (!is_negative(a->kid[i]))
            return 0;
    return 1;
}

static tr_qast *unary(parser *p)
{
    kind k = peek(p);
    if (k != K_NOT && k != K_MINUS)
        return primary(p);
    size_t at = p->i;
    p->i += k == K_NOT ? 3 : 1;
    if (++p->depth > TR_QUERY_MAX_DEPTH) {
        fail(p, at, "query nested too deeply (more than %d levels)", TR_QUERY_MAX_DEPTH);
        return NULL;
    }
    kind nk = peek(p);
    if (nk == K_END || nk == K_RPAREN || nk == K_OR) {
        fail(p, at, "%s needs a term after it", k == K_NOT ? "NOT" : "'-'");
        return NULL;
    }
    tr_qast *x = unary(p);
    p->depth--;
    if (!x)
        return NULL;
    if (x->kind == TRQ_NOT) {   /* --a is a */
        tr_qast *in = x->kid[0];
        x->n = 0;
        tr_qast_free(x);
        return in;
    }
    tr_qast *n = node(p, TRQ_NOT, at);
    if (!n || add_kid(p, n, x)) {
        if (!n)
            tr_qast_free(x);
        tr_qast_free(n);
        return NULL;
    }
    return n;
}

/* Adds k to the n-ary node g, flattening a k of the same kind. */
static int absorb(parser *p, tr_qast *g, tr_qast *k)
{
    if (k->kind != g->kind)
        return add_kid(p, g, k);
    for (size_t i = 0; i < k->n; i++)
        if (add_kid(p, g, k->kid[i])) {
            k->kid[i] = NULL;
            for (size_t j = i + 1; j < k->n; j++)
                tr_qast_free(k->kid[j]);
            k->n = 0;
            tr_qast_free(k);
            return -1;
        }
    k->n = 0;
    tr_qast_free(k);
    return 0;
}

/* Collapses a group of one into its member; NULL for an empty group. */
static tr_qast *finish_group(tr_qast *g)
{
    if (g->n > 1)
        return g;
    tr_qast *only = g->n ? g->kid[0] : NULL;
    g->n = 0;
    tr_qast_free(g);
    return only;
}

static tr_qast *parse_and(parser *p)
{
    tr_qast *g = node(p, TRQ_AND, p->i);
    if (!g)
        return NULL;
    for (;;) {
        kind k = peek(p);
        if (k == K_END || k == K_RPAREN || k == K_OR)
            break;
        tr_qast *x = unary(p);
        if (p->failed || (x && absorb(p, g, x))) {
            tr_qast_free(x);
            tr_qast_free(g);
            return NULL;
        }
    }
    if (g->n)
        g->pos = g->kid[0]->pos, g->col = g->kid[0]->col;
    return finish_group(g);
}

static tr_qast *parse_or(parser *p)
{
    tr_qast *g = node(p, TRQ_OR, p->i);
    if (!g)
        return NULL;
    int saw_or = 0;
    for (;;) {
        if (peek(p) == K_OR) {
            fail(p, p->i, "OR needs a term before it");
            break;
        }
        size_t at = p->i;
        tr_qast *x = parse_and(p);
        if (p->failed)
            break;
        if (x && is_negative(x) && (saw_or || peek(p) == K_OR)) {
            tr_qast_free(x);
            fail(p, at, "nothing to search for in this part of the OR: it only "
                        "excludes (NOT and '-' need a term to search beside them)");
            break;
        }
        if (x && absorb(p, g, x))
            break;
        if (peek(p) != K_OR)
            break;
        saw_or = 1;
        at = p->i;
        p->i += 2;
        kind nk = peek(p);
        if (nk == K_END || nk == K_RPAREN || nk == K_OR) {
            fail(p, at, "dangling OR: it needs a term after it");
            break;
        }
    }
    if (p->failed) {
        tr_qast_free(g);
        return NULL;
    }
    if (g->n)
        g->pos = g->kid[0]->pos, g->col = g->kid[0]->col;
    return finish_group(g);
}

static int check_utf8(parser *p)
{
    size_t i = 0;
    while (i < p->len) {
        int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p->s + i,
                                              (utf8proc_ssize_t)(p->len - i), &cp);
        if (n <= 0) {
            fail(p, i, "invalid UTF-8 at byte %zu", i);
            return -1;
        }
        if (cp == 0) {
            fail(p, i, "NUL byte in the query at byte %zu", i);
            return -1;
        }
        i += (size_t)n;
    }
    return 0;
}

int tr_qparse(const char *query, size_t len, tr_qast **out, tr_qerror *err)
{
    parser p;
    memset(&p, 0, sizeof p);
    p.s = query ? query : "";
    p.len = query ? len : 0;
    p.err = err;
    p.ccol = 1;
    *out = NULL;
    if (err)
        memset(err, 0, sizeof *err);
    if (p.len > TR_QUERY_MAX_BYTES) {
        trq_seterr(err, TR_QUERY_MAX_BYTES, 0, "query too long: %zu bytes (at most %d)",
                   p.len, TR_QUERY_MAX_BYTES);
        if (err) {
            /* Count the column only up to valid text. */
            p.len = TR_QUERY_MAX_BYTES;
            err->col = check_utf8(&p) ? 1 : col_at(&p, TR_QUERY_MAX_BYTES);
            trq_seterr(err, TR_QUERY_MAX_BYTES, err->col,
                       "query too long: %zu bytes (at most %d)", len, TR_QUERY_MAX_BYTES);
        }
        return -1;
    }
    if (check_utf8(&p))
        return -1;
    tr_qast *a = parse_or(&p);
    if (!p.failed && peek(&p) == K_RPAREN)
        fail(&p, p.i, "unbalanced parenthesis: ')' without '('");
    if (!p.failed && !a)
        fail(&p, 0, "empty query");
    if (!p.failed && is_negative(a))
        fail(&p, a->pos, "nothing to search for: the query only excludes");
    if (p.failed) {
        tr_qast_free(a);
        return p.failed;
    }
    *out = a;
    return 0;
}

/* ---- canonical text form ------------------------------------------------ */

static int dbg(const tr_qast *a, char **buf, size_t *len, size_t *cap);

static int put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t nc = *cap ? *cap : 64;
        while (*len + n + 1 > nc)
            nc *= 2;
        char *b = realloc(*buf, nc);
        if (!b)
            return -1;
        *buf = b;
        *cap = nc;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = 0;
    return 0;
}

#define PUTS(s) put(buf, len, cap, (s), strlen(s))

static int dbg(const tr_qast *a, char **buf, size_t *len, size_t *cap)
{
    static const char *const op[] = {"", "", "", "(AND", "(OR", "(NOT"};
    switch (a->kind) {
    case TRQ_WORD:
        return put(buf, len, cap, a->text, a->tlen);
    case TRQ_FIELD:
        return PUTS(trq_field_vi[a->field]) || PUTS(":\"") ||
               put(buf, len, cap, a->text, a->tlen) || PUTS("\"");
    case TRQ_PHRASE:
        if (PUTS("\""))
            return -1;
        for (size_t i = 0; i < a->n; i++)
            if ((i && PUTS(" ")) || dbg(a->kid[i], buf, len, cap))
                return -1;
        return PUTS("\"");
    default:
        if (PUTS(op[a->kind]))
            return -1;
        for (size_t i = 0; i < a->n; i++)
            if (PUTS(" ") || dbg(a->kid[i], buf, len, cap))
                return -1;
        return PUTS(")");
    }
}

int tr_qast_debug(const tr_qast *a, char **out)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    *out = NULL;
    if (put(&buf, &len, &cap, "", 0) || (a && dbg(a, &buf, &len, &cap))) {
        free(buf);
        return -2;
    }
    *out = buf;
    return 0;
}
