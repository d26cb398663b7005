#include "stats/normalise.hpp"

#include "schema/text.hpp"

#include <algorithm>
#include <vector>

namespace news::stats {

namespace {

bool is_operator(std::string_view token) {
    return token == "AND" || token == "OR" || token == "NOT" || token == "XOR" || token == "NEAR" || token == "ADJ";
}

/// Any digit, in any script (０-９, ², Arabic-Indic …).
bool has_digit(std::string_view s) {
    for (Xapian::Utf8Iterator it(s.data(), s.size()), end; it != end; ++it) {
        auto cat = Xapian::Unicode::get_category(*it);
        if (cat == Xapian::Unicode::DECIMAL_DIGIT_NUMBER || cat == Xapian::Unicode::LETTER_NUMBER ||
            cat == Xapian::Unicode::OTHER_NUMBER)
            return true;
    }
    return false;
}

/// Cut at a character boundary at most `max` bytes long.
std::string cut_utf8(std::string word, size_t max) {
    if (word.size() <= max) return word;
    size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80) --end;
    word.resize(end);
    return word;
}

}  // namespace

std::string normalise_query(std::string_view query, const schema::GermanAnalyzer& analyzer) {
    std::vector<std::string> words;
    auto add = [&](std::string word) {
        if (word.empty() || words.size() >= kMaxWords) return;
        if (word == "#" && !words.empty() && words.back() == "#") return;
        if (word != "#" && std::find(words.begin(), words.end(), word) != words.end()) return;
        words.push_back(std::move(word));
    };
    size_t i = 0;
    while (i < query.size() && words.size() < kMaxWords) {
        // One white-space separated token.
        while (i < query.size() && (query[i] == ' ' || query[i] == '\t' || query[i] == '\n' || query[i] == '\r')) ++i;
        size_t start = i;
        while (i < query.size() && !(query[i] == ' ' || query[i] == '\t' || query[i] == '\n' || query[i] == '\r')) ++i;
        std::string_view token = query.substr(start, i - start);
        if (token.empty()) continue;
        if (is_operator(token)) continue;
        // A field name ("titel:Hafen") goes; what it qualifies stays.
        if (size_t colon = token.rfind(':'); colon != std::string_view::npos) token = token.substr(colon + 1);
        // Anything with a digit or an '@' may identify a person or a case.
        if (has_digit(token) || token.find('@') != std::string_view::npos) {
            add("#");
            continue;
        }
        // The token's words ("Bürger*innen" → bürger, innen; "B-Plan" → b, plan).
        std::string word;
        auto flush = [&](bool wildcard) {
            if (word.empty()) return;
            std::string lower = schema::to_lower(word);
            word.clear();
            if (analyzer.is_stopword(lower)) return;
            lower = cut_utf8(std::move(lower), kMaxWordBytes);
            if (wildcard) lower += '*';
            add(std::move(lower));
        };
        for (Xapian::Utf8Iterator it(token.data(), token.size()), end; it != end; ++it) {
            unsigned cp = *it;
            if (schema::is_word_char(cp)) {
                schema::append_utf8(word, cp);
            } else {
                // A '*' ends a word as a wildcard when nothing follows it.
                Xapian::Utf8Iterator next = it;
                ++next;
                flush(cp == '*' && (next == end || !schema::is_word_char(*next)));
            }
        }
        flush(false);
    }
    std::string out;
    for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

std::string normalise_query(std::string_view query) {
    static const schema::GermanAnalyzer analyzer(schema::AnalysisProfile::BASIC);
    return normalise_query(query, analyzer);
}

}  // namespace news::stats
