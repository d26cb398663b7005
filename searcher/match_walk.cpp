#include "searcher/match_walk.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <string_view>
#include <vector>

namespace news::searcher {

namespace {

constexpr Xapian::docid kEnd = 0;  // docids start at 1

/// Documents in docid order: seek(did) moves to the first one >= did.
class Stream {
  public:
    virtual ~Stream() = default;
    /// The first matching document >= did (did >= 1), or kEnd. `did` never
    /// decreases from one call to the next.
    virtual Xapian::docid seek(Xapian::docid did) = 0;
    /// Upper bound of the documents it can yield (orders an AND).
    virtual Xapian::doccount size() const = 0;
    /// Sets the bit of each document it yields in `words` (one bit a docid,
    /// room for all of them), from where it stands to its end.
    virtual void mark(std::uint64_t* words) {
        for (Xapian::docid d = seek(1); d != kEnd; d = seek(d + 1)) words[d / 64] |= std::uint64_t{1} << (d % 64);
    }
};

class TermStream : public Stream {
  public:
    TermStream(const Xapian::Database& db, const std::string& term)
        : m_it(db.postlist_begin(term)), m_size(term.empty() ? db.get_doccount() : db.get_termfreq(term)) {}
    Xapian::docid seek(Xapian::docid did) override {
        if (m_it == m_end) return kEnd;
        if (*m_it < did) {
            m_it.skip_to(did);
            if (m_it == m_end) return kEnd;
        }
        return *m_it;
    }
    Xapian::doccount size() const override { return m_size; }
    void mark(std::uint64_t* words) override {
        // Read in order: skip_to() per posting costs several times more.
        for (; m_it != m_end; ++m_it) {
            const Xapian::docid d = *m_it;
            words[d / 64] |= std::uint64_t{1} << (d % 64);
        }
    }

  private:
    Xapian::PostingIterator m_it, m_end;
    Xapian::doccount m_size;
};

/// A sorted list of documents (a positional part's, matched before).
class ListStream : public Stream {
  public:
    explicit ListStream(const std::vector<Xapian::docid>& docs) : m_docs(docs) {}
    Xapian::docid seek(Xapian::docid did) override {
        m_at = static_cast<size_t>(std::lower_bound(m_docs.begin() + static_cast<std::ptrdiff_t>(m_at), m_docs.end(), did) -
                                   m_docs.begin());
        return m_at < m_docs.size() ? m_docs[m_at] : kEnd;
    }
    Xapian::doccount size() const override { return static_cast<Xapian::doccount>(m_docs.size()); }

  private:
    const std::vector<Xapian::docid>& m_docs;
    size_t m_at = 0;
};

class EmptyStream : public Stream {
  public:
    Xapian::docid seek(Xapian::docid) override { return kEnd; }
    Xapian::doccount size() const override { return 0; }
};

using Streams = std::vector<std::unique_ptr<Stream>>;

/// A wide OR (a wildcard's terms, many synonyms): each part's documents
/// marked once in a bitmap of the docids, then read off in order. Merging
/// the parts document by document would ask each of them at every step.
class BitmapStream : public Stream {
  public:
    BitmapStream(Xapian::docid last, Streams parts) : m_words(last / 64 + 1, 0) {
        for (auto& p : parts) {
            m_size += p->size();
            p->mark(m_words.data());
        }
    }
    Xapian::docid seek(Xapian::docid did) override {
        size_t w = did / 64;
        if (w >= m_words.size()) return kEnd;
        std::uint64_t bits = m_words[w] & (~std::uint64_t{0} << (did % 64));
        while (bits == 0) {
            if (++w == m_words.size()) return kEnd;
            bits = m_words[w];
        }
        return static_cast<Xapian::docid>(w * 64 + static_cast<size_t>(__builtin_ctzll(bits)));
    }
    Xapian::doccount size() const override { return m_size; }

  private:
    std::vector<std::uint64_t> m_words;
    Xapian::doccount m_size = 0;
};

/// Documents whose date lies in [from, to] (days since 1970), read from the
/// facet table: a document without a date (-1) never matches, as a value
/// range never matches a document without the value.
class DayRangeStream : public Stream {
  public:
    DayRangeStream(const FacetTable& dates, Xapian::docid last, Xapian::doccount docs, std::int32_t from, std::int32_t to)
        : m_dates(dates), m_last(last), m_docs(docs), m_from(from), m_to(to) {}
    Xapian::docid seek(Xapian::docid did) override {
        for (Xapian::docid d = did; d != kEnd && d <= m_last; ++d) {
            const std::int32_t day = m_dates.days(d);
            if (day >= 0 && day >= m_from && day <= m_to) return d;
        }
        return kEnd;
    }
    Xapian::doccount size() const override { return m_docs; }  // an upper bound: an AND asks it last

  private:
    const FacetTable& m_dates;
    Xapian::docid m_last;
    Xapian::doccount m_docs;
    std::int32_t m_from, m_to;
};

/// Parts of an OR above which a bitmap beats merging them.
constexpr size_t kBitmapParts = 8;

/// What Xapian 1.4 says of a query without accessors for it ("VALUE_RANGE
/// 0 20150601 20160630", "WILDCARD SYNONYM flücht"): the description
/// without its "Query(" … ")".
std::string inner_description(const Xapian::Query& q) {
    std::string d = q.get_description();
    constexpr std::string_view open = "Query(";
    if (d.size() < open.size() + 1 || d.compare(0, open.size(), open) != 0 || d.back() != ')') return {};
    return d.substr(open.size(), d.size() - open.size() - 1);
}

/// Days of a YYYYMMDD bound; -1 when it is not a valid date of 8 digits.
std::int32_t bound_days(std::string_view v) { return v.size() == 8 ? days_since_epoch(std::string(v)) : -1; }

}  // namespace

bool date_range_days(const Xapian::Query& q, const FacetTable& dates, std::int32_t& from, std::int32_t& to) {
    const auto op = q.get_type();
    if ((op != Xapian::Query::OP_VALUE_RANGE && op != Xapian::Query::OP_VALUE_GE && op != Xapian::Query::OP_VALUE_LE) ||
        dates.date_slot() == Xapian::BAD_VALUENO)
        return false;
    const std::string d = inner_description(q);
    // "<OP> <slot> <bound> [<bound>]"; the bounds of a date have no spaces.
    std::vector<std::string_view> words;
    for (size_t i = 0; i < d.size();) {
        size_t j = d.find(' ', i);
        if (j == std::string::npos) j = d.size();
        words.emplace_back(d.data() + i, j - i);
        i = j + 1;
    }
    const size_t expected = op == Xapian::Query::OP_VALUE_RANGE ? 4 : 3;
    if (words.size() != expected || words[1] != std::to_string(dates.date_slot())) return false;
    from = std::numeric_limits<std::int32_t>::min(), to = std::numeric_limits<std::int32_t>::max();
    if (op == Xapian::Query::OP_VALUE_RANGE || op == Xapian::Query::OP_VALUE_GE) {
        from = bound_days(words[2]);
        if (from < 0) return false;
    }
    if (op == Xapian::Query::OP_VALUE_RANGE || op == Xapian::Query::OP_VALUE_LE) {
        to = bound_days(words[expected - 1]);
        if (to < 0) return false;
    }
    return true;
}

namespace {

/// A wildcard's pattern (the prefix of its terms); empty when the
/// description is not "WILDCARD <combiner> <pattern>".
std::string wildcard_pattern(const Xapian::Query& q) {
    const std::string d = inner_description(q);
    constexpr std::string_view head = "WILDCARD ";
    if (d.compare(0, head.size(), head) != 0) return {};
    const size_t space = d.find(' ', head.size());
    return space == std::string::npos ? std::string() : d.substr(space + 1);
}

class AndStream : public Stream {
  public:
    explicit AndStream(Streams parts) : m_parts(std::move(parts)) {
        // Rarest first: it proposes candidates, the others only skip.
        std::sort(m_parts.begin(), m_parts.end(), [](const auto& a, const auto& b) { return a->size() < b->size(); });
    }
    Xapian::docid seek(Xapian::docid did) override {
        for (;;) {
            Xapian::docid candidate = m_parts.front()->seek(did);
            if (candidate == kEnd) return kEnd;
            bool all = true;
            for (size_t i = 1; i < m_parts.size(); ++i) {
                Xapian::docid d = m_parts[i]->seek(candidate);
                if (d == kEnd) return kEnd;
                if (d != candidate) {
                    did = d;
                    all = false;
                    break;
                }
            }
            if (all) return candidate;
        }
    }
    Xapian::doccount size() const override { return m_parts.front()->size(); }

  private:
    Streams m_parts;
};

class OrStream : public Stream {
  public:
    explicit OrStream(Streams parts) : m_parts(std::move(parts)) {}
    Xapian::docid seek(Xapian::docid did) override {
        Xapian::docid best = kEnd;
        for (auto& p : m_parts) {
            Xapian::docid d = p->seek(did);
            if (d != kEnd && (best == kEnd || d < best)) best = d;
        }
        return best;
    }
    Xapian::doccount size() const override {
        Xapian::doccount n = 0;
        for (const auto& p : m_parts) n += p->size();
        return n;
    }

  private:
    Streams m_parts;
};

class AndNotStream : public Stream {
  public:
    AndNotStream(std::unique_ptr<Stream> keep, Streams drop) : m_keep(std::move(keep)), m_drop(std::move(drop)) {}
    Xapian::docid seek(Xapian::docid did) override {
        for (;;) {
            Xapian::docid d = m_keep->seek(did);
            if (d == kEnd) return kEnd;
            bool dropped = false;
            for (auto& p : m_drop)
                if (p->seek(d) == d) {
                    dropped = true;
                    break;
                }
            if (!dropped) return d;
            did = d + 1;
        }
    }
    Xapian::doccount size() const override { return m_keep->size(); }

  private:
    std::unique_ptr<Stream> m_keep;
    Streams m_drop;
};

/// The stream of `q`, or nullptr when `q` has a part that needs Enquire.
/// With a null `db` it only checks the shape.
std::unique_ptr<Stream> make_stream(const Xapian::Database* db, const Xapian::Query& q, const WalkOptions& options) {
    using Q = Xapian::Query;
    auto children = [&](size_t from, Streams& out) {
        for (size_t i = from; i < q.get_num_subqueries(); ++i) {
            auto s = make_stream(db, q.get_subquery(i), options);
            if (!s) return false;
            out.push_back(std::move(s));
        }
        return true;
    };
    // Shape only: any non-null stream stands for "walkable".
    auto leaf = [&](const std::string& term) -> std::unique_ptr<Stream> {
        if (!db) return std::make_unique<EmptyStream>();
        return std::make_unique<TermStream>(*db, term);
    };
    switch (q.get_type()) {
        case Q::LEAF_TERM:
            return leaf(*q.get_terms_begin());
        case Q::LEAF_MATCH_ALL:
            return leaf(std::string());  // the empty term: every document
        case Q::LEAF_MATCH_NOTHING:
            return std::make_unique<EmptyStream>();
        case Q::OP_SCALE_WEIGHT:
            return make_stream(db, q.get_subquery(0), options);
        case Q::OP_AND_MAYBE:  // the optional side never changes what matches
            return q.get_num_subqueries() == 0 ? nullptr : make_stream(db, q.get_subquery(0), options);
        case Q::OP_AND:
        case Q::OP_FILTER: {
            Streams parts;
            if (q.get_num_subqueries() == 0 || !children(0, parts)) return nullptr;
            if (parts.size() == 1) return std::move(parts.front());
            return std::make_unique<AndStream>(std::move(parts));
        }
        case Q::OP_OR:
        case Q::OP_SYNONYM:
        case Q::OP_MAX: {
            Streams parts;
            if (q.get_num_subqueries() == 0 || !children(0, parts)) return nullptr;
            if (parts.size() == 1) return std::move(parts.front());
            if (db && parts.size() > kBitmapParts) return std::make_unique<BitmapStream>(db->get_lastdocid(), std::move(parts));
            return std::make_unique<OrStream>(std::move(parts));
        }
        case Q::OP_AND_NOT: {
            if (q.get_num_subqueries() == 0) return nullptr;
            auto keep = make_stream(db, q.get_subquery(0), options);
            Streams drop;
            if (!keep || !children(1, drop)) return nullptr;
            return std::make_unique<AndNotStream>(std::move(keep), std::move(drop));
        }
        case Q::OP_VALUE_RANGE:
        case Q::OP_VALUE_GE:
        case Q::OP_VALUE_LE: {
            std::int32_t from = 0, to = 0;
            if (!options.dates || !date_range_days(q, *options.dates, from, to)) return nullptr;
            if (!db) return std::make_unique<EmptyStream>();
            return std::make_unique<DayRangeStream>(*options.dates, db->get_lastdocid(), db->get_doccount(), from, to);
        }
        case Q::OP_WILDCARD: {
            // Every term of the pattern, when they are no more than the
            // limit: then Xapian takes them all too, whatever its limit's
            // mode; more, and the limit chooses (Enquire).
            const std::string pattern = wildcard_pattern(q);
            if (options.wildcard_limit == 0 || pattern.empty()) return nullptr;
            if (!db) return std::make_unique<EmptyStream>();
            Streams parts;
            for (auto t = db->allterms_begin(pattern); t != db->allterms_end(pattern); ++t) {
                if (parts.size() == options.wildcard_limit) return nullptr;
                parts.push_back(leaf(*t));
            }
            if (parts.empty()) return std::make_unique<EmptyStream>();
            if (parts.size() == 1) return std::move(parts.front());
            return std::make_unique<BitmapStream>(db->get_lastdocid(), std::move(parts));
        }
        case Q::OP_PHRASE:
        case Q::OP_NEAR: {
            const std::vector<Xapian::docid>* docs = options.positional ? options.positional->find(q) : nullptr;
            if (!docs) return nullptr;
            if (!db) return std::make_unique<EmptyStream>();
            return std::make_unique<ListStream>(*docs);
        }
        default:
            return nullptr;  // phrases and NEAR not matched before, other value ranges, posting sources, XOR, elite sets
    }
}

}  // namespace

bool can_walk(const Xapian::Query& query, const WalkOptions& options) {
    return make_stream(nullptr, query, options) != nullptr;
}

bool walk_matches(const Xapian::Database& db, const Xapian::Query& query,
                  const std::function<void(Xapian::docid)>& fn, std::chrono::steady_clock::time_point deadline,
                  bool* timed_out, const WalkOptions& options) {
    if (timed_out) *timed_out = false;
    if (!can_walk(query, options)) return false;
    // A wildcard wider than its limit shows only now.
    std::unique_ptr<Stream> s = make_stream(&db, query, options);
    if (!s) return false;
    const bool limited = deadline != std::chrono::steady_clock::time_point::max();
    unsigned n = 0;
    for (Xapian::docid d = s->seek(1); d != kEnd; d = s->seek(d + 1)) {
        fn(d);
        if (limited && ++n % 4096 == 0 && std::chrono::steady_clock::now() >= deadline) {
            if (timed_out) *timed_out = true;
            break;
        }
    }
    return true;
}

}  // namespace news::searcher
