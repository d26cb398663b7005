#include "stats/report.hpp"

#include "stats/sqlite_util.hpp"

#include <iomanip>
#include <map>
#include <sstream>

namespace news::stats {

using detail::Statement;

namespace {

std::vector<QueryRow> query_rows(Store& store, const std::string& from, const std::string& to, const char* having,
                                 const char* order, unsigned limit) {
    std::string sql =
        "SELECT s.query, s.n, s.h, COALESCE(c.n, 0) FROM "
        "(SELECT query, SUM(searches) AS n, SUM(with_hits) AS h FROM searches "
        " WHERE day BETWEEN ?1 AND ?2 AND query <> '' GROUP BY query) AS s "
        "LEFT JOIN (SELECT query, SUM(clicks) AS n FROM clicks WHERE day BETWEEN ?1 AND ?2 AND query <> '' "
        " GROUP BY query) AS c ON c.query = s.query ";
    sql += std::string("WHERE ") + having + " ORDER BY " + order + ", s.query LIMIT ?3";
    Statement st(store.handle(), sql.c_str());
    st.bind(1, from).bind(2, to).bind(3, std::int64_t{limit});
    std::vector<QueryRow> rows;
    while (st.step())
        rows.push_back({st.text(0), static_cast<std::uint64_t>(st.integer(1)), static_cast<std::uint64_t>(st.integer(2)),
                        static_cast<std::uint64_t>(st.integer(3))});
    return rows;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string percent(double rate) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(1) << rate * 100 << " %";
    return o.str();
}

}  // namespace

Report make_report(Store& store, const std::string& from, const std::string& to, unsigned limit) {
    if (!is_day(from) || !is_day(to)) throw StoreError("a day is YYYY-MM-DD");
    Report r;
    r.from = from;
    r.to = to;
    sqlite3* db = store.handle();
    // A read transaction: every table from the same snapshot.
    Statement(db, "BEGIN").run();
    struct End {
        sqlite3* db;
        ~End() { sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr); }
    } end{db};

    std::map<std::string, DayRow> days;
    for (std::string d = from; d <= to && days.size() < 10000; d = add_days(d, 1)) days[d].day = d;
    {
        // Today's rare queries are still pending (as hashes); older ones are
        // in the "" rows.
        Statement st(db,
                     "SELECT day, SUM(n), SUM(h), SUM(rare) FROM ("
                     " SELECT day, searches AS n, with_hits AS h, CASE WHEN query = '' THEN searches ELSE 0 END AS rare"
                     " FROM searches WHERE day BETWEEN ?1 AND ?2"
                     " UNION ALL SELECT day, searches, with_hits, searches FROM pending WHERE day BETWEEN ?1 AND ?2)"
                     " GROUP BY day");
        st.bind(1, from).bind(2, to);
        while (st.step()) {
            DayRow& d = days[st.text(0)];
            d.day = st.text(0);
            d.searches = static_cast<std::uint64_t>(st.integer(1));
            d.with_hits = static_cast<std::uint64_t>(st.integer(2));
            r.rare_searches += static_cast<std::uint64_t>(st.integer(3));
        }
    }
    std::map<unsigned, std::uint64_t> ranks;
    {
        Statement st(db,
                     "SELECT day, rank, SUM(clicks) FROM ("
                     " SELECT day, rank, clicks FROM clicks WHERE day BETWEEN ?1 AND ?2"
                     " UNION ALL SELECT day, rank, clicks FROM pending_clicks WHERE day BETWEEN ?1 AND ?2)"
                     " GROUP BY day, rank");
        st.bind(1, from).bind(2, to);
        while (st.step()) {
            auto n = static_cast<std::uint64_t>(st.integer(2));
            days[st.text(0)].clicks += n;
            ranks[static_cast<unsigned>(st.integer(1))] += n;
        }
    }
    for (auto& [day, d] : days) {
        r.searches += d.searches;
        r.with_hits += d.with_hits;
        r.clicks += d.clicks;
        r.days.push_back(d);
    }
    for (const auto& [rank, n] : ranks)
        r.ranks.push_back({rank, n, r.with_hits ? static_cast<double>(n) / static_cast<double>(r.with_hits) : 0.0});
    r.top = query_rows(store, from, to, "1", "s.n DESC", limit);
    r.zero_hits = query_rows(store, from, to, "s.n > s.h", "s.n - s.h DESC", limit);
    r.no_clicks = query_rows(store, from, to, "s.h > 0 AND COALESCE(c.n, 0) = 0", "s.h DESC", limit);
    return r;
}

nlohmann::ordered_json to_json(const Report& r) {
    using J = nlohmann::ordered_json;
    auto rows = [](const std::vector<QueryRow>& v, const std::vector<ZeroHitHelp>* help = nullptr) {
        J a = J::array();
        for (size_t i = 0; i < v.size(); ++i) {
            const QueryRow& q = v[i];
            J row{{"query", q.query},           {"searches", q.searches}, {"with_hits", q.with_hits},
                  {"without_hits", q.without_hits()}, {"clicks", q.clicks}};
            if (help && i < help->size()) {
                const ZeroHitHelp& h = (*help)[i];
                row["suggestion"] = h.suggestion;
                row["suggestion_hits"] = h.suggestion_hits;
                row["synonym_query"] = h.synonym_query;
                row["synonym_hits"] = h.synonym_hits;
            }
            a.push_back(std::move(row));
        }
        return a;
    };
    J j;
    j["from"] = r.from;
    j["to"] = r.to;
    j["searches"] = r.searches;
    j["with_hits"] = r.with_hits;
    j["clicks"] = r.clicks;
    j["rare_searches"] = r.rare_searches;
    j["top"] = rows(r.top);
    j["zero_hits"] = rows(r.zero_hits, r.zero_hit_help.empty() ? nullptr : &r.zero_hit_help);
    j["no_clicks"] = rows(r.no_clicks);
    J ranks = J::array();
    for (const RankRow& k : r.ranks) ranks.push_back({{"rank", k.rank}, {"clicks", k.clicks}, {"rate", k.rate}});
    j["click_through_by_rank"] = std::move(ranks);
    J days = J::array();
    for (const DayRow& d : r.days)
        days.push_back({{"day", d.day}, {"searches", d.searches}, {"with_hits", d.with_hits}, {"clicks", d.clicks}});
    j["days"] = std::move(days);
    return j;
}

void write_text(std::ostream& out, const Report& r) {
    out << "Searches " << r.from << " to " << r.to << ": " << r.searches << " (" << r.with_hits << " with hits, "
        << r.rare_searches << " of rare queries not shown by name), " << r.clicks << " clicks\n";
    auto table = [&](const char* title, const std::vector<QueryRow>& rows, bool help) {
        out << "\n" << title << "\n";
        if (rows.empty()) {
            out << "  (none)\n";
            return;
        }
        out << "  " << std::setw(8) << "searches" << std::setw(8) << "no hit" << std::setw(8) << "clicks"
            << "  query\n";
        for (size_t i = 0; i < rows.size(); ++i) {
            const QueryRow& q = rows[i];
            out << "  " << std::setw(8) << q.searches << std::setw(8) << q.without_hits() << std::setw(8) << q.clicks
                << "  " << q.query;
            if (help && i < r.zero_hit_help.size()) {
                const ZeroHitHelp& h = r.zero_hit_help[i];
                if (!h.suggestion.empty())
                    out << "  [did you mean: " << h.suggestion << " → " << h.suggestion_hits << " hits]";
                if (!h.synonym_query.empty())
                    out << "  [synonym: " << h.synonym_query << " → " << h.synonym_hits << " hits]";
            }
            out << "\n";
        }
    };
    table("Top searches", r.top, false);
    table("Top searches without hits", r.zero_hits, !r.zero_hit_help.empty());
    table("Searches with hits nobody clicked", r.no_clicks, false);
    out << "\nClick-through by rank (clicks / searches with hits)\n";
    if (r.ranks.empty()) out << "  (no clicks)\n";
    for (const RankRow& k : r.ranks)
        out << "  " << std::setw(4) << k.rank << std::setw(8) << k.clicks << "  " << percent(k.rate) << "\n";
    out << "\nSearches per day\n";
    for (const DayRow& d : r.days)
        out << "  " << d.day << std::setw(8) << d.searches << std::setw(8) << d.with_hits << " with hits"
            << std::setw(8) << d.clicks << " clicks\n";
}

void write_csv(std::ostream& out, const Report& r) {
    const bool help = !r.zero_hit_help.empty();
    out << "table,query,rank,day,searches,with_hits,clicks,rate";
    if (help) out << ",suggestion,suggestion_hits,synonym_query,synonym_hits";
    out << "\n";
    auto tail = [&](size_t fields) {
        for (size_t i = 0; help && i < fields; ++i) out << ",";
        out << "\n";
    };
    auto rows = [&](const char* table, const std::vector<QueryRow>& v, bool with_help) {
        for (size_t i = 0; i < v.size(); ++i) {
            const QueryRow& q = v[i];
            out << table << "," << csv_field(q.query) << ",,," << q.searches << "," << q.with_hits << "," << q.clicks
                << ",";
            if (with_help && i < r.zero_hit_help.size()) {
                const ZeroHitHelp& h = r.zero_hit_help[i];
                out << "," << csv_field(h.suggestion) << "," << h.suggestion_hits << "," << csv_field(h.synonym_query)
                    << "," << h.synonym_hits << "\n";
            } else {
                tail(4);
            }
        }
    };
    rows("top", r.top, false);
    rows("zero_hits", r.zero_hits, help);
    rows("no_clicks", r.no_clicks, false);
    for (const RankRow& k : r.ranks) {
        out << "rank,," << k.rank << ",,," << r.with_hits << "," << k.clicks << "," << k.rate;
        tail(4);
    }
    for (const DayRow& d : r.days) {
        out << "day,,," << d.day << "," << d.searches << "," << d.with_hits << "," << d.clicks << ",";
        tail(4);
    }
}

}  // namespace news::stats
