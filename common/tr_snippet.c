/*
 * tr_snippet — choosing the passage to show and what to highlight in it.
 *
 * Matching reuses the tokenizer, so a highlight is exactly a token the
 * index would have matched, located by its byte span in the original
 * text.  The best passage is found in one pass: matched tokens ("hits")
 * enter a ring buffer, the oldest leave it once the window exceeds
 * max_bytes, and counters of distinct words, adjacent query-word pairs and
 * complete phrases are kept up to date on entry and exit, so every window
 * is scored in O(1) amortised and memory stays bounded by the window even
 * for a 300 MB text.  The passage is then cut on word boundaries by
 * re-tokenizing only its neighbourhood.  Rendering is in
 * tr_snippet_render.c.
 */
#include "tr_snippet.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tr_snippet_int.h"
#include "tr_tokenize.h"
#include "tr_utf8.h"

/* How far around the passage we re-tokenize, so that a phrase or a
 * compound straddling the passage's edge is seen whole. */
#define CONTEXT 256
/* How far a boundary check looks for the end of a non-blank run. */
#define RUN_MAX 64


/* One positional token (or a matched compound taken whole). */
typedef struct {
    size_t start, end;
    size_t sent;            /* start of the sentence it belongs to */
    uint64_t mask;          /* distinct words it matches */
    uint64_t pairs;         /* pairs it completes with the previous step */
    uint32_t done;          /* phrases completed by it */
} step;

typedef struct {
    const char *text;
    size_t base;
    tr_tokenizer *tk;
    const matcher *m;
    uint64_t prog[MAXG];    /* bit j: the phrase's first j+1 words end here */
    int any_prog;
    uint64_t prev_mask;
    size_t skip_until;      /* parts of a compound already matched whole */
    size_t prev_end;
    size_t sent;
    int first;
} scanner;

/* ---- matcher ---------------------------------------------------------- */

int tr_sn_word_id(matcher *m, const tr_hlword *w)
{
    size_t kl = strlen(w->key);
    int folded = w->folded != 0;
    for (size_t i = 0; i < m->ndw; i++)
        if (m->dw[i].folded == folded && m->dw[i].klen == kl &&
            memcmp(m->dw[i].key, w->key, kl) == 0)
            return (int)i;
    if (m->ndw == MAXW)
        return -1;
    m->dw[m->ndw].key = w->key;
    m->dw[m->ndw].klen = kl;
    m->dw[m->ndw].folded = folded;
    return (int)m->ndw++;
}

static void add_pair(matcher *m, int a, int b)
{
    if (a < 0 || b < 0 || a == b || m->npr == 64)
        return;
    for (size_t i = 0; i < m->npr; i++)
        if (m->pr[i].a == a && m->pr[i].b == b)
            return;
    m->pr[m->npr].a = (unsigned char)a;
    m->pr[m->npr].b = (unsigned char)b;
    m->npr++;
}

void tr_sn_matcher_init(matcher *m, const tr_hlword *w, size_t nw)
{
    memset(m, 0, sizeof *m);
    int ids[256];
    size_t n = 0;
    /* Only the first 256 query words are considered: no real query is
     * longer and it keeps this bookkeeping on the stack. */
    const tr_hlword *use[256];
    for (size_t i = 0; i < nw && n < 256; i++) {
        if (!w[i].key || !w[i].key[0])
            continue;
        use[n] = &w[i];
        ids[n] = tr_sn_word_id(m, &w[i]);
        n++;
    }
    for (size_t i = 0; i + 1 < n; i++)
        if (use[i]->group == use[i + 1]->group)
            add_pair(m, ids[i], ids[i + 1]);
    /* Quoted phrases, each in typed order, then the free words as typed. */
    for (size_t i = 0; i < n; i++) {
        int g = use[i]->group;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = use[j]->group == g;
        if (g < 0 || seen || m->nph == MAXG)
            continue;
        phrase *p = &m->ph[m->nph];
        int bad = 0;
        for (size_t j = i; j < n; j++) {
            if (use[j]->group != g)
                continue;
            if (ids[j] < 0 || p->n == MAXPH)
                bad = 1;
            else
                p->w[p->n++] = (unsigned char)ids[j];
        }
        if (!bad && p->n >= 2)
            m->nph++;
        else
            memset(p, 0, sizeof *p);
    }
    if (m->nph < MAXG) {
        phrase *p = &m->ph[m->nph];
        int bad = 0;
        for (size_t i = 0; i < n; i++) {
            if (use[i]->group >= 0)
                continue;
            if (ids[i] < 0 || p->n == MAXPH)
                bad = 1;
            else
                p->w[p->n++] = (unsigned char)ids[i];
        }
        p->astyped = 1;
        if (!bad && p->n >= 2)
            m->nph++;
        else
            memset(p, 0, sizeof *p);
    }
}

/* Document numbers: the tokenizer's key and what the user typed may
 * differ in case (43-CT/TW, QĐ) and stray spaces ("374- TB/TU"). */
static int loose_eq(const char *a, const char *b, size_t blen)
{
    size_t i = 0, j = 0;
    if (!a)
        return 0;
    for (;;) {
        while (a[i] == ' ')
            i++;
        while (j < blen && b[j] == ' ')
            j++;
        if (!a[i] || j == blen)
            return !a[i] && j == blen;
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[j];
        if ((x >= 'A' && x <= 'Z') || (x == 0x90 && i > 0 && (unsigned char)a[i - 1] == 0xC4))
            x = (unsigned char)(x + (x == 0x90 ? 1 : 32));    /* Đ (C4 90) -> đ (C4 91) */
        if ((y >= 'A' && y <= 'Z') || (y == 0x90 && j > 0 && (unsigned char)b[j - 1] == 0xC4))
            y = (unsigned char)(y + (y == 0x90 ? 1 : 32));
        if (x != y)
            return 0;
        i++;
        j++;
    }
}

static uint64_t match_token(const matcher *m, const tr_token *t)
{
    uint64_t mask = 0;
    int compound = (t->flags & TR_TOKF_COMPOUND) != 0;
    for (size_t i = 0; i < m->ndw; i++) {
        const dword *d = &m->dw[i];
        if (compound) {
            if (loose_eq(t->exact, d->key, d->klen) || loose_eq(t->folded, d->key, d->klen))
                mask |= (uint64_t)1 << i;
            continue;
        }
        const char *k = d->folded ? t->folded : t->exact;
        size_t kl = d->folded ? t->folded_len : t->exact_len;
        if (k && kl == d->klen && k[0] == d->key[0] && memcmp(k, d->key, kl) == 0)
            mask |= (uint64_t)1 << i;
    }
    return mask;
}

/* ---- character classes ------------------------------------------------ */

int tr_sn_is_blank(uint32_t cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 ||
           (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000 || cp == 0xFEFF;
}

/* Letters, digits and combining marks: what a word is made of.  Latin-1
 * punctuation, general punctuation, superscripts (footnote markers),
 * arrows, symbols and box drawing are not. */
int tr_sn_is_content(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 32) >= 'a' && (cp | 32) <= 'z');
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
        return 0;
    if ((cp >= 0x2000 && cp <= 0x209F) || (cp >= 0x2190 && cp <= 0x2BFF) ||
        (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFEFF || cp == 0xFFFD)
        return 0;
    return 1;
}

uint32_t tr_sn_cp_at(const char *text, size_t len, size_t p, size_t *n)
{
    uint32_t cp;
    *n = tr_utf8_decode((const unsigned char *)text + p, len - p, &cp);
    return cp;
}

/* The code point ending just before p, and where it starts. */
static uint32_t cp_before(const char *text, size_t p, size_t *at)
{
    size_t q = p - 1;
    while (q > 0 && p - q < 4 && ((unsigned char)text[q] & 0xC0) == 0x80)
        q--;
    uint32_t cp;
    tr_utf8_decode((const unsigned char *)text + q, p - q, &cp);
    *at = q;
    return cp;
}

/* A passage may start at s if the non-blank run s belongs to holds no
 * letter before s: "(Covid" may start at "Covid", "Covid-19" not at "19". */
static int valid_start(const char *text, size_t lo, size_t s)
{
    size_t p = s;
    while (p > lo && s - p < RUN_MAX) {
        size_t at;
        uint32_t cp = cp_before(text, p, &at);
        if (tr_sn_is_blank(cp))
            return 1;
        if (tr_sn_is_content(cp))
            return 0;
        p = at;
    }
    return 1;
}

static int valid_end(const char *text, size_t hi, size_t e)
{
    size_t p = e;
    while (p < hi && p - e < RUN_MAX) {
        size_t n;
        uint32_t cp = tr_sn_cp_at(text, hi, p, &n);
        if (tr_sn_is_blank(cp))
            return 1;
        if (tr_sn_is_content(cp))
            return 0;
        p += n;
    }
    return 1;
}

static int content_before(const char *text, size_t p)
{
    while (p > 0) {
        size_t at;
        if (tr_sn_is_content(cp_before(text, p, &at)))
            return 1;
        p = at;
    }
    return 0;
}

static int content_after(const char *text, size_t len, size_t p)
{
    while (p < len) {
        size_t n;
        if (tr_sn_is_content(tr_sn_cp_at(text, len, p, &n)))
            return 1;
        p += n;
    }
    return 0;
}

/* Closing punctuation a passage may keep at its end. */
static size_t closing_len(const char *t, size_t avail)
{
    static const char *const cl[] = {".", "!", "?", ")", "]", "%", "\"", "'",
                                     "\xe2\x80\x9d", "\xc2\xbb", "\xe2\x80\xa6",
                                     "\xe2\x80\x99"};
    for (size_t i = 0; i < sizeof cl / sizeof cl[0]; i++) {
        size_t n = strlen(cl[i]);
        if (n <= avail && memcmp(t, cl[i], n) == 0)
            return n;
    }
    return 0;
}

/* Gap between two words of a phrase that may be highlighted as one span:
 * blanks and markdown emphasis only. */
static int gap_blank(const char *text, size_t a, size_t b)
{
    while (a < b) {
        size_t n;
        uint32_t cp = tr_sn_cp_at(text, b, a, &n);
        if (!tr_sn_is_blank(cp) && cp != '*' && cp != '_' && cp != '~' && cp != 0xAD)
            return 0;
        a += n;
    }
    return 1;
}

/* Moves p back (or forward) to just after (before) a blank, within
 * CONTEXT bytes, else to a character boundary: a place to start (stop)
 * tokenizing without splitting a word. */
static size_t back_to_blank(const char *text, size_t p)
{
    size_t lim = p > CONTEXT ? p - CONTEXT : 0;
    for (size_t q = p; q > lim; q--)
        if (text[q - 1] == ' ' || text[q - 1] == '\n' || text[q - 1] == '\t')
            return q;
    while (p > 0 && ((unsigned char)text[p] & 0xC0) == 0x80)
        p--;
    return p;
}

static size_t fwd_to_blank(const char *text, size_t len, size_t p)
{
    size_t lim = len - p > CONTEXT ? p + CONTEXT : len;
    for (size_t q = p; q < lim; q++)
        if (text[q] == ' ' || text[q] == '\n' || text[q] == '\t')
            return q;
    if (lim == len)
        return len;
    while (p < len && ((unsigned char)text[p] & 0xC0) == 0x80)
        p++;
    return p;
}

/* ---- scanning --------------------------------------------------------- */

static void scan_init(scanner *sc, tr_tokenizer *tk, const char *text, size_t rs,
                      size_t re, const matcher *m)
{
    memset(sc, 0, sizeof *sc);
    sc->text = text;
    sc->base = rs;
    sc->tk = tk;
    sc->m = m;
    sc->prev_end = rs;
    sc->sent = rs;
    sc->first = 1;
    tr_tokenizer_reset(tk, text + rs, re - rs);
}

/* A sentence starts after a line break, or after . ! ? or … followed
 * (through any closing quote or bracket) by a blank. */
static int sentence_gap(const char *t, size_t a, size_t b)
{
    int stop = 0;
    for (size_t i = a; i < b; i++) {
        char c = t[i];
        if (c == '\n')
            return 1;
        if (c == '.' || c == '!' || c == '?' ||
            (c == '\xa6' && i >= a + 2 && t[i - 1] == '\x80' && t[i - 2] == '\xe2'))
            stop = 1;
        else if (stop && (c == ' ' || c == '\t' || c == '\r'))
            return 1;
    }
    return 0;
}

/* Next step: 1, 0 at the end, -1 on out-of-memory. */
static int scan_next(scanner *sc, step *st)
{
    tr_token tok;
    for (;;) {
        int r = tr_tokenizer_next(sc->tk, &tok);
        if (r <= 0)
            return r;
        size_t off = sc->base + tok.offset, end = off + tok.length;
        uint64_t mask;
        if (tok.flags & TR_TOKF_COMPOUND) {
            if (off < sc->skip_until)
                continue;
            mask = match_token(sc->m, &tok);
            if (!mask)
                continue;
            sc->skip_until = end;
        } else {
            if (off < sc->skip_until)
                continue;
            mask = match_token(sc->m, &tok);
        }
        if ((sc->first && sc->base == 0) ||
            (off > sc->prev_end && sentence_gap(sc->text, sc->prev_end, off)))
            sc->sent = off;
        sc->first = 0;
        st->start = off;
        st->end = end;
        st->sent = sc->sent;
        st->mask = mask;
        st->pairs = 0;
        st->done = 0;
        const matcher *m = sc->m;
        if (mask) {
            for (size_t i = 0; i < m->npr; i++)
                if ((sc->prev_mask >> m->pr[i].a & 1) && (mask >> m->pr[i].b & 1))
                    st->pairs |= (uint64_t)1 << i;
            for (size_t g = 0; g < m->nph; g++) {
                const phrase *p = &m->ph[g];
                uint64_t old = sc->prog[g], nw = 0;
                for (unsigned j = 0; j < p->n; j++)
                    if ((mask >> p->w[j] & 1) && (j == 0 || (old >> (j - 1) & 1)))
                        nw |= (uint64_t)1 << j;
                sc->prog[g] = nw;
                if (nw >> (p->n - 1) & 1)
                    st->done |= (uint32_t)1 << g;
            }
            sc->any_prog = 1;
        } else if (sc->any_prog) {
            memset(sc->prog, 0, sizeof sc->prog);
            sc->any_prog = 0;
        }
        sc->prev_mask = mask;
        if (end > sc->prev_end)
            sc->prev_end = end;
        return 1;
    }
}

/* ---- the passage around a chosen window -------------------------------- */

typedef struct {
    step *v;
    size_t n, cap;
} steps;

static int steps_push(steps *s, const step *x)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 64;
        step *v = realloc(s->v, nc * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = nc;
    }
    s->v[s->n++] = *x;
    return 0;
}

/* Cuts the passage: the text lies in [lo, hi); hits [hs, he) must be in
 * it (anchored), ds is the preferred start and maxb the size.  Collects
 * the highlights. */
static int build(const char *text, size_t len, size_t lo, size_t hi, size_t ds,
                 int anchored, size_t hs, size_t he, size_t maxb, const matcher *m,
                 tr_tokenizer *tk, tr_snippet *out)
{
    size_t rs = back_to_blank(text, ds > CONTEXT ? ds - CONTEXT : 0);
    size_t top = (anchored && he > ds + maxb ? he : ds + maxb);
    size_t re = fwd_to_blank(text, len, top + CONTEXT < len ? top + CONTEXT : len);
    scanner sc;
    step st;
    steps v = {0};
    int r;
    scan_init(&sc, tk, text, rs, re, m);
    while ((r = scan_next(&sc, &st)) == 1)
        if (steps_push(&v, &st))
            goto oom;
    if (r < 0)
        goto oom;

    if (!anchored) {
        hs = he = ds;
        for (size_t i = 0; i < v.n; i++)
            if (v.v[i].start >= ds && v.v[i].start >= lo) {
                hs = v.v[i].start;
                he = v.v[i].end <= hi ? v.v[i].end : hi;
                break;
            }
    }
    size_t ps = hs;
    for (size_t i = 0; i < v.n; i++) {
        size_t s = v.v[i].start;
        if (s < lo || s < ds)
            continue;
        if (s > hs)
            break;
        if (valid_start(text, lo, s)) {
            ps = s;
            break;
        }
    }
    size_t limit = ps + maxb > he ? ps + maxb : he;
    if (limit > hi)
        limit = hi;
    size_t pe = he;
    for (size_t i = 0; i < v.n; i++) {
        const step *x = &v.v[i];
        if (x->start < ps || x->end < he)
            continue;
        if (x->end > limit)
            break;
        if (valid_end(text, hi, x->end))
            pe = x->end;
    }
    size_t q = pe, n;
    while (q < hi && (n = closing_len(text + q, hi - q)) > 0)
        q += n;
    if (q > pe && (q == hi || tr_sn_is_blank(tr_sn_cp_at(text, len, q, &n))))
        pe = q;

    /* Words of one complete phrase occurrence, separated by blanks only,
     * are one highlight. */
    unsigned char *join = calloc(v.n + 1, 1);
    if (!join)
        goto oom;
    for (size_t e = 0; e < v.n; e++) {
        for (size_t g = 0; g < m->nph; g++) {
            if (!(v.v[e].done >> g & 1) || e + 1 < m->ph[g].n)
                continue;
            for (size_t j = e + 1 - m->ph[g].n; j < e; j++)
                if (gap_blank(text, v.v[j].end, v.v[j + 1].start))
                    join[j] = 1;
        }
    }
    size_t cap = 0;
    int prev_hit = 0;
    for (size_t i = 0; i < v.n; i++) {
        const step *x = &v.v[i];
        if (!x->mask || x->start < ps || x->end > pe) {
            prev_hit = 0;
            continue;
        }
        if (prev_hit && join[i - 1]) {
            tr_span *sp = &out->hl[out->nhl - 1];
            sp->len = x->end - sp->start;
            continue;
        }
        if (out->nhl == cap) {
            cap = cap ? cap * 2 : 8;
            tr_span *nv = realloc(out->hl, cap * sizeof *nv);
            if (!nv) {
                free(join);
                goto oom;
            }
            out->hl = nv;
        }
        out->hl[out->nhl].start = x->start;
        out->hl[out->nhl].len = x->end - x->start;
        out->nhl++;
        prev_hit = 1;
    }
    free(join);
    free(v.v);
    out->start = ps;
    out->len = pe - ps;
    out->cut_before = content_before(text, ps);
    out->cut_after = content_after(text, len, pe);
    return 0;
oom:
    free(v.v);
    tr_snippet_free(out);
    return -1;
}

/* ---- the best window --------------------------------------------------- */

typedef struct {
    step *h;                /* ring of hits, indices absolute & mask */
    size_t cap, l, r;       /* window is [l, r) */
    unsigned wc[MAXW], pc[64], gc[MAXG];
    unsigned distinct, pairs, phrases, astyped;
} window;

#define AT(w, i) ((w)->h[(i) & ((w)->cap - 1)])

static int win_push(window *w, const step *s, const matcher *m)
{
    if (w->r - w->l == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 64;
        step *nv = malloc(nc * sizeof *nv);
        if (!nv)
            return -1;
        for (size_t i = w->l; i < w->r; i++)
            nv[i & (nc - 1)] = AT(w, i);
        free(w->h);
        w->h = nv;
        w->cap = nc;
    }
    step *x = &AT(w, w->r);
    *x = *s;
    for (uint64_t b = x->mask; b; b &= b - 1)
        if (w->wc[__builtin_ctzll(b)]++ == 0)
            w->distinct++;
    /* A pair or phrase whose first hit already left the window does not
     * count; clearing it keeps the exit bookkeeping symmetric. */
    if (w->r == w->l)
        x->pairs = 0;
    for (uint64_t b = x->pairs; b; b &= b - 1)
        if (w->pc[__builtin_ctzll(b)]++ == 0)
            w->pairs++;
    for (size_t g = 0; g < m->nph; g++) {
        if (!(x->done >> g & 1))
            continue;
        if (w->r + 1 < w->l + m->ph[g].n) {
            x->done &= ~((uint32_t)1 << g);
            continue;
        }
        if (w->gc[g]++ == 0)
            *(m->ph[g].astyped ? &w->astyped : &w->phrases) += 1;
    }
    w->r++;
    return 0;
}

static void win_pop(window *w, const matcher *m)
{
    step *x = &AT(w, w->l);
    for (uint64_t b = x->mask; b; b &= b - 1)
        if (--w->wc[__builtin_ctzll(b)] == 0)
            w->distinct--;
    if (w->l + 1 < w->r) {
        step *y = &AT(w, w->l + 1);
        for (uint64_t b = y->pairs; b; b &= b - 1)
            if (--w->pc[__builtin_ctzll(b)] == 0)
                w->pairs--;
        y->pairs = 0;
    }
    for (size_t g = 0; g < m->nph; g++) {
        size_t e = w->l + m->ph[g].n - 1;
        if (e >= w->r || !(AT(w, e).done >> g & 1))
            continue;
        AT(w, e).done &= ~((uint32_t)1 << g);
        if (--w->gc[g] == 0)
            *(m->ph[g].astyped ? &w->astyped : &w->phrases) -= 1;
    }
    w->l++;
}

static long long win_score(const window *w, size_t maxb)
{
    const step *a = &AT(w, w->l), *z = &AT(w, w->r - 1);
    size_t n = w->r - w->l, span = z->end - a->start;
    long long s = (long long)w->distinct * W_DISTINCT + (long long)w->phrases * W_PHRASE +
                  (long long)w->astyped * W_ASTYPED + (long long)w->pairs * W_PAIR +
                  (long long)(n < MAX_MATCH_COUNTED ? n : MAX_MATCH_COUNTED) * W_MATCH;
    s -= (long long)(span < maxb ? span : maxb) * W_SPREAD / (long long)(maxb ? maxb : 1);
    if (z->end - a->sent <= maxb)
        s += W_SENTENCE;
    return s;
}

/* Scans the byte ranges rg[0..nrg) in order with one window, updating
 * *bw.  As no query word lies between the ranges, the window sees the
 * matches it would see over the whole text; a range inside the text
 * starts after a blank (a token's start) with its sentence unknown, which
 * a margin of max_bytes before its first match makes irrelevant.  0, or
 * -1 on out-of-memory. */
int tr_sn_scan_ranges(const char *text, size_t len, const tr_span *rg, size_t nrg,
                       const matcher *m, tr_tokenizer *tk, size_t max_bytes, bestw *bw)
{
    window win;
    memset(&win, 0, sizeof win);
    for (size_t k = 0; m->ndw && k < nrg; k++) {
        scanner sc;
        step st;
        int r;
        size_t rs = rg[k].start, re = rg[k].start + rg[k].len;
        if (re > len)
            re = len;
        if (rs >= re)
            continue;
        if (rs > 0)
            rs = back_to_blank(text, rs);
        re = fwd_to_blank(text, len, re);
        scan_init(&sc, tk, text, rs, re, m);
        if (rs > 0)
            sc.sent = 0;
        while ((r = scan_next(&sc, &st)) == 1) {
            if (!st.mask)
                continue;
            if (win_push(&win, &st, m)) {
                free(win.h);
                return -1;
            }
            while (win.r - win.l > 1 && st.end - AT(&win, win.l).start > max_bytes)
                win_pop(&win, m);
            long long s = win_score(&win, max_bytes);
            if (s > bw->best) {
                bw->best = s;
                bw->bs = AT(&win, win.l).start;
                bw->be = st.end;
                bw->bsent = AT(&win, win.l).sent;
                bw->found = 1;
            }
        }
        if (r < 0) {
            free(win.h);
            return -1;
        }
    }
    free(win.h);
    return 0;
}

/* The passage around the best window, cut and highlighted. */
int tr_sn_finish(const char *text, size_t len, const bestw *bw, size_t max_bytes,
                  const matcher *m, tr_tokenizer *tk, tr_snippet *out)
{
    size_t ds = 0, bs = bw->bs, be = bw->be, bsent = bw->bsent;
    if (bw->found) {
        size_t slack = be - bs < max_bytes ? max_bytes - (be - bs) : 0;
        size_t lead = slack / 4 < 80 ? slack / 4 : 80;
        /* Start at the sentence when it fits and leaves the hits room. */
        if (be - bsent <= max_bytes && bs - bsent <= max_bytes / 2)
            ds = bsent;
        else
            ds = bs > lead ? bs - lead : 0;
        /* Near the end of the text, use the room before the hits. */
        if (ds + max_bytes > len) {
            size_t alt = len > max_bytes ? len - max_bytes : 0;
            if (alt < ds)
                ds = alt;
        }
    }
    return build(text, len, 0, len, ds, bw->found, bs, be, max_bytes, m, tk, out);
}


int tr_snippet_span(const char *text, size_t len, size_t start, size_t slen,
                    const tr_hlword *w, size_t nw, tr_snippet *out)
{
    memset(out, 0, sizeof *out);
    if (!text || start >= len)
        return 0;
    size_t lo = start, hi = slen > len - start ? len : start + slen;
    matcher *m = malloc(sizeof *m);
    int own;
    tr_tokenizer *tk = tr_tokenizer_thread(&own);
    if (!m || !tk) {
        tr_tokenizer_put(tk, own);
        free(m);
        return -1;
    }
    tr_sn_matcher_init(m, w, nw);

    int found = 0;
    size_t hs = lo, he = lo;
    if (m->ndw) {
        scanner sc;
        step st;
        int r;
        scan_init(&sc, tk, text, back_to_blank(text, lo), fwd_to_blank(text, len, hi), m);
        while ((r = scan_next(&sc, &st)) == 1)
            if (st.mask && st.start >= lo && st.end <= hi) {
                hs = st.start;
                he = st.end;
                found = 1;
                break;
            }
        if (r < 0) {
            tr_tokenizer_put(tk, own);
            free(m);
            return -1;
        }
    }
    size_t maxb = hi - lo, ds = lo;
    if (maxb > TR_SNIPPET_SPAN_MAX) {
        maxb = TR_SNIPPET_SPAN_MAX;
        if (found && hs > lo + maxb / 4)
            ds = hs - maxb / 4;
        if (ds + maxb > hi)
            ds = hi - maxb;
    }
    int rc = build(text, len, lo, hi, ds, found, hs, he, maxb, m, tk, out);
    tr_tokenizer_put(tk, own);
    free(m);
    return rc;
}

void tr_snippet_free(tr_snippet *s)
{
    if (!s)
        return;
    free(s->hl);
    memset(s, 0, sizeof *s);
}
