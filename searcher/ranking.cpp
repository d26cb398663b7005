#include "searcher/ranking.hpp"

#include "schema/schema.hpp"
#include "schema/text.hpp"
#include "searcher/common_grams.hpp"
#include "searcher/facets.hpp"
#include "searcher/match_walk.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace news::searcher {

namespace {


double recency_weight(long age_days) {
    return kRecencyMaxBoost * std::pow(0.5, static_cast<double>(std::max(0L, age_days)) / kRecencyHalfLifeDays);
}

/// Weight from the article's date: max boost today, half a year later less.
class RecencySource : public Xapian::ValuePostingSource {
  public:
    explicit RecencySource(long today_days)
        : Xapian::ValuePostingSource(schema::slot(schema::Slot::DATE)), m_today(today_days) {
        set_maxweight(kRecencyMaxBoost);
    }
    double get_weight() const override {
        long d = days_since_epoch(get_value());
        return d < 0 ? 0.0 : recency_weight(m_today - d);
    }
    RecencySource* clone() const override { return new RecencySource(m_today); }
    std::string name() const override { return "news::RecencySource"; }

  private:
    long m_today;
};

/// RecencySource's weight from the dates a FacetTable holds in memory:
/// no value read and no date parsed per candidate (which doubled the cost
/// of the website's searches).
class TableRecencySource : public Xapian::PostingSource {
  public:
    TableRecencySource(std::shared_ptr<const FacetTable> table, long today_days)
        : m_table(std::move(table)), m_today(today_days) {}
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return m_last; }
    Xapian::doccount get_termfreq_max() const override { return m_last; }
    void init(const Xapian::Database& db) override {
        m_last = db.get_lastdocid();
        m_did = 0;
        set_maxweight(kRecencyMaxBoost);
    }
    void next(double) override { ++m_did; }
    void skip_to(Xapian::docid did, double) override { m_did = std::max(m_did, did); }
    bool check(Xapian::docid did, double) override {
        m_did = did;
        return true;
    }
    bool at_end() const override { return m_did > m_last; }
    Xapian::docid get_docid() const override { return m_did; }
    double get_weight() const override {
        std::int32_t d = m_table->days(m_did);
        return d < 0 ? 0.0 : recency_weight(m_today - d);
    }
    TableRecencySource* clone() const override { return new TableRecencySource(m_table, m_today); }
    std::string name() const override { return "news::TableRecencySource"; }

  private:
    std::shared_ptr<const FacetTable> m_table;
    long m_today;
    Xapian::docid m_did = 0, m_last = 0;
};

/// The documents whose date in a FacetTable lies in [from, to], weightless:
/// a date range without reading values.
class TableDateRangeSource : public Xapian::PostingSource {
  public:
    TableDateRangeSource(std::shared_ptr<const FacetTable> table, std::int32_t from, std::int32_t to)
        : m_table(std::move(table)), m_from(from), m_to(to) {}
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return m_estimate; }
    Xapian::doccount get_termfreq_max() const override { return m_docs; }
    void init(const Xapian::Database& db) override {
        m_last = db.get_lastdocid();
        m_docs = db.get_doccount();
        m_did = 0;
        m_at_match = false;
        // The share of about a thousand documents, evenly spread: the
        // estimate of a search that stops early, in microseconds.
        const Xapian::docid step = std::max<Xapian::docid>(1, m_last / 1024);
        Xapian::doccount seen = 0, in = 0;
        for (Xapian::docid did = 1; did <= m_last; did += step, ++seen) in += in_range(did);
        m_estimate = seen ? static_cast<Xapian::doccount>(static_cast<double>(m_docs) * in / seen + 0.5) : 0;
    }
    void next(double) override { seek(m_did + 1); }
    void skip_to(Xapian::docid did, double) override {
        if (did > m_did || !m_at_match) seek(std::max(did, m_did));
    }
    bool check(Xapian::docid did, double) override {
        if (did <= m_did && m_at_match) return true;
        // Xapian asks only about documents that exist: no scan. False
        // leaves it "indeterminate": next()/skip_to() go on from here.
        m_did = did;
        m_at_match = in_range(did);
        return m_at_match;
    }
    bool at_end() const override { return m_did > m_last; }
    Xapian::docid get_docid() const override { return m_did; }
    TableDateRangeSource* clone() const override { return new TableDateRangeSource(m_table, m_from, m_to); }
    std::string name() const override { return "news::TableDateRangeSource"; }

  private:
    bool in_range(Xapian::docid did) const {
        const std::int32_t d = m_table->days(did);
        return d >= 0 && d >= m_from && d <= m_to;
    }
    void seek(Xapian::docid did) {
        while (did <= m_last && !in_range(did)) ++did;
        m_did = did;
        m_at_match = did <= m_last;
    }
    std::shared_ptr<const FacetTable> m_table;
    std::int32_t m_from, m_to;
    Xapian::docid m_did = 0, m_last = 0;
    bool m_at_match = false;
    Xapian::doccount m_docs = 0, m_estimate = 0;
};

/// with_table_dates() below the root; `changed` when anything was replaced.
Xapian::Query table_dates(const Xapian::Query& q, const std::shared_ptr<const FacetTable>& table, bool& changed) {
    using Q = Xapian::Query;
    switch (q.get_type()) {
        case Q::OP_VALUE_RANGE:
        case Q::OP_VALUE_GE:
        case Q::OP_VALUE_LE: {
            std::int32_t from = 0, to = 0;
            if (!date_range_days(q, *table, from, to)) return q;
            changed = true;
            return Q((new TableDateRangeSource(table, from, to))->release());
        }
        case Q::OP_AND:
        case Q::OP_OR:
        case Q::OP_AND_NOT:
        case Q::OP_FILTER:
        case Q::OP_AND_MAYBE: {
            bool any = false;
            std::vector<Q> subs;
            for (size_t i = 0; i < q.get_num_subqueries(); ++i) subs.push_back(table_dates(q.get_subquery(i), table, any));
            if (!any) return q;
            changed = true;
            return Q(q.get_type(), subs.begin(), subs.end());
        }
        default:
            return q;  // leaves, and operators whose parameters cannot be read back (SCALE_WEIGHT, PHRASE, ...)
    }
}

/// A fixed, sorted list of documents, weightless: the filter of a rescoring pass.
class DocidListSource : public Xapian::PostingSource {
  public:
    explicit DocidListSource(std::vector<Xapian::docid> docids) : m_docids(std::move(docids)) {}
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(m_docids.size()); }
    Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(m_docids.size()); }
    void init(const Xapian::Database&) override { m_pos = 0, m_started = false; }
    void next(double) override {
        if (m_started) ++m_pos;
        m_started = true;
    }
    void skip_to(Xapian::docid did, double) override {
        m_started = true;
        m_pos = static_cast<size_t>(std::lower_bound(m_docids.begin() + static_cast<std::ptrdiff_t>(m_pos),
                                                     m_docids.end(), did) - m_docids.begin());
    }
    bool at_end() const override { return m_started && m_pos >= m_docids.size(); }
    Xapian::docid get_docid() const override { return m_docids[m_pos]; }
    DocidListSource* clone() const override { return new DocidListSource(m_docids); }
    std::string name() const override { return "news::DocidListSource"; }

  private:
    std::vector<Xapian::docid> m_docids;
    size_t m_pos = 0;
    bool m_started = false;
};

bool is_free_text_term(const std::string& t) { return !t.empty() && !(t[0] >= 'A' && t[0] <= 'Z'); }

/// Skips boolean and field terms, numbers and very short terms in the expansion set.
class ExpandDecider : public Xapian::ExpandDecider {
  public:
    bool operator()(const std::string& term) const override {
        if (!is_free_text_term(term) || term.size() < 4) return false;
        for (char c : term)
            if (c >= '0' && c <= '9') return false;
        return true;
    }
};

constexpr double kPhraseBoost = 0.5, kNearBoost = 0.25;

/// The part of a query that documents must match for its words (filters
/// and exclusions aside).
Xapian::Query positive_part(Xapian::Query q) {
    while ((q.get_type() == Xapian::Query::OP_FILTER || q.get_type() == Xapian::Query::OP_AND_NOT) &&
           q.get_num_subqueries() > 0)
        q = q.get_subquery(0);
    return q;
}

std::string leaf_term(const Xapian::Query& q) {
    if (q.get_type() != Xapian::Query::LEAF_TERM || q.get_terms_begin() == q.get_terms_end()) return {};
    return *q.get_terms_begin();
}

/// The words typed side by side: free-text terms that a top-level AND
/// demands. Alternatives (synonyms: an OR) are not words side by side.
std::vector<std::string> words_side_by_side(const Xapian::Query& query) {
    std::vector<std::string> out;
    Xapian::Query q = positive_part(query);
    if (q.get_type() != Xapian::Query::OP_AND) return out;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i) {
        std::string t = leaf_term(q.get_subquery(i));
        if (is_free_text_term(t)) out.push_back(t);
    }
    return out;
}

}  // namespace

// A quoted phrase: every match is the phrase and near, so those boosts would
// add kPhraseBoost + kNearBoost times its own weight, at the price of
// checking positions twice more.
bool is_phrase_query(const Xapian::Query& query) {
    Xapian::Query q = positive_part(query);
    if (q.get_type() != Xapian::Query::OP_PHRASE || q.get_num_subqueries() < 2 || q.get_num_subqueries() > 8)
        return false;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (!is_free_text_term(leaf_term(q.get_subquery(i)))) return false;
    return true;
}

std::vector<Xapian::Query> proximity_boosts(const Xapian::Query& query) {
    size_t words = 0;
    for (auto t = query.get_terms_begin(); t != query.get_terms_end(); ++t) words += is_free_text_term(*t);
    if (words > 8) return {};  // as ranking_boosts()
    std::vector<std::string> side_by_side = words_side_by_side(query);
    if (side_by_side.size() < 2 || side_by_side.size() > 8) return {};
    // Modest: a phrase or a close pair tips the balance between hits of
    // similar relevance, it does not outweigh the words themselves.
    auto n = static_cast<Xapian::termcount>(side_by_side.size());
    Xapian::Query phrase(Xapian::Query::OP_PHRASE, side_by_side.begin(), side_by_side.end(), n);
    Xapian::Query near(Xapian::Query::OP_NEAR, side_by_side.begin(), side_by_side.end(), 2 * n + 2);
    return {Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, phrase, kPhraseBoost),
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, near, kNearBoost)};
}

std::vector<Xapian::Query> ranking_boosts(const Xapian::Query& query) {
    std::vector<std::string> words;
    for (auto t = query.get_terms_begin(); t != query.get_terms_end(); ++t)
        if (is_free_text_term(*t)) words.push_back(*t);
    if (words.empty() || words.size() > 8) return {};
    // Title matches: the same words again in the title field.
    std::vector<Xapian::Query> title;
    const std::string title_prefix(schema::find_field("title")->prefix);
    for (const std::string& w : words) title.emplace_back(title_prefix + w);
    std::vector<Xapian::Query> boosts{Xapian::Query(Xapian::Query::OP_OR, title.begin(), title.end())};
    for (Xapian::Query& b : proximity_boosts(query)) boosts.push_back(std::move(b));
    return boosts;
}

Xapian::Query with_ranking_boosts(const Xapian::Query& query, bool proximity,
                                  const std::vector<Xapian::docid>* phrase_matches, bool common_grams) {
    std::vector<Xapian::Query> boosts = ranking_boosts(query);
    // Phrases with a stopword match from the common grams (same matches and
    // weights); the boosts are worked out on the query as it was parsed.
    Xapian::Query q = common_grams ? with_common_grams(query) : query;
    if (boosts.empty()) return q;
    if (!proximity) boosts.resize(1);  // the title boost comes first
    // A quoted phrase weighs as if it had its phrase and proximity boosts.
    if (is_phrase_query(query)) {
        if (phrase_matches) {
            const Xapian::Query phrase = positive_part(query);
            std::vector<Xapian::Query> words;
            for (size_t i = 0; i < phrase.get_num_subqueries(); ++i) words.push_back(phrase.get_subquery(i));
            q = Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()),
                              only_documents(*phrase_matches));
        }
        q = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 1.0 + kPhraseBoost + kNearBoost);
    }
    // One AND_MAYBE per boost, not one over their OR: Xapian 1.4.22 weighs
    // AND_MAYBE(q, OR(title terms, PHRASE, NEAR)) wrongly when a word has
    // no positions in a document (compound parts), and stops early wrongly
    // (ranking_test has the case).
    for (const Xapian::Query& b : boosts) q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, b);
    return q;
}

Xapian::Query with_table_dates(const Xapian::Query& query, const std::shared_ptr<const FacetTable>& table) {
    if (!table || table->date_slot() == Xapian::BAD_VALUENO) return query;
    bool changed = false;
    Xapian::Query r = table_dates(query, table, changed);
    return changed ? r : query;
}

Xapian::Query documents_source(std::vector<Xapian::docid> sorted) {
    return Xapian::Query((new DocidListSource(std::move(sorted)))->release());
}

Xapian::Query only_documents(std::vector<Xapian::docid> docids) {
    std::sort(docids.begin(), docids.end());
    docids.erase(std::unique(docids.begin(), docids.end()), docids.end());
    if (docids.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query((new DocidListSource(std::move(docids)))->release());
}

namespace {

/// Whether the words' positions hold the phrase: word i at p + i.
bool has_phrase(const std::vector<std::vector<Xapian::termpos>>& pos) {
    for (Xapian::termpos p : pos[0]) {
        bool all = true;
        for (size_t i = 1; i < pos.size() && all; ++i)
            all = std::binary_search(pos[i].begin(), pos[i].end(), p + static_cast<Xapian::termpos>(i));
        if (all) return true;
    }
    return false;
}

/// Whether one position of each (distinct) word fits in `window`
/// consecutive positions, in any order (OP_NEAR): the smallest span holding
/// every word, by a sliding window over all their positions.
bool has_near(const std::vector<std::vector<Xapian::termpos>>& pos, Xapian::termpos window) {
    std::vector<std::pair<Xapian::termpos, size_t>> all;
    for (size_t i = 0; i < pos.size(); ++i)
        for (Xapian::termpos p : pos[i]) all.emplace_back(p, i);
    std::sort(all.begin(), all.end());
    std::vector<unsigned> in_window(pos.size(), 0);
    size_t covered = 0;
    for (size_t lo = 0, hi = 0; hi < all.size(); ++hi) {
        if (in_window[all[hi].second]++ == 0) ++covered;
        while (covered == pos.size()) {
            if (all[hi].first - all[lo].first < window) return true;
            if (--in_window[all[lo].second] == 0) --covered;
            ++lo;
        }
    }
    return false;
}

}  // namespace

std::unordered_map<Xapian::docid, double> proximity_rescore(const Xapian::Database& db, const Xapian::Query& query,
                                                            const std::vector<Xapian::docid>& docids) {
    std::unordered_map<Xapian::docid, double> extra;
    std::vector<Xapian::Query> boosts = proximity_boosts(query);
    if (boosts.empty() || docids.empty()) return extra;
    std::vector<std::string> words = words_side_by_side(query);
    std::vector<std::string> distinct = words;
    std::sort(distinct.begin(), distinct.end());
    if (std::unique(distinct.begin(), distinct.end()) != distinct.end()) {
        // A word twice: leave OP_NEAR's rules for repeated words to Xapian.
        for (const Xapian::Query& boost : boosts) {
            Xapian::Enquire e(db);
            e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, boost, only_documents(docids)));
            Xapian::MSet m = e.get_mset(0, static_cast<Xapian::doccount>(docids.size()));
            for (auto it = m.begin(); it != m.end(); ++it) extra[*it] += it.get_weight();
        }
        return extra;
    }
    Xapian::Enquire e(db);
    e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()),
                              only_documents(docids)));
    Xapian::MSet m = e.get_mset(0, static_cast<Xapian::doccount>(docids.size()));
    const auto near_window = static_cast<Xapian::termpos>(2 * words.size() + 2);  // as proximity_boosts()
    std::vector<std::vector<Xapian::termpos>> pos(words.size());
    for (auto it = m.begin(); it != m.end(); ++it) {
        bool positions = true;
        for (size_t i = 0; i < words.size() && positions; ++i) {
            pos[i].assign(db.positionlist_begin(*it, words[i]), db.positionlist_end(*it, words[i]));
            positions = !pos[i].empty();
        }
        if (!positions) continue;  // a word without positions (a compound part) is in no phrase
        double factor = has_near(pos, near_window) ? kNearBoost : 0.0;
        if (factor > 0 && has_phrase(pos)) factor += kPhraseBoost;
        if (factor > 0) extra[*it] = factor * it.get_weight();
    }
    return extra;
}

Xapian::Query recency_boost(const std::string& today) {
    return Xapian::Query((new RecencySource(days_since_epoch(today)))->release());
}

Xapian::Query recency_boost(const std::vector<std::string>& dates, const std::string& today) {
    const long now = days_since_epoch(today);
    auto* source = new Xapian::ValueMapPostingSource(schema::slot(schema::Slot::DATE));
    source->set_default_weight(0.0);
    for (const std::string& d : dates) {
        const long day = days_since_epoch(d);
        if (day >= 0) source->add_mapping(d, recency_weight(now - day));
    }
    return Xapian::Query(source->release());
}

std::unordered_map<Xapian::docid, double> proximity_rescore(const Xapian::Database& db, const Xapian::Query& query,
                                                            const Xapian::Query& filter, Xapian::doccount size) {
    std::unordered_map<Xapian::docid, double> extra;
    for (const Xapian::Query& boost : proximity_boosts(query)) {
        Xapian::Enquire e(db);
        e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, boost, filter));
        Xapian::MSet m = e.get_mset(0, size);
        for (auto it = m.begin(); it != m.end(); ++it) extra[*it] += it.get_weight();
    }
    return extra;
}

Xapian::Query recency_boost(std::shared_ptr<const FacetTable> table, const std::string& today) {
    return Xapian::Query((new TableRecencySource(std::move(table), days_since_epoch(today)))->release());
}

std::string today_yyyymmdd() { return schema::utc_now("%Y%m%d"); }

Xapian::Query more_like_this(const Xapian::Database& db, const std::string& id_term, unsigned terms) {
    Xapian::PostingIterator p = db.postlist_begin(id_term);
    if (p == db.postlist_end(id_term)) return Xapian::Query::MatchNothing;
    Xapian::docid self = *p;
    Xapian::RSet rset;
    rset.add_document(self);
    Xapian::Enquire enquire(db);
    ExpandDecider decider;
    // Exact term frequencies: over several databases (a cluster's shards)
    // Xapian would otherwise scale them from the part the article is in.
    Xapian::ESet eset = enquire.get_eset(terms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    std::vector<Xapian::Query> parts;
    for (auto it = eset.begin(); it != eset.end(); ++it) parts.emplace_back(*it);
    if (parts.empty()) return Xapian::Query::MatchNothing;
    Xapian::Query like(Xapian::Query::OP_OR, parts.begin(), parts.end());
    return Xapian::Query(Xapian::Query::OP_AND_NOT, like, Xapian::Query(id_term));
}

}  // namespace news::searcher
