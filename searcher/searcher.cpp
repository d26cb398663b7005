#include "searcher/searcher.hpp"

#include "schema/schema.hpp"
#include "schema/text.hpp"
#include "schema/umlaut_stem.hpp"
#include "searcher/common_grams.hpp"
#include "searcher/facet_file.hpp"
#include "searcher/facets.hpp"
#include "searcher/highlighter.hpp"
#include "searcher/match_walk.hpp"
#include "searcher/ranking.hpp"
#include "searcher/stored_article.hpp"
#include "searcher/word_list_file.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <unordered_map>
#include <memory>
#include <optional>
#include <queue>

namespace news::searcher {

namespace {

constexpr size_t kMaxQueryBytes = 1000;

/// How many of the top hits the phrase and proximity boosts rescore. Those
/// boosts read positions: over the whole match set they were most of a
/// multi-word search's time. Below this window a hit would need more than
/// the weight of 100 others to have come up (Elasticsearch's rescore does
/// the same with its window_size).
constexpr Xapian::doccount kRescoreWindow = 100;
/// Near-duplicates of one article the rescored window keeps (the boosts
/// choose the best of them).
constexpr Xapian::doccount kRescoreDuplicates = 3;

/// The counting pass's spy: counts facets, and keeps the matching
/// documents when asked (a quoted phrase's, for its ranking).
class MatchRecorder final : public Xapian::MatchSpy {
  public:
    MatchRecorder(FacetCounter& counter, std::vector<Xapian::docid>* matches)
        : m_counter(counter), m_matches(matches) {}
    void operator()(const Xapian::Document& doc, double) override {
        m_counter.add(doc.get_docid());
        if (m_matches) m_matches->push_back(doc.get_docid());
    }

  private:
    FacetCounter& m_counter;
    std::vector<Xapian::docid>* m_matches;
};

/// Browsing pages as long as this come from the counting walk.
constexpr Xapian::doccount kWalkedPageMax = 1000;

/// The first `k` documents of a walk in date order, as Xapian's sort by
/// value then relevance puts them when every weight is 0: by date (a
/// document without one, -1, after the others when newest first, before
/// them when oldest first, as its empty value sorts), then by docid.
class DatePage {
  public:
    DatePage(const FacetTable& dates, bool newest_first, size_t k)
        : m_dates(dates), m_newest_first(newest_first), m_k(k), m_heap(Before{newest_first}) {}
    void add(Xapian::docid did) {
        const Entry e{m_dates.days(did), did};
        if (m_heap.size() < m_k) m_heap.push(e);
        else if (Before{m_newest_first}(e, m_heap.top())) m_heap.pop(), m_heap.push(e);
    }
    /// The documents in page order.
    std::vector<Xapian::docid> sorted() {
        std::vector<Xapian::docid> out(m_heap.size());
        for (size_t i = out.size(); i-- > 0; m_heap.pop()) out[i] = m_heap.top().did;
        return out;
    }

  private:
    struct Entry {
        std::int32_t days;
        Xapian::docid did;
    };
    struct Before {  // a comes before b on the page
        bool newest_first;
        bool operator()(const Entry& a, const Entry& b) const {
            if (a.days != b.days) return newest_first ? a.days > b.days : a.days < b.days;
            return a.did < b.did;
        }
    };
    const FacetTable& m_dates;
    bool m_newest_first;
    size_t m_k;
    std::priority_queue<Entry, std::vector<Entry>, Before> m_heap;  ///< the page's last at the top
};

}  // namespace

SortOrder parse_sort(const std::string& s) {
    if (s.empty() || s == "relevance") return SortOrder::RELEVANCE;
    if (s == "date" || s == "date-desc") return SortOrder::DATE_DESC;
    if (s == "date-asc") return SortOrder::DATE_ASC;
    throw QueryError("unknown sort '" + s + "' (relevance, date or date-asc)", "sort");
}

Searcher::Searcher(const std::string& db_path, std::shared_ptr<FacetTableCache> facet_tables, ClusterOptions cluster)
    : m_path(db_path), m_facet_tables(std::move(facet_tables)) {
    std::vector<StubLine> stub;
    try {
        stub = read_stub(db_path);
    } catch (const std::exception& e) {
        throw IndexUnavailable("cannot open index " + db_path + ": " + e.what());
    }
    if (news::searcher::is_cluster(stub)) {
        m_cluster = std::make_unique<Cluster>(db_path, cluster);
        m_db = m_cluster->database();
    } else {
        try {
            m_db = Xapian::Database(db_path);
        } catch (const Xapian::Error& e) {
            throw IndexUnavailable("cannot open index " + db_path + ": " + e.get_msg() +
                                   " (build it with: news-index build --source DIR --db " + db_path + ")");
        }
    }
    check_schema();
}

std::vector<unsigned> Searcher::cluster_down() const {
    std::vector<unsigned> out;
    if (m_cluster)
        for (const auto& [place, line] : m_cluster->down()) out.push_back(place);
    return out;
}

void Searcher::check_cluster() {
    if (m_cluster && m_cluster->refresh(true)) use_cluster_database();
}

void Searcher::use_cluster_database() {
    m_db = m_cluster->database();
    check_schema();
    m_builder.reset();
    m_facet_table.reset();
}

const std::vector<std::string>& Searcher::cluster_dates() {
    const std::string key = built_at() + "/" + std::to_string(m_db.get_doccount());
    if (key != m_dates_key) {
        // One pass of Xapian's own value counter, run by each part.
        Xapian::ValueCountMatchSpy spy(schema::slot(schema::Slot::DATE));
        Xapian::Enquire all(m_db);
        all.set_query(Xapian::Query::MatchAll);
        all.set_weighting_scheme(Xapian::BoolWeight());
        all.add_matchspy(&spy);
        all.get_mset(0, 0, m_db.get_doccount());
        m_dates.clear();
        for (auto it = spy.values_begin(); it != spy.values_end(); ++it) m_dates.push_back(*it);
        m_dates_key = key;
    }
    return m_dates;
}

void Searcher::check_schema() {
    std::string version = m_db.get_metadata(std::string(schema::kMetaSchemaVersion));
    if (version != schema::schema_version())
        throw IndexUnavailable("index " + m_path + " was built with schema '" + version + "', this searcher needs '" +
                               schema::schema_version() + "': rebuild it with news-index build");
    std::string profile = m_db.get_metadata(std::string(schema::kMetaAnalysis));
    m_profile = profile.empty() ? schema::AnalysisProfile::FULL : schema::parse_profile(profile);
    // Phrases from the common grams only when the index holds this build's.
    m_common_grams = m_db.get_metadata(std::string(schema::kMetaCommonGrams)) == schema::gram_stems_text();
    std::string folds = m_db.get_metadata(std::string(schema::kMetaUmlautFolds));
    if (!m_folds || folds != m_folds_text) {
        m_folds_text = std::move(folds);
        m_folds = schema::UmlautFolds::parse(m_folds_text);
        m_terms = TermCache(m_profile, 100000, m_folds);
    }
}

bool Searcher::reopen() {
    if (m_cluster) {
        const std::string before = built_at();
        try {
            if (!m_cluster->refresh()) return false;
            use_cluster_database();
        } catch (const Xapian::Error& e) {
            throw IndexUnavailable("cannot reopen cluster " + m_path + ": " + e.get_msg());
        }
        return built_at() != before;
    }
    try {
        bool changed = m_db.reopen();
        // A stub switched to a new generation is only seen by opening again.
        Xapian::Database fresh(m_path);
        if (fresh.get_metadata(std::string(schema::kMetaBuiltAt)) != built_at() ||
            fresh.get_lastdocid() != m_db.get_lastdocid() || fresh.get_doccount() != m_db.get_doccount()) {
            m_db = fresh;
            changed = true;
        }
        if (changed) {
            check_schema();
            m_builder.reset();
            m_facet_table.reset();
        }
        return changed;
    } catch (const Xapian::Error& e) {
        throw IndexUnavailable("cannot reopen index " + m_path + ": " + e.get_msg());
    }
}

QueryBuilder& Searcher::builder() {
    if (!m_builder) {
        m_builder = std::make_unique<QueryBuilder>(m_db, m_profile, m_folds);
        // The word lists mapped from the index's file, not copied out of its metadata.
        if (!m_cluster) m_builder->set_word_list_source([this] { return map_word_list_file(database_dir(), m_db); });
    }
    return *m_builder;
}

const std::shared_ptr<const FacetTable>& Searcher::facet_table() {
    if (!m_facet_table) {
        const std::string dir = database_dir();
        m_facet_table = m_facet_tables ? m_facet_tables->get(m_db, dir) : load_facet_table(m_db, dir);
    }
    return m_facet_table;
}

std::string Searcher::database_dir() const {
    // The stub may have switched since m_db was opened: the facet file
    // checks that it belongs to m_db's revision.
    std::error_code ec;
    if (std::filesystem::is_directory(m_path, ec)) return m_path;
    try {
        std::vector<StubLine> stub = read_stub(m_path);
        if (stub.size() == 1 && stub[0].kind == StubLine::Kind::LOCAL) return stub[0].path;
    } catch (const std::exception&) {
    }
    return {};
}

std::string Searcher::built_at() const { return m_db.get_metadata(std::string(schema::kMetaBuiltAt)); }

Xapian::Enquire Searcher::make_enquire(const SearchRequest& req, const BuiltQuery& bq, bool proximity,
                                       const std::vector<Xapian::docid>* phrase_matches,
                                       const PositionalSets* positional) {
    Xapian::Enquire enquire(m_db);
    enquire.set_query(ranked_query(req, bq, proximity, phrase_matches, positional));
    if (spdlog::should_log(spdlog::level::debug)) spdlog::debug("ranked by {}", enquire.get_query().get_description());
    // Browsing lists the archive as it is; a search folds near-duplicates.
    if (req.collapse && bq.has_words) enquire.set_collapse_key(schema::slot(schema::Slot::DUPKEY));
    SortOrder sort = req.sort;
    if (!bq.has_words && sort == SortOrder::RELEVANCE) sort = SortOrder::DATE_DESC;  // browsing: newest first
    const auto date_slot = schema::slot(schema::Slot::DATE);
    if (sort == SortOrder::DATE_DESC) enquire.set_sort_by_value_then_relevance(date_slot, true);
    else if (sort == SortOrder::DATE_ASC) enquire.set_sort_by_value_then_relevance(date_slot, false);
    if (req.time_limit_seconds > 0) enquire.set_time_limit(req.time_limit_seconds);
    return enquire;
}

Xapian::Query Searcher::ranked_query(const SearchRequest& req, const BuiltQuery& bq, bool proximity,
                                     const std::vector<Xapian::docid>* phrase_matches,
                                     const PositionalSets* positional) {
    Xapian::Query q = bq.query;
    if (bq.has_words && req.like.empty()) q = with_ranking_boosts(q, proximity, phrase_matches, m_common_grams);
    if (bq.has_words && req.recency)
        q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                          m_cluster ? recency_boost(cluster_dates(), today_yyyymmdd())
                                    : recency_boost(facet_table(), today_yyyymmdd()));
    if (!bq.filter.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, bq.filter);
    // Date ranges from the facet table's days, not a value read per
    // candidate, when the counting pass or the recency boost has loaded it
    // (a search without facets does not load it for this alone).
    if (!m_cluster && m_facet_table) q = with_table_dates(q, m_facet_table);
    // Positions checked only on the documents each phrase and NEAR matched.
    if (positional) q = positional->narrow(q);
    return q;
}

std::vector<std::pair<std::string, double>> Searcher::explain(const SearchRequest& req, const BuiltQuery& bq,
                                                              Xapian::docid did) {
    // Weigh each part of the query alone on this one document.
    std::vector<std::pair<std::string, Xapian::Query>> parts;
    for (auto t = bq.query.get_unique_terms_begin(); t != bq.query.get_unique_terms_end(); ++t)
        parts.emplace_back("term " + *t, Xapian::Query(*t));
    std::vector<Xapian::Query> boosts = ranking_boosts(bq.query);
    if (!boosts.empty() && bq.has_words)
        parts.emplace_back("title/phrase/proximity boost", Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end()));
    if (req.recency && bq.has_words) parts.emplace_back("recency boost", m_cluster ? recency_boost(cluster_dates(), today_yyyymmdd())
                                                                           : recency_boost(today_yyyymmdd()));
    std::vector<std::pair<std::string, double>> out;
    Xapian::Document doc = m_db.get_document(did);
    std::string id_term;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        if ((*t).rfind('Q', 0) == 0) id_term = *t;
    for (const auto& [label, part] : parts) {
        Xapian::Enquire e(m_db);
        e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, part, Xapian::Query(id_term)));
        Xapian::MSet m = e.get_mset(0, 1);
        double w = m.empty() ? 0.0 : m.begin().get_weight();
        if (w > 0) out.emplace_back(label, w);
    }
    return out;
}

Hit Searcher::make_hit(const Xapian::MSetIterator& it, std::string* body) {
    Hit h = make_hit(it.get_document(), body);
    h.rank = it.get_rank() + 1;
    h.similar = it.get_collapse_count();
    h.score = it.get_weight();
    h.percent = it.get_percent();
    return h;
}

Hit Searcher::make_hit(const Xapian::Document& doc, std::string* body) {
    Hit h;
    StoredArticle a;
    read_stored_article(doc.get_data(), a, body != nullptr);
    h.id = std::move(a.id);
    h.url = std::move(a.url);
    h.title = std::move(a.title);
    h.date = std::move(a.date);
    h.path = std::move(a.path);
    h.lead = std::move(a.lead);
    h.regions = std::move(a.regions);
    h.topics = std::move(a.topics);
    if (body) *body = std::move(a.body);
    return h;
}

SearchResult Searcher::search(const SearchRequest& req) {
    const auto start = std::chrono::steady_clock::now();
    if (!m_cluster) return search_once(req, start);
    // A cluster: parts that failed before are tried again when due; a part
    // that fails now is left out and the search runs again without it.
    for (size_t attempt = 0;; ++attempt) {
        try {
            if (m_cluster->refresh()) use_cluster_database();
            SearchResult r = search_once(req, start);
            for (auto& [place, line] : m_cluster->down()) {
                r.failed_shards.push_back(place);
                r.failed_parts.push_back(std::move(line));
            }
            r.shards = static_cast<unsigned>(m_cluster->size());
            r.partial = !r.failed_shards.empty();
            if (r.partial) r.total_exact = false;
            return r;
        } catch (const Xapian::NetworkError& e) {
            if (attempt >= m_cluster->size() || !m_cluster->fail(e))
                throw IndexUnavailable("cluster " + m_path + ": " + e.get_description());
            use_cluster_database();  // throws IndexUnavailable when no part is left
        }
    }
}

SearchResult Searcher::search_once(const SearchRequest& req, std::chrono::steady_clock::time_point start) {
    if (req.query.size() > kMaxQueryBytes)
        throw QueryError("query too long (" + std::to_string(req.query.size()) + " bytes, at most " +
                         std::to_string(kMaxQueryBytes) + ")");
    BuiltQuery bq = builder().build(req);
    if (spdlog::should_log(spdlog::level::debug))
        spdlog::debug("query {}{}", bq.query.get_description(),
                      bq.filter.empty() ? std::string() : " filtered by " + bq.filter.get_description());
    // One time limit for the whole search, the query's expansion included:
    // each pass gets what the ones before it left, and the ranked pass
    // still a tenth of the limit, so that it can return its first page.
    using Clock = std::chrono::steady_clock;
    const bool limited = req.time_limit_seconds > 0;
    const Clock::time_point deadline =
        limited ? start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(req.time_limit_seconds))
                : Clock::time_point::max();
    auto seconds_left = [&](double floor) {
        return std::max(floor, std::chrono::duration<double>(deadline - Clock::now()).count());
    };
    SearchResult r;
    r.query = req.query;
    r.offset = req.offset;
    r.limit = req.limit;
    const bool collapsing = req.collapse && bq.has_words;
    for (int attempt = 0;; ++attempt) {
        try {
            // Facets need the whole match set, the ranked hits only the top:
            // two passes, so that the ranked one stops early. The counting
            // pass matches the bare query (the boosts never change which
            // documents match) without weights, and its spy only bumps
            // counters from the facet table.
            std::optional<FacetCounter> counter;
            std::optional<SpyFacetCounter> spies;
            std::vector<Xapian::docid> phrase_matches;
            bool phrase_matches_complete = false;
            std::optional<DatePage> browse_page;
            std::optional<PositionalSets> positional;
            if (req.facets) {
                // Phrases with a stopword: from the common grams.
                const Xapian::Query words = m_common_grams ? with_common_grams(bq.query) : bq.query;
                const Xapian::Query matching =
                    bq.filter.empty() ? words : Xapian::Query(Xapian::Query::OP_FILTER, words, bq.filter);
                if (m_cluster) {
                    // Counted by each part with Xapian's own spies: a facet
                    // table would read every document over the network.
                    spies.emplace(schema_facet_slots(), schema::slot(schema::Slot::DUPKEY));
                    Xapian::Enquire counting(m_db);
                    counting.set_query(matching);
                    counting.set_weighting_scheme(Xapian::BoolWeight());
                    if (limited) counting.set_time_limit(seconds_left(0.001));
                    spies->attach(counting);
                    Xapian::MSet all = counting.get_mset(0, 0, m_db.get_doccount());
                    r.total_exact = all.get_matches_lower_bound() == all.get_matches_upper_bound();
                    r.total = collapsing ? spies->collapsed_matches() : spies->matches();
                    r.facets = spies->facets();
                } else {
                counter.emplace(*facet_table());
                // Words, AND/OR/NOT, filter terms, date ranges and
                // wildcards: straight from the posting lists (and the
                // table's dates); phrases, NEAR, wider wildcards: through Enquire.
                bool walk_timed_out = false;
                // A quoted phrase: keep its matches, so that the ranking
                // does not check every candidate's positions again (and,
                // walked from its common grams, ranks as it always did).
                const bool keep = req.limit > 0 && is_phrase_query(bq.query);
                WalkOptions walk;
                walk.dates = facet_table().get();
                walk.wildcard_limit = kWildcardExpansion;
                // Phrases and NEARs (a compound's parts) matched once, for
                // the walk and the ranked pass; a quoted phrase keeps its
                // own matches (below).
                if (!keep && !bq.query.empty()) {
                    positional.emplace(m_db, words, deadline);
                    if (positional->complete() && !positional->empty()) walk.positional = &*positional;
                    else positional.reset();
                }
                // Browsing by date: the page too, from the days of the
                // facet table, instead of a value read per match.
                const bool by_date = !bq.has_words && req.like.empty() && req.limit > 0 &&
                                     req.offset + req.limit <= kWalkedPageMax &&
                                     walk.dates->date_slot() == schema::slot(schema::Slot::DATE);
                if (by_date)
                    browse_page.emplace(*walk.dates, req.sort != SortOrder::DATE_ASC, req.offset + req.limit);
                if (walk_matches(m_db, matching,
                                 [&](Xapian::docid did) {
                                     counter->add(did);
                                     if (keep) phrase_matches.push_back(did);
                                     if (browse_page) browse_page->add(did);
                                 },
                                 deadline, &walk_timed_out, walk)) {
                    r.total_exact = !walk_timed_out;
                    phrase_matches_complete = keep && r.total_exact;
                    if (walk_timed_out) browse_page.reset();
                } else {
                    browse_page.reset();
                    MatchRecorder spy(*counter, keep ? &phrase_matches : nullptr);
                    Xapian::Enquire counting(m_db);
                    counting.set_query(positional ? positional->narrow(matching) : matching);
                    counting.set_weighting_scheme(Xapian::BoolWeight());
                    if (limited) counting.set_time_limit(seconds_left(0.001));
                    counting.add_matchspy(&spy);
                    Xapian::MSet all = counting.get_mset(0, 0, m_db.get_doccount());
                    r.total_exact = all.get_matches_lower_bound() == all.get_matches_upper_bound();
                    phrase_matches_complete = keep && r.total_exact;
                }
                r.total = collapsing ? counter->collapsed_matches() : counter->matches();
                r.facets = counter->facets();
                }
            }
            r.hits.clear();
            if (req.limit == 0 && req.facets) break;  // counts only
            std::optional<Highlighter> hl;
            if (req.snippets) hl.emplace(bq.query, bq.wildcard_prefixes, m_terms);
            auto add_hit = [&](const Xapian::Document& doc, Xapian::docid did, double score, int percent,
                               Xapian::doccount similar) {
                std::string body;
                Hit h = make_hit(doc, req.snippets ? &body : nullptr);
                h.rank = req.offset + r.hits.size() + 1;
                h.score = score;
                h.percent = percent;
                h.similar = similar;
                if (req.snippets) {
                    // The lead is part of what a reader sees of the article:
                    // before the body, unless the body repeats it.
                    if (!h.lead.empty() && body.find(h.lead) == std::string::npos)
                        body = body.empty() ? h.lead : h.lead + "\n\n" + body;
                    h.snippet = hl->snippet(body, req.snippet_chars);
                }
                if (req.explain) h.explain = explain(req, bq, did);
                r.hits.push_back(std::move(h));
            };
            if (browse_page) {
                // Every weight is 0 when browsing: Xapian gives each 100%.
                const std::vector<Xapian::docid> order = browse_page->sorted();
                for (size_t i = req.offset; i < order.size(); ++i) add_hit(m_db.get_document(order[i]), order[i], 0.0, 100, 0);
                break;
            }
            Xapian::MSet mset;
            SearchRequest ranked_req = req;
            if (limited) ranked_req.time_limit_seconds = seconds_left(req.time_limit_seconds / 10);
            const auto page = ranked_page(ranked_req, bq, mset, phrase_matches_complete ? &phrase_matches : nullptr,
                                          positional ? &*positional : nullptr);
            if (!req.facets) {
                r.total = mset.get_matches_estimated();
                r.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
            }
            for (const Ranked& ranked : page) {
                const Xapian::MSetIterator& it = ranked.it;
                Xapian::doccount similar = ranked.similar;
                // The ranked pass stopped early: its collapse counts are a lower bound.
                if (counter && collapsing) similar = counter->similar(*it);
                if (spies && collapsing) similar = spies->similar(it.get_collapse_key());
                add_hit(it.get_document(), *it, ranked.weight, it.get_percent(), similar);
            }
            break;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 2) throw IndexUnavailable("index changed during the search; try again");
            reopen();
        } catch (const Xapian::DatabaseError& e) {
            throw IndexUnavailable("index error: " + e.get_msg());
        }
    }
    if (!bq.corrected.empty() && bq.corrected != req.query) r.suggestion = bq.corrected;
    r.query_ran = req.query;
    if (r.total == 0 && req.correct && !r.suggestion.empty() && bq.has_words) {
        // Nothing found as written, but a correction exists: show what it
        // finds, and say so (the big engines' "Ergebnisse für …").
        SearchRequest fixed = req;
        fixed.query = r.suggestion;
        fixed.spelling = false;
        fixed.correct = false;
        SearchResult c = search(fixed);
        if (c.total > 0) {
            c.query = req.query;
            c.query_ran = fixed.query;
            c.corrected_from = req.query;
            c.suggestion.clear();
            c.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            return c;
        }
    }
    r.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return r;
}

std::vector<Searcher::Ranked> Searcher::ranked_page(const SearchRequest& req, const BuiltQuery& bq,
                                                    Xapian::MSet& mset,
                                                    const std::vector<Xapian::docid>* phrase_matches,
                                                    const PositionalSets* positional) {
    std::vector<Ranked> page;
    const Xapian::doccount wanted = req.offset + req.limit;
    const bool by_relevance = bq.has_words && req.like.empty() && req.sort == SortOrder::RELEVANCE;
    std::vector<Xapian::Query> proximity = by_relevance ? proximity_boosts(bq.query) : std::vector<Xapian::Query>{};
    if (proximity.empty()) {
        mset = make_enquire(req, bq, true, phrase_matches, positional).get_mset(req.offset, req.limit, wanted);
        for (auto it = mset.begin(); it != mset.end(); ++it) page.push_back({it, it.get_weight(), it.get_collapse_count()});
        return page;
    }
    // Rank without the boosts that read positions, then add them to the top
    // of that ranking only, and sort it again.
    // Near-duplicates: the first pass keeps a few of each, since the boosts
    // may prefer another one than the first pass did; the best one stays.
    const Xapian::doccount window = std::max(wanted, kRescoreWindow);
    Xapian::Enquire first = make_enquire(req, bq, false, nullptr, positional);
    const bool collapsing = req.collapse;  // by_relevance: the query has words
    if (collapsing) first.set_collapse_key(schema::slot(schema::Slot::DUPKEY), kRescoreDuplicates);
    mset = first.get_mset(0, window, window);
    std::unordered_map<Xapian::docid, double> extra;
    if (m_cluster) {
        // Each position list would be a round trip: the parts check the
        // boosts themselves, on the top's id terms.
        std::vector<Xapian::Query> ids;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            StoredArticle a;
            read_stored_article(it.get_document().get_data(), a, false);
            if (!a.id.empty()) ids.emplace_back(schema::make_term("Q", a.id));
        }
        if (!ids.empty())
            extra = proximity_rescore(m_db, bq.query, Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end()),
                                      mset.size());
    } else {
        std::vector<Xapian::docid> top;
        for (auto it = mset.begin(); it != mset.end(); ++it) top.push_back(*it);
        extra = proximity_rescore(m_db, bq.query, top);
    }
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        auto e = extra.find(*it);
        page.push_back({it, it.get_weight() + (e == extra.end() ? 0.0 : e->second), it.get_collapse_count()});
    }
    std::stable_sort(page.begin(), page.end(), [](const Ranked& a, const Ranked& b) { return a.weight > b.weight; });
    if (collapsing) {
        std::unordered_map<std::string, size_t> best;  // collapse key → its hit in `kept`
        std::vector<Ranked> kept;
        for (Ranked& hit : page) {
            std::string key = hit.it.get_collapse_key();
            if (key.empty()) {
                kept.push_back(hit);
            } else if (auto [b, added] = best.try_emplace(std::move(key), kept.size()); added) {
                kept.push_back(hit);
            } else {
                kept[b->second].similar += 1 + hit.similar;
            }
        }
        page = std::move(kept);
    }
    if (page.size() > wanted) page.resize(wanted);
    page.erase(page.begin(), page.begin() + std::min<std::ptrdiff_t>(req.offset, static_cast<std::ptrdiff_t>(page.size())));
    return page;
}

std::uint64_t Searcher::for_each_hit(const SearchRequest& req, const std::function<void(const Hit&)>& fn) {
    if (m_cluster && m_cluster->refresh()) use_cluster_database();
    // An export is all or nothing: a part that fails ends it with an error.
    if (m_cluster && !m_cluster->down().empty())
        throw IndexUnavailable("cluster " + m_path + ": not every part answers (" + m_cluster->down().front().second + ")");
    try {
        return export_hits(req, fn);
    } catch (const Xapian::NetworkError& e) {
        throw IndexUnavailable("cluster " + m_path + ": a part failed during the export: " + e.get_description());
    }
}

std::uint64_t Searcher::export_hits(const SearchRequest& req, const std::function<void(const Hit&)>& fn) {
    BuiltQuery bq = builder().build(req);
    Xapian::Enquire enquire = make_enquire(req, bq);
    constexpr Xapian::doccount kPage = 10000;
    std::uint64_t n = 0;
    for (Xapian::doccount offset = req.offset;; offset += kPage) {
        Xapian::MSet mset = enquire.get_mset(offset, kPage);
        for (auto it = mset.begin(); it != mset.end(); ++it) fn(make_hit(it)), ++n;
        if (mset.size() < kPage) break;
    }
    return n;
}

std::vector<std::string> Searcher::suggest(const std::string& prefix, unsigned limit) {
    std::vector<std::pair<Xapian::doccount, std::string>> found;
    std::string p = schema::to_lower(schema::trim(prefix));
    if (p.empty() || limit == 0) return {};
    // The spelling table holds every indexed word as written (lower case), with its frequency.
    Xapian::TermIterator it = m_db.spellings_begin();
    it.skip_to(p);
    for (; it != m_db.spellings_end(); ++it) {
        std::string w = *it;
        if (w.compare(0, p.size(), p) != 0) break;
        found.emplace_back(it.get_termfreq(), w);
        if (found.size() >= 5000) break;
    }
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> out;
    for (size_t i = 0; i < found.size() && out.size() < limit; ++i) out.push_back(found[i].second);
    return out;
}

}  // namespace news::searcher
