#pragma once
/// The searcher library: ranked German full-text search over the archive
/// with filters, facets, snippets and spelling suggestions.
///
/// @code
///   news::searcher::Searcher s("var/news.db");
///   news::searcher::SearchRequest req;
///   req.query = "Fachkräftesicherung";
///   req.regions = {"Mitteldeutschland"};
///   news::searcher::SearchResult r = s.search(req);
/// @endcode
///
/// A Searcher is not thread-safe (Xapian::Database objects are not): use
/// one per thread. reopen() picks up a newly switched index.

#include "searcher/cluster.hpp"
#include "searcher/facets.hpp"
#include "searcher/positional_sets.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/search_types.hpp"
#include "searcher/term_cache.hpp"

#include <xapian.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace news::searcher {

class Searcher {
  public:
    /// Opens the database (stub file or directory). Throws IndexUnavailable
    /// when it cannot be opened or was built with another schema/analysis.
    /// Searchers given the same `facet_tables` share the per-document facet
    /// table of an index revision (without: each reads its own).
    ///
    /// A stub file that names several databases (a sharded build) or remote
    /// parts (`remote HOST:PORT`, served by xapian-tcpsrv) is searched as a cluster (searcher/cluster.hpp) with
    /// `cluster` as its timeouts: the same answers from what Xapian's remote
    /// protocol can carry, and a part that fails is left out (partial).
    explicit Searcher(const std::string& db_path, std::shared_ptr<FacetTableCache> facet_tables = nullptr,
                      ClusterOptions cluster = cluster_options(0));

    /// Run a request. Throws QueryError for a bad request.
    SearchResult search(const SearchRequest& req);

    /// The words a query's wildcards would be searched as: a cost a service
    /// can admit by before searching. Throws QueryError like search().
    unsigned wildcard_terms(const std::string& query) { return builder().wildcard_terms(query); }

    /// Every hit of a request in order, however many (CSV export); returns the count.
    std::uint64_t for_each_hit(const SearchRequest& req, const std::function<void(const Hit&)>& fn);

    /// Completions for search-as-you-type: indexed words starting with `prefix`.
    std::vector<std::string> suggest(const std::string& prefix, unsigned limit);

    /// Pick up the newest committed or switched index; true when it changed.
    bool reopen();

    std::uint64_t doccount() const { return m_db.get_doccount(); }
    std::string built_at() const;
    const std::string& path() const { return m_path; }
    /// True when the index is searched as a cluster (see the constructor).
    bool is_cluster() const { return m_cluster != nullptr; }
    /// A cluster's parts in all, and those down (their place in the cluster file, 1-based).
    size_t cluster_parts() const { return m_cluster ? m_cluster->size() : 0; }
    std::vector<unsigned> cluster_down() const;
    /// A health check: every part that is down is tried now (not only when
    /// its pause is over). Throws IndexUnavailable when no shard answers.
    void check_cluster();

  private:
    void check_schema();
    QueryBuilder& builder();
    /// Read once per index revision (reopen() drops it), shared by its queries.
    const std::shared_ptr<const FacetTable>& facet_table();
    /// The directory of a single local database (where its facet file is); empty for other indexes.
    std::string database_dir() const;
    /// With `proximity` false, the ranking leaves the phrase and proximity
    /// boosts to a rescoring of its top (see search()).
    /// `phrase_matches`: see with_ranking_boosts().
    /// `phrase_matches` and `positional`: what the counting pass matched
    /// (a quoted phrase's documents; the PHRASE and NEAR parts' documents).
    Xapian::Enquire make_enquire(const SearchRequest& req, const BuiltQuery& bq, bool proximity = true,
                                 const std::vector<Xapian::docid>* phrase_matches = nullptr,
                                 const PositionalSets* positional = nullptr);
    struct Ranked {
        Xapian::MSetIterator it;
        double weight;
        Xapian::doccount similar;  ///< near-duplicates folded into it (a lower bound)
    };
    /// The page of hits [offset, offset + limit) of `mset`, ranked.
    std::vector<Ranked> ranked_page(const SearchRequest& req, const BuiltQuery& bq, Xapian::MSet& mset,
                                    const std::vector<Xapian::docid>* phrase_matches = nullptr,
                                    const PositionalSets* positional = nullptr);
    /// The hit's stored fields; its text into `body` when not null.
    static Hit make_hit(const Xapian::MSetIterator& it, std::string* body = nullptr);
    /// A hit's stored fields (rank, score, percent and similar left as they are).
    static Hit make_hit(const Xapian::Document& doc, std::string* body = nullptr);
    Xapian::Query ranked_query(const SearchRequest& req, const BuiltQuery& bq, bool proximity = true,
                               const std::vector<Xapian::docid>* phrase_matches = nullptr,
                               const PositionalSets* positional = nullptr);
    std::vector<std::pair<std::string, double>> explain(const SearchRequest& req, const BuiltQuery& bq,
                                                        Xapian::docid did);

    /// A cluster's parts changed (one failed, or came back): search what answers.
    void use_cluster_database();
    /// The YYYYMMDD dates the index holds (a cluster's recency boost), read once per build.
    const std::vector<std::string>& cluster_dates();
    std::uint64_t export_hits(const SearchRequest& req, const std::function<void(const Hit&)>& fn);
    SearchResult search_once(const SearchRequest& req, std::chrono::steady_clock::time_point start);

    std::string m_path;
    std::unique_ptr<Cluster> m_cluster;  ///< set for an index with remote parts
    std::vector<std::string> m_dates;
    std::string m_dates_key;
    Xapian::Database m_db;
    schema::AnalysisProfile m_profile = schema::AnalysisProfile::FULL;
    std::shared_ptr<const schema::UmlautFolds> m_folds;  ///< as stored in the index
    std::string m_folds_text;
    bool m_common_grams = false;  ///< the index holds this build's common grams (kMetaCommonGrams)
    // Kept across queries; the first two are made again when the index changes.
    std::unique_ptr<QueryBuilder> m_builder;
    std::shared_ptr<FacetTableCache> m_facet_tables;
    std::shared_ptr<const FacetTable> m_facet_table;
    TermCache m_terms;
};

}  // namespace news::searcher
