#include "searcher/match_walk.hpp"

#include <algorithm>
#include <memory>
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

  private:
    Xapian::PostingIterator m_it, m_end;
    Xapian::doccount m_size;
};

class EmptyStream : public Stream {
  public:
    Xapian::docid seek(Xapian::docid) override { return kEnd; }
    Xapian::doccount size() const override { return 0; }
};

using Streams = std::vector<std::unique_ptr<Stream>>;

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
std::unique_ptr<Stream> make_stream(const Xapian::Database* db, const Xapian::Query& q) {
    using Q = Xapian::Query;
    auto children = [&](size_t from, Streams& out) {
        for (size_t i = from; i < q.get_num_subqueries(); ++i) {
            auto s = make_stream(db, q.get_subquery(i));
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
            return make_stream(db, q.get_subquery(0));
        case Q::OP_AND_MAYBE:  // the optional side never changes what matches
            return q.get_num_subqueries() == 0 ? nullptr : make_stream(db, q.get_subquery(0));
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
            return std::make_unique<OrStream>(std::move(parts));
        }
        case Q::OP_AND_NOT: {
            if (q.get_num_subqueries() == 0) return nullptr;
            auto keep = make_stream(db, q.get_subquery(0));
            Streams drop;
            if (!keep || !children(1, drop)) return nullptr;
            return std::make_unique<AndNotStream>(std::move(keep), std::move(drop));
        }
        default:
            return nullptr;  // phrases, NEAR, value ranges, wildcards, posting sources, XOR, elite sets
    }
}

}  // namespace

bool can_walk(const Xapian::Query& query) { return make_stream(nullptr, query) != nullptr; }

bool walk_matches(const Xapian::Database& db, const Xapian::Query& query,
                  const std::function<void(Xapian::docid)>& fn, std::chrono::steady_clock::time_point deadline,
                  bool* timed_out) {
    if (timed_out) *timed_out = false;
    if (!can_walk(query)) return false;
    std::unique_ptr<Stream> s = make_stream(&db, query);
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
