#include "searcher/highlighter.hpp"

#include "schema/schema.hpp"
#include "schema/text.hpp"

#include <algorithm>
#include <bit>
#include <cctype>

namespace news::searcher {

namespace {

struct Word {
    size_t begin, end;  // byte offsets
    bool match;
};

/// Whether the character at `it` is a word character, as Xapian's
/// tokenizer sees it. ASCII, most of a German text, without decoding:
/// there the word characters are exactly letters, digits and '_'.
bool is_wordchar(const Xapian::Utf8Iterator& it) {
    const auto c = static_cast<unsigned char>(*it.raw());
    if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    return Xapian::Unicode::is_wordchar(*it);
}

/// A word's first letter as its stem begins: lower case, umlauts folded
/// (german2 stems "Äpfel" to "apfel").
unsigned initial(unsigned cp) {
    cp = Xapian::Unicode::tolower(cp);
    switch (cp) {
        case 0xE4: return 'a';  // ä
        case 0xF6: return 'o';  // ö
        case 0xFC: return 'u';  // ü
        default: return cp;
    }
}

/// Words of this many bytes or more are also compared as folded compounds
/// (WordForms::folded).
constexpr size_t kCompoundBytes = 8;

/// Where a gender-inclusive ending after the word ending at `e` ends
/// ("Bürger*innen", ":innen", "_innen", "/innen", "/-innen", "(innen)",
/// and "-in" for each), so that the form is marked whole; else `e`.
size_t gender_form_end(const std::string& text, size_t e) {
    if (e >= text.size()) return e;
    auto ends_word = [&](size_t pos) {
        return pos >= text.size() ||
               !(std::isalnum(static_cast<unsigned char>(text[pos])) || static_cast<unsigned char>(text[pos]) >= 0x80);
    };
    const char c = text[e];
    if (c == '*' || c == ':' || c == '_' || c == '/') {
        size_t j = e + 1;
        if (c == '/' && j < text.size() && text[j] == '-') ++j;
        for (std::string_view suffix : {"innen", "in"})
            if (text.compare(j, suffix.size(), suffix) == 0 && ends_word(j + suffix.size())) return j + suffix.size();
    } else if (c == '(') {
        for (std::string_view suffix : {"innen)", "in)"})
            if (text.compare(e + 1, suffix.size(), suffix) == 0 && ends_word(e + 1 + suffix.size()))
                return e + 1 + suffix.size();
    }
    return e;
}

/// Back off to a character boundary of UTF-8.
size_t char_start(const std::string& s, size_t pos) {
    while (pos > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
    return pos;
}

}  // namespace

std::string escape_html(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 16);
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

Highlighter::Highlighter(const Xapian::Query& query, std::vector<std::string> wildcard_prefixes)
    : m_own_terms(std::make_unique<TermCache>()), m_terms(m_own_terms.get()), m_wildcards(std::move(wildcard_prefixes)) {
    add_query_terms(query);
}

Highlighter::Highlighter(const Xapian::Query& query, std::vector<std::string> wildcard_prefixes, TermCache& terms)
    : m_terms(&terms), m_wildcards(std::move(wildcard_prefixes)) {
    add_query_terms(query);
}

void Highlighter::add_query_terms(const Xapian::Query& query) {
    // Words of free-text fields only: filter terms (regions, topics, dates)
    // are not words of the text.
    std::unordered_set<std::string> text_prefixes;
    for (const schema::Field& f : schema::fields())
        if (f.kind == schema::FieldKind::TEXT) text_prefixes.emplace(f.prefix);
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
        std::string term = *t;
        size_t i = 0;
        while (i < term.size() && term[i] >= 'A' && term[i] <= 'Z') ++i;
        if (!text_prefixes.count(term.substr(0, i))) continue;
        if (i < term.size() && term[i] == ':') ++i;
        if (i < term.size() && !m_terms_set.count(term.substr(i))) m_terms_set.emplace(term.substr(i), add_key());
    }
    for (const auto& [t, bit] : m_terms_set)
        if (t.size() >= 5) m_long_terms.emplace_back(t, bit);
    for (size_t i = 0; i < m_wildcards.size(); ++i) m_wildcard_bits.push_back(add_key());
    auto add_initial = [&](const std::string& t) {
        if (t.empty()) return;
        unsigned c = initial(*Xapian::Utf8Iterator(t));
        if (std::find(m_initials.begin(), m_initials.end(), c) == m_initials.end()) m_initials.push_back(c);
    };
    for (const auto& [t, bit] : m_terms_set) add_initial(t);
    for (const std::string& w : m_wildcards) add_initial(w);
}

std::uint64_t Highlighter::add_key() {
    const std::uint64_t bit = std::uint64_t{1} << std::min(m_keys++, 63u);
    m_all |= bit;
    return bit;
}

bool Highlighter::matches(const std::string& word) const { return match_forms(m_terms->forms(word)) != 0; }

std::uint64_t Highlighter::match_forms(const WordForms& word) const {
    std::uint64_t found = 0;
    if (auto t = m_terms_set.find(word.term); t != m_terms_set.end()) found |= t->second;
    for (size_t i = 0; i < m_wildcards.size(); ++i)
        if (!m_wildcards[i].empty() && word.term.rfind(m_wildcards[i], 0) == 0) found |= m_wildcard_bits[i];
    // A compound matched through one of its parts ("Fachkräfte" →
    // "Fachkräftesicherung"), or a feminine plural through its base: mark
    // the whole word as it stands.
    if (!word.base_term.empty())
        if (auto t = m_terms_set.find(word.base_term); t != m_terms_set.end()) found |= t->second;
    for (const std::string* folded : {&word.folded, &word.folded_plain})
        if (!folded->empty())
            for (const auto& [t, bit] : m_long_terms)
                if (folded->size() > t.size() && folded->find(t) != std::string::npos) found |= bit;
    return found;
}

std::string Highlighter::snippet(const std::string& text, size_t max_chars) const {
    if (text.empty()) return {};
    // Candidate passages begin at one of the first kWindows matches and hold
    // the matches that end within `reach` of that: the part of the snippet
    // after its first match (a quarter of it goes to the context before), so
    // that every match a passage is chosen for is shown.
    constexpr size_t kWindows = 200;
    const size_t reach = max_chars - max_chars / 4;
    std::vector<Word> words;
    std::vector<size_t> hits;            // matching words, by index in `words`
    std::vector<std::uint64_t> found;    // the query words each hit matches
    const bool early = !m_exhaustive && m_keys <= 64;
    size_t read_until = std::string::npos;  // once known: no word from here on can change the snippet
    Xapian::Utf8Iterator it(text), end;
    while (it != end) {
        if (!is_wordchar(it)) {
            ++it;
            continue;
        }
        const size_t b = static_cast<size_t>(it.raw() - text.data());
        if (b >= read_until) break;
        while (it != end && is_wordchar(it)) ++it;
        size_t e = it == end ? text.size() : static_cast<size_t>(it.raw() - text.data());
        if (const size_t g = gender_form_end(text, e); g != e) {  // one word: "Bürger*innen"
            e = g;
            it = Xapian::Utf8Iterator(text.data() + e, text.size() - e);
        }
        words.push_back({b, e, false});
        const std::string_view word = std::string_view(text).substr(b, e - b);
        if (word.size() < kCompoundBytes &&
            std::find(m_initials.begin(), m_initials.end(), initial(*Xapian::Utf8Iterator(word.data(), word.size()))) ==
                m_initials.end())
            continue;  // cannot match: no look-up
        const std::uint64_t match = match_forms(m_terms->forms(word));
        if (!match) continue;
        words.back().match = true;
        hits.push_back(words.size() - 1);
        found.push_back(match);
        if (!early || read_until != std::string::npos) continue;
        if (hits.size() == kWindows) {
            // Every candidate begins by now: read as far as the last one reaches.
            read_until = words[hits.back()].begin + max_chars + 1;
            continue;
        }
        // The widest passage that ends with this match: if it holds every
        // query word, it (or an earlier one, complete by now) is the best.
        size_t first = hits.size() - 1;
        std::uint64_t covered = 0;
        for (size_t k = hits.size(); k-- > 0 && words[hits[k]].begin + reach >= e;) {
            covered |= found[k];
            first = k;
        }
        if (covered == m_all) read_until = words[hits[first]].begin + max_chars + 1;
    }
    // The passage with the most distinct query words; ties go to the earliest.
    size_t start = 0;
    if (!hits.empty()) {
        size_t best_distinct = 0;
        size_t best_start = words[hits[0]].begin;
        for (size_t h = 0; h < hits.size() && h < kWindows; ++h) {
            const size_t ws = words[hits[h]].begin;
            std::uint64_t covered = 0;
            for (size_t k = h; k < hits.size() && words[hits[k]].end <= ws + reach; ++k) covered |= found[k];
            const auto distinct = static_cast<size_t>(std::popcount(covered));
            if (distinct > best_distinct) {
                best_distinct = distinct;
                best_start = ws;
            }
        }
        // Give the first match some context before it, from a word start.
        start = best_start > max_chars / 4 ? best_start - max_chars / 4 : 0;
        auto w = std::lower_bound(words.begin(), words.end(), start,
                                  [](const Word& x, size_t pos) { return x.begin < pos; });
        start = (start == 0 || w == words.end()) ? 0 : std::min(w->begin, best_start);
    }
    size_t stop = std::min(text.size(), start + max_chars);
    if (stop < text.size()) {
        // End at a word boundary.
        auto w = std::lower_bound(words.begin(), words.end(), stop,
                                  [](const Word& x, size_t pos) { return x.end <= pos; });
        if (w != words.end() && w->begin < stop) stop = w->begin;
        stop = char_start(text, stop);
    }
    std::string out;
    if (start > 0) out += "… ";
    size_t pos = start;
    for (const Word& w : words) {
        if (w.end <= start || !w.match) continue;
        if (w.begin >= stop) break;
        out += escape_html(text.substr(pos, w.begin - pos));
        out += "<mark>";
        out += escape_html(text.substr(w.begin, w.end - w.begin));
        out += "</mark>";
        pos = w.end;
    }
    out += escape_html(text.substr(pos, stop > pos ? stop - pos : 0));
    std::replace(out.begin(), out.end(), '\n', ' ');
    // collapse the "\n\n" paragraph breaks that became double spaces
    std::string collapsed;
    for (char c : out)
        if (!(c == ' ' && !collapsed.empty() && collapsed.back() == ' ')) collapsed += c;
    if (stop < text.size()) collapsed += " …";
    return schema::trim(collapsed);
}

}  // namespace news::searcher
