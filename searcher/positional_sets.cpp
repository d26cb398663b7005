#include "searcher/positional_sets.hpp"

#include "searcher/ranking.hpp"

#include <algorithm>
#include <cstdlib>

namespace news::searcher {

namespace {

using Q = Xapian::Query;

bool positional(const Q& q) { return q.get_type() == Q::OP_PHRASE || q.get_type() == Q::OP_NEAR; }

/// The PHRASE and NEAR parts reachable through operators narrow() rebuilds.
void collect(const Q& q, std::vector<Q>& out) {
    switch (q.get_type()) {
        case Q::OP_PHRASE:
        case Q::OP_NEAR:
            out.push_back(q);
            return;
        case Q::OP_AND:
        case Q::OP_OR:
        case Q::OP_AND_NOT:
        case Q::OP_FILTER:
        case Q::OP_AND_MAYBE:
        case Q::OP_SCALE_WEIGHT:
            for (size_t i = 0; i < q.get_num_subqueries(); ++i) collect(q.get_subquery(i), out);
            return;
        default:
            return;
    }
}

/// The factor of a SCALE_WEIGHT, from its description "0.5 * (…)" (Xapian
/// 1.4 prints it with 20 significant digits: it reads back exactly).
bool scale_factor(const Q& q, double& factor) {
    const std::string d = q.get_description();  // "Query(0.5 * (…))"
    const size_t open = d.find('(');
    if (open == std::string::npos) return false;
    char* end = nullptr;
    factor = std::strtod(d.c_str() + open + 1, &end);
    return end && std::string(end).rfind(" * ", 0) == 0;
}

}  // namespace

PositionalSets::PositionalSets(const Xapian::Database& db, const Xapian::Query& query,
                               std::chrono::steady_clock::time_point deadline) {
    std::vector<Q> parts;
    collect(query, parts);
    for (const Q& part : parts) {
        const std::string key = part.get_description();
        if (m_sets.count(key)) continue;
        // Alone: a phrase is no subset of a NEAR of its words in Xapian
        // 1.4 (a word without positions in a document, as compound parts
        // are indexed, passes the phrase check and fails the NEAR's).
        Xapian::Enquire e(db);
        e.set_query(part);
        e.set_weighting_scheme(Xapian::BoolWeight());
        e.set_docid_order(Xapian::Enquire::ASCENDING);
        if (deadline != std::chrono::steady_clock::time_point::max()) {
            const double left = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
            e.set_time_limit(std::max(0.001, left));
        }
        Xapian::MSet m = e.get_mset(0, db.get_doccount());
        if (m.get_matches_lower_bound() != m.get_matches_upper_bound()) {
            m_complete = false;
            m_sets.clear();
            return;
        }
        std::vector<Xapian::docid>& docs = m_sets[key];
        docs.reserve(m.size());
        for (auto it = m.begin(); it != m.end(); ++it) docs.push_back(*it);
        std::sort(docs.begin(), docs.end());
        if (docs.empty()) {
            m_filters.emplace(key, documents_source({}));
        } else if (docs.size() <= kFilterMax) {
            // Each document's unique id term (schema: "Q" + id).
            std::vector<Q> ids;
            for (Xapian::docid did : docs) {
                Xapian::TermIterator t = db.termlist_begin(did);
                t.skip_to("Q");
                if (t == db.termlist_end(did) || (*t).rfind('Q', 0) != 0) {
                    ids.clear();
                    break;
                }
                ids.emplace_back(*t);
            }
            if (!ids.empty()) m_filters.emplace(key, Q(Q::OP_OR, ids.begin(), ids.end()));
        }
    }
}

const std::vector<Xapian::docid>* PositionalSets::find(const Xapian::Query& part) const {
    if (!positional(part) || m_sets.empty()) return nullptr;
    auto it = m_sets.find(part.get_description());
    return it == m_sets.end() ? nullptr : &it->second;
}

Xapian::Query PositionalSets::narrow(const Xapian::Query& query) const {
    if (m_sets.empty() || !m_complete) return query;
    switch (query.get_type()) {
        case Q::OP_PHRASE:
        case Q::OP_NEAR: {
            auto it = m_filters.find(query.get_description());
            return it == m_filters.end() ? query : Q(Q::OP_FILTER, query, it->second);
        }
        case Q::OP_SCALE_WEIGHT: {
            double factor = 0;
            if (!scale_factor(query, factor)) return query;
            return Q(Q::OP_SCALE_WEIGHT, narrow(query.get_subquery(0)), factor);
        }
        case Q::OP_AND:
        case Q::OP_OR:
        case Q::OP_AND_NOT:
        case Q::OP_FILTER:
        case Q::OP_AND_MAYBE: {
            std::vector<Q> subs;
            for (size_t i = 0; i < query.get_num_subqueries(); ++i) subs.push_back(narrow(query.get_subquery(i)));
            return Q(query.get_type(), subs.begin(), subs.end());
        }
        default:
            return query;
    }
}

}  // namespace news::searcher
