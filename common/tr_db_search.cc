/*
 * tr_db_search.cc — queries and the match, the other half of the C API
 * over Xapian (see tr_db.h; the handle and the firewall are in
 * tr_db_int.h, shared with tr_db.cc).
 *
 * Search results are copied out of Xapian when the mset is built (data,
 * values, matching terms, facet counts): a tr_mset then stays valid
 * whatever happens to the database afterwards (reopen, close, a writer
 * committing), which is what a C caller printing results expects.  Every
 * entry point is an exception firewall like those of tr_db.cc.
 */
#include "tr_db.h"
#include "tr_db_int.h"

#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

/* ---- queries ---------------------------------------------------------- */

/* Query builders return NULL on failure (OOM, or a combination Xapian
 * rejects); there is no handle to carry a message. */
static tr_query *wrap(const Xapian::Query &q)
{
    return new tr_query{q};
}

extern "C" tr_query *tr_q_term(const char *term, size_t len, unsigned wqf)
{
    if (!term || len == 0)
        return nullptr;
    try {
        return wrap(Xapian::Query(std::string(term, len), wqf ? wqf : 1));
    } catch (...) {
        return nullptr;
    }
}

static void free_subs(tr_query **subs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        delete subs[i];
        subs[i] = nullptr;
    }
}

extern "C" tr_query *tr_q_combine(tr_op op, tr_query **subs, size_t n,
                                  unsigned param)
{
    if (!subs)
        return nullptr;
    tr_query *res = nullptr;
    try {
        Xapian::Query::op xop;
        switch (op) {
        case TR_OP_AND: xop = Xapian::Query::OP_AND; break;
        case TR_OP_OR: xop = Xapian::Query::OP_OR; break;
        case TR_OP_AND_NOT: xop = Xapian::Query::OP_AND_NOT; break;
        case TR_OP_FILTER: xop = Xapian::Query::OP_FILTER; break;
        case TR_OP_AND_MAYBE: xop = Xapian::Query::OP_AND_MAYBE; break;
        case TR_OP_SYNONYM: xop = Xapian::Query::OP_SYNONYM; break;
        case TR_OP_PHRASE: xop = Xapian::Query::OP_PHRASE; break;
        case TR_OP_NEAR: xop = Xapian::Query::OP_NEAR; break;
        default: free_subs(subs, n); return nullptr;
        }
        std::vector<Xapian::Query> qs;
        qs.reserve(n);
        for (size_t i = 0; i < n; i++) {
            if (!subs[i]) {
                free_subs(subs, n);
                return nullptr;
            }
            qs.push_back(subs[i]->q);
        }
        Xapian::termcount window = 0;
        if (op == TR_OP_PHRASE || op == TR_OP_NEAR)
            window = param ? param : static_cast<Xapian::termcount>(n);
        res = wrap(Xapian::Query(xop, qs.begin(), qs.end(), window));
    } catch (...) {
        res = nullptr;
    }
    free_subs(subs, n);
    return res;
}

extern "C" tr_query *tr_q_value_range(unsigned slot, const char *lo,
                                      const char *hi)
{
    try {
        if (lo && hi)
            return wrap(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot,
                                      lo, hi));
        if (lo)
            return wrap(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo));
        if (hi)
            return wrap(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi));
        /* Unbounded both ways: every document with a value in the slot. */
        return wrap(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot,
                                  std::string()));
    } catch (...) {
        return nullptr;
    }
}

extern "C" tr_query *tr_q_scale(double factor, tr_query *sub)
{
    if (!sub)
        return nullptr;
    tr_query *res = nullptr;
    try {
        res = wrap(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sub->q,
                                 factor));
    } catch (...) {
        res = nullptr;
    }
    delete sub;
    return res;
}

extern "C" tr_query *tr_q_match_all(void)
{
    try {
        return wrap(Xapian::Query::MatchAll);
    } catch (...) {
        return nullptr;
    }
}

extern "C" tr_query *tr_q_match_nothing(void)
{
    try {
        return wrap(Xapian::Query::MatchNothing);
    } catch (...) {
        return nullptr;
    }
}

extern "C" tr_query *tr_q_clone(const tr_query *q)
{
    if (!q)
        return nullptr;
    try {
        return wrap(q->q);
    } catch (...) {
        return nullptr;
    }
}

extern "C" void tr_q_free(tr_query *q)
{
    delete q;
}

extern "C" char *tr_q_describe(const tr_query *q)
{
    if (!q)
        return nullptr;
    try {
        return dup_bytes(q->q.get_description(), nullptr);
    } catch (...) {
        return nullptr;
    }
}

/* ---- searching -------------------------------------------------------- */

static bool facet_order(const std::pair<std::string, Xapian::doccount> &a,
                        const std::pair<std::string, Xapian::doccount> &b)
{
    if (a.second != b.second)
        return a.second > b.second;
    return a.first < b.first;
}

/* Several shards of which one at least is remote. */
static bool remote_shards(const tr_db *db)
{
    if (db->specs.size() < 2)
        return false;
    for (const shard_spec &s : db->specs)
        if (s.kind != SHARD_LOCAL)
            return true;
    return false;
}

/* q without its boosts: every AND_MAYBE replaced by its left side.  The
 * match set is the same — AND_MAYBE only adds weight — so totals and
 * facets counted with it are the same, and counting then no longer reads
 * position lists for the phrase boost of every matching document (the
 * query compiler adds one to every query of two words or more: counting
 * 10,000 matches of "dân vận" among 100,000 documents took 97 ms with it,
 * 3.7 ms without it under BoolWeight).  Only nodes on
 * the way to an AND_MAYBE are rebuilt, and only the operators without a
 * parameter; anything else is kept as it is (counted with its boost: the
 * same answer, not the saving). */
static bool strip_boosts(const Xapian::Query &q, Xapian::Query *out)
{
    Xapian::Query::op t = static_cast<Xapian::Query::op>(q.get_type());
    size_t n = q.get_num_subqueries();
    if (t == Xapian::Query::OP_AND_MAYBE && n >= 1) {
        Xapian::Query left = q.get_subquery(0);
        if (!strip_boosts(left, out))
            *out = left;
        return true;
    }
    if (t != Xapian::Query::OP_AND && t != Xapian::Query::OP_OR &&
        t != Xapian::Query::OP_AND_NOT && t != Xapian::Query::OP_XOR &&
        t != Xapian::Query::OP_FILTER && t != Xapian::Query::OP_SYNONYM &&
        t != Xapian::Query::OP_MAX)
        return false;
    std::vector<Xapian::Query> subs;
    bool changed = false;
    for (size_t i = 0; i < n; i++) {
        Xapian::Query sub = q.get_subquery(i), s2;
        if (strip_boosts(sub, &s2)) {
            changed = true;
            subs.push_back(s2);
        } else {
            subs.push_back(sub);
        }
    }
    if (changed)
        *out = Xapian::Query(t, subs.begin(), subs.end());
    return changed;
}

extern "C" tr_query *tr_q_unboosted(const tr_query *q)
{
    if (!q)
        return nullptr;
    try {
        Xapian::Query out;
        return wrap(strip_boosts(q->q, &out) ? out : q->q);
    } catch (...) {
        return nullptr;
    }
}

/* The facets from the counts of packed values: each distinct combination
 * adds its count to each of its non-empty fields (an empty field is a
 * document without that value, which a spy on its own slot skips). */
static void unpack_facets(const Xapian::ValueCountMatchSpy &spy, std::vector<facet> &out)
{
    std::vector<std::map<std::string, Xapian::doccount>> acc(out.size());
    for (Xapian::TermIterator t = spy.values_begin(); t != spy.values_end(); ++t) {
        const std::string v = *t;
        Xapian::doccount n = t.get_termfreq();
        size_t k = 0, from = 0;
        while (k < acc.size()) {
            size_t to = v.find(TR_FACET_SEP, from);
            size_t end = to == std::string::npos ? v.size() : to;
            if (end > from)
                acc[k][v.substr(from, end - from)] += n;
            k++;
            if (to == std::string::npos)
                break;
            from = to + 1;
        }
    }
    for (size_t k = 0; k < out.size(); k++)
        for (const auto &e : acc[k])
            out[k].emplace_back(e.first, e.second);
}

/* One attempt: everything that reads the database, so that a
 * DatabaseModifiedError anywhere in it can be retried as a whole. */
static tr_mset *search_once(Xapian::Database &xdb, const Xapian::Query &q,
                            const tr_search_opts &o, bool split_spies)
{
    Xapian::Enquire enq(xdb);
    enq.set_query(q);
    if (o.bm25_set)
        enq.set_weighting_scheme(Xapian::BM25Weight(
            o.bm25_k1, o.bm25_k2, o.bm25_k3, o.bm25_b, o.bm25_min_normlen));
    bool rev = o.sort_descending != 0;
    switch (o.sort) {
    case TR_SORT_RELEVANCE_THEN_VALUE:
        enq.set_sort_by_relevance_then_value(o.sort_slot, rev);
        break;
    case TR_SORT_VALUE:
        enq.set_sort_by_value(o.sort_slot, rev);
        break;
    default:
        enq.set_sort_by_relevance();
        break;
    }

    /* Spies are neither copyable nor movable; the enquire only borrows
     * them, so they must outlive get_mset().  One spy on the packed slot
     * when every document has it (the value frequency is exact, summed
     * over shards, and remote-safe): each spy reads its slot and copies
     * the value for every document it sees, and one packed value instead
     * of five cuts the counting pass's spy work by about a third
     * (callgrind, 10,000 documents: 31 M -> 21 M instructions). */
    bool packed = o.nfacets && o.facets_packed &&
                  xdb.get_value_freq(o.packed_slot) == xdb.get_doccount();
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    for (size_t k = 0; k < (packed ? 1 : o.nfacets); k++) {
        spies.emplace_back(new Xapian::ValueCountMatchSpy(packed ? o.packed_slot
                                                                 : o.facet_slots[k]));
        enq.add_matchspy(spies.back().get());
    }

    /* Counting exactly (and letting match spies see every match) means
     * asking Xapian to check at least every document. */
    Xapian::doccount check = 0;
    if (o.exact_total || (o.nfacets && !o.count_budget))
        check = xdb.get_doccount();
    else if (o.count_budget)
        check = static_cast<Xapian::doccount>(
            std::min<unsigned long>(o.count_budget, xdb.get_doccount()));
    Xapian::MSet ms, counted;
    if (o.sort != TR_SORT_VALUE && (check || o.nfacets)) {
        /* Ranked by relevance: the window and the counting are two
         * questions.  The window is Xapian's exact top-k, which it finds
         * while skipping documents that cannot enter it; the counting
         * (totals, facets) needs only the match set, so it runs without
         * weights (BoolWeight) and without the boosts.  An empty window
         * also keeps match spies right over remote shards (below). */
        Xapian::Query cq;
        if (!strip_boosts(q, &cq))
            cq = q;
        Xapian::Enquire cenq(xdb);
        cenq.set_query(cq);
        cenq.set_weighting_scheme(Xapian::BoolWeight());
        cenq.set_docid_order(Xapian::Enquire::DONT_CARE);
        for (auto &sp : spies)
            cenq.add_matchspy(sp.get());
        enq.clear_matchspies();
        counted = cenq.get_mset(0, 0, check);
        cenq.clear_matchspies();
        ms = enq.get_mset(o.offset, o.limit);
    } else if (split_spies && o.nfacets) {
        /* Xapian 1.4 over two or more remote shards counts some hits of
         * the window twice in match spies (each server counts its whole
         * match set, and the merging client counts again the documents
         * it pulls in for the window): facets came out 5 too high for a
         * window of 10 on 3 shards.  A pass with an empty window pulls no
         * documents and counts right; the window is then fetched alone. */
        counted = enq.get_mset(0, 0, check);
        enq.clear_matchspies();
        ms = enq.get_mset(o.offset, o.limit);
    } else {
        ms = enq.get_mset(o.offset, o.limit, check);
        enq.clear_matchspies();
        counted = ms;
    }

    tr_mset *m = new tr_mset();
    try {
        m->total = counted.get_matches_estimated();
        m->total_lo = counted.get_matches_lower_bound();
        m->total_hi = counted.get_matches_upper_bound();
        /* Documents the spies saw: all of them when the count is exact. */
        m->seen = o.nfacets ? spies[0]->get_total() : m->total_lo;
        m->hits.reserve(ms.size());
        for (Xapian::MSetIterator it = ms.begin(); it != ms.end(); ++it) {
            m->hits.emplace_back();
            hit &h = m->hits.back();
            h.docid = *it;
            h.weight = it.get_weight();
            Xapian::Document doc = it.get_document();
            h.data = doc.get_data();
            for (Xapian::ValueIterator v = doc.values_begin();
                 v != doc.values_end(); ++v)
                h.values.emplace_back(v.get_valueno(), *v);
            if (o.matching_terms)
                for (Xapian::TermIterator t = enq.get_matching_terms_begin(it);
                     t != enq.get_matching_terms_end(it); ++t)
                    h.terms.push_back(*t);
        }
        m->facets.resize(o.nfacets);
        if (packed)
            unpack_facets(*spies[0], m->facets);
        else
            for (size_t k = 0; k < o.nfacets; k++)
                for (Xapian::TermIterator t = spies[k]->values_begin();
                     t != spies[k]->values_end(); ++t)
                    m->facets[k].emplace_back(*t, t.get_termfreq());
        for (facet &f : m->facets)
            std::sort(f.begin(), f.end(), facet_order);
    } catch (...) {
        delete m;
        throw;
    }
    return m;
}

extern "C" int tr_db_search(tr_db *db, const tr_query *q,
                            const tr_search_opts *opts, tr_mset **out)
{
    if (out)
        *out = nullptr;
    DB_TRY(db) {
        if (!q || !out)
            return invalid(db, "tr_db_search: missing argument");
        tr_search_opts o;
        if (opts) {
            o = *opts;
        } else {
            memset(&o, 0, sizeof o);
            o.limit = 10;
        }
        if (o.nfacets && !o.facet_slots)
            return invalid(db, "tr_db_search: facet slots missing");
        for (int attempt = 0;; attempt++) {
            try {
                *out = search_once(*db->rd, q->q, o, remote_shards(db));
                return TR_DB_OK;
            } catch (const Xapian::DatabaseModifiedError &) {
                if (attempt + 1 >= MODIFIED_RETRIES)
                    throw;
                db->rd->reopen();
            } catch (const Xapian::NetworkError &e) {
                /* A remote shard went away or timed out: leave it out and
                 * search the others again, or name it.  Each retry has
                 * one shard fewer, so this ends. */
                if (db->wshards.empty() && trdb_shard_failed(db, e))
                    continue;
                if (db->err[0])
                    return TR_DB_SHARD;
                throw;
            }
        }
    } DB_CATCH(db)
}

extern "C" void tr_mset_free(tr_mset *m)
{
    delete m;
}

extern "C" unsigned tr_mset_size(const tr_mset *m)
{
    return m ? static_cast<unsigned>(m->hits.size()) : 0;
}

extern "C" unsigned long tr_mset_total(const tr_mset *m)
{
    return m ? m->total : 0;
}

extern "C" int tr_mset_total_exact(const tr_mset *m, unsigned long *lo,
                                   unsigned long *hi)
{
    if (lo)
        *lo = m ? m->total_lo : 0;
    if (hi)
        *hi = m ? m->total_hi : 0;
    return !m || m->total_lo == m->total_hi;
}

extern "C" unsigned long tr_mset_seen(const tr_mset *m)
{
    return m ? m->seen : 0;
}

static const hit *get_hit(const tr_mset *m, unsigned i)
{
    return m && i < m->hits.size() ? &m->hits[i] : nullptr;
}

extern "C" unsigned tr_mset_docid(const tr_mset *m, unsigned i)
{
    const hit *h = get_hit(m, i);
    return h ? h->docid : 0;
}

extern "C" double tr_mset_weight(const tr_mset *m, unsigned i)
{
    const hit *h = get_hit(m, i);
    return h ? h->weight : 0.0;
}

extern "C" const char *tr_mset_data(const tr_mset *m, unsigned i, size_t *len)
{
    const hit *h = get_hit(m, i);
    if (len)
        *len = h ? h->data.size() : 0;
    return h ? h->data.c_str() : nullptr;
}

extern "C" const char *tr_mset_value(const tr_mset *m, unsigned i,
                                     unsigned slot, size_t *len)
{
    const hit *h = get_hit(m, i);
    if (len)
        *len = 0;
    if (!h)
        return nullptr;
    for (const auto &v : h->values) {
        if (v.first == slot) {
            if (len)
                *len = v.second.size();
            return v.second.c_str();
        }
    }
    return "";
}

extern "C" int tr_mset_matching_terms(const tr_mset *m, unsigned i,
                                      tr_term_cb cb, void *ctx)
{
    const hit *h = get_hit(m, i);
    if (!h || !cb)
        return TR_DB_INVALID;
    for (const std::string &t : h->terms)
        if (cb(t.data(), t.size(), 1, ctx))
            break;
    return TR_DB_OK;
}

extern "C" size_t tr_mset_facet_size(const tr_mset *m, size_t k)
{
    return m && k < m->facets.size() ? m->facets[k].size() : 0;
}

extern "C" const char *tr_mset_facet_value(const tr_mset *m, size_t k,
                                           size_t j, size_t *len,
                                           unsigned long *count)
{
    if (len)
        *len = 0;
    if (count)
        *count = 0;
    if (!m || k >= m->facets.size() || j >= m->facets[k].size())
        return nullptr;
    const auto &e = m->facets[k][j];
    if (len)
        *len = e.first.size();
    if (count)
        *count = e.second;
    return e.first.c_str();
}
